"""Muscle force from a hip moment: F = M / r, with the model's moment arms.

A hip-flexion moment ``M`` [N m] held by one muscle with moment arm ``r`` [m] needs a tendon
force ``F = M / r`` [N]. Moment arms of a few centimetres turn moments of tens of newton-metres
into forces of the order of a kilonewton, one to several body weights. In a real hip the flexors
share the moment, so each carries less; how they share it is not known from the mechanics
alone. The tables give each muscle's force *as if it held the moment alone*, an upper bound for
that muscle and the scale of what the flexors together deliver.

Moment arms are those of the Rajagopal 2016 model (:func:`psoaskit.biomech.muscles.moment_arm`),
tabulated for hip -30 to 120 deg and knee 0 to 90 deg.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.demand import demand_map
from psoaskit.biomech.muscles import HIP_RANGE_DEG, MUSCLE_LABELS, MUSCLES, moment_arm

__all__ = ["GRAVITY", "exercise_forces", "force_for_moment"]

#: Standard gravity, for forces in body weights [m/s2].
GRAVITY = 9.81
#: Moment arms shorter than this give no meaningful force (the muscle is about at the joint) [m].
_MIN_ARM_M = 0.005
_KNEE_RANGE_DEG = (0.0, 90.0)


def _tabulated(hip_deg: float, knee_deg: float) -> bool:
    return (HIP_RANGE_DEG[0] <= hip_deg <= HIP_RANGE_DEG[1]
            and _KNEE_RANGE_DEG[0] <= knee_deg <= _KNEE_RANGE_DEG[1])


def force_for_moment(
    moment_nm: float,
    hip_deg: float,
    knee_deg: float = 0.0,
    body_mass_kg: float = 70.0,
    muscles: tuple[str, ...] = MUSCLES,
) -> pd.DataFrame:
    """Each flexor's force if it alone held a hip-flexion moment.

    Parameters
    ----------
    moment_nm : float
        Hip-flexion moment to hold [N m].
    hip_deg, knee_deg : float
        Hip and knee flexion [deg] (hip -30 to 120, knee 0 to 90).
    body_mass_kg : float
        Body mass, for the force in body weights [kg].
    muscles : tuple of str
        Muscles of :data:`psoaskit.biomech.muscles.MUSCLES`.

    Returns
    -------
    pandas.DataFrame
        ``muscle``, ``label``, ``moment_arm_cm`` [cm], ``force_n`` [N] and ``body_weights``
        [-]; force NaN where the moment arm is under 0.5 cm (the muscle passes about through
        the joint and could not hold the moment at all).

    Examples
    --------
    >>> table = force_for_moment(40.9, hip_deg=0, knee_deg=0).set_index("muscle")
    >>> table.loc[["psoas", "iliacus"], "force_n"].round(-1).tolist()  # 40.9 / 0.0241, / 0.0346
    [1700.0, 1180.0]
    """
    if not _tabulated(hip_deg, knee_deg):
        raise ValueError(
            f"moment arms are tabulated for hip {HIP_RANGE_DEG[0]:g} to {HIP_RANGE_DEG[1]:g} deg "
            f"and knee 0 to 90 deg; got hip {hip_deg:g}, knee {knee_deg:g}"
        )
    arms = np.array([float(moment_arm(m, hip_deg, knee_deg)) for m in muscles])
    with np.errstate(divide="ignore"):
        force = np.where(arms >= _MIN_ARM_M, moment_nm / np.maximum(arms, _MIN_ARM_M), np.nan)
    return pd.DataFrame(
        {
            "muscle": list(muscles),
            "label": [MUSCLE_LABELS[m] for m in muscles],
            "moment_arm_cm": arms * 100.0,
            "force_n": force,
            "body_weights": force / (body_mass_kg * GRAVITY),
        }
    )


def exercise_forces(body: Body | None = None, **loads: object) -> pd.DataFrame:
    """For every exercise the demand map places: the psoas and iliacus force at its peak moment.

    Parameters
    ----------
    body : Body, optional
        The person (default 70 kg, 1.75 m).
    **loads
        ``band`` and ``dumbbell_kg`` as for :func:`psoaskit.biomech.demand.demand_map`.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``name``, ``equipment`` (own leg only unless a load is passed to the demand
        map), ``peak_moment_nm`` [N m], ``hip_deg``, ``knee_deg`` [deg] at the
        peak, ``psoas_force_n`` and ``iliacus_force_n`` (each as if alone) [N] and
        ``body_weights_range`` (the smaller and larger of the two, in body weights, as text);
        forces NaN where the peak lies outside the tabulated moment arms (``note`` says so).

    Examples
    --------
    >>> forces = exercise_forces().set_index("id")
    >>> forces.loc["controlled_straight_leg_raise", "body_weights_range"]
    '1.7-2.5'
    """
    body = body or Body()
    modelled = demand_map(body, **loads).modelled  # type: ignore[arg-type]
    rows = []
    for r in modelled.itertuples():
        row = {"id": r.id, "name": r.name, "equipment": r.equipment,
               "peak_moment_nm": r.peak_moment_nm,
               "hip_deg": r.hip_at_peak_deg, "knee_deg": r.knee_at_peak_deg,
               "psoas_force_n": np.nan, "iliacus_force_n": np.nan, "body_weights_range": "",
               "note": ""}
        if _tabulated(r.hip_at_peak_deg, r.knee_at_peak_deg):
            table = force_for_moment(r.peak_moment_nm, r.hip_at_peak_deg, r.knee_at_peak_deg,
                                     body.mass_kg, ("psoas", "iliacus")).set_index("muscle")
            row["psoas_force_n"] = table.loc["psoas", "force_n"]
            row["iliacus_force_n"] = table.loc["iliacus", "force_n"]
            weights = table["body_weights"].dropna()
            if len(weights):
                row["body_weights_range"] = f"{weights.min():.1f}-{weights.max():.1f}"
            if weights.size < 2:
                row["note"] = "a moment arm under 0.5 cm: that muscle cannot hold it alone"
        else:
            row["note"] = "peak outside the tabulated moment arms (knee above 90 deg)"
        rows.append(row)
    return pd.DataFrame(rows)
