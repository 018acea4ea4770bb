"""Tiny, hand-checkable logs for the analysis tests (imported by tests/test_<module>.py)."""

from __future__ import annotations

import pandas as pd

from psoaskit.logs.schema import LOG_DTYPES


def make_log(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A canonical-schema log from row dicts; missing columns are empty, dtypes as in logs."""
    frame = pd.DataFrame(rows)
    for column, dtype in LOG_DTYPES.items():
        if column not in frame.columns:
            frame[column] = pd.Series([None] * len(frame), dtype=object)
        if column == "date":
            frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype("datetime64[ns]")
        else:
            frame[column] = frame[column].astype(dtype)
    return frame[list(LOG_DTYPES)]


def set_row(athlete: str, date: str, exercise: str, **fields: object) -> dict[str, object]:
    """One set; ``session_id`` defaults to athlete and day."""
    row: dict[str, object] = {
        "athlete_id": athlete,
        "date": date,
        "session_id": f"{athlete}-{date[:10]}",
        "exercise_id": exercise,
    }
    row.update(fields)
    return row


def routine_session(athlete: str, date: str, *, hold_left: float = 8.0, hold_right: float = 8.0,
                    rpe: float = 5.0, pain: float = 0.0) -> list[dict[str, object]]:
    """Three sets per side of the slumpy psoas (5 reps) from the five-exercise routine."""
    return [
        set_row(athlete, date, "standing_slumpy_psoas", side=side, set_index=k, reps=5,
                hold_s=hold, rpe=rpe, pain=pain)
        for k in (1, 2, 3)
        for side, hold in (("L", hold_left), ("R", hold_right))
    ]
