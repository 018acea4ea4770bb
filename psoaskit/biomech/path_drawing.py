"""Psoas and iliacus drawn to scale from the model's own path points, at any hip angle.

The Rajagopal 2016 model gives each muscle's path as points fixed to the pelvis (origin, and a
point at the pelvic brim) and to the femur (at the lesser trochanter), with a cylinder at the
brim that the path wraps over (``data/muscle_path_points_rajagopal2016.csv``). In the sagittal
plane, with the hip centre at the origin, :func:`path_geometry` turns the femur by the hip angle,
wraps each path over its brim circle when the straight path would cut into it, and finds the
*moment arm*: the perpendicular distance from the hip centre to the line along which the muscle
pulls on the femur.

The drawing is a projection: the model's paths and cylinders are three-dimensional, so the
sagittal moment arm here differs somewhat from the model's own (``moment_arm``), which the
result reports beside it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from psoaskit._data import read_text
from psoaskit.biomech.muscles import HIP_RANGE_DEG, moment_arm

__all__ = ["PathGeometry", "path_geometry", "path_points"]

_MUSCLES = ("psoas", "iliacus")
_ARC_POINTS = 12


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text("muscle_path_points_rajagopal2016.csv")),
                       comment="#")


def path_points() -> pd.DataFrame:
    """The tabulated path points, brim circles and joint centres, with their source.

    Examples
    --------
    >>> table = path_points()
    >>> sorted(table["kind"].unique())
    ['joint', 'marker', 'path_point', 'wrap_circle']
    """
    return _table().copy()


@dataclass(frozen=True)
class PathGeometry:
    """Everything :func:`path_geometry` computes for one hip angle (metres, hip centre at 0, 0).

    Attributes
    ----------
    hip_deg : float
        Hip flexion [deg].
    paths : pandas.DataFrame
        ``muscle``, ``order``, ``x``, ``y``, ``part`` (``path`` or ``wrap``): each muscle's
        path from origin to insertion, wrap arcs included [m].
    circles : pandas.DataFrame
        ``muscle``, ``x``, ``y``, ``radius`` of the brim circles [m].
    femur : pandas.DataFrame
        ``x``, ``y`` of the hip and knee centres [m].
    moment_arms : pandas.DataFrame
        ``muscle``, ``moment_arm_cm`` (this drawing's, sagittal), ``model_moment_arm_cm``
        (the model's own, 3-D), the line of action ``line_x0``... and the foot of the
        perpendicular ``foot_x``, ``foot_y`` [m]; ``wrapped`` (the path touches the brim).
    """

    hip_deg: float
    paths: pd.DataFrame
    circles: pd.DataFrame
    femur: pd.DataFrame
    moment_arms: pd.DataFrame


def _rotate(xy: np.ndarray, hip_deg: float) -> np.ndarray:
    a = math.radians(hip_deg)
    rotation = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return xy @ rotation.T


def _tangent(point: np.ndarray, centre: np.ndarray, radius: float, side: np.ndarray
             ) -> np.ndarray | None:
    """The tangent point on the circle from ``point``, on the ``side`` direction's half."""
    offset = point - centre
    distance = float(np.hypot(*offset))
    if distance <= radius:
        return None
    spread = math.acos(radius / distance)
    base = math.atan2(offset[1], offset[0])
    candidates = [centre + radius * np.array([math.cos(base + s), math.sin(base + s)])
                  for s in (spread, -spread)]
    return max(candidates, key=lambda t: float((t - centre) @ side))


def _wrap(start: np.ndarray, end: np.ndarray, centre: np.ndarray, radius: float
          ) -> list[np.ndarray] | None:
    """Points of the path from ``start`` to ``end`` around the circle, or None if it is clear."""
    chord = end - start
    length2 = float(chord @ chord)
    t = min(max(float((centre - start) @ chord) / length2, 0.0), 1.0) if length2 else 0.0
    closest = start + t * chord
    gap = closest - centre
    if float(np.hypot(*gap)) >= radius:
        return None
    side = gap if float(np.hypot(*gap)) > 1e-12 else np.array([1.0, 0.0])
    side = side / float(np.hypot(*side))
    first, last = _tangent(start, centre, radius, side), _tangent(end, centre, radius, side)
    if first is None or last is None:
        return None
    a0 = math.atan2(*(first - centre)[::-1])
    a1 = math.atan2(*(last - centre)[::-1])
    # of the two ways round from a0 to a1, the one whose middle faces the side direction
    short = (a1 - a0) % (2 * math.pi)
    sweep = max((short, short - 2 * math.pi),
                key=lambda s: math.cos(a0 + s / 2 - math.atan2(side[1], side[0])))
    angles = a0 + np.linspace(0.0, 1.0, _ARC_POINTS) * sweep
    return [centre + radius * np.array([math.cos(a), math.sin(a)]) for a in angles]


def path_geometry(hip_deg: float, knee_deg: float = 0.0) -> PathGeometry:
    """Psoas and iliacus paths, brim circles, femur and moment arms at one hip angle.

    Parameters
    ----------
    hip_deg : float
        Hip flexion [deg], -30 to 120 (the model's tabulated range).
    knee_deg : float
        Knee flexion [deg], only for the model's own moment arm (one-joint muscles: no effect).

    Returns
    -------
    PathGeometry

    Examples
    --------
    >>> geometry = path_geometry(0.0)
    >>> geometry.moment_arms.set_index("muscle")["model_moment_arm_cm"].round(2).tolist()
    [2.41, 3.46]
    """
    if not HIP_RANGE_DEG[0] <= hip_deg <= HIP_RANGE_DEG[1]:
        raise ValueError(f"hip_deg must be within {HIP_RANGE_DEG[0]:g} to "
                         f"{HIP_RANGE_DEG[1]:g} deg, got {hip_deg:g}")
    table = _table()
    joints = table[table["kind"] == "joint"].set_index("name")
    hip = joints.loc["hip_centre", ["x", "y"]].to_numpy(float)
    knee = _rotate(joints.loc[["knee_centre"], ["x", "y"]].to_numpy(float), hip_deg)[0]
    rows, circles, arms = [], [], []
    for muscle in _MUSCLES:
        mine = table[(table["muscle"] == muscle) & (table["kind"] == "path_point")]
        pelvis = mine[mine["frame"] == "pelvis"][["x", "y"]].to_numpy(float) - hip
        femur = _rotate(mine[mine["frame"] == "femur"][["x", "y"]].to_numpy(float), hip_deg)
        circle = table[(table["muscle"] == muscle) & (table["kind"] == "wrap_circle")].iloc[0]
        centre = np.array([circle["x"], circle["y"]], float) - hip
        radius = float(circle["radius"])
        circles.append({"muscle": muscle, "x": centre[0], "y": centre[1], "radius": radius})
        arc = _wrap(pelvis[-1], femur[0], centre, radius)
        points = [("path", p) for p in pelvis]
        points += [("wrap", p) for p in (arc or [])]
        points += [("path", p) for p in femur]
        rows += [{"muscle": muscle, "order": k, "x": p[0], "y": p[1], "part": part}
                 for k, (part, p) in enumerate(points)]
        start = arc[-1] if arc else pelvis[-1]
        end = femur[0]
        direction = (end - start) / float(np.hypot(*(end - start)))
        foot = start + float((-start) @ direction) * direction  # hip centre is the origin
        # flexion positive: the pull towards the pelvis passes in front of the hip centre
        signed = float(start[1] * direction[0] - start[0] * direction[1])
        arms.append({
            "muscle": muscle,
            "moment_arm_cm": 100.0 * signed,
            "model_moment_arm_cm": 100.0 * float(moment_arm(muscle, hip_deg, knee_deg)),
            "line_x0": start[0], "line_y0": start[1], "line_x1": end[0], "line_y1": end[1],
            "foot_x": foot[0], "foot_y": foot[1], "wrapped": arc is not None,
        })
    return PathGeometry(
        hip_deg=float(hip_deg),
        paths=pd.DataFrame(rows),
        circles=pd.DataFrame(circles),
        femur=pd.DataFrame({"x": [0.0, knee[0]], "y": [0.0, knee[1]], "point": ["hip", "knee"]}),
        moment_arms=pd.DataFrame(arms),
    )
