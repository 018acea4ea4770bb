"""The one canonical session-log schema: columns, dtypes, limits, reasons, and the ingest report.

This module owns the log's column names and dtypes; every other module refers to the
constants defined here instead of retyping strings. The :class:`IngestReport` accounts for
every input row of an ingest: rows read = rows accepted + rows rejected, and each rejected row
carries its reasons (row, column, value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from psoaskit.errors import LogError

__all__ = [
    "ATHLETE_ID",
    "BAND",
    "BODY_MASS_KG",
    "DATE",
    "DOSE_COLUMNS",
    "EXERCISE_ID",
    "HOLD_S",
    "LB_TO_KG",
    "LIMITS",
    "LOAD_KG",
    "LOG_COLUMNS",
    "LOG_DTYPES",
    "NOTES",
    "NUMBER_COLUMNS",
    "OTHER_EXERCISE",
    "PAIN",
    "PAIN_NEXT_MORNING",
    "POSITIVE_COLUMNS",
    "REASONS",
    "REPS",
    "REQUIRED_COLUMNS",
    "RPE",
    "SESSION_COLUMNS",
    "SESSION_DURATION_MIN",
    "SESSION_ID",
    "SESSION_RPE",
    "SET_INDEX",
    "SIDE",
    "SIDES",
    "SIDE_WORDS",
    "SKIP_REASONS",
    "SPREADSHEET_ROWS",
    "WORK_S",
    "IngestReport",
    "LogError",
    "ReadResult",
    "count_text",
    "empty_log",
]

#: Column names of the log, one constant each (the only place they are spelled out).
ATHLETE_ID = "athlete_id"
DATE = "date"
SESSION_ID = "session_id"
EXERCISE_ID = "exercise_id"
SIDE = "side"
SET_INDEX = "set_index"
REPS = "reps"
HOLD_S = "hold_s"
WORK_S = "work_s"
LOAD_KG = "load_kg"
BAND = "band"
RPE = "rpe"
PAIN = "pain"
NOTES = "notes"
#: Session-level columns: one value for the whole session, repeated on each of its rows.
SESSION_DURATION_MIN = "session_duration_min"
SESSION_RPE = "session_rpe"
PAIN_NEXT_MORNING = "pain_next_morning"
BODY_MASS_KG = "body_mass_kg"

#: Sides of a set: left, right, or both (bilateral or alternating work logged as one row).
SIDES = ("L", "R", "both")
#: Words for a side, as logs and app exercise names write them (lower case) -> the side.
SIDE_WORDS = {
    "l": "L",
    "left": "L",
    "r": "R",
    "right": "R",
    "both": "both",
    "b": "both",
    "bilateral": "both",
    "alternating": "both",
}
#: How rows of a CSV file are numbered in reports: as a spreadsheet shows them.
SPREADSHEET_ROWS = "spreadsheet rows; the header is row 1"
#: Exercise id given to imported sets whose exercise is not in the catalogue.
OTHER_EXERCISE = "other"

#: Canonical columns, one row per set (per side for unilateral work), with units:
#: hold_s [s per rep], work_s [s continuous work], load_kg [kg, external weight], rpe [CR-10,
#: 0-10, the set], pain [NRS, 0-10, during the set]; then the session-level columns, constant
#: within a session: session_duration_min [min], session_rpe [CR-10, the whole session, about
#: 30 min after it], pain_next_morning [NRS 0-10] and body_mass_kg [kg]. Logs without the
#: session-level columns are valid: they are read as empty.
LOG_DTYPES: dict[str, object] = {
    ATHLETE_ID: "category",
    DATE: "datetime64[ns]",
    SESSION_ID: "string",
    EXERCISE_ID: "category",
    SIDE: pd.CategoricalDtype(list(SIDES)),
    SET_INDEX: "Int16",
    REPS: "Int32",
    HOLD_S: "float64",
    WORK_S: "float64",
    LOAD_KG: "float64",
    BAND: "string",
    RPE: "float64",
    PAIN: "float64",
    NOTES: "string",
    SESSION_DURATION_MIN: "float64",
    SESSION_RPE: "float64",
    PAIN_NEXT_MORNING: "float64",
    BODY_MASS_KG: "float64",
}
LOG_COLUMNS: tuple[str, ...] = tuple(LOG_DTYPES)

#: Columns a log must have, and a value in every row.
REQUIRED_COLUMNS = (ATHLETE_ID, DATE, EXERCISE_ID)
#: A set needs at least one of these (reps, a per-rep hold, or continuous work).
DOSE_COLUMNS = (REPS, HOLD_S, WORK_S)
#: Columns holding one value for a whole session (optional; rows of a session must agree).
SESSION_COLUMNS = (SESSION_DURATION_MIN, SESSION_RPE, PAIN_NEXT_MORNING, BODY_MASS_KG)
#: Every numeric column, in schema order.
NUMBER_COLUMNS = (SET_INDEX, REPS, HOLD_S, WORK_S, LOAD_KG, RPE, PAIN, *SESSION_COLUMNS)
#: Plausible closed ranges [min, max] of numeric columns, in the columns' units; values
#: outside are rejected as impossible.
LIMITS: dict[str, tuple[float, float]] = {
    SET_INDEX: (1, 1000),
    REPS: (0, 500),
    HOLD_S: (0, 600),
    WORK_S: (0, 14400),
    LOAD_KG: (0, 1000),
    RPE: (0, 10),
    PAIN: (0, 10),
    SESSION_DURATION_MIN: (0, 600),  # and more than 0: a session lasts
    SESSION_RPE: (0, 10),
    PAIN_NEXT_MORNING: (0, 10),
    BODY_MASS_KG: (20, 400),
}
#: Numeric columns whose lower limit is excluded (a value must be above it).
POSITIVE_COLUMNS = frozenset({SESSION_DURATION_MIN})
#: Pounds to kilograms [kg/lb] (exact, international avoirdupois pound).
LB_TO_KG = 0.45359237

#: Reason codes of rejected rows and what they mean.
REASONS: dict[str, str] = {
    "blank_row": "row has no values (skipped)",
    "rest_timer": "a rest-timer row of the export, not a set (skipped)",
    "malformed_row": "the row cannot be split into the header's columns",
    "bad_sets": "a packed set is not weight x reps",
    "bad_json": "the line is not a JSON object",
    "missing_value": "a required value is missing",
    "no_dose": "no reps, hold_s or work_s",
    "unknown_exercise": "exercise not in the catalogue",
    "not_a_number": "not a number",
    "not_whole": "not a whole number",
    "out_of_range": "impossible value",
    "bad_side": "side is not L, R or both",
    "bad_date": "date cannot be read",
    "future_date": "date in the future",
    "bad_unit": "unknown weight unit",
    "duplicate": "exact duplicate of an earlier set",
    "session_conflict": "a session-level value differs from the session's other rows",
}
#: Reasons for rows that are not sets at all: counted as rejected (so every row is
#: accounted for) but not data problems (exit code 0, strict mode does not fail).
SKIP_REASONS = frozenset({"blank_row", "rest_timer"})


@dataclass
class IngestReport:
    """What happened to every input row of one ingest.

    Attributes
    ----------
    source : str
        Where the rows came from (path, ``<buffer>`` or ``<DataFrame>``).
    format : str
        The format read, e.g. ``csv`` or ``strong (V4)``.
    rows_read : int
        Data rows in the input [rows].
    rows_accepted : int
        Rows in the returned log [rows].
    problems : pandas.DataFrame
        One line per problem: ``row`` (source row number), ``column``, ``value`` (as
        written in the source), ``reason`` (a key of :data:`REASONS`) and ``message``.
    row_numbering : str
        How ``row`` counts, e.g. spreadsheet rows with the header as row 1.
    notes : list of str
        Assumptions and conversions made (units, derived values, ignored columns).
    """

    source: str
    format: str
    rows_read: int
    rows_accepted: int
    problems: pd.DataFrame
    row_numbering: str
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.rows_read != self.rows_accepted + self.rows_rejected:
            raise RuntimeError(  # an internal bug, never a data problem
                f"ingest accounting broken: read {self.rows_read} != accepted "
                f"{self.rows_accepted} + rejected {self.rows_rejected}"
            )

    @property
    def rows_rejected(self) -> int:
        """Rows not in the log, skipped non-set rows included [rows]."""
        return int(self.problems["row"].nunique())

    @property
    def rows_skipped(self) -> int:
        """Rejected rows that are not sets at all (blank rows, rest timers) [rows]."""
        return self.rows_rejected - self.rows_invalid

    @property
    def rows_invalid(self) -> int:
        """Rejected rows with at least one data problem [rows]."""
        bad = self.problems.loc[~self.problems["reason"].isin(SKIP_REASONS), "row"]
        return int(bad.nunique())

    @property
    def ok(self) -> bool:
        """True when no row had a data problem (skipped non-set rows are fine)."""
        return self.rows_invalid == 0

    def reason_counts(self) -> dict[str, int]:
        """Rejected rows per reason [rows]; a row with two reasons counts under both.

        Examples
        --------
        >>> from psoaskit import read_log
        >>> _, report = read_log(pd.DataFrame({"athlete_id": ["1", "1"], "date": ["2024-03-01",
        ...     "2024-03-01"], "exercise_id": ["toe_tap", "nope"], "reps": [-1, 5]}))
        >>> report.reason_counts()
        {'out_of_range': 1, 'unknown_exercise': 1}
        """
        counts = self.problems.groupby("reason", sort=True)["row"].nunique()
        return {str(k): int(v) for k, v in counts.items()}

    def rejected_rows(self) -> pd.DataFrame:
        """One line per rejected row: ``row`` and all its problems in ``reason``."""
        if self.problems.empty:
            return pd.DataFrame({"row": pd.Series(dtype="int64"), "reason": pd.Series(dtype=str)})
        p = self.problems
        named = p["column"] != ""
        text = p["message"].copy()
        text[named] = (
            p["column"][named]
            + " = "
            + p["value"][named].map(_show_value)
            + ": "
            + p["message"][named]
        )
        joined = text.groupby(p["row"], sort=True).agg("; ".join)
        return pd.DataFrame({"row": joined.index.to_numpy(np.int64), "reason": joined.to_numpy()})

    def to_text(self, max_rows: int = 10) -> str:
        """The report as text: totals, rows per reason, the first rejected rows, notes.

        Examples
        --------
        >>> from psoaskit import read_log
        >>> _, report = read_log(pd.DataFrame({
        ...     "athlete_id": ["007"], "date": ["2024-03-01"], "exercise_id": ["toe_tap"],
        ...     "reps": [-3]}))
        >>> print(report.to_text())
        <DataFrame> (dataframe): read 1 row = 0 accepted + 1 rejected (1 invalid, 0 skipped)
        rejected rows by reason:
          out_of_range  1  impossible value
        first rejected rows (0-based positions, as DataFrame.iloc):
          row 0: reps = '-3': must be between 0 and 500
        """
        lines = [
            f"{self.source} ({self.format}): read {count_text(self.rows_read)} = "
            f"{self.rows_accepted} accepted + {self.rows_rejected} rejected "
            f"({self.rows_invalid} invalid, {self.rows_skipped} skipped)"
        ]
        counts = self.reason_counts()
        if counts:
            width = max(len(k) for k in counts)
            lines.append("rejected rows by reason:")
            lines += [f"  {k.ljust(width)}  {v}  {REASONS.get(k, '')}" for k, v in counts.items()]
            rows = self.rejected_rows()
            lines.append(f"first rejected rows ({self.row_numbering}):")
            lines += [f"  row {r}: {reason}" for r, reason in rows.head(max_rows).itertuples(False)]
            if len(rows) > max_rows:
                lines.append(f"  ... and {len(rows) - max_rows} more")
        if self.notes:
            lines.append("notes:")
            lines += [f"  - {note}" for note in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


class ReadResult(NamedTuple):
    """A validated log and the report of its ingest (unpack as ``log, report``)."""

    log: pd.DataFrame
    report: IngestReport


def count_text(n: int, noun: str = "row") -> str:
    """``"1 row"``, ``"2 rows"``.

    Examples
    --------
    >>> count_text(1), count_text(3, "set")
    ('1 row', '3 sets')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _show_value(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def empty_log() -> pd.DataFrame:
    """An empty log with the canonical columns and dtypes.

    Examples
    --------
    >>> list(empty_log().columns) == list(LOG_COLUMNS)
    True
    """
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in LOG_DTYPES.items()})
