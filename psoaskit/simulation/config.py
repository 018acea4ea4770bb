"""Every parameter of the programme simulation, with its source or labelled as our choice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from psoaskit.simulation.ladder import LadderConfig

__all__ = ["DEFAULT_START", "PainRule", "ResponseModel", "SimulationConfig"]


#: Fixed first day of every simulation (a Monday), so output never depends on "today".
DEFAULT_START = dt.date(2024, 1, 1)


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
    """How hip-flexor work becomes capacity: a dose-response rule inside a fitness-fatigue model.

    **Stimulus.** Each set's stimulus is its time under tension for one leg, weighted by how
    hard the set is for the flexors: ``relative = demand / capacity``, the peak hip-flexion
    moment the exercise asks of the flexors (:func:`psoaskit.biomech.demand.exercise_demand`,
    posture, hip and knee angle, dumbbell or band) over the athlete's current maximal
    isometric hip-flexion moment, both [N m]. The weight rises linearly from 0 at
    :attr:`intensity_threshold` to 1 at maximal effort,
    ``clip((relative - threshold) / (1 - threshold), 0, 1)``, so soft-tissue work, stretches
    and glute squeezes (no flexor demand) and very light holds add nothing. The linear form and
    the threshold are our choices, unfitted: strength gains grow with the relative load in
    strength training, and some floor must exist below which work does not strengthen. The
    light programmes' simulated gains depend strongly on the threshold
    (:func:`psoaskit.simulation.calibration.threshold_sensitivity`).

    **Capacity.** Banister's impulse-response model in daily steps (reference notes §1.1):
    ``capacity = capacity0 * (1 + gain * r * (k_fitness * g - k_fatigue * h))`` with, per day,
    ``g = g * exp(-1/tau_fitness) + w`` and ``h = h * exp(-1/tau_fatigue) + w``, where ``w`` is
    the day's stimulus [s] and ``r`` the athlete's individual response factor. Gains are
    relative, as the training studies report them. The time constants and the 1:2 gain ratio
    are the commonly quoted textbook values (42 d, 7 d, k1 = 1, k2 = 2; GoldenCheetah's
    defaults are 50 d and 11 d), which come from endurance-performance modelling, not strength
    training. :attr:`gain` is fitted by least squares to the hip-flexor training trials of
    Thorborg et al. 2016 and Deane et al. 2005 (``data/training_studies.csv``,
    :func:`psoaskit.simulation.calibration.fit_gain`).

    Attributes
    ----------
    tau_fitness_d, tau_fatigue_d : float
        Decay time constants of fitness and fatigue [day].
    k_fitness, k_fatigue : float
        Relative gains of fitness and fatigue [-].
    gain : float
        Relative capacity change per second of stimulus, fitted [1/s].
    intensity_threshold : float
        Relative demand below which a set adds no stimulus [-] (ours).
    """

    tau_fitness_d: float = 42.0
    tau_fatigue_d: float = 7.0
    k_fitness: float = 1.0
    k_fatigue: float = 2.0
    gain: float = 3.231e-4
    intensity_threshold: float = 0.2

    def weight(self, relative: float) -> float:
        """Stimulus weight of a set at ``relative`` = demand / capacity [-], 0-1.

        Examples
        --------
        >>> model = ResponseModel()
        >>> model.weight(0.1), round(model.weight(0.6), 3), model.weight(2.0)
        (0.0, 0.5, 1.0)
        """
        span = 1.0 - self.intensity_threshold
        return min(max((relative - self.intensity_threshold) / span, 0.0), 1.0)


@dataclass(frozen=True)
class SimulationConfig:
    """Every parameter of the simulation; the defaults are documented model choices.

    Capacity is each athlete's maximal isometric hip-flexion moment [N m], one number per leg
    whatever the angle (a simplification: measured strength varies with hip angle), and the
    mean of the two legs in the model's state. Numbers without a cited source are our modelling
    choices and are labelled so.

    Attributes
    ----------
    pain_rule : PainRule
        Pain-monitoring thresholds (sourced, see :class:`PainRule`).
    response : ResponseModel
        Stimulus rule and fitness-fatigue constants (see :class:`ResponseModel`).
    ladder : LadderConfig
        How programmes become ladders (see :class:`psoaskit.simulation.ladder.LadderConfig`).
    capacity_nm_per_kg : float
        Average starting capacity per kilogram of body mass [N m/kg], a rough order of magnitude
        we assume: Thorborg et al. 2016 reported a 17 % gain and a between-group effect of
        0.34 N m/kg, and 0.34 / 0.17 = 2.0 holds only if their control group did not change
        (about 1.7-2.5 is as defensible; the test posture is not in the abstract). The
        simulated body is :attr:`psoaskit.simulation.ladder.LadderConfig.body_mass_kg`.
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
        Pain added per unit of relative demand above the weaker side's capacity during, after
        and the morning after a session [NRS] (ours).
    rpe_at_capacity : float
        RPE of a set that asks exactly the side's maximal capacity [CR-10]; lighter sets in
        proportion to their share of it (ours: 10 is "maximal" on the CR-10 scale).
    progress_share : float
        Earned progression: the next stage's peak demand may be at most this share of the
        weaker side's capacity [-] (ours: a set of 8-15 repetitions is usually done at about
        65-80 % of a maximal effort; holds of 10-60 s need more headroom).
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
    rest_between_sets_s : float
        Rest between two sets, for the logged session duration [s] (ours: the sources state
        none).
    session_setup_min : float
        Set-up and transitions added to a session's duration [min] (ours).
    seconds_per_rep : float
        Duration of a repetition without a hold, for the session duration [s] (ours).
    """

    pain_rule: PainRule = field(default_factory=PainRule)
    response: ResponseModel = field(default_factory=ResponseModel)
    ladder: LadderConfig = field(default_factory=LadderConfig)
    capacity_nm_per_kg: float = 2.0
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
    rpe_at_capacity: float = 10.0
    progress_share: float = 0.6
    progress_rpe_max: float = 7.0
    rpe_per_set: float = 0.5
    rpe_noise_sd: float = 0.5
    min_sessions_to_progress: int = 2
    min_sessions_at_stage: int = 4
    fatigue_reps_per_set: float = 0.6
    missed_weeks_step_back: int = 2
    rest_between_sets_s: float = 60.0
    session_setup_min: float = 5.0
    seconds_per_rep: float = 3.0

    def parameters(self) -> pd.DataFrame:
        """Every parameter and its value, one row each, grouped by part of the model.

        Returns
        -------
        pandas.DataFrame
            Columns ``part`` (pain rule, response (stimulus, Banister), ladder, athletes and
            effort), ``parameter`` and ``value`` (as text, so that ranges and labels read
            naturally).

        Examples
        --------
        >>> table = SimulationConfig().parameters()
        >>> table.set_index("parameter").loc["tau_fitness_d", "value"]
        '42.0'
        >>> sorted(table["part"].unique())
        ['athletes and effort', 'ladder', 'pain rule', 'response (stimulus, Banister)']
        """
        parts = {
            "pain rule": self.pain_rule,
            "response (stimulus, Banister)": self.response,
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
