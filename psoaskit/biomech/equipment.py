"""External loads on the leg: a dumbbell on the knee, an ankle weight, an elastic band.

The band is a linear spring between an anchor and the ankle; its tension model is stated on
:class:`Band` so that every band number a learner sees can be traced to two parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from psoaskit.errors import ParameterError

__all__ = ["AnkleWeight", "Band", "Dumbbell", "Equipment"]


def _non_negative(value: float, name: str, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite number [{unit}], got {value!r}")
    if value < 0:
        raise ParameterError(f"{name} must not be negative [{unit}], got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Dumbbell:
    """A dumbbell resting on the knee (on the distal thigh).

    Attributes
    ----------
    mass_kg : float
        Dumbbell mass [kg].

    Examples
    --------
    >>> Dumbbell(5).mass_kg
    5
    """

    mass_kg: float

    def __post_init__(self) -> None:
        _non_negative(self.mass_kg, "mass_kg", "kg")


@dataclass(frozen=True)
class AnkleWeight:
    """A weight strapped round the ankle.

    Attributes
    ----------
    mass_kg : float
        Mass of the ankle weight [kg].

    Examples
    --------
    >>> AnkleWeight(2.5)
    AnkleWeight(mass_kg=2.5)
    """

    mass_kg: float

    def __post_init__(self) -> None:
        _non_negative(self.mass_kg, "mass_kg", "kg")


@dataclass(frozen=True)
class Band:
    """An elastic band from an anchor to the ankle, modelled as a linear spring.

    Tension [N] = ``stiffness_n_per_m * max(0, length - slack_m)``. Real bands stiffen a little
    at large stretch; measure yours (tension at a known stretch) to set ``stiffness_n_per_m``.

    Attributes
    ----------
    stiffness_n_per_m : float
        Tension gained per metre of stretch [N/m].
    slack_m : float
        Anchor-to-ankle distance at which the band starts to pull [m].
    anchor_m : tuple of float or None
        Anchor ``(x, y)`` in the drawing frame [m]; ``None`` puts it where the ankle is with the
        hip and knee straight (hip 0 deg, knee 0 deg), i.e. the band is slack at the start position.

    Examples
    --------
    >>> Band(100.0).tension(0.3)
    30.0
    """

    stiffness_n_per_m: float
    slack_m: float = 0.0
    anchor_m: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        _non_negative(self.stiffness_n_per_m, "stiffness_n_per_m", "N/m")
        _non_negative(self.slack_m, "slack_m", "m")

    def tension(self, length_m: float | np.ndarray) -> float | np.ndarray:
        """Band tension at an anchor-to-ankle distance ``length_m`` [m], in [N]."""
        stretch = np.maximum(np.asarray(length_m, dtype=float) - self.slack_m, 0.0)
        force = self.stiffness_n_per_m * stretch
        return float(force) if np.ndim(force) == 0 else force


Equipment = Dumbbell | AnkleWeight | Band
