"""A coach's own spreadsheet, or an export with renamed headers, read through a column map.

A column map is a small TOML file. Without ``format`` it maps log columns to the sheet's
headers, and the sheet is read as one row per set::

    [columns]
    date = "Datum"            # required
    exercise = "Übung"        # required: names (mapped like app names) or catalogue ids
    reps = "Wdh."
    load_kg = "Gewicht (kg)"  # a unit in the header wins; else [options] weight_unit
    set_index = "Satz"        # optional: numbered in row order when absent
    session_id = "Einheit"    # optional: each date is one session when absent

Any column of the log can be mapped (``athlete_id``, ``side``, ``hold_s``, ``work_s``,
``rpe``, ``pain``, ``notes``, the session columns). With ``format = "strong"`` (or another
app's id) the map instead names, for the app's own headers, what this file calls them, and the
app's importer reads it with all its rules (a Strong export whose headers were translated)::

    format = "strong"
    [columns]
    "Exercise Name" = "Nom de l'exercice"

``[options]`` may set ``weight_unit`` (kg, lb), ``dayfirst`` and ``decimal_comma``;
``[exercises]`` maps names as the mapping CSV does (``"Marsch" = "psoas_march"``, or
``["standing_hip_flexion", "L"]`` for a side); ``[sides]`` maps the sheet's side words
(``links = "L"``; L, R, both, left, right, l, r and bilateral are known already).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from psoaskit._files import regular_file
from psoaskit.errors import LogError
from psoaskit.logs.apps.common import (
    MappedExport,
    column_text,
    note_unmapped,
    numbers,
    unit_in_header,
    unit_scale,
)
from psoaskit.logs.cells import numeric_date_order, parse_dates
from psoaskit.logs.formats import KG_UNITS, LB_UNITS, export_formats, header_key
from psoaskit.logs.readers import decode_text
from psoaskit.logs.schema import (
    ATHLETE_ID,
    DATE,
    EXERCISE_ID,
    LOAD_KG,
    LOG_COLUMNS,
    NOTES,
    NUMBER_COLUMNS,
    SESSION_ID,
    SIDE,
    SIDE_WORDS,
    SIDES,
)

__all__ = ["ColumnMap", "map_export", "read_column_map"]

#: Columns a generic map may name: every log column, ``exercise`` for the names.
_MAPPABLE = ("exercise", *(c for c in LOG_COLUMNS if c != EXERCISE_ID))
_OPTIONS = {"weight_unit": str, "dayfirst": bool, "decimal_comma": bool}


@dataclass(frozen=True)
class ColumnMap:
    """What a column map says (see the module docstring).

    Attributes
    ----------
    format : str
        ``mapped`` (a sheet of sets) or the id of the app whose headers ``columns`` renames.
    columns : dict of str to str
        ``mapped``: log column -> the sheet's header; an app: the app's header -> the file's.
    options : dict
        ``weight_unit``, ``dayfirst``, ``decimal_comma`` when given.
    exercises : dict
        Exercise name -> catalogue id or ``[id, side]``, for :func:`read_mapping`.
    sides : dict
        The sheet's side words (lower case) -> L, R or both.
    source : str
        Where the map came from, for messages.
    """

    format: str
    columns: dict[str, str]
    options: dict[str, Any] = field(default_factory=dict)
    exercises: dict[str, Any] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)
    source: str = "the column map"

    def renaming(self, header: list[str]) -> dict[str, str]:
        """The file's header name -> the name the importer reads (an app's, or a log column).

        Raises
        ------
        LogError
            When a mapped header is not in the file.
        """
        keys = {header_key(h): h for h in header}
        theirs = [header_key(h) for h in self.columns.values()]
        twice = sorted({h for h in theirs if theirs.count(h) > 1})
        if twice:
            both = [ours for ours, h in self.columns.items() if header_key(h) == twice[0]]
            raise LogError(f"{self.source} maps the column {self.columns[both[0]]!r} to "
                           f"{' and '.join(both)}: one column feeds one log column")
        missing = [h for h in self.columns.values() if header_key(h) not in keys]
        if missing:
            raise LogError(
                f"{self.source} names {', '.join(map(repr, missing))}, which the file's header "
                f"does not have (it has: {', '.join(map(repr, header[:14]))})"
            )
        return {keys[header_key(theirs)]: ours for ours, theirs in self.columns.items()}


def read_column_map(source: str | Path | Mapping[str, Any]) -> ColumnMap:
    """Read a column map from a TOML file or a dict of the same shape.

    Raises
    ------
    LogError
        On unreadable TOML, an unknown format, column or option, or a map without date and
        exercise columns, naming the key.

    Examples
    --------
    >>> cmap = read_column_map({"columns": {"date": "Datum", "exercise": "Übung",
    ...                                     "reps": "Wdh."}, "options": {"dayfirst": True}})
    >>> cmap.format, cmap.renaming(["Datum", "Übung", "Wdh.", "Notiz"])
    ('mapped', {'Datum': 'date', 'Übung': 'exercise', 'Wdh.': 'reps'})
    """
    where = "the column map"
    if isinstance(source, Mapping):
        raw = dict(source)
    else:
        path = regular_file(source, LogError)
        where = f"the column map {path}"
        try:
            text, _ = decode_text(path.read_bytes())  # UTF-8 (BOM or not), else Windows-1252
            raw = tomllib.loads(text)
        except OSError as exc:
            raise LogError(f"cannot read {where}: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise LogError(f"{where} is not valid TOML: {exc}") from None
    unknown = sorted(set(raw) - {"format", "columns", "options", "exercises", "sides"})
    if unknown:
        raise LogError(f"{where}: unknown key(s) {', '.join(unknown)} (expected format, "
                       "columns, options, exercises, sides)")
    for table in ("columns", "options", "exercises", "sides"):
        if not isinstance(raw.get(table, {}), Mapping):
            raise LogError(f"{where}: {table} must be a table ([{table}] with name = value lines)")
    exercises = dict(raw.get("exercises", {}))
    if not all(isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
               for v in exercises.values()):
        raise LogError(f"{where}: [exercises] maps names to an exercise id, or to "
                       "[id, side] (text)")
    fmt = str(raw.get("format", "mapped"))
    apps = export_formats()
    if fmt != "mapped" and fmt not in apps:
        raise LogError(f"{where}: format {fmt!r} is not mapped or one of {', '.join(apps)}")
    columns = raw.get("columns", {})
    if not all(isinstance(v, str) and v.strip() for v in columns.values()):
        raise LogError(f"{where}: [columns] must map names to the file's header names (text)")
    columns = {str(k).strip(): v.strip() for k, v in columns.items()}
    if fmt == "mapped":
        wrong = [k for k in columns if k not in _MAPPABLE]
        if wrong:
            raise LogError(f"{where}: {', '.join(map(repr, wrong))} is not a log column "
                           f"(map any of: {', '.join(_MAPPABLE)})")
        absent = [k for k in (DATE, "exercise") if k not in columns]
        if absent:
            raise LogError(f"{where}: [columns] must name the {' and '.join(absent)} column")
    options = dict(raw.get("options", {}))
    for key, value in options.items():
        if key not in _OPTIONS or not isinstance(value, _OPTIONS[key]):
            raise LogError(f"{where}: option {key} = {value!r} is not one of weight_unit "
                           "(\"kg\" or \"lb\"), dayfirst (true/false), decimal_comma (true/false)")
    unit = str(options.get("weight_unit", "kg")).strip().lower()
    if unit not in KG_UNITS | LB_UNITS:
        raise LogError(f"{where}: weight_unit must be \"kg\" or \"lb\"")
    if "weight_unit" in options:
        options["weight_unit"] = "lb" if unit in LB_UNITS else "kg"
    sides = {str(k).strip().lower(): str(v).strip() for k, v in raw.get("sides", {}).items()}
    wrong_sides = [f"{k} = {v!r}" for k, v in sides.items() if v not in SIDES]
    if wrong_sides:
        raise LogError(f"{where}: [sides] maps words to L, R or both, not {wrong_sides[0]}")
    return ColumnMap(fmt, columns, options, exercises, sides, where)


def map_export(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool,
               tz: str | None = None, *, column_map: ColumnMap,
               dayfirst: bool = False) -> MappedExport:
    """A sheet of sets read through a generic column map (text for the validator).

    Its times are taken as the athlete's wall-clock times (``tz`` changes nothing). Without a
    session column each date is one session, its day read as the validator reads the date
    (``dayfirst``, or a column that can only be day first).
    """
    notes: list[str] = []
    extra: list = []
    header = {ours: theirs for theirs, ours in column_map.renaming(list(raw.columns)).items()}
    frame = pd.DataFrame(index=raw.index)
    for name, theirs in header.items():
        if name not in ("exercise", NOTES):
            text = column_text(raw, theirs)
            frame[name] = numbers(text, decimal_comma)[0] if name in NUMBER_COLUMNS else text
    if SESSION_ID not in frame:
        order, _ = numeric_date_order(pd.Series(frame[DATE].unique(), dtype=object))
        days = parse_dates(frame[DATE], dayfirst or order == "day")
        frame[SESSION_ID] = days.dt.strftime("%Y-%m-%d").where(days.notna(), frame[DATE])
        notes.append("no session column mapped: each date is one session")
    if SIDE in frame:  # L, R, both, or a side word (left, right, l, r, [sides] ...)
        words = frame[SIDE].str.lower().map({**SIDE_WORDS, **column_map.sides})
        frame[SIDE] = words.where(words.notna(), frame[SIDE])
        unknown = frame[SIDE][words.isna() & (frame[SIDE] != "")]
        if len(unknown):
            notes.append(f"side words not known, e.g. {unknown.iloc[0]!r}: map them in the "
                         "column map's [sides] table (e.g. links = \"L\")")
    if ATHLETE_ID in frame and (frame[ATHLETE_ID] == "").all():  # the file name then
        del frame[ATHLETE_ID], header[ATHLETE_ID]
    scale = (unit_scale(raw, header[LOAD_KG], None, weight_unit, notes, extra, "The sheet")
             if LOAD_KG in header else np.ones(len(raw)))
    if LOAD_KG in header and scale.size and scale[0] != 1.0:
        source = (f"the header {header[LOAD_KG]!r}" if unit_in_header(header[LOAD_KG])
                  else "the weight unit")
        notes.append(f"weights in pounds ({source}), converted to kg")
    frame["_notes"] = column_text(raw, header.get(NOTES))
    frame["_name"] = column_text(raw, header["exercise"])
    note_unmapped(raw, set(header.values()), (), notes)
    labels = {EXERCISE_ID if ours == "exercise" else ours: theirs
              for ours, theirs in header.items()}
    return MappedExport(frame, labels, scale, [], extra, notes, "column map")
