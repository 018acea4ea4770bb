"""Programme simulation: the sources' programmes, progressed by rule, over many simulated athletes.

A programme becomes a *ladder* of stages (:func:`psoaskit.ladder.build_ladder`): the source's dose,
then one stage per progression step the source names, in its order: add sets, then hold time,
then resistance or load (002, 003), or move up the level 1-5 exercises (004). Each simulated
athlete climbs that ladder week by week. At the end of every week a review applies

* a **pain-monitoring rule** (Silbernagel's model, as circulated by clinics; reference notes
  ``training-load-and-log-formats.md`` §1.6): pain during and after a session at or below a
  threshold (default 5/10), settled by the next morning, no rise from the week before;
  pain above the threshold steps the athlete back one stage, the other failures hold them;
* **earned progression**: an athlete moves up only when every one of these holds (otherwise
  they stay): the stage's minimum weeks served
  (:attr:`psoaskit.ladder.LadderConfig.min_weeks_per_stage`, 2 by default, 3 before a first
  load step), at least
  :attr:`SimulationConfig.min_sessions_at_stage` sessions done at the stage and
  :attr:`SimulationConfig.min_sessions_to_progress` in the week, the stage felt manageable
  (modelled session RPE at or below :attr:`SimulationConfig.progress_rpe_max`), and the
  athlete's capacity at the week's end, on the weaker side, meets the *next* stage's demand.

Within a stage, reps follow **double progression** through the source's range: they start at
its bottom and climb an equal share of it each session done at the stage, reaching the top
at the :attr:`SimulationConfig.min_sessions_at_stage`-th session, but no further than that
side's capacity allows (the range's bottom when capacity just meets the stage's demand, its
top when it meets the next stage's demand). So reps at the top on the weaker side are exactly
the signal to move on, and the next step (set, hold, resistance) starts again at the bottom. A
side whose capacity falls short of the stage's demand cuts reps short of the bottom.
Later sets of a session lose reps to fatigue: set ``k`` loses
``floor(fatigue_reps_per_set * (k - 1) * 2u)`` reps, ``u`` a per-session uniform draw.

Capacity follows the impulse-response (fitness-fatigue) model of Banister (§1.1) in daily steps,
driven by each session's load as session RPE x duration (Foster, §1.3). Its constants are
population placeholders, not truths; every source says they must be fitted per athlete.
Athletes differ in starting capacity, response, adherence, left/right asymmetry and baseline
pain, and have occasional pain flare-ups.

Every random number is drawn up front (:func:`draw_randomness`, arrays of shape
``(athletes, sessions)``), so the vectorised model (:func:`run_model`, one numpy step per day
for all athletes) and a plain per-athlete loop consume identical numbers and agree exactly.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from psoaskit._files import atomic_write
from psoaskit.ladder import Ladder, LadderConfig, build_ladder
from psoaskit.logs import LOG_COLUMNS, LOG_DTYPES, SIDES, write_log
from psoaskit.programmes import Programme, get_programme, load_programmes

__all__ = [
    "DEFAULT_START",
    "Draws",
    "ModelRun",
    "PainRule",
    "ResponseModel",
    "Simulation",
    "SimulationConfig",
    "adherence_comparison",
    "athlete_ids",
    "compare_programmes",
    "default_sessions_per_week",
    "default_weeks",
    "draw_randomness",
    "log_from_run",
    "note_labels",
    "run_model",
    "session_days",
    "simulate",
    "with_pain_rule",
    "write_simulation",
]

#: Fixed first day of every simulation (a Monday), so output never depends on "today".
DEFAULT_START = dt.date(2024, 1, 1)

#: Weekdays (0 = first day of the week) of the sessions for each weekly frequency.
_SCHEDULES: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}
_SIDE_CODE = {side: code for code, side in enumerate(SIDES)}


@dataclass(frozen=True)
class PainRule:
    """Pain-monitoring thresholds on the 0-10 numeric rating scale (NRS).

    Defaults follow the pain-monitoring model of Silbernagel et al. (Am J Sports Med 2007;
    35:897-906) as clinics circulate it (reference notes §1.6: southsidephysio.com/1855-2,
    bim.physio/the-pain-monitoring-model, evidenceforexercise.com): pain may reach 5/10 during
    and after activity, must have settled by the next morning and must not rise week on week.
    The primary paper was not checked, and its zone cut-offs (0-2 / 2-5 / 5-10) are
    [UNVERIFIED]; hence every threshold is a parameter.

    Attributes
    ----------
    during_max : float
        Highest acceptable pain during a session [NRS 0-10].
    after_max : float
        Highest acceptable pain just after a session [NRS 0-10].
    next_day_rise_max : float
        How far next-morning pain may exceed the pre-session level [NRS points].
    weekly_rise_max : float
        How far a week's highest session pain may exceed the previous week's [NRS points].
    """

    during_max: float = 5.0
    after_max: float = 5.0
    next_day_rise_max: float = 0.0
    weekly_rise_max: float = 0.0


@dataclass(frozen=True)
class ResponseModel:
    """Banister impulse-response constants: population placeholders, not truths.

    ``capacity = capacity0 + k_fitness * c * g - k_fatigue * c * h`` with, per day,
    ``g = g * exp(-1/tau_fitness) + w`` and ``h = h * exp(-1/tau_fatigue) + w``, where ``w`` is
    the day's session load [AU] and ``c`` = :attr:`capacity_per_au`. The time constants and the
    1:2 gain ratio are the commonly quoted textbook values (42 d, 7 d, k1 = 1, k2 = 2; reference
    notes §1.1; GoldenCheetah's defaults are 50 d and 11 d). ``capacity_per_au`` is our own
    calibration: three ~20 min sessions a week at RPE 6-7 raise capacity by roughly 20 % in
    8 weeks. Each athlete's gains are scaled by an individual response factor.

    Attributes
    ----------
    tau_fitness_d, tau_fatigue_d : float
        Decay time constants of fitness and fatigue [day].
    k_fitness, k_fatigue : float
        Relative gains of fitness and fatigue [-].
    capacity_per_au : float
        Capacity points per unit of session load [capacity index / AU].
    """

    tau_fitness_d: float = 42.0
    tau_fatigue_d: float = 7.0
    k_fitness: float = 1.0
    k_fatigue: float = 2.0
    capacity_per_au: float = 0.02


@dataclass(frozen=True)
class SimulationConfig:
    """Every parameter of the simulation; the defaults are documented model choices.

    Capacity is a dimensionless index (100 = the average starting capacity), not a measurable
    strength. Numbers without a cited source are our modelling choices and are labelled so.

    Attributes
    ----------
    pain_rule : PainRule
        Pain-monitoring thresholds (sourced, see :class:`PainRule`).
    response : ResponseModel
        Fitness-fatigue constants (placeholders, see :class:`ResponseModel`).
    ladder : LadderConfig
        How programmes become ladders (see :class:`psoaskit.ladder.LadderConfig`).
    capacity_sd : float
        Spread of starting capacity, log-normal sigma [-] (ours).
    response_sd : float
        Spread of the individual response factor, log-normal sigma [-] (ours).
    adherence_concentration : float
        Beta concentration of individual adherence around the requested mean [-] (ours).
    asymmetry_sd : float
        Spread of the left/right capacity difference, as a fraction of capacity [-] (ours).
    no_pain_share : float
        Share of athletes without baseline pain [-] (ours).
    baseline_pain_max : float
        Highest baseline pain of the others [NRS] (ours).
    pain_noise_sd : float
        Session-to-session noise of reported pain [NRS] (ours).
    flare_probability : float
        Chance of a pain flare-up per planned session, trained or not [-] (ours).
    flare_size : tuple of float
        Range of a flare-up's size [NRS] (ours).
    flare_daily_decay : float
        Share of a flare-up left the next day [-] (ours).
    overload_pain, after_pain, next_day_pain : float
        Pain added per unit of demand above the weaker side's capacity during, after and the
        morning after a session [NRS] (ours).
    rpe_at_capacity : float
        Session RPE when the stage asks exactly the athlete's capacity [CR-10] (ours; 002 asks
        for resistance that makes the last reps hard).
    progress_rpe_max : float
        Highest modelled session RPE in a week that still allows progressing [CR-10] (ours).
    rpe_per_set : float
        RPE added per further set of an exercise, in the log [CR-10] (ours).
    rpe_noise_sd : float
        Session noise of logged RPE [CR-10] (ours).
    min_sessions_to_progress : int
        Sessions needed in a week before progressing (capped at the weekly frequency) (ours).
    min_sessions_at_stage : int
        Sessions done at the current stage before progressing; also the session at which reps
        can first reach the top of the range (ours) [-].
    fatigue_reps_per_set : float
        Mean reps lost per further set of an exercise in a session (ours) [-].
    missed_weeks_step_back : int
        Consecutive weeks without a session that step an athlete back one stage (ours).
    """

    pain_rule: PainRule = field(default_factory=PainRule)
    response: ResponseModel = field(default_factory=ResponseModel)
    ladder: LadderConfig = field(default_factory=LadderConfig)
    capacity_sd: float = 0.15
    response_sd: float = 0.3
    adherence_concentration: float = 10.0
    asymmetry_sd: float = 0.06
    no_pain_share: float = 0.6
    baseline_pain_max: float = 2.5
    pain_noise_sd: float = 0.2
    flare_probability: float = 0.03
    flare_size: tuple[float, float] = (2.0, 6.0)
    flare_daily_decay: float = 0.8
    overload_pain: float = 4.0
    after_pain: float = 1.0
    next_day_pain: float = 1.0
    rpe_at_capacity: float = 8.0
    progress_rpe_max: float = 7.0
    rpe_per_set: float = 0.5
    rpe_noise_sd: float = 0.5
    min_sessions_to_progress: int = 2
    min_sessions_at_stage: int = 4
    fatigue_reps_per_set: float = 0.6
    missed_weeks_step_back: int = 2

    def parameters(self) -> pd.DataFrame:
        """Every parameter and its value, one row each, grouped by part of the model.

        Returns
        -------
        pandas.DataFrame
            Columns ``part`` (pain rule, response (Banister), ladder, athletes and effort),
            ``parameter`` and ``value`` (as text, so that ranges and labels read naturally).

        Examples
        --------
        >>> table = SimulationConfig().parameters()
        >>> table.set_index("parameter").loc["tau_fitness_d", "value"]
        '42.0'
        >>> sorted(table["part"].unique())
        ['athletes and effort', 'ladder', 'pain rule', 'response (Banister)']
        """
        parts = {
            "pain rule": self.pain_rule,
            "response (Banister)": self.response,
            "ladder": self.ladder,
            "athletes and effort": self,
        }
        rows = [
            (part, name, ", ".join(map(str, value)) if isinstance(value, tuple) else str(value))
            for part, group in parts.items()
            for name, value in vars(group).items()
            if not (group is self and name in ("pain_rule", "response", "ladder"))
        ]
        return pd.DataFrame(rows, columns=["part", "parameter", "value"])


# --- randomness drawn up front ------------------------------------------------------------------


def session_days(sessions_per_week: int) -> tuple[int, ...]:
    """Weekdays of the sessions (0 = the first day of each simulated week).

    Examples
    --------
    >>> session_days(3)
    (0, 2, 4)
    """
    if sessions_per_week not in _SCHEDULES:
        raise ValueError(f"sessions per week must be 1-7, got {sessions_per_week}")
    return _SCHEDULES[sessions_per_week]


@dataclass(frozen=True)
class Draws:
    """Every random number of a simulation, drawn before the model runs.

    Per athlete, shape ``(athletes,)``: ``capacity0`` [capacity index], ``response`` [-],
    ``adherence`` (probability of doing a planned session) [-], ``half_asymmetry`` (left side
    is ``1 + half_asymmetry`` times the mean capacity, right ``1 - half_asymmetry``) [-],
    ``baseline_pain`` [NRS]. Per athlete and planned session, shape ``(athletes, sessions)``:
    ``attend_u``, ``flare_u``, ``fatigue_u`` (uniform [0, 1)), ``flare_size`` [NRS],
    ``pain_noise`` [NRS], ``rpe_noise`` [CR-10].
    """

    capacity0: np.ndarray
    response: np.ndarray
    adherence: np.ndarray
    half_asymmetry: np.ndarray
    baseline_pain: np.ndarray
    attend_u: np.ndarray
    flare_u: np.ndarray
    flare_size: np.ndarray
    pain_noise: np.ndarray
    rpe_noise: np.ndarray
    fatigue_u: np.ndarray

    @property
    def n_athletes(self) -> int:
        """Number of athletes."""
        return len(self.capacity0)

    def subset(self, athletes: slice | np.ndarray) -> Draws:
        """The draws of some athletes only (the same numbers, not new ones).

        Examples
        --------
        >>> d = draw_randomness(5, 3, 0.8, seed=0)
        >>> bool((d.subset(slice(1, 3)).flare_u == d.flare_u[1:3]).all())
        True
        """
        return Draws(**{name: value[athletes] for name, value in vars(self).items()})


def draw_randomness(
    athletes: int,
    sessions: int,
    adherence: float | np.ndarray,
    seed: int | np.random.SeedSequence,
    config: SimulationConfig | None = None,
) -> Draws:
    """Draw every random number of a simulation, in a fixed order.

    Parameters
    ----------
    athletes : int
        Number of athletes [-].
    sessions : int
        Planned sessions per athlete (weeks x sessions per week) [-].
    adherence : float or numpy.ndarray
        Mean probability of doing a planned session [-], 0-1, for all athletes or one per
        athlete; individual probabilities are Beta-distributed around it (exactly 0 or 1
        stay as they are).
    seed : int or numpy.random.SeedSequence
        Seed of the random generator.
    config : SimulationConfig, optional
        Spreads of the individual traits.

    Returns
    -------
    Draws

    Examples
    --------
    >>> d = draw_randomness(4, 6, 0.8, seed=1)
    >>> d.attend_u.shape, bool((d.attend_u == draw_randomness(4, 6, 0.8, seed=1).attend_u).all())
    ((4, 6), True)
    """
    if athletes < 1 or sessions < 1:
        raise ValueError("need at least one athlete and one session")
    mean = np.broadcast_to(np.asarray(adherence, dtype=float), (athletes,))
    if not ((mean >= 0.0) & (mean <= 1.0)).all():
        raise ValueError(f"adherence must be between 0 and 1, got {adherence}")
    config = config or SimulationConfig()
    rng = np.random.default_rng(seed)
    capacity0 = 100.0 * np.exp(rng.normal(0.0, config.capacity_sd, athletes))
    response = np.exp(rng.normal(0.0, config.response_sd, athletes))
    kappa = config.adherence_concentration
    inside = (mean > 0.0) & (mean < 1.0)
    safe = np.where(inside, mean, 0.5)  # Beta needs both shapes > 0
    individual = np.where(inside, rng.beta(safe * kappa, (1.0 - safe) * kappa), mean)
    half_asymmetry = rng.normal(0.0, config.asymmetry_sd, athletes) / 2.0
    u = rng.random(athletes)
    free = u < config.no_pain_share
    spread = (u - config.no_pain_share) / (1.0 - config.no_pain_share)
    baseline_pain = np.where(free, 0.0, spread * config.baseline_pain_max)
    # drawn session-major and transposed: shape (athletes, sessions), contiguous per session,
    # which is the order the model reads them in
    shape = (sessions, athletes)
    lo, hi = config.flare_size
    return Draws(
        capacity0=capacity0,
        response=response,
        adherence=individual,
        half_asymmetry=half_asymmetry,
        baseline_pain=baseline_pain,
        attend_u=rng.random(shape).T,
        flare_u=rng.random(shape).T,
        flare_size=rng.uniform(lo, hi, shape).T,
        pain_noise=rng.normal(0.0, config.pain_noise_sd, shape).T,
        rpe_noise=rng.normal(0.0, config.rpe_noise_sd, shape).T,
        fatigue_u=rng.random(shape).T,
    )


# --- the model, vectorised across athletes -----------------------------------------------------


@dataclass(frozen=True)
class ModelRun:
    """Model state of every athlete, per planned session and per week.

    Per session, shape ``(athletes, sessions)``: ``done``; ``stage`` (0-based);
    ``stage_sessions`` sessions already done at that stage before this one; ``capacity``
    at the start of the session's day [capacity index]; ``rpe`` modelled session RPE [CR-10];
    ``load`` session RPE x duration, 0 when missed [AU]; ``flare`` (a flare-up started);
    ``pain_before``, ``pain_during``, ``pain_after``, ``pain_next_day`` [NRS 0-10].
    Per week, shape ``(athletes, weeks)``: ``week_stage`` after the review (0-based),
    ``week_capacity`` at the week's end [capacity index], ``week_done`` sessions done,
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
    k_fit = resp.k_fitness * resp.capacity_per_au * draws.response
    k_fat = resp.k_fatigue * resp.capacity_per_au * draws.response
    weak = 1.0 - np.abs(draws.half_asymmetry)
    demand, duration, min_weeks = ladder.demand, ladder.duration_min, ladder.min_weeks
    next_demand = ladder.next_demand

    def stage_arrays(stage: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """RPE numerator, demand on the weaker side, session minutes, per athlete."""
        need = demand[stage]
        return config.rpe_at_capacity * need, need / weak, duration[stage]
    top = ladder.n_stages - 1
    min_sessions = min(config.min_sessions_to_progress, sessions_per_week)

    def zeros(columns: int, dtype: type = np.float64) -> np.ndarray:
        return np.zeros((n, columns), dtype, order="F")  # one contiguous column per step

    out = {
        "done": zeros(n_sessions, bool),
        "stage": zeros(n_sessions, np.int16),
        "stage_sessions": zeros(n_sessions, np.int16),
        "capacity": zeros(n_sessions),
        "rpe": zeros(n_sessions),
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
    effort, need_weak, minutes = stage_arrays(stage)
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
                # in-place steps keep the operation order of capacity0 + k1*g - k2*h, etc.
                capacity = np.add(capacity0, k_fit * fit)
                capacity -= k_fat * fat
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
                load = rpe * minutes
                load *= done
                for key, value in (
                    ("done", done),
                    ("stage", stage),
                    ("stage_sessions", sessions_at),
                    ("capacity", capacity),
                    ("rpe", rpe),
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
        # weekly review
        trained = n_done > 0
        red = trained & ((max_during > rule.during_max) | (max_after > rule.after_max))
        missed = np.where(trained, 0, missed + 1)
        lapsed = missed >= config.missed_weeks_step_back
        missed = np.where(lapsed, 0, missed)
        back = red | lapsed
        rose = trained & (prev_pain >= 0.0) & (max_during > prev_pain + rule.weekly_rise_max)
        week_capacity = draws.capacity0 + k_fit * fit - k_fat * fat
        ready = (
            ~back
            & (n_done >= min_sessions)
            & (sessions_at >= config.min_sessions_at_stage)
            & ~unsettled
            & ~rose
            & (max_rpe <= config.progress_rpe_max)
            & (weeks_at + 1 >= min_weeks[stage])
            & (next_demand[stage] / weak <= week_capacity)  # earned: capacity for the next
        )
        new_stage = np.minimum(np.maximum(stage - back + ready, 0), top)
        weeks_at = np.where(new_stage == stage, weeks_at + 1, 0)
        sessions_at = np.where(new_stage == stage, sessions_at, 0)
        prev_pain = np.where(trained, max_during, prev_pain)
        out["week_decision"][:, week] = new_stage - stage
        stage = new_stage
        effort, need_weak, minutes = stage_arrays(stage)
        out["week_stage"][:, week] = stage
        out["week_capacity"][:, week] = week_capacity
        out["week_done"][:, week] = n_done
    return ModelRun(sessions_per_week=sessions_per_week, weeks=weeks, **out)


# --- the log, built column by column -----------------------------------------------------------


def _templates(ladder: Ladder) -> dict[str, np.ndarray]:
    """One template row per (stage, exercise, set, side), concatenated over stages."""
    rows = []
    for stage in ladder.stages:
        for p in stage.items:
            for set_index in range(1, p.sets + 1):
                for side in p.sides:
                    rows.append((stage.index, p, set_index, side))
    exercises = list(dict.fromkeys(p.exercise for _, p, _, _ in rows))
    bands = list(dict.fromkeys(p.band for _, p, _, _ in rows if p.band is not None))
    sign = {"L": 1.0, "R": -1.0, "both": 0.0}
    counts = np.bincount([r[0] for r in rows], minlength=ladder.n_stages)

    def nan(value: float | None) -> float:
        return np.nan if value is None else value

    return {
        "exercises": np.array(exercises, dtype=object),
        "bands": np.array(bands, dtype=object),
        "start": np.concatenate([[0], np.cumsum(counts)[:-1]]),
        "count": counts,
        "exercise": np.array([exercises.index(p.exercise) for _, p, _, _ in rows], np.int16),
        "set_index": np.array([r[2] for r in rows], np.int16),
        "side": np.array([_SIDE_CODE[r[3]] for r in rows], np.int8),
        "sign": np.array([sign[r[3]] for r in rows]),
        "reps": np.array([p.reps or 0 for _, p, _, _ in rows], np.int32),
        "reps_max": np.array([p.reps_max or p.reps or 0 for _, p, _, _ in rows], np.int32),
        "hold_s": np.array([nan(p.hold_s) for _, p, _, _ in rows]),
        "work_s": np.array([nan(p.work_s) for _, p, _, _ in rows]),
        "load_kg": np.array([nan(p.load_kg) for _, p, _, _ in rows]),
        "band": np.array(
            [-1 if p.band is None else bands.index(p.band) for _, p, _, _ in rows], np.int16
        ),
        "intensity": np.array([p.intensity for _, p, _, _ in rows]),
    }


def _strings(labels: list[str] | np.ndarray, codes: np.ndarray) -> pd.arrays.ArrowStringArray:
    """A string column from a small list of labels and one code per row (-1 = missing)."""
    dictionary = pa.array(list(labels), type=pa.string())
    indices = pa.array(codes.astype(np.int32), mask=codes < 0)
    return pd.arrays.ArrowStringArray(dictionary.take(indices))


def athlete_ids(athletes: int) -> list[str]:
    """Zero-padded athlete ids ``'001'``, ``'002'``, ...

    Examples
    --------
    >>> athlete_ids(3)
    ['001', '002', '003']
    """
    width = max(3, len(str(athletes)))
    return [f"{i:0{width}d}" for i in range(1, athletes + 1)]


def note_labels(ladder: Ladder) -> list[str]:
    """The notes the simulation writes: a flare-up, then moving up or back to each stage.

    Examples
    --------
    >>> note_labels(build_ladder("psoas_march_drill"))
    ['pain flare-up', 'moved up: starting dose', 'stepped back: starting dose']
    """
    return (
        ["pain flare-up"]
        + [f"moved up: {s.label}" for s in ladder.stages]
        + [f"stepped back: {s.label}" for s in ladder.stages]
    )


def log_from_run(
    ladder: Ladder,
    run: ModelRun,
    draws: Draws,
    *,
    start: dt.date = DEFAULT_START,
    ids: list[str] | None = None,
    day_shift: np.ndarray | None = None,
    config: SimulationConfig | None = None,
) -> pd.DataFrame:
    """The sessions done, as a log in the canonical schema (one row per set and side).

    Reps climb through the prescribed range with the sessions done at the stage, as far as
    that side's capacity headroom over the stage's demand allows (bottom at no headroom, top
    when it meets the next stage's demand), lose about
    :attr:`SimulationConfig.fatigue_reps_per_set` per later set, and, like continuous work,
    fall short of the bottom when the stage asks more than that side's capacity; RPE follows
    the side's relative effort; pain is the session's.
    The first row of a session notes a flare-up or a move up or back down the ladder.

    Parameters
    ----------
    ladder, run, draws
        The ladder, the model's result and the random numbers it consumed.
    start : datetime.date
        First day of the simulation.
    ids : list of str, optional
        Athlete ids; ``'001'``... by default.
    day_shift : numpy.ndarray of int, optional
        Per-athlete shift of the training days [day].
    config : SimulationConfig, optional
        Model parameters.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes of :data:`psoaskit.logs.LOG_DTYPES`.

    Examples
    --------
    >>> ladder = build_ladder("psoas_level_ladder")
    >>> draws = draw_randomness(2, 6, 1.0, seed=0)
    >>> log = log_from_run(ladder, run_model(ladder, draws, 3, 2), draws)
    >>> len(log), log["side"].tolist()[:2]  # 2 athletes x 6 sessions x 1 set x 2 sides
    (24, ['L', 'R'])
    """
    config = config or SimulationConfig()
    n = draws.n_athletes
    ids = ids if ids is not None else athlete_ids(n)
    shift = np.zeros(n, np.int64) if day_shift is None else np.asarray(day_shift, np.int64)
    days = session_days(run.sessions_per_week)
    slot_day = np.array([w * 7 + d for w in range(run.weeks) for d in days])
    tmpl = _templates(ladder)

    # sessions done, athlete by athlete, then one block of template rows per session
    athlete, slot = np.nonzero(run.done)
    stage = run.stage[athlete, slot].astype(np.int64)
    counts = tmpl["count"][stage]
    n_rows = int(counts.sum())
    first = np.cumsum(counts) - counts
    # template row of each log row: the session's first template row + position in session
    t = np.arange(n_rows, dtype=np.int32) - np.repeat(
        (first - tmpl["start"][stage]).astype(np.int32), counts
    )

    def per_row(per_session: np.ndarray) -> np.ndarray:
        return np.repeat(per_session, counts)

    # notes (first row of a session): a flare-up, else a move back, else a move up
    previous = np.r_[-1, stage[:-1]]
    same = np.r_[False, athlete[1:] == athlete[:-1]]
    note = np.full(len(athlete), -1)
    note = np.where(same & (stage > previous), 1 + stage, note)
    note = np.where(same & (stage < previous), 1 + ladder.n_stages + stage, note)
    note = np.where(run.flare[athlete, slot], 0, note)
    row_note = np.full(n_rows, -1, dtype=np.int32)
    row_note[first] = note

    day = slot_day[slot] + shift[athlete]
    days_used, day_code = np.unique(day, return_inverse=True)
    first_day = np.datetime64(start, "D")
    day_text = pa.array([str(first_day + d) for d in days_used.tolist()], type=pa.string())
    session_labels = pc.binary_join_element_wise(
        pa.array(list(ids), type=pa.string()).take(pa.array(athlete)),
        day_text.take(pa.array(day_code)),
        "-",
    )

    side_capacity = per_row(run.capacity[athlete, slot]) * (
        1.0 + tmpl["sign"][t] * per_row(draws.half_asymmetry[athlete])
    )
    rel = (tmpl["intensity"][t] * per_row(ladder.demand[stage])) / side_capacity
    short = np.maximum(rel, 1.0)
    reps = tmpl["reps"][t]
    # double progression: headroom over this stage's demand, as a share of one stage's step
    span = per_row(ladder.next_demand[stage] / ladder.demand[stage] - 1.0)
    practised = run.stage_sessions[athlete, slot] / max(config.min_sessions_at_stage - 1, 1)
    allowed = np.minimum((1.0 / rel - 1.0) / span, per_row(practised))
    climbed = np.minimum(np.maximum(allowed, 0.0), 1.0)
    target = np.floor((reps + np.floor((tmpl["reps_max"][t] - reps) * climbed)) / short)
    set_index = tmpl["set_index"][t]
    tiring = 2.0 * per_row(draws.fatigue_u[athlete, slot])
    fatigue = np.floor(config.fatigue_reps_per_set * (set_index - 1.0) * tiring)
    reps_done = np.maximum(target - fatigue, 1.0).astype(np.int32)
    work_done = np.floor(tmpl["work_s"][t] / short)
    rpe_raw = (
        config.rpe_at_capacity * rel + config.rpe_per_set * (set_index - 1.0)
    ) + per_row(draws.rpe_noise[athlete, slot])
    rpe = np.minimum(np.maximum(np.floor(rpe_raw * 2.0 + 0.5) / 2.0, 1.0), 10.0)
    dates = per_row((first_day + day).astype("datetime64[ns]"))
    session_of_row = np.repeat(np.arange(len(athlete), dtype=np.int32), counts)

    columns = {
        "athlete_id": pd.Categorical.from_codes(per_row(athlete), categories=list(ids)),
        "date": dates,
        "session_id": pd.arrays.ArrowStringArray(session_labels.take(pa.array(session_of_row))),
        "exercise_id": pd.Categorical.from_codes(
            tmpl["exercise"][t], categories=list(tmpl["exercises"])
        ),
        "side": pd.Categorical.from_codes(tmpl["side"][t], dtype=LOG_DTYPES["side"]),
        "set_index": pd.arrays.IntegerArray(set_index, np.zeros(n_rows, bool)),
        "reps": pd.arrays.IntegerArray(reps_done, reps == 0),
        "hold_s": tmpl["hold_s"][t],
        "work_s": work_done,
        "load_kg": tmpl["load_kg"][t],
        "band": _strings(tmpl["bands"], tmpl["band"][t]),
        "rpe": rpe,
        "pain": per_row(run.pain_during[athlete, slot]).astype(np.float64),
        "notes": _strings(note_labels(ladder), row_note),
    }
    log = pd.DataFrame({c: columns[c] for c in LOG_COLUMNS}, copy=False)  # fresh arrays
    return log


# --- one simulation, its tables, and comparing programmes --------------------------------------


def default_sessions_per_week(programme: Programme) -> int:
    """The source's highest weekly frequency, or 3 where the source states none (our choice).

    Examples
    --------
    >>> default_sessions_per_week(get_programme("precision_movement_routine"))
    3
    """
    return 3 if programme.sessions_per_week is None else int(programme.sessions_per_week.max)


def default_weeks(programme: Programme) -> int:
    """The source's longest programme length, or 8 weeks where it states none (our choice).

    Examples
    --------
    >>> default_weeks(get_programme("psoas_level_ladder"))
    8
    """
    return 8 if programme.weeks is None else int(programme.weeks.max)


@dataclass(frozen=True)
class Simulation:
    """One programme simulated over many athletes: inputs, ladder, draws and model state.

    Attributes
    ----------
    programme : Programme
        The programme simulated.
    ladder : Ladder
        Its stages.
    draws : Draws
        The random numbers consumed.
    run : ModelRun
        The model's state per session and week.
    config : SimulationConfig
        The parameters used.
    start : datetime.date
        First day [date].
    ids : tuple of str
        Athlete ids.
    day_shift : numpy.ndarray or None
        Per-athlete shift of the training days in the log [day].
    """

    programme: Programme
    ladder: Ladder
    draws: Draws
    run: ModelRun
    config: SimulationConfig
    start: dt.date
    ids: tuple[str, ...]
    day_shift: np.ndarray | None = None

    @property
    def weeks(self) -> int:
        """Length [week]."""
        return self.run.weeks

    @property
    def sessions_per_week(self) -> int:
        """Planned frequency [1/week]."""
        return self.run.sessions_per_week

    def to_log(self) -> pd.DataFrame:
        """The sessions done, in the canonical log schema (see :func:`log_from_run`).

        Examples
        --------
        >>> log = simulate("psoas_march_drill", athletes=2, weeks=1, adherence=1.0).to_log()
        >>> len(log), sorted(log["session_id"].unique())[:2]  # 2 x 3 sessions x 3 sets
        (18, ['001-2024-01-01', '001-2024-01-03'])
        """
        return log_from_run(
            self.ladder,
            self.run,
            self.draws,
            start=self.start,
            ids=list(self.ids),
            day_shift=self.day_shift,
            config=self.config,
        )

    def _reached(self) -> np.ndarray:
        """Highest stage reached by the end of each week, shape (athletes, weeks)."""
        return np.maximum.accumulate(self.run.week_stage, axis=1)

    def weekly(self) -> pd.DataFrame:
        """One row per athlete and week: capacity, stage, level, sessions, load.

        Columns: ``athlete_id``, ``week`` (1-based), ``capacity`` at the week's end
        [capacity index], ``stage`` after the review (1-based), ``level`` (catalogue level or
        NA), ``decision`` (-1/0/+1), ``sessions_done``, ``load_au`` [AU], ``tut_min`` [min].

        Examples
        --------
        >>> weekly = simulate("psoas_level_ladder", athletes=3, weeks=2, seed=0).weekly()
        >>> weekly[["athlete_id", "week"]].values.tolist()[:3]
        [['001', 1], ['001', 2], ['002', 1]]
        """
        run, n = self.run, self.draws.n_athletes
        per_week = (n, run.weeks, run.sessions_per_week)
        tut = np.where(run.done, self.ladder.tut_min[run.stage], 0.0)
        levels = self.ladder.levels[run.week_stage]
        return pd.DataFrame(
            {
                "athlete_id": np.repeat(np.asarray(self.ids, dtype=object), run.weeks),
                "week": np.tile(np.arange(1, run.weeks + 1), n),
                "capacity": run.week_capacity.ravel(),
                "stage": run.week_stage.ravel().astype(np.int64) + 1,
                "level": pd.array(levels.ravel(), dtype="Float64").astype("Int64"),
                "decision": run.week_decision.ravel().astype(np.int64),
                "sessions_done": run.week_done.ravel().astype(np.int64),
                "load_au": run.load.reshape(per_week).sum(axis=2).ravel(),
                "tut_min": tut.reshape(per_week).sum(axis=2).ravel(),
            }
        )

    def summary(self) -> pd.DataFrame:
        """One row per athlete: sessions, capacity and its weekly trajectory, stage and level.

        Columns: ``athlete_id``, ``programme``, ``sessions_planned``, ``sessions_done``,
        ``adherence`` (share done) and ``adherence_p`` (the athlete's probability) [-];
        ``capacity_start``, ``capacity_end`` [capacity index], ``capacity_change_pct`` [%];
        ``stage_end``, ``stage_max`` (1-based), ``n_stages``, ``top_reached``;
        ``level_end``, ``level_max`` (catalogue level, NA off the 1-5 ladder);
        ``step_backs``, ``flare_ups``; ``asymmetry_pct`` (left minus right capacity, % of
        the mean); then ``capacity_w1``, ``capacity_w2``... at the end of each week.

        Examples
        --------
        >>> s = simulate("psoas_level_ladder", athletes=5, weeks=4, seed=2).summary()
        >>> s.columns[:4].tolist(), s.columns[-1]
        (['athlete_id', 'programme', 'sessions_planned', 'sessions_done'], 'capacity_w4')
        """
        run, ladder = self.run, self.ladder
        planned = run.done.shape[1]
        done = run.done.sum(axis=1)
        reached = self._reached()[:, -1]
        end = run.week_capacity[:, -1]
        return pd.DataFrame(
            {
                "athlete_id": list(self.ids),
                "programme": self.programme.id,
                "sessions_planned": planned,
                "sessions_done": done,
                "adherence": done / planned,
                "adherence_p": self.draws.adherence,
                "capacity_start": self.draws.capacity0,
                "capacity_end": end,
                "capacity_change_pct": 100.0 * (end / self.draws.capacity0 - 1.0),
                "stage_end": run.week_stage[:, -1].astype(np.int64) + 1,
                "stage_max": reached.astype(np.int64) + 1,
                "n_stages": ladder.n_stages,
                "top_reached": reached == ladder.n_stages - 1,
                "level_end": pd.array(ladder.levels[run.week_stage[:, -1]]).astype("Int64"),
                "level_max": pd.array(ladder.levels[reached]).astype("Int64"),
                "step_backs": (run.week_decision < 0).sum(axis=1),
                "flare_ups": run.flare.sum(axis=1),
                "asymmetry_pct": 200.0 * self.draws.half_asymmetry,
                **{f"capacity_w{k + 1}": run.week_capacity[:, k] for k in range(run.weeks)},
            }
        )

    def weekly_stats(self) -> pd.DataFrame:
        """Across athletes, per week (0 = start): capacity percentiles, shares, weekly dose.

        Columns: ``week``; ``capacity_p10``, ``capacity_median``, ``capacity_p90``
        [capacity index]; ``share_top`` (reached the ladder's last stage) and ``share_level5``
        (reached catalogue level 5; NaN for ladders without levels) [-];
        ``sessions_mean`` [1/week]; ``sets_median`` logged sets [1/week];
        ``tut_median`` time under tension [min/week]; ``load_median`` [AU/week].

        Examples
        --------
        >>> st = simulate("foundational_to_advanced", athletes=40, weeks=6, seed=0).weekly_stats()
        >>> st["week"].tolist() == list(range(7)), bool(st["capacity_median"].iloc[-1] > 100)
        (True, True)
        """
        run, ladder = self.run, self.ladder
        weekly = self.weekly()
        capacity = np.column_stack([self.draws.capacity0, run.week_capacity])
        p10, p50, p90 = np.quantile(capacity, [0.1, 0.5, 0.9], axis=0)
        reached = np.column_stack([np.zeros(len(capacity), np.int16), self._reached()])
        has_levels = bool(np.isfinite(ladder.levels).any())
        level_max = np.where(np.isfinite(ladder.levels), ladder.levels, 0.0)[reached]
        sets = np.where(run.done, ladder.sets_per_session[run.stage], 0)
        sets = sets.reshape(len(capacity), run.weeks, run.sessions_per_week).sum(axis=2)
        grouped = weekly.groupby("week")

        def with_start(values: np.ndarray | pd.Series) -> np.ndarray:
            return np.concatenate([[0.0], np.asarray(values, dtype=float)])

        return pd.DataFrame(
            {
                "week": np.arange(run.weeks + 1),
                "capacity_p10": p10,
                "capacity_median": p50,
                "capacity_p90": p90,
                "share_top": (reached == ladder.n_stages - 1).mean(axis=0),
                "share_level5": (level_max >= 5).mean(axis=0) if has_levels else np.nan,
                "sessions_mean": with_start(grouped["sessions_done"].mean()),
                "sets_median": with_start(np.median(sets, axis=0)),
                "tut_median": with_start(grouped["tut_min"].median()),
                "load_median": with_start(grouped["load_au"].median()),
            }
        )

    def stage_shares(self) -> pd.DataFrame:
        """Share of athletes at each stage of the ladder, per week (0 = start).

        Columns: ``week``, ``stage`` (1-based), ``label``, ``level`` (catalogue level or NA),
        ``share`` [-]; the shares of a week add up to 1.

        Examples
        --------
        >>> shares = simulate("psoas_level_ladder", athletes=30, weeks=3, seed=0).stage_shares()
        >>> bool(abs(shares.groupby("week")["share"].sum() - 1).max() < 1e-12)
        True
        """
        n, ladder = self.draws.n_athletes, self.ladder
        stages = np.column_stack([np.zeros(n, np.int64), self.run.week_stage.astype(np.int64)])
        counts = np.stack([np.bincount(col, minlength=ladder.n_stages) for col in stages.T])
        weeks, stage = np.meshgrid(
            np.arange(counts.shape[0]), np.arange(ladder.n_stages), indexing="ij"
        )
        return pd.DataFrame(
            {
                "week": weeks.ravel(),
                "stage": stage.ravel() + 1,
                "label": [ladder.stages[k].label for k in stage.ravel()],
                "level": pd.array(ladder.levels[stage.ravel()]).astype("Int64"),
                "share": counts.ravel() / n,
            }
        )


def simulate(
    programme: Programme | str,
    *,
    weeks: int | None = None,
    athletes: int = 100,
    sessions_per_week: int | None = None,
    adherence: float | np.ndarray = 0.8,
    seed: int | np.random.SeedSequence = 0,
    start: dt.date = DEFAULT_START,
    config: SimulationConfig | None = None,
    ids: list[str] | None = None,
    day_shift: np.ndarray | None = None,
) -> Simulation:
    """Simulate a programme of the sources over many athletes.

    Parameters
    ----------
    programme : Programme or str
        The programme or its id.
    weeks : int, optional
        Length [week]; the source's length, or 8 weeks, by default.
    athletes : int
        Number of simulated athletes [-].
    sessions_per_week : int, optional
        Planned frequency [1/week], 1-7; the source's highest, or 3, by default.
    adherence : float or numpy.ndarray
        Mean probability of doing a planned session [-], for all or per athlete.
    seed : int or numpy.random.SeedSequence
        Random seed: the same seed gives the same result.
    start : datetime.date
        First day [date].
    config : SimulationConfig, optional
        Model parameters.
    ids : list of str, optional
        Athlete ids (``'001'``... by default).
    day_shift : numpy.ndarray of int, optional
        Per-athlete shift of the training days in the log [day].

    Returns
    -------
    Simulation

    Examples
    --------
    >>> sim = simulate("precision_movement_routine", athletes=20, seed=1)
    >>> sim.weeks, sim.sessions_per_week, len(sim.summary())
    (8, 3, 20)
    """
    config = config or SimulationConfig()
    prog = get_programme(programme) if isinstance(programme, str) else programme
    weeks = default_weeks(prog) if weeks is None else int(weeks)
    per_week = default_sessions_per_week(prog) if sessions_per_week is None else sessions_per_week
    session_days(per_week)
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    ids = athlete_ids(athletes) if ids is None else list(ids)
    if len(ids) != athletes or len(set(ids)) != athletes:
        raise ValueError("ids must be one unique id per athlete")
    ladder = build_ladder(prog, config.ladder)
    draws = draw_randomness(athletes, weeks * per_week, adherence, seed, config)
    run = run_model(ladder, draws, per_week, weeks, config)
    return Simulation(prog, ladder, draws, run, config, start, tuple(ids), day_shift)


def compare_programmes(
    programmes: list[str] | None = None,
    *,
    weeks: int = 8,
    athletes: int = 200,
    sessions_per_week: int | None = None,
    adherence: float = 0.8,
    seed: int = 0,
    config: SimulationConfig | None = None,
) -> pd.DataFrame:
    """Simulate several programmes on the same athletes and stack their weekly statistics.

    The same seed gives every programme the same simulated athletes (common random numbers)
    when the weekly frequency is the same.

    Parameters
    ----------
    programmes : list of str, optional
        Programme ids; every programme of the sources by default.
    weeks : int
        Length [week].
    athletes : int
        Athletes per programme [-].
    sessions_per_week : int, optional
        Frequency [1/week] for all; each source's own default when omitted.
    adherence : float
        Mean probability of doing a planned session [-].
    seed : int
        Random seed.
    config : SimulationConfig, optional
        Model parameters.

    Returns
    -------
    pandas.DataFrame
        :meth:`Simulation.weekly_stats` per programme, with ``programme`` (id) and ``name``.

    Examples
    --------
    >>> table = compare_programmes(weeks=4, athletes=30)
    >>> sorted(table["programme"].unique())[:2]
    ['foundational_to_advanced', 'precision_movement_routine']
    """
    ids = programmes if programmes is not None else list(load_programmes())
    frames = []
    for programme_id in ids:
        sim = simulate(
            programme_id,
            weeks=weeks,
            athletes=athletes,
            sessions_per_week=sessions_per_week,
            adherence=adherence,
            seed=seed,
            config=config,
        )
        stats = sim.weekly_stats()
        stats.insert(0, "name", sim.programme.name)
        stats.insert(0, "programme", programme_id)
        frames.append(stats)
    return pd.concat(frames, ignore_index=True)


def with_pain_rule(config: SimulationConfig, **thresholds: float) -> SimulationConfig:
    """A copy of ``config`` with some pain-rule thresholds changed.

    Examples
    --------
    >>> with_pain_rule(SimulationConfig(), during_max=3).pain_rule.during_max
    3
    """
    return replace(config, pain_rule=replace(config.pain_rule, **thresholds))


def write_simulation(
    simulation: Simulation,
    log_path: str | Path,
    summary_path: str | Path | None = None,
    *,
    log: pd.DataFrame | None = None,
) -> list[Path]:
    """Write a simulation's log (CSV or Parquet) and per-athlete summary (CSV), atomically.

    The same simulation always gives the same bytes.

    Parameters
    ----------
    simulation : Simulation
        The simulation to write.
    log_path : str or Path
        Log file; ``.parquet``/``.pq`` for Parquet, CSV otherwise.
    summary_path : str or Path, optional
        Summary CSV; not written when omitted.
    log : pandas.DataFrame, optional
        The log if already built (saves building it twice).

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> sim = simulate("psoas_level_ladder", athletes=3, weeks=2, seed=0)
    >>> [p.name for p in write_simulation(sim, folder / "log.csv", folder / "summary.csv")]
    ['log.csv', 'summary.csv']
    """
    written = [write_log(simulation.to_log() if log is None else log, log_path)]
    if summary_path is not None:
        summary = simulation.summary()
        written.append(
            atomic_write(
                summary_path,
                lambda tmp: summary.to_csv(
                    tmp, index=False, lineterminator="\n", float_format="%.6g"
                ),
            )
        )
    return written


def adherence_comparison(
    programme: Programme | str,
    shares: tuple[float, ...] = (0.5, 0.9),
    *,
    weeks: int | None = None,
    athletes: int = 100,
    sessions_per_week: int | None = None,
    seed: int = 0,
    config: SimulationConfig | None = None,
) -> pd.DataFrame:
    """The same simulated athletes at several adherence levels, one display-ready row each.

    Parameters
    ----------
    programme : Programme or str
        The programme or its id.
    shares : tuple of float
        Mean probabilities of doing a planned session [-].
    weeks : int, optional
        Length [week]; the source's length, or 8 weeks, by default.
    athletes : int
        Number of simulated athletes [-].
    sessions_per_week : int, optional
        Planned frequency [1/week]; the source's highest, or 3, by default.
    seed : int
        Random seed: the same seed gives the same athletes at every share.
    config : SimulationConfig, optional
        Model parameters.

    Returns
    -------
    pandas.DataFrame
        ``adherence`` [-], ``sessions done (median)`` [-], ``capacity change % (median)`` [%]
        (rounded to 0.1) and, formatted as percentages, ``reached the top stage`` and
        ``stepped back at least once``.

    Examples
    --------
    >>> table = adherence_comparison("psoas_level_ladder", (0.5, 0.9), athletes=20, weeks=4)
    >>> table["adherence"].tolist()
    [0.5, 0.9]
    >>> bool(table["sessions done (median)"].is_monotonic_increasing)
    True
    """
    rows = []
    for share in shares:
        summary = simulate(
            programme,
            weeks=weeks,
            athletes=athletes,
            sessions_per_week=sessions_per_week,
            adherence=share,
            seed=seed,
            config=config,
        ).summary()
        rows.append(
            {
                "adherence": share,
                "sessions done (median)": summary["sessions_done"].median(),
                "capacity change % (median)": round(summary["capacity_change_pct"].median(), 1),
                "reached the top stage": f"{summary['top_reached'].mean():.0%}",
                "stepped back at least once": f"{(summary['step_backs'] > 0).mean():.0%}",
            }
        )
    return pd.DataFrame(rows)
