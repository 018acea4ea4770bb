"""Parsing a log's cells, vectorised: once per distinct value, then spread to the rows by code.

A log holds few distinct dates, ids and numbers, so each column is factorised, its distinct
values parsed and checked (range, whole number, date, side, catalogue id), and the results
spread back to the rows. Problems are recorded per column as row masks; their messages are
built only for the rows that are rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

import numpy as np
import pandas as pd

from psoaskit.catalogue.exercises import Catalogue, close_matches, normalise_name
from psoaskit.logs.readers import scalar_text
from psoaskit.logs.schema import (
    BODY_MASS_KG,
    HOLD_S,
    LIMITS,
    LOAD_KG,
    OTHER_EXERCISE,
    POSITIVE_COLUMNS,
    REPS,
    SESSION_DURATION_MIN,
    SET_INDEX,
    SIDE_WORDS,
    SIDES,
    WORK_S,
)

__all__ = [
    "ParsedColumn",
    "as_text",
    "distinct_problem",
    "factorize",
    "numeric_date_order",
    "parse_date",
    "parse_dates",
    "parse_exercise",
    "parse_free_text",
    "parse_id_text",
    "parse_number",
    "parse_side",
    "take_codes",
    "to_ns",
]


_WHOLE = (SET_INDEX, REPS)
_NA_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "nat"})


_UNITS = {
    HOLD_S: " s",
    WORK_S: " s",
    LOAD_KG: " kg",
    SESSION_DURATION_MIN: " min",
    BODY_MASS_KG: " kg",
}
_MAX_SUGGESTIONS = 500  # did-you-mean lookups per ingest (difflib is slow on garbage files)


def take_codes(values: np.ndarray, codes: np.ndarray | None, fill: Any) -> np.ndarray:
    """Spread per-distinct-value ``values`` to rows; code -1 (missing) gives ``fill``."""
    if codes is None:
        return values
    extended = np.empty(len(values) + 1, dtype=values.dtype)
    extended[:-1] = values
    extended[-1] = fill
    return extended[codes]


def factorize(series: pd.Series) -> tuple[np.ndarray | None, pd.Series]:
    """(codes, distinct values); codes is None when the column is already typed per row."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(np.int32), pd.Series(series.cat.categories)
    if (pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)) or (
        pd.api.types.is_datetime64_any_dtype(dtype)
    ):
        return None, series.reset_index(drop=True)
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dicts): compare them as text
        codes, uniques = pd.factorize(series.map(scalar_text), use_na_sentinel=True)
    return codes.astype(np.int32), pd.Series(
        uniques, dtype=object if uniques.dtype == bool else None
    )


def as_text(values: pd.Series, strip: bool = True) -> pd.Series:
    """Values as text (a string Series); numbers print without a spurious ``.0``."""
    if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
        values.dtype
    ):
        text = values.astype("string").fillna("")
    else:
        text = pd.Series([scalar_text(v) for v in values], dtype="string")
    return text.str.strip() if strip else text


@dataclass
class ParsedColumn:
    """One source column parsed: per-row values plus what is needed to explain problems."""

    label: str  # the column's name in the source
    codes: np.ndarray | None
    raw: pd.Series  # distinct raw values (or per-row when codes is None)
    values: np.ndarray  # per row
    missing: np.ndarray  # per row
    problems: list[tuple[np.ndarray, str, Any]] = field(default_factory=list)  # rows, code, msg

    def add_problem(self, mask: np.ndarray, code: str, message: Any) -> None:
        """Record ``code`` for the rows in boolean ``mask``; message is text or per-row array."""
        rows = np.flatnonzero(mask)
        if len(rows):
            msg = message[rows] if isinstance(message, np.ndarray) else message
            self.problems.append((rows, code, msg))

    def raw_text(self, rows: np.ndarray) -> np.ndarray:
        """The source text of ``rows`` (for messages and quarantine)."""
        if self.codes is None:
            picked = self.raw.iloc[rows]
        else:
            picked = pd.Series(take_codes(self.raw.to_numpy(object), self.codes[rows], None))
        return np.asarray([scalar_text(v) for v in picked], dtype=object)


def distinct_problem(col: ParsedColumn, bad_u: np.ndarray, code: str, message: Any) -> None:
    """Record a problem found on distinct values (``bad_u``) for all rows holding them."""
    if bad_u.any():
        if isinstance(message, np.ndarray):
            message = take_codes(message, col.codes, None)
        col.add_problem(take_codes(bad_u, col.codes, False), code, message)


def parse_number(label: str, series: pd.Series, name: str, scale: Any = 1.0) -> ParsedColumn:
    codes, distinct = factorize(series)
    if codes is None and pd.api.types.is_numeric_dtype(distinct.dtype):
        values_u = distinct.to_numpy(np.float64, na_value=np.nan)
        missing_u = np.isnan(values_u)
        bad_u = np.zeros(len(values_u), bool)
    else:
        text = as_text(distinct)
        missing_u = text.str.lower().isin(_NA_TOKENS).to_numpy(bool)
        values_u = pd.to_numeric(text.where(~missing_u, None), errors="coerce").to_numpy(
            np.float64, na_value=np.nan
        )
        bad_u = ~missing_u & np.isnan(values_u)
    values = take_codes(values_u, codes, np.nan)
    if not (np.isscalar(scale) and scale == 1.0):
        values = values * scale
    col = ParsedColumn(label, codes, distinct, values, take_codes(missing_u, codes, True))
    distinct_problem(col, bad_u, "not_a_number", "not a number")
    with np.errstate(invalid="ignore"):  # NaN compares False: missing values pass
        if name in _WHOLE:
            col.add_problem(values - np.floor(values) > 0, "not_whole", "must be a whole number")
        lo, hi = LIMITS[name]
        unit = _UNITS.get(name, "")
        if name in POSITIVE_COLUMNS:
            col.add_problem(
                (values <= lo) | (values > hi),
                "out_of_range",
                f"must be more than {lo:g} and at most {hi:g}{unit}",
            )
        else:
            col.add_problem(
                (values < lo) | (values > hi),
                "out_of_range",
                f"must be between {lo:g} and {hi:g}{unit}",
            )
    return col


_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?"
_DATE_PATTERNS = (
    # ISO-like with optional one-digit fields, seconds, fraction, 12-hour clock, offset
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,9}))?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?",
    # numeric day/month/year with / . or -, optional time
    r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:[T ,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?",
)


def to_ns(stamps: pd.Series) -> np.ndarray:
    """Timestamps of any resolution as datetime64[ns]; dates past 2262 (the ns limit) become
    2262-04-11, which still reads as "in the future", and dates before 1677 become NaT."""
    stamps = pd.Series(stamps)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    late = (stamps > pd.Timestamp.max).to_numpy(bool)
    early = (stamps < pd.Timestamp.min).to_numpy(bool)
    values = stamps.where(~(late | early)).astype("datetime64[ns]").to_numpy(copy=True)
    values[late] = np.datetime64(pd.Timestamp.max.floor("D"), "ns")
    return values


def parse_dates(text: pd.Series, dayfirst: bool = False) -> pd.Series:
    """Parse date(-time) strings; unreadable ones become NaT.

    Accepts ISO 8601 (``2024-03-01``, ``2024-03-01 09:30[:00]``, ``T`` separator, a
    time-zone offset, which is dropped so the wall-clock time is kept) and numeric
    ``MM/DD/YYYY`` (``DD/MM/YYYY`` with ``dayfirst``), with ``/``, ``.`` or ``-`` and an
    optional ``HH:MM[:SS]`` time, 12-hour clocks included.

    Examples
    --------
    >>> parse_dates(pd.Series(["2024-03-01 09:30", "01/03/2024", "1 March"]), dayfirst=True)
    0   2024-03-01 09:30:00
    1   2024-03-01 00:00:00
    2                   NaT
    dtype: datetime64[ns]
    """
    text = text.astype("string").str.replace("\u202f", " ").str.strip()
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    fast = text.str.fullmatch(_ISO).fillna(False).to_numpy(bool)
    if fast.any():
        out[fast] = to_ns(pd.to_datetime(text[fast], format="ISO8601", errors="coerce"))
    rest = ~fast & text.notna().to_numpy(bool)
    for pattern in _DATE_PATTERNS:
        if not rest.any():
            break
        parts = text[rest].str.extract(f"^{pattern}$")
        hit = parts["y"].notna().to_numpy(bool)
        if not hit.any():
            continue
        parts = parts[hit]
        num = parts.apply(pd.to_numeric, errors="coerce")
        if "a" in parts:
            num["m"], num["d"] = (num["b"], num["a"]) if dayfirst else (num["a"], num["b"])
        hour = num["H"].fillna(0)
        ampm = parts["ampm"].fillna("").str.lower().str[:1]
        valid_hour = (ampm == "") | ((hour >= 1) & (hour <= 12))
        hour = hour.where(ampm != "p", hour % 12 + 12).where(ampm != "a", hour % 12)
        fraction = parts["f"].fillna("0").str.ljust(9, "0") if "f" in parts else "0"
        stamp = pd.to_datetime(
            pd.DataFrame(
                {
                    "year": num["y"],
                    "month": num["m"],
                    "day": num["d"],
                    "hour": hour,
                    "minute": num["M"].fillna(0),
                    "second": num["S"].fillna(0),
                    "nanosecond": pd.to_numeric(fraction),
                }
            ),
            errors="coerce",
        ).where(valid_hour)
        target = np.flatnonzero(rest)[hit]
        out.iloc[target] = to_ns(stamp)
        rest[target] = False
    return out


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}\b")


def numeric_date_order(text: pd.Series) -> tuple[str, str | None]:
    """Which order the numeric dates of ``text`` (``04/03/2024``) prove, with an example.

    ``("day", '13/03/2024')`` or ``("month", '03/13/2024')`` when some date can only be read
    one way and none only the other; ``("unknown", '04/03/2024')`` when every such date reads
    both ways; ``("mixed", None)`` when dates prove both; ``("none", None)`` without numeric
    dates.

    Examples
    --------
    >>> numeric_date_order(pd.Series(["04/03/2024", "13/03/2024"]))
    ('day', '13/03/2024')
    >>> numeric_date_order(pd.Series(["04/03/2024", "03/13/2024", "13/03/2024"]))
    ('mixed', None)
    >>> numeric_date_order(pd.Series(["04/03/2024", "05/03/2024"]))
    ('unknown', '04/03/2024')
    """
    parts = text.astype(str).str.extract(_NUMERIC_DATE).apply(pd.to_numeric)
    if parts.empty or parts[0].isna().all():
        return "none", None
    day_only, month_only = (parts[0] > 12) & (parts[1] <= 12), (parts[1] > 12) & (parts[0] <= 12)
    if day_only.any() and month_only.any():
        return "mixed", None
    for order, proof in (("day", day_only), ("month", month_only)):
        if proof.any():
            return order, str(text[proof.to_numpy()].iloc[0]).strip()
    both_ways = (parts[0] != parts[1]) & parts[0].notna()
    if both_ways.any():
        return "unknown", str(text[both_ways.to_numpy()].iloc[0]).strip()
    return "none", None


def parse_date(label: str, series: pd.Series, dayfirst: bool, today: pd.Timestamp,
               notes: list[str] | None = None) -> ParsedColumn:
    """Parse a date column; without ``dayfirst``, a column whose numeric dates prove it day
    first (:func:`numeric_date_order`) is read day first, and a column that shows no order is
    noted."""
    codes, distinct = factorize(series)
    if not dayfirst and not pd.api.types.is_datetime64_any_dtype(distinct.dtype):
        order, example = numeric_date_order(
            pd.Series(np.asarray(distinct, dtype=object)).dropna())
        if order == "day":
            dayfirst = True
        if notes is not None and order == "day":
            notes.append(f"dates read day first (DD/MM/YYYY): {example!r} in {label} can "
                         "only be day first, and no date can only be month first")
        elif notes is not None and order == "unknown":
            notes.append(f"numeric dates such as {example!r} in {label} read month first "
                         "(MM/DD/YYYY): none of them shows the order; give the day-first "
                         "option if they are day first")
    if codes is None and pd.api.types.is_datetime64_any_dtype(distinct.dtype):
        values_u = to_ns(distinct)
        missing_u = np.isnat(values_u)
        bad_u = np.zeros(len(values_u), bool)
    else:
        if (
            not pd.api.types.is_object_dtype(distinct.dtype)
            or not distinct.map(lambda v: isinstance(v, pd.Timestamp | Date)).any()
        ):
            text = as_text(distinct)
            missing_u = text.str.lower().isin(_NA_TOKENS).to_numpy(bool)
            values_u = parse_dates(text.where(~missing_u, None), dayfirst).to_numpy()
        else:  # importers hand over already-parsed timestamps mixed with unreadable text
            is_stamp = distinct.map(lambda v: isinstance(v, pd.Timestamp | Date)).to_numpy(bool)
            text = as_text(distinct.where(~is_stamp, ""))
            missing_u = ~is_stamp & text.str.lower().isin(_NA_TOKENS).to_numpy(bool)
            values_u = parse_dates(text.where(~missing_u & ~is_stamp, None), dayfirst).to_numpy(
                copy=True
            )
            values_u[is_stamp] = to_ns(
                pd.to_datetime(pd.Series(distinct[is_stamp].tolist()), errors="coerce")
            )
        bad_u = ~missing_u & np.isnat(values_u)
    col = ParsedColumn(
        label,
        codes,
        distinct,
        take_codes(values_u, codes, np.datetime64("NaT", "ns")),
        take_codes(missing_u, codes, True),
    )
    hint = "" if dayfirst else "; DD/MM/YYYY needs the day-first option"
    distinct_problem(
        col, bad_u, "bad_date", f"not a valid date (e.g. 2024-03-01 or 2024-03-01 09:30{hint})"
    )
    tomorrow = np.datetime64(today.normalize() + pd.Timedelta(days=1), "ns")
    future_u = ~np.isnat(values_u) & (values_u >= tomorrow)
    distinct_problem(col, future_u, "future_date", f"in the future (today is {today:%Y-%m-%d})")
    return col


def parse_id_text(label: str, series: pd.Series) -> tuple[ParsedColumn, pd.Series]:
    """A low-cardinality text column (ids): the column and its distinct stripped texts."""
    codes, distinct = factorize(series)
    text = as_text(distinct)
    if codes is None:  # typed column (numbers as ids): work on distinct texts from here on
        codes, distinct_text = pd.factorize(text.where(text != "", None), use_na_sentinel=True)
        codes = codes.astype(np.int32)
        text = pd.Series(distinct_text, dtype="string")
        distinct = text
    missing_u = (text == "").to_numpy(bool)
    col = ParsedColumn(label, codes, distinct, np.empty(0), take_codes(missing_u, codes, True))
    return col, text


def parse_free_text(label: str, series: pd.Series, strip: bool) -> ParsedColumn:
    """A text column passed through to the log (session ids, bands, notes), per row."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = as_text(pd.Series(dtype.categories)).to_numpy(object)
        text = pd.Series(take_codes(cats, series.cat.codes.to_numpy(), ""), dtype="string")
    elif (pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype)) or (
        pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")
    ):
        text = series.astype("string")
    else:  # mixed cells (JSON, hand-built frames): numbers without a spurious ".0"
        text = pd.Series([scalar_text(v) for v in series], dtype="string")
    text = text.reset_index(drop=True)
    if strip:
        text = text.str.strip()
    blank = (text == "") if strip else (text.str.strip() == "")
    missing = blank.fillna(True).to_numpy(bool)
    values = text.array if not blank.any() else text.where(~missing, None).array
    return ParsedColumn(label, None, series.reset_index(drop=True), values, missing)


def parse_side(label: str, series: pd.Series) -> ParsedColumn:
    col, text = parse_id_text(label, series)
    lowered = text.str.lower()
    side_u = lowered.map(SIDE_WORDS).map({s: i for i, s in enumerate(SIDES)})
    missing_u = (text == "").to_numpy(bool)
    bad_u = ~missing_u & side_u.isna().to_numpy(bool)
    codes_u = side_u.fillna(-1).to_numpy(np.int8)
    col.values = take_codes(codes_u, col.codes, -1)
    distinct_problem(col, bad_u, "bad_side", "side must be L, R or both")
    return col


def parse_exercise(
    label: str, series: pd.Series, catalogue: Catalogue, notes: list[str]
) -> tuple[ParsedColumn, np.ndarray]:
    """Exercise ids per distinct value: ids, ``other``, or names/aliases mapped to ids."""
    col, text = parse_id_text(label, series)
    ids = [*catalogue.exercises, OTHER_EXERCISE]
    exact = text.isin(ids).to_numpy(bool)
    resolved = np.where(exact, text.to_numpy(object), None)
    missing_u = (text == "").to_numpy(bool)
    messages = np.full(len(text), None, dtype=object)
    index = catalogue.alias_index()
    renamed: list[str] = []
    suggestions = 0
    for i in np.flatnonzero(~exact & ~missing_u):
        word = str(text.iloc[i])
        key = normalise_name(word)
        if key in index:
            resolved[i] = index[key]
            if f"{word!r} -> {index[key]}" not in renamed:
                renamed.append(f"{word!r} -> {index[key]}")
            continue
        hint = ""
        if suggestions < _MAX_SUGGESTIONS:
            suggestions += 1
            near = close_matches(word, ids) or sorted(
                {index[k] for k in close_matches(key, index)}, key=str
            )
            hint = f"; did you mean {', '.join(repr(m) for m in near)}?" if near else ""
        messages[i] = f"exercise not in the catalogue{hint}"
    if renamed:
        notes.append(
            "exercise names/aliases mapped to catalogue ids: "
            + ", ".join(renamed[:10])
            + (f" and {len(renamed) - 10} more" if len(renamed) > 10 else "")
        )
    unknown_u = ~missing_u & pd.isna(resolved)
    distinct_problem(col, unknown_u, "unknown_exercise", messages)
    return col, resolved
