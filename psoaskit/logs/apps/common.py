"""What every app importer shares: column helpers, splitting an export, naming its rows.

An app importer (:mod:`psoaskit.logs.apps.strong`, ``hevy``, ``fitnotes``) maps the export's
columns to canonical ones (a :class:`MappedExport`); :func:`split_export` splits the file into
rows first and :func:`to_canonical` names exercises and sides, numbers sets and sets the
athlete afterwards.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from psoaskit._files import regular_file
from psoaskit.catalogue.exercises import Catalogue, normalise_name
from psoaskit.errors import LogError
from psoaskit.logs.apps.names import NameTarget, resolve_exercise
from psoaskit.logs.formats import (
    KG_UNITS,
    LB_UNITS,
    detect_format,
    export_formats,
    header_key,
    is_headless_strong,
)
from psoaskit.logs.readers import (
    check_header,
    csv_records,
    decode_text,
    first_line,
    not_text_reason,
    sniff_delimiter,
)
from psoaskit.logs.schema import (
    ATHLETE_ID,
    EXERCISE_ID,
    LB_TO_KG,
    NOTES,
    OTHER_EXERCISE,
    SESSION_ID,
    SET_INDEX,
    SIDE,
    SPREADSHEET_ROWS,
)

__all__ = [
    "LONGEST_WORKOUT_MIN",
    "OTHER_NOTE_END",
    "POUNDS_WARNING",
    "MappedExport",
    "SplitExport",
    "athlete_from_name",
    "closest_export",
    "column_text",
    "join_notes",
    "note_not_carried",
    "note_unmapped",
    "numbers",
    "other_note",
    "pound_evidence",
    "read_bytes",
    "running_index",
    "seconds_of_clock",
    "source_row_keys",
    "split_export",
    "to_canonical",
    "unique_header",
    "unit_in_header",
    "unit_scale",
    "workout_minutes",
]


# --- column helpers shared by the app importers ----------------------------------------------


def numbers(values: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """(text for the validator, parsed numbers for the importer's decisions)."""
    text = values.fillna("").astype(str).str.strip()
    if decimal_comma:
        text = text.where(
            ~text.str.fullmatch(r"-?\d+,\d+"), text.str.replace(",", ".", regex=False)
        )
    numbers = pd.to_numeric(text.where(text != "").astype(object), errors="coerce")
    return text, pd.Series(numbers, index=values.index, dtype=float)


def running_index(*keys: pd.Series) -> pd.Series:
    """1, 2, 3 ... within each group of equal keys, in row order."""
    frame = pd.DataFrame({f"k{i}": k.to_numpy() for i, k in enumerate(keys)})
    return frame.groupby(list(frame.columns), sort=False, dropna=False).cumcount() + 1


def join_notes(*parts: pd.Series) -> pd.Series:
    out = pd.Series("", index=parts[0].index, dtype=object)
    for part in parts:
        part = part.fillna("").astype(str).str.strip()
        out = out.where(part == "", out.where(out == "", out + "; ") + part)
    return out.where(out != "", None)


def seconds_of_clock(text: pd.Series) -> pd.Series:
    """``H:MM:SS`` or ``M:SS`` as seconds; other text unchanged (the validator rejects it)."""
    parts = text.str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$").apply(pd.to_numeric)
    seconds = parts[0].fillna(0) * 3600 + parts[1] * 60 + parts[2]
    return seconds.astype(object).where(seconds.notna(), text)


#: Longest workout carried as a session duration [min] (the schema's limit); longer ones are
#: workouts left running in the app, noted and left blank rather than losing their sets.
LONGEST_WORKOUT_MIN = 600.0

_WORKOUT_TEXT = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?", re.I)


def _clock_text_as_minutes(text: str) -> float:
    match = _WORKOUT_TEXT.fullmatch(text)
    if not text or not match:
        return np.nan
    hours, mins, secs = (int(g or 0) for g in match.groups())
    return hours * 60 + mins + secs / 60


def _seconds_as_minutes(text: str) -> float:
    try:
        return float(text) / 60 if text else np.nan
    except ValueError:
        return np.nan


def workout_minutes(text: pd.Series, seconds: bool, notes: list[str], app: str) -> pd.Series:
    """A workout's duration as minutes: ``1h 5m``, ``45m``, ``2h``, ``30s``, or seconds.

    Text that does not parse and durations over :data:`LONGEST_WORKOUT_MIN` are left blank and
    counted in ``notes`` (the sets are kept; only the session's duration is not carried).

    Examples
    --------
    >>> workout_minutes(pd.Series(["1h 5m", "45m", "2h", "", "3900"]), False, [], "Strong").tolist()
    [65.0, 45.0, 120.0, nan, nan]
    """
    text = text.fillna("").astype(str).str.strip()
    parse = _seconds_as_minutes if seconds else _clock_text_as_minutes
    minutes = pd.Series(text.map({t: parse(t) for t in text.unique()}), index=text.index,
                        dtype=float)
    unread = (text != "") & minutes.isna()
    if unread.any():
        notes.append(f"{app} workout duration not read on {int(unread.sum())} row(s), e.g. "
                     f"{text[unread].iloc[0]!r}: those sessions have no duration")
    too_long = minutes > LONGEST_WORKOUT_MIN
    if too_long.any():
        notes.append(f"{app} workout duration over {LONGEST_WORKOUT_MIN:g} min on "
                     f"{int(too_long.sum())} row(s) (e.g. {minutes[too_long].iloc[0]:.0f} min: "
                     "a workout left running?): not carried, the sets are kept")
    return minutes.where(~too_long & (minutes > 0))



@dataclass
class MappedExport:
    """An export mapped to canonical columns, before validation."""

    frame: pd.DataFrame  # canonical column names, text or parsed values
    labels: dict[str, str]  # canonical column -> export column (for messages)
    weight_scale: np.ndarray
    skipped: list[tuple[int, str, str]]  # frame positions to skip: (position, reason, message)
    extra: list[tuple[np.ndarray, str, str, str, np.ndarray]]
    notes: list[str]
    variant: str


def unit_scale(
    raw: pd.DataFrame,
    weight_col: str | None,
    unit_col: str | None,
    default: str,
    notes: list[str],
    extra: list[Any],
    app: str,
) -> np.ndarray:
    """Kilograms per unit of each row's weight: header unit, unit column, else ``default``."""
    header_unit = unit_in_header(weight_col).lower().rstrip(".").strip() or None
    n = len(raw)
    if header_unit in KG_UNITS | LB_UNITS:
        return np.full(n, LB_TO_KG if header_unit in LB_UNITS else 1.0)
    if header_unit:
        notes.append(f"the weight header {weight_col!r} names the unit {header_unit!r}, not kg "
                     f"or lb: weights read as {default} (change with the weight-unit option)")
        return np.full(n, LB_TO_KG if default == "lb" else 1.0)
    if unit_col is None:
        notes.append(
            f"{app} does not state the weight unit in this export; weights read as "
            f"{default} (change with the weight-unit option)"
        )
        return np.full(n, LB_TO_KG if default == "lb" else 1.0)
    units = raw[unit_col].fillna("").astype(str).str.strip().str.lower()
    scale = np.where(units.isin(LB_UNITS), LB_TO_KG, 1.0)
    blank = (units == "").to_numpy(copy=True)
    scale[blank] = LB_TO_KG if default == "lb" else 1.0
    blank &= (
        (raw[weight_col].fillna("").astype(str).str.strip() != "").to_numpy()
        if weight_col
        else False
    )
    if blank.any():
        notes.append(f"{int(blank.sum())} row(s) without a weight unit read as {default}")
    unknown = ~(units.isin(KG_UNITS | LB_UNITS) | (units == "")).to_numpy()
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


#: How the report's warning that unlabelled weights look like pounds starts.
POUNDS_WARNING = "weights read as kg look like pounds"
#: Classic barbell loads in pounds: a 45 lb bar with pairs of 45 and 25 lb plates.
_POUND_LOADS = frozenset({45.0, 95.0, 135.0, 185.0, 225.0, 275.0, 315.0, 365.0, 405.0, 455.0,
                          495.0})
#: Heavier than any lift a catalogue exercise or a gym machine plausibly takes [kg] (ours).
_IMPLAUSIBLE_KG = 500.0


def pound_evidence(weights: pd.Series) -> str | None:
    """Why weights read as kilograms look like pounds, or None when they do not.

    Two signs, either enough: at least five weights, and three in ten of those of 45 or more,
    sit on the classic pound loadings (45, 95, 135, 185, 225 ... lb), which kilogram lifters
    rarely load; or a weight above 500 kg.

    Examples
    --------
    >>> pound_evidence(pd.Series([45, 95, 135, 135, 185, 225, 20]))[:26]
    '6 of 6 weights of 45 or mo'
    >>> pound_evidence(pd.Series([60, 62.5, 100, 102.5, 140])) is None
    True
    """
    values = pd.to_numeric(weights, errors="coerce").dropna()
    heavy = values[values >= 45.0]
    on_steps = int(heavy.isin(_POUND_LOADS).sum())
    signs = []
    if on_steps >= 5 and on_steps >= 0.3 * len(heavy):
        signs.append(f"{on_steps} of {len(heavy)} weights of 45 or more sit on the classic "
                     "pound loadings (45, 95, 135, 185, 225 ... lb)")
    if len(values) and values.max() > _IMPLAUSIBLE_KG:
        signs.append(f"the heaviest, {values.max():g}, would be over {_IMPLAUSIBLE_KG:g} kg")
    return "; ".join(signs) or None


def column_text(raw: pd.DataFrame, label: str | None) -> pd.Series:
    """A column's stripped text ("" where empty or where the export has no such column)."""
    if label is None:
        return pd.Series("", index=raw.index, dtype=object)
    return raw[label].fillna("").astype(str).str.strip()


#: Headers that are a unit themselves (early Strong exports: ``kg``, ``lbs``, ``km``...).
_UNIT_HEADERS = {"kg", "kgs", "lb", "lbs", "km", "mi", "miles", "m", "meters", "metres"}


def unit_in_header(label: str | None) -> str:
    """The unit a header names: ``Weight (kg)`` -> ``kg``; a header that is a unit, as is.

    Examples
    --------
    >>> unit_in_header("Weight (lbs)"), unit_in_header("km"), unit_in_header("Weight")
    ('lbs', 'km', '')
    """
    match = re.search(r"\(([^)]*)\)", label or "")
    if match:
        return match[1]
    bare = (label or "").strip()
    return bare if bare.lower() in _UNIT_HEADERS else ""


def source_row_keys(raw: pd.DataFrame) -> pd.Series:
    """One key per source row, equal only for rows whose every cell repeats [-]."""
    return pd.Series(pd.util.hash_pandas_object(raw, index=False).to_numpy(), index=raw.index)


def note_unmapped(raw: pd.DataFrame, used: set[str], not_carried: tuple[str, ...],
                  notes: list[str]) -> None:
    """Name every source column that holds values but feeds no column of the log."""
    left = [
        str(h) for h in raw.columns
        if h not in used and header_key(h) not in not_carried
        and raw[h].fillna("").astype(str).str.strip().ne("").any()
    ]
    if left:
        notes.append("columns with values that the importer does not read, not carried: "
                     + ", ".join(left))



def note_not_carried(raw: pd.DataFrame, keys: tuple[str, ...], notes: list[str]) -> None:
    dropped = [str(h) for h in raw.columns if header_key(h) in keys]
    if dropped:
        notes.append(
            f"not carried into the log (the schema has no such column): {', '.join(dropped)}"
        )



# --- an export split into rows, and its rows named in the schema -----------------------------


def read_bytes(source: Any) -> tuple[bytes, str]:
    """The bytes of an export (a workbook, archive or PDF in its place is one clear error)."""
    if isinstance(source, str | Path):
        path = regular_file(source, LogError)
        try:
            data, name = path.read_bytes(), str(path)
        except OSError as exc:
            raise LogError(f"cannot read {path}: {exc.strerror or exc}") from None
    elif hasattr(source, "read"):
        raw = source.read()
        data, name = (raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)), "<buffer>"
    else:
        raise LogError(f"cannot read an export from a {type(source).__name__}")
    reason = not_text_reason(data[:8])
    if reason and not data.startswith(b"PAR1"):
        raise LogError(f"{name} is {reason}")
    return data, name


def athlete_from_name(name: str) -> str:
    if name.startswith("<"):
        return "athlete"
    return re.sub(r"\s+", "_", Path(name).stem.strip()) or "athlete"




@dataclass
class SplitExport:
    """An export split into records: the rows that fit the header, and those that do not."""

    app: str
    raw: pd.DataFrame  # the export's own columns, text
    rows: np.ndarray  # spreadsheet row number of each raw row
    lines: list[str]  # raw text of each raw row
    pre: list[tuple[int, str, str, str]]  # rows that never became raw rows
    numbering: str
    delimiter: str
    notes: list[str]
    renamed: dict[str, str] = field(default_factory=dict)  # the file's header -> the app's


def unique_header(header: list[str]) -> tuple[list[str], list[str]]:
    """The header with a repeated name made unique (``Reps (column 7)``), and a note for each.

    The importer reads the first column of a name; a later one is named in the report.

    Examples
    --------
    >>> header, notes = unique_header(["Date", "Reps", "Reps"])
    >>> header
    ['Date', 'Reps', 'Reps (column 3)']
    """
    seen: set[str] = set()
    out, notes = [], []
    for number, name in enumerate(header, start=1):
        if header_key(name) in seen:
            unique = f"{name} (column {number})"
            notes.append(f"two columns are named {name!r}: the first is read, column {number} "
                         f"is kept as {unique!r}")
            name = unique
        seen.add(header_key(name))
        out.append(name)
    return out, notes


def split_export(
    data: bytes, format: str,
    renaming: Callable[[list[str]], dict[str, str]] | None = None,
) -> SplitExport:
    """Decode, split and recognise an export; rows not matching the header are rejected.

    ``format="mapped"`` takes any header (a column map names its columns); ``renaming`` gives,
    for the file's header, the app's names of its columns (a column map of an app's export
    with translated headers): the app is recognised from them.
    """
    check_header(data)
    text, encoding_note = decode_text(data)
    if not text.strip():
        raise LogError("empty file: no header row")
    delimiter = sniff_delimiter(first_line(text))
    records = csv_records(text, delimiter)
    header, twice = unique_header([f.strip() for f in records[0][1]])
    renamed = renaming(header) if renaming is not None else {}
    app = "mapped" if format == "mapped" else detect_format(
        [renamed.get(h, h) for h in header])
    data_records = records[1:]
    numbering = SPREADSHEET_ROWS
    if app == "unknown" and is_headless_strong(records[0][1]):
        app = "strong"
        header, data_records = list(export_formats()[app].headless_header), records
        numbering = "spreadsheet rows; this export has no header row"
    if app == "canonical":
        raise LogError(
            "this is a psoaskit log already; read it with `psoaskit validate` / read_log"
        )
    if app == "unknown":
        known = ", ".join(f.name for f in export_formats().values())
        raise LogError(
            f"the header matches no known export ({known}): "
            + ", ".join(repr(h) for h in header[:14]) + closest_export(header)
            + "; to read your own sheet or renamed headers, write a column map (a TOML file "
            "naming which column holds what; see the README) and give it as --map (columns= in "
            "Python)"
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
    return SplitExport(
        app,
        raw,
        np.asarray(rows, np.int64),
        lines,
        pre,
        numbering,
        delimiter,
        ([encoding_note] if encoding_note else []) + twice,
        renamed,
    )


def closest_export(header: list[str]) -> str:
    """What the app export closest to ``header`` lacks ("" when none shares a column).

    Closest: the app whose columns (any header name it is known by) the header has most of.

    Examples
    --------
    >>> closest_export(["Date", "Exercise Name", "Weight", "Reps"])
    "; closest: Strong, which also needs 'set order'"
    """
    keys = {header_key(h) for h in header}
    scored = []
    for export in export_formats().values():
        names = {n for names in export.columns.values() for n in names}
        scored.append((len(keys & (names | export.signature)), export))
    shared, best = max(scored, key=lambda pair: pair[0])
    if not shared:
        return ""
    lacking = sorted(best.signature - keys)
    return f"; closest: {best.name}, which also needs {', '.join(map(repr, lacking))}"


def to_canonical(
    mapped: MappedExport, athlete: str, catalogue: Catalogue, targets: Mapping[str, NameTarget]
) -> tuple[pd.DataFrame, list[str]]:
    """Name exercises and sides, number sets and set the athlete of a mapped export."""
    frame = mapped.frame
    names = frame.pop("_name")
    resolved = {n: resolve_exercise(n, catalogue, targets) for n in names.unique()}
    frame[EXERCISE_ID] = names.map(lambda n: resolved[n][0] if n.strip() else None)
    named_side = names.map(lambda n: resolved[n][1])
    if SIDE in frame:  # a column map's side column: its value where given, else the name's
        frame[SIDE] = frame[SIDE].where(frame[SIDE].fillna("") != "", named_side)
        named_side = frame[SIDE].replace("", None)
    frame[SIDE] = named_side.fillna("both")
    other = frame[EXERCISE_ID] == OTHER_EXERCISE
    frame[NOTES] = join_notes(
        ("exercise: " + names.str.strip()).where(other), frame.pop("_notes")
    )
    source_row = frame.pop("_source_row") if "_source_row" in frame else None
    if SET_INDEX not in frame:  # position within exercise and side in the session
        sets = np.ones(len(frame), bool)
        for position, _, _ in mapped.skipped:
            sets[position] = False
        counted = pd.Series(np.nan, index=frame.index, dtype=float)
        counted[sets] = running_index(
            frame[SESSION_ID][sets], names.str.strip().str.lower()[sets], frame[SIDE][sets]
        ).to_numpy()
        if source_row is not None:
            # a row repeating a whole earlier source row of the same block (the same exercise,
            # uninterrupted, in the session) is a duplicate: give it the first one's set number
            # so that the validator rejects it; a later block of the same exercise can repeat
            # the earlier block's rows (apps restart their set numbers) and counts on
            position = np.arange(len(frame))
            exercise = names.str.strip().str.lower()
            session = frame[SESSION_ID]
            block = ((exercise != exercise.shift()) | (session != session.shift())).cumsum()
            first = pd.Series(position).groupby(
                [source_row.to_numpy(), block.to_numpy()]).transform("min").to_numpy()
            repeat = first != position
            values = counted.to_numpy(copy=True)
            values[repeat] = values[first[repeat]]
            counted = pd.Series(values, index=frame.index)
        frame[SET_INDEX] = counted
    if ATHLETE_ID not in frame:  # a column map's athlete column otherwise
        frame[ATHLETE_ID] = athlete
    notes = mapped.notes + _exercise_notes(names, frame, other, named_side, catalogue)
    return frame, notes


#: How the note on exercises kept as ``other`` starts (the count follows the log).
OTHER_NOTE_END = f"set(s) of exercises outside the catalogue kept as '{OTHER_EXERCISE}'"


def other_note(names: pd.Series, catalogue: Catalogue) -> str:
    """The report's note on sets kept as ``other``: how many, which names, close matches.

    ``names`` holds the exercise name of every such set that is in the log.
    """
    counts = names.str.strip().value_counts()
    index = catalogue.alias_index()
    shown = []
    for exercise, count in counts.head(8).items():
        near = difflib.get_close_matches(normalise_name(str(exercise)), index, 1, 0.8)
        hint = f" (close to {index[near[0]]!r}?)" if near else ""
        shown.append(f"{exercise!r} x{count}{hint}")
    more = f" and {len(counts) - 8} more names" if len(counts) > 8 else ""
    return (f"{len(names)} {OTHER_NOTE_END}: {', '.join(shown)}{more}; map names with a "
            "mapping file")


def _exercise_notes(
    names: pd.Series,
    frame: pd.DataFrame,
    other: pd.Series,
    named_side: pd.Series,
    catalogue: Catalogue,
) -> list[str]:
    notes = []
    if other.any():
        notes.append(other_note(names[other], catalogue))
    one_sided = np.array(
        [
            e in catalogue.exercises and catalogue.exercises[e].laterality == "unilateral"
            for e in frame[EXERCISE_ID]
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


