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

from psoaskit.analysis.sessions import WEEK, labels_at
from psoaskit.logs.schema import ATHLETE_ID, EXERCISE_ID, REPS

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


def asymmetry_table(weeks: pd.DataFrame) -> pd.DataFrame:
    """Asymmetry per athlete, week and exercise done on both the left and the right.

    Parameters
    ----------
    weeks : DataFrame
        Per athlete, week and exercise totals by side
        (``psoaskit.analysis.sessions.exercise_week_table``).

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start``, ``exercise_id``, ``metric`` (``volume_load_kg``,
        ``tut_s`` or ``reps``), ``left``, ``right`` [metric unit], ``asymmetry_pct`` [%] and
        ``larger_side`` (``L``, ``R`` or ``equal``).

    Examples
    --------
    >>> from psoaskit.analysis.sessions import exercise_week_table, side_table
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 2, "exercise_id": ["toe_tap"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-01"] * 2), "side": ["L", "R"],
    ...                     "reps": [10, 8]})
    >>> table = asymmetry_table(exercise_week_table(side_table(log)))
    >>> table[["metric", "left", "right", "asymmetry_pct"]].values.tolist()
    [['reps', 10.0, 8.0, -20.0]]
    """

    def per_side(column: str) -> tuple[np.ndarray, np.ndarray]:
        return (weeks[f"{column}_L"].to_numpy(dtype=float),
                weeks[f"{column}_R"].to_numpy(dtype=float))

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
    metric = np.select([use_load, use_tut], [0, 1], 2)[both]
    return pd.DataFrame(
        {
            ATHLETE_ID: weeks[ATHLETE_ID].array[both],
            WEEK: weeks[WEEK].to_numpy()[both],
            EXERCISE_ID: weeks[EXERCISE_ID].array[both],
            "metric": labels_at(metric, ["volume_load_kg", "tut_s", REPS]),
            "left": left,
            "right": right,
            "asymmetry_pct": asymmetry_index(left, right),
            "larger_side": labels_at(np.select([right > left, left > right], [0, 1], 2),
                                     ["R", "L", "equal"]),
        },
        copy=False,  # fresh arrays: no consolidating copy
    )
