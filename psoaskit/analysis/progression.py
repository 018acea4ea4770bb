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


def progression_table(sides: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """Weekly bests per athlete and exercise, and the weekly ladder level, as a long table.

    Parameters
    ----------
    sides : DataFrame
        Session x exercise x side blocks (``psoaskit.analysis.sessions.side_table``).
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
    >>> from psoaskit.analysis.sessions import session_table, side_table
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 2, "exercise_id": ["supine_psoas_activation"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-08"]),
    ...                     "reps": [5, 5], "hold_s": [3.0, 5.0]})
    >>> t = progression_table(side_table(log), session_table(log))
    >>> t[["exercise_id", "metric", "value"]].values.tolist()
    [['supine_psoas_activation', 'hold_s', 3.0], ['supine_psoas_activation', 'hold_s', 5.0], ['ladder', 'level', 1.0], ['ladder', 'level', 1.0]]
    """  # noqa: E501
    exercises = list(sides[EXERCISE_ID].cat.categories.astype(str))
    n_ex = len(exercises) + 1  # + the ladder
    athlete = sides[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64)
    week = week_number(day_number(sides[WEEK].to_numpy()))
    s_week = week_number(day_number(sessions[WEEK].to_numpy()))
    w0 = int(min(week.min(initial=0), s_week.min(initial=0)))
    n_weeks = int(max(week.max(initial=0), s_week.max(initial=0)) - w0 + 1)
    key = (athlete * n_weeks + (week - w0)) * n_ex + sides[EXERCISE_ID].cat.codes.to_numpy()
    group, keys = group_codes(key)
    metrics = list(PROGRESSION_METRICS)
    parts_key, parts_metric, parts_value = [], [], []
    for metric, column in ((HOLD_S, "hold_s_max"), (WORK_S, "work_s_max"),
                           (LOAD_KG, "load_kg_max")):
        best = np.full(len(keys), np.nan)
        np.fmax.at(best, group, sides[column].to_numpy(dtype=float))
        keep = ~np.isnan(best)
        parts_key.append(keys[keep])
        parts_metric.append(np.full(keep.sum(), metrics.index(metric), dtype=np.int8))
        parts_value.append(best[keep])
    s_athlete = sessions[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64)
    s_key = (s_athlete * n_weeks + (s_week - w0)) * n_ex + (n_ex - 1)
    s_group, s_keys = group_codes(s_key)
    level = np.full(len(s_keys), np.nan)
    np.fmax.at(level, s_group, sessions["level_max"].to_numpy(dtype=float))
    keep = ~np.isnan(level)
    parts_key.append(s_keys[keep])
    parts_metric.append(np.full(keep.sum(), metrics.index("level"), dtype=np.int8))
    parts_value.append(level[keep])
    all_keys = np.concatenate(parts_key)
    metric_code = np.concatenate(parts_metric)
    athlete_code = all_keys // (n_ex * n_weeks)
    ex_code = all_keys % n_ex
    week_code = (all_keys // n_ex) % n_weeks
    order = np.lexsort((week_code, metric_code, ex_code, athlete_code))
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(
                athlete_code[order], dtype=sides[ATHLETE_ID].dtype
            ),
            WEEK: days_to_datetime(week_start_day(week_code[order] + w0)),
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
    frame = pd.DataFrame({c: data[c] for c in by})
    frame["_x"] = xs.to_numpy(dtype=float)
    frame["_y"] = data[y].to_numpy(dtype=float)
    frame = frame.sort_values([*by, "_x"], kind="stable")
    groups = frame.groupby(by, observed=True, sort=True)
    frame["_x"] -= groups["_x"].transform("first")  # centre per group: small, exact sums
    frame["_xy"] = frame["_x"] * frame["_y"]
    frame["_xx"] = frame["_x"] * frame["_x"]
    groups = frame.groupby(by, observed=True, sort=True)
    sums = groups[["_x", "_y", "_xy", "_xx"]].sum()
    n = groups.size().to_numpy(dtype=float)
    denominator = n * sums["_xx"].to_numpy() - sums["_x"].to_numpy() ** 2
    numerator = n * sums["_xy"].to_numpy() - sums["_x"].to_numpy() * sums["_y"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(denominator > 1e-12, numerator / denominator, np.nan)
    out = pd.DataFrame(
        {"n": n.astype(np.int64), "first": groups["_y"].first(), "last": groups["_y"].last(),
         "slope": slope},
        index=sums.index,
    )
    return out.reset_index()


def new_bests(progression: pd.DataFrame, sides: pd.DataFrame) -> pd.DataFrame:
    """The weeks in which an athlete beat every earlier week of an exercise and metric.

    Metrics are those of :func:`progression_table` plus ``sets``, the most sets of the
    exercise on one side in one session that week. A first week sets a baseline and is
    not a new best.

    Parameters
    ----------
    progression : DataFrame
        :func:`progression_table`.
    sides : DataFrame
        Session x exercise x side blocks (``psoaskit.analysis.sessions.side_table``).

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start``, ``exercise_id``, ``metric``, ``value`` and
        ``previous_best`` [metric unit], one row per new best.

    Examples
    --------
    >>> from psoaskit.analysis.sessions import session_table, side_table
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 3, "exercise_id": ["psoas_march"] * 3,
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"]),
    ...                     "hold_s": [3.0, 3.0, 5.0], "reps": [5, 5, 5]})
    >>> sides, sessions = side_table(log), session_table(log)
    >>> bests = new_bests(progression_table(sides, sessions), sides)
    >>> bests[["week_start", "metric", "value", "previous_best"]].values.tolist()
    [[Timestamp('2024-01-15 00:00:00'), 'hold_s', 5.0, 3.0]]
    """
    exercises = progression[EXERCISE_ID].cat.categories
    # the most sets on one side per athlete, week and exercise, on integer keys (the
    # progression table's exercises are the sides' own, with the ladder after them)
    ex_code = sides[EXERCISE_ID].cat.codes.to_numpy()
    week = week_number(day_number(sides[WEEK].to_numpy()))
    span = int(week.max(initial=0)) - int(week.min(initial=0)) + 1
    key = (sides[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64) * (len(exercises) + 1)
           + ex_code) * span + (week - week.min(initial=0))
    group, cells = group_codes(key)
    most = np.zeros(len(cells))
    np.maximum.at(most, group, sides["sets"].to_numpy(dtype=float))
    take = np.unique(group, return_index=True)[1]
    metrics = [*PROGRESSION_METRICS, "sets"]
    sets = pd.DataFrame({
        ATHLETE_ID: pd.Categorical.from_codes(sides[ATHLETE_ID].cat.codes.to_numpy()[take],
                                              dtype=sides[ATHLETE_ID].dtype),
        WEEK: sides[WEEK].to_numpy()[take],
        EXERCISE_ID: pd.Categorical.from_codes(ex_code[take], categories=exercises),
        "metric": labels_at(np.full(len(take), len(metrics) - 1), metrics),
        "value": most,
    })
    table = pd.concat([progression, sets], ignore_index=True)
    metric = pc.index_in(pa.array(table["metric"].array, pa.string()),
                         value_set=pa.array(metrics)).to_numpy(zero_copy_only=False)
    series = (table[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64) * (len(exercises) + 1)
              + table[EXERCISE_ID].cat.codes.to_numpy()) * len(metrics) + metric
    order = np.lexsort((table[WEEK].to_numpy(), series))
    series = series[order]
    value = table["value"].to_numpy(dtype=float)[order]
    best = pd.Series(value).groupby(series).cummax().to_numpy()
    previous = np.r_[np.nan, best[:-1]]
    previous[np.r_[True, series[1:] != series[:-1]]] = np.nan
    beaten = value > previous
    out = table.iloc[order[beaten]].reset_index(drop=True)
    out["previous_best"] = previous[beaten]
    return out
