"""Squad status: the flags table (one row per flag, with its reason) and the squad summary.

Flags, each with a plain-language reason naming the numbers behind it (thresholds in
:class:`psoaskit.analysis.thresholds.AnalysisConfig`):

``missed_sessions``
    A complete week with fewer sessions than the programme's lower frequency. Weeks of a
    programme that states no frequency are never flagged (the weekly table says so).
``pain_high``
    The week's highest pain is in the red zone of the pain-monitoring model.
``pain_rising``
    The week's highest pain rose by at least ``pain_rise`` since the previous week with pain
    recorded and is above green.
``asymmetry``
    An exercise's left/right asymmetry is above ``asymmetry_pct``.
``load_spike``
    The chosen ACWR variant of a week (weekly loads, so the weekday it is read on does not
    matter; the current week counts its load so far, which steady training keeps below 1) is
    at or above the config's ``acwr_threshold``; descriptive only.
``inactive``
    No session for ``inactive_days`` or more before the analysis date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from psoaskit.analysis.progression import linear_trend
from psoaskit.analysis.sessions import WEEK, days_to_datetime
from psoaskit.analysis.thresholds import AnalysisConfig
from psoaskit.analysis.training_load import day_number, week_number, week_start_day
from psoaskit.analysis.weekly import DOSE_STATUS_COLUMNS
from psoaskit.errors import ParameterError
from psoaskit.logs.schema import ATHLETE_ID, DATE, EXERCISE_ID

__all__ = ["FLAG_KINDS", "SQUAD_VIEW_COLUMNS", "flag_table", "squad_table", "squad_view"]

#: Kinds of flag, in the order they are listed.
FLAG_KINDS = ("missed_sessions", "pain_high", "pain_rising", "asymmetry", "load_spike", "inactive")


def _fmt(values: pd.Series | np.ndarray, spec: str = "g") -> np.ndarray:
    """Numbers formatted as text (empty for missing), as an object array that adds to str."""
    return np.array(
        ["" if pd.isna(v) else format(v, spec) for v in np.asarray(values, dtype=float)],
        dtype=object,
    )

def _fmt(values: pd.Series | np.ndarray, spec: str = "g") -> np.ndarray:
    """Numbers as text (empty where missing) in an object array that concatenates with str.

    Each distinct value is formatted once, so long columns of repeated values stay cheap.
    """
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return np.array([], dtype=object)
    unique, inverse = np.unique(values, return_inverse=True)
    text = np.array(["" if np.isnan(v) else format(v, spec) for v in unique], dtype=object)
    return text[inverse.reshape(-1)]


def _week_of_day(day: pd.Timestamp) -> np.datetime64:
    number = week_number(day_number(np.array([day.to_datetime64()])))
    return days_to_datetime(week_start_day(number))[0]


def _rows(
    kind: str,
    code: np.ndarray,
    week: np.ndarray,
    value: np.ndarray | pd.Series,
    threshold: float | np.ndarray | pd.Series,
    reason: np.ndarray,
) -> pd.DataFrame:
    n = len(code)
    return pd.DataFrame(
        {
            "code": np.asarray(code, dtype=np.int64),
            WEEK: np.asarray(week, dtype="datetime64[ns]"),
            "flag": np.full(n, FLAG_KINDS.index(kind), dtype=np.int64),
            "value": np.asarray(value, dtype=float),
            "threshold": np.broadcast_to(np.asarray(threshold, dtype=float), (n,)),
            "reason": np.asarray(reason, dtype=object).reshape(n),
        }
    )


def flag_table(
    weekly: pd.DataFrame,
    asymmetry: pd.DataFrame,
    sessions: pd.DataFrame,
    config: AnalysisConfig,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """All flags, one row each: ``athlete_id``, ``week_start``, ``flag``, ``value``,
    ``threshold`` and ``reason``.

    Parameters
    ----------
    weekly : DataFrame
        The weekly table (``psoaskit.analysis.weekly.weekly_table``).
    asymmetry : DataFrame
        ``psoaskit.analysis.asymmetry.asymmetry_table``.
    sessions : DataFrame
        ``psoaskit.analysis.sessions.session_table`` (for the last session of each athlete).
    config : AnalysisConfig
        Thresholds.
    as_of : Timestamp
        The analysis day (for inactivity).

    Returns
    -------
    DataFrame
        Sorted by athlete, week and flag kind; ``value`` and ``threshold`` are in the unit of
        the flag (sessions, NRS points, %, ratio, days).
    """
    zones = config.pain_zones

    def code(table: pd.DataFrame) -> np.ndarray:
        return table[ATHLETE_ID].cat.codes.to_numpy()

    parts = []
    w = weekly[weekly["frequency_status"] == "below"]
    lo, hi = _fmt(w["sessions_target_min"]), _fmt(w["sessions_target_max"])
    target = np.where(lo == hi, lo, lo + "-" + hi)
    parts.append(_rows(
        "missed_sessions", code(w), w[WEEK], w["sessions"], w["sessions_target_min"],
        _fmt(w["sessions"]) + " session(s) in the week; programme "
        + w["programme_id"].to_numpy(dtype=object) + " asks for " + target + " a week",
    ))
    w = weekly[weekly["pain_max"] > zones.amber_max]
    parts.append(_rows(
        "pain_high", code(w), w[WEEK], w["pain_max"], zones.amber_max,
        "pain up to " + _fmt(w["pain_max"])
        + f"/10, above {zones.amber_max:g}/10 (red zone of the pain-monitoring model)",
    ))
    w = weekly[(weekly["pain_change"] >= config.pain_rise) & (weekly["pain_max"] > zones.green_max)]
    parts.append(_rows(
        "pain_rising", code(w), w[WEEK], w["pain_change"], config.pain_rise,
        "weekly max pain rose by " + _fmt(w["pain_change"]) + " to " + _fmt(w["pain_max"])
        + "/10 (pain should not rise from week to week)",
    ))
    a = asymmetry[asymmetry["asymmetry_pct"].abs() > config.asymmetry_pct]
    exercise = np.asarray(a[EXERCISE_ID].cat.categories, dtype=object)[a[EXERCISE_ID].cat.codes]
    side = np.where(a["larger_side"] == "R", "right", "left").astype(object)
    parts.append(_rows(
        "asymmetry", code(a), a[WEEK], a["asymmetry_pct"].abs(), config.asymmetry_pct,
        exercise + ": " + a["metric"].to_numpy(dtype=object) + " left "
        + _fmt(a["left"], ".4g") + " vs right " + _fmt(a["right"], ".4g") + " ("
        + _fmt(a["asymmetry_pct"].round(), "+.0f") + " %, more on the " + side + ")",
    ))
    column = f"acwr_{config.acwr_variant}"
    threshold = config.acwr_threshold
    w = weekly[weekly[column] >= threshold]
    so_far = np.where(w["week_complete"], "", " so far").astype(object)
    parts.append(_rows(
        "load_spike", code(w), w[WEEK], w[column], threshold,
        "ACWR (" + w["load_measure"].map(config.acwr_label_of).to_numpy(dtype=object) + ") "
        + _fmt(w[column].round(2), ".2f")
        + f" >= {threshold:.2f}: the week's load" + so_far
        + " rose sharply (descriptive, not an injury risk)",
    ))
    s_code = sessions[ATHLETE_ID].cat.codes.to_numpy()
    last = pd.Series(sessions[DATE].to_numpy()).groupby(s_code).max()
    idle = (as_of.normalize() - last).dt.days
    idle = idle[idle >= config.inactive_days]
    parts.append(_rows(
        "inactive", idle.index.to_numpy(), np.repeat(_week_of_day(as_of), len(idle)), idle,
        config.inactive_days,
        "no session for " + _fmt(idle) + " days (last on "
        + last[idle.index].dt.strftime("%Y-%m-%d").to_numpy(dtype=object) + ")",
    ))
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["code", WEEK, "flag"], kind="stable", ignore_index=True)
    table.insert(0, ATHLETE_ID, pd.Categorical.from_codes(table.pop("code"),
                                                       dtype=sessions[ATHLETE_ID].dtype))
    table["flag"] = pd.Categorical.from_codes(table["flag"], categories=FLAG_KINDS)
    table["reason"] = table["reason"].astype("string")
    return table


def squad_table(
    weekly: pd.DataFrame,
    sessions: pd.DataFrame,
    doses: pd.DataFrame,
    asymmetry: pd.DataFrame,
    flags: pd.DataFrame,
    config: AnalysisConfig,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """One row per athlete: latest status, adherence, pain, asymmetry, load and recent flags.

    Columns: ``athlete_id``, ``first_session``, ``last_session``, ``sessions``,
    ``days_since_last`` [day], ``programme_id``, ``weeks``, ``sessions_target`` (e.g. ``2-3``,
    ``not stated``, ``no programme``), ``sessions_per_week`` (mean over complete weeks),
    ``weeks_target_met_pct`` [%], ``dose_within_pct`` [%], ``pain_max_recent`` [NRS] and its
    ``pain_zone_recent``, ``pain_trend_per_week`` [NRS/week] (weekly mean pain over the last
    ``trend_weeks``), ``asymmetry_max_pct`` [%] with ``asymmetry_exercise`` (largest in the
    recent weeks), ``level_latest``, ``acwr_<variant>_latest`` [-], ``monotony_latest`` [-],
    ``flags_recent`` and ``flag_kinds_recent``. "Recent" means the last ``recent_weeks``
    weeks up to the analysis date.
    """

    def code(table: pd.DataFrame) -> pd.Series:
        # group on integer codes: plain, fast, and free of CategoricalIndex quirks
        return pd.Series(table[ATHLETE_ID].cat.codes.to_numpy(), index=table.index, name="code")

    as_of_week = _week_of_day(as_of)
    recent_start = as_of_week - np.timedelta64(7 * (config.recent_weeks - 1), "D")
    trend_start = as_of_week - np.timedelta64(7 * (config.trend_weeks - 1), "D")
    s = sessions.groupby(code(sessions))
    out = pd.DataFrame(
        {"first_session": s[DATE].min(), "last_session": s[DATE].max(), "sessions": s.size()}
    )
    out["days_since_last"] = (as_of.normalize() - out["last_session"]).dt.days
    w = weekly.groupby(code(weekly))
    out["programme_id"] = w["programme_id"].first().astype("string")
    out["weeks"] = w.size()
    lo, hi = w["sessions_target_min"].first(), w["sessions_target_max"].first()
    text_lo, text_hi = _fmt(lo), _fmt(hi)
    out["sessions_target"] = np.select(
        [out["programme_id"].isna().to_numpy(), lo.isna().to_numpy(), text_lo == text_hi],
        ["no programme", "not stated", text_lo],
        text_lo + "-" + text_hi,
    )
    complete = weekly[weekly["week_complete"]]
    out["sessions_per_week"] = complete.groupby(code(complete))["sessions"].mean()
    status = complete["frequency_status"]
    judged = status.isin(["below", "within", "above"]).groupby(code(complete)).sum()
    met = status.isin(["within", "above"]).groupby(code(complete)).sum()
    out["weeks_target_met_pct"] = 100 * met / judged.replace(0, np.nan)
    checks = doses[list(DOSE_STATUS_COLUMNS)]
    checked = checks.notna().sum(axis=1).groupby(code(doses)).sum()
    within = (checks == "within").sum(axis=1).groupby(code(doses)).sum()
    out["dose_within_pct"] = 100 * within / checked.replace(0, np.nan)
    recent = weekly[weekly[WEEK] >= recent_start]
    out["pain_max_recent"] = recent.groupby(code(recent))["pain_max"].max()
    out["pain_zone_recent"] = config.pain_zones.classify(out["pain_max_recent"].to_numpy())
    pain = weekly[weekly[WEEK] >= trend_start]
    pain = pd.DataFrame({"code": code(pain), WEEK: pain[WEEK], "pain_mean": pain["pain_mean"]})
    trend = linear_trend(pain, ["code"], WEEK, "pain_mean").set_index("code")
    out["pain_trend_per_week"] = trend["slope"]
    asym = asymmetry[asymmetry[WEEK] >= recent_start].dropna(subset=["asymmetry_pct"])
    top = asym.loc[asym["asymmetry_pct"].abs().groupby(code(asym)).idxmax()]
    top.index = code(top).to_numpy()
    out["asymmetry_max_pct"] = top["asymmetry_pct"]
    out["asymmetry_exercise"] = top[EXERCISE_ID].astype(str).astype("string")
    levels = weekly.dropna(subset=["level_max"])
    out["level_latest"] = levels.groupby(code(levels))["level_max"].last()
    column = f"acwr_{config.acwr_variant}"
    ratios = weekly.dropna(subset=[column])
    out[f"{column}_latest"] = ratios.groupby(code(ratios))[column].last()
    mono = complete.dropna(subset=["monotony"])
    out["monotony_latest"] = mono.groupby(code(mono))["monotony"].last()
    rf = flags[flags[WEEK] >= recent_start]
    counts = rf.groupby(code(rf)).size()
    out["flags_recent"] = counts.reindex(out.index).fillna(0).astype(np.int64)
    kinds = rf["flag"].astype(str).groupby(code(rf)).agg(
        lambda f: ", ".join(k for k in FLAG_KINDS if k in set(f))
    )
    out["flag_kinds_recent"] = pd.array(
        kinds.reindex(out.index).fillna("").to_numpy(dtype=object), dtype="string"
    )
    out.insert(
        0,
        ATHLETE_ID,
        pd.Categorical.from_codes(out.index.to_numpy(), dtype=sessions[ATHLETE_ID].dtype),
    )
    return out.reset_index(drop=True)


#: Columns of :func:`squad_view`: summary column -> (header, decimals; None for text).
SQUAD_VIEW_COLUMNS: dict[str, tuple[str, int | None]] = {
    "programme_id": ("Programme", None),
    "days_since_last": ("Days since last session", 0),
    "sessions_target": ("Target /week", None),
    "sessions_per_week": ("Done /week", 1),
    "weeks_target_met_pct": ("Weeks on target %", 0),
    "dose_within_pct": ("Dose as prescribed %", 0),
    "pain_max_recent": ("Pain max, recent /10", 1),
    "pain_zone_recent": ("Pain zone", None),
    "pain_trend_per_week": ("Pain trend /week", 1),
    "asymmetry_max_pct": ("L/R gap % (+ right)", 0),
    "level_latest": ("Ladder level", 0),
    "acwr_rolling_coupled_latest": ("ACWR (rolling, coupled)", 2),
    "acwr_rolling_uncoupled_latest": ("ACWR (rolling, uncoupled)", 2),
    "acwr_ewma_latest": ("ACWR (EWMA)", 2),
    "flag_kinds_recent": ("Recent flags", None),
}


def squad_view(squad: pd.DataFrame) -> pd.DataFrame:
    """The squad summary as a coach reads it: rounded, readable headers, one row per athlete.

    The athlete id is the index; the columns of :data:`SQUAD_VIEW_COLUMNS` that the summary
    has are kept in that order, numbers rounded to the decimals listed there (whole numbers
    as integers, missing values as ``<NA>``), ids and flag kinds written with spaces.
    Columns no athlete has a value in (e.g. the ladder level when no ladder programme was
    logged) are left out. The summary itself is not modified.

    Parameters
    ----------
    squad : pandas.DataFrame
        :func:`squad_table` (``psoaskit.analysis.LogAnalysis.squad``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Athlete``.

    Examples
    --------
    >>> squad = pd.DataFrame({"athlete_id": ["001"], "sessions_per_week": [2.636364],
    ...                       "weeks_target_met_pct": [63.63636], "level_latest": [np.nan],
    ...                       "flag_kinds_recent": ["missed_sessions, pain_high"]})
    >>> view = squad_view(squad)
    >>> view.to_dict("records")
    [{'Done /week': 2.6, 'Weeks on target %': 64, 'Recent flags': 'missed sessions, pain high'}]
    >>> view.index.name
    'Athlete'
    """
    if ATHLETE_ID not in squad.columns:
        raise ParameterError(f"squad_view needs the squad summary's {ATHLETE_ID!r} column")
    view: dict[str, object] = {}
    for column, (header, decimals) in SQUAD_VIEW_COLUMNS.items():
        if column not in squad.columns or squad[column].isna().all():
            continue
        values = squad[column]
        if decimals is None:
            text = values.astype("string")
            view[header] = text.str.replace("_", " ", regex=False).array
        elif decimals == 0:
            view[header] = pd.array(np.round(values.to_numpy(dtype=float)), dtype="Int64")
        else:
            view[header] = np.round(values.to_numpy(dtype=float), decimals)
    index = pd.Index(squad[ATHLETE_ID].astype(str), name="Athlete")
    return pd.DataFrame(view, index=index)
