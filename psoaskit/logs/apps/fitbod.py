"""Fitbod exports: one row per set, weights in kilograms, times with their UTC offset.

Fitbod has no workout column, so each date is one session. Its times carry an offset (Fitbod
writes ``+0000``): the date is read as written, in that offset, so a workout after midnight UTC
falls on the next day, unless the athlete's time zone is given (``tz``): then each time is
converted to it first. The report says which. Warm-up sets are kept and labelled, a timed set's
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


def parse_fitbod_time(text: str, tz: str | None = None) -> pd.Timestamp | str:
    """A Fitbod time (``2024-03-04 18:02:11 +0000``) as the wall-clock time it states, or in
    the time zone ``tz``; unreadable text is returned unchanged for the validator.

    Examples
    --------
    >>> parse_fitbod_time("2024-03-04 18:02:11 +0000"), parse_fitbod_time("soon")
    (Timestamp('2024-03-04 18:02:11'), 'soon')
    >>> parse_fitbod_time("2024-03-04 23:40:00 +0000", "Europe/Berlin")
    Timestamp('2024-03-05 00:40:00')
    """
    try:
        stamp = pd.Timestamp(text.strip())
    except (ValueError, TypeError):
        return text
    if stamp is pd.NaT:
        return text
    if stamp.tzinfo is None:
        return stamp
    return (stamp.tz_convert(tz) if tz else stamp).tz_localize(None)


def map_export(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool,
               tz: str | None = None) -> MappedExport:
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
    stamps = column_text(raw, c(DATE)).map(lambda t: parse_fitbod_time(t, tz))
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
    if read.any() and tz:
        notes.append(f"Fitbod times carry their UTC offset: converted to {tz} before taking "
                     "each date")
    elif read.any():
        notes.append("Fitbod times carry their UTC offset: dates are read as written (in UTC "
                     "for a +0000 export), so a workout after midnight UTC falls on the next day; "
                     "give the athlete's time zone to convert them")
    return MappedExport(frame, labels, scale, [], extra, notes, "fitbod")
