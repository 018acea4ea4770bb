"""psoaskit: learn, programme and measure iliopsoas (hip-flexor) strengthening.

The public API is re-exported here; see the README for the layout of the kit.
"""

from psoaskit._data import data_path
from psoaskit.adherence import read_assignments
from psoaskit.analysis import (
    LogAnalysis,
    analyse_log,
    athlete_overview,
    squad_summary,
    weekly_summary,
)
from psoaskit.anthropometry import Body
from psoaskit.demand import demand_map
from psoaskit.exercises import Catalogue, CatalogueError, Exercise, load_catalogue
from psoaskit.external_loads import AnkleWeight, Band, Dumbbell
from psoaskit.importers import import_export, read_any
from psoaskit.ladder import build_ladder
from psoaskit.logs import IngestReport, LogError, ReadResult, empty_log, read_log, write_log
from psoaskit.mechanics import hip_flexion_moment, moment_contributions, moment_curve
from psoaskit.muscles import available_force, muscle_state
from psoaskit.programmes import Programme, load_programmes
from psoaskit.reports import ReportOptions, run_batch
from psoaskit.sample import make_sample, write_sample
from psoaskit.simulate import PainRule, SimulationConfig, compare_programmes
from psoaskit.thresholds import AnalysisConfig, PainZones

__version__ = "0.1.0"

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
    "load_catalogue",
    "load_programmes",
    "make_sample",
    "moment_contributions",
    "moment_curve",
    "muscle_state",
    "read_any",
    "read_assignments",
    "read_log",
    "run_batch",
    "squad_summary",
    "weekly_summary",
    "write_log",
    "write_sample",
]
