"""Hip-flexion strength against hip angle: the model's active and passive moments, and people.

Three things are easy to mix up when asking whether the flexors are weak in deep flexion:

* the model's **active** capacity: the largest hip-flexion moment all flexors of the Rajagopal
  2016 model can add at full activation (:func:`psoaskit.biomech.muscles.flexor_capacity`);
* the **passive** moment of the stretched tissues in the calibrated RajagopalLaiUhlrich2023
  model (:func:`psoaskit.biomech.muscles.passive_hip_extension`): positive helps flexion, as
  in hip extension where the flexors are stretched, negative opposes it, as when the hamstrings
  are stretched by deep flexion with a straight knee;
* the **net** moment a person in the model could hold, active plus passive; and what was
  **measured in people** (Ito et al. 2024, ``data/hip_flexion_strength_angle_ito2024.csv``: the
  order of the angles tested, not the values).
"""

from __future__ import annotations

import io
from functools import cache

import pandas as pd

from psoaskit._data import read_text
from psoaskit.biomech.muscles import flexor_capacity, passive_hip_extension
from psoaskit.catalogue.exercises import Catalogue, read_catalogue
from psoaskit.errors import ParameterError

__all__ = ["hold_shares", "hold_shares_verdict", "measured_strength_order", "model_torque_angle"]


@cache
def _measured() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text("hip_flexion_strength_angle_ito2024.csv")),
                       comment="#", dtype={"rank_in_study": "Int64"})


def measured_strength_order() -> pd.DataFrame:
    """The hip angles at which Ito et al. (2024) measured maximal flexion strength, in order.

    Returns
    -------
    pandas.DataFrame
        ``hip_deg`` [deg], ``rank_in_study`` (1 = lowest, 5 = highest, NA where the abstract
        gives no order), ``finding`` and ``source``.

    Examples
    --------
    >>> order = measured_strength_order().set_index("rank_in_study")
    >>> int(order.loc[1, "hip_deg"]), int(order.loc[5, "hip_deg"])
    (0, 105)
    """
    return _measured().copy()


def model_torque_angle(knee_deg: float | None = None) -> pd.DataFrame:
    """The model's active, passive and net hip-flexion moment at the angles both tables share.

    Parameters
    ----------
    knee_deg : float, optional
        0 or 90 [deg]; both when omitted.

    Returns
    -------
    pandas.DataFrame
        ``knee_deg``, ``hip_deg`` [deg]; ``active_nm`` (all flexors, full activation),
        ``iliopsoas_nm`` (psoas + iliacus), ``iliopsoas_share`` [-], ``passive_nm`` (positive
        helps flexion) and ``net_nm`` = active + passive [N m].

    Examples
    --------
    >>> table = model_torque_angle(0).set_index("hip_deg")
    >>> table.loc[90, ["active_nm", "passive_nm", "net_nm"]].round(1).tolist()
    [91.0, -145.9, -54.9]
    """
    active = flexor_capacity(knee_deg)
    passive = passive_hip_extension(knee_deg)
    table = active.merge(passive, on=["knee_deg", "hip_deg"], how="inner")
    out = pd.DataFrame(
        {
            "knee_deg": table["knee_deg"],
            "hip_deg": table["hip_deg"],
            "active_nm": table["total_flexor_nm"].astype(float),
            "iliopsoas_nm": table["psoas_iliacus_nm"].astype(float),
            "iliopsoas_share": table["iliopsoas_share"],
            "passive_nm": table["net_passive_moment_nm"].astype(float),
        }
    )
    out["net_nm"] = out["active_nm"] + out["passive_nm"]
    return out.sort_values(["knee_deg", "hip_deg"], ignore_index=True)


def hold_shares(levels: tuple[int, ...] = (1, 2, 3, 4, 5),
                catalogue: Catalogue | None = None) -> pd.DataFrame:
    """The iliopsoas share of the model's flexor capacity across each level hold's hip range.

    Each hold is evaluated as catalogued: at the knee angle and over the hip range its
    catalogue entry gives, at the tabulated hip angles inside that range.

    Parameters
    ----------
    levels : tuple of int
        Catalogue levels to include.
    catalogue : Catalogue, optional
        Default: the packaged catalogue.

    Returns
    -------
    pandas.DataFrame
        ``level``, ``id``, ``name``, ``knee_deg``, ``hip_deg`` [deg], ``active_nm``,
        ``iliopsoas_nm`` [N m] and ``iliopsoas_share`` [-], one row per hold and hip angle.

    Examples
    --------
    >>> shares = hold_shares((5,))
    >>> shares["hip_deg"].tolist(), shares["iliopsoas_share"].round(2).tolist()
    ([90, 100, 110, 120], [0.43, 0.39, 0.31, 0.15])
    """
    catalogue = catalogue if catalogue is not None else read_catalogue()
    capacity = flexor_capacity()
    rows = []
    for exercise in catalogue.values():
        if exercise.level not in levels:
            continue
        knee = exercise.posture.knee_deg
        if knee.min != knee.max or knee.min not in set(capacity["knee_deg"]):
            raise ParameterError(
                f"{exercise.id}: capacity is tabulated at knee 0 and 90 deg only, "
                f"the hold is catalogued at knee {knee.min:g}-{knee.max:g} deg"
            )
        hip = exercise.posture.hip_deg
        inside = capacity[(capacity["knee_deg"] == knee.min)
                          & capacity["hip_deg"].between(hip.min, hip.max)]
        rows.extend(
            {
                "level": exercise.level,
                "id": exercise.id,
                "name": exercise.name,
                "knee_deg": knee.min,
                "hip_deg": int(r.hip_deg),
                "active_nm": float(r.total_flexor_nm),
                "iliopsoas_nm": float(r.psoas_iliacus_nm),
                "iliopsoas_share": float(r.iliopsoas_share),
            }
            for r in inside.itertuples()
        )
    return pd.DataFrame(rows).sort_values(["level", "hip_deg"], ignore_index=True)


def hold_shares_verdict(shares: pd.DataFrame | None = None) -> str:
    """What the model's numbers say about isolating the psoas in the level holds, in one paragraph.

    The shares are of the summed maximal capacity (each muscle alone at full activation), not
    of how a submaximal hold is shared out among the muscles.

    Examples
    --------
    >>> hold_shares_verdict()[:60]
    'In the model, with the knee bent 90 deg as in every level ho'
    """
    shares = hold_shares() if shares is None else shares
    by_angle = shares.groupby("hip_deg")["iliopsoas_share"].first()
    knee = float(shares["knee_deg"].iloc[0])
    low, high = int(by_angle.index.min()), int(by_angle.index.max())
    straight = flexor_capacity(0).set_index("hip_deg")["iliopsoas_share"]
    best = float(straight.max())
    return (
        f"In the model, with the knee bent {knee:g} deg as in every level hold, psoas and iliacus "
        f"together have {by_angle[low]:.0%} of the flexors' summed maximal capacity at {low} deg "
        f"and {by_angle[high]:.0%} at {high} deg (an upper bound for the psoas alone): the "
        f"deeper the hold, the smaller their share, because the model's psoas and iliacus paths "
        f"wrap over the pelvic rim and lose leverage, while rectus femoris (long at the bent "
        f"knee), sartorius and the front of gluteus medius keep real capacity. Their share is "
        f"highest, {max(best, float(by_angle.max())):.0%}, with the knee straight at "
        f"{int(straight.idxmax())} deg. So the model does not support 'isolation' at the end of "
        f"the range: the holds are flexor work in which the iliopsoas takes part, and the "
        f"model's deep-flexion numbers are its least certain."
    )
