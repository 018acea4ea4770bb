"""FitNotes (Android) spreadsheet exports: both headers; a date is one session."""

from __future__ import annotations

from typing import Any

import pandas as pd

from psoaskit.logs.apps.common import (
    MappedExport,
    column_text,
    join_notes,
    note_not_carried,
    numbers,
    seconds_of_clock,
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

__all__ = ["map_export"]


def map_export(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool,
               tz: str | None = None) -> MappedExport:
    """A FitNotes export's columns as canonical ones (text for the validator)."""
    vocabulary = export_formats()["fitnotes"]
    c = lambda role: vocabulary.column(list(raw.columns), role)  # noqa: E731
    notes: list[str] = []
    extra: list[Any] = []
    weight = c("weight")
    scale = unit_scale(raw, weight, c("weight_unit"), weight_unit, notes, extra, "FitNotes")
    time_text = column_text(raw, c("time"))
    seconds = seconds_of_clock(time_text)
    positive = pd.to_numeric(seconds, errors="coerce") > 0
    zero = pd.to_numeric(seconds, errors="coerce") == 0
    distance_text, distance = numbers(column_text(raw, c("distance")), decimal_comma)
    unit = column_text(raw, c("distance_unit"))
    reps_text, reps = numbers(column_text(raw, c(REPS)), decimal_comma)
    date = column_text(raw, c(DATE))
    frame = pd.DataFrame(
        {
            DATE: date,
            SESSION_ID: date,
            REPS: reps_text.where(~((reps == 0) & (positive | (distance > 0))), ""),
            WORK_S: seconds.where(~zero, ""),
            LOAD_KG: numbers(column_text(raw, weight), decimal_comma)[0],
            "_notes": join_notes(
                ("distance " + distance_text + " " + unit).str.strip().where(distance > 0),
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
        WORK_S: c("time") or "Time",
        LOAD_KG: weight or "Weight",
        EXERCISE_ID: c("exercise"),
        NOTES: c(NOTES) or "Comment",
    }
    note_not_carried(raw, vocabulary.not_carried, notes)
    notes.append("FitNotes has no workout column: each date is one session")
    return MappedExport(frame, labels, scale, [], extra, notes, "fitnotes")


