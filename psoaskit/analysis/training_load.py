"""Training-load formulas: session-RPE load, daily load, ACWR, monotony and strain.

Everything here works on plain arrays or on a *daily load table* (one row per athlete and
calendar day, rest days included as zero load) and is vectorised across athletes: groups are
handled with window sums, ``bincount`` and a compiled grouped EWMA
(:func:`psoaskit.analysis.grouped.grouped_ewma`), never a Python loop per athlete.

Formulas and their sources
--------------------------
session-RPE load
    ``load [AU] = session RPE [CR-10] x session duration [min]`` (Foster et al. 2001,
    J Strength Cond Res 15(1):109-115).
ACWR, rolling and coupled
    ``mean(load, last 7 d) / mean(load, last 28 d)``, the 28-day window including the acute
    week (the convention of Gabbett 2016, Br J Sports Med 50:273-280).
ACWR, rolling and uncoupled
    ``mean(load, days t-6..t) / mean(load, days t-27..t-7)`` (Windt & Gabbett 2018).
ACWR, EWMA
    ``EWMA_t = lambda * load_t + (1 - lambda) * EWMA_(t-1)``, ``lambda = 2 / (N + 1)`` with
    N = 7 (acute) and 28 (chronic) days (Williams et al. 2017, Br J Sports Med 51(3):209; the
    form of lambda as restated by implementations citing it). The text of the letter we could
    retrieve states no starting value; psoaskit starts each EWMA at the mean of its first N
    days and reports it from day N on, so no single first session is carried for weeks.

The ratio that feeds flags, tables and reports: weekly, read at each week's end
------------------------------------------------------------------------------------
Read on daily loads, every ratio swings with the weekday it is read on: with one session a week
at a perfectly steady load, the daily EWMA 7/28 ratio is about 1.6 on the session day and 0.4
six days later. So the ratio psoaskit reports, tables and flags is computed from *week-aligned*
loads (Monday to Sunday totals; :func:`weekly_acwr`; the current week counts its load so far, so
steady training reads below 1 until the week is over and a spike shows as soon as it is large
enough): the acute value is the week's load, the chronic value the mean of the last
``chronic_days / 7`` weeks (rolling, coupled), of the weeks before it (rolling, uncoupled: Windt
& Gabbett 2018), or their EWMA with ``lambda = 2 / (W + 1)``, W = 4 weeks, started at the mean
of the first W weeks (EWMA). A steady weekly load reads 1.0 whatever the days trained. The
rolling weekly ratios equal the daily ones read on Sundays; the daily EWMA columns stay for the
load-over-time chart.

Monotony and strain
    ``monotony = mean / SD`` of the 7 daily loads of a week (population SD, rest days as 0);
    ``strain = weekly load x monotony`` (Foster 1998, Med Sci Sports Exerc 30(7):1164-1168, as
    restated by secondary sources; the original was not checked). When SD is 0 the ratio is
    infinite; like Fellrnr's implementation we cap it (default 10). With k equal sessions a
    week and the other days at 0, monotony is at most ``sqrt(k / (7 - k))`` (0.63 at k = 2,
    0.87 at k = 3), so the high-monotony band (about 2) cannot be reached by 2-3 sessions a
    week: psoaskit reports monotony and flags nothing on it.

Criticism (read before using ACWR)
----------------------------------
The ratio is shown here as a *descriptive trend of load change*, never as an injury-risk score.
In the coupled form the acute week is part of the chronic window, so ratio and acute load are
spuriously correlated (Lolli et al. 2019, Br J Sports Med 53(15):921). Impellizzeri et al. 2020
(Sports Med, doi:10.1007/s40279-020-01378-6) reproduced the published injury associations by
dividing acute load by fixed or random "chronic" values and found neither ACWR nor acute load
beat an intercept-only model. The 0.8-1.3 "sweet spot" and >= 1.5 "danger zone" bands of
Gabbett 2016 do not survive treating load as continuous. Every ACWR column therefore names its
variant, and psoaskit's spike flag says it is descriptive.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from psoaskit.analysis.grouped import grouped_ewma, window_sums
from psoaskit.errors import ParameterError, expected_one_of
from psoaskit.logs.schema import ATHLETE_ID, DATE

__all__ = [
    "ACWR_VARIANTS",
    "acwr",
    "daily_load",
    "day_number",
    "ewma",
    "monotony",
    "rolling_mean",
    "session_rpe_load",
    "spike_threshold",
    "week_number",
    "week_start_day",
    "weekly_acwr",
    "weekly_monotony_strain",
    "with_acwr",
]

#: ACWR variants, as named in output columns (``acwr_<variant>``).
ACWR_VARIANTS = ("rolling_coupled", "rolling_uncoupled", "ewma")

#: Day 0 of psoaskit's week numbering is a Monday: 1970-01-01 was a Thursday, so
#: ``week = (day + 3) // 7`` counts Monday-to-Sunday weeks.
_WEEK_SHIFT = 3


def day_number(dates: np.ndarray) -> np.ndarray:
    """Whole days since 1970-01-01 of datetime64 values (any resolution; time of day dropped).

    Examples
    --------
    >>> day_number(np.array(["1970-01-02T23:59"], dtype="datetime64[m]"))
    array([1])
    """
    dates = np.asarray(dates)
    unit, count = np.datetime_data(dates.dtype)
    per_day = int(np.timedelta64(1, "D") // np.timedelta64(count, unit)) if unit != "D" else 1
    return dates.view(np.int64) // per_day


def week_number(day: np.ndarray) -> np.ndarray:
    """Monday-based week number of integer days since 1970-01-01.

    Examples
    --------
    >>> days = np.array(["2024-01-07", "2024-01-08"], dtype="datetime64[D]").astype(np.int64)
    >>> week_number(days)[1] - week_number(days)[0]  # Sunday, then Monday
    np.int64(1)
    """
    return (day + _WEEK_SHIFT) // 7


def week_start_day(week: np.ndarray) -> np.ndarray:
    """The day number (days since 1970-01-01) of the Monday starting ``week``."""
    return week * 7 - _WEEK_SHIFT


def session_rpe_load(rpe: np.ndarray | pd.Series, minutes: np.ndarray | pd.Series) -> np.ndarray:
    """Session-RPE load (Foster et al. 2001).

    Parameters
    ----------
    rpe : array-like
        Session rating of perceived exertion [CR-10, 0-10].
    minutes : array-like
        Session duration [min].

    Returns
    -------
    ndarray
        Load [AU]; NaN where either input is missing.

    Examples
    --------
    >>> session_rpe_load([7.0], [60.0])
    array([420.])
    """
    return np.asarray(rpe, dtype=float) * np.asarray(minutes, dtype=float)


def _group_position(groups: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal group codes (0, 1, 2, ...)."""
    n = len(groups)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    return np.arange(n) - run_start


def rolling_mean(values: np.ndarray, groups: np.ndarray, window: int) -> np.ndarray:
    """Mean of the last ``window`` values within each group; NaN until the window is full.

    Parameters
    ----------
    values : ndarray
        Daily values [any unit], one per consecutive calendar day, groups contiguous.
    groups : ndarray
        Group code per value (e.g. athlete), equal codes in one contiguous block.
    window : int
        Window length [day].

    Examples
    --------
    >>> rolling_mean(np.array([1.0, 2, 3, 10, 20]), np.array([0, 0, 0, 1, 1]), 2)
    array([ nan,  1.5,  2.5,  nan, 15. ])
    """
    values = np.asarray(values, dtype=float)
    out = window_sums(values, window) / window
    out[_group_position(np.asarray(groups)) < window - 1] = np.nan
    return out


def ewma(values: np.ndarray, groups: np.ndarray, span: int) -> np.ndarray:
    """Exponentially weighted moving average with ``lambda = 2 / (span + 1)``, per group.

    Started at the mean of each group's first ``span`` values and NaN before (the letter of
    Williams et al. 2017, as far as it could be read, states no starting value).

    Parameters
    ----------
    values : ndarray
        Daily values, one per consecutive calendar day, groups contiguous.
    groups : ndarray
        Group code per value.
    span : int
        N of the decay constant [day].

    Examples
    --------
    >>> ewma(np.array([4.0, 2.0, 0.0, 0.0]), np.array([0, 0, 0, 0]), 2).round(3)  # lambda 2/3
    array([  nan, 3.   , 1.   , 0.333])
    """
    return grouped_ewma(values, groups, 2.0 / (span + 1), span=span)


def acwr(
    values: np.ndarray,
    groups: np.ndarray,
    variant: str = "ewma",
    acute_days: int = 7,
    chronic_days: int = 28,
) -> np.ndarray:
    """Acute:chronic workload ratio of daily loads, in one of :data:`ACWR_VARIANTS`.

    All variants are NaN until a group has ``chronic_days`` days of history (the EWMA too,
    since the chronic average needs about that long to settle), and where the chronic value
    is 0. See the module docstring for the formulas and their published criticism.

    Parameters
    ----------
    values : ndarray
        Daily load [AU], rest days as 0, groups contiguous and days consecutive.
    groups : ndarray
        Group code (athlete) per day.
    variant : str
        ``"rolling_coupled"``, ``"rolling_uncoupled"`` or ``"ewma"``.
    acute_days, chronic_days : int
        Window lengths [day].

    Returns
    -------
    ndarray
        Ratio [-].

    Examples
    --------
    Four weeks at 10 AU a day, then one week at 20 AU a day:

    >>> load = np.r_[np.full(28, 10.0), np.full(7, 20.0)]
    >>> days = np.zeros(35, dtype=int)
    >>> float(acwr(load, days, "rolling_coupled")[-1])  # 20 / ((21*10 + 7*20) / 28)
    1.6
    >>> float(acwr(load, days, "rolling_uncoupled")[-1])  # 20 / 10
    2.0
    """
    if variant not in ACWR_VARIANTS:
        raise ParameterError(f"unknown ACWR variant {variant!r}; expected one of {ACWR_VARIANTS}")
    if not 0 < acute_days < chronic_days:
        raise ParameterError(
            f"need 0 < acute_days < chronic_days, got {acute_days}, {chronic_days}"
        )
    values = np.asarray(values, dtype=float)
    groups = np.asarray(groups)
    if variant == "ewma":
        acute = ewma(values, groups, acute_days)
        chronic = ewma(values, groups, chronic_days)
    else:
        acute = window_sums(values, acute_days) / acute_days
        chronic_sum = window_sums(values, chronic_days)
        if variant == "rolling_coupled":
            chronic = chronic_sum / chronic_days
        else:
            chronic = (chronic_sum - acute * acute_days) / (chronic_days - acute_days)
    return _ratio(acute, chronic, _group_position(groups) < chronic_days - 1)


def _ratio(acute: np.ndarray, chronic: np.ndarray, too_early: np.ndarray) -> np.ndarray:
    """acute / chronic, NaN where the chronic value is 0 or its window is not yet full."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = acute / chronic
    ratio[~np.isfinite(ratio) | (np.abs(chronic) < 1e-12) | too_early] = np.nan
    return ratio


def weekly_acwr(
    weekly_load: np.ndarray, groups: np.ndarray, variant: str = "ewma", chronic_weeks: int = 4
) -> np.ndarray:
    """Acute:chronic ratio of week-aligned loads: the ratio psoaskit reports and flags.

    The acute value is the week's load; the chronic one is built from the last
    ``chronic_weeks`` weeks (see the module docstring). NaN until a group has
    ``chronic_weeks`` weeks, where a week in the window has an unknown (NaN) load (the EWMA
    then restarts), and where the chronic value is 0.

    Parameters
    ----------
    weekly_load : ndarray
        Load per Monday-to-Sunday week [AU], groups contiguous, weeks consecutive.
    groups : ndarray
        Group code (athlete) per week.
    variant : str
        One of :data:`ACWR_VARIANTS`.
    chronic_weeks : int
        Chronic window [week].

    Returns
    -------
    ndarray
        Ratio [-].

    Examples
    --------
    Four steady weeks, then a week at twice the load:

    >>> load, one = np.array([300.0, 300, 300, 300, 600]), np.zeros(5, dtype=int)
    >>> [round(float(acwr_), 2) for acwr_ in weekly_acwr(load, one, "rolling_coupled")[3:]]
    [1.0, 1.6]
    >>> round(float(weekly_acwr(load, one, "rolling_uncoupled")[-1]), 2)
    2.0
    >>> round(float(weekly_acwr(load, one, "ewma")[-1]), 2)  # 600 / (0.4 x 600 + 0.6 x 300)
    1.43
    """
    if variant not in ACWR_VARIANTS:
        raise ParameterError(expected_one_of("ACWR variant", variant, ACWR_VARIANTS))
    if chronic_weeks < 2:
        raise ParameterError(f"the chronic window needs at least 2 weeks, got {chronic_weeks}")
    load = np.asarray(weekly_load, dtype=float)
    groups = np.asarray(groups)
    position = _group_position(groups)
    known = np.isfinite(load)
    # weeks since the last unknown load, within the group (a window must hold known weeks)
    index = np.arange(len(load))
    reset = np.where(~known, index, np.where(position == 0, index - 1, -1))
    run = np.where(known, index - np.maximum.accumulate(reset), 0)
    full = run >= chronic_weeks
    filled = np.where(known, load, 0.0)
    window = window_sums(filled, chronic_weeks)
    if variant == "rolling_coupled":
        chronic = window / chronic_weeks
    elif variant == "rolling_uncoupled":
        chronic = (window - filled) / (chronic_weeks - 1)
    else:
        # (re)started at the mean of each run's first full window
        start = run == chronic_weeks
        started = np.where(start, window / chronic_weeks, np.where(full, load, np.nan))
        chronic = grouped_ewma(started, np.cumsum(start), 2.0 / (chronic_weeks + 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = load / chronic
    ratio[~full | ~np.isfinite(ratio) | (np.abs(chronic) < 1e-12)] = np.nan
    return ratio


def spike_threshold(variant: str, step: float, chronic_weeks: int = 4) -> float:
    """The ratio a variant reads when a steady weekly load steps up by ``step`` for a week.

    The three variants react differently to one and the same change (the coupled ones count
    the new week in the chronic value too), so a load-spike threshold is set as a step in
    weekly load and translated into each variant's own reading.

    Examples
    --------
    >>> round(spike_threshold("rolling_coupled", 1.8), 2)  # Gabbett's 1.5
    1.5
    >>> round(spike_threshold("rolling_uncoupled", 1.8), 2), round(spike_threshold("ewma", 1.8), 2)
    (1.8, 1.36)
    """
    if variant == "rolling_coupled":
        return chronic_weeks * step / (chronic_weeks - 1 + step)
    if variant == "rolling_uncoupled":
        return step
    if variant == "ewma":
        alpha = 2.0 / (chronic_weeks + 1)
        return step / (alpha * step + 1 - alpha)
    raise ParameterError(expected_one_of("ACWR variant", variant, ACWR_VARIANTS))


def daily_load(
    athlete_id: pd.Series | np.ndarray,
    date: pd.Series | np.ndarray,
    load: pd.Series | np.ndarray | Mapping[str, pd.Series | np.ndarray],
    until: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """A complete daily calendar of load per athlete, rest days as zero.

    Each athlete's calendar runs from their first day with a row to their last day, or to
    ``until`` when given (later rows are dropped). Several loads on one day are summed;
    a missing load (NaN) counts as zero.

    Parameters
    ----------
    athlete_id : array-like
        Athlete of each load.
    date : array-like of datetime
        Date of each load (the time of day is ignored).
    load : array-like, or a mapping of names to array-likes
        Load [AU]; several named ones are summed on one calendar, a column each.
    until : date, optional
        Last calendar day for every athlete.

    Returns
    -------
    DataFrame
        ``athlete_id``, ``date`` (midnight), ``load`` [AU] (or the mapping's names), sorted
        by athlete and date.

    Examples
    --------
    >>> d = daily_load(["a", "a"], pd.to_datetime(["2024-01-01", "2024-01-03"]), [5.0, 7.0])
    >>> d["load"].tolist()
    [5.0, 0.0, 7.0]
    """
    athletes = pd.Categorical(athlete_id)
    codes = athletes.codes.astype(np.int64)
    days = day_number(pd.to_datetime(pd.Series(date)).to_numpy())
    loads = dict(load) if isinstance(load, Mapping) else {"load": load}
    keep = codes >= 0
    if until is not None:
        end = int(day_number(np.array([pd.Timestamp(until).to_datetime64()]))[0])
        keep &= days <= end
    codes, days = codes[keep], days[keep]
    n_cat = len(athletes.categories)
    present = np.bincount(codes, minlength=n_cat) > 0
    first = np.full(n_cat, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, days)
    if until is None:
        last = np.full(n_cat, np.iinfo(np.int64).min)
        np.maximum.at(last, codes, days)
    else:
        last = np.full(n_cat, end)
    lengths = np.where(present & (first <= last), last - first + 1, 0)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    total = int(offsets[-1])
    grid_code = np.repeat(np.arange(n_cat), lengths)
    grid_day = np.arange(total) - np.repeat(offsets[:-1], lengths) + np.repeat(first, lengths)
    cell = offsets[codes] + days - first[codes]
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(grid_code, dtype=athletes.dtype),
            DATE: grid_day.astype("datetime64[D]").astype("datetime64[ns]"),
            **{name: np.bincount(cell, weights=np.nan_to_num(np.asarray(v, dtype=float))[keep],
                                 minlength=total) for name, v in loads.items()},
        },
        copy=False,  # fresh arrays: no consolidating copy
    )


def with_acwr(daily: pd.DataFrame, acute_days: int = 7, chronic_days: int = 28) -> pd.DataFrame:
    """``daily`` (from :func:`daily_load`) with the averages and all three ACWR variants.

    Added columns: ``acute_mean``, ``chronic_mean`` (rolling, coupled), ``acute_ewma``,
    ``chronic_ewma`` [AU] and ``acwr_rolling_coupled``, ``acwr_rolling_uncoupled``,
    ``acwr_ewma`` [-]. The windows are stored in ``attrs["acwr_windows_days"]``.

    Examples
    --------
    >>> d = daily_load(["a"] * 35, pd.date_range("2024-01-01", periods=35), [10.0] * 35)
    >>> round(float(with_acwr(d)["acwr_ewma"].iloc[-1]), 3)
    1.0
    """
    if not 0 < acute_days < chronic_days:
        raise ParameterError(
            f"need 0 < acute_days < chronic_days, got {acute_days}, {chronic_days}"
        )
    out = daily.copy()
    groups = out[ATHLETE_ID].cat.codes.to_numpy()
    load = out["load"].to_numpy(dtype=float)
    # each average once; the ratios as acwr() computes them
    acute_sum, chronic_sum = window_sums(load, acute_days), window_sums(load, chronic_days)
    position = _group_position(groups)
    too_early = position < chronic_days - 1
    out["acute_mean"] = np.where(position < acute_days - 1, np.nan, acute_sum / acute_days)
    out["chronic_mean"] = np.where(too_early, np.nan, chronic_sum / chronic_days)
    out["acute_ewma"] = ewma(load, groups, acute_days)
    out["chronic_ewma"] = ewma(load, groups, chronic_days)
    acute = acute_sum / acute_days
    ratios = {
        "rolling_coupled": _ratio(acute, chronic_sum / chronic_days, too_early),
        "rolling_uncoupled": _ratio(
            acute, (chronic_sum - acute_sum) / (chronic_days - acute_days), too_early),
        "ewma": _ratio(out["acute_ewma"].to_numpy(), out["chronic_ewma"].to_numpy(), too_early),
    }
    for variant in ACWR_VARIANTS:
        out[f"acwr_{variant}"] = ratios[variant]
    out.attrs["acwr_windows_days"] = (acute_days, chronic_days)
    return out


def monotony(daily_loads: np.ndarray | list[float], cap: float = 10.0) -> float:
    """Foster's monotony of one week: mean / population SD of its 7 daily loads.

    Parameters
    ----------
    daily_loads : array-like
        The 7 daily loads of a week [AU], rest days as 0.
    cap : float
        Value returned when the SD is 0 but the week has load [-].

    Returns
    -------
    float
        Monotony [-]; NaN for a week without load.

    Examples
    --------
    >>> round(monotony([100, 0, 100, 0, 100, 0, 100]), 3)  # mean 57.1, SD 49.5
    1.155
    """
    x = np.asarray(daily_loads, dtype=float)
    if len(x) != 7:
        raise ParameterError(f"a week has 7 daily loads, got {len(x)}")
    mean, sd = x.mean(), x.std()
    if mean == 0:
        return float("nan")
    return cap if sd == 0 else float(mean / sd)


def weekly_monotony_strain(daily: pd.DataFrame, cap: float = 10.0) -> pd.DataFrame:
    """Monotony and strain per athlete and Monday-to-Sunday week, from a daily load table.

    Days of a week missing from the table (before an athlete's first or after their last day)
    count as rest days. Vectorised with ``bincount`` over (athlete, week) cells.

    Parameters
    ----------
    daily : DataFrame
        ``athlete_id`` (categorical), ``date``, ``load`` [AU], e.g. from :func:`daily_load`.
    cap : float
        Monotony reported when a week's daily loads are all equal and non-zero [-].

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start`` (Monday), ``load`` (weekly total) [AU],
        ``monotony`` [-] (NaN without load), ``strain`` [AU].

    Examples
    --------
    >>> d = daily_load(["a"] * 7, pd.date_range("2024-01-01", periods=7), [100, 0] * 3 + [100])
    >>> weekly_monotony_strain(d)[["load", "monotony"]].round(3).values.tolist()
    [[400.0, 1.155]]
    """
    codes = daily[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64)
    days = day_number(daily[DATE].to_numpy())
    load = daily["load"].to_numpy(dtype=float)
    if len(load) == 0:
        return pd.DataFrame(
            {
                ATHLETE_ID: daily[ATHLETE_ID].iloc[:0],
                "week_start": pd.Series(dtype="datetime64[ns]"),
                "load": pd.Series(dtype=float),
                "monotony": pd.Series(dtype=float),
                "strain": pd.Series(dtype=float),
            }
        )
    week = week_number(days)
    first = week.min()  # weeks before 1970 are negative: key on the offset from the first
    span = week.max() - first + 1
    cell_code, cell_index = np.unique(codes * span + (week - first), return_inverse=True)
    total = np.bincount(cell_index, weights=load)
    squares = np.bincount(cell_index, weights=load * load)
    mean = total / 7
    variance = np.clip(squares / 7 - mean * mean, 0, None)
    sd = np.sqrt(variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        mono = np.where(sd > 1e-9 * np.maximum(mean, 1), mean / sd, cap)
    mono[mean == 0] = np.nan
    weeks = cell_code % span + first
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(
                cell_code // span, dtype=daily[ATHLETE_ID].dtype
            ),
            "week_start": week_start_day(weeks).astype("datetime64[D]").astype("datetime64[ns]"),
            "load": total,
            "monotony": mono,
            "strain": total * mono,
        }
    )
