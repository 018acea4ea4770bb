"""Ladders: each programme of the sources expanded into its progression stages."""

from __future__ import annotations

import numpy as np
import pytest

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.demand import exercise_demand
from psoaskit.catalogue.exercises import read_catalogue
from psoaskit.catalogue.programmes import read_programmes
from psoaskit.errors import ParameterError
from psoaskit.simulation.ladder import LadderConfig, build_ladder


def test_foundational_ladder_adds_sets_then_hold_then_resistance():
    ladder = build_ladder("foundational_to_advanced")
    labels = [s.label for s in ladder.stages]
    assert labels[:3] == ["foundational", "foundational, hold 3 s", "advanced"]
    assert [s.label.split(", ")[-1] for s in ladder.stages[3:]] == [
        "medium band", "heavy band", "extra heavy band"]
    first = {p.exercise: p for p in ladder.stages[0].items}
    assert first["standing_hip_flexion"].hold_s == 2.0  # progressed: starts at the minimum
    # reps keep the source's range (double progression in the simulation): 6-12
    raise_ = first["controlled_straight_leg_raise"]
    assert (raise_.reps, raise_.reps_max) == (6, 12)
    assert all(s.min_weeks == LadderConfig().min_weeks_per_stage == 2 for s in ladder.stages)
    assert np.array_equal(ladder.next_demand[:-1], ladder.demand[1:])
    assert ladder.next_demand[-1] == ladder.demand[-1]  # nothing above the top
    assert "high_knee_runs" not in {p.exercise for s in ladder.stages for p in s.items}
    # a hold step leaves the peak moment as it was; the band steps raise it
    assert ladder.demand[1] == ladder.demand[0]
    assert np.all(np.diff(ladder.demand[2:]) > 0)


def test_level_ladder_moves_through_the_five_levels_with_band_tension():
    ladder = build_ladder("psoas_level_ladder")
    assert [s.level for s in ladder.stages] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    top_of_3 = ladder.stages[5].items[0]
    assert (top_of_3.reps, top_of_3.hold_s, top_of_3.band) == (5, 5.0, "medium")
    assert top_of_3.reps_max == 5  # the level ladder's stages are the range itself
    assert ladder.stages[0].items[0].sides == ("L", "R")


def test_load_step_swaps_in_the_dumbbell_version():
    ladder = build_ladder("precision_movement_routine")
    loaded = {p.exercise: p for p in ladder.stages[1].items}
    assert loaded["standing_slumpy_psoas_dumbbell"].load_kg == LadderConfig().dumbbell_kg[0]
    assert loaded["side_lying_hip_ere"].sets == 3 and loaded["side_lying_hip_ere"].reps == 3


def test_march_drill_has_one_stage_and_no_progression():
    ladder = build_ladder("psoas_march_drill")
    assert ladder.n_stages == 1
    (march,) = ladder.stages[0].items
    assert (march.sets, march.work_s, march.sides) == (3, 60.0, ("both",))


def test_every_stage_asks_its_hardest_exercise_s_hip_flexion_moment():
    for programme_id in read_programmes():
        ladder = build_ladder(programme_id)
        for stage in ladder.stages:
            assert stage.demand == max(p.demand_nm for p in stage.items)
            for p in stage.items:
                assert p.demand_nm > 0 or p.demand_note.startswith("no hip-flexion demand")
        assert np.all(ladder.duration_min > ladder.tut_min) and np.all(ladder.tut_min > 0)


def test_demands_are_the_demand_map_s_moments_for_the_reference_body():
    catalogue = read_catalogue()
    body = Body(LadderConfig().body_mass_kg, LadderConfig().height_m)
    first = {p.exercise: p for p in build_ladder("foundational_to_advanced").stages[0].items}
    slr = exercise_demand(catalogue["controlled_straight_leg_raise"], body)["peak_moment_nm"]
    assert first["controlled_straight_leg_raise"].demand_nm == slr == pytest.approx(40.9, abs=0.05)
    routine = build_ladder("precision_movement_routine")
    items = {p.exercise: p for p in routine.stages[1].items}
    loaded = exercise_demand(catalogue["standing_slumpy_psoas_dumbbell"], body, dumbbell_kg=2.0)
    assert items["standing_slumpy_psoas_dumbbell"].demand_nm == loaded["peak_moment_nm"]
    # work without hip-flexor demand carries none, and says why
    for no_demand in ("active_self_myofascial_release", "standing_glute_contraction",
                      "side_lying_hip_ere"):
        assert items[no_demand].demand_nm == 0.0 and items[no_demand].demand_note
    # a heavier band asks more: 100 N/m (medium) against 50 N/m (light)
    level3 = build_ladder("psoas_level_ladder").stages[4:6]
    assert [s.items[0].band for s in level3] == ["light", "medium"]
    assert level3[1].demand > level3[0].demand


def test_one_leg_s_time_counts_alternating_reps_once_per_leg():
    march = build_ladder("foundational_to_advanced").stages[0].items[0]
    assert march.exercise == "supine_marching" and march.per_side and march.sides == ("both",)
    assert march.leg_time_s(3.0) == march.set_time_s(3.0) / 2 * march.sets
    level1 = build_ladder("psoas_level_ladder").stages[0].items[0]  # 1 x 3 x 2 s hold, L and R
    assert level1.leg_time_s(3.0) == 6.0


def test_ladder_settings_are_configurable():
    short = LadderConfig(band_ladder=("light", "heavy"), band_stiffness_n_per_m=(50.0, 150.0),
                         dumbbell_kg=(5.0,), weeks_before_load=1)
    with pytest.raises(ParameterError, match="one per band"):
        LadderConfig(band_ladder=("light", "heavy"))
    ladder = build_ladder("precision_movement_routine", short)
    assert ladder.n_stages == 2 and ladder.stages[0].min_weeks == 2  # the floor of every stage
    assert build_ladder("precision_movement_routine", LadderConfig(
        weeks_before_load=1, min_weeks_per_stage=1)).stages[0].min_weeks == 1
    loaded = {p.exercise: p for p in ladder.stages[1].items}
    assert loaded["standing_slumpy_psoas_dumbbell"].load_kg == 5.0
    assert loaded["front_support_hip_flexion"].band == "heavy"


def test_session_time_counts_holds_reps_and_rests():
    ladder = build_ladder("psoas_level_ladder")
    first = ladder.stages[0].items[0]  # 1 set x 3 reps x 2 s hold, per side
    assert ladder.tut_min[0] * 60 == pytest.approx(2 * 3 * 2.0)
    assert ladder.duration_min[0] * 60 == pytest.approx(2 * (3 * 2.0 + LadderConfig().rest_s))
    assert first.isometric and first.sides == ("L", "R")
