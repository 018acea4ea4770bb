"""psoaskit: learn, programme and measure iliopsoas (hip-flexor) strengthening.

The public API is re-exported here; see the README for the layout of the kit.
"""

from psoaskit.exercises import Catalogue, CatalogueError, Exercise, load_catalogue
from psoaskit.programmes import Programme, load_programmes

# --- logs ---
from psoaskit.importers import import_export, read_any
from psoaskit.logs import IngestReport, LogError, ReadResult, empty_log, read_log, write_log

# --- mechanics ---
from psoaskit.anthropometry import Body
from psoaskit.demand import demand_map
from psoaskit.external_loads import AnkleWeight, Band, Dumbbell
from psoaskit.mechanics import hip_flexion_moment, moment_contributions, moment_curve
from psoaskit.muscles import available_force, muscle_state

# --- simulate ---
from psoaskit.ladder import build_ladder
from psoaskit.sample import make_sample, write_sample
from psoaskit.simulate import PainRule, SimulationConfig, compare_programmes

# --- analysis ---
from psoaskit.adherence import read_assignments
from psoaskit.analysis import (
    LogAnalysis,
    analyse_log,
    athlete_overview,
    squad_summary,
    weekly_summary,
)
from psoaskit.thresholds import AnalysisConfig, PainZones

# --- reports ---
from psoaskit.reports import ReportOptions, run_batch

__version__ = "0.1.0"

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Exercise",
    "Programme",
    "__version__",
    "load_catalogue",
    "load_programmes",
    # --- logs ---
    "IngestReport",
    "LogError",
    "ReadResult",
    "empty_log",
    "import_export",
    "read_any",
    "read_log",
    "write_log",
    # --- mechanics ---
    "AnkleWeight",
    "Band",
    "Body",
    "Dumbbell",
    "available_force",
    "demand_map",
    "hip_flexion_moment",
    "moment_contributions",
    "moment_curve",
    "muscle_state",
    # --- simulate ---
    "PainRule",
    "SimulationConfig",
    "build_ladder",
    "compare_programmes",
    "make_sample",
    "write_sample",
    # --- analysis ---
    "AnalysisConfig",
    "LogAnalysis",
    "PainZones",
    "analyse_log",
    "athlete_overview",
    "read_assignments",
    "squad_summary",
    "weekly_summary",
    # --- reports ---
    "ReportOptions",
    "run_batch",
]
