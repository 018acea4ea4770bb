"""Every random number of a simulation, drawn up front.

Arrays of shape ``(athletes, sessions)`` drawn before the model runs, so the vectorised model
and a plain per-athlete loop consume identical numbers and agree exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from psoaskit.errors import ParameterError
from psoaskit.simulation.config import SimulationConfig

__all__ = ["Draws", "draw_randomness", "session_days"]


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
# --- randomness drawn up front ------------------------------------------------------------------


def session_days(sessions_per_week: int) -> tuple[int, ...]:
    """Weekdays of the sessions (0 = the first day of each simulated week).

    Examples
    --------
    >>> session_days(3)
    (0, 2, 4)
    """
    if sessions_per_week not in _SCHEDULES:
        raise ParameterError(f"sessions per week must be 1-7, got {sessions_per_week}")
    return _SCHEDULES[sessions_per_week]


@dataclass(frozen=True)
class Draws:
    """Every random number of a simulation, drawn before the model runs.

    Per athlete, shape ``(athletes,)``: ``capacity0`` (maximal isometric hip-flexion moment,
    mean of both legs) [N m], ``response`` [-],
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
        raise ParameterError("need at least one athlete and one session")
    mean = np.broadcast_to(np.asarray(adherence, dtype=float), (athletes,))
    if not ((mean >= 0.0) & (mean <= 1.0)).all():
        raise ParameterError(f"adherence must be between 0 and 1, got {adherence}")
    config = config or SimulationConfig()
    rng = np.random.default_rng(seed)
    mean_capacity = config.capacity_nm_per_kg * config.ladder.body_mass_kg
    capacity0 = mean_capacity * np.exp(rng.normal(0.0, config.capacity_sd, athletes))
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
