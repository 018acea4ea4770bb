"""Importers for training-app exports: Strong, Hevy and FitNotes CSV into the canonical log.

The format is recognised from the header (:func:`detect_format`). Each export row becomes
one canonical row, or is rejected with its reasons, through the same validation as
:func:`psoaskit.read_log`, so every export row is accounted for.

Decisions a coach should know (also in the README):

- Exercise names are matched to the catalogue by name and aliases (case and punctuation
  ignored), after a user mapping file if given. Anything else becomes exercise ``other``
  with the app's name kept at the start of ``notes`` (``exercise: Bench Press (Barbell)``),
  so total training load stays visible; the report counts them and suggests close
  catalogue names.
- Apps record no side. A name ending in left/right (``Psoas Hold (Left)``, ``... - R``)
  or a mapping row with a side sets it; otherwise the side is ``both`` and the report
  says how many sets of one-sided catalogue exercises have no side.
- Apps record no pain: ``pain`` stays empty. Warm-up, drop and failure sets are kept (they
  are training) and labelled in ``notes``. Strong rest-timer rows are not sets: they are
  counted as skipped.
- ``set_index`` is the set's position within its exercise in the session, in file order
  (warm-ups included), starting at 1.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from psoaskit.exercises import Catalogue, close_matches, load_catalogue, normalise_name
from psoaskit.ingest import (
    Source,
    csv_records,
    decode_text,
    finish_ingest,
    first_line,
    pre_rejected_frame,
    sniff_delimiter,
)
from psoaskit.logs import LB_TO_KG, OTHER_EXERCISE, SIDES, LogError, ReadResult
from psoaskit.validation import validate_source

__all__ = [
    "EXPORT_FORMATS",
    "detect_format",
    "import_export",
    "load_mapping",
    "parse_hevy_time",
    "read_any",
    "resolve_exercise",
]

#: App export formats that :func:`import_export` reads.
EXPORT_FORMATS = ("strong", "hevy", "fitnotes")

#: Header of Strong's semicolon export (V3), also used for copies with the header removed.
STRONG_V3_HEADER = (
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "RPE",
    "Distance",
    "Distance Unit",
    "Seconds",
    "Notes",
    "Workout Notes",
)
_SPREADSHEET = "spreadsheet rows; the header is row 1"
_KG_UNITS = {"kg", "kgs", "kilograms"}
_LB_UNITS = {"lb", "lbs", "pounds"}
_SIDE_TOKENS = {"left": "L", "l": "L", "right": "R", "r": "R"}


def _key(name: str) -> str:
    return name.strip().strip('"').strip().lower()


def detect_format(header: Sequence[str]) -> str:
    """Name the format of a CSV header: ``strong``, ``hevy``, ``fitnotes``, ``canonical``
    (a psoaskit log) or ``unknown``.

    Examples
    --------
    >>> detect_format(["Date", "Workout Name", "Exercise Name", "Set Order", "Weight"])
    'strong'
    >>> detect_format(["Date", "Exercise", "Category", "Weight (kgs)", "Reps"])
    'fitnotes'
    """
    names = {_key(h) for h in header}
    if "exercise_id" in names or "athlete_id" in names:
        return "canonical"
    if {"exercise_title", "start_time"} <= names:
        return "hevy"
    if {"exercise name", "set order"} <= names:
        return "strong"
    if {"date", "exercise", "category"} <= names:
        return "fitnotes"
    return "unknown"


def _is_headless_strong(fields: list[str]) -> bool:
    return (
        len(fields) == len(STRONG_V3_HEADER)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}(:\d{2})?", fields[0].strip()) is not None
        and _key(fields[5]) in _KG_UNITS | _LB_UNITS | {""}
    )


# --- exercise names ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    exercise_id: str
    side: str | None


def load_mapping(
    source: str | Path | Mapping[str, Any] | None, catalogue: Catalogue | None = None
) -> dict[str, _Target]:
    """Read a user mapping of app exercise names to catalogue ids (and optionally a side).

    A CSV file with columns ``name,exercise_id[,side]`` (``#`` lines are comments), or a
    dict ``{name: exercise_id}`` / ``{name: (exercise_id, side)}``. ``exercise_id`` may be
    ``other``; ``side`` is L, R, both or empty.

    Raises
    ------
    LogError
        On an unreadable file or unknown ids/sides, naming the row.

    Examples
    --------
    >>> m = load_mapping({"Hip Flexor Raise (L)": ("standing_hip_flexion", "L")})
    >>> m["hip flexor raise l"].side
    'L'
    """
    if source is None:
        return {}
    catalogue = catalogue or load_catalogue()
    rows: list[tuple[str, list[str]]] = []
    if isinstance(source, Mapping):
        for name, target in source.items():
            fields = [target] if isinstance(target, str) else list(target)
            rows.append((f"entry {name!r}", [str(name), *map(str, fields)]))
    else:
        path = Path(source)
        try:
            text, _ = decode_text(path.read_bytes())
        except OSError as exc:
            raise LogError(f"cannot read the mapping {path}: {exc.strerror or exc}") from None
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
        records = csv_records("\n".join(lines), sniff_delimiter(lines[0] if lines else ""))
        if records and [_key(f) for f in records[0][1][:2]] == ["name", "exercise_id"]:
            records = records[1:]
        rows = [
            (f"{path} row {n}", fields)
            for n, fields, _ in records
            if any(f.strip() for f in fields)
        ]
    ids = [*catalogue.exercises, OTHER_EXERCISE]
    mapping: dict[str, _Target] = {}
    for where, fields in rows:
        if len(fields) < 2 or len(fields) > 3:
            raise LogError(f"mapping {where}: expected name,exercise_id[,side], got {fields!r}")
        name, exercise_id = fields[0].strip(), fields[1].strip()
        side = fields[2].strip() if len(fields) == 3 else ""
        if exercise_id not in ids:
            near = close_matches(exercise_id, ids)
            hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
            raise LogError(f"mapping {where}: unknown exercise {exercise_id!r}{hint}")
        if side and side not in SIDES:
            raise LogError(f"mapping {where}: side {side!r} is not L, R or both")
        mapping[normalise_name(name)] = _Target(exercise_id, side or None)
    return mapping


def resolve_exercise(
    name: str, catalogue: Catalogue, mapping: Mapping[str, _Target] | None = None
) -> tuple[str, str | None]:
    """Catalogue id (or ``other``) and side (or None) of an app's exercise name.

    The mapping wins, then the catalogue's names and aliases; a trailing or leading
    left/right word names the side.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> resolve_exercise("Standing Banded Psoas Hold (Left)", cat)
    ('standing_banded_psoas_hold', 'L')
    >>> resolve_exercise("Standing Hip Flexion (right leg)", cat)
    ('standing_hip_flexion', 'R')
    >>> resolve_exercise("Bench Press (Barbell)", cat)
    ('other', None)
    """
    mapping = mapping or {}
    index = catalogue.alias_index()
    key = normalise_name(name)
    candidates = [(key, None)]
    words = key.split()
    if len(words) > 2 and words[-1] in ("leg", "side", "hip") and words[-2] in ("left", "right"):
        words = words[:-1]  # "... (left leg)"
    if len(words) > 1 and words[-1] in _SIDE_TOKENS:
        candidates.append((" ".join(words[:-1]), _SIDE_TOKENS[words[-1]]))
    if len(words) > 1 and words[0] in ("left", "right"):
        candidates.append((" ".join(words[1:]), _SIDE_TOKENS[words[0]]))
    for table in (mapping, None):
        for candidate, side in candidates:
            if table is not None and candidate in table:
                target = table[candidate]
                return target.exercise_id, target.side or side
            if table is None and candidate in index:
                return index[candidate], side
    return OTHER_EXERCISE, None


# --- shared steps -----------------------------------------------------------------------------


def _numbers(values: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """(text for the validator, parsed numbers for the importer's decisions)."""
    text = values.fillna("").astype(str).str.strip()
    if decimal_comma:
        text = text.where(
            ~text.str.fullmatch(r"-?\d+,\d+"), text.str.replace(",", ".", regex=False)
        )
    numbers = pd.to_numeric(text.where(text != "").astype(object), errors="coerce")
    return text, pd.Series(numbers, index=values.index, dtype=float)


def _running_index(*keys: pd.Series) -> pd.Series:
    """1, 2, 3 ... within each group of equal keys, in row order."""
    frame = pd.DataFrame({f"k{i}": k.to_numpy() for i, k in enumerate(keys)})
    return frame.groupby(list(frame.columns), sort=False, dropna=False).cumcount() + 1


def _join_notes(*parts: pd.Series) -> pd.Series:
    out = pd.Series("", index=parts[0].index, dtype=object)
    for part in parts:
        part = part.fillna("").astype(str).str.strip()
        out = out.where(part == "", out.where(out == "", out + "; ") + part)
    return out.where(out != "", None)


def _seconds_of_clock(text: pd.Series) -> pd.Series:
    """``H:MM:SS`` or ``M:SS`` as seconds; other text unchanged (the validator rejects it)."""
    parts = text.str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$").apply(pd.to_numeric)
    seconds = parts[0].fillna(0) * 3600 + parts[1] * 60 + parts[2]
    return seconds.astype(object).where(seconds.notna(), text)


_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "januar", "jan", "jän"),
            ("february", "februar", "feb"),
            ("march", "märz", "maerz", "mar", "mär", "mrz"),
            ("april", "apr"),
            ("may", "mai"),
            ("june", "juni", "jun"),
            ("july", "juli", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oktober", "oct", "okt"),
            ("november", "nov"),
            ("december", "dezember", "dec", "dez"),
        ]
    )
    for name in names
}
_HEVY_DATES = (
    re.compile(
        r"(?P<d>\d{1,2})\.?\s+(?P<mon>[^\W\d_]+)\.?\s+(?P<y>\d{4}),?\s+(?P<H>\d{1,2}):"
        r"(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
    ),
    re.compile(
        r"(?P<mon>[^\W\d_]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4}),?\s+(?P<H>\d{1,2}):"
        r"(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
    ),
)


def parse_hevy_time(text: str) -> pd.Timestamp | str:
    """A Hevy ``start_time`` (``7 Apr 2026, 10:14``, ``Jun 11, 2026, 1:01 PM``, German month
    names) as a Timestamp; unreadable text is returned unchanged for the validator.

    Examples
    --------
    >>> parse_hevy_time("Jun 11, 2026, 1:01 PM")
    Timestamp('2026-06-11 13:01:00')
    >>> parse_hevy_time("25 Juli 2026, 14:21")
    Timestamp('2026-07-25 14:21:00')
    """
    clean = text.replace("\u202f", " ").strip()
    for pattern in _HEVY_DATES:
        match = pattern.fullmatch(clean)
        if not match:
            continue
        month = _MONTHS.get(match["mon"].lower())
        hour, ampm = int(match["H"]), (match["ampm"] or "").lower()[:1]
        if month is None or (ampm and not 1 <= hour <= 12):
            return text
        hour = hour % 12 + (12 if ampm == "p" else 0) if ampm else hour
        try:
            return pd.Timestamp(
                int(match["y"]), month, int(match["d"]), hour, int(match["M"]), int(match["S"] or 0)
            )
        except ValueError:
            return text
    return text


# --- per-app mapping to canonical columns ------------------------------------------------------


@dataclass
class _Mapped:
    """An export mapped to canonical columns, before validation."""

    frame: pd.DataFrame  # canonical column names, text or parsed values
    labels: dict[str, str]  # canonical column -> export column (for messages)
    load_scale: np.ndarray
    skipped: list[tuple[int, str, str]]  # frame positions to skip: (position, reason, message)
    extra: list[tuple[np.ndarray, str, str, str, np.ndarray]]
    notes: list[str]
    variant: str


def _col(raw: pd.DataFrame, *names: str) -> str | None:
    keys = {_key(c): c for c in raw.columns}
    return next((keys[n] for n in names if n in keys), None)


def _unit_scale(
    raw: pd.DataFrame,
    weight_col: str | None,
    unit_col: str | None,
    default: str,
    notes: list[str],
    extra: list[Any],
    app: str,
) -> np.ndarray:
    """Kilograms per unit of each row's weight: header unit, unit column, else ``default``."""
    header_unit = _unit_in(weight_col).lower() or None
    n = len(raw)
    if header_unit:
        return np.full(n, LB_TO_KG if header_unit in _LB_UNITS else 1.0)
    if unit_col is None:
        notes.append(
            f"{app} does not state the weight unit in this export; weights read as "
            f"{default} (change with the weight-unit option)"
        )
        return np.full(n, LB_TO_KG if default == "lb" else 1.0)
    units = raw[unit_col].fillna("").astype(str).str.strip().str.lower()
    scale = np.where(units.isin(_LB_UNITS), LB_TO_KG, 1.0)
    blank = (units == "").to_numpy(copy=True)
    scale[blank] = LB_TO_KG if default == "lb" else 1.0
    blank &= (
        (raw[weight_col].fillna("").astype(str).str.strip() != "").to_numpy()
        if weight_col
        else False
    )
    if blank.any():
        notes.append(f"{int(blank.sum())} row(s) without a weight unit read as {default}")
    unknown = ~(units.isin(_KG_UNITS | _LB_UNITS) | (units == "")).to_numpy()
    if unknown.any():
        rows = np.flatnonzero(unknown)
        extra.append(
            (
                rows,
                unit_col,
                "bad_unit",
                "weight unit must be kg or lbs",
                units.to_numpy(object)[rows],
            )
        )
    return scale


def _text(raw: pd.DataFrame, label: str | None) -> pd.Series:
    """A column's stripped text ("" where empty or where the export has no such column)."""
    if label is None:
        return pd.Series("", index=raw.index, dtype=object)
    return raw[label].fillna("").astype(str).str.strip()


def _unit_in(label: str | None) -> str:
    match = re.search(r"\(([^)]*)\)", label or "")
    return match[1] if match else ""


def _strong(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool) -> _Mapped:
    c = lambda *names: _col(raw, *names)  # noqa: E731
    notes: list[str] = []
    extra: list[Any] = []
    header = {_key(h) for h in raw.columns}
    variant = (
        "V3b"
        if "workout #" in header
        else "V3"
        if "weight unit" in header
        else "V4"
        if "notes" in header and "duration" in header
        else "V5"
        if "duration" in header
        else "V2"
        if "rpe" in header
        else "V1"
    )
    weight = c("weight", "weight (kg)", "weight (kgs)", "weight (lbs)", "weight (lb)")
    scale = _unit_scale(raw, weight, c("weight unit"), weight_unit, notes, extra, "Strong")
    order = _text(raw, c("set order"))
    rest = order.str.lower().str.replace(" ", "") == "resttimer"
    skipped = [(int(i), "rest_timer", "rest timer, not a set") for i in np.flatnonzero(rest)]
    numbered = order.str.fullmatch(r"\d+(\.0+)?")
    kind = order.str.lower().map({"w": "warm-up set", "d": "drop set", "f": "failure set"})
    kind = kind.where(kind.notna() | numbered | rest | (order == ""), "set order " + order)
    reps_text, reps = _numbers(_text(raw, c("reps")), decimal_comma)
    seconds_text, seconds = _numbers(_text(raw, c("seconds")), decimal_comma)
    distance_col = c("distance", "distance (meters)", "distance (m)", "distance (km)")
    distance_text, distance = _numbers(_text(raw, distance_col), decimal_comma)
    unit = _text(raw, c("distance unit")) if not _unit_in(distance_col) else _unit_in(distance_col)
    timed = (seconds > 0) | (distance > 0)
    frame = pd.DataFrame(
        {
            "date": _text(raw, c("date")),
            "session_id": _text(raw, c("date")),
            "reps": reps_text.where(~((reps == 0) & timed), ""),
            "work_s": seconds_text.where(seconds > 0, ""),
            "load_kg": _numbers(_text(raw, weight), decimal_comma)[0],
            "rpe": _numbers(_text(raw, c("rpe")), decimal_comma)[0],
            "_notes": _join_notes(
                kind.where(~numbered & ~rest),
                ("distance " + distance_text + " " + unit).str.strip().where(distance > 0),
                _text(raw, c("notes")),
            ),
            "_name": _text(raw, c("exercise name")),
        }
    )
    labels = {
        "date": c("date"),
        "session_id": c("date"),
        "set_index": c("set order"),
        "reps": c("reps"),
        "work_s": c("seconds") or "Seconds",
        "load_kg": weight or "Weight",
        "rpe": c("rpe") or "RPE",
        "exercise_id": c("exercise name"),
        "notes": c("notes") or "Notes",
    }
    _not_carried(
        raw,
        ("workout name", "duration", "duration (sec)", "workout duration", "workout notes",
         "workout #"),
        notes,
    )
    return _Mapped(frame, labels, scale, skipped, extra, notes, f"strong ({variant})")


def _not_carried(raw: pd.DataFrame, keys: tuple[str, ...], notes: list[str]) -> None:
    dropped = [str(h) for h in raw.columns if _key(h) in keys]
    if dropped:
        notes.append(
            f"not carried into the log (the schema has no such column): {', '.join(dropped)}"
        )


def _hevy(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool) -> _Mapped:
    c = lambda *names: _col(raw, *names)  # noqa: E731
    weight = c("weight_lbs", "weight_kg")
    lbs = weight is not None and _key(weight) == "weight_lbs"
    start = _text(raw, c("start_time"))
    parsed = {s: parse_hevy_time(s) for s in start.unique()}
    dates = start.map(parsed)
    index_text, index = _numbers(_text(raw, c("set_index")), decimal_comma)
    set_index = (index + 1).astype(object).where(index.notna(), index_text)
    duration_text, duration = _numbers(_text(raw, c("duration_seconds")), decimal_comma)
    distance_col = c("distance_km", "distance_miles")
    distance_text, distance = _numbers(_text(raw, distance_col), decimal_comma)
    unit = "mi" if distance_col and _key(distance_col) == "distance_miles" else "km"
    kinds = {"warmup": "warm-up set", "dropset": "drop set", "failure": "failure set", "normal": ""}
    set_type = _text(raw, c("set_type")).str.lower()
    frame = pd.DataFrame(
        {
            "date": dates,
            "session_id": start,
            "set_index": set_index,
            "reps": _numbers(_text(raw, c("reps")), decimal_comma)[0],
            "work_s": duration_text.where(duration > 0, ""),
            "load_kg": _numbers(_text(raw, weight), decimal_comma)[0],
            "rpe": _numbers(_text(raw, c("rpe")), decimal_comma)[0],
            "_notes": _join_notes(
                set_type.map(lambda t: kinds.get(t, t)),
                ("distance " + distance_text + " " + unit).where(distance > 0),
                _text(raw, c("exercise_notes")),
            ),
            "_name": _text(raw, c("exercise_title")),
        }
    )
    stamps = pd.to_datetime(
        dates.where(dates.map(lambda v: isinstance(v, pd.Timestamp))), errors="coerce"
    )
    frame["_order"] = stamps.to_numpy()
    notes: list[str] = []
    known = stamps.dropna()
    if len(known) > 1 and known.iloc[0] > known.iloc[-1]:
        notes.append("the export lists workouts newest first; the log is in date order")
    labels = {
        "date": c("start_time"),
        "session_id": c("start_time"),
        "set_index": c("set_index"),
        "reps": c("reps"),
        "work_s": c("duration_seconds") or "duration_seconds",
        "load_kg": weight or "weight_kg",
        "rpe": c("rpe") or "rpe",
        "exercise_id": c("exercise_title"),
        "notes": c("exercise_notes") or "exercise_notes",
    }
    _not_carried(raw, ("title", "end_time", "description", "superset_id"), notes)
    scale = np.full(len(raw), LB_TO_KG if lbs else 1.0)
    return _Mapped(frame, labels, scale, [], [], notes, f"hevy ({'lbs' if lbs else 'kg'})")


def _fitnotes(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool) -> _Mapped:
    c = lambda *names: _col(raw, *names)  # noqa: E731
    notes: list[str] = []
    extra: list[Any] = []
    weight = c("weight", "weight (kgs)", "weight (kg)", "weight (lbs)", "weight (lb)")
    scale = _unit_scale(raw, weight, c("weight unit"), weight_unit, notes, extra, "FitNotes")
    time_text = _text(raw, c("time"))
    seconds = _seconds_of_clock(time_text)
    positive = pd.to_numeric(seconds, errors="coerce") > 0
    zero = pd.to_numeric(seconds, errors="coerce") == 0
    distance_text, distance = _numbers(_text(raw, c("distance")), decimal_comma)
    unit = _text(raw, c("distance unit"))
    reps_text, reps = _numbers(_text(raw, c("reps")), decimal_comma)
    date = _text(raw, c("date"))
    frame = pd.DataFrame(
        {
            "date": date,
            "session_id": date,
            "reps": reps_text.where(~((reps == 0) & (positive | (distance > 0))), ""),
            "work_s": seconds.where(~zero, ""),
            "load_kg": _numbers(_text(raw, weight), decimal_comma)[0],
            "_notes": _join_notes(
                ("distance " + distance_text + " " + unit).str.strip().where(distance > 0),
                _text(raw, c("comment")),
            ),
            "_name": _text(raw, c("exercise")),
        }
    )
    labels = {
        "date": c("date"),
        "session_id": c("date"),
        "set_index": "(row order)",
        "reps": c("reps"),
        "work_s": c("time") or "Time",
        "load_kg": weight or "Weight",
        "exercise_id": c("exercise"),
        "notes": c("comment") or "Comment",
    }
    _not_carried(raw, ("category",), notes)
    notes.append("FitNotes has no workout column: each date is one session")
    return _Mapped(frame, labels, scale, [], extra, notes, "fitnotes")


_MAPPERS = {"strong": _strong, "hevy": _hevy, "fitnotes": _fitnotes}


# --- the entry point ---------------------------------------------------------------------------


def _read_bytes(source: Any) -> tuple[bytes, str]:
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            return path.read_bytes(), str(path)
        except OSError as exc:
            raise LogError(f"cannot read {path}: {exc.strerror or exc}") from None
    if hasattr(source, "read"):
        raw = source.read()
        return (raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)), "<buffer>"
    raise LogError(f"cannot read an export from a {type(source).__name__}")


def _default_athlete(name: str) -> str:
    if name.startswith("<"):
        return "athlete"
    return re.sub(r"\s+", "_", Path(name).stem.strip()) or "athlete"


def import_export(
    source: Any,
    *,
    format: str = "auto",
    mapping: str | Path | Mapping[str, Any] | None = None,
    athlete_id: str | None = None,
    weight_unit: str = "kg",
    dayfirst: bool = False,
    strict: bool = False,
    quarantine: str | Path | None = None,
    catalogue: Catalogue | None = None,
    today: Date | pd.Timestamp | None = None,
) -> ReadResult:
    """Import a Strong, Hevy or FitNotes CSV export as a validated canonical log.

    Every export row is accepted or rejected with its reasons, exactly as in
    :func:`psoaskit.read_log` (``rows_read == rows_accepted + rows_rejected``); the export
    file is only read.

    Parameters
    ----------
    source : str, Path or file-like
        The export file (or an open buffer).
    format : {"auto", "strong", "hevy", "fitnotes"}
        ``auto`` recognises the app from the header.
    mapping : str, Path or dict, optional
        App exercise name -> catalogue id (and side); see :func:`load_mapping`.
    athlete_id : str, optional
        The athlete the export belongs to (default: the file name without extension).
    weight_unit : {"kg", "lb"}
        Unit of weights where the export does not state it (Strong's comma formats);
        stated units (Hevy's ``weight_lbs``, ``Weight (kgs)``, unit columns) always win.
    dayfirst : bool
        Read numeric dates as DD/MM/YYYY.
    strict, quarantine, catalogue, today
        As in :func:`psoaskit.read_log`.

    Returns
    -------
    ReadResult
        ``(log, report)``.

    Raises
    ------
    LogError
        When the file cannot be read, its header matches no known export, the mapping is
        invalid, or in strict mode.

    Examples
    --------
    >>> import io
    >>> export = io.StringIO(
    ...     "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\\n"
    ...     "2024-01-16 16:46:08,Hips,20m,Psoas March,1,0,0,0,60.0,\\n"
    ...     "2024-01-16 16:46:08,Hips,20m,Squat (Barbell),W,40.0,8.0,0,0.0,\\n")
    >>> log, report = import_export(export, athlete_id="ana")
    >>> log[["exercise_id", "work_s", "reps", "load_kg", "notes"]]  # doctest: +NORMALIZE_WHITESPACE
       exercise_id  work_s  reps  load_kg                                   notes
    0  psoas_march    60.0  <NA>      0.0                                    <NA>
    1        other     NaN     8     40.0  exercise: Squat (Barbell); warm-up set
    >>> report.rows_read == report.rows_accepted + report.rows_rejected
    True
    """
    if format not in ("auto", *EXPORT_FORMATS):
        raise LogError(
            f"unknown export format {format!r}; expected auto, {', '.join(EXPORT_FORMATS)}"
        )
    if weight_unit not in ("kg", "lb"):
        raise LogError(f"unknown weight unit {weight_unit!r}; expected kg or lb")
    catalogue = catalogue or load_catalogue()
    targets = load_mapping(mapping, catalogue)
    data, name = _read_bytes(source)
    export = _read_export(data, format)
    mapped = _MAPPERS[export.app](export.raw, weight_unit, export.delimiter == ";")
    athlete = athlete_id if athlete_id is not None else _default_athlete(name)
    frame, notes = _canonical(mapped, athlete, catalogue, targets)
    if athlete_id is None:
        notes.insert(
            0, f"athlete_id {athlete!r} taken from the file name (set it with the athlete option)"
        )
    notes = export.notes + notes
    skip = np.zeros(len(frame), bool)
    pre = list(export.pre)
    for position, reason, message in mapped.skipped:
        skip[position] = True
        pre.append((int(export.rows[position]), reason, message, export.lines[position]))
    order = np.flatnonzero(~skip)
    if "_order" in frame:  # newest-first exports: sort by start time, keeping set order
        stamps = frame.pop("_order").to_numpy()[order].astype("datetime64[ns]")
        order = order[np.argsort(stamps.astype(np.int64), kind="stable")]
    position_of = np.full(len(frame), -1, np.int64)
    position_of[order] = np.arange(len(order))
    extra = []
    for rows, label, code, message, values in mapped.extra:
        kept = position_of[rows] >= 0
        extra.append(
            (position_of[rows][kept], label, code, message, np.asarray(values, object)[kept])
        )
    src = Source(
        frame.iloc[order].reset_index(drop=True),
        export.rows[order],
        mapped.variant,
        export.numbering,
        pre_rejected_frame(pre),
        notes,
        extra=extra,
    )
    labels = {
        **{c: c for c in src.frame.columns},
        **mapped.labels,
        "athlete_id": "athlete_id (option)",
        "side": "side (from the name)",
    }
    result = validate_source(
        src,
        name,
        catalogue=catalogue,
        dayfirst=dayfirst,
        today=today,
        load_scale=mapped.load_scale[order],
        labels=labels,
    )
    return finish_ingest(
        result,
        src,
        source=source,
        quarantine=quarantine,
        strict=strict,
        verbatim=export.raw.iloc[order].reset_index(drop=True),
    )


@dataclass
class _Export:
    """An export split into records: the rows that fit the header, and those that do not."""

    app: str
    raw: pd.DataFrame  # the export's own columns, text
    rows: np.ndarray  # spreadsheet row number of each raw row
    lines: list[str]  # raw text of each raw row
    pre: list[tuple[int, str, str, str]]  # rows that never became raw rows
    numbering: str
    delimiter: str
    notes: list[str]


def _read_export(data: bytes, format: str) -> _Export:
    """Decode, split and recognise an export; rows not matching the header are rejected."""
    text, encoding_note = decode_text(data)
    if not text.strip():
        raise LogError("empty file: no header row")
    delimiter = sniff_delimiter(first_line(text))
    records = csv_records(text, delimiter)
    header = [f.strip() for f in records[0][1]]
    app = detect_format(header)
    data_records = records[1:]
    numbering = _SPREADSHEET
    if app == "unknown" and _is_headless_strong(records[0][1]):
        app, header, data_records = "strong", list(STRONG_V3_HEADER), records
        numbering = "spreadsheet rows; this export has no header row"
    if app == "canonical":
        raise LogError(
            "this is a psoaskit log already; read it with `psoaskit validate` / read_log"
        )
    if app == "unknown":
        raise LogError(
            "the header matches no known export (Strong, Hevy, FitNotes): "
            + ", ".join(repr(h) for h in header[:14])
        )
    if format not in ("auto", app):
        raise LogError(f"the header looks like a {app} export, not {format}")
    width = len(header)
    kept: list[list[str | None]] = []
    rows: list[int] = []
    lines: list[str] = []
    pre: list[tuple[int, str, str, str]] = []
    for number, fields, line in data_records:
        if not fields or all(not f.strip() for f in fields):
            pre.append((number, "blank_row", "no values", line))
        elif len(fields) != width:
            hint = (
                " (an exercise name with an unquoted comma?)"
                if (app == "fitnotes" and len(fields) > width)
                else ""
            )
            pre.append(
                (
                    number,
                    "malformed_row",
                    f"{len(fields)} fields, the header has {width}{hint}",
                    line,
                )
            )
        else:
            kept.append([f if f != "" else None for f in fields])
            rows.append(number)
            lines.append(line)
    raw = (
        pd.DataFrame(kept, columns=header, dtype=object)
        if kept
        else pd.DataFrame({h: pd.Series(dtype=object) for h in header})
    )
    return _Export(
        app,
        raw,
        np.asarray(rows, np.int64),
        lines,
        pre,
        numbering,
        delimiter,
        [encoding_note] if encoding_note else [],
    )


def _canonical(
    mapped: _Mapped, athlete: str, catalogue: Catalogue, targets: Mapping[str, _Target]
) -> tuple[pd.DataFrame, list[str]]:
    """Name exercises and sides, number sets and set the athlete of a mapped export."""
    frame = mapped.frame
    names = frame.pop("_name")
    resolved = {n: resolve_exercise(n, catalogue, targets) for n in names.unique()}
    frame["exercise_id"] = names.map(lambda n: resolved[n][0] if n.strip() else None)
    named_side = names.map(lambda n: resolved[n][1])
    frame["side"] = named_side.fillna("both")
    other = frame["exercise_id"] == OTHER_EXERCISE
    frame["notes"] = _join_notes(
        ("exercise: " + names.str.strip()).where(other), frame.pop("_notes")
    )
    if "set_index" not in frame:  # position within exercise and side in the session
        sets = np.ones(len(frame), bool)
        for position, _, _ in mapped.skipped:
            sets[position] = False
        counted = pd.Series(np.nan, index=frame.index, dtype=float)
        counted[sets] = _running_index(
            frame["session_id"][sets], names.str.strip().str.lower()[sets], frame["side"][sets]
        ).to_numpy()
        frame["set_index"] = counted
    frame["athlete_id"] = athlete
    notes = mapped.notes + _exercise_notes(names, frame, other, named_side, catalogue)
    return frame, notes


def _exercise_notes(
    names: pd.Series,
    frame: pd.DataFrame,
    other: pd.Series,
    named_side: pd.Series,
    catalogue: Catalogue,
) -> list[str]:
    notes = []
    if other.any():
        counts = names[other].str.strip().value_counts()
        index = catalogue.alias_index()
        shown = []
        for exercise, count in counts.head(8).items():
            near = difflib.get_close_matches(normalise_name(str(exercise)), index, 1, 0.8)
            hint = f" (close to {index[near[0]]!r}?)" if near else ""
            shown.append(f"{exercise!r} x{count}{hint}")
        more = f" and {len(counts) - 8} more names" if len(counts) > 8 else ""
        notes.append(
            f"{int(other.sum())} set(s) of exercises outside the catalogue kept as "
            f"'{OTHER_EXERCISE}': {', '.join(shown)}{more}; map names with a mapping file"
        )
    one_sided = np.array(
        [
            e in catalogue.exercises and catalogue.exercises[e].laterality == "unilateral"
            for e in frame["exercise_id"]
        ],
        dtype=bool,
    )
    no_side = one_sided & named_side.isna().to_numpy(bool)
    if no_side.any():
        notes.append(
            f"{int(no_side.sum())} set(s) of one-sided exercises have no side in the "
            "export and are logged as 'both'; name the side in the app (e.g. "
            "'... (left)') or in a mapping file to analyse asymmetry"
        )
    return notes


def read_any(
    source: Any,
    *,
    format: str = "auto",
    mapping: str | Path | Mapping[str, Any] | None = None,
    athlete_id: str | None = None,
    **options: Any,
) -> ReadResult:
    """Read a psoaskit log or an app export, whichever ``source`` is.

    ``format`` is ``auto`` (decided from the file name and header), one of
    ``csv``/``parquet``/``jsonl`` (a psoaskit log, :func:`psoaskit.read_log`) or one of
    :data:`EXPORT_FORMATS` (:func:`import_export`). Other keyword options go to the reader.

    Examples
    --------
    >>> import io
    >>> _, report = read_any(io.StringIO(
    ...     "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\\n"
    ...     "2024-05-02,Toe Taps,Core,0.0,12,,,\\n"), athlete_id="kim")
    >>> report.format, report.rows_accepted
    ('fitnotes', 1)
    """
    from psoaskit.logs import read_log

    if format in EXPORT_FORMATS:
        return import_export(
            source, format=format, mapping=mapping, athlete_id=athlete_id, **options
        )
    if format == "auto" and not isinstance(source, pd.DataFrame):
        suffix = Path(str(source)).suffix.lower() if isinstance(source, str | Path) else ""
        if suffix not in (".parquet", ".pq", ".jsonl", ".ndjson", ".json"):
            data, _ = _read_bytes(source)
            head = (
                data[: 1 << 16].decode("utf-8-sig", errors="replace") if data[:4] != b"PAR1" else ""
            )
            line = first_line(head)
            first = csv_records(line, sniff_delimiter(line)) if line.strip() else []
            fields = first[0][1] if first else []
            source = io.BytesIO(data) if not isinstance(source, str | Path) else source
            if detect_format(fields) in EXPORT_FORMATS or _is_headless_strong(fields):
                return import_export(source, mapping=mapping, athlete_id=athlete_id, **options)
    weight = options.pop("weight_unit", "kg")
    return read_log(source, format=format, weight_unit=weight, **options)
