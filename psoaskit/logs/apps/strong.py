"""Strong (iOS/Android) CSV exports: every header variant seen in real files.

Variants V1-V5 and V3b are told apart by their columns; rest-timer rows are skipped (not sets),
warm-up/drop/failure set orders (W/D/F) are kept as sets and labelled in ``notes``. Strong's
comma exports do not state the weight unit: weights are read in ``weight_unit``, said in the
report; a unit column or a unit in the header wins.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from psoaskit.logs.apps.common import (
    POUNDS_WARNING,
    MappedExport,
    column_text,
    join_notes,
    note_not_carried,
    note_unmapped,
    numbers,
    pound_evidence,
    source_row_keys,
    unit_in_header,
    unit_scale,
    workout_minutes,
)
from psoaskit.logs.formats import export_formats, header_key
from psoaskit.logs.schema import (
    DATE,
    EXERCISE_ID,
    LOAD_KG,
    NOTES,
    REPS,
    RPE,
    SESSION_DURATION_MIN,
    SESSION_ID,
    SET_INDEX,
    WORK_S,
)

__all__ = ["map_export"]


def map_export(raw: pd.DataFrame, weight_unit: str, decimal_comma: bool,
               tz: str | None = None) -> MappedExport:
    """A Strong export's columns as canonical ones (text for the validator)."""
    vocabulary = export_formats()["strong"]
    c = lambda role: vocabulary.column(list(raw.columns), role)  # noqa: E731
    notes: list[str] = []
    extra: list[Any] = []
    header = {header_key(h) for h in raw.columns}
    variant = (
        "V3b"
        if "workout #" in header
        else "V3"
        if "weight unit" in header
        else "V4"
        if NOTES in header and "duration" in header
        else "V5"
        if "duration" in header
        else "V2"
        if RPE in header
        else "V1"
    )
    weight = c("weight")
    scale = unit_scale(raw, weight, c("weight_unit"), weight_unit, notes, extra, "Strong")
    if weight_unit == "kg" and not unit_in_header(weight) and c("weight_unit") is None:
        evidence = pound_evidence(numbers(column_text(raw, weight), decimal_comma)[1])
        if evidence:  # never guess silently: say why, and how to read them as pounds
            notes.append(f"{POUNDS_WARNING}: {evidence}; if the app exported pounds, import "
                         "with the weight unit lb (--weight-unit lb)")
    order = column_text(raw, c("set_order"))
    rest = order.str.lower().str.replace(" ", "") == "resttimer"
    skipped = [(int(i), "rest_timer", "rest timer, not a set") for i in np.flatnonzero(rest)]
    numbered = order.str.fullmatch(r"\d+(\.0+)?")
    kind = order.str.lower().map({"w": "warm-up set", "d": "drop set", "f": "failure set"})
    kind = kind.where(kind.notna() | numbered | rest | (order == ""), "set order " + order)
    reps_text, reps = numbers(column_text(raw, c(REPS)), decimal_comma)
    seconds_text, seconds = numbers(column_text(raw, c("seconds")), decimal_comma)
    distance_col = c("distance")
    distance_text, distance = numbers(column_text(raw, distance_col), decimal_comma)
    unit = unit_in_header(distance_col) or column_text(raw, c("distance_unit"))
    timed = (seconds > 0) | (distance > 0)
    in_seconds = c("duration_sec")
    duration_col = in_seconds or c("duration")
    duration = workout_minutes(column_text(raw, duration_col), in_seconds is not None, notes,
                               "Strong")
    frame = pd.DataFrame(
        {
            DATE: column_text(raw, c(DATE)),
            SESSION_ID: column_text(raw, c(DATE)),
            REPS: reps_text.where(~((reps == 0) & timed), ""),
            WORK_S: seconds_text.where(seconds > 0, ""),
            LOAD_KG: numbers(column_text(raw, weight), decimal_comma)[0],
            RPE: numbers(column_text(raw, c(RPE)), decimal_comma)[0],
            SESSION_DURATION_MIN: duration.astype(object).where(duration.notna(), ""),
            "_notes": join_notes(
                kind.where(~numbered & ~rest),
                ("distance " + distance_text + " " + unit).str.strip().where(distance > 0),
                column_text(raw, c(NOTES)),
            ),
            "_name": column_text(raw, c("exercise")),
            "_source_row": source_row_keys(raw),
        }
    )
    labels = {
        DATE: c(DATE),
        SESSION_ID: c(DATE),
        SET_INDEX: c("set_order"),
        REPS: c(REPS),
        WORK_S: c("seconds") or "Seconds",
        LOAD_KG: weight or "Weight",
        RPE: c(RPE) or "RPE",
        EXERCISE_ID: c("exercise"),
        NOTES: c(NOTES) or "Notes",
        SESSION_DURATION_MIN: duration_col or "Duration",
    }
    note_not_carried(raw, vocabulary.not_carried, notes)
    note_unmapped(raw, {c(role) for role in vocabulary.columns}, vocabulary.not_carried, notes)
    return MappedExport(frame, labels, scale, skipped, extra, notes, f"strong ({variant})")


