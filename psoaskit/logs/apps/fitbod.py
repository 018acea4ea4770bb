"""Fitbod exports: one row per set, weights in kilograms, times with their UTC offset.

Fitbod has no workout column, so each date is one session. Its times carry an offset (Fitbod
writes ``+0000``): the date is read as written, in that offset, so a workout after midnight UTC
falls on the next day; the report says so. Warm-up sets are kept and labelled, a timed set's
seconds become ``work_s``, a distance and a ``multiplier`` other than 1 go to ``notes``. The
older export (one row per exercise with a ``Sets`` count) is refused with one line.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from psoaskit.errors import LogError
from psoaskit.logs.apps.common import (
    MappedExport,
    column_text,
    join_notes,
    note_not_carried,
    numbers,
    unit_scale,
)
from psoaskit.logs.formats import export_formats
from psoaskit.logs.schema import (
    DATE,
    EXERCISE_ID,
    LOAD_KG,
    NOTES,
    REPS,
    SESSION_ID,
    SET_INDEX,
    WORK_S,
)

__all__ = ["map_export", "parse_fitbod_time"]


def parse_fitbod_time(text: str) -> pd.Timestamp | str:
    """A Fitbod time (``2024-03-04 18:02:11 +0000``) as the wall-clock time it states;
    unreadable text is returned unchanged for the validator.

    Examples
    --------
    >>> parse_fitbod_time("2024-03-04 18:02:11 +0000"), parse_fitbod_time("soon")
    (Timestamp('2024-03-04 18:02:11'), 'soon')
    """
    try:
        stamp = pd.Timestamp(text.strip())
    except (ValueError, TypeError):
        return text
    if stamp is pd.NaT:
        return text
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp


def map_export(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool) -> MappedExport:
    """A Fitbod export's columns as canonical ones (text for the validator)."""
    vocabulary = export_formats()["fitbod"]
    c = lambda role: vocabulary.column(list(raw.columns), role)  # noqa: E731
    if c("sets") is not None:
        raise LogError("this is Fitbod's older export (one row per exercise with a Sets count); "
                       "export again from a current Fitbod, which writes one row per set")
    notes: list[str] = []
    extra: list[Any] = []
    weight = c("weight")
    scale = unit_scale(raw, weight, None, weight_unit, notes, extra, "Fitbod")
    stamps = column_text(raw, c(DATE)).map(parse_fitbod_time)
    read = stamps.map(lambda s: isinstance(s, pd.Timestamp))
    day = stamps.map(lambda s: s.strftime("%Y-%m-%d") if isinstance(s, pd.Timestamp) else s)
    seconds_text, seconds = numbers(column_text(raw, c("duration")), decimal_comma)
    distance_text, distance = numbers(column_text(raw, c("distance")), decimal_comma)
    reps_text, reps = numbers(column_text(raw, c(REPS)), decimal_comma)
    _, multiplier = numbers(column_text(raw, c("multiplier")), decimal_comma)
    warmup = column_text(raw, c("warmup")).str.lower() == "true"
    timed = (seconds > 0) | (distance > 0)
    frame = pd.DataFrame(
        {
            DATE: stamps.map(lambda s: s.isoformat(sep=" ") if isinstance(s, pd.Timestamp)
                             else s),
            SESSION_ID: day,
            REPS: reps_text.where(~((reps == 0) & timed), ""),
            WORK_S: seconds_text.where(seconds > 0, ""),
            LOAD_KG: numbers(column_text(raw, weight), decimal_comma)[0],
            "_notes": join_notes(
                pd.Series("warm-up set", index=raw.index).where(warmup),
                ("distance " + distance_text + " m").where(distance > 0),
                ("Fitbod multiplier " + multiplier.map("{:g}".format).astype(str)).where(
                    multiplier.notna() & (multiplier != 1) & (multiplier != 0)),
                column_text(raw, c(NOTES)),
            ),
            "_name": column_text(raw, c("exercise")),
        }
    )
    labels = {
        DATE: c(DATE),
        SESSION_ID: c(DATE),
        SET_INDEX: "(row order)",
        REPS: c(REPS),
        WORK_S: c("duration") or "Duration(s)",
        LOAD_KG: weight or "Weight(kg)",
        EXERCISE_ID: c("exercise"),
        NOTES: c(NOTES) or "Note",
    }
    note_not_carried(raw, vocabulary.not_carried, notes)
    notes.append("Fitbod has no workout column: each date is one session")
    if read.any():
        notes.append("Fitbod times carry their UTC offset: dates are read as written (in UTC "
                     "for a +0000 export), so a workout after midnight UTC falls on the next day")
    return MappedExport(frame, labels, scale, [], extra, notes, "fitbod")
