"""Hevy CSV exports, in kg or lbs, with either date style, oldest or newest workout first."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from psoaskit.logs.apps.common import (
    MappedExport,
    column_text,
    join_notes,
    note_not_carried,
    note_unmapped,
    numbers,
    source_row_keys,
    workout_minutes,
)
from psoaskit.logs.formats import export_formats, header_key
from psoaskit.logs.schema import (
    DATE,
    EXERCISE_ID,
    LB_TO_KG,
    LOAD_KG,
    NOTES,
    REPS,
    RPE,
    SESSION_DURATION_MIN,
    SESSION_ID,
    WORK_S,
)

__all__ = ["map_export", "parse_hevy_time"]


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


def map_export(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool,
               tz: str | None = None) -> MappedExport:
    """A Hevy export's columns as canonical ones (text for the validator)."""
    vocabulary = export_formats()["hevy"]
    c = lambda role: vocabulary.column(list(raw.columns), role)  # noqa: E731
    weight = c("weight")
    lbs = weight is not None and header_key(weight) == "weight_lbs"
    start = column_text(raw, c("start"))
    parsed = {s: parse_hevy_time(s) for s in start.unique()}
    dates = start.map(parsed)
    end = column_text(raw, c("end"))
    ends = end.map({s: parse_hevy_time(s) for s in end.unique()})
    notes: list[str] = []
    elapsed = (pd.to_datetime(ends.where(ends.map(lambda v: isinstance(v, pd.Timestamp))))
               - pd.to_datetime(dates.where(dates.map(lambda v: isinstance(v, pd.Timestamp)))))
    seconds = elapsed.dt.total_seconds()
    # a workout's end before its start is not a duration: leave it out (noted)
    minutes = workout_minutes(seconds.where(seconds > 0).map(
        lambda v: "" if pd.isna(v) else f"{v:.0f}"), True, notes, "Hevy")
    duration_text, duration = numbers(column_text(raw, c("duration")), decimal_comma)
    distance_col = c("distance")
    distance_text, distance = numbers(column_text(raw, distance_col), decimal_comma)
    unit = "mi" if distance_col and header_key(distance_col) == "distance_miles" else "km"
    kinds = {"warmup": "warm-up set", "dropset": "drop set", "failure": "failure set", "normal": ""}
    set_type = column_text(raw, c("set_type")).str.lower()
    frame = pd.DataFrame(
        {
            DATE: dates,
            # a normalised session key (the start time, ISO), not the app's date text
            SESSION_ID: dates.map(lambda v: v.strftime("%Y-%m-%dT%H:%M:%S")
                                  if isinstance(v, pd.Timestamp) else v),
            REPS: numbers(column_text(raw, c(REPS)), decimal_comma)[0],
            WORK_S: duration_text.where(duration > 0, ""),
            LOAD_KG: numbers(column_text(raw, weight), decimal_comma)[0],
            RPE: numbers(column_text(raw, c(RPE)), decimal_comma)[0],
            SESSION_DURATION_MIN: minutes.astype(object).where(minutes.notna(), ""),
            "_notes": join_notes(
                set_type.map(lambda t: kinds.get(t, t)),
                ("distance " + distance_text + " " + unit).where(distance > 0),
                column_text(raw, c(NOTES)),
            ),
            "_name": column_text(raw, c("exercise")),
            # Hevy restarts set_index in a second block of the same exercise: the log numbers
            # sets by position within exercise and side in the session instead, and a row
            # is a duplicate only when the whole source row repeats
            "_source_row": source_row_keys(raw),
        }
    )
    stamps = pd.to_datetime(
        dates.where(dates.map(lambda v: isinstance(v, pd.Timestamp))), errors="coerce"
    )
    frame["_order"] = stamps.to_numpy()
    known = stamps.dropna()
    if len(known) > 1 and known.iloc[0] > known.iloc[-1]:
        notes.append("the export lists workouts newest first; the log is in date order")
    notes.append("Hevy times carry no time zone: read as written. Hevy writes a whole history in "
                 "one zone, so a workout done in another zone (travel, a move) shows shifted "
                 "times and may fall on a neighbouring day"
                 + (f"; the time zone {tz} changes nothing" if tz else ""))
    labels = {
        DATE: c("start"),
        SESSION_ID: c("start"),
        REPS: c(REPS),
        WORK_S: c("duration") or "duration_seconds",
        LOAD_KG: weight or "weight_kg",
        RPE: c(RPE) or RPE,
        EXERCISE_ID: c("exercise"),
        NOTES: c(NOTES) or "exercise_notes",
        SESSION_DURATION_MIN: c("end") or "end_time",
    }
    note_not_carried(raw, vocabulary.not_carried, notes)
    note_unmapped(raw, {c(role) for role in vocabulary.columns}, vocabulary.not_carried, notes)
    scale = np.full(len(raw), LB_TO_KG if lbs else 1.0)
    return MappedExport(frame, labels, scale, [], [], notes, f"hevy ({'lbs' if lbs else 'kg'})")


