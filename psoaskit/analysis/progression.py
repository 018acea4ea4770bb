"""Progression: weekly bests per exercise (hold, work, load) and the ladder level, with trends.

The sources progress their programmes by sets, hold time, resistance, load or ladder level
(``psoaskit.catalogue.programmes.PROGRESSION_STEPS``). The log shows three of these per exercise as
weekly bests: the longest hold per rep ``hold_s`` [s], the longest continuous work
``work_s`` [s] and the heaviest load ``load_kg`` [kg]; and, across exercises, the highest
ladder level done that week (metric ``level`` under the pseudo exercise :data:`LADDER`).
A trend is the least-squares slope per week (:func:`linear_trend`): a summary of direction,
not a forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from psoaskit.analysis.grouped import grouped_cummax
from psoaskit.analysis.sessions import WEEK, days_to_datetime, group_codes, labels_at
from psoaskit.analysis.training_load import day_number, week_number, week_start_day
from psoaskit.logs.schema import ATHLETE_ID, EXERCISE_ID, HOLD_S, LOAD_KG, WORK_S

__all__ = [
    "LADDER",
    "PROGRESSION_METRICS",
    "STEP_METRICS",
    "linear_trend",
    "new_bests",
    "progression_table",
]

#: Pseudo exercise id under which the ladder level appears.
LADDER = "ladder"
#: Metrics of the progression table and their units.
PROGRESSION_METRICS = {HOLD_S: "s", WORK_S: "s", LOAD_KG: "kg", "level": "-"}
#: The weekly best that shows each progression step of a programme
#: (``psoaskit.catalogue.programmes.PROGRESSION_STEPS``). Band resistance is logged as free
#: text with no order, so resistance shows only as external load.
STEP_METRICS = {"sets": "sets", "hold": HOLD_S, "resistance": LOAD_KG, "load": LOAD_KG,
                "level": "level"}


def progression_table(weeks: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """Weekly bests per athlete and exercise, and the weekly ladder level, as a long table.

    Parameters
    ----------
    weeks : DataFrame
        Per athlete, week and exercise bests (``psoaskit.analysis.sessions.exercise_week_table``).
    sessions : DataFrame
        Sessions (``psoaskit.analysis.sessions.session_table``), for the ladder level.

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start``, ``exercise_id``, ``metric`` (see
        :data:`PROGRESSION_METRICS`), ``value`` [metric unit]; weeks without the metric are
        left out. Sorted by athlete, exercise, metric and week.

    Examples
    --------
    >>> from psoaskit.analysis.sessions import exercise_week_table, session_table, side_table
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 2, "exercise_id": ["supine_psoas_activation"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-08"]),
    ...                     "reps": [5, 5], "hold_s": [3.0, 5.0]})
    >>> t = progression_table(exercise_week_table(side_table(log)), session_table(log))
    >>> t[["exercise_id", "metric", "value"]].values.tolist()
    [['supine_psoas_activation', 'hold_s', 3.0], ['supine_psoas_activation', 'hold_s', 5.0], ['ladder', 'level', 1.0], ['ladder', 'level', 1.0]]
    """  # noqa: E501
    exercises = list(weeks[EXERCISE_ID].cat.categories.astype(str))
    ladder = len(exercises)
    metrics = list(PROGRESSION_METRICS)
    parts_athlete, parts_week, parts_ex, parts_metric, parts_value = [], [], [], [], []
    athlete = weeks[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64)
    week = week_number(day_number(weeks[WEEK].to_numpy()))
    exercise = weeks[EXERCISE_ID].cat.codes.to_numpy().astype(np.int64)
    for metric, column in ((HOLD_S, "hold_s_max"), (WORK_S, "work_s_max"),
                           (LOAD_KG, "load_kg_max")):
        best = weeks[column].to_numpy(dtype=float)
        keep = ~np.isnan(best)
        parts_athlete.append(athlete[keep])
        parts_week.append(week[keep])
        parts_ex.append(exercise[keep])
        parts_metric.append(np.full(keep.sum(), metrics.index(metric), dtype=np.int8))
        parts_value.append(best[keep])
    # the ladder level: the highest level of the week's sessions
    s_athlete = sessions[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64)
    s_week = week_number(day_number(sessions[WEEK].to_numpy()))
    w0 = int(s_week.min()) if len(s_week) else 0
    n_weeks = int(s_week.max()) - w0 + 1 if len(s_week) else 1
    s_group, s_keys = group_codes(s_athlete * n_weeks + (s_week - w0))
    level = np.full(len(s_keys), np.nan)
    np.fmax.at(level, s_group, sessions["level_max"].to_numpy(dtype=float))
    keep = ~np.isnan(level)
    level_athlete, level_week = np.divmod(s_keys[keep], n_weeks)
    parts_athlete.append(level_athlete)
    parts_week.append(level_week + w0)
    parts_ex.append(np.full(keep.sum(), ladder, dtype=np.int64))
    parts_metric.append(np.full(keep.sum(), metrics.index("level"), dtype=np.int8))
    parts_value.append(level[keep])
    athlete_code, week_code = np.concatenate(parts_athlete), np.concatenate(parts_week)
    ex_code, metric_code = np.concatenate(parts_ex), np.concatenate(parts_metric)
    order = np.lexsort((week_code, metric_code, ex_code, athlete_code))
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(
                athlete_code[order], dtype=weeks[ATHLETE_ID].dtype
            ),
            WEEK: days_to_datetime(week_start_day(week_code[order])),
            EXERCISE_ID: pd.Categorical.from_codes(ex_code[order], categories=[*exercises, LADDER]),
            "metric": labels_at(metric_code[order], metrics),
            "value": np.concatenate(parts_value)[order],
        },
        copy=False,  # fresh arrays: no second copy into 2-D blocks
    )


def linear_trend(table: pd.DataFrame, by: list[str], x: str, y: str) -> pd.DataFrame:
    """Least-squares slope of ``y`` on ``x`` per group, vectorised with grouped sums.

    Parameters
    ----------
    table : DataFrame
        Long table with the group columns, ``x`` (numbers or datetimes) and ``y``.
    by : list of str
        Group columns.
    x, y : str
        Columns; datetimes in ``x`` are counted in weeks.

    Returns
    -------
    DataFrame
        ``by`` plus ``n`` (points with a ``y``), ``first`` and ``last`` (``y`` at the smallest
        and largest ``x``) and ``slope`` [``y`` unit per ``x`` unit, or per week; NaN for
        fewer than 2 distinct ``x``].

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a"] * 3 + ["b"], "x": [0, 1, 2, 0], "y": [1.0, 3.0, 5.0, 2.0]})
    >>> linear_trend(t, ["g"], "x", "y")[["g", "n", "slope"]].values.tolist()
    [['a', 3, 2.0], ['b', 1, nan]]
    """
    data = table.loc[table[y].notna(), [*by, x, y]]
    xs = data[x]
    if pd.api.types.is_datetime64_any_dtype(xs.dtype):
        xs = (xs - pd.Timestamp("1970-01-05")) / pd.Timedelta(weeks=1)
    group = data.groupby(by, observed=True, sort=True).ngroup().to_numpy()
    order = np.lexsort((xs.to_numpy(dtype=float), group))
    group, xs, ys = group[order], xs.to_numpy(dtype=float)[order], data[y].to_numpy(float)[order]
    start = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])[: len(group)]
    n = np.diff(np.r_[start, len(group)])
    xs = xs - np.repeat(xs[start], n)  # centre per group: small, exact sums

    def total(values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values, start)

    sx, sy, sxy, sxx = total(xs), total(ys), total(xs * ys), total(xs * xs)
    denominator = n * sxx - sx**2
    numerator = n * sxy - sx * sy
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(denominator > 1e-12, numerator / denominator, np.nan)
    out = data[by].iloc[order[start]].reset_index(drop=True)
    out["n"] = n.astype(np.int64)
    out["first"] = ys[start]
    out["last"] = ys[start + n - 1]
    out["slope"] = slope
    return out


def new_bests(progression: pd.DataFrame, weeks: pd.DataFrame) -> pd.DataFrame:
    """The weeks in which an athlete beat every earlier week of an exercise and metric.

    Metrics are those of :func:`progression_table` plus ``sets``, the most sets of the
    exercise on one side in one session that week. A first week sets a baseline and is
    not a new best.

    Parameters
    ----------
    progression : DataFrame
        :func:`progression_table`.
    weeks : DataFrame
        Per athlete, week and exercise bests (``psoaskit.analysis.sessions.exercise_week_table``),
        for the sets.

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start``, ``exercise_id``, ``metric``, ``value`` and
        ``previous_best`` [metric unit], one row per new best.

    Examples
    --------
    >>> from psoaskit.analysis.sessions import exercise_week_table, session_table, side_table
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 3, "exercise_id": ["psoas_march"] * 3,
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"]),
    ...                     "hold_s": [3.0, 3.0, 5.0], "reps": [5, 5, 5]})
    >>> weeks = exercise_week_table(side_table(log))
    >>> bests = new_bests(progression_table(weeks, session_table(log)), weeks)
    >>> bests[["week_start", "metric", "value", "previous_best"]].values.tolist()
    [[Timestamp('2024-01-15 00:00:00'), 'hold_s', 5.0, 3.0]]
    """
    exercises = progression[EXERCISE_ID].cat.categories  # the weeks' own, then the ladder
    metrics = [*PROGRESSION_METRICS, "sets"]
    metric = np.concatenate([
        pc.index_in(pa.array(progression["metric"].array, pa.string()),
                    value_set=pa.array(metrics)).to_numpy(zero_copy_only=False),
        np.full(len(weeks), len(metrics) - 1)])
    athlete = np.concatenate([progression[ATHLETE_ID].cat.codes.to_numpy(),
                              weeks[ATHLETE_ID].cat.codes.to_numpy()]).astype(np.int64)
    exercise = np.concatenate([progression[EXERCISE_ID].cat.codes.to_numpy(),
                               weeks[EXERCISE_ID].cat.codes.to_numpy()]).astype(np.int64)
    week = np.concatenate([progression[WEEK].to_numpy(), weeks[WEEK].to_numpy()])
    value = np.concatenate([progression["value"].to_numpy(dtype=float),
                            weeks["sets_max"].to_numpy(dtype=float)])
    series = (athlete * len(exercises) + exercise) * len(metrics) + metric
    order = np.lexsort((week, series))
    series, value = series[order], value[order]
    previous = np.r_[np.nan, grouped_cummax(value, series)[:-1]]
    previous[np.r_[True, series[1:] != series[:-1]]] = np.nan
    beaten = order[value > previous]
    return pd.DataFrame({
        ATHLETE_ID: pd.Categorical.from_codes(athlete[beaten],
                                              dtype=progression[ATHLETE_ID].dtype),
        WEEK: week[beaten],
        EXERCISE_ID: pd.Categorical.from_codes(exercise[beaten], categories=exercises),
        "metric": labels_at(metric[beaten], metrics),
        "value": value[value > previous],
        "previous_best": previous[value > previous],
    }, copy=False)
