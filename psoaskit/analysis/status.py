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
``pain_next_day``
    A session whose next-morning pain has not settled back into green, or is at least
    ``pain_rise`` above the pain during it (the model's 24-hour rule); one row per week, for
    its worst session.
``no_progression``
    ``stall_weeks`` complete weeks in a row on the session target, with pain green, and no new
    best in any progression step of the programme (sets, hold, load or ladder level, from
    ``psoaskit.analysis.progression.new_bests``): the athlete looks ready and the programme
    has stalled. Programmes that state no progression are never flagged.
``load_spike``
    The chosen ACWR variant of a week (weekly loads, so the weekday it is read on does not
    matter; the current week counts its load so far, which steady training keeps below 1) is
    at or above the config's ``acwr_threshold``; descriptive only.
``inactive``
    No session for ``inactive_days`` or more before the analysis date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from psoaskit.analysis.progression import STEP_METRICS, linear_trend
from psoaskit.analysis.sessions import WEEK, days_to_datetime
from psoaskit.analysis.thresholds import AnalysisConfig
from psoaskit.analysis.training_load import day_number, week_number, week_start_day
from psoaskit.analysis.weekly import dose_checks
from psoaskit.errors import ParameterError
from psoaskit.logs.schema import ATHLETE_ID, DATE, EXERCISE_ID

__all__ = [
    "FLAG_KINDS",
    "FLAG_LABELS",
    "FLAG_SEVERITY",
    "SQUAD_VIEW_COLUMNS",
    "TRIAGE_LABELS",
    "flag_episodes",
    "flag_table",
    "squad_table",
    "squad_view",
    "triage_status",
]

#: Kinds of flag, in the order they are listed.
FLAG_KINDS = (
    "missed_sessions", "pain_high", "pain_rising", "pain_next_day", "asymmetry",
    "no_progression", "load_spike", "inactive",
)


#: What each kind of flag is called where people read it.
FLAG_LABELS = {
    "missed_sessions": "Missed sessions",
    "pain_high": "Pain in the red zone",
    "pain_rising": "Pain rising week on week",
    "pain_next_day": "Pain not settled by the next morning",
    "asymmetry": "Left/right difference",
    "no_progression": "Ready to progress, programme stalled",
    "load_spike": "Sharp rise in training load",
    "inactive": "No recent sessions",
}

#: How soon a coach should look at each kind of flag: ``act`` (pain: lower the dose before the
#: next session, as the pain-monitoring model asks), ``review`` (attendance, load or a side
#: difference: look at it this week) or ``progress`` (ready for the next step).
FLAG_SEVERITY = {
    "pain_high": "act",
    "pain_rising": "act",
    "pain_next_day": "act",
    "inactive": "review",
    "missed_sessions": "review",
    "load_spike": "review",
    "asymmetry": "review",
    "no_progression": "progress",
}

#: Triage states, most urgent first, with the words a coach reads.
TRIAGE_LABELS = {
    "act": "Act now",
    "review": "Review",
    "progress": "Ready to progress",
    "on_track": "On track",
}


def triage_status(kinds: Iterable[str]) -> str:
    """The most urgent triage state among an athlete's current flags.

    Parameters
    ----------
    kinds : iterable of str
        Kinds of the athlete's current flags (:data:`FLAG_KINDS`).

    Returns
    -------
    str
        A key of :data:`TRIAGE_LABELS`: ``on_track`` when there is no current flag.

    Examples
    --------
    >>> triage_status(["no_progression", "pain_next_day"]), triage_status([])
    ('act', 'on_track')
    """
    found = {FLAG_SEVERITY[kind] for kind in kinds}
    return next((state for state in TRIAGE_LABELS if state in found), "on_track")


# the asymmetry table's metrics, as a reason names them
_METRIC_WORDS = {"volume_load_kg": "volume load [kg]", "tut_s": "time under tension [s]",
                 "reps": "repetitions"}


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


#: Progression steps in the words of a flag reason.
_STEP_WORDS = {"sets": "sets", "hold": "hold time", "resistance": "load", "load": "load",
              "level": "ladder level"}


def _next_morning_rows(sessions: pd.DataFrame, config: AnalysisConfig) -> pd.DataFrame:
    """``pain_next_day``: per athlete and week, the worst session whose pain had not settled."""
    morning = sessions["pain_next_morning"].to_numpy(dtype=float)
    during = sessions["pain_max"].to_numpy(dtype=float)
    unsettled = morning > config.pain_zones.green_max
    worse = morning - np.nan_to_num(during) >= config.pain_rise
    s = sessions[unsettled | worse]
    if len(s):  # the worst session of each athlete-week, earliest first among equals
        s = s.sort_values("pain_next_morning", ascending=False, kind="stable")
        s = s.drop_duplicates([ATHLETE_ID, WEEK]).sort_values([ATHLETE_ID, DATE])
    morning, during = s["pain_next_morning"].to_numpy(float), s["pain_max"].to_numpy(float)
    why = np.where(
        morning > config.pain_zones.green_max,
        f"not settled back to {config.pain_zones.green_max:g}/10 or less",
        "worse than during the session",
    ).astype(object)
    during_text = np.where(np.isnan(during), "not logged", _fmt(during) + "/10")
    return _rows(
        "pain_next_day", s[ATHLETE_ID].cat.codes.to_numpy(), s[WEEK], morning,
        config.pain_zones.green_max,
        "pain " + _fmt(morning) + "/10 the morning after the session of "
        + s[DATE].dt.strftime("%Y-%m-%d").to_numpy(dtype=object) + " (during: "
        + during_text.astype(object) + "): " + why
        + "; the pain-monitoring model asks for less load next time",
    )


def _stall_rows(
    weekly: pd.DataFrame,
    bests: pd.DataFrame,
    steps: Mapping[str, tuple[str, ...]],
    config: AnalysisConfig,
) -> pd.DataFrame:
    """``no_progression``: weeks that end a run of ``stall_weeks`` ready-but-stalled weeks."""
    code = weekly[ATHLETE_ID].cat.codes.to_numpy()
    programme = weekly["programme_id"].to_numpy(dtype=object, na_value=None)
    step_text = {p: " or ".join(dict.fromkeys(_STEP_WORDS[step] for step in steps.get(p, ())))
                 for p in set(programme) if p is not None}
    metrics = {p: {STEP_METRICS[step] for step in steps.get(p, ())} for p in step_text}
    # each athlete's programme (one per athlete) and the metrics its steps show, as a table of
    # athlete code x metric
    n_athletes = len(weekly[ATHLETE_ID].cat.categories)
    of_athlete = np.full(n_athletes, None, dtype=object)
    of_athlete[code] = programme
    metric_names = sorted({m for found in metrics.values() for m in found})
    shows = np.array([[m in metrics.get(p, ()) for m in metric_names] for p in of_athlete],
                     dtype=bool).reshape(n_athletes, len(metric_names))
    b_code = bests[ATHLETE_ID].cat.codes.to_numpy()
    b_metric = pd.Index(metric_names, dtype=object).get_indexer(
        bests["metric"].to_numpy(dtype=object))
    own = b_metric >= 0
    own[own] = shows[b_code[own], b_metric[own]]
    # weeks with a new best in one of the programme's own steps
    cells = pd.MultiIndex.from_arrays([code, weekly[WEEK].to_numpy()])
    progressed = cells.isin(
        pd.MultiIndex.from_arrays([b_code[own], bests[WEEK].to_numpy()[own]])
    )
    ready = (
        weekly["week_complete"].to_numpy()
        & weekly["frequency_status"].isin(["within", "above"]).to_numpy()
        & ~(weekly["pain_max"].to_numpy(dtype=float) > config.pain_zones.green_max)
        & shows.any(axis=1)[code]
    )
    stalled = ready & ~progressed
    # run length of stalled weeks, restarting at every other week and every athlete
    run = np.cumsum(~stalled | np.r_[True, code[1:] != code[:-1]])
    streak = pd.Series(stalled.astype(np.int64)).groupby(run).cumsum().to_numpy()
    w = weekly[streak >= config.stall_weeks]
    n = streak[streak >= config.stall_weeks]
    return _rows(
        "no_progression", code[streak >= config.stall_weeks], w[WEEK], n, config.stall_weeks,
        _fmt(n) + " weeks in a row on the session target with pain green and no new best in "
        + np.array([step_text[p] for p in w["programme_id"].to_numpy(dtype=object)],
                   dtype=object)
        + " (programme " + w["programme_id"].to_numpy(dtype=object)
        + "): ready for the next step?",
    )


def flag_table(
    weekly: pd.DataFrame,
    asymmetry: pd.DataFrame,
    sessions: pd.DataFrame,
    config: AnalysisConfig,
    as_of: pd.Timestamp,
    bests: pd.DataFrame | None = None,
    steps: Mapping[str, tuple[str, ...]] | None = None,
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
    bests : DataFrame, optional
        ``psoaskit.analysis.progression.new_bests``; without it ``no_progression`` is not
        judged.
    steps : mapping, optional
        Progression steps by programme id (``Programme.progression``).

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
    if "pain_next_morning" in sessions.columns:
        parts.append(_next_morning_rows(sessions, config))
    a = asymmetry[asymmetry["asymmetry_pct"].abs() > config.asymmetry_pct]
    exercise = np.asarray(a[EXERCISE_ID].cat.categories, dtype=object)[a[EXERCISE_ID].cat.codes]
    side = np.where(a["larger_side"] == "R", "right", "left").astype(object)
    parts.append(_rows(
        "asymmetry", code(a), a[WEEK], a["asymmetry_pct"].abs(), config.asymmetry_pct,
        exercise + ": " + a["metric"].map(_METRIC_WORDS).to_numpy(dtype=object) + " left "
        + _fmt(a["left"], ".4g") + " vs right " + _fmt(a["right"], ".4g") + " ("
        + _fmt(a["asymmetry_pct"].abs().round(), ".0f") + " % more on the " + side + ")",
    ))
    if bests is not None:
        parts.append(_stall_rows(weekly, bests, steps or {}, config))
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


def flag_episodes(flags: pd.DataFrame, as_of: pd.Timestamp, recent_weeks: int) -> pd.DataFrame:
    """Repeated flags collapsed: one row per athlete, kind and run of consecutive weeks.

    A run ends where a week without that kind of flag follows. A run whose last week is
    before the recent window (the last ``recent_weeks`` weeks up to ``as_of``) is history.

    Parameters
    ----------
    flags : DataFrame
        :func:`flag_table`.
    as_of : Timestamp
        The analysis day.
    recent_weeks : int
        Weeks counted as current [week].

    Returns
    -------
    DataFrame
        ``athlete_id``, ``flag``, ``first_week``, ``last_week``, ``weeks`` (weeks flagged),
        ``value`` and ``threshold`` of the last week's strongest flag (in the flag's unit),
        its ``reason``, and ``current`` (False for history). Newest run first per athlete.

    Examples
    --------
    >>> weeks = pd.to_datetime(["2025-01-06", "2025-01-13", "2025-02-10"])
    >>> f = pd.DataFrame({"athlete_id": pd.Categorical(["A"] * 3), "week_start": weeks,
    ...                   "flag": pd.Categorical(["pain_high"] * 3), "value": [6.0, 7.0, 6.0],
    ...                   "threshold": 5.0, "reason": ["a", "b", "c"]})
    >>> e = flag_episodes(f, pd.Timestamp("2025-02-12"), recent_weeks=2)
    >>> e[["first_week", "last_week", "weeks", "reason", "current"]].values.tolist()
    [[Timestamp('2025-02-10 00:00:00'), Timestamp('2025-02-10 00:00:00'), 1, 'c', True], [Timestamp('2025-01-06 00:00:00'), Timestamp('2025-01-13 00:00:00'), 2, 'b', False]]
    """  # noqa: E501
    f = flags.assign(_strength=flags["value"].abs())
    f = f.sort_values([ATHLETE_ID, "flag", WEEK, "_strength"], kind="stable")
    athlete = f[ATHLETE_ID].cat.codes.to_numpy()
    kind = f["flag"].cat.codes.to_numpy()
    week = f[WEEK].to_numpy()
    starts = np.ones(len(f), dtype=bool)
    if len(f) > 1:
        starts[1:] = (
            (athlete[1:] != athlete[:-1]) | (kind[1:] != kind[:-1])
            | (week[1:] - week[:-1] > np.timedelta64(7, "D"))
        )
    run = np.cumsum(starts)
    groups = f.groupby(run, sort=False)
    last = groups.tail(1).set_index(run[groups.cumcount(ascending=False).to_numpy() == 0])
    recent_start = _week_of_day(as_of) - np.timedelta64(7 * (recent_weeks - 1), "D")
    out = pd.DataFrame({
        ATHLETE_ID: last[ATHLETE_ID],
        "flag": last["flag"],
        "first_week": groups[WEEK].min(),
        "last_week": last[WEEK],
        "weeks": groups[WEEK].nunique().astype(np.int64),
        "value": last["value"],
        "threshold": last["threshold"],
        "reason": last["reason"],
    })
    out["current"] = out["last_week"].to_numpy() >= recent_start
    out = out.sort_values([ATHLETE_ID, "last_week", "flag"], ascending=[True, False, True],
                          kind="stable")
    return out.reset_index(drop=True)


def squad_table(
    weekly: pd.DataFrame,
    sessions: pd.DataFrame,
    doses: pd.DataFrame,
    asymmetry: pd.DataFrame,
    episodes: pd.DataFrame,
    config: AnalysisConfig,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """One row per athlete: latest status, adherence, pain, asymmetry, load and current flags.

    Columns: ``athlete_id``, ``first_session``, ``last_session``, ``sessions``,
    ``days_since_last`` [day], ``programme_id``, ``weeks``, ``sessions_target`` (e.g. ``2-3``,
    ``not stated``, ``no programme``), ``sessions_per_week`` (mean over complete weeks),
    ``weeks_target_met_pct`` [%], ``dose_within_pct`` [%], ``pain_max_recent`` [NRS] and its
    ``pain_zone_recent``, ``pain_trend_per_week`` [NRS/week] (weekly mean pain over the last
    ``trend_weeks``), ``asymmetry_max_pct`` [%] with ``asymmetry_exercise`` (largest in the
    recent weeks), ``level_latest``, ``acwr_<variant>_latest`` [-], ``monotony_latest`` [-],
    ``flags_recent`` (current runs of :func:`flag_episodes`, a run of weeks counting once) and
    ``flag_kinds_recent``. "Recent" means the last ``recent_weeks`` weeks up to the analysis
    date.
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
    checked, within = (pd.Series(counts, index=doses.index).groupby(code(doses)).sum()
                       for counts in dose_checks(doses))
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
    rf = episodes[episodes["current"]]
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
    as integers, missing values as ``<NA>``), programmes by name, other ids and flag kinds
    written with spaces.
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
    from psoaskit.catalogue.programmes import read_programmes

    names = {p.id: p.name for p in read_programmes().values()}
    view: dict[str, object] = {}
    for column, (header, decimals) in SQUAD_VIEW_COLUMNS.items():
        if column not in squad.columns or squad[column].isna().all():
            continue
        values = squad[column]
        if column == "programme_id":
            view[header] = values.astype("string").map(lambda v: names.get(v, v)).array
        elif decimals is None:
            text = values.astype("string")
            view[header] = text.str.replace("_", " ", regex=False).array
        elif decimals == 0:
            view[header] = pd.array(np.round(values.to_numpy(dtype=float)), dtype="Int64")
        else:
            view[header] = np.round(values.to_numpy(dtype=float), decimals)
    index = pd.Index(squad[ATHLETE_ID].astype(str), name="Athlete")
    return pd.DataFrame(view, index=index)
