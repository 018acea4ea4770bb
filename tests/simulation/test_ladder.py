"""Ladders: each programme of the sources expanded into its progression stages."""

from __future__ import annotations

import numpy as np
import pytest

from psoaskit.catalogue.programmes import read_programmes
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
    assert "high_knee_runs" not in {p.exercise for s in ladder.stages for p in s.items}
    assert np.all(np.diff(ladder.demand) > 0)


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


def test_every_programme_has_a_ladder_with_rising_demand_from_start_to_top():
    config = LadderConfig()
    for programme_id in read_programmes():
        ladder = build_ladder(programme_id)
        assert ladder.demand[0] == config.start_demand
        if ladder.n_stages > 1:
            assert ladder.demand[-1] == pytest.approx(config.top_demand)
            assert np.all(np.diff(ladder.demand) > 0)
        assert np.all(ladder.duration_min > ladder.tut_min) and np.all(ladder.tut_min > 0)


def test_ladder_settings_are_configurable():
    short = LadderConfig(band_ladder=("light", "heavy"), dumbbell_kg=(5.0,), weeks_before_load=1)
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
