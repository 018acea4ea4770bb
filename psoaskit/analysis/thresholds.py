"""The log analysis' thresholds and choices, each with where its default comes from.

Every number that turns a measurement into a flag or a colour lives here, configurable:

pain zones
    Traffic lights of the pain-monitoring model (Silbernagel et al. 2007, Am J Sports Med
    35(6):897-906): by default pain <= 3/10 green ("safe"), <= 5/10 amber ("acceptable"),
    above that red, as the model is circulated by clinicians (e.g. bim.physio after T. Goom).
    The cut-offs of the original 2007 figure are quoted differently (0-2, 2-5, 5-10) and
    were not checked against the paper, hence configurable. The model also asks that pain
    does not rise from one week to the next.
asymmetry
    15 % is the threshold older literature quotes; Bishop et al. 2018 (Strength Cond J
    40(4):1-6) point out that prospective evidence for it is lacking.
load spike
    ACWR >= 1.5 is Gabbett 2016's "danger zone" (Br J Sports Med 50:273-280). The bands do not
    survive later analyses (see :mod:`psoaskit.analysis.training_load`), so a spike is reported as
    a description
    of a sharp rise in load, not as an injury risk.
ACWR windows
    7 and 28 days (Gabbett 2016; Williams et al. 2017).
monotony cap
    10, as in Fellrnr's implementation, for weeks whose 7 daily loads are equal and non-zero.
next-morning pain
    The model lets pain after a session reach the amber zone but asks that it has settled by
    the next morning, and that load comes down when pain is worse the day after (as clinics
    circulate it, e.g. southsidephysio.com/1855-2). psoaskit reads "settled" as back in the
    green zone, and "worse" as a rise of at least ``pain_rise`` over the session's pain.
    The model comes from tendon and knee rehabilitation: Thomee 1997 (Phys Ther 77:1690-1703,
    patellofemoral pain) and Silbernagel et al. 2007 (Achilles tendinopathy); neither paper was
    read here. Its use for the hip flexors is carried over, not tested.
inactivity, recent weeks, trend weeks, stalled weeks
    Reporting choices of psoaskit (not from a source): 14 days, 4 weeks, 4 weeks, 4 weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from psoaskit.analysis.training_load import ACWR_VARIANTS, spike_threshold
from psoaskit.errors import ParameterError

__all__ = ["LOAD_MEASURES", "LOAD_MEASURE_NAMES", "PAIN_ZONES", "AnalysisConfig", "PainZones"]

#: Pain traffic-light zones, in order.
PAIN_ZONES = ("green", "amber", "red")
#: Daily load measures for ACWR, monotony and strain, with their units.
LOAD_MEASURES: dict[str, str] = {
    "auto": "per athlete: Foster's session-RPE where the athlete logs it, else the set-RPE proxy",
    "srpe": "Foster's session-RPE: session RPE x session duration [AU] (Foster et al. 2001)",
    "set_rpe_work": "set RPE x logged work time [AU] (a proxy, not Foster's session-RPE)",
    "tut": "time under tension [min]",
    "volume_load": "load x reps [kg]",
    "sets": "sets [-]",
}
#: Short names of the load measures for labels (the proxy always says it is one).
LOAD_MEASURE_NAMES: dict[str, str] = {
    "auto": "per-athlete",
    "srpe": "Foster session-RPE",
    "set_rpe_work": "set-RPE x work time (proxy)",
    "tut": "time-under-tension",
    "volume_load": "volume",
    "sets": "set-count",
}


@dataclass(frozen=True)
class PainZones:
    """Pain traffic-light cut-offs on the 0-10 numeric rating scale [NRS].

    Attributes
    ----------
    green_max : float
        Highest pain still green [NRS].
    amber_max : float
        Highest pain still amber; above is red [NRS].

    Examples
    --------
    >>> PainZones().classify([0, 3, 3.5, 5, 6, np.nan]).tolist()
    ['green', 'green', 'amber', 'amber', 'red', nan]
    """

    green_max: float = 3.0
    amber_max: float = 5.0

    def __post_init__(self) -> None:
        if not 0 <= self.green_max < self.amber_max <= 10:
            raise ParameterError(
                f"need 0 <= green_max < amber_max <= 10, got {self.green_max}, {self.amber_max}"
            )

    def classify(self, pain: np.ndarray | pd.Series | list[float]) -> pd.Categorical:
        """Zone of each pain value [NRS] (categories :data:`PAIN_ZONES`); NaN stays missing."""
        values = np.asarray(pain, dtype=float)
        codes = np.select(
            [values <= self.green_max, values <= self.amber_max, values > self.amber_max],
            [0, 1, 2],
            default=-1,
        )
        return pd.Categorical.from_codes(codes, categories=PAIN_ZONES)


@dataclass(frozen=True)
class AnalysisConfig:
    """Thresholds and choices of a log analysis (defaults and sources: module docstring).

    Attributes
    ----------
    pain_zones : PainZones
        Traffic-light cut-offs [NRS].
    pain_rise : float
        Rise of the weekly maximum pain since the previous week with pain recorded that is
        flagged once the pain is above green [NRS].
    asymmetry_pct : float
        Absolute left/right asymmetry flagged [%].
    load_measure : str
        Daily load for ACWR, monotony and strain, a key of :data:`LOAD_MEASURES`.
    acwr_variant : str
        ACWR variant behind the load-spike flag, one of
        ``psoaskit.analysis.training_load.ACWR_VARIANTS``.
    acwr_spike_step : float
        A load spike is a week whose load is this many times the steady weekly load before it
        [-]; each ACWR variant's threshold is what it reads for such a step
        (:func:`psoaskit.analysis.training_load.spike_threshold`). The default 1.8 is the step
        at which Gabbett's (2016) rolling coupled ratio reaches his 1.5; so a doubling is a
        spike in every variant (our choice; the bands are contested, see training_load).
    acwr_spike : float or None
        A ratio to flag at instead, the same for every variant [-]; None uses the step.
    acute_days, chronic_days : int
        ACWR windows [day].
    monotony_cap : float
        Monotony reported when all 7 daily loads are equal and non-zero [-].
    recent_weeks : int
        Weeks counted as recent in the squad summary [week].
    trend_weeks : int
        Weeks behind the squad summary's pain trend [week].
    inactive_days : int
        Days without a session before an athlete is flagged inactive [day].
    stall_weeks : int
        Weeks in a row on target, pain green and no new best in the programme's progression
        steps before ``no_progression`` is flagged [week].

    Examples
    --------
    >>> AnalysisConfig(asymmetry_pct=10).asymmetry_pct
    10
    >>> AnalysisConfig(load_measure="watts")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    psoaskit.errors.ParameterError: unknown load measure 'watts'; expected one of auto, srpe, ...
    """

    pain_zones: PainZones = field(default_factory=PainZones)
    pain_rise: float = 1.0
    asymmetry_pct: float = 15.0
    load_measure: str = "auto"
    acwr_variant: str = "ewma"
    acwr_spike_step: float = 1.8
    acwr_spike: float | None = None
    acute_days: int = 7
    chronic_days: int = 28
    monotony_cap: float = 10.0
    recent_weeks: int = 4
    trend_weeks: int = 4
    inactive_days: int = 14
    stall_weeks: int = 4

    def __post_init__(self) -> None:
        if self.load_measure not in LOAD_MEASURES:
            raise ParameterError(
                f"unknown load measure {self.load_measure!r}; expected one of "
                f"{', '.join(LOAD_MEASURES)}"
            )
        if self.acwr_variant not in ACWR_VARIANTS:
            raise ParameterError(
                f"unknown ACWR variant {self.acwr_variant!r}; expected one of "
                f"{', '.join(ACWR_VARIANTS)}"
            )
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int | float) and value < 0:
                raise ParameterError(f"{f.name} must not be negative, got {value}")
        if self.acute_days != 7 or self.chronic_days % 7 or self.chronic_days < 14:
            raise ParameterError(
                "the reported ratio is weekly: acute_days must be 7 and chronic_days a multiple "
                f"of 7 from 14, got {self.acute_days}, {self.chronic_days}"
            )
        if not 0 < self.acute_days < self.chronic_days:
            raise ParameterError(
                f"need 0 < acute_days < chronic_days, got {self.acute_days}, {self.chronic_days}"
            )
        if self.recent_weeks < 1 or self.trend_weeks < 2 or self.stall_weeks < 2:
            raise ParameterError("need recent_weeks >= 1, trend_weeks >= 2 and stall_weeks >= 2")

    @property
    def acwr_threshold(self) -> float:
        """The ratio of the chosen variant that is flagged as a load spike [-].

        Examples
        --------
        >>> round(AnalysisConfig().acwr_threshold, 2), AnalysisConfig(acwr_spike=1.5).acwr_threshold
        (1.36, 1.5)
        """
        if self.acwr_spike is not None:
            return self.acwr_spike
        return spike_threshold(self.acwr_variant, self.acwr_spike_step, self.chronic_days // 7)

    @property
    def acwr_label(self) -> str:
        """The ACWR variant in words, e.g. ``'EWMA, weekly 7/28 d, Foster session-RPE load'``."""
        return self.acwr_label_of(self.load_measure)

    def acwr_label_of(self, measure: str) -> str:
        """The ACWR variant in words for one load measure (an athlete's, under ``"auto"``).

        Examples
        --------
        >>> AnalysisConfig().acwr_label_of("set_rpe_work")
        'EWMA, weekly 7/28 d, set-RPE x work time (proxy) load'
        """
        name = {"ewma": "EWMA", "rolling_coupled": "rolling coupled",
                "rolling_uncoupled": "rolling uncoupled"}[self.acwr_variant]
        words = LOAD_MEASURE_NAMES.get(measure, measure)
        return f"{name}, weekly {self.acute_days}/{self.chronic_days} d, {words} load"
