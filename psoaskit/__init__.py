"""psoaskit: learn, programme and measure iliopsoas (hip-flexor) strengthening.

The kit is a house of floors, each using only those below it::

    errors, _data, _files      the error hierarchy, packaged data, atomic writes
    catalogue                  exercises, programmes, anatomy, quizzes (validated data)
    logs       biomech         session logs (one schema, readers, app importers);
                               the hip flexors' mechanics and muscles
    simulation                 the sources' programmes progressed by rule over many athletes
    analysis                   a squad's log: dose, adherence, asymmetry, load, flags
    viz                        Altair charts (one theme) and ipywidgets explorers
    reports                    one offline HTML page per athlete, in batches
    cli                        the ``psoaskit`` command

The public API is re-exported here; the subpackages expose their modules as namespaces
(``psoaskit.biomech.mechanics``, ``psoaskit.logs.api``).
"""

from psoaskit import _compat
from psoaskit._data import data_path
from psoaskit.analysis.adherence import read_assignments
from psoaskit.analysis.log_analysis import (
    LogAnalysis,
    analyse_log,
    athlete_overview,
    squad_summary,
    weekly_summary,
)
from psoaskit.analysis.thresholds import AnalysisConfig, PainZones
from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.demand import demand_map
from psoaskit.biomech.equipment import AnkleWeight, Band, Dumbbell
from psoaskit.biomech.mechanics import hip_flexion_moment, moment_contributions, moment_curve
from psoaskit.biomech.muscles import available_force, muscle_state
from psoaskit.catalogue.exercises import Catalogue, Exercise, read_catalogue
from psoaskit.catalogue.programmes import Programme, read_programmes
from psoaskit.errors import CatalogueError, LogError, PsoaskitError
from psoaskit.logs.api import import_export, read_any, read_log, write_log
from psoaskit.logs.schema import IngestReport, ReadResult, empty_log
from psoaskit.reports.batch import ReportOptions, run_batch
from psoaskit.simulation.config import PainRule, SimulationConfig
from psoaskit.simulation.ladder import build_ladder
from psoaskit.simulation.runs import compare_programmes
from psoaskit.simulation.sample import make_sample, write_sample

__version__ = "0.2.0"

__all__ = [
    "AnalysisConfig",
    "AnkleWeight",
    "Band",
    "Body",
    "Catalogue",
    "CatalogueError",
    "Dumbbell",
    "Exercise",
    "IngestReport",
    "LogAnalysis",
    "LogError",
    "PainRule",
    "PainZones",
    "Programme",
    "PsoaskitError",
    "ReadResult",
    "ReportOptions",
    "SimulationConfig",
    "__version__",
    "analyse_log",
    "athlete_overview",
    "available_force",
    "build_ladder",
    "compare_programmes",
    "data_path",
    "demand_map",
    "empty_log",
    "hip_flexion_moment",
    "import_export",
    "make_sample",
    "moment_contributions",
    "moment_curve",
    "muscle_state",
    "read_any",
    "read_assignments",
    "read_catalogue",
    "read_log",
    "read_programmes",
    "run_batch",
    "squad_summary",
    "weekly_summary",
    "write_log",
    "write_sample",
]

_compat.install()


def __getattr__(name: str) -> object:  # psoaskit 0.1 names (load_catalogue ...), with a warning
    import warnings

    new = _compat.RENAMED.get(name)
    if new is None or new not in __all__:
        raise AttributeError(f"module 'psoaskit' has no attribute {name!r}")
    warnings.warn(f"psoaskit.{name} is now psoaskit.{new}", DeprecationWarning, stacklevel=2)
    return globals()[new]
