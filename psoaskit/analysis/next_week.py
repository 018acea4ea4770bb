"""What next for each athlete of a real log: the simulation's weekly review, on what was logged.

For every athlete with a programme, :func:`next_week_table` places the log on the programme's
ladder (:func:`psoaskit.simulation.ladder.build_ladder`), reviews the latest week (the week of
the analysis day if it has ended or has a session, else the one before) with
the rule the simulation uses (:func:`psoaskit.simulation.review.review_week`), and gives the
decision, the reasons (each gate with its numbers) and next week's prescription.

How the log feeds each gate (the simulation reads the same gates from its model state):

* **stage**: the highest stage whose logged exercises were done at least at its dose (sets
  per side, hold, dumbbell load, band) in that week; weeks are placed one by one, so the weeks
  and sessions at the stage are counted from the log;
* **pain**: the week's highest logged pain against the pain rule (above its limit steps back),
  the week before's (a rise holds), and each session's next-morning pain with the analysis'
  own rule (its ``pain_next_day`` flag: above the green zone, or a rise over the session's
  pain, holds);
* **effort**: the week's highest session RPE (else set RPE) against the progression limit;
* **strength**: a log has no strength measure. Where the stage prescribes a rep range for
  hip-flexor work, reps at its top on the weaker side in the week's last session are the signal
  (double progression); where the dose is fixed, the effort gate stands in and the reason says
  so. (In the simulation this gate compares modelled strength with the next stage's demand, so
  a simulated athlete can be held here although the log alone would let them progress.)

A gate whose data were not logged is not guessed: the decision is "need data" and the
``missing`` column says what to log.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from psoaskit.analysis.log_analysis import LogAnalysis
from psoaskit.catalogue.exercises import read_catalogue
from psoaskit.catalogue.programmes import Programme, read_programmes
from psoaskit.logs.schema import (
    ATHLETE_ID,
    BAND,
    DATE,
    EXERCISE_ID,
    HOLD_S,
    LOAD_KG,
    PAIN,
    PAIN_NEXT_MORNING,
    REPS,
    RPE,
    SESSION_ID,
    SESSION_RPE,
    SIDE,
)
from psoaskit.simulation.config import SimulationConfig
from psoaskit.simulation.ladder import Ladder, Prescription, build_ladder
from psoaskit.simulation.review import GATES, ReviewInputs, review_week

__all__ = ["NEXT_WEEK_COLUMNS", "next_week_table", "prescription_text", "stage_history"]

#: Columns of :func:`next_week_table`.
NEXT_WEEK_COLUMNS = [
    ATHLETE_ID, "programme_id", "week_reviewed", "week_complete", "stage", "stage_label",
    "weeks_at_stage", "sessions_at_stage", "decision", "next_stage", "next_stage_label",
    "next_week", "reasons", "missing",
]
#: Weeks of log read back from the reviewed week (enough to count weeks at any stage).
_LOOKBACK_WEEKS = 8
_DECISIONS = {-1: "step back", 0: "hold", 1: "progress"}


def prescription_text(stage_items: tuple[Prescription, ...]) -> str:
    """One stage's dose as a coach writes it, one exercise per line.

    Examples
    --------
    >>> ladder = build_ladder("psoas_level_ladder")
    >>> prescription_text(ladder.stages[2].items)
    'Level 2: Standing Psoas Activation: 1 set of 3 reps, 2 s hold, each side'
    """
    catalogue = read_catalogue()
    lines = []
    for p in stage_items:
        parts = [f"{p.sets} set{'s' if p.sets != 1 else ''}"]
        if p.reps is not None:
            reps = f"{p.reps}" if not p.reps_max or p.reps_max == p.reps else (
                f"{p.reps}-{p.reps_max}")
            parts[0] += f" of {reps} reps"
        if p.work_s is not None:
            parts[0] += f" of {p.work_s:g} s"
        if p.hold_s:
            parts.append(f"{p.hold_s:g} s hold")
        if p.load_kg:
            parts.append(f"{p.load_kg:g} kg dumbbell")
        if p.band:
            parts.append(f"{p.band} band")
        if p.sides == ("L", "R"):
            parts.append("each side")
        lines.append(f"{catalogue[p.exercise].name}: {', '.join(parts)}")
    return "\n".join(lines)


def _window(log: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp,
            band_order: dict[str, int]) -> pd.DataFrame:
    """The log's rows from ``start`` (None: the first) to ``end`` with a ``week`` column,
    session ids, band ranks and numeric dose columns (a copy: the log is not modified)."""
    dates = pd.to_datetime(log[DATE])
    keep = dates < end + pd.Timedelta(days=1)
    if start is not None:
        keep &= dates >= start
    window = log[keep].copy()
    window[DATE] = pd.to_datetime(window[DATE]).dt.normalize()
    window["week"] = window[DATE] - pd.to_timedelta(window[DATE].dt.day_of_week, unit="D")
    if SESSION_ID not in window or window[SESSION_ID].isna().any():
        window[SESSION_ID] = window[ATHLETE_ID].astype(str) + "|" + window[DATE].astype(str)
    window["band_rank"] = (window[BAND].map(band_order) if BAND in window
                           else pd.Series(np.nan, index=window.index)).astype(float)
    for column in (REPS, HOLD_S, LOAD_KG, PAIN, PAIN_NEXT_MORNING, RPE, SESSION_RPE):
        if column not in window:
            window[column] = np.nan
        window[column] = pd.to_numeric(window[column], errors="coerce").astype(float)
    return window


def _week_doses(window: pd.DataFrame) -> pd.DataFrame:
    """Per athlete, week and exercise: sets per side, hold, load, band rank, weaker side's reps
    in the week's last session of the exercise."""
    per_side = window.groupby([ATHLETE_ID, "week", SESSION_ID, DATE, EXERCISE_ID, SIDE],
                              observed=True, sort=False).agg(
        sets=(REPS, "size"), reps=(REPS, "max"), hold=(HOLD_S, "max"), load=(LOAD_KG, "max"),
        band=("band_rank", "max"))
    per_session = per_side.groupby(level=[0, 1, 2, 3, 4], observed=True).agg(
        sets=("sets", "min"), weak_reps=("reps", "min"), hold=("hold", "max"),
        load=("load", "max"), band=("band", "max")).reset_index()
    per_session = per_session.sort_values([ATHLETE_ID, EXERCISE_ID, DATE])
    return per_session.groupby([ATHLETE_ID, "week", EXERCISE_ID], observed=True).agg(
        sets=("sets", "max"), hold=("hold", "max"), load=("load", "max"), band=("band", "max"),
        last_weak_reps=("weak_reps", "last")).reset_index()


def _reached(stage_items: tuple[Prescription, ...], done: dict[str, dict],
             band_order: dict[str, int]) -> bool:
    """Whether the week's logged doses (by exercise) reach this stage's prescription."""
    present = [p for p in stage_items if p.exercise in done]
    if not present:
        return False
    for p in present:
        row = done[p.exercise]
        if row["sets"] < p.sets:
            return False
        if p.hold_s and not (row["hold"] >= p.hold_s):
            return False
        if p.load_kg and not (row["load"] >= p.load_kg):
            return False
        if p.band and band_order.get(p.band, 0) > 0 and not (row["band"] >= band_order[p.band]):
            return False
    return True


def _place(ladder: Ladder, done: dict[str, dict], band_order: dict[str, int]) -> int | None:
    """The highest stage the week's doses reach; else the first stage with a logged exercise
    (done below its dose); None when no exercise of the programme was logged."""
    reached = [s.index for s in ladder.stages if _reached(s.items, done, band_order)]
    if reached:
        return max(reached)
    started = [s.index for s in ladder.stages if {p.exercise for p in s.items} & set(done)]
    return min(started) if started else None


def next_week_table(
    log: pd.DataFrame,
    analysis: LogAnalysis,
    config: SimulationConfig | None = None,
    programmes: dict[str, Programme] | None = None,
) -> pd.DataFrame:
    """For each athlete: stage, decision with reasons, and next week's prescription.

    Parameters
    ----------
    log : pandas.DataFrame
        The canonical log the analysis was made from (read, not modified).
    analysis : LogAnalysis
        :func:`psoaskit.analysis.analyse_log` of that log (programmes, analysis day).
    config : SimulationConfig, optional
        The review's rules: pain rule, sessions and weeks at a stage, effort limit, missed
        weeks (the simulation's defaults).
    programmes : dict, optional
        Programmes by id (default: the packaged ones).

    Returns
    -------
    pandas.DataFrame
        :data:`NEXT_WEEK_COLUMNS`: ``week_reviewed`` (Monday of the week reviewed: the
        analysis day's week if it has ended or the athlete trained in it, else the week
        before), ``week_complete`` (False: the week is still in progress),
        ``stage``/``next_stage`` (1-based) and their labels, ``weeks_at_stage`` and
        ``sessions_at_stage`` (counted in the log, at most the look-back of 8 weeks),
        ``decision`` (progress, hold, step back, need data, or no programme / not on the
        ladder), ``next_week`` (the prescription), ``reasons`` (one line per gate with its
        numbers) and ``missing`` (what to log for a decision).

    Examples
    --------
    >>> from psoaskit.analysis import analyse_log
    >>> days = pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-08", "2024-01-10"])
    >>> log = pd.DataFrame({"athlete_id": "A", "date": days.repeat(2),
    ...     "session_id": days.repeat(2).strftime("%F"), "exercise_id": "supine_psoas_activation",
    ...     "side": ["L", "R"] * 4, "reps": 3, "hold_s": 2.0, "rpe": 2.0, "pain": 0.0,
    ...     "pain_next_morning": 0.0})
    >>> table = next_week_table(log, analyse_log(log, programme="psoas_level_ladder",
    ...                                          as_of="2024-01-14"))
    >>> table[["stage", "decision", "next_stage"]].values.tolist()
    [[1, 'progress', 2]]
    """
    config = config or SimulationConfig()
    programmes = read_programmes() if programmes is None else programmes
    band_order = {band: k + 1 for k, band in enumerate(config.ladder.band_ladder)}
    as_of = pd.Timestamp(analysis.as_of).normalize()
    this_monday = as_of - pd.Timedelta(days=as_of.weekday())
    week_complete = as_of.weekday() == 6
    start = this_monday - pd.Timedelta(weeks=_LOOKBACK_WEEKS)
    window = _window(log, start, as_of, band_order)
    doses = _week_doses(window)
    all_weeks = [this_monday - pd.Timedelta(weeks=k) for k in range(_LOOKBACK_WEEKS + 1)]
    window[ATHLETE_ID] = window[ATHLETE_ID].astype(str)
    doses[ATHLETE_ID] = doses[ATHLETE_ID].astype(str)
    session_rows = window.groupby([ATHLETE_ID, SESSION_ID, "week"], observed=True).agg(
        pain=(PAIN, "max"), morning=(PAIN_NEXT_MORNING, "max"),
        session_rpe=(SESSION_RPE, "max"), set_rpe=(RPE, "max")).reset_index()
    doses_of: dict[str, dict[pd.Timestamp, dict[str, dict]]] = {}
    for record in doses.to_dict("records"):
        week_of = doses_of.setdefault(record[ATHLETE_ID], {})
        week_of.setdefault(record["week"], {})[record[EXERCISE_ID]] = record
    sessions_of = dict(tuple(session_rows.groupby(ATHLETE_ID)))
    empty_sessions = session_rows.iloc[:0]
    ladders: dict[str, Ladder] = {}
    rows = []
    for athlete in analysis.athletes:
        programme_id = analysis.programmes.get(athlete, pd.NA)
        # the week of the analysis day if it is over or has a session, else the week before
        my_doses = doses_of.get(athlete, {})
        current = week_complete or this_monday in my_doses
        weeks = all_weeks[:-1] if current else all_weeks[1:]
        base = {ATHLETE_ID: athlete, "week_reviewed": weeks[0].date(),
                "week_complete": week_complete or not current}
        if pd.isna(programme_id):
            rows.append({**base, "programme_id": pd.NA, "decision": "no programme",
                         "reasons": "no programme assigned: the review needs a ladder "
                                    "(use --programme or --assignments)", "missing": "programme"})
            continue
        if programme_id not in ladders:
            ladders[programme_id] = build_ladder(programmes[programme_id], config.ladder)
        ladder = ladders[programme_id]
        sessions = sessions_of.get(athlete, empty_sessions)
        target = analysis.targets["sessions_target_max"].get(athlete, np.nan)
        rows.append(_review_athlete(base, programme_id, ladder, my_doses, sessions, weeks,
                                    band_order, config, target, analysis.config))
    table = pd.DataFrame(rows, columns=NEXT_WEEK_COLUMNS)
    for column in ("stage", "next_stage", "weeks_at_stage", "sessions_at_stage"):
        table[column] = table[column].astype("Int64")
    return table


def stage_history(
    log: pd.DataFrame,
    analysis: LogAnalysis,
    config: SimulationConfig | None = None,
    programmes: dict[str, Programme] | None = None,
) -> pd.DataFrame:
    """Each athlete's stage of their programme, week by week, placed as the review places it.

    A week is placed on the highest stage whose logged exercises reached its dose (else the
    first stage with a logged exercise); weeks without an exercise of the programme are left
    out. Athletes without a programme have no rows.

    Parameters
    ----------
    log : pandas.DataFrame
        The canonical log the analysis was made from (read, not modified).
    analysis : LogAnalysis
        Its analysis (programmes per athlete, the analysis day: later rows are left out).
    config : SimulationConfig, optional
        The ladder's settings (band order; the simulation's defaults).
    programmes : dict, optional
        Programmes by id (default: the packaged ones).

    Returns
    -------
    pandas.DataFrame
        ``athlete_id``, ``week_start``, ``programme_id``, ``stage`` (1-based), ``stages`` (the
        programme's number of stages) and ``stage_label``.

    Examples
    --------
    >>> from psoaskit.analysis import analyse_log
    >>> days = pd.to_datetime(["2024-01-01", "2024-01-08"])
    >>> log = pd.DataFrame({"athlete_id": "A", "date": days.repeat(2),
    ...     "exercise_id": ["supine_psoas_activation", "supine_psoas_activation",
    ...                     "standing_psoas_activation", "standing_psoas_activation"],
    ...     "side": ["L", "R"] * 2, "reps": 3, "hold_s": 2.0})
    >>> a = analyse_log(log, programme="psoas_level_ladder", as_of="2024-01-14")
    >>> stage_history(log, a)[["stage", "stage_label"]].values.tolist()
    [[1, 'level 1'], [3, 'level 2']]
    """
    config = config or SimulationConfig()
    programmes = read_programmes() if programmes is None else programmes
    band_order = {band: k + 1 for k, band in enumerate(config.ladder.band_ladder)}
    window = _window(log, None, pd.Timestamp(analysis.as_of).normalize(), band_order)
    doses = _week_doses(window)
    doses[ATHLETE_ID] = doses[ATHLETE_ID].astype(str)
    ladders: dict[str, Ladder] = {}
    rows = []
    for (athlete, week), group in doses.groupby([ATHLETE_ID, "week"], sort=True):
        programme_id = analysis.programmes.get(athlete, pd.NA)
        if pd.isna(programme_id):
            continue
        if programme_id not in ladders:
            ladders[programme_id] = build_ladder(programmes[programme_id], config.ladder)
        ladder = ladders[programme_id]
        stage = _place(ladder, {r[EXERCISE_ID]: r for r in group.to_dict("records")}, band_order)
        if stage is not None:
            rows.append((athlete, week, programme_id, stage + 1, ladder.n_stages,
                         ladder.stages[stage].label))
    table = pd.DataFrame(rows, columns=[ATHLETE_ID, "week_start", "programme_id", "stage",
                                        "stages", "stage_label"])
    table["week_start"] = pd.to_datetime(table["week_start"])
    return table.astype({"stage": "int64", "stages": "int64"})


def _review_athlete(base, programme_id, ladder, doses, sessions, weeks, band_order, config,
                    target, analysis_config) -> dict[str, object]:
    rule = config.pain_rule
    names = {e.id: e.name for e in read_catalogue().values()}
    reviewed = weeks[0]
    week_doses = doses.get(reviewed, {})
    stage = _place(ladder, week_doses, band_order) if week_doses else None
    row = {**base, "programme_id": programme_id}
    in_week = sessions[sessions["week"] == reviewed]
    # weeks in a row without a session, ending at the reviewed week
    missed = 0
    for week in weeks:
        if (sessions["week"] == week).any():
            break
        missed += 1
    if stage is None and missed == 0:
        return {**row, "decision": "not on the ladder",
                "reasons": "the week's exercises are not this programme's: "
                           + ", ".join(sorted(map(str, week_doses))),
                "missing": "exercises of the programme"}
    if stage is None:  # no session this week: the stage of the last week trained
        for week in weeks[1:]:
            earlier = doses.get(week, {})
            if earlier:
                stage = _place(ladder, earlier, band_order)
                break
    if stage is None:
        return {**row, "decision": "need data", "reasons": "no session in the last "
                f"{len(weeks)} weeks", "missing": "sessions"}
    # weeks and sessions at this stage, counted back while the log stays on it
    weeks_at, sessions_at = 0, 0
    for week in weeks:
        earlier = doses.get(week, {})
        if not earlier:
            if week == reviewed:
                continue
            break
        if _place(ladder, earlier, band_order) != stage:
            break
        weeks_at += 1
        sessions_at += int((sessions["week"] == week).sum())
    this = ladder.stages[stage]
    n_done = len(in_week)
    pain = in_week["pain"].max() if n_done else np.nan
    earlier_pain = sessions[sessions["week"] < reviewed].sort_values("week")
    previous = (earlier_pain.groupby("week")["pain"].max().dropna().iloc[-1]
                if earlier_pain["pain"].notna().any() else np.nan)
    rpe = in_week["session_rpe"].max() if in_week["session_rpe"].notna().any() else (
        in_week["set_rpe"].max())
    morning_logged = bool(in_week["morning"].notna().any())
    # the analysis' own next-morning rule (its pain_next_day flag): back to green, and not
    # worse than during the session by pain_rise or more
    zones = analysis_config.pain_zones
    morning_worse = (in_week["morning"] > zones.green_max) | (
        in_week["morning"] - in_week["pain"].fillna(0.0) >= analysis_config.pain_rise)
    missing: list[str] = []
    if n_done and in_week["pain"].isna().all():
        missing.append("pain during sessions")
    if n_done and in_week["morning"].isna().all():
        missing.append("next-morning pain")
    if n_done and pd.isna(rpe):
        missing.append("RPE")
    # hip-flexor work with a rep range: reps at its top are the sign of strength to spare
    ranged = [p for p in this.items
              if p.demand_nm > 0 and p.reps is not None and (p.reps_max or 0) > p.reps]
    top_reached = [(p, week_doses.get(p.exercise, {}).get("last_weak_reps", np.nan))
                   for p in ranged]
    min_sessions = config.min_sessions_to_progress
    if pd.notna(target):
        min_sessions = min(min_sessions, int(target))
    strength = (all(reps >= p.reps_max for p, reps in top_reached) if ranged
                else bool(pd.notna(rpe) and rpe <= config.progress_rpe_max))
    gates = {
        "pain_settled": morning_logged and not morning_worse.any(),
        "pain_not_rising": not (pd.notna(previous) and pain > previous + rule.weekly_rise_max),
        "sessions_in_week": n_done >= min_sessions,
        "sessions_at_stage": sessions_at >= config.min_sessions_at_stage,
        "weeks_at_stage": weeks_at >= this.min_weeks,
        "effort_ok": bool(pd.notna(rpe) and rpe <= config.progress_rpe_max),
        "strength_ok": strength,
    }
    red = bool(pd.notna(pain) and pain > rule.during_max)
    lapsed = missed >= config.missed_weeks_step_back
    decision, _ = review_week(ReviewInputs(
        trained=np.array([n_done > 0]), pain_red=np.array([red]), lapsed=np.array([lapsed]),
        gates={name: np.array([value]) for name, value in gates.items()}))
    step = int(decision[0])
    new = min(max(stage + step, 0), ladder.n_stages - 1)
    label = _DECISIONS[step]
    if step >= 0 and stage == ladder.n_stages - 1:  # at the top, held whatever the gates say
        label = "hold (top of the ladder)"
    if step == 0 and missing:
        label = "need data"
    details = {
        "pain_settled": ("next-morning pain not logged" if not morning_logged else
                         f"next-morning pain at most {zones.green_max:g}/10 and not "
                         f"{analysis_config.pain_rise:g} or more above the session's"
                         if gates["pain_settled"] else
                         f"next-morning pain up to {_num(in_week['morning'].max(), '/10')}: "
                         f"not settled"),
        "pain_not_rising": f"highest pain {_num(pain, '/10')}, the week before "
                           f"{_num(previous, '/10')}",
        "sessions_in_week": f"{n_done} session(s), at least {min_sessions} needed",
        "sessions_at_stage": f"{sessions_at} session(s) at this stage, at least "
                             f"{config.min_sessions_at_stage} needed",
        "weeks_at_stage": f"{weeks_at} week(s) at this stage, at least {this.min_weeks} needed",
        "effort_ok": f"highest RPE {_num(rpe)}, at most {config.progress_rpe_max:g} to progress",
        "strength_ok": ("; ".join(f"{names[p.exercise]}: " + (
                                      f"weaker side {reps:g} reps, top of range {p.reps_max}"
                                      if pd.notna(reps) else "not done this week")
                                  for p, reps in top_reached) if ranged else
                        "not measured in a log; with a fixed dose the RPE gate stands in"),
    }
    reasons = []
    if not row["week_complete"]:
        reasons.append("the week is still in progress: sessions still to come count next time")
    if red:
        reasons.append(f"step back: pain {_num(pain)}/10 above the limit of "
                       f"{rule.during_max:g}/10")
    if lapsed:
        reasons.append(f"step back: {missed} week(s) in a row without a session")
    reasons += [f"{'passed' if gates[g] else 'failed'}: {GATES[g]} ({details[g]})" for g in GATES]
    return {
        **row, "stage": stage + 1, "stage_label": this.label, "weeks_at_stage": weeks_at,
        "sessions_at_stage": sessions_at, "decision": label, "next_stage": new + 1,
        "next_stage_label": ladder.stages[new].label,
        "next_week": prescription_text(ladder.stages[new].items),
        "reasons": "\n".join(reasons), "missing": ", ".join(missing),
    }


def _num(value: float, unit: str = "") -> str:
    return "not logged" if pd.isna(value) else f"{value:g}{unit}"
