"""Validating a source's rows into the typed log and its ingest report.

:func:`validate_source` matches the source's columns to the schema, parses each with
:mod:`psoaskit.logs.cells` (side by side on a few threads), rejects blank, dose-less and
duplicate rows, and builds the log of the accepted rows and the report of the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date as Date
from typing import Any

import numpy as np
import pandas as pd

from psoaskit.catalogue.exercises import Catalogue, close_matches, read_catalogue
from psoaskit.errors import LogError
from psoaskit.logs.cells import (
    ParsedColumn,
    parse_date,
    parse_exercise,
    parse_free_text,
    parse_id_text,
    parse_number,
    parse_side,
    take_codes,
)
from psoaskit.logs.formats import detect_format
from psoaskit.logs.readers import Source, in_threads, scalar_text, unique_labels
from psoaskit.logs.schema import (
    ATHLETE_ID,
    BAND,
    DATE,
    DOSE_COLUMNS,
    EXERCISE_ID,
    LIMITS,
    LOAD_KG,
    LOG_COLUMNS,
    LOG_DTYPES,
    NOTES,
    NUMBER_COLUMNS,
    REQUIRED_COLUMNS,
    SESSION_COLUMNS,
    SESSION_ID,
    SET_INDEX,
    SIDE,
    SIDES,
    IngestReport,
    ReadResult,
    count_text,
)

__all__ = ["validate_source"]

_PROBLEM_COLUMNS = ["row", "column", "value", "reason", "message"]


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


def _problems(rows: Any, column: Any, value: Any, reason: Any, message: Any) -> pd.DataFrame:
    """Problem lines (one per row in ``rows``); each other field is one value or one per row."""
    return pd.DataFrame(dict(zip(_PROBLEM_COLUMNS, (rows, column, value, reason, message),
                                 strict=True)))


def _no_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _PROBLEM_COLUMNS})


def _matched_columns(
    frame: pd.DataFrame, labels: dict[str, str] | None, notes: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """(canonical column -> frame column, canonical column -> name shown in messages)."""
    named = [str(c).strip().lower() for c in frame.columns]
    twice = sorted({c for c in named if c in LOG_DTYPES and named.count(c) > 1})
    if twice:
        raise LogError(
            f"column(s) {', '.join(map(repr, twice))} appear more than once in the header"
        )
    frame = frame.set_axis(unique_labels(frame.columns), axis=1)
    columns = (
        {c: c for c in frame.columns if c in LOG_DTYPES} if labels else _column_map(frame, notes)
    )
    missing_cols = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing_cols:
        raise _missing_columns_error([str(c) for c in frame.columns], missing_cols)
    if not any(c in columns for c in DOSE_COLUMNS):
        raise LogError(f"no dose column: a log needs at least one of {', '.join(DOSE_COLUMNS)}")
    return columns, labels or {c: str(columns[c]) for c in columns}


def _parse_columns(
    frame: pd.DataFrame,
    columns: dict[str, str],
    labels: dict[str, str],
    *,
    catalogue: Catalogue,
    dayfirst: bool,
    today: pd.Timestamp,
    weight_scale: Any,
    notes: list[str],
) -> tuple[dict[str, ParsedColumn], pd.Series, np.ndarray]:
    """Every matched column parsed (side by side on a few threads), in schema order, plus the
    distinct athlete ids and the exercise id of each distinct exercise value."""

    def get(name: str) -> pd.Series:
        return frame[columns[name]]

    exercise_notes: list[str] = []
    tasks: dict[str, Callable[[], Any]] = {
        ATHLETE_ID: lambda: parse_id_text(labels[ATHLETE_ID], get(ATHLETE_ID)),
        DATE: lambda: parse_date(labels[DATE], get(DATE), dayfirst, today, notes),
        EXERCISE_ID: lambda: parse_exercise(
            labels[EXERCISE_ID], get(EXERCISE_ID), catalogue, exercise_notes
        ),
    }
    for name in (SESSION_ID, BAND, NOTES):
        if name in columns:
            tasks[name] = lambda name=name: parse_free_text(
                labels[name], get(name), strip=name != NOTES
            )
    if SIDE in columns:
        tasks[SIDE] = lambda: parse_side(labels[SIDE], get(SIDE))
    for name in NUMBER_COLUMNS:
        if name in columns:
            scale = weight_scale if name == LOAD_KG else 1.0
            tasks[name] = lambda name=name, scale=scale: parse_number(
                labels[name], get(name), name, scale
            )
    done = dict(zip(tasks, in_threads(list(tasks.values())), strict=True))
    done[ATHLETE_ID], athlete_u = done[ATHLETE_ID]  # id parsers also give the distinct values
    done[EXERCISE_ID], exercise_u = done[EXERCISE_ID]
    notes += exercise_notes
    return {c: done[c] for c in LOG_COLUMNS if c in done}, athlete_u, exercise_u


def _blank_rows(
    frame: pd.DataFrame, parsed: dict[str, ParsedColumn], used: set[str]
) -> np.ndarray:
    """Rows with no value in any column, matched or not."""
    blank = np.ones(len(frame), bool)
    for col in parsed.values():
        blank &= col.missing
    for label in frame.columns:
        if blank.any() and label not in used:  # a value in any other column: not blank
            cells = frame[label]
            blank &= (cells.isna() | (cells.astype("string").str.strip() == "")).to_numpy(bool)
    return blank


def _row_problems(
    src: Source, parsed: dict[str, ParsedColumn], labels: dict[str, str], blank: np.ndarray
) -> tuple[list[pd.DataFrame], np.ndarray]:
    """The problems of every row (blank rows have only that one) and which rows are bad."""
    for name in REQUIRED_COLUMNS:
        col = parsed[name]
        col.add_problem(col.missing & ~blank, "missing_value", f"{name} is required")
    found = [
        (rows, labels[name], col.raw_text(rows), code, message)
        for name, col in parsed.items()
        for rows, code, message in col.problems
    ]
    found += [(rows, label, np.asarray(values, dtype=object), code, message)
              for rows, label, code, message, values in src.extra]
    bad = blank.copy()
    parts = []
    for rows, column, values, code, message in found:
        keep = ~blank[rows]
        if keep.any():
            bad[rows[keep]] = True
            message = message[keep] if isinstance(message, np.ndarray) else message
            parts.append(_problems(src.rows[rows[keep]], column, values[keep], code, message))
    no_dose = ~blank
    for name in DOSE_COLUMNS:
        if name in parsed:
            no_dose &= parsed[name].missing
    if no_dose.any():
        bad |= no_dose
        parts.append(_problems(src.rows[no_dose], "", "", "no_dose",
                               "no reps, hold_s or work_s: a set needs one"))
    if blank.any():
        parts.append(_problems(src.rows[blank], "", "", "blank_row", "no values"))
    return parts, bad


def validate_source(
    src: Source,
    source_name: str,
    *,
    catalogue: Catalogue | None,
    dayfirst: bool,
    today: Date | pd.Timestamp | None,
    weight_scale: Any = 1.0,
    labels: dict[str, str] | None = None,
) -> ReadResult:
    """Validate the rows of ``src``: the typed log of the accepted rows and the report.

    ``labels`` maps canonical columns to the source's column names when the caller has
    already named its columns canonically (the importers); otherwise columns are matched by
    name. ``weight_scale`` converts ``load_kg`` to [kg] (a number or one factor per row).
    """
    notes = list(src.notes)
    columns, labels = _matched_columns(src.frame, labels, notes)
    frame = src.frame.set_axis(unique_labels(src.frame.columns), axis=1)
    parsed, athlete_u, exercise_u = _parse_columns(
        frame,
        columns,
        labels,
        catalogue=catalogue or read_catalogue(),
        dayfirst=dayfirst,
        today=pd.Timestamp(today) if today is not None else pd.Timestamp.now(),
        weight_scale=weight_scale,
        notes=notes,
    )
    blank = _blank_rows(frame, parsed, set(columns.values()))
    parts, bad = _row_problems(src, parsed, labels, blank)
    keep = np.flatnonzero(~bad)
    log, keys, texts = _build_log(parsed, athlete_u, exercise_u, keep, notes)
    dup, first = _duplicates(keys, texts)
    if dup.any():
        duplicates_of = [f"exact duplicate of row {r}" for r in src.rows[keep[first[dup]]]]
        parts.append(_problems(src.rows[keep[dup]], "", "", "duplicate", duplicates_of))
        log = log.loc[~dup].reset_index(drop=True)
        for name in (ATHLETE_ID, EXERCISE_ID):
            log[name] = log[name].cat.remove_unused_categories()
    log, conflicts = _session_values(log, src.rows[keep[~dup]], labels, notes)
    parts += conflicts
    pre = src.pre_rejected
    if len(pre):
        parts.append(_problems(pre["row"], "", pre["raw"], pre["reason"], pre["message"]))
    problems = (
        pd.concat(parts, ignore_index=True).sort_values("row", kind="stable", ignore_index=True)
        if parts
        else _no_problems()
    ).astype({"row": "int64", "column": str, "value": str, "reason": str, "message": str})
    typed = {labels[c] for c in columns if pd.api.types.is_float_dtype(frame[columns[c]].dtype)}
    if src.text is not None and problems["column"].isin(typed).any():
        _values_as_written(problems, src, typed)
    report = IngestReport(
        source_name, src.fmt, len(frame) + len(pre), len(log), problems, src.numbering, notes
    )
    return ReadResult(log, report)


def _session_values(
    log: pd.DataFrame, rows: np.ndarray, labels: dict[str, str], notes: list[str]
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Session-level values made one per session: conflicting rows rejected, gaps filled.

    A session is the rows sharing athlete and ``session_id``. Its first row with a value sets
    that column for the session; a row with a different value is rejected, naming that first
    row; rows without a value get it (noted). ``rows`` are the source rows of ``log``'s rows.
    """
    present = [c for c in SESSION_COLUMNS if c in labels and log[c].notna().any()]
    if not present or log.empty:
        return log, []
    session = pd.Series(
        pd.factorize(pd.MultiIndex.from_arrays([log[ATHLETE_ID].cat.codes, log[SESSION_ID]]))[0]
    )
    conflict = np.zeros(len(log), bool)
    parts = []
    filled: dict[str, pd.Series] = {}
    for name in present:
        values = log[name].reset_index(drop=True)
        has = values.notna()
        first_pos = pd.Series(np.where(has, np.arange(len(values)), np.nan)).groupby(
            session
        ).transform("min")
        first_value = values.groupby(session).transform("first")
        differs = (has & first_value.notna() & (values != first_value)).to_numpy(bool)
        if differs.any():
            conflict |= differs
            where = first_pos[differs].astype(np.int64).to_numpy()
            parts.append(
                _problems(
                    rows[differs],
                    labels[name],
                    [scalar_text(v) for v in values[differs]],
                    "session_conflict",
                    [
                        f"differs from {scalar_text(v)} in row {r} of the same session"
                        for v, r in zip(first_value[differs], rows[where], strict=True)
                    ],
                )
            )
        filled[name] = first_value
    gaps = {}
    for name, first_value in filled.items():
        missing = log[name].isna().to_numpy() & first_value.notna().to_numpy() & ~conflict
        if missing.any():
            gaps[name] = int(missing.sum())
            log[name] = np.where(missing, first_value.to_numpy(), log[name].to_numpy())
    if gaps:
        notes.append(
            "session-level values given on some rows of a session only, applied to its other "
            "rows: " + ", ".join(f"{name} ({count_text(n)})" for name, n in gaps.items())
        )
    if conflict.any():
        log = log.loc[~conflict].reset_index(drop=True)
        for name in (ATHLETE_ID, EXERCISE_ID):
            log[name] = log[name].cat.remove_unused_categories()
    return log, parts


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
    parsed: dict[str, ParsedColumn],
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
        (ATHLETE_ID, "codes"),
        (EXERCISE_ID, "codes"),
        (DATE, "values"),
        (SESSION_ID, "values"),
        (SESSION_ID, "missing"),
        (SIDE, "values"),
        *((name, "values") for name in (BAND, NOTES, *LIMITS)),
    }
    arrays = {key: getattr(parsed[key[0]], key[1]) for key in needed if key[0] in parsed}
    if m != len(parsed[DATE].values):
        kept = np.zeros(len(parsed[DATE].values), bool)
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
        codes = take_codes(distinct_codes.astype(np.int32), rows(name, "codes"), -1)
        return codes, pd.Categorical.from_codes(codes, categories=np.asarray(categories, object))

    athlete_codes, out[ATHLETE_ID] = categorical(ATHLETE_ID, athlete_u.to_numpy(object))
    dates = rows(DATE)
    out[DATE] = dates
    if SESSION_ID in parsed:
        session = rows(SESSION_ID)
        derived = rows(SESSION_ID, "missing")
    else:
        session = pd.array([None] * m, dtype="string")
        derived = np.ones(m, bool)
    if derived.any():
        names = np.asarray(out[ATHLETE_ID].categories, object)[athlete_codes[derived]]
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
    out[SESSION_ID] = session
    exercise_codes, out[EXERCISE_ID] = categorical(EXERCISE_ID, exercise_u)
    side = rows(SIDE) if SIDE in parsed else np.full(m, -1, np.int8)
    if (side < 0).any():
        notes.append(f"{count_text(int((side < 0).sum()))} had no side; recorded as 'both'")
        side = np.where(side < 0, SIDES.index("both"), side).astype(np.int8)
    out[SIDE] = pd.Categorical.from_codes(side, dtype=LOG_DTYPES[SIDE])
    # the first five keys (set_index the fifth) find duplicate candidates: keep that order
    keys: list[np.ndarray] = [athlete_codes, dates.view(np.int64), exercise_codes, side]
    for name in (BAND, NOTES):
        out[name] = rows(name) if name in parsed else pd.array([None] * m, dtype="string")
    for name in NUMBER_COLUMNS:
        values = rows(name) if name in parsed else np.full(m, np.nan)
        if name == SET_INDEX and np.isnan(values).any():
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
    out[DATE] = out[DATE].astype("datetime64[ns]", copy=False)
    log = pd.DataFrame(out, columns=list(LOG_COLUMNS), copy=False)
    return log, keys, [out[SESSION_ID], out[BAND], out[NOTES]]
