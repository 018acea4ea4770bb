"""Validating log rows, vectorised: parse once per distinct value, check whole columns.

Values are parsed once per distinct value (a log holds few distinct dates, ids and numbers)
and spread to rows by code; range, whole-number, date and duplicate checks run on whole
columns with numpy. Messages are built only for rejected rows. :func:`validate_source`
turns a :class:`psoaskit.ingest.Source` into the typed log and its report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

import numpy as np
import pandas as pd

from psoaskit.exercises import Catalogue, close_matches, load_catalogue, normalise_name
from psoaskit.ingest import Source, in_threads, scalar_text, unique_labels
from psoaskit.logs import (
    DOSE_COLUMNS,
    LIMITS,
    LOG_COLUMNS,
    LOG_DTYPES,
    OTHER_EXERCISE,
    REQUIRED_COLUMNS,
    SIDES,
    IngestReport,
    LogError,
    ReadResult,
    count_text,
)

__all__ = ["parse_dates", "validate_source"]

_WHOLE = ("set_index", "reps")
_NA_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "nat"})
_SIDE_WORDS = {
    "l": "L",
    "left": "L",
    "r": "R",
    "right": "R",
    "both": "both",
    "b": "both",
    "bilateral": "both",
    "alternating": "both",
}
_PROBLEM_COLUMNS = ["row", "column", "value", "reason", "message"]


_UNITS = {"hold_s": " s", "work_s": " s", "load_kg": " kg"}
_MAX_SUGGESTIONS = 500  # did-you-mean lookups per ingest (difflib is slow on garbage files)


def _take(values: np.ndarray, codes: np.ndarray | None, fill: Any) -> np.ndarray:
    """Spread per-distinct-value ``values`` to rows; code -1 (missing) gives ``fill``."""
    if codes is None:
        return values
    extended = np.empty(len(values) + 1, dtype=values.dtype)
    extended[:-1] = values
    extended[-1] = fill
    return extended[codes]


def _factorize(series: pd.Series) -> tuple[np.ndarray | None, pd.Series]:
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


def _as_text(values: pd.Series, strip: bool = True) -> pd.Series:
    """Values as text (a string Series); numbers print without a spurious ``.0``."""
    if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
        values.dtype
    ):
        text = values.astype("string").fillna("")
    else:
        text = pd.Series([scalar_text(v) for v in values], dtype="string")
    return text.str.strip() if strip else text


@dataclass
class _Col:
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
            picked = pd.Series(_take(self.raw.to_numpy(object), self.codes[rows], None))
        return np.asarray([scalar_text(v) for v in picked], dtype=object)


def _distinct_problem(col: _Col, bad_u: np.ndarray, code: str, message: Any) -> None:
    """Record a problem found on distinct values (``bad_u``) for all rows holding them."""
    if bad_u.any():
        if isinstance(message, np.ndarray):
            message = _take(message, col.codes, None)
        col.add_problem(_take(bad_u, col.codes, False), code, message)


def _parse_number(label: str, series: pd.Series, name: str, scale: Any = 1.0) -> _Col:
    codes, distinct = _factorize(series)
    if codes is None and pd.api.types.is_numeric_dtype(distinct.dtype):
        values_u = distinct.to_numpy(np.float64, na_value=np.nan)
        missing_u = np.isnan(values_u)
        bad_u = np.zeros(len(values_u), bool)
    else:
        text = _as_text(distinct)
        missing_u = text.str.lower().isin(_NA_TOKENS).to_numpy(bool)
        values_u = pd.to_numeric(text.where(~missing_u, None), errors="coerce").to_numpy(
            np.float64, na_value=np.nan
        )
        bad_u = ~missing_u & np.isnan(values_u)
    values = _take(values_u, codes, np.nan)
    if not (np.isscalar(scale) and scale == 1.0):
        values = values * scale
    col = _Col(label, codes, distinct, values, _take(missing_u, codes, True))
    _distinct_problem(col, bad_u, "not_a_number", "not a number")
    with np.errstate(invalid="ignore"):  # NaN compares False: missing values pass
        if name in _WHOLE:
            col.add_problem(values - np.floor(values) > 0, "not_whole", "must be a whole number")
        lo, hi = LIMITS[name]
        unit = _UNITS.get(name, "")
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


def _to_ns(stamps: pd.Series) -> np.ndarray:
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
        out[fast] = _to_ns(pd.to_datetime(text[fast], format="ISO8601", errors="coerce"))
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
        out.iloc[target] = _to_ns(stamp)
        rest[target] = False
    return out


def _parse_date(label: str, series: pd.Series, dayfirst: bool, today: pd.Timestamp) -> _Col:
    codes, distinct = _factorize(series)
    if codes is None and pd.api.types.is_datetime64_any_dtype(distinct.dtype):
        values_u = _to_ns(distinct)
        missing_u = np.isnat(values_u)
        bad_u = np.zeros(len(values_u), bool)
    else:
        if (
            not pd.api.types.is_object_dtype(distinct.dtype)
            or not distinct.map(lambda v: isinstance(v, pd.Timestamp | Date)).any()
        ):
            text = _as_text(distinct)
            missing_u = text.str.lower().isin(_NA_TOKENS).to_numpy(bool)
            values_u = parse_dates(text.where(~missing_u, None), dayfirst).to_numpy()
        else:  # importers hand over already-parsed timestamps mixed with unreadable text
            is_stamp = distinct.map(lambda v: isinstance(v, pd.Timestamp | Date)).to_numpy(bool)
            text = _as_text(distinct.where(~is_stamp, ""))
            missing_u = ~is_stamp & text.str.lower().isin(_NA_TOKENS).to_numpy(bool)
            values_u = parse_dates(text.where(~missing_u & ~is_stamp, None), dayfirst).to_numpy(
                copy=True
            )
            values_u[is_stamp] = _to_ns(
                pd.to_datetime(pd.Series(distinct[is_stamp].tolist()), errors="coerce")
            )
        bad_u = ~missing_u & np.isnat(values_u)
    col = _Col(
        label,
        codes,
        distinct,
        _take(values_u, codes, np.datetime64("NaT", "ns")),
        _take(missing_u, codes, True),
    )
    hint = "" if dayfirst else "; DD/MM/YYYY needs the day-first option"
    _distinct_problem(
        col, bad_u, "bad_date", f"not a valid date (e.g. 2024-03-01 or 2024-03-01 09:30{hint})"
    )
    tomorrow = np.datetime64(today.normalize() + pd.Timedelta(days=1), "ns")
    future_u = ~np.isnat(values_u) & (values_u >= tomorrow)
    _distinct_problem(col, future_u, "future_date", f"in the future (today is {today:%Y-%m-%d})")
    return col


def _parse_text(label: str, series: pd.Series) -> tuple[_Col, pd.Series]:
    """A low-cardinality text column (ids): the column and its distinct stripped texts."""
    codes, distinct = _factorize(series)
    text = _as_text(distinct)
    if codes is None:  # typed column (numbers as ids): work on distinct texts from here on
        codes, distinct_text = pd.factorize(text.where(text != "", None), use_na_sentinel=True)
        codes = codes.astype(np.int32)
        text = pd.Series(distinct_text, dtype="string")
        distinct = text
    missing_u = (text == "").to_numpy(bool)
    col = _Col(label, codes, distinct, np.empty(0), _take(missing_u, codes, True))
    return col, text


def _parse_free_text(label: str, series: pd.Series, strip: bool) -> _Col:
    """A text column passed through to the log (session ids, bands, notes), per row."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = _as_text(pd.Series(dtype.categories)).to_numpy(object)
        text = pd.Series(_take(cats, series.cat.codes.to_numpy(), ""), dtype="string")
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
    return _Col(label, None, series.reset_index(drop=True), values, missing)


def _parse_side(label: str, series: pd.Series) -> _Col:
    col, text = _parse_text(label, series)
    lowered = text.str.lower()
    side_u = lowered.map(_SIDE_WORDS).map({s: i for i, s in enumerate(SIDES)})
    missing_u = (text == "").to_numpy(bool)
    bad_u = ~missing_u & side_u.isna().to_numpy(bool)
    codes_u = side_u.fillna(-1).to_numpy(np.int8)
    col.values = _take(codes_u, col.codes, -1)
    _distinct_problem(col, bad_u, "bad_side", "side must be L, R or both")
    return col


def _parse_exercise(
    label: str, series: pd.Series, catalogue: Catalogue, notes: list[str]
) -> tuple[_Col, np.ndarray]:
    """Exercise ids per distinct value: ids, ``other``, or names/aliases mapped to ids."""
    col, text = _parse_text(label, series)
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
    _distinct_problem(col, unknown_u, "unknown_exercise", messages)
    return col, resolved


# --- the validation core ----------------------------------------------------------------------


def _column_map(frame: pd.DataFrame, notes: list[str]) -> dict[str, str]:
    """Canonical column -> source column, matching names case- and space-insensitively."""
    found: dict[str, str] = {}
    unknown: list[str] = []
    for label in frame.columns:
        name = str(label).strip().lower()
        if name in LOG_DTYPES:
            found[name] = label
        else:
            unknown.append(str(label))
    if unknown:
        hints = [
            f"{u!r}"
            + (
                f" (did you mean {m[0]!r}?)"
                if (m := close_matches(u.lower(), LOG_COLUMNS, 1))
                else ""
            )
            for u in unknown[:10]
        ]
        notes.append(f"columns not in the schema, ignored: {', '.join(hints)}")
    return found


def _missing_columns_error(columns: list[str], missing: list[str]) -> LogError:
    from psoaskit.importers import detect_format  # lazy: importers builds on this module

    kind = detect_format(columns)
    if kind in ("strong", "hevy", "fitnotes"):
        return LogError(
            f"this looks like a {kind} export, not a psoaskit log; convert it with "
            f"`psoaskit import` (psoaskit.import_export)"
        )
    hints = []
    for name in missing:
        near = close_matches(name, [str(c).strip().lower() for c in columns], 1)
        hints.append(f"{name}" + (f" (is {near[0]!r} meant?)" if near else ""))
    shown = ", ".join(repr(str(c)) for c in columns[:14]) or "none"
    return LogError(f"missing required column(s) {', '.join(hints)}; the header has {shown}")


def _row_hash(arrays: list[np.ndarray]) -> np.ndarray:
    """A 64-bit hash per row of integer, float or datetime columns (equal rows, equal hash)."""
    h = np.zeros(len(arrays[0]), np.uint64)
    with np.errstate(over="ignore"):
        for arr in arrays:
            if arr.dtype.kind == "f":
                arr = arr + 0.0  # -0.0 == 0.0 must hash alike
            bits = arr.astype(np.float64 if arr.dtype.kind == "f" else np.int64, copy=False)
            h = h * np.uint64(0x100000001B3) + bits.view(np.uint64)
        h ^= h >> np.uint64(31)
    return h


def _exact_duplicates(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Rows equal in every key to an earlier row: (boolean mask, position of the first)."""
    hashes = _row_hash(keys)
    dup = pd.Series(hashes).duplicated().to_numpy(copy=True)
    first = np.full(len(hashes), -1, np.int64)
    if dup.any():
        codes, _ = pd.factorize(hashes)
        lookup = np.empty(codes.max() + 1, np.int64)
        lookup[codes[~dup]] = np.flatnonzero(~dup)
        rows = np.flatnonzero(dup)
        same = np.ones(len(rows), bool)
        for key in keys:  # confirm: a hash collision must not reject a row
            a, b = key[rows], key[lookup[codes[rows]]]
            same &= (a == b) | ((a != a) & (b != b))
        dup[rows[~same]] = False
        first[rows[same]] = lookup[codes[rows[same]]]
    return dup, first


def _duplicates(keys: list[np.ndarray], texts: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Exact duplicate rows over numeric ``keys`` and text arrays ``texts``.

    Text is compared only among rows whose numeric keys repeat, which are few.
    """
    m = len(keys[0])
    dup, first = np.zeros(m, bool), np.full(m, -1, np.int64)
    if not m:
        return dup, first
    # equal sets share athlete, date, exercise, side and set: find candidates on those
    hashes = _row_hash(keys[:5])
    ordered = np.sort(hashes)  # sorting beats a hash table on millions of rows
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    candidates = np.zeros(0, np.int64)
    if len(repeated):
        at = np.minimum(np.searchsorted(repeated, hashes), len(repeated) - 1)
        candidates = np.flatnonzero(repeated[at] == hashes)
    if len(candidates):
        sub = [k[candidates] for k in keys] + [
            pd.factorize(t[candidates], use_na_sentinel=True)[0] for t in texts
        ]
        sub_dup, sub_first = _exact_duplicates(sub)
        dup[candidates[sub_dup]] = True
        first[candidates[sub_dup]] = candidates[sub_first[sub_dup]]
    return dup, first


def validate_source(
    src: Source,
    source_name: str,
    *,
    catalogue: Catalogue | None,
    dayfirst: bool,
    today: Date | pd.Timestamp | None,
    load_scale: Any = 1.0,
    labels: dict[str, str] | None = None,
) -> ReadResult:
    """Validate the rows of ``src``: the typed log of the accepted rows and the report.

    ``labels`` maps canonical columns to the source's column names when the caller has
    already named its columns canonically (the importers); otherwise columns are matched by
    name. ``load_scale`` converts ``load_kg`` to [kg] (a number or one factor per row).
    """
    catalogue = catalogue or load_catalogue()
    today_ts = pd.Timestamp(today) if today is not None else pd.Timestamp.now()
    notes = list(src.notes)
    named = [str(c).strip().lower() for c in src.frame.columns]
    twice = sorted({c for c in named if c in LOG_DTYPES and named.count(c) > 1})
    if twice:
        raise LogError(
            f"column(s) {', '.join(map(repr, twice))} appear more than once in the header"
        )
    frame = src.frame.set_axis(unique_labels(src.frame.columns), axis=1)
    columns = (
        {c: c for c in frame.columns if c in LOG_DTYPES} if labels else _column_map(frame, notes)
    )
    labels = labels or {c: str(columns[c]) for c in columns}
    missing_cols = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing_cols:
        raise _missing_columns_error([str(c) for c in frame.columns], missing_cols)
    if not any(c in columns for c in DOSE_COLUMNS):
        raise LogError(f"no dose column: a log needs at least one of {', '.join(DOSE_COLUMNS)}")
    n = len(frame)

    def get(name: str) -> pd.Series:
        return frame[columns[name]]

    exercise_notes: list[str] = []
    tasks: dict[str, Callable[[], Any]] = {
        "athlete_id": lambda: _parse_text(labels["athlete_id"], get("athlete_id")),
        "date": lambda: _parse_date(labels["date"], get("date"), dayfirst, today_ts),
        "exercise_id": lambda: _parse_exercise(
            labels["exercise_id"], get("exercise_id"), catalogue, exercise_notes
        ),
    }
    for name in ("session_id", "band", "notes"):
        if name in columns:
            tasks[name] = lambda name=name: _parse_free_text(
                labels[name], get(name), strip=name != "notes"
            )
    if "side" in columns:
        tasks["side"] = lambda: _parse_side(labels["side"], get("side"))
    for name in ("set_index", "reps", "hold_s", "work_s", "load_kg", "rpe", "pain"):
        if name in columns:
            scale = load_scale if name == "load_kg" else 1.0
            tasks[name] = lambda name=name, scale=scale: _parse_number(
                labels[name], get(name), name, scale
            )
    done = dict(zip(tasks, in_threads(list(tasks.values())), strict=True))
    (parsed_athlete, athlete_u), (parsed_exercise, exercise_u) = (
        done.pop("athlete_id"),
        done.pop("exercise_id"),
    )
    done.update(athlete_id=parsed_athlete, exercise_id=parsed_exercise)
    parsed: dict[str, _Col] = {c: done[c] for c in LOG_COLUMNS if c in done}  # schema order
    notes += exercise_notes

    # rows with no values at all are blank, whatever else would be said about them
    blank = np.ones(n, bool)
    for col in parsed.values():
        blank &= col.missing
    used = set(columns.values())
    for label in frame.columns:
        if blank.any() and label not in used:  # a value in any other column: not blank
            cells = frame[label]
            blank &= (cells.isna() | (cells.astype("string").str.strip() == "")).to_numpy(bool)
    for name in REQUIRED_COLUMNS:
        col = parsed[name]
        col.add_problem(col.missing & ~blank, "missing_value", f"{name} is required")
    no_dose = ~blank
    for name in DOSE_COLUMNS:
        if name in parsed:
            no_dose &= parsed[name].missing
    bad = blank.copy()
    parts: list[pd.DataFrame] = []
    for name, col in parsed.items():
        for rows, code, message in col.problems:
            rows = rows[~blank[rows]]
            if not len(rows):
                continue
            bad[rows] = True
            parts.append(
                pd.DataFrame(
                    {
                        "row": src.rows[rows],
                        "column": labels[name],
                        "value": col.raw_text(rows),
                        "reason": code,
                        "message": message,
                    }
                )
            )
    for rows, label, code, message, values in src.extra:
        keep_rows = ~blank[rows]
        rows, values = rows[keep_rows], np.asarray(values, dtype=object)[keep_rows]
        if len(rows):
            bad[rows] = True
            parts.append(
                pd.DataFrame(
                    {
                        "row": src.rows[rows],
                        "column": label,
                        "value": values,
                        "reason": code,
                        "message": message,
                    }
                )
            )
    if no_dose.any():
        rows = np.flatnonzero(no_dose)
        bad[rows] = True
        parts.append(
            pd.DataFrame(
                {
                    "row": src.rows[rows],
                    "column": "",
                    "value": "",
                    "reason": "no_dose",
                    "message": "no reps, hold_s or work_s: a set needs one",
                }
            )
        )
    if blank.any():
        rows = np.flatnonzero(blank)
        parts.append(
            pd.DataFrame(
                {
                    "row": src.rows[rows],
                    "column": "",
                    "value": "",
                    "reason": "blank_row",
                    "message": "no values",
                }
            )
        )
    keep = np.flatnonzero(~bad)
    log, keys, texts = _build_log(parsed, athlete_u, exercise_u, keep, notes)
    dup, first = _duplicates(keys, texts)
    if dup.any():
        rows = keep[dup]
        parts.append(
            pd.DataFrame(
                {
                    "row": src.rows[rows],
                    "column": "",
                    "value": "",
                    "reason": "duplicate",
                    "message": [f"exact duplicate of row {r}" for r in src.rows[keep[first[dup]]]],
                }
            )
        )
        log = log.loc[~dup].reset_index(drop=True)
        for name in ("athlete_id", "exercise_id"):
            log[name] = log[name].cat.remove_unused_categories()
    pre = src.pre_rejected
    if len(pre):
        parts.append(
            pd.DataFrame(
                {
                    "row": pre["row"],
                    "column": "",
                    "value": pre["raw"],
                    "reason": pre["reason"],
                    "message": pre["message"],
                }
            )
        )
    problems = (
        pd.concat(parts, ignore_index=True).sort_values("row", kind="stable", ignore_index=True)
        if parts
        else pd.DataFrame({c: pd.Series(dtype=object) for c in _PROBLEM_COLUMNS})
    )
    problems = problems.astype(
        {"row": "int64", "column": str, "value": str, "reason": str, "message": str}
    )
    typed = {labels[c] for c in columns if pd.api.types.is_float_dtype(frame[columns[c]].dtype)}
    if src.text is not None and problems["column"].isin(typed).any():
        _values_as_written(problems, src, typed)
    report = IngestReport(
        source_name, src.fmt, n + len(pre), len(log), problems, src.numbering, notes
    )
    return ReadResult(log, report)


def _values_as_written(problems: pd.DataFrame, src: Source, typed: set[str]) -> None:
    """Show the values of numbers the reader parsed itself as the source wrote them."""
    assert src.text is not None
    labels = unique_labels(src.frame.columns)
    where = problems["column"].isin(typed).to_numpy()
    columns = sorted({labels.index(label) for label in problems.loc[where, "column"]})
    positions = np.unique(np.searchsorted(src.rows, problems.loc[where, "row"].to_numpy()))
    text = src.text(columns, positions).set_axis([labels[i] for i in columns], axis=1)
    text.index = src.rows[positions]
    for label in text.columns:
        mine = where & (problems["column"] == label).to_numpy()
        cells = text[label].loc[problems.loc[mine, "row"].to_numpy()]
        problems.loc[mine, "value"] = [scalar_text(v) for v in cells]


def _build_log(
    parsed: dict[str, _Col],
    athlete_u: pd.Series,
    exercise_u: np.ndarray,
    keep: np.ndarray,
    notes: list[str],
) -> tuple[pd.DataFrame, list[np.ndarray], list[Any]]:
    """The typed log of the kept rows, plus per-row keys (numeric, then text) for duplicates."""
    m = len(keep)
    out: dict[str, Any] = {}
    # the per-row arrays the log is built from, restricted to the kept rows side by side
    needed = {
        ("athlete_id", "codes"),
        ("exercise_id", "codes"),
        ("date", "values"),
        ("session_id", "values"),
        ("session_id", "missing"),
        ("side", "values"),
        *((name, "values") for name in ("band", "notes", *LIMITS)),
    }
    arrays = {key: getattr(parsed[key[0]], key[1]) for key in needed if key[0] in parsed}
    if m != len(parsed["date"].values):
        kept = np.zeros(len(parsed["date"].values), bool)
        kept[keep] = True  # a mask compresses faster than take
        arrays = dict(
            zip(arrays, in_threads([lambda a=a: a[kept] for a in arrays.values()]), strict=True)
        )

    def rows(name: str, part: str = "values") -> Any:
        return arrays[(name, part)]

    def categorical(name: str, distinct: Any) -> tuple[np.ndarray, pd.Categorical]:
        distinct_codes, categories = pd.factorize(
            pd.Series(distinct, dtype=object).where(
                pd.notna(distinct) & (pd.Series(distinct, dtype=object) != ""), None
            )
        )
        codes = _take(distinct_codes.astype(np.int32), rows(name, "codes"), -1)
        return codes, pd.Categorical.from_codes(codes, categories=np.asarray(categories, object))

    athlete_codes, out["athlete_id"] = categorical("athlete_id", athlete_u.to_numpy(object))
    dates = rows("date")
    out["date"] = dates
    if "session_id" in parsed:
        session = rows("session_id")
        derived = rows("session_id", "missing")
    else:
        session = pd.array([None] * m, dtype="string")
        derived = np.ones(m, bool)
    if derived.any():
        names = np.asarray(out["athlete_id"].categories, object)[athlete_codes[derived]]
        session = session.copy()  # never write into the caller's data
        session[derived] = (
            pd.Series(names, dtype="string")
            + " "
            + pd.Series(dates[derived]).dt.strftime("%Y-%m-%d").astype("string")
        ).to_numpy()
        notes.append(
            f"{count_text(int(derived.sum()))} had no session_id; derived as "
            "'<athlete_id> <YYYY-MM-DD>'"
        )
    out["session_id"] = session
    exercise_codes, out["exercise_id"] = categorical("exercise_id", exercise_u)
    side = rows("side") if "side" in parsed else np.full(m, -1, np.int8)
    if (side < 0).any():
        notes.append(f"{count_text(int((side < 0).sum()))} had no side; recorded as 'both'")
        side = np.where(side < 0, SIDES.index("both"), side).astype(np.int8)
    out["side"] = pd.Categorical.from_codes(side, dtype=LOG_DTYPES["side"])
    # the first five keys (set_index the fifth) find duplicate candidates: keep that order
    keys: list[np.ndarray] = [athlete_codes, dates.view(np.int64), exercise_codes, side]
    for name in ("band", "notes"):
        out[name] = rows(name) if name in parsed else pd.array([None] * m, dtype="string")
    for name in ("set_index", "reps", "hold_s", "work_s", "load_kg", "rpe", "pain"):
        values = rows(name) if name in parsed else np.full(m, np.nan)
        if name == "set_index" and np.isnan(values).any():
            missing = np.isnan(values)
            order = pd.DataFrame(
                {"a": athlete_codes, "s": pd.factorize(session)[0], "e": exercise_codes, "d": side},
                copy=False,
            )
            values = np.where(
                missing,
                order.groupby(["a", "s", "e", "d"], sort=False).cumcount().to_numpy() + 1,
                values,
            )
            notes.append(
                f"{count_text(int(missing.sum()))} had no set_index; numbered in file order "
                "within athlete, session, exercise and side"
            )
        keys.append(values)
        if LOG_DTYPES[name] in ("Int16", "Int32"):
            nan = np.isnan(values)
            dtype = np.int16 if LOG_DTYPES[name] == "Int16" else np.int32
            out[name] = pd.arrays.IntegerArray(np.where(nan, 0, values).astype(dtype), nan)
        else:
            out[name] = values
    out["date"] = out["date"].astype("datetime64[ns]", copy=False)
    log = pd.DataFrame(out, columns=list(LOG_COLUMNS), copy=False)
    return log, keys, [out["session_id"], out["band"], out["notes"]]
