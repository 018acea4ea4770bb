"""Postures and geometry of the leg: where the knee, ankle and centres of mass are.

The leg is two rigid segments (thigh, shank) plus the foot as a point mass at the ankle
(:mod:`psoaskit.biomech.anthropometry`), drawn in the sagittal plane of the body.

Conventions
-----------
* Hip angle: hip flexion [deg], 0 = thigh in line with the trunk, negative = extension.
* Knee angle: knee flexion [deg], 0 = straight.
* Drawing frame: origin at the hip joint centre, ``x`` horizontal, ``y`` up [m]. Supine, the leg
  points along +x at hip 0 deg; standing, it points down (-y) and flexion brings it forward (+x).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from psoaskit.biomech.anthropometry import Body, LowerLimb, length_ratios
from psoaskit.biomech.equipment import AnkleWeight, Band, Dumbbell, Equipment
from psoaskit.errors import ParameterError

__all__ = [
    "POSTURES",
    "PostureModel",
    "anchor_point",
    "check_angles",
    "limb_drawing",
    "limb_points",
    "posture_model",
]


@dataclass(frozen=True)
class PostureModel:
    """How a posture family places the leg in the drawing frame.

    Attributes
    ----------
    name : str
        Posture family (the catalogue's ``posture.model``).
    thigh_neutral_deg : float
        Direction of the thigh at hip 0 deg, anticlockwise from +x [deg].
    flexion_sign : int
        +1 if hip flexion turns the thigh anticlockwise in the drawing, -1 if clockwise.
    gravity_in_plane : bool
        Whether gravity acts in the plane of hip flexion (False when lying or planking on the side).
    floor_under_foot : bool
        Whether a floor at hip level supports the foot (supine: positions with the ankle
        below the hip would rest the foot on the floor).
    description : str
        One line for learners.

    Examples
    --------
    >>> POSTURES["standing"].thigh_neutral_deg, POSTURES["plank"].flexion_sign
    (-90.0, -1)
    """

    name: str
    thigh_neutral_deg: float
    flexion_sign: int
    gravity_in_plane: bool
    floor_under_foot: bool
    description: str

    @property
    def label(self) -> str:
        """The posture's name as people write it.

        Examples
        --------
        >>> POSTURES["half_kneeling"].label, POSTURES["side_plank"].label
        ('Half-kneeling', 'Side plank')
        """
        words = {"side_plank": "side plank"}.get(self.name, self.name.replace("_", "-"))
        return words.capitalize()


#: The posture families the lever-arm model covers, by catalogue ``posture.model`` name.
POSTURES: dict[str, PostureModel] = {
    p.name: p
    for p in (
        PostureModel(
            "supine", 0.0, 1, True, True, "lying on the back; the leg lifts off the floor"
        ),
        PostureModel(
            "standing", -90.0, 1, True, False, "upright; the leg hangs and swings forward"
        ),
        PostureModel(
            "hanging", -90.0, 1, True, False, "hanging from a bar; as standing for the hip"
        ),
        PostureModel(
            "half_kneeling", -90.0, 1, True, False, "trunk upright; the front leg works as standing"
        ),
        PostureModel(
            "plank", 0.0, -1, True, False, "face down on hands; gravity helps the knee in"
        ),
        PostureModel(
            "side_lying", 0.0, 1, False, False, "on the side; the leg moves in a horizontal plane"
        ),
        PostureModel(
            "side_plank", 0.0, 1, False, False, "side plank; the leg moves in a horizontal plane"
        ),
    )
}


def posture_model(posture: str | PostureModel) -> PostureModel:
    """The :class:`PostureModel` named ``posture`` (a model passes through unchanged).

    Raises
    ------
    ValueError
        For a posture the model does not cover, listing those it does.

    Examples
    --------
    >>> posture_model("hanging").gravity_in_plane
    True
    """
    if isinstance(posture, PostureModel):
        return posture
    try:
        return POSTURES[posture]
    except KeyError:
        known = ", ".join(POSTURES)
        raise ParameterError(f"the model has no posture {posture!r}; it covers {known}") from None


def _limb(body: Body | None) -> LowerLimb:
    return (body or Body()).limb


def check_angles(hip_deg: object, knee_deg: object) -> tuple[np.ndarray, np.ndarray]:
    """Hip and knee angles [deg] as broadcast float arrays; clear errors for impossible values.

    Examples
    --------
    >>> [a.shape for a in check_angles([0, 45, 90], 90)]
    [(3,), (3,)]
    """
    hip = np.asarray(hip_deg, dtype=float)
    knee = np.asarray(knee_deg, dtype=float)
    if not (np.all(np.isfinite(hip)) and np.all(np.isfinite(knee))):
        raise ParameterError("hip and knee angles must be finite numbers [deg]")
    if np.any(hip < -60) or np.any(hip > 150):
        raise ParameterError(f"hip angle must be within -60..150 deg, got {hip_deg!r}")
    if np.any(knee < 0) or np.any(knee > 160):
        raise ParameterError(f"knee angle must be within 0..160 deg, got {knee_deg!r}")
    return np.broadcast_arrays(hip, knee)


def limb_points(
    body: Body | None = None,
    hip_deg: float | np.ndarray = 0.0,
    knee_deg: float | np.ndarray = 0.0,
    posture: str | PostureModel = "supine",
) -> dict[str, np.ndarray]:
    """Positions of the knee, ankle and segment centres of mass in the drawing frame.

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    hip_deg, knee_deg : float or array
        Hip and knee flexion [deg]; arrays broadcast.
    posture : str
        A key of :data:`POSTURES`.

    Returns
    -------
    dict
        ``{"knee", "ankle", "thigh_com", "shank_com"}`` each an array ``(..., 2)`` of ``x, y`` [m].

    Examples
    --------
    >>> pts = limb_points(hip_deg=90, knee_deg=90, posture="standing")
    >>> [round(float(v), 3) for v in pts["ankle"]]
    [0.429, -0.43]
    """
    limb = _limb(body)
    model = posture_model(posture)
    hip, knee = check_angles(hip_deg, knee_deg)
    s = model.flexion_sign
    thigh_dir = np.radians(model.thigh_neutral_deg + s * hip)
    shank_dir = thigh_dir - s * np.radians(knee)

    def unit(angle: np.ndarray) -> np.ndarray:
        return np.stack([np.cos(angle), np.sin(angle)], axis=-1)

    knee_xy = limb.thigh.length_m * unit(thigh_dir)
    return {
        "knee": knee_xy,
        "ankle": knee_xy + limb.shank.length_m * unit(shank_dir),
        "thigh_com": limb.thigh.com_m * unit(thigh_dir),
        "shank_com": knee_xy + limb.shank.com_m * unit(shank_dir),
    }


def anchor_point(band: Band, body: Body | None, posture: str | PostureModel) -> np.ndarray:
    """Band anchor ``(x, y)`` in the drawing frame [m] (default: the ankle at hip 0, knee 0).

    Examples
    --------
    >>> anchor_point(Band(100.0), None, "standing").round(3).tolist()
    [0.0, -0.859]
    """
    if band.anchor_m is not None:
        return np.asarray(band.anchor_m, dtype=float)
    return limb_points(body, 0.0, 0.0, posture)["ankle"]


def limb_drawing(
    body: Body | None = None,
    hip_deg: float = 0.0,
    knee_deg: float = 0.0,
    posture: str | PostureModel = "supine",
    equipment: Iterable[Equipment] = (),
) -> pd.DataFrame:
    """Points to draw the leg, its masses and the lever arm of its weight (tidy, for charts).

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
        Columns ``layer`` (trunk, bone, joint, mass, com, lever, note, weight, band, ground),
        ``part``, ``order``, ``x``, ``y`` [m], ``mass_kg`` and ``label``. The ``lever`` segment runs
        from the hip to the vertical ``weight`` line through the limb's centre of mass (``com``):
        its length is the lever arm of the limb's weight.

    Examples
    --------
    >>> drawing = limb_drawing(hip_deg=0, knee_deg=0)
    >>> lever = drawing[drawing["layer"] == "lever"]
    >>> round(float(lever["x"].max()), 3)
    0.37
    """
    if np.ndim(hip_deg) or np.ndim(knee_deg):
        raise ParameterError("limb_drawing takes one hip and one knee angle")
    body = body or Body()
    limb = body.limb
    model = posture_model(posture)
    pts = limb_points(body, hip_deg, knee_deg, model)
    ratios = length_ratios().set_index("measure")["fraction_of_stature"]
    trunk = float(ratios["shoulder_height"] - ratios["hip_height"]) * body.height_m
    trunk_dir = np.radians(model.thigh_neutral_deg + 180.0)
    rows: list[tuple[str, str, int, float, float, float, str]] = []

    def add(
        layer: str, part: str, points: list[np.ndarray], mass: float = 0.0, label: str = ""
    ) -> None:
        for order, (x, y) in enumerate(points):
            rows.append((layer, part, order, float(x), float(y), mass, label))

    origin = np.zeros(2)
    add("trunk", "trunk", [origin, trunk * np.array([np.cos(trunk_dir), np.sin(trunk_dir)])])
    add("bone", "thigh", [origin, pts["knee"]])
    add("bone", "shank", [pts["knee"], pts["ankle"]])
    for name in ("hip", "knee", "ankle"):
        add("joint", name, [origin if name == "hip" else pts[name]], label=name)
    masses = [
        ("thigh", limb.thigh.mass_kg, pts["thigh_com"]),
        ("shank", limb.shank.mass_kg, pts["shank_com"]),
        ("foot", limb.foot_mass_kg, pts["ankle"]),
    ]
    for part, mass, where in masses:
        add("mass", part, [where], mass, f"{part} {mass:.1f} kg")
    for item in equipment:
        if isinstance(item, Dumbbell):
            add("mass", "dumbbell", [pts["knee"]], item.mass_kg, f"dumbbell {item.mass_kg:g} kg")
        elif isinstance(item, AnkleWeight):
            add(
                "mass",
                "ankle weight",
                [pts["ankle"]],
                item.mass_kg,
                f"ankle weight {item.mass_kg:g} kg",
            )
        elif isinstance(item, Band):
            add("band", "band", [pts["ankle"], anchor_point(item, body, model)], label="band")
    if model.gravity_in_plane:
        total = sum(m for _, m, _ in masses)
        com = sum(m * w for _, m, w in masses) / total
        arm = float(com[0])
        text = f"lever arm {abs(arm):.2f} m"
        add("lever", "lever arm", [origin, np.array([arm, 0.0])], label=text)
        side = -1.0 if com[1] >= 0 else 1.0  # label on the side away from the leg
        add("note", "lever arm", [np.array([arm / 2, side * 0.08])], label=text)
        ends = [np.array([arm, 0.0]), com]  # the vertical through the centre of mass
        add("weight", "limb weight", ends, total, "limb weight")
        add("com", "limb centre of mass", [com], total, "limb centre of mass")
    leg = limb.thigh.length_m + limb.shank.length_m
    if model.name == "supine":
        add("ground", "floor", [np.array([-trunk, 0.0]), np.array([leg + 0.05, 0.0])])
    elif model.name in ("standing", "half_kneeling"):
        add("ground", "floor", [np.array([-0.3 * leg, -leg]), np.array([leg, -leg])])
    return pd.DataFrame(rows, columns=["layer", "part", "order", "x", "y", "mass_kg", "label"])
