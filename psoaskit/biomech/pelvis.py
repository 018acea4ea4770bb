"""The pelvis as a free body: what the hip flexors do to it, and what the abdominals must do.

A muscle pulls both its ends. When psoas and iliacus lift the leg with a hip-flexion moment
``M``, they pull the pelvis (and, for psoas, the lumbar spine) towards the thigh with the same
moment ``M`` about the hip: lying on your back, that tilts the pelvis forward (anterior tilt)
and arches the low back off the floor. Something must supply an equal moment the other way to
keep the pelvis still: mainly the abdominal wall, pulling the front of the pelvis towards the
ribs. Its force is ``M / d``, with ``d`` its lever about the hip axis.

The model holds no abdominal muscles, so ``d`` is a parameter; the tables give the force for a
range of levers. The flexor forces on the pelvis use the to-scale lines of pull of
:func:`psoaskit.biomech.path_drawing.path_geometry`, with the moment shared equally between psoas
and iliacus (our assumption; the real split is unknown). The pelvis and lumbar spine are one rigid
body here, the floor's support and the pelvis' weight are left out, and everything is in the
sagittal plane of the pelvis (x forward, y towards the head), hip centre at the origin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from psoaskit.biomech.muscle_force import GRAVITY
from psoaskit.biomech.path_drawing import path_geometry, path_points

__all__ = ["PelvisFreeBody", "abdominal_force", "pelvis_free_body"]


def abdominal_force(moment_nm: float, levers_cm: tuple[float, ...] = (4, 6, 8, 10, 12),
                    body_mass_kg: float = 70.0) -> pd.DataFrame:
    """The abdominal pull that holds the pelvis still against a hip-flexion moment.

    Parameters
    ----------
    moment_nm : float
        Hip-flexion moment of the lifted leg(s) [N m].
    levers_cm : tuple of float
        Levers of the abdominal pull about the hip axis to tabulate [cm].
    body_mass_kg : float
        For the force in body weights [kg].

    Returns
    -------
    pandas.DataFrame
        ``lever_cm`` [cm], ``force_n`` [N] and ``body_weights`` [-].

    Examples
    --------
    >>> abdominal_force(40.0, levers_cm=(8,))["force_n"].tolist()
    [500.0]
    """
    levers = np.asarray(levers_cm, dtype=float)
    force = moment_nm / (levers / 100.0)
    return pd.DataFrame({"lever_cm": levers, "force_n": force,
                         "body_weights": force / (body_mass_kg * GRAVITY)})


@dataclass(frozen=True)
class PelvisFreeBody:
    """The forces on the pelvis (with the lumbar spine) at one hip angle.

    Attributes
    ----------
    moment_nm : float
        Hip-flexion moment held [N m].
    outline : pandas.DataFrame
        ``name``, ``x``, ``y`` of the pelvis landmarks drawn [m].
    forces : pandas.DataFrame
        ``force`` (psoas, iliacus, abdominals, hip joint), ``x``, ``y`` (point of application)
        [m], ``fx``, ``fy``, ``magnitude_n`` [N] and ``moment_nm`` about the hip centre
        (positive = posterior tilt, the pelvis' top rolling back) [N m]; the forces and moments
        sum to zero.
    """

    moment_nm: float
    outline: pd.DataFrame
    forces: pd.DataFrame


def pelvis_free_body(moment_nm: float, hip_deg: float = 0.0,
                     abdominal_lever_cm: float = 8.0) -> PelvisFreeBody:
    """Forces on the pelvis while psoas and iliacus hold ``moment_nm`` at ``hip_deg``.

    Examples
    --------
    >>> body = pelvis_free_body(40.9, hip_deg=0.0)
    >>> table = body.forces.set_index("force")
    >>> round(float(table["moment_nm"].sum()), 9), round(float(table.loc["abdominals", "fy"]))
    (0.0, 511)
    """
    geometry = path_geometry(hip_deg)
    points = path_points().set_index("name")
    hip = points.loc["hip_centre", ["x", "y"]].to_numpy(float)
    outline = pd.DataFrame(
        [{"name": name, "x": points.loc[key, "x"] - hip[0], "y": points.loc[key, "y"] - hip[1]}
         for name, key in (("ASIS", "ASIS"), ("lumbar joint", "lumbar_joint"), ("PSIS", "PSIS"),
                           ("hip centre", "hip_centre"))])
    rows = []
    for r in geometry.moment_arms.itertuples():
        start = np.array([r.line_x0, r.line_y0])
        direction = np.array([r.line_x1, r.line_y1]) - start
        direction /= float(np.hypot(*direction))
        magnitude = (moment_nm / 2.0) / (abs(r.moment_arm_cm) / 100.0)  # equal shares
        force = magnitude * direction  # pulls the pelvis towards the femur
        rows.append({"force": r.muscle, "x": start[0], "y": start[1], "fx": force[0],
                     "fy": force[1]})
    lever = abdominal_lever_cm / 100.0
    rows.append({"force": "abdominals", "x": lever, "y": 0.0, "fx": 0.0,
                 "fy": moment_nm / lever})
    forces = pd.DataFrame(rows)
    forces["moment_nm"] = forces["x"] * forces["fy"] - forces["y"] * forces["fx"]
    reaction = -forces[["fx", "fy"]].sum()
    forces.loc[len(forces)] = {"force": "hip joint", "x": 0.0, "y": 0.0, "fx": reaction["fx"],
                               "fy": reaction["fy"], "moment_nm": 0.0}
    forces["magnitude_n"] = np.hypot(forces["fx"], forces["fy"])
    return PelvisFreeBody(moment_nm=moment_nm, outline=outline, forces=forces)
