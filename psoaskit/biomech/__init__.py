"""Biomechanics of the hip flexors: the leg as levers, external loads, muscles and demand.

Modules, lower to higher: :mod:`~psoaskit.biomech.anthropometry` (segment tables and lengths),
:mod:`~psoaskit.biomech.equipment` (dumbbell, ankle weight, band),
:mod:`~psoaskit.biomech.postures` (leg geometry per posture), :mod:`~psoaskit.biomech.mechanics`
(hip-flexion moments), :mod:`~psoaskit.biomech.hill` (force-length curves),
:mod:`~psoaskit.biomech.muscles` (moment arms, lengths, available force),
:mod:`~psoaskit.biomech.muscle_force` (muscle force from a hip moment),
:mod:`~psoaskit.biomech.path_drawing` (the to-scale drawing of psoas and iliacus),
:mod:`~psoaskit.biomech.pelvis` (the pelvis as a free body),
:mod:`~psoaskit.biomech.torque_angle` (strength against hip angle: model and people),
:mod:`~psoaskit.biomech.demand` (the demand map of the catalogue) and
:mod:`~psoaskit.biomech.emg` (what EMG studies measured, beside the demand map).
"""

from psoaskit.biomech import (
    anthropometry,
    demand,
    emg,
    equipment,
    hill,
    mechanics,
    muscle_force,
    muscles,
    path_drawing,
    pelvis,
    postures,
    torque_angle,
)

__all__ = [
    "anthropometry",
    "demand",
    "emg",
    "equipment",
    "hill",
    "mechanics",
    "muscle_force",
    "muscles",
    "path_drawing",
    "pelvis",
    "postures",
    "torque_angle",
]
