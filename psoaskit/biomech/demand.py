"""The exercise demand map: each catalogue exercise's hip range and peak hip-flexion moment.

For every exercise whose posture family the lever-arm model covers
(:data:`psoaskit.biomech.postures.POSTURES`) the map gives the hip-angle range the exercise works
through
and the largest hip-flexion moment the leg and its external loads ask of the flexors in that
range, for one body. Exercises the model cannot cover (soft-tissue work, stretches, glute
squeezes, fast ballistic drills, self-resisted holds) are listed with the reason instead of a
number.

Assumptions, stated once:

* The catalogue gives a hip range and a knee range. When both span values, hip and knee are
  assumed to change together (knee at its minimum at the lowest hip angle, at its maximum at
  the highest), as in a knee raise.
* Supine, positions in which the ankle would be below the hip are skipped: the foot would be
  resting on the floor, which then carries the leg.
* Loads: a dumbbell mass applies to exercises that list a dumbbell, a band to those that list
  a resistance band. An exercise whose load is a band nobody described is placed with its
  gravity load only and says so; if gravity gives it no flexion demand at all, it is listed
  as not modelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.equipment import Band, Dumbbell, Equipment
from psoaskit.biomech.mechanics import PositionRow, hip_flexion_moment, moment_table
from psoaskit.biomech.muscles import flexor_capacity
from psoaskit.biomech.postures import POSTURES, limb_points
from psoaskit.catalogue.exercises import Catalogue, Exercise, read_catalogue
from psoaskit.errors import ParameterError

__all__ = [
    "DemandMap",
    "NotModelled",
    "demand_map",
    "demand_vs_capacity",
    "exercise_demand",
    "safety_notes",
]

_BAND_EQUIPMENT = "resistance band"
_DUMBBELL_EQUIPMENT = "dumbbell"

_REASONS = {
    "soft_tissue": "soft-tissue technique: it presses on the muscle instead of loading hip flexion",
    "stretch": "a stretch: the hip flexors are lengthened, not working against a load",
}
_SIDE_LYING_REASON = (
    "the leg moves in a horizontal plane, so gravity makes no hip-flexion moment; the flexor "
    "effort is a push against your own leg, so its size is whatever you choose"
)
_BAND_ONLY_REASONS = {
    False: "the leg moves in a horizontal plane, so gravity does not load the hip flexors; the "
    "load is the band alone: pass band=Band(...) to place it",
    True: "in this posture gravity helps the hip flex, so the load is the band alone: pass "
    "band=Band(...) to place it",
}


class NotModelled(Exception):
    """The model cannot give this exercise a hip-flexion demand; ``str()`` is the reason."""


@dataclass(frozen=True)
class DemandMap:
    """Result of :func:`demand_map`.

    Attributes
    ----------
    modelled : pandas.DataFrame
        One row per modelled exercise: ``id``, ``name``, ``level`` (may be missing),
        ``ladder`` (level label or "not on the ladder"), ``posture``, ``hip_min_deg``,
        ``hip_max_deg``, ``knee_min_deg``, ``knee_max_deg``, ``peak_moment_nm``,
        ``hip_at_peak_deg``, ``knee_at_peak_deg``, ``loads`` and ``note``.
    not_modelled : pandas.DataFrame
        ``id``, ``name``, ``level``, ``posture`` and ``reason``.
    body : Body
        The body the moments were computed for.

    Examples
    --------
    >>> dm = demand_map(Body(80, 1.80))
    >>> dm.body.mass_kg, "controlled_straight_leg_raise" in set(dm.modelled["id"])
    (80, True)
    """

    modelled: pd.DataFrame
    not_modelled: pd.DataFrame
    body: Body


def _path(exercise: Exercise) -> tuple[np.ndarray, np.ndarray]:
    hip, knee = exercise.posture.hip_deg, exercise.posture.knee_deg
    steps = max(2, int(np.ceil(hip.max - hip.min)) + 1) if hip.max > hip.min else 1
    fraction = np.linspace(0.0, 1.0, steps)
    return hip.min + fraction * (hip.max - hip.min), knee.min + fraction * (knee.max - knee.min)


def exercise_demand(
    exercise: Exercise,
    body: Body | None = None,
    band: Band | None = None,
    dumbbell_kg: float = 0.0,
) -> dict[str, object]:
    """Hip range and peak hip-flexion moment of one exercise.

    Parameters
    ----------
    exercise : Exercise
        A catalogue entry.
    body : Body, optional
        The person (default 70 kg, 1.75 m, Winter tables).
    band : Band, optional
        The band, for exercises that use one.
    dumbbell_kg : float
        Dumbbell mass for exercises that use one [kg].

    Returns
    -------
    dict
        One row of :attr:`DemandMap.modelled`.

    Raises
    ------
    NotModelled
        With the reason, when the model cannot give this exercise a number.

    Examples
    --------
    >>> row = exercise_demand(read_catalogue()["controlled_straight_leg_raise"])
    >>> round(row["peak_moment_nm"], 1), row["hip_at_peak_deg"]
    (40.9, 0.0)
    """
    body = body or Body()
    model = exercise.posture.model
    if model == "none":
        raise NotModelled(_REASONS.get(exercise.contraction, exercise.posture.note))
    if model == "side_lying":
        raise NotModelled(_SIDE_LYING_REASON)
    posture = POSTURES[model]
    equipment: list[Equipment] = []
    notes: list[str] = []
    if _DUMBBELL_EQUIPMENT in exercise.equipment:
        if dumbbell_kg > 0:
            equipment.append(Dumbbell(dumbbell_kg))
        else:
            notes.append("dumbbell not included (set dumbbell_kg)")
    uses_band = _BAND_EQUIPMENT in exercise.equipment
    if uses_band and band is not None:
        equipment.append(band)
    hips, knees = _path(exercise)
    if posture.floor_under_foot:
        off_floor = limb_points(body, hips, knees, posture)["ankle"][..., 1] >= -1e-9
        if not off_floor.any():
            raise NotModelled("in every position of its range the foot rests on the floor")
        if not off_floor.all():
            notes.append(
                f"positions below {hips[off_floor].min():.0f} deg rest the foot on the floor"
            )
        hips, knees = hips[off_floor], knees[off_floor]
    moments = np.atleast_1d(hip_flexion_moment(body, hips, knees, posture, equipment))
    peak = int(np.argmax(moments))
    if uses_band and band is None:
        if moments[peak] <= 0 or not posture.gravity_in_plane:
            raise NotModelled(_BAND_ONLY_REASONS[posture.gravity_in_plane])
        notes.append("band tension not included (pass band=...)")
    return {
        "id": exercise.id,
        "name": exercise.name,
        "level": exercise.level,
        "ladder": f"level {exercise.level}" if exercise.level else "not on the ladder",
        "posture": model,
        "hip_min_deg": exercise.posture.hip_deg.min,
        "hip_max_deg": exercise.posture.hip_deg.max,
        "knee_min_deg": exercise.posture.knee_deg.min,
        "knee_max_deg": exercise.posture.knee_deg.max,
        "peak_moment_nm": float(moments[peak]),
        "hip_at_peak_deg": float(hips[peak]),
        "knee_at_peak_deg": float(knees[peak]),
        "equipment": ", ".join(_describe(item) for item in equipment) or "own leg only",
        "note": "; ".join(notes),
    }


def _describe(item: Equipment) -> str:
    if isinstance(item, Dumbbell):
        return f"{item.mass_kg:g} kg dumbbell on the knee"
    if isinstance(item, Band):
        return f"band {item.stiffness_n_per_m:g} N/m"
    return f"{item.mass_kg:g} kg ankle weight"


def demand_map(
    body: Body | None = None,
    catalogue: Catalogue | None = None,
    band: Band | None = None,
    dumbbell_kg: float = 0.0,
) -> DemandMap:
    """Place every catalogue exercise on hip-angle x peak-moment axes, or say why not.

    Parameters
    ----------
    body : Body, optional
        The person (default 70 kg, 1.75 m, Winter tables).
    catalogue : Catalogue, optional
        Default: the packaged catalogue.
    band : Band, optional
        Band used by the exercises that list a resistance band.
    dumbbell_kg : float
        Dumbbell mass for the exercises that list a dumbbell [kg].

    Returns
    -------
    DemandMap

    Examples
    --------
    >>> dm = demand_map()
    >>> "standing_glute_contraction" in set(dm.not_modelled["id"])
    True
    >>> len(dm.modelled) + len(dm.not_modelled) == len(read_catalogue())
    True
    """
    body = body or Body()
    catalogue = catalogue if catalogue is not None else read_catalogue()
    placed, skipped = [], []
    for exercise in catalogue.values():
        try:
            placed.append(exercise_demand(exercise, body, band, dumbbell_kg))
        except NotModelled as reason:
            skipped.append(
                {
                    "id": exercise.id,
                    "name": exercise.name,
                    "level": exercise.level,
                    "posture": exercise.posture.model,
                    "reason": str(reason),
                }
            )
    modelled = pd.DataFrame(placed, columns=_MODELLED_COLUMNS)
    not_modelled = pd.DataFrame(skipped, columns=["id", "name", "level", "posture", "reason"])
    for frame in (modelled, not_modelled):
        frame["level"] = frame["level"].astype("Int64")
    return DemandMap(modelled=modelled, not_modelled=not_modelled, body=body)


_MODELLED_COLUMNS = [
    "id",
    "name",
    "level",
    "ladder",
    "posture",
    "hip_min_deg",
    "hip_max_deg",
    "knee_min_deg",
    "knee_max_deg",
    "peak_moment_nm",
    "hip_at_peak_deg",
    "knee_at_peak_deg",
    "equipment",
    "note",
]


def safety_notes(
    exercise_ids: list[str] | None = None, catalogue: Catalogue | None = None
) -> pd.DataFrame:
    """The sources' safety notes for the exercises shown: the common ones, then each exercise's own.

    Parameters
    ----------
    exercise_ids : list of str, optional
        Exercises on show (default: none, only the common notes).
    catalogue : Catalogue, optional
        Default: the packaged catalogue.

    Returns
    -------
    pandas.DataFrame
        ``applies_to`` ("every exercise" or an exercise name) and ``note``.

    Examples
    --------
    >>> notes = safety_notes(["front_support_hip_flexion"])
    >>> notes["applies_to"].tolist()[-1]
    'Front Support Hip Flexion with Resistance'
    """
    catalogue = catalogue if catalogue is not None else read_catalogue()
    rows = [("every exercise", note) for note in catalogue.safety_common]
    for exercise_id in exercise_ids or []:
        exercise = catalogue[exercise_id]
        rows.extend((exercise.name, note) for note in exercise.safety)
    return pd.DataFrame(rows, columns=["applies_to", "note"])


def demand_vs_capacity(
    body: Body | None,
    rows: Iterable[PositionRow],
    capacity: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The leg's hip-flexion demand in named positions against the model's flexor capacity.

    Parameters
    ----------
    body : Body, optional
        The person (default: 70 kg, 1.75 m, Winter tables).
    rows : iterable of tuple
        ``(position, posture, hip_deg, knee_deg[, loads])`` as for
        :func:`psoaskit.biomech.mechanics.moment_table`; knee 0 or 90 [deg] and a hip angle [deg]
        tabulated in the capacity table.
    capacity : pandas.DataFrame, optional
        :func:`psoaskit.biomech.muscles.flexor_capacity` table (read when omitted).

    Returns
    -------
    pandas.DataFrame
        ``position``, ``posture``, ``hip_deg``, ``knee_deg``, ``demand_nm`` [N m],
        ``model_capacity_nm`` (all flexors [N m]), ``iliopsoas_max_nm`` (psoas + iliacus [N m])
        and ``demand_share_of_capacity`` (demand / capacity [-]).

    Examples
    --------
    >>> table = demand_vs_capacity(None, [("SLR lift-off", "supine", 0, 0)])
    >>> table[["demand_nm", "model_capacity_nm"]].round(1).values.tolist()
    [[40.9, 214.0]]
    """
    table = moment_table(body, rows).rename(columns={"moment_nm": "demand_nm"})
    cap = (flexor_capacity() if capacity is None else capacity).set_index(["knee_deg", "hip_deg"])
    keys = list(zip(table["knee_deg"], table["hip_deg"], strict=True))
    missing = [key for key in keys if key not in cap.index]
    if missing:
        raise ParameterError(
            "capacity is not tabulated at (knee_deg, hip_deg) "
            + ", ".join(f"({k:g}, {h:g})" for k, h in missing)
        )
    table["model_capacity_nm"] = [float(cap.loc[key, "total_flexor_nm"]) for key in keys]
    table["iliopsoas_max_nm"] = [float(cap.loc[key, "psoas_iliacus_nm"]) for key in keys]
    table["demand_share_of_capacity"] = table["demand_nm"] / table["model_capacity_nm"]
    return table
