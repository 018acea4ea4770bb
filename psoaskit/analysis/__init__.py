"""The coach's analysis of a session log: dose, adherence, asymmetry, progression, load and flags.

Modules: :mod:`~psoaskit.analysis.thresholds` (every threshold with its source),
:mod:`~psoaskit.analysis.grouped` (the compiled loops that add up the set rows),
:mod:`~psoaskit.analysis.training_load` (session load, ACWR, monotony),
:mod:`~psoaskit.analysis.sessions` (rows to sessions), :mod:`~psoaskit.analysis.adherence`,
:mod:`~psoaskit.analysis.weekly`, :mod:`~psoaskit.analysis.asymmetry`,
:mod:`~psoaskit.analysis.progression`, :mod:`~psoaskit.analysis.status` (flags, squad) and
:mod:`~psoaskit.analysis.log_analysis` (:func:`analyse_log`: all of it in one pass).
"""

from psoaskit.analysis import (
    adherence,
    asymmetry,
    grouped,
    log_analysis,
    progression,
    sessions,
    status,
    thresholds,
    training_load,
    weekly,
)
from psoaskit.analysis.adherence import read_assignments
from psoaskit.analysis.log_analysis import (
    LogAnalysis,
    analyse_log,
    athlete_overview,
    flags,
    squad_summary,
    weekly_summary,
)
from psoaskit.analysis.thresholds import AnalysisConfig, PainZones

__all__ = [
    "AnalysisConfig",
    "LogAnalysis",
    "PainZones",
    "adherence",
    "analyse_log",
    "asymmetry",
    "athlete_overview",
    "flags",
    "grouped",
    "log_analysis",
    "progression",
    "read_assignments",
    "sessions",
    "squad_summary",
    "status",
    "thresholds",
    "training_load",
    "weekly",
    "weekly_summary",
]


def __getattr__(name: str) -> object:  # psoaskit 0.1 names of this module, with a warning
    from psoaskit._compat import moved_attribute

    return moved_attribute(__name__, name)
