"""The exercise demand map: every catalogue exercise placed or named with a reason."""

from __future__ import annotations

import pytest

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.demand import (
    NotModelled,
    demand_map,
    demand_vs_capacity,
    exercise_demand,
    safety_notes,
)
from psoaskit.biomech.equipment import Band
from psoaskit.biomech.mechanics import hip_flexion_moment
from psoaskit.catalogue.exercises import parse_catalogue, read_catalogue

TINY = """
safety_common = ["Stop on sharp pain."]
[sources.x]
file = "x.txt"

[[exercise]]
id = "knee_hold"
name = "Knee hold"
sources = ["x"]
position = "standing"
contraction = "isometric"
laterality = "unilateral"
posture = { model = "standing", hip_deg = [90, 90], knee_deg = [90, 90] }

[[exercise]]
id = "lift"
name = "Lift"
sources = ["x"]
position = "supine"
contraction = "dynamic"
laterality = "unilateral"
level = 2
posture = { model = "supine", hip_deg = [0, 90], knee_deg = [0, 90] }

[[exercise]]
id = "squeeze"
name = "Squeeze"
sources = ["x"]
position = "standing"
contraction = "isometric"
laterality = "bilateral"
posture = { model = "none", hip_deg = [0, 0], knee_deg = [0, 0], note = "Nothing to lift." }
"""


def test_tiny_catalogue_by_hand() -> None:
    dm = demand_map(Body(), parse_catalogue(TINY))
    placed = dm.modelled.set_index("id")
    assert placed.loc["knee_hold", "peak_moment_nm"] == pytest.approx(
        hip_flexion_moment(Body(), 90, 90, "standing")
    )
    # hip and knee change together: at 0 deg the knee is straight (SLR lift-off) -> peak there
    assert placed.loc["lift", "hip_at_peak_deg"] == 0
    assert placed.loc["lift", "peak_moment_nm"] == pytest.approx(
        hip_flexion_moment(Body(), 0, 0, "supine")
    )
    assert placed.loc["lift", "ladder"] == "level 2"
    assert dm.not_modelled.set_index("id").loc["squeeze", "reason"] == "Nothing to lift."


def test_every_catalogue_exercise_is_placed_or_explained() -> None:
    catalogue = read_catalogue()
    dm = demand_map()
    ids = list(dm.modelled["id"]) + list(dm.not_modelled["id"])
    assert sorted(ids) == sorted(catalogue)
    assert dm.not_modelled["reason"].str.len().min() > 20
    for exercise_id in dm.modelled["id"]:
        assert catalogue[exercise_id].posture.model != "none"


def test_the_models_verdicts_on_the_catalogue() -> None:
    dm = demand_map()
    placed = dm.modelled.set_index("id")
    skipped = dm.not_modelled.set_index("id")
    assert placed.loc["controlled_straight_leg_raise", "peak_moment_nm"] == pytest.approx(
        40.9, rel=0.01
    )
    assert placed.loc["supine_psoas_activation", "peak_moment_nm"] == pytest.approx(10.2, rel=0.01)
    # the march is lighter than the straight-leg raise; its low positions rest the foot on the floor
    assert (
        placed.loc["psoas_march", "peak_moment_nm"]
        < placed.loc["controlled_straight_leg_raise", "peak_moment_nm"]
    )
    assert "foot on the floor" in placed.loc["toe_tap", "note"]
    for exercise_id in (
        "standing_glute_contraction",
        "active_self_myofascial_release",
        "kneeling_lunge_static_stretch",
    ):
        assert exercise_id in skipped.index
    assert "horizontal plane" in skipped.loc["side_lying_hip_ere", "reason"]
    assert "band" in skipped.loc["side_plank_banded_psoas_hold", "reason"]
    assert "band tension not included" in placed.loc["standing_banded_psoas_hold", "note"]


def test_loads_change_the_map() -> None:
    bare = demand_map().modelled.set_index("id")["peak_moment_nm"]
    loaded_map = demand_map(band=Band(100.0), dumbbell_kg=5.0)
    loaded = loaded_map.modelled.set_index("id")["peak_moment_nm"]
    assert loaded["standing_slumpy_psoas_dumbbell"] > bare["standing_slumpy_psoas_dumbbell"] + 15
    assert loaded["standing_banded_psoas_hold"] > bare["standing_banded_psoas_hold"]
    assert "side_plank_banded_psoas_hold" in loaded.index
    assert "front_support_hip_flexion" in loaded.index
    assert loaded["controlled_straight_leg_raise"] == bare["controlled_straight_leg_raise"]
    assert set(loaded_map.modelled["level"].dropna()) == {1, 2, 3, 4, 5}


def test_exercise_demand_raises_with_reason() -> None:
    with pytest.raises(NotModelled, match="stretch"):
        exercise_demand(read_catalogue()["deep_lunge_side_bend_stretch"])


def test_safety_notes_common_first_then_exercise() -> None:
    notes = safety_notes(["front_support_hip_flexion", "toe_tap"])
    common = read_catalogue().safety_common
    assert notes["note"].tolist()[: len(common)] == list(common)
    assert (notes["applies_to"] == "Front Support Hip Flexion with Resistance").sum() == 1
    assert any("sharp pain" in n for n in notes["note"])



def test_demand_vs_capacity_by_hand() -> None:
    # capacity knee 0 hip 0 is 214 N m (flexor_capacity doctest); SLR demand 40.9 N m
    table = demand_vs_capacity(
        None, [("slr", "supine", 0, 0), ("high knee", "standing", 110, 90)]
    ).set_index("position")
    assert table.loc["slr", "demand_nm"] == pytest.approx(hip_flexion_moment(None, 0, 0, "supine"))
    assert table.loc["slr", "model_capacity_nm"] == 214
    share = table["demand_nm"] / table["model_capacity_nm"]
    assert table["demand_share_of_capacity"].tolist() == pytest.approx(share.tolist())
    assert (table["iliopsoas_max_nm"] < table["model_capacity_nm"]).all()
    # the high knee hold asks more of capacity than the SLR although its moment is smaller
    assert table.loc["high knee", "demand_nm"] < table.loc["slr", "demand_nm"]
    shares = table["demand_share_of_capacity"]
    assert shares["high knee"] > shares["slr"]


def test_demand_vs_capacity_rejects_untabulated_angles() -> None:
    with pytest.raises(ValueError, match=r"\(45, 0\)"):
        demand_vs_capacity(None, [("knee 45", "supine", 0, 45)])
