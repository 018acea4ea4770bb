"""Lever arms of the lower limb: the hip-flexion moment needed to hold or move the leg.

The leg and its postures are in :mod:`psoaskit.biomech.postures` (angles, drawing frame). Gravity
acts
in the plane of hip flexion for lying, standing, hanging and plank postures and out of it when
lying or planking on the side. External loads (:mod:`psoaskit.biomech.equipment`) are point masses
(a
dumbbell resting on the knee, an ankle weight) and an elastic band pulling the ankle towards an
anchor.

Conventions
-----------
* Moment: the net hip-**flexion** moment the muscles must supply [N m]; positive = the load tends
  to extend the hip, so the flexors must work; negative = the load does the flexing.
* Quasi-static unless an angular acceleration is given (then ``I * alpha`` is added).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from psoaskit._compat import renamed_keyword
from psoaskit.biomech.anthropometry import Body, LowerLimb
from psoaskit.biomech.equipment import AnkleWeight, Band, Dumbbell, Equipment
from psoaskit.biomech.postures import (
    PostureModel,
    anchor_point,
    check_angles,
    limb_points,
    posture_model,
)
from psoaskit.errors import ParameterError

__all__ = [
    "G",
    "PositionRow",
    "dumbbell_sweep",
    "hip_flexion_moment",
    "knee_sweep",
    "limb_inertia",
    "limb_lever_arm",
    "moment_contributions",
    "moment_curve",
    "moment_curves",
    "moment_table",
]

#: Standard acceleration of gravity [m/s^2] (3rd CGPM, 1901; ISO 80000-3).
G = 9.80665


def _limb(body: Body | None) -> LowerLimb:
    return (body or Body()).limb


@renamed_keyword("loads", "equipment")
def moment_contributions(
    body: Body | None = None,
    hip_deg: float = 0.0,
    knee_deg: float = 0.0,
    posture: str | PostureModel = "supine",
    equipment: Iterable[Equipment] = (),
) -> pd.DataFrame:
    """What each part of the limb and each load adds to the hip-flexion moment.

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    hip_deg, knee_deg : float
        Hip and knee flexion [deg].
    posture : str
        A key of :data:`POSTURES`.
    loads : iterable of Dumbbell, AnkleWeight or Band
        External loads.

    Returns
    -------
    pandas.DataFrame
        One row per part: ``part``, ``force_n`` (weight or band tension [N]), ``lever_arm_m``
        (moment / force [m]) and ``moment_nm`` (its share of the hip-flexion moment [N m]).

    Examples
    --------
    >>> parts = moment_contributions(hip_deg=0, knee_deg=0, posture="supine")
    >>> parts[["part", "moment_nm"]].round(1).to_dict("list")
    {'part': ['thigh', 'shank', 'foot'], 'moment_nm': [12.7, 19.6, 8.6]}
    """
    if np.ndim(hip_deg) or np.ndim(knee_deg):
        raise ParameterError("moment_contributions takes one hip and one knee angle")
    limb = _limb(body)
    model = posture_model(posture)
    pts = limb_points(body, hip_deg, knee_deg, model)
    s = model.flexion_sign
    rows: list[tuple[str, float, float]] = []  # part, force, moment

    def weight(part: str, mass_kg: float, where: np.ndarray) -> None:
        force = mass_kg * G
        moment = s * force * float(where[0]) if model.gravity_in_plane else 0.0
        rows.append((part, force, moment))

    weight("thigh", limb.thigh.mass_kg, pts["thigh_com"])
    weight("shank", limb.shank.mass_kg, pts["shank_com"])
    weight("foot", limb.foot_mass_kg, pts["ankle"])
    for item in equipment:
        if isinstance(item, Dumbbell):
            weight("dumbbell", item.mass_kg, pts["knee"])
        elif isinstance(item, AnkleWeight):
            weight("ankle weight", item.mass_kg, pts["ankle"])
        elif isinstance(item, Band):
            ankle = pts["ankle"]
            pull = anchor_point(item, body, model) - ankle
            length = float(np.hypot(*pull))
            tension = float(item.tension(length))
            force = pull / length * tension if length > 0 else np.zeros(2)
            torque = float(ankle[0] * force[1] - ankle[1] * force[0])
            rows.append(("band", tension, -s * torque))
        else:
            raise TypeError(f"unknown load {item!r}; use Dumbbell, AnkleWeight or Band")
    frame = pd.DataFrame(rows, columns=["part", "force_n", "moment_nm"])
    safe_force = frame["force_n"].where(frame["force_n"] > 0)
    frame.insert(2, "lever_arm_m", (frame["moment_nm"] / safe_force).fillna(0.0))
    return frame


def limb_inertia(body: Body | None = None, knee_deg: float | np.ndarray = 0.0) -> np.ndarray:
    """Moment of inertia of the limb about the hip for a fixed knee angle [kg m^2].

    Segment inertias about their centres of mass plus the parallel-axis terms; the foot is a
    point mass at the ankle.

    Examples
    --------
    >>> round(float(limb_inertia(knee_deg=0)), 2)
    2.41
    """
    limb = _limb(body)
    pts = limb_points(body, 0.0, knee_deg, "supine")
    total = limb.thigh.inertia_com_kg_m2 + limb.thigh.mass_kg * limb.thigh.com_m**2
    total = total + limb.shank.inertia_com_kg_m2
    total = total + limb.shank.mass_kg * np.sum(pts["shank_com"] ** 2, axis=-1)
    total = total + limb.foot_mass_kg * np.sum(pts["ankle"] ** 2, axis=-1)
    return np.asarray(total)


@renamed_keyword("loads", "equipment")
def hip_flexion_moment(
    body: Body | None = None,
    hip_deg: float | np.ndarray = 0.0,
    knee_deg: float | np.ndarray = 0.0,
    posture: str | PostureModel = "supine",
    equipment: Iterable[Equipment] = (),
    angular_acceleration_deg_s2: float = 0.0,
) -> float | np.ndarray:
    """Net hip-flexion moment the muscles must supply to hold or move the leg [N m].

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    hip_deg, knee_deg : float or array
        Hip and knee flexion [deg]; arrays broadcast.
    posture : str
        A key of :data:`POSTURES` (``"supine"``, ``"standing"``, ``"hanging"``...).
    loads : iterable of Dumbbell, AnkleWeight or Band
        External loads.
    angular_acceleration_deg_s2 : float
        Hip angular acceleration into flexion [deg/s^2]; 0 holds the position (quasi-static).

    Returns
    -------
    float or numpy.ndarray
        Moment [N m]; positive = the flexors must work.

    Examples
    --------
    Straight-leg raise at lift-off and a standing knee raise (70 kg, 1.75 m):

    >>> round(hip_flexion_moment(hip_deg=0, knee_deg=0, posture="supine"), 1)
    40.9
    >>> round(hip_flexion_moment(hip_deg=90, knee_deg=90, posture="standing"), 1)
    30.7
    """
    equipment = tuple(equipment)
    limb = _limb(body)
    model = posture_model(posture)
    hip, knee = check_angles(hip_deg, knee_deg)
    pts = limb_points(body, hip, knee, model)
    s = model.flexion_sign
    total = np.zeros(hip.shape)
    if model.gravity_in_plane:
        point_masses = [
            (limb.thigh.mass_kg, pts["thigh_com"]),
            (limb.shank.mass_kg, pts["shank_com"]),
            (limb.foot_mass_kg, pts["ankle"]),
        ]
        for item in equipment:
            if isinstance(item, Dumbbell):
                point_masses.append((item.mass_kg, pts["knee"]))
            elif isinstance(item, AnkleWeight):
                point_masses.append((item.mass_kg, pts["ankle"]))
        for mass, where in point_masses:
            total = total + s * mass * G * where[..., 0]
    for item in equipment:
        if isinstance(item, Band):
            ankle = pts["ankle"]
            pull = anchor_point(item, body, model) - ankle
            length = np.hypot(pull[..., 0], pull[..., 1])
            tension = np.asarray(item.tension(length))
            with np.errstate(invalid="ignore", divide="ignore"):
                scale = np.where(length > 0, tension / length, 0.0)
            torque = ankle[..., 0] * pull[..., 1] * scale - ankle[..., 1] * pull[..., 0] * scale
            total = total - s * torque
        elif not isinstance(item, Dumbbell | AnkleWeight):
            raise TypeError(f"unknown load {item!r}; use Dumbbell, AnkleWeight or Band")
    if angular_acceleration_deg_s2:
        total = total + limb_inertia(body, knee) * np.radians(angular_acceleration_deg_s2)
    return float(total) if total.ndim == 0 else total


def limb_lever_arm(
    body: Body | None = None,
    hip_deg: float | np.ndarray = 0.0,
    knee_deg: float | np.ndarray = 0.0,
    posture: str | PostureModel = "supine",
) -> float | np.ndarray:
    """Lever arm of the limb's own weight: its gravity moment / its weight [m].

    This is the horizontal distance from the hip to the limb's centre of mass, signed like
    the moment. It is zero for postures where gravity acts out of the plane of flexion.

    Examples
    --------
    >>> round(limb_lever_arm(hip_deg=0, knee_deg=0), 3)
    0.37
    """
    limb = _limb(body)
    moment = hip_flexion_moment(body, hip_deg, knee_deg, posture)
    return moment / (limb.mass_kg * G)


@renamed_keyword("loads", "equipment")
def moment_curve(
    body: Body | None = None,
    posture: str | PostureModel = "supine",
    knee_deg: float = 0.0,
    hip_deg: Iterable[float] | None = None,
    equipment: Iterable[Equipment] = (),
    label: str | None = None,
) -> pd.DataFrame:
    """Hip-flexion moment across hip angles for one posture and knee angle (tidy).

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    posture : str
        A key of :data:`POSTURES`.
    knee_deg : float
        Knee flexion held through the movement [deg].
    hip_deg : iterable of float, optional
        Hip angles [deg]; default -30 to 120 in 5 deg steps.
    loads : iterable of Dumbbell, AnkleWeight or Band
        External loads.
    label : str, optional
        Series name for charts; default ``"<posture>, knee <k> deg"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``series``, ``posture``, ``hip_deg``, ``knee_deg``, ``moment_nm``,
        ``lever_arm_m`` (limb weight only) and ``foot_on_floor`` (supine positions where the
        ankle would be below hip level, so the floor would carry the foot).

    Examples
    --------
    >>> curve = moment_curve(posture="supine", knee_deg=0, hip_deg=[0, 45, 90])
    >>> curve["moment_nm"].round(1).tolist()
    [40.9, 28.9, 0.0]
    """
    model = posture_model(posture)
    equipment = tuple(equipment)
    hips = np.arange(-30.0, 121.0, 5.0) if hip_deg is None else np.asarray(list(hip_deg), float)
    knees = np.full_like(hips, float(knee_deg))
    moments = hip_flexion_moment(body, hips, knees, model, equipment)
    ankle_y = limb_points(body, hips, knees, model)["ankle"][..., 1]
    return pd.DataFrame(
        {
            "series": label or f"{model.name}, knee {knee_deg:g} deg",
            "posture": model.name,
            "hip_deg": hips,
            "knee_deg": knees,
            "moment_nm": np.atleast_1d(moments),
            "lever_arm_m": np.atleast_1d(limb_lever_arm(body, hips, knees, model)),
            "foot_on_floor": model.floor_under_foot & (ankle_y < -1e-9),
        }
    )


#: One named position of :func:`moment_table`: label, posture, hip [deg], knee [deg] and,
#: optionally, a sequence of external loads.
PositionRow = tuple[str, str, float, float] | tuple[str, str, float, float, Sequence[Equipment]]


def moment_table(body: Body | None, rows: Iterable[PositionRow]) -> pd.DataFrame:
    """Hip-flexion moment for a list of named positions, one row each.

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    rows : iterable of tuple
        ``(position, posture, hip_deg, knee_deg)`` or ``(position, posture, hip_deg, knee_deg,
        loads)``: a label, a key of :data:`POSTURES`, hip and knee flexion [deg] and external
        loads (Dumbbell, AnkleWeight or Band).

    Returns
    -------
    pandas.DataFrame
        Columns ``position``, ``posture``, ``hip_deg`` [deg], ``knee_deg`` [deg] and
        ``moment_nm`` (moment the flexors must supply [N m]), in the order of ``rows``.

    Examples
    --------
    >>> table = moment_table(None, [("SLR lift-off", "supine", 0, 0),
    ...                             ("knee raise", "standing", 90, 90)])
    >>> table["moment_nm"].round(1).tolist()
    [40.9, 30.7]
    """
    records = []
    for row in rows:
        if len(row) not in (4, 5):
            raise ParameterError(
                f"position row {row!r} must be (position, posture, hip_deg, knee_deg[, loads])"
            )
        label, posture, hip, knee = row[:4]
        equipment = tuple(row[4]) if len(row) == 5 else ()
        moment = hip_flexion_moment(body, hip, knee, posture, equipment)
        records.append((label, posture, hip, knee, moment))
    columns = ["position", "posture", "hip_deg", "knee_deg", "moment_nm"]
    return pd.DataFrame(records, columns=columns)


def dumbbell_sweep(
    body: Body | None,
    dumbbell_kg: Iterable[float],
    hip_deg: float = 100.0,
    knee_deg: float = 90.0,
    posture: str | PostureModel = "standing",
) -> pd.DataFrame:
    """Hip-flexion moment for a range of dumbbell masses resting on the knee.

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    dumbbell_kg : iterable of float
        Dumbbell masses [kg].
    hip_deg, knee_deg : float
        Hip and knee flexion held [deg]; default the standing slumpy psoas (100, 90).
    posture : str
        A key of :data:`POSTURES`.

    Returns
    -------
    pandas.DataFrame
        Columns ``dumbbell_kg`` [kg] and ``moment_nm`` [N m].

    Examples
    --------
    >>> dumbbell_sweep(None, [0.0, 5.0])["moment_nm"].round(1).tolist()
    [32.0, 52.7]
    """
    masses = [float(m) for m in dumbbell_kg]
    moments = [
        float(hip_flexion_moment(body, hip_deg, knee_deg, posture, [Dumbbell(m)])) for m in masses
    ]
    return pd.DataFrame({"dumbbell_kg": masses, "moment_nm": moments})


def knee_sweep(
    body: Body | None,
    knee_deg: Iterable[float],
    settings: Iterable[tuple[str, float]],
) -> pd.DataFrame:
    """Hip-flexion moment across knee angles, one column per (posture, hip angle).

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    knee_deg : iterable of float
        Knee flexion [deg], one row each.
    settings : iterable of (str, float)
        ``(posture, hip_deg)`` pairs: a key of :data:`POSTURES` and the hip flexion held [deg].

    Returns
    -------
    pandas.DataFrame
        ``knee_deg`` [deg] and one column ``"<posture>, hip <h> deg: moment [N·m]"`` per setting.

    Examples
    --------
    >>> table = knee_sweep(None, [90, 0], [("standing", 90)])
    >>> table["standing, hip 90 deg: moment [N·m]"].round(1).tolist()
    [30.7, 40.9]
    """
    knees = list(knee_deg)
    table = pd.DataFrame({"knee_deg": knees})
    for posture, hip in settings:
        column = f"{posture_model(posture).name}, hip {hip:g} deg: moment [N·m]"
        table[column] = [float(hip_flexion_moment(body, hip, k, posture)) for k in knees]
    return table


def moment_curves(
    body: Body | None,
    specs: Iterable[tuple[str, float, str]],
    hip_deg: Iterable[float] | None = None,
) -> pd.DataFrame:
    """Several :func:`moment_curve` series stacked into one tidy table (for one chart).

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    specs : iterable of (str, float, str)
        ``(posture, knee_deg, label)``: a key of :data:`POSTURES`, the knee flexion held [deg]
        and the series name.
    hip_deg : iterable of float, optional
        Hip angles [deg]; default -30 to 120 in 5 deg steps.

    Returns
    -------
    pandas.DataFrame
        The :func:`moment_curve` columns, series after series.

    Examples
    --------
    >>> curves = moment_curves(None, [("supine", 0, "SLR"), ("supine", 90, "march")], [0, 90])
    >>> curves.groupby("series", sort=False)["moment_nm"].max().round(1).to_dict()
    {'SLR': 40.9, 'march': 30.7}
    """
    hips = None if hip_deg is None else list(hip_deg)
    return pd.concat(
        [moment_curve(body, posture, knee, hips, label=label) for posture, knee, label in specs],
        ignore_index=True,
    )
