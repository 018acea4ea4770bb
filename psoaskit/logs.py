"""Athlete session logs: the one canonical schema, and reading/validating logs.

This module owns the log's column names and dtypes; every other module refers to the
constants defined here instead of retyping strings.

:func:`read_log` reads a log (CSV, Parquet, JSON Lines or a DataFrame already in memory),
checks every row and returns the accepted rows as a typed DataFrame together with an
:class:`IngestReport` that accounts for every input row: rows read = rows accepted + rows
rejected, and each rejected row carries its reasons (row, column, value). Validation is
vectorised: values are parsed once per distinct value, and messages are built only for the
rows that are rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from psoaskit._files import atomic_write
from psoaskit.exercises import Catalogue

__all__ = [
    "DOSE_COLUMNS",
    "LB_TO_KG",
    "LIMITS",
    "LOG_COLUMNS",
    "LOG_DTYPES",
    "OTHER_EXERCISE",
    "REASONS",
    "REQUIRED_COLUMNS",
    "SIDES",
    "SKIP_REASONS",
    "IngestReport",
    "LogError",
    "ReadResult",
    "empty_log",
    "read_log",
    "write_log",
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

#: Columns a log must have, and a value in every row.
REQUIRED_COLUMNS = ("athlete_id", "date", "exercise_id")
#: A set needs at least one of these (reps, a per-rep hold, or continuous work).
DOSE_COLUMNS = ("reps", "hold_s", "work_s")
#: Plausible closed ranges [min, max] of numeric columns, in the columns' units; values
#: outside are rejected as impossible.
LIMITS: dict[str, tuple[float, float]] = {
    "set_index": (1, 1000),
    "reps": (0, 500),
    "hold_s": (0, 600),
    "work_s": (0, 14400),
    "load_kg": (0, 1000),
    "rpe": (0, 10),
    "pain": (0, 10),
}
#: Pounds to kilograms [kg/lb] (exact, international avoirdupois pound).
LB_TO_KG = 0.45359237

#: Reason codes of rejected rows and what they mean.
REASONS: dict[str, str] = {
    "blank_row": "row has no values (skipped)",
    "rest_timer": "a rest-timer row of the export, not a set (skipped)",
    "malformed_row": "the row cannot be split into the header's columns",
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
}
#: Reasons for rows that are not sets at all: counted as rejected (so every row is
#: accounted for) but not data problems (exit code 0, strict mode does not fail).
SKIP_REASONS = frozenset({"blank_row", "rest_timer"})


class LogError(ValueError):
    """A log cannot be read at all, or strict mode met rejected rows.

    Attributes
    ----------
    report : IngestReport or None
        The ingest report when rows were read (strict mode); ``None`` when the input
        could not be read.
    """

    def __init__(self, message: str, report: IngestReport | None = None):
        super().__init__(message)
        self.report = report


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


def write_log(log: pd.DataFrame, path: str | Path) -> Path:
    """Write a log atomically as Parquet (``.parquet``/``.pq``) or CSV (anything else).

    Parameters
    ----------
    log : pandas.DataFrame
        A log with the canonical columns (extra columns are not written).
    path : str or Path
        Output file; replaced atomically.

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "log.parquet"
    >>> write_log(empty_log(), out).name
    'log.parquet'
    """
    missing = [c for c in LOG_COLUMNS if c not in log.columns]
    if missing:
        raise LogError(f"cannot write a log without column(s) {', '.join(missing)}")
    frame = log.loc[:, list(LOG_COLUMNS)]
    if Path(path).suffix.lower() in (".parquet", ".pq"):
        return atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))
    return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))


# --- the public entry point ---------------------------------------------------------------------


def read_log(
    source: Any,
    *,
    format: str = "auto",
    weight_unit: str = "kg",
    dayfirst: bool = False,
    strict: bool = False,
    quarantine: str | Path | None = None,
    catalogue: Catalogue | None = None,
    today: Date | pd.Timestamp | None = None,
) -> ReadResult:
    """Read and validate a session log in the canonical schema.

    Every input row is either accepted into the returned log or rejected with its reasons
    in the report: ``report.rows_read == report.rows_accepted + report.rows_rejected``.
    The source is only read, never modified. Exercise names or aliases given instead of
    catalogue ids are mapped to the ids (and noted); missing ``session_id``, ``side`` and
    ``set_index`` values are derived (and noted).

    Parameters
    ----------
    source : str, Path, file-like or pandas.DataFrame
        A CSV (``,``, ``;`` or tab), Parquet or JSON Lines file, an open binary/text
        buffer, or a DataFrame already in memory.
    format : {"auto", "csv", "parquet", "jsonl"}
        ``auto`` decides from the file name, then the content.
    weight_unit : {"kg", "lb"}
        Unit of the ``load_kg`` column in the source; ``lb`` converts to [kg].
    dayfirst : bool
        Read numeric dates as DD/MM/YYYY instead of MM/DD/YYYY (ISO dates are unaffected).
    strict : bool
        Raise :class:`LogError` when any row is rejected for a data problem.
    quarantine : str or Path, optional
        CSV file to receive the rejected rows verbatim with a reason column (atomically).
    catalogue : Catalogue, optional
        Exercise catalogue to check ids against (default: the packaged one).
    today : date, optional
        The date after which dates count as "in the future" (default: now, local time).

    Returns
    -------
    ReadResult
        ``(log, report)``: the accepted rows with :data:`LOG_DTYPES` and the
        :class:`IngestReport`.

    Raises
    ------
    LogError
        When the input cannot be read as a log at all (missing file, not CSV/Parquet/
        JSON Lines, required columns missing), or in strict mode.

    Examples
    --------
    >>> import io
    >>> text = ("athlete_id,date,exercise_id,side,reps,hold_s\\n"
    ...         "007,2024-03-01,supine_psoas_activation,L,5,10\\n"
    ...         "007,2024-03-01,psoas marchh,both,3,\\n")
    >>> log, report = read_log(io.StringIO(text))
    >>> log[["athlete_id", "exercise_id", "side", "reps"]]
      athlete_id              exercise_id side  reps
    0        007  supine_psoas_activation    L     5
    >>> report.rows_read, report.rows_accepted, report.rows_rejected
    (2, 1, 1)
    >>> report.problems.loc[0, "message"]
    "exercise not in the catalogue; did you mean 'psoas_march'?"
    """
    if weight_unit not in ("kg", "lb"):
        raise LogError(f"unknown weight unit {weight_unit!r}; expected kg or lb")
    from psoaskit.ingest import finish_ingest, read_source
    from psoaskit.validation import validate_source

    src, name = read_source(source, format)
    result = validate_source(
        src,
        name,
        catalogue=catalogue,
        dayfirst=dayfirst,
        today=today,
        load_scale=LB_TO_KG if weight_unit == "lb" else 1.0,
    )
    if weight_unit == "lb":
        result.report.notes.append("load_kg read as pounds and converted to kg")
    return finish_ingest(result, src, source=source, quarantine=quarantine, strict=strict)
