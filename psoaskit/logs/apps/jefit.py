"""JEFIT exports: a file of ``### SECTION ###`` tables, every exercise's sets packed in one cell.

JEFIT's "Export data" writes one text file of several CSV tables, each under a banner line
(``### EXERCISE LOGS ####...``) and closed by a line of ``#``. The sets are in the EXERCISE LOGS
table, one row per exercise in a session, its ``logs`` cell packing every set as
``weight x reps`` (``"60x10,65x8,65x8"``); the weight unit is the ``mass`` of the SETTING table
(`` kg`` or `` lbs``); WORKOUT SESSIONS gives each session's start (``starttime``, Unix
seconds) and length (``total_time`` [s]). :func:`split_export` unpacks the sets, one record
each, numbered 1, 2, 3 ... in file order, every record keeping its file line.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from psoaskit.errors import LogError
from psoaskit.logs.apps.common import (
    MappedExport,
    SplitExport,
    column_text,
    note_not_carried,
    note_unmapped,
    numbers,
    unit_scale,
    workout_minutes,
)
from psoaskit.logs.formats import KG_UNITS, LB_UNITS, export_formats, header_key
from psoaskit.logs.readers import check_header, csv_records, decode_text
from psoaskit.logs.schema import (
    DATE,
    EXERCISE_ID,
    LOAD_KG,
    REPS,
    SESSION_DURATION_MIN,
    SESSION_ID,
    SET_INDEX,
)

__all__ = ["ENTRY", "FILE_LINE", "is_export", "map_export", "split_export", "unpack_sets"]

#: Columns the unpacking adds to each set record: the packed entry, and where it was.
ENTRY = "logs entry"
FILE_LINE = "file line"
_SET_OF = "entry of row"
_START = "starttime (WORKOUT SESSIONS)"
_LENGTH = "total_time (WORKOUT SESSIONS)"
_MASS = "mass (SETTING)"

_BANNER = re.compile(r"^\s*#{2,}\s*([A-Za-z][A-Za-z0-9 &/_-]*?)\s*#*\s*$")
_CLOSING = re.compile(r"^\s*#+\s*$")
_ENTRY = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[x×X*]\s*(-?\d+(?:\.\d+)?)\s*$")


def is_export(data: bytes) -> bool:
    """True for a JEFIT export: a file with an ``### EXERCISE LOGS`` banner line, or its
    EXERCISE LOGS table alone (a first line naming ``mydate``, ``ename`` and ``logs``).

    Examples
    --------
    >>> is_export(b"### EXERCISE LOGS ###\\nmydate,ename,logs\\n"), is_export(b"Date,Exercise\\n")
    (True, False)
    >>> is_export(b"_id,mydate,ename,logs\\n1,2024-01-08,Leg Raise,0x12\\n")
    True
    """
    if re.search(rb"(?m)^\s*#{2,}\s*EXERCISE LOGS\b", data) is not None:
        return True
    first = data[:4096].split(b"\n", 1)[0].decode("utf-8", "replace")
    keys = {header_key(h) for h in first.split(",")}
    return export_formats()["jefit"].signature <= keys


def unpack_sets(logs: str) -> list[str]:
    """The entries of a packed ``logs`` cell, one per set.

    Examples
    --------
    >>> unpack_sets("60x10, 65x8,,65x8")
    ['60x10', '65x8', '65x8']
    """
    return [entry.strip() for entry in logs.split(",") if entry.strip()]


def _sections(text: str) -> tuple[dict[str, tuple[int, str]], list[int]]:
    """Section name -> (file line of its first line, its text); and the file lines with text
    outside every section (after a closing line of ``#``)."""
    found: dict[str, tuple[int, list[str]]] = {}
    current: list[str] | None = None
    outside: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        banner = _BANNER.match(line)
        if banner:
            current = []
            found[banner[1].strip().upper()] = (number + 1, current)
        elif _CLOSING.match(line):
            current = None
        elif current is not None:
            current.append(line)
        elif found and line.strip():
            outside.append(number)
    return {name: (first, "\n".join(lines)) for name, (first, lines) in found.items()}, outside


def _table(section: tuple[int, str] | None) -> tuple[list[str], list[tuple[int, list[str], str]]]:
    """A section's header and its records, numbered by file line; empty lines dropped."""
    if section is None:
        return [], []
    first, text = section
    records = [(first + n - 1, fields, raw) for n, fields, raw in csv_records(text, ",")]
    records = [r for r in records if r[2].strip()]
    if not records:
        return [], []
    return [f.strip() for f in records[0][1]], records[1:]


def _first_value(header: list[str], records: list, name: str) -> str | None:
    keys = [header_key(h) for h in header]
    if name not in keys or not records:
        return None
    fields = records[0][1]
    at = keys.index(name)
    return fields[at].strip() if at < len(fields) else None


def split_export(data: bytes, format: str) -> SplitExport:
    """Unpack a JEFIT export's sets: one record per ``weight x reps`` entry.

    Rows of EXERCISE LOGS that do not fit its header, that repeat an earlier row exactly,
    that have no entry or an entry that is not ``weight x reps`` are rejected (one record
    each) with their file line; every set record carries its file line, the packed entry, the
    session's start and length and the file's weight unit.
    """
    if format not in ("auto", "jefit"):
        raise LogError(f"the file looks like a JEFIT export, not {format}")
    check_header(data)
    text, encoding_note = decode_text(data)
    sections, outside = _sections(text)
    sections = sections or {"EXERCISE LOGS": (1, text)}
    header, records = _table(sections.get("EXERCISE LOGS"))
    vocabulary = export_formats()["jefit"]
    missing = [role for role in ("date", "exercise", "logs") if vocabulary.column(header, role)
               is None]
    if missing:
        wanted = ", ".join(vocabulary.columns[role][0] for role in missing)
        raise LogError(f"this JEFIT export's EXERCISE LOGS table has no {wanted} column "
                       f"(its header: {', '.join(header[:14]) or 'none'})")
    settings_header, settings = _table(sections.get("SETTING"))
    mass = _first_value(settings_header, settings, "mass")
    session_header, session_rows = _table(sections.get("WORKOUT SESSIONS"))
    session_keys = [header_key(h) for h in session_header]
    sessions: dict[str, tuple[str, str]] = {}
    if "_id" in session_keys:
        at = {k: session_keys.index(k) for k in ("_id", "starttime", "total_time")
              if k in session_keys}
        for _, fields, _ in session_rows:
            if len(fields) == len(session_header):
                sessions.setdefault(fields[at["_id"]].strip(), tuple(
                    fields[at[k]].strip() if k in at else "" for k in ("starttime", "total_time")))
    session_col = vocabulary.column(header, "session")
    logs_at = header.index(vocabulary.column(header, "logs"))
    width = len(header)
    columns = [*header, ENTRY, _SET_OF, FILE_LINE, _START, _LENGTH, _MASS]
    kept: list[list[str | None]] = []
    rows: list[int] = []
    lines: list[str] = []
    pre: list[tuple[int, str, str, str]] = []
    seen: dict[tuple[str, ...], int] = {}
    number = 0
    for line_number, fields, raw_line in records:
        if not any(f.strip() for f in fields):
            number += 1
            pre.append((number, "blank_row", f"file line {line_number}: no values", raw_line))
            continue
        if len(fields) != width:
            number += 1
            pre.append((number, "malformed_row",
                        f"file line {line_number}: {len(fields)} fields, the header has {width}",
                        raw_line))
            continue
        entries = unpack_sets(fields[logs_at])
        if not entries:
            number += 1
            pre.append((number, "no_dose", f"file line {line_number}: no sets in logs",
                        raw_line))
            continue
        unread = [e for e in entries if not _ENTRY.match(e)]
        if unread:  # one unreadable entry puts the cell's split in doubt ("62,5x8")
            number += 1
            pre.append((number, "bad_sets",
                        f"file line {line_number}: logs {fields[logs_at]!r} has "
                        f"{unread[0]!r}, not weight x reps (a decimal comma?); none of its "
                        f"{len(entries)} entries read", raw_line))
            continue
        if tuple(fields) in seen:
            number += 1
            pre.append((number, "duplicate", f"file line {line_number}: exact duplicate of "
                        f"file line {seen[tuple(fields)]}", raw_line))
            continue
        seen[tuple(fields)] = line_number
        start, length = sessions.get(
            fields[header.index(session_col)].strip() if session_col else "", ("", ""))
        for k, entry in enumerate(entries, start=1):
            number += 1
            kept.append([f if f != "" else None for f in fields]
                        + [entry, f"{k} of {len(entries)}", str(line_number), start or None,
                           length or None, mass])
            rows.append(number)
            lines.append(raw_line)
    raw = pd.DataFrame(kept, columns=columns, dtype=object) if kept else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in columns})
    notes = [encoding_note] if encoding_note else []
    if outside:
        notes.append(f"{len(outside)} line(s) outside every section not read (e.g. file line "
                     f"{outside[0]}, after a closing line of #)")
    if sessions and session_col:
        orphans = {r[1][header.index(session_col)].strip() for r in records
                   if len(r[1]) == width} - set(sessions) - {""}
        if orphans:
            notes.append(f"{len(orphans)} session(s) of EXERCISE LOGS are not in WORKOUT "
                         "SESSIONS: no start time or duration for them")
    numbering = ("JEFIT sets, numbered 1, 2, 3 ... in file order (the file packs each exercise's "
                 "sets in one row; the quarantine gives each set's file line)")
    return SplitExport("jefit", raw, np.asarray(rows, np.int64), lines, pre, numbering, ",",
                       notes)


def _local_starts(start: pd.Series, day: pd.Series, tz: str, notes: list[str]) -> pd.Series:
    """Session starts (Unix seconds, or milliseconds) as wall-clock times in ``tz``; JEFIT's
    calendar day where there is no start or the start falls on another day there."""
    seconds = pd.to_numeric(start.replace("", None), errors="coerce")
    seconds = seconds.where(seconds < 1e11, seconds / 1000)  # milliseconds
    seconds = seconds.where((seconds > 0) & (seconds < 4e9))  # 1970 to 2096
    local = pd.to_datetime(seconds, unit="s", utc=True).dt.tz_convert(tz)
    same_day = local.dt.strftime("%Y-%m-%d") == day
    notes.append(f"JEFIT session starts (Unix time) read in {tz}")
    other_day = seconds.notna() & ~same_day
    if other_day.any():
        notes.append(f"{int(other_day.sum())} set(s) of sessions starting on another day in {tz} "
                     "than JEFIT's mydate (logged in another zone?): kept on mydate, no time")
    return local.dt.strftime("%Y-%m-%d %H:%M:%S").where(same_day, day)


def map_export(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool,
               tz: str | None = None) -> MappedExport:
    """A JEFIT export's unpacked sets as canonical columns (text for the validator)."""
    vocabulary = export_formats()["jefit"]
    c = lambda role: vocabulary.column(list(raw.columns), role)  # noqa: E731
    notes: list[str] = []
    extra: list = []
    mass = column_text(raw, _MASS)
    scale = np.ones(0) if raw.empty else unit_scale(  # no sets, no unit to speak of
        raw, ENTRY, _MASS if (mass != "").any() else None, weight_unit, notes, extra, "JEFIT")
    unit = mass[mass != ""].iloc[0].lower() if (mass != "").any() else ""
    if unit in KG_UNITS | LB_UNITS:
        notes.append(f"JEFIT weights in {unit} (the mass of its SETTING table)"
                     + (", converted to kg" if unit in LB_UNITS else ""))
    parts = column_text(raw, ENTRY).str.extract(_ENTRY)  # every entry matches (split_export)
    load, reps = parts[0].fillna("").str.replace(",", ".", regex=False), parts[1].fillna("")
    day = column_text(raw, c("date"))
    date = day
    session = column_text(raw, c("session"))
    start_text = column_text(raw, _START)
    if tz is not None:
        date = _local_starts(start_text, day, tz, notes)
    minutes = workout_minutes(column_text(raw, _LENGTH), True, notes, "JEFIT")
    frame = pd.DataFrame({
        DATE: date,
        SESSION_ID: session.where(session != "", day),
        REPS: reps,
        LOAD_KG: numbers(load, decimal_comma)[0],
        SESSION_DURATION_MIN: minutes.map(lambda m: "" if pd.isna(m) else f"{m:g}"),
        "_notes": pd.Series(None, index=raw.index, dtype=object),
        "_name": column_text(raw, c("exercise")),
    })
    labels = {
        DATE: c("date"),
        SESSION_ID: c("session") or c("date"),
        SET_INDEX: f"({ENTRY} order)",
        REPS: f"{c('logs')} (reps of the entry weight x reps)",
        LOAD_KG: f"{c('logs')} (weight of the entry weight x reps)",
        SESSION_DURATION_MIN: _LENGTH,
        EXERCISE_ID: c("exercise"),
    }
    used = {c(role) for role in ("date", "exercise", "logs", "session")} | {
        ENTRY, _SET_OF, FILE_LINE, _START, _LENGTH, _MASS}
    note_not_carried(raw, vocabulary.not_carried, notes)
    note_unmapped(raw, used, vocabulary.not_carried, notes)
    if tz is None and (start_text != "").any():
        notes.append("JEFIT dates are its mydate (the athlete's calendar day); session start "
                     "times are Unix time: give the time-zone option to carry them")
    return MappedExport(frame, labels, scale, [], extra, notes, "jefit")
