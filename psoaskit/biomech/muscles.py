"""Hip-flexor muscles: moment arms, lengths and Hill-type force-length operating points.

Moment arms and muscle-tendon lengths of psoas, iliacus, rectus femoris, tensor fasciae latae
(TFL) and sartorius come from the Rajagopal et al. (2016) model, tabulated every 10-15 deg of
hip flexion from -30 to 120 deg at knee 0 and 90 deg (``data/muscle_paths_rajagopal2016.csv``).
Between tabulated hip angles they are interpolated with a monotone cubic (PCHIP); between the
two knee angles linearly. Nothing is extrapolated.

Fibre length uses a rigid tendon and constant-thickness pennation:
``l_M = sqrt((L_MT - l_ts)^2 + (l_o sin a_o)^2)``. That is a simplification of OpenSim's
equilibrium with a compliant tendon; the tabulated OpenSim operating point is kept alongside for
comparison. Force-length curves come from :mod:`psoaskit.biomech.hill`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from psoaskit._data import read_text
from psoaskit.biomech.hill import (
    FORCE_LENGTH_CURVES,
    active_force_length,
    passive_force_length,
    pchip,
)
from psoaskit.errors import ParameterError

__all__ = [
    "HIP_RANGE_DEG",
    "MUSCLES",
    "MUSCLE_LABELS",
    "OPERATING_POINT_SOURCES",
    "available_force",
    "fiber_length_norm",
    "flexor_capacity",
    "iliopsoas_share_summary",
    "length_change",
    "moment_arm",
    "mt_length",
    "muscle_parameters",
    "muscle_paths",
    "muscle_state",
    "muscle_states",
    "passive_hip_extension",
]

#: Muscles with tabulated paths, in anatomical order (one-joint first).
MUSCLES = ("psoas", "iliacus", "rectus_femoris", "tfl", "sartorius")
#: Display names.
MUSCLE_LABELS = {
    "psoas": "Psoas",
    "iliacus": "Iliacus",
    "rectus_femoris": "Rectus femoris",
    "tfl": "TFL",
    "sartorius": "Sartorius",
}
#: Hip-flexion range of the tables [deg].
HIP_RANGE_DEG = (-30.0, 120.0)
_KNEE_RANGE_DEG = (0.0, 90.0)
#: Ways to get a muscle's operating point: a curve family with psoaskit's rigid-tendon fibre
#: length, or ``"opensim"``: OpenSim's own tabulated equilibrium (compliant tendon, Rajagopal's
#: curve), available at knee 0 and 90 deg only.
OPERATING_POINT_SOURCES = (*FORCE_LENGTH_CURVES, "opensim")


@cache
def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text(name)), comment="#")


def muscle_paths() -> pd.DataFrame:
    """The tabulated Rajagopal 2016 paths: moment arm [cm], MT length [cm], OpenSim operating point.

    Examples
    --------
    >>> paths = muscle_paths()
    >>> sorted(paths["muscle"].unique()) == sorted(MUSCLES)
    True
    >>> sorted(paths["knee_deg"].unique().tolist())
    [0, 90]
    """
    return _csv("muscle_paths_rajagopal2016.csv").copy()


def muscle_parameters(model: str = "rajagopal2016") -> pd.DataFrame:
    """Hill-model parameters (F0 [N], l_o [m], l_ts [m], pennation [deg]) indexed by muscle.

    Parameters
    ----------
    model : str
        ``"rajagopal2016"`` or ``"gait2392"``.

    Examples
    --------
    >>> muscle_parameters().loc["psoas", "max_isometric_force_n"]
    np.float64(1426.8)
    """
    table = _csv("muscle_parameters.csv")
    if model not in set(table["model"]):
        raise ParameterError(f"unknown muscle model {model!r}; expected rajagopal2016 or gait2392")
    return table[table["model"] == model].set_index("muscle")


def _check_muscle(muscle: str) -> None:
    if muscle not in MUSCLES:
        raise ParameterError(f"unknown muscle {muscle!r}; expected one of {', '.join(MUSCLES)}")


def _check_angles(hip_deg: object, knee_deg: object) -> tuple[np.ndarray, np.ndarray]:
    hip = np.asarray(hip_deg, dtype=float)
    knee = np.asarray(knee_deg, dtype=float)
    lo, hi = HIP_RANGE_DEG
    if np.any(~np.isfinite(hip)) or np.any(hip < lo) or np.any(hip > hi):
        raise ParameterError(
            f"hip angle must be within {lo:g}..{hi:g} deg (the tables), got {hip_deg}"
        )
    klo, khi = _KNEE_RANGE_DEG
    if np.any(~np.isfinite(knee)) or np.any(knee < klo) or np.any(knee > khi):
        raise ParameterError(f"knee angle must be within {klo:g}..{khi:g} deg, got {knee_deg}")
    hip, knee = np.broadcast_arrays(hip, knee)
    return hip, knee


@cache
def _knots(muscle: str, column: str) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    table = _csv("muscle_paths_rajagopal2016.csv")
    rows = table[table["muscle"] == muscle]
    return {
        int(k): (part["hip_deg"].to_numpy(float), part[column].to_numpy(float))
        for k, part in rows.groupby("knee_deg")
    }


def _interpolate(muscle: str, column: str, hip_deg: object, knee_deg: object) -> np.ndarray:
    _check_muscle(muscle)
    hip, knee = _check_angles(hip_deg, knee_deg)
    by_knee = {k: pchip(x, y, hip) for k, (x, y) in _knots(muscle, column).items()}
    weight = (knee - _KNEE_RANGE_DEG[0]) / (_KNEE_RANGE_DEG[1] - _KNEE_RANGE_DEG[0])
    return (1 - weight) * by_knee[0] + weight * by_knee[90]


def moment_arm(
    muscle: str, hip_deg: float | np.ndarray, knee_deg: float | np.ndarray = 0.0
) -> np.ndarray:
    """Hip-flexion moment arm of ``muscle`` [m] (positive = flexor).

    Parameters
    ----------
    muscle : str
        One of :data:`MUSCLES`.
    hip_deg : float or array
        Hip flexion [deg], -30..120.
    knee_deg : float or array
        Knee flexion [deg], 0..90.

    Examples
    --------
    >>> round(float(moment_arm("psoas", 90)) * 100, 2)
    3.3
    """
    return _interpolate(muscle, "moment_arm_cm", hip_deg, knee_deg) / 100.0


def mt_length(
    muscle: str, hip_deg: float | np.ndarray, knee_deg: float | np.ndarray = 0.0
) -> np.ndarray:
    """Muscle-tendon length of ``muscle`` [m].

    Examples
    --------
    >>> round(float(mt_length("rectus_femoris", 0, knee_deg=90)) * 100, 1)
    57.4
    """
    return _interpolate(muscle, "mt_length_cm", hip_deg, knee_deg) / 100.0


def _fiber(muscle: str, hip_deg: object, knee_deg: object) -> tuple[np.ndarray, np.ndarray]:
    """Normalised fibre length and cos(pennation), rigid tendon."""
    params = muscle_parameters().loc[muscle]
    optimal = float(params["optimal_fiber_length_m"])
    height = optimal * np.sin(np.radians(float(params["pennation_at_optimal_deg"])))
    along = np.maximum(mt_length(muscle, hip_deg, knee_deg) - params["tendon_slack_length_m"], 0)
    fiber = np.hypot(along, height)
    return fiber / optimal, along / fiber


def fiber_length_norm(
    muscle: str, hip_deg: float | np.ndarray, knee_deg: float | np.ndarray = 0.0
) -> np.ndarray:
    """Fibre length / optimal fibre length [-] with a rigid tendon.

    Examples
    --------
    >>> round(float(fiber_length_norm("psoas", 90)), 2)
    0.73
    """
    return _fiber(muscle, hip_deg, knee_deg)[0]


def muscle_state(
    hip_deg: float,
    knee_deg: float = 0.0,
    curve: str = "millard2012",
    muscles: Iterable[str] = MUSCLES,
) -> pd.DataFrame:
    """Where each hip flexor operates at one hip and knee angle.

    Parameters
    ----------
    hip_deg : float
        Hip flexion [deg], -30..120.
    knee_deg : float
        Knee flexion [deg], 0..90 (exactly 0 or 90 for ``curve="opensim"``).
    curve : str
        One of :data:`OPERATING_POINT_SOURCES`.
    muscles : iterable of str
        Which muscles (default all five).

    Returns
    -------
    pandas.DataFrame
        One row per muscle: ``moment_arm_cm``, ``mt_length_cm``, ``fiber_length_norm`` [-],
        ``active_fl`` (the available active-force fraction [-]), ``passive_fl`` [-] and
        ``max_active_moment_nm`` = F0 x f_L x cos(pennation) x moment arm [N m]. With
        ``"opensim"`` the last three come from OpenSim's table (``passive_fl`` is not given).

    Examples
    --------
    >>> state = muscle_state(60, knee_deg=0).set_index("muscle")
    >>> bool(state.loc["rectus_femoris", "active_fl"] < 0.2 < state.loc["psoas", "active_fl"])
    True
    """
    return _states(np.atleast_1d(float(hip_deg)), float(knee_deg), curve, muscles)


def _states(hips: np.ndarray, knee_deg: float, curve: str, muscles: Iterable[str]) -> pd.DataFrame:
    """:func:`muscle_state` rows for many hip angles at one knee angle (vectorised)."""
    if curve not in OPERATING_POINT_SOURCES:
        raise ParameterError(
            f"unknown curve {curve!r}; expected one of {', '.join(OPERATING_POINT_SOURCES)}"
        )
    if curve == "opensim" and knee_deg not in (0.0, 90.0):
        raise ParameterError("OpenSim operating points are tabulated at knee 0 and 90 deg only")
    params = muscle_parameters()
    frames = []
    for muscle in muscles:
        _check_muscle(muscle)
        arm = moment_arm(muscle, hips, knee_deg)
        if curve == "opensim":
            length_norm = _interpolate(muscle, "fiber_length_norm_opensim", hips, knee_deg)
            active = np.clip(_interpolate(muscle, "active_fl_opensim", hips, knee_deg), 0, 1)
            passive = np.full_like(hips, np.nan)
            moment = _interpolate(muscle, "max_moment_nm_opensim", hips, knee_deg)
        else:
            length_norm, cos_pennation = _fiber(muscle, hips, knee_deg)
            active = active_force_length(length_norm, curve)
            passive = passive_force_length(length_norm, curve)
            max_force = float(params.loc[muscle, "max_isometric_force_n"])
            moment = max_force * active * cos_pennation * arm
        frames.append(
            pd.DataFrame(
                {
                    "muscle": muscle,
                    "label": MUSCLE_LABELS[muscle],
                    "hip_deg": hips,
                    "knee_deg": knee_deg,
                    "curve": curve,
                    "moment_arm_cm": arm * 100,
                    "mt_length_cm": mt_length(muscle, hips, knee_deg) * 100,
                    "fiber_length_norm": length_norm,
                    "active_fl": active,
                    "passive_fl": passive,
                    "max_active_moment_nm": moment,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def available_force(
    knee_deg: Iterable[float] = (0.0, 90.0),
    hip_deg: Iterable[float] | None = None,
    curve: str = "millard2012",
    muscles: Iterable[str] = MUSCLES,
) -> pd.DataFrame:
    """Available active-force fraction of each muscle across hip angles: active insufficiency.

    Returns
    -------
    pandas.DataFrame
        :func:`muscle_state` rows for every hip angle (default -30..120 in 5 deg steps) and
        knee angle, plus ``knee`` ("knee straight"/"knee bent 90 deg"-style labels).

    Examples
    --------
    >>> table = available_force(hip_deg=[90]).set_index(["muscle", "knee_deg"])
    >>> round(float(table.loc[("rectus_femoris", 0), "active_fl"]), 2)
    0.1
    >>> round(float(table.loc[("rectus_femoris", 90), "active_fl"]), 2)
    0.8
    """
    hips = np.arange(-30.0, 121.0, 5.0) if hip_deg is None else np.asarray(list(hip_deg), float)
    muscles = tuple(muscles)
    table = pd.concat(
        [_states(hips, float(k), curve, muscles) for k in knee_deg], ignore_index=True
    )
    table["knee"] = np.where(
        table["knee_deg"] == 0,
        "knee straight",
        "knee bent " + table["knee_deg"].map("{:g}".format) + " deg",
    )
    return table


def flexor_capacity(knee_deg: float | None = None) -> pd.DataFrame:
    """Maximal isometric hip-flexion capacity of the whole Rajagopal 2016 model (OpenSim) [N m].

    Adds ``iliopsoas_share`` = psoas + iliacus / all flexors [-]. Tabulated, not computed here:
    it sums every flexor of the model, including adductors and anterior gluteus medius.

    Examples
    --------
    >>> cap = flexor_capacity(0).set_index("hip_deg")
    >>> int(cap.loc[0, "total_flexor_nm"]), round(float(cap.loc[75, "iliopsoas_share"]), 2)
    (214, 0.71)
    """
    table = _csv("muscle_capacity_rajagopal2016.csv").copy()
    table["iliopsoas_share"] = table["psoas_iliacus_nm"] / table["total_flexor_nm"]
    if knee_deg is not None:
        table = table[table["knee_deg"] == knee_deg].reset_index(drop=True)
        if table.empty:
            raise ParameterError("capacity is tabulated at knee 0 and 90 deg only")
    return table


def passive_hip_extension(knee_deg: float | None = None) -> pd.DataFrame:
    """Passive hip moment and iliopsoas / rectus femoris passive force (calibrated model).

    From the RajagopalLaiUhlrich2023 model (OpenSim, tabulated); positive moment = the passive
    tissues pull the hip towards flexion, i.e. they resist extension.

    Examples
    --------
    >>> passive_hip_extension(0).set_index("hip_deg").loc[-30, "psoas_iliacus_force_n"]
    np.int64(567)
    """
    table = _csv("muscle_passive_rajagopal_lai_uhlrich2023.csv").copy()
    if knee_deg is not None:
        table = table[table["knee_deg"] == knee_deg].reset_index(drop=True)
        if table.empty:
            raise ParameterError("passive values are tabulated at knee 0 and 90 deg only")
    return table


def muscle_states(
    hip_deg: Iterable[float],
    knee_deg: Iterable[float] = (0.0,),
    curves: Iterable[str] = ("millard2012",),
    muscles: Iterable[str] = MUSCLES,
) -> pd.DataFrame:
    """:func:`muscle_state` for every combination of curve, knee and hip angle, stacked.

    Parameters
    ----------
    hip_deg : iterable of float
        Hip flexion [deg], -30..120.
    knee_deg : iterable of float
        Knee flexion [deg], 0..90 (exactly 0 or 90 for ``"opensim"``).
    curves : iterable of str
        Items of :data:`OPERATING_POINT_SOURCES`.
    muscles : iterable of str
        Which muscles (default all five).

    Returns
    -------
    pandas.DataFrame
        :func:`muscle_state` rows, ordered by curve, then knee, then hip angle, then muscle.

    Examples
    --------
    >>> table = muscle_states([0, -30], muscles=["psoas"])
    >>> table[["hip_deg", "active_fl"]].round(2).values.tolist()
    [[0.0, 0.93], [-30.0, 0.78]]
    """
    hips, knees, muscles = list(hip_deg), list(knee_deg), tuple(muscles)
    return pd.concat(
        [muscle_state(h, k, c, muscles) for c in curves for k in knees for h in hips],
        ignore_index=True,
    )


def length_change(
    to_hip_deg: float,
    to_knee_deg: float = 90.0,
    from_hip_deg: float = 0.0,
    from_knee_deg: float = 0.0,
    names: tuple[str, str] = ("standing", "seated"),
    muscles: Iterable[str] = ("psoas", "iliacus"),
) -> pd.DataFrame:
    """Muscle-tendon and fibre length in two positions, and how much shorter the second is.

    Parameters
    ----------
    to_hip_deg, to_knee_deg : float
        Hip and knee flexion of the second position [deg] (default: seated, knee 90).
    from_hip_deg, from_knee_deg : float
        Hip and knee flexion of the first position [deg] (default: standing, 0 and 0).
    names : (str, str)
        Names of the two positions, used in the column headers.
    muscles : iterable of str
        Which muscles (default psoas and iliacus).

    Returns
    -------
    pandas.DataFrame
        Indexed by muscle label: ``"<name>: muscle-tendon length [cm]"`` and
        ``"<name>: fibre length / optimal"`` [-] for both positions, and
        ``"shorter when <second name> by [cm]"``.

    Examples
    --------
    >>> table = length_change(90)
    >>> table.index.tolist()
    ['Psoas', 'Iliacus']
    >>> bool((table["shorter when seated by [cm]"] > 0).all())
    True
    """
    first, second = names
    muscles = tuple(muscles)
    start = muscle_state(from_hip_deg, from_knee_deg, muscles=muscles).set_index("label")
    end = muscle_state(to_hip_deg, to_knee_deg, muscles=muscles).set_index("label")
    table = pd.DataFrame(
        {
            f"{first}: muscle-tendon length [cm]": start["mt_length_cm"],
            f"{second}: muscle-tendon length [cm]": end["mt_length_cm"],
            f"{first}: fibre length / optimal": start["fiber_length_norm"],
            f"{second}: fibre length / optimal": end["fiber_length_norm"],
        }
    )
    table[f"shorter when {second} by [cm]"] = start["mt_length_cm"] - end["mt_length_cm"]
    return table


def iliopsoas_share_summary(
    capacity: pd.DataFrame | None = None, knee_deg: float = 0.0, high_hip_deg: float = 110.0
) -> str:
    """One sentence on where the iliopsoas share of flexor capacity peaks and what helps high up.

    Parameters
    ----------
    capacity : pandas.DataFrame, optional
        :func:`flexor_capacity` table (read when omitted).
    knee_deg : float
        Knee flexion [deg], 0 or 90.
    high_hip_deg : float
        A high hip-flexion angle to report [deg], one of the tabulated angles.

    Returns
    -------
    str
        The peak iliopsoas share [%] and its hip angle [deg], the share at ``high_hip_deg`` and
        what sartorius and the front of gluteus medius add there [N m].

    Examples
    --------
    >>> iliopsoas_share_summary()[:45]
    'Knee straight, the iliopsoas share peaks at 7'
    """
    table = flexor_capacity() if capacity is None else capacity
    at_knee = table[table["knee_deg"] == knee_deg].set_index("hip_deg")
    if at_knee.empty or high_hip_deg not in at_knee.index:
        raise ParameterError(
            f"capacity is tabulated at knee 0 and 90 deg and fixed hip angles; "
            f"got knee {knee_deg:g} deg, hip {high_hip_deg:g} deg"
        )
    peak_angle = at_knee["iliopsoas_share"].idxmax()
    high = at_knee.loc[high_hip_deg]
    knee = "Knee straight" if knee_deg == 0 else f"Knee bent {knee_deg:g} deg"
    return (
        f"{knee}, the iliopsoas share peaks at {at_knee.loc[peak_angle, 'iliopsoas_share']:.0%} "
        f"at {peak_angle} deg and falls to {high['iliopsoas_share']:.0%} at {high_hip_deg:g} deg; "
        f"sartorius still adds {high['sartorius_nm']:.0f} N·m and the front of gluteus medius "
        f"{high['gluteus_medius_anterior_nm']:.0f} N·m there."
    )
