"""The athlete model, vectorised across athletes: one numpy step per day, a review per week.


A programme becomes a *ladder* of stages (:func:`psoaskit.simulation.ladder.build_ladder`): the
source's dose,
then one stage per progression step the source names (our order): add sets, then hold time,
then resistance or load (002, 003), or move up the level 1-5 exercises (004). Every exercise
carries the peak hip-flexion moment it asks of the flexors [N m], from the mechanics. Each
simulated athlete climbs that ladder week by week. At the end of every week a review
(:func:`psoaskit.simulation.review.review_week`, the rule real logs get too) applies

* a **pain-monitoring rule** (Silbernagel's model, as circulated by clinics; reference notes
  ``training-load-and-log-formats.md`` §1.6): pain during and after a session at or below a
  threshold (default 5/10), settled by the next morning, no rise from the week before;
  pain above the threshold steps the athlete back one stage, the other failures hold them;
* **earned progression**: an athlete moves up only when every one of these holds (otherwise
  they stay): the stage's minimum weeks served
  (:attr:`psoaskit.simulation.ladder.LadderConfig.min_weeks_per_stage`, 2 by default, 3 before a
  first
  load step), at least
  :attr:`SimulationConfig.min_sessions_at_stage` sessions done at the stage and
  :attr:`SimulationConfig.min_sessions_to_progress` in the week, the stage felt manageable
  (modelled session RPE at or below :attr:`SimulationConfig.progress_rpe_max`), and the
  weaker side's capacity at the week's end covers the *next* stage's demand with a margin:
  that demand is at most :attr:`SimulationConfig.progress_share` of it (capacity in N m).

Within a stage, reps follow **double progression** through the source's range: they start at
its bottom and climb an equal share of it each session done at the stage, reaching the top
at the :attr:`SimulationConfig.min_sessions_at_stage`-th session, but no further than that
side's capacity allows (the range's bottom when capacity just meets the stage's demand, its
top when it meets the next stage's, each by the same margin). So reps at the top on the weaker
side are exactly the signal to move on, and the next step (set, hold, resistance) starts again
at the bottom. A side whose capacity falls short of an exercise's demand cuts reps short of the
bottom.
Later sets of a session lose reps to fatigue: set ``k`` loses
``floor(fatigue_reps_per_set * (k - 1) * 2u)`` reps, ``u`` a per-session uniform draw.

Capacity, the maximal isometric hip-flexion moment [N m], follows the impulse-response
(fitness-fatigue) model of Banister (§1.1) in daily steps, driven by each session's hip-flexor
*stimulus*: every exercise's time under tension for one leg, weighted by its demand relative
to the current capacity (:class:`psoaskit.simulation.config.ResponseModel`). Work without
flexor demand adds nothing. The time constants are textbook values and the gain is fitted to
one training trial (:mod:`psoaskit.simulation.calibration`); they are population values, not
truths, and every source says they must be fitted per athlete.
Athletes differ in starting capacity, response, adherence, left/right asymmetry and baseline
pain, and have occasional pain flare-ups.

Every random number is drawn up front (:func:`draw_randomness`, arrays of shape
``(athletes, sessions)``), so the vectorised model (:func:`run_model`, one numpy step per day
for all athletes) and a plain per-athlete loop consume identical numbers and agree exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from psoaskit.logs.schema import RPE
from psoaskit.simulation.config import SimulationConfig
from psoaskit.simulation.draws import Draws, session_days
from psoaskit.simulation.ladder import Ladder
from psoaskit.simulation.review import ReviewInputs, review_week

__all__ = ["ModelRun", "run_model"]


# --- the model, vectorised across athletes -----------------------------------------------------


@dataclass(frozen=True)
class ModelRun:
    """Model state of every athlete, per planned session and per week.

    Per session, shape ``(athletes, sessions)``: ``done``; ``stage`` (0-based);
    ``stage_sessions`` sessions already done at that stage before this one; ``capacity``
    (mean of both legs) at the start of the session's day [N m]; ``rpe`` modelled session RPE
    [CR-10]; ``load`` the session's hip-flexor stimulus, 0 when missed [s]; ``flare`` (a
    flare-up started); ``pain_before``, ``pain_during``, ``pain_after``, ``pain_next_day``
    [NRS 0-10]. Per week, shape ``(athletes, weeks)``: ``week_stage`` after the review
    (0-based), ``week_capacity`` at the week's end [N m], ``week_done`` sessions done,
    ``week_decision`` (-1 stepped back, 0 held, +1 progressed).
    """

    sessions_per_week: int
    weeks: int
    done: np.ndarray
    stage: np.ndarray
    stage_sessions: np.ndarray
    capacity: np.ndarray
    rpe: np.ndarray
    load: np.ndarray
    flare: np.ndarray
    pain_before: np.ndarray
    pain_during: np.ndarray
    pain_after: np.ndarray
    pain_next_day: np.ndarray
    week_stage: np.ndarray
    week_capacity: np.ndarray
    week_done: np.ndarray
    week_decision: np.ndarray


def _nrs(x: np.ndarray) -> np.ndarray:
    """Round to a whole 0-10 pain score (half up)."""
    rounded = x + 0.5
    np.floor(rounded, out=rounded)
    return np.clip(rounded, 0.0, 10.0, out=rounded)


def run_model(
    ladder: Ladder,
    draws: Draws,
    sessions_per_week: int,
    weeks: int,
    config: SimulationConfig | None = None,
) -> ModelRun:
    """Run the progression model for all athletes at once (one numpy step per day).

    Parameters
    ----------
    ladder : Ladder
        The programme's stages (:func:`build_ladder`).
    draws : Draws
        Random numbers for ``weeks * sessions_per_week`` sessions (:func:`draw_randomness`).
    sessions_per_week : int
        Planned sessions per week [1/week].
    weeks : int
        Length of the simulation [week].
    config : SimulationConfig, optional
        Model parameters.

    Returns
    -------
    ModelRun

    Examples
    --------
    >>> from psoaskit.simulation.draws import draw_randomness
    >>> from psoaskit.simulation.ladder import build_ladder
    >>> ladder = build_ladder("foundational_to_advanced")
    >>> run = run_model(ladder, draw_randomness(50, 24, 0.9, seed=0), 3, 8)
    >>> run.week_stage.shape, bool(run.week_stage.max() > 0)
    ((50, 8), True)
    """
    config = config or SimulationConfig()
    rule, resp = config.pain_rule, config.response
    days = session_days(sessions_per_week)
    n, n_sessions = draws.n_athletes, weeks * sessions_per_week
    if draws.attend_u.shape != (n, n_sessions):
        raise ValueError(f"draws are for {draws.attend_u.shape[1]} sessions, need {n_sessions}")
    slot_of_day = {day: k for k, day in enumerate(days)}
    decay_fit = math.exp(-1.0 / resp.tau_fitness_d)
    decay_fat = math.exp(-1.0 / resp.tau_fatigue_d)
    k_fit = resp.k_fitness * resp.gain * draws.response
    k_fat = resp.k_fatigue * resp.gain * draws.response
    threshold, span = resp.intensity_threshold, 1.0 - resp.intensity_threshold
    weak = 1.0 - np.abs(draws.half_asymmetry)
    demand, min_weeks = ladder.demand, ladder.min_weeks
    item_demand, item_time = ladder.item_demand, ladder.item_time_s
    next_demand = ladder.next_demand

    def stage_arrays(stage: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """RPE numerator, demand on the weaker side, each exercise's demand and time."""
        need = demand[stage]
        return config.rpe_at_capacity * need, need / weak, item_demand[stage], item_time[stage]
    top = ladder.n_stages - 1
    min_sessions = min(config.min_sessions_to_progress, sessions_per_week)

    def zeros(columns: int, dtype: type = np.float64) -> np.ndarray:
        return np.zeros((n, columns), dtype, order="F")  # one contiguous column per step

    out = {
        "done": zeros(n_sessions, bool),
        "stage": zeros(n_sessions, np.int16),
        "stage_sessions": zeros(n_sessions, np.int16),
        "capacity": zeros(n_sessions),
        RPE: zeros(n_sessions),
        "load": zeros(n_sessions),
        "flare": zeros(n_sessions, bool),
        "pain_before": zeros(n_sessions, np.int8),
        "pain_during": zeros(n_sessions, np.int8),
        "pain_after": zeros(n_sessions, np.int8),
        "pain_next_day": zeros(n_sessions, np.int8),
        "week_stage": zeros(weeks, np.int16),
        "week_capacity": zeros(weeks),
        "week_done": zeros(weeks, np.int8),
        "week_decision": zeros(weeks, np.int8),
    }
    stage = np.zeros(n, np.int64)
    # per-athlete stage quantities, updated only at the weekly review
    effort, need_weak, items_nm, items_s = stage_arrays(stage)
    weeks_at = np.zeros(n, np.int64)
    sessions_at = np.zeros(n, np.int64)  # sessions done at the current stage
    missed = np.zeros(n, np.int64)
    prev_pain = np.full(n, -1.0)
    fit, fat, flare = np.zeros(n), np.zeros(n), np.zeros(n)
    capacity0, baseline = draws.capacity0, draws.baseline_pain
    for week in range(weeks):
        n_done = np.zeros(n, np.int64)
        max_during, max_after, max_rpe = np.full(n, -1.0), np.full(n, -1.0), np.zeros(n)
        unsettled = np.zeros(n, bool)
        for day in range(7):
            if day in slot_of_day:
                j = week * sessions_per_week + slot_of_day[day]
                # in-place steps keep the operation order of c0 * (k1*g - k2*h + 1), etc.
                capacity = k_fit * fit
                capacity -= k_fat * fat
                capacity += 1.0
                capacity *= capacity0
                np.maximum(capacity, 1.0, out=capacity)
                rpe = effort / capacity
                np.clip(rpe, 1.0, 10.0, out=rpe)
                rel_weak = need_weak / capacity
                before = _nrs(baseline + flare)
                event = draws.flare_u[:, j] < config.flare_probability
                np.add(flare, draws.flare_size[:, j], out=flare, where=event)
                overload = rel_weak - 1.0
                np.maximum(overload, 0.0, out=overload)
                during_raw = baseline + flare
                during_raw += config.overload_pain * overload
                during_raw += draws.pain_noise[:, j]
                during = _nrs(during_raw)
                during_raw += config.after_pain * overload
                after = _nrs(during_raw)
                morning = flare * config.flare_daily_decay
                np.add(baseline, morning, out=morning)
                morning += config.next_day_pain * overload
                next_day = _nrs(morning)
                done = draws.attend_u[:, j] < draws.adherence
                load = np.zeros(n)
                for k in range(items_s.shape[1]):  # each exercise: time x intensity weight
                    weight = items_nm[:, k] / capacity
                    weight -= threshold
                    weight /= span
                    np.clip(weight, 0.0, 1.0, out=weight)
                    weight *= items_s[:, k]
                    load += weight
                load *= done
                for key, value in (
                    ("done", done),
                    ("stage", stage),
                    ("stage_sessions", sessions_at),
                    ("capacity", capacity),
                    (RPE, rpe),
                    ("load", load),
                    ("flare", event),
                    ("pain_before", before),
                    ("pain_during", during),
                    ("pain_after", after),
                    ("pain_next_day", next_day),
                ):
                    out[key][:, j] = value
                n_done += done
                sessions_at += done
                np.maximum(max_during, during, out=max_during, where=done)
                np.maximum(max_after, after, out=max_after, where=done)
                np.maximum(max_rpe, rpe, out=max_rpe, where=done)
                unsettled |= done & (next_day > before + rule.next_day_rise_max)
                fit *= decay_fit
                fit += load
                fat *= decay_fat
                fat += load
            else:  # no load today: only decay
                fit *= decay_fit
                fat *= decay_fat
            flare *= config.flare_daily_decay
        # weekly review: the rule shared with real logs (psoaskit.simulation.review)
        trained = n_done > 0
        missed = np.where(trained, 0, missed + 1)
        lapsed = missed >= config.missed_weeks_step_back
        missed = np.where(lapsed, 0, missed)
        rose = trained & (prev_pain >= 0.0) & (max_during > prev_pain + rule.weekly_rise_max)
        week_capacity = k_fit * fit
        week_capacity -= k_fat * fat
        week_capacity += 1.0
        week_capacity *= capacity0
        decision, _ = review_week(ReviewInputs(
            trained=trained,
            pain_red=(max_during > rule.during_max) | (max_after > rule.after_max),
            lapsed=lapsed,
            gates={
                "pain_settled": ~unsettled,
                "pain_not_rising": ~rose,
                "sessions_in_week": n_done >= min_sessions,
                "sessions_at_stage": sessions_at >= config.min_sessions_at_stage,
                "weeks_at_stage": weeks_at + 1 >= min_weeks[stage],
                "effort_ok": max_rpe <= config.progress_rpe_max,
                "strength_ok": next_demand[stage] / weak <= week_capacity * config.progress_share,
            },
        ))
        new_stage = np.minimum(np.maximum(stage + decision, 0), top)
        weeks_at = np.where(new_stage == stage, weeks_at + 1, 0)
        sessions_at = np.where(new_stage == stage, sessions_at, 0)
        prev_pain = np.where(trained, max_during, prev_pain)
        out["week_decision"][:, week] = new_stage - stage
        stage = new_stage
        effort, need_weak, items_nm, items_s = stage_arrays(stage)
        out["week_stage"][:, week] = stage
        out["week_capacity"][:, week] = week_capacity
        out["week_done"][:, week] = n_done
    return ModelRun(sessions_per_week=sessions_per_week, weeks=weeks, **out)
