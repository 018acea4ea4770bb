"""The EMG evidence table and its link to the demand map."""

from __future__ import annotations

import pandas as pd

from psoaskit.biomech.demand import demand_map
from psoaskit.biomech.emg import emg_beside_demand, emg_studies
from psoaskit.catalogue.exercises import read_catalogue


def test_every_row_names_its_method_source_and_a_finding():
    emg = emg_studies()
    assert set(emg["method"]) == {"intramuscular", "surface", "review"}
    assert emg["source"].str.len().gt(10).all() and emg["finding"].str.len().gt(10).all()
    both = emg.dropna(subset=["activation_low_pct", "activation_high_pct"])
    assert (both["activation_low_pct"] <= both["activation_high_pct"]).all()
    # surface EMG of "iliopsoas" is marked as such (crosstalk), never passed off as intramuscular
    assert set(emg.loc[emg["study"] == "jiroumaru2014", "method"]) == {"surface"}


def test_catalogue_links_point_at_real_exercises():
    linked = emg_studies().dropna(subset=["catalogue_id"])
    assert set(linked["catalogue_id"]) <= set(read_catalogue().exercises)
    assert set(linked["catalogue_match"]) <= {"exact", "closest"}


def test_emg_sits_beside_the_demand_map_s_peak_moment():
    demand = demand_map()
    table = emg_beside_demand(demand)
    slr = demand.modelled.set_index("id").loc["controlled_straight_leg_raise"]
    assert len(table) == emg_studies()["catalogue_id"].eq("controlled_straight_leg_raise").sum()
    assert (table["peak_moment_nm"] == slr["peak_moment_nm"]).all()
    assert {"hu2011", "juan2024", "andersson1997"} <= set(table["study"])
    assert isinstance(table, pd.DataFrame) and "finding" in table
