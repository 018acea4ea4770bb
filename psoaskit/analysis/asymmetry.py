"""Left/right asymmetry of the dose logged per exercise and week.

``asymmetry_pct = 100 x (right - left) / max(left, right)`` [%]: the percentage difference
relative to the larger side, which Bishop et al. 2018 (Strength Cond J 40(4):1-6) recommend for
unilateral tests (our reading; the paper's equation was not re-checked for this kit), signed so
that positive means more on the right (the sign adds direction only; the magnitude is the same
whichever side is larger).

What is compared is the week's per-side total of one quantity: the volume load [kg] if both
sides carried an external load, else the time under tension [s] if both sides were timed, else
the reps. It describes what was *done* on each side (less work on one side may be a choice, a
weaker side or a sore side); it is not a strength test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from psoaskit.analysis.sessions import WEEK, days_to_datetime, group_codes, labels_at
from psoaskit.analysis.training_load import day_number, week_number, week_start_day
from psoaskit.logs.schema import ATHLETE_ID, EXERCISE_ID, REPS, SIDE, SIDES

__all__ = ["asymmetry_index", "asymmetry_table"]


def asymmetry_index(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Signed percentage difference of right over left, relative to the larger side.

    Parameters
    ----------
    left, right : array-like
        The same quantity on each side [any unit, >= 0].

    Returns
    -------
    ndarray
        Asymmetry [%], in [-100, 100]; positive when the right is larger, NaN when both are 0.

    Examples
    --------
    >>> asymmetry_index([10, 8, 0], [8, 10, 0])
    array([-20.,  20.,  nan])
    """
    left = np.asarray(left, dtype=float)
    right = np.asarray(right, dtype=float)
    larger = np.fmax(left, right)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(larger > 0, 100 * (right - left) / larger, np.nan)


def asymmetry_table(sides: pd.DataFrame) -> pd.DataFrame:
    """Asymmetry per athlete, week and exercise done on both the left and the right.

    Parameters
    ----------
    sides : DataFrame
        Per session, exercise and side blocks (``psoaskit.analysis.sessions.side_table``).

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start``, ``exercise_id``, ``metric`` (``volume_load_kg``,
        ``tut_s`` or ``reps``), ``left``, ``right`` [metric unit], ``asymmetry_pct`` [%] and
        ``larger_side`` (``L``, ``R`` or ``equal``).

    Examples
    --------
    >>> from psoaskit.analysis.sessions import side_table
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 2, "exercise_id": ["toe_tap"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-01"] * 2), "side": ["L", "R"],
    ...                     "reps": [10, 8]})
    >>> asymmetry_table(side_table(log))[["metric", "left", "right", "asymmetry_pct"]].values.tolist()
    [['reps', 10.0, 8.0, -20.0]]
    """  # noqa: E501
    side = pd.Categorical(sides[SIDE], categories=SIDES).codes  # L 0, R 1 (no recoding
    in_lr = (side == 0) | (side == 1)  # for side_table's sides)
    is_right = side[in_lr] == 1
    athlete = sides[ATHLETE_ID].cat.codes.to_numpy()[in_lr].astype(np.int64)
    exercise = sides[EXERCISE_ID].cat.codes.to_numpy()[in_lr].astype(np.int64)
    week = week_number(day_number(sides[WEEK].to_numpy()[in_lr]))
    n_ex = max(len(sides[EXERCISE_ID].cat.categories), 1)
    w0 = int(week.min()) if len(week) else 0
    n_weeks = int(week.max() - w0 + 1) if len(week) else 1
    key = (athlete * n_weeks + (week - w0)) * n_ex + exercise
    group, keys = group_codes(key)
    n = len(keys)
    group_l, group_r = group[~is_right], group[is_right]

    def per_side(column: str) -> tuple[np.ndarray, np.ndarray]:
        values = sides[column].to_numpy(dtype=float)[in_lr]
        return (
            np.bincount(group_l, values[~is_right], n),
            np.bincount(group_r, values[is_right], n),
        )

    sets_l, sets_r = per_side("sets")
    vol_l, vol_r = per_side("volume_load_kg")
    tut_l, tut_r = per_side("tut_s")
    timed_l, timed_r = per_side("tut_n")
    reps_l, reps_r = per_side(REPS)
    both = (sets_l > 0) & (sets_r > 0)
    use_load = (vol_l > 0) & (vol_r > 0)
    use_tut = ~use_load & (timed_l > 0) & (timed_r > 0)
    left = np.select([use_load, use_tut], [vol_l, tut_l], reps_l)[both]
    right = np.select([use_load, use_tut], [vol_r, tut_r], reps_r)[both]
    keys = keys[both]
    metric = np.select([use_load, use_tut], [0, 1], 2)[both]
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(
                keys // (n_ex * n_weeks), dtype=sides[ATHLETE_ID].dtype
            ),
            WEEK: days_to_datetime(week_start_day((keys // n_ex) % n_weeks + w0)),
            EXERCISE_ID: pd.Categorical.from_codes(keys % n_ex, dtype=sides[EXERCISE_ID].dtype),
            "metric": labels_at(metric, ["volume_load_kg", "tut_s", REPS]),
            "left": left,
            "right": right,
            "asymmetry_pct": asymmetry_index(left, right),
            "larger_side": labels_at(np.select([right > left, left > right], [0, 1], 2),
                                     ["R", "L", "equal"]),
        }
    )
