"""Strength against hip angle: the model's active, passive and net moments, and people."""

from __future__ import annotations

import pandas as pd
import pytest

from psoaskit._data import data_path
from psoaskit.biomech.torque_angle import (
    hold_shares,
    hold_shares_verdict,
    measured_strength_order,
    model_torque_angle,
)


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(data_path(name), comment="#")


def test_net_is_active_plus_passive_on_the_angles_both_tables_have():
    torque = model_torque_angle()
    capacity = _csv("muscle_capacity_rajagopal2016.csv")
    passive = _csv("muscle_passive_rajagopal_lai_uhlrich2023.csv")
    shared = set(capacity["hip_deg"]) & set(passive["hip_deg"])
    assert set(torque["hip_deg"]) == shared and set(torque["knee_deg"]) == {0, 90}
    row = torque.set_index(["knee_deg", "hip_deg"]).loc[(0, 90)]
    # the tables' own rows: 91 N m of active capacity, -145.9 N m passive (hamstrings stretched)
    assert (row["active_nm"], row["passive_nm"]) == (91.0, -145.9)
    assert row["net_nm"] == pytest.approx(91.0 - 145.9)
    assert (torque["net_nm"] == torque["active_nm"] + torque["passive_nm"]).all()


def test_people_were_weakest_at_0_and_strongest_at_105_degrees():
    order = measured_strength_order()
    assert order["hip_deg"].tolist() == [0, 30, 60, 90, 105]  # the five angles of the abstract
    ranked = order.dropna(subset=["rank_in_study"]).set_index("rank_in_study")["hip_deg"]
    assert ranked.to_dict() == {1: 0, 5: 105}
    assert order["source"].eq("doi:10.3233/IES-240003").all()


def test_model_and_people_disagree_in_deep_flexion():
    """The point notebook 03 makes: the model is weakest where people are strongest."""
    bent = model_torque_angle(90).set_index("hip_deg")["active_nm"]
    assert bent.idxmax() <= 30 and bent[110] < bent[0] / 2


def test_level_holds_are_evaluated_as_catalogued():
    shares = hold_shares()
    assert sorted(shares["level"].unique()) == [1, 2, 3, 4, 5]
    assert set(shares["knee_deg"]) == {90} and shares["hip_deg"].between(90, 120).all()
    capacity = _csv("muscle_capacity_rajagopal2016.csv").set_index(["knee_deg", "hip_deg"])
    for r in shares.itertuples():
        expected = capacity.loc[(90, r.hip_deg)]
        assert r.iliopsoas_share == expected["psoas_iliacus_nm"] / expected["total_flexor_nm"]
    level5 = shares[shares["level"] == 5].set_index("hip_deg")["iliopsoas_share"]
    assert level5.is_monotonic_decreasing  # the deeper the hold, the smaller the share
    assert level5[90] == pytest.approx(56 / 131) and level5[120] == pytest.approx(9 / 62)


def test_the_verdict_quotes_the_table_s_numbers():
    text = hold_shares_verdict()
    assert "43% of the flexors' summed maximal capacity at 90 deg" in text
    assert "and 15% at 120 deg" in text
    straight = _csv("muscle_capacity_rajagopal2016.csv").query("knee_deg == 0")
    best = (straight["psoas_iliacus_nm"] / straight["total_flexor_nm"]).max()
    assert f"highest, {best:.0%}, with the knee straight" in text and "does not support" in text
