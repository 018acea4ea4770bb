"""Hill-type muscle force-length curves and the monotone interpolation used for tabulated data.

Two curve families, both with the OpenSim 4.6 default parameters:

* ``"thelen2003"``: Thelen (2003, J Biomech Eng 125:70-77). Active: a Gaussian of width
  ``gamma = 0.45``; passive: an exponential with ``k_PE = 5`` reaching F0 at 60 % strain.
* ``"millard2012"``: Millard et al. (2013, J Biomech Eng 135:021005). Smooth curves built from
  Bezier segments in OpenSim; psoaskit interpolates OpenSim's own samples
  (``data/muscle_force_length_curves.csv``) with :func:`pchip`.

The Gaussian is forgiving at short lengths (0.45 of F0 at 0.4 l_o) while Millard's curve drops to
its floor of 0.1 there, so how strong active insufficiency looks depends on the curve: show both.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from psoaskit._data import read_text
from psoaskit.errors import ParameterError

__all__ = [
    "FORCE_LENGTH_CURVES",
    "active_force_length",
    "force_length_table",
    "passive_force_length",
    "pchip",
]

#: Force-length curve families.
FORCE_LENGTH_CURVES = ("millard2012", "thelen2003")

# OpenSim 4.6 Thelen2003Muscle defaults (KshapeActive, KshapePassive, FmaxMuscleStrain).
_THELEN_GAMMA, _THELEN_K_PE, _THELEN_STRAIN = 0.45, 5.0, 0.6
# OpenSim 4.6 Millard2012 ActiveForceLengthCurve defaults: min/max active length, floor value.
_MILLARD_MIN_L, _MILLARD_MAX_L, _MILLARD_FLOOR = 0.4441, 1.8123, 0.1
# Millard FiberForceLengthCurve default stiffness at one normalised force (linear beyond it).
_MILLARD_PASSIVE_STIFFNESS = 2.857142857142857


def pchip(x: Iterable[float], y: Iterable[float], xq: float | np.ndarray) -> np.ndarray:
    """Monotone piecewise-cubic Hermite interpolation (Fritsch-Carlson, as SciPy's PCHIP).

    Parameters
    ----------
    x : iterable of float
        Strictly increasing knots.
    y : iterable of float
        Values at the knots.
    xq : float or array
        Query points within ``[x[0], x[-1]]``.

    Returns
    -------
    numpy.ndarray
        Interpolated values; never overshoots the data between two knots.

    Examples
    --------
    >>> pchip([0, 1, 2], [0, 1, 1], [0.5, 1.5]).round(4).tolist()
    [0.6875, 1.0]
    """
    xs = np.asarray(list(x), dtype=float)
    ys = np.asarray(list(y), dtype=float)
    q = np.asarray(xq, dtype=float)
    if xs.size < 2 or xs.size != ys.size or np.any(np.diff(xs) <= 0):
        raise ParameterError("pchip needs two or more strictly increasing knots, one value each")
    if np.any(q < xs[0] - 1e-9) or np.any(q > xs[-1] + 1e-9):
        raise ParameterError(f"query outside the tabulated range {xs[0]:g}..{xs[-1]:g}")
    h = np.diff(xs)
    delta = np.diff(ys) / h
    slopes = np.zeros_like(ys)
    if xs.size == 2:
        slopes[:] = delta[0]
    else:
        w1 = 2 * h[1:] + h[:-1]
        w2 = h[1:] + 2 * h[:-1]
        same_sign = np.sign(delta[:-1]) * np.sign(delta[1:]) > 0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            harmonic = (w1 + w2) / (w1 / delta[:-1] + w2 / delta[1:])
        slopes[1:-1] = np.where(same_sign, harmonic, 0.0)
        slopes[0] = _pchip_end(h[0], h[1], delta[0], delta[1])
        slopes[-1] = _pchip_end(h[-1], h[-2], delta[-1], delta[-2])
    i = np.clip(np.searchsorted(xs, q, side="right") - 1, 0, xs.size - 2)
    t = (q - xs[i]) / h[i]
    return (
        (1 + 2 * t) * (1 - t) ** 2 * ys[i]
        + t * (1 - t) ** 2 * h[i] * slopes[i]
        + t**2 * (3 - 2 * t) * ys[i + 1]
        + t**2 * (t - 1) * h[i] * slopes[i + 1]
    )


def _pchip_end(h0: float, h1: float, d0: float, d1: float) -> float:
    slope = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
    if np.sign(slope) != np.sign(d0):
        return 0.0
    if np.sign(d0) != np.sign(d1) and abs(slope) > abs(3 * d0):
        return 3 * d0
    return float(slope)


@cache
def _samples() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text("muscle_force_length_curves.csv")), comment="#")


def _check_curve(curve: str) -> None:
    if curve not in FORCE_LENGTH_CURVES:
        raise ParameterError(
            f"unknown curve {curve!r}; expected one of {', '.join(FORCE_LENGTH_CURVES)}"
        )


def _millard_samples(kind: str) -> tuple[np.ndarray, np.ndarray]:
    table = _samples()
    rows = table[(table["curve"] == "millard2012") & (table["kind"] == kind)]
    return rows["fiber_length_norm"].to_numpy(), rows["force_norm"].to_numpy()


def active_force_length(
    fiber_length_norm: float | np.ndarray, curve: str = "millard2012"
) -> np.ndarray:
    """Active force-length multiplier f_L [-] at normalised fibre length l/l_o.

    Parameters
    ----------
    fiber_length_norm : float or array
        l/l_o [-].
    curve : str
        ``"millard2012"`` (OpenSim 4.6 defaults, interpolated from its samples) or
        ``"thelen2003"`` (Gaussian, width 0.45).

    Examples
    --------
    >>> float(active_force_length(1.0)), round(float(active_force_length(0.4, "thelen2003")), 3)
    (1.0, 0.449)
    """
    _check_curve(curve)
    lengths = np.asarray(fiber_length_norm, dtype=float)
    if curve == "thelen2003":
        return np.exp(-((lengths - 1.0) ** 2) / _THELEN_GAMMA)
    x, y = _millard_samples("active")
    keep = (x > _MILLARD_MIN_L) & (x < _MILLARD_MAX_L)
    knots_x = np.concatenate([[_MILLARD_MIN_L], x[keep], [_MILLARD_MAX_L]])
    knots_y = np.concatenate([[_MILLARD_FLOOR], y[keep], [_MILLARD_FLOOR]])
    inside = (lengths > _MILLARD_MIN_L) & (lengths < _MILLARD_MAX_L)
    clipped = np.clip(lengths, _MILLARD_MIN_L, _MILLARD_MAX_L)
    return np.where(inside, pchip(knots_x, knots_y, clipped), _MILLARD_FLOOR)


def passive_force_length(
    fiber_length_norm: float | np.ndarray, curve: str = "millard2012"
) -> np.ndarray:
    """Passive fibre force / F0 [-] at normalised fibre length l/l_o (0 at or below l_o).

    Examples
    --------
    >>> round(float(passive_force_length(1.6, "thelen2003")), 3)
    1.0
    """
    _check_curve(curve)
    lengths = np.asarray(fiber_length_norm, dtype=float)
    if curve == "thelen2003":
        strain = np.maximum(lengths - 1.0, 0.0)
        return np.expm1(_THELEN_K_PE * strain / _THELEN_STRAIN) / np.expm1(_THELEN_K_PE)
    x, y = _millard_samples("passive")
    top = x[-1]
    inside = pchip(x, y, np.clip(lengths, x[0], top))
    beyond = y[-1] + _MILLARD_PASSIVE_STIFFNESS * (lengths - top)
    return np.where(lengths <= 1.0, 0.0, np.where(lengths > top, beyond, inside))


def force_length_table(
    curves: Iterable[str] = FORCE_LENGTH_CURVES, lengths: Iterable[float] | None = None
) -> pd.DataFrame:
    """Active and passive force-length curves, tidy (for charts).

    Returns
    -------
    pandas.DataFrame
        Columns ``curve``, ``kind`` (active/passive), ``fiber_length_norm`` [-], ``force_norm`` [-].

    Examples
    --------
    >>> force_length_table(lengths=[1.0]).shape
    (4, 4)
    """
    grid = np.linspace(0.3, 1.8, 151) if lengths is None else np.asarray(list(lengths), float)
    frames = []
    for curve in curves:
        for kind, func in (("active", active_force_length), ("passive", passive_force_length)):
            frames.append(
                pd.DataFrame(
                    {
                        "curve": curve,
                        "kind": kind,
                        "fiber_length_norm": grid,
                        "force_norm": func(grid, curve),
                    }
                )
            )
    if not frames:
        return pd.DataFrame(columns=["curve", "kind", "fiber_length_norm", "force_norm"])
    return pd.concat(frames, ignore_index=True)
