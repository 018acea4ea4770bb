"""Athlete session logs: the one canonical schema, and reading/validating logs.

This module owns the log's column names and dtypes; every other module refers to the
constants defined here instead of retyping strings.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "LOG_COLUMNS",
    "LOG_DTYPES",
    "OTHER_EXERCISE",
    "SIDES",
    "empty_log",
]

#: Sides of a set: left, right, or both (bilateral or alternating work logged as one row).
SIDES = ("L", "R", "both")
#: Exercise id given to imported sets whose exercise is not in the catalogue.
OTHER_EXERCISE = "other"

#: Canonical columns, one row per set (per side for unilateral work), with units:
#: hold_s [s per rep], work_s [s continuous work], load_kg [kg], rpe [CR-10, 0-10],
#: pain [NRS, 0-10].
LOG_DTYPES: dict[str, object] = {
    "athlete_id": "category",
    "date": "datetime64[ns]",
    "session_id": "string",
    "exercise_id": "category",
    "side": pd.CategoricalDtype(list(SIDES)),
    "set_index": "Int16",
    "reps": "Int32",
    "hold_s": "float64",
    "work_s": "float64",
    "load_kg": "float64",
    "band": "string",
    "rpe": "float64",
    "pain": "float64",
    "notes": "string",
}
LOG_COLUMNS: tuple[str, ...] = tuple(LOG_DTYPES)


def empty_log() -> pd.DataFrame:
    """An empty log with the canonical columns and dtypes.

    Examples
    --------
    >>> list(empty_log().columns) == list(LOG_COLUMNS)
    True
    """
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in LOG_DTYPES.items()})
