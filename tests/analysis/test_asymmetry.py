"""Left/right asymmetry index and its weekly table."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_fixtures import make_log, set_row

from psoaskit.analysis.asymmetry import asymmetry_index, asymmetry_table
from psoaskit.analysis.sessions import exercise_week_table, side_table


def test_asymmetry_index_on_a_known_pair():
    # left 10, right 8: 100 x (8 - 10) / 10 = -20 % (more on the left)
    assert asymmetry_index([10.0], [8.0]).tolist() == [-20.0]
    # the magnitude does not depend on which side is larger
    assert asymmetry_index([8.0], [10.0]).tolist() == [20.0]
    assert asymmetry_index([12.0], [12.0]).tolist() == [0.0]
    assert np.isnan(asymmetry_index([0.0], [0.0])[0])
    assert asymmetry_index([0.0], [5.0]).tolist() == [100.0]


def test_the_compared_dose_is_load_then_time_then_reps():
    log = make_log([
        # loaded on both sides: volume load 4 x 6 = 24 vs 4 x 5 = 20 kg
        set_row("A", "2024-01-01", "standing_slumpy_psoas_dumbbell", side="L", reps=6,
                hold_s=5.0, load_kg=4.0),
        set_row("A", "2024-01-01", "standing_slumpy_psoas_dumbbell", side="R", reps=5,
                hold_s=5.0, load_kg=4.0),
        # timed on both sides: 3 x 10 = 30 s vs 3 x 12 = 36 s
        set_row("A", "2024-01-01", "side_lying_hip_ere", side="L", reps=3, hold_s=10.0),
        set_row("A", "2024-01-01", "side_lying_hip_ere", side="R", reps=3, hold_s=12.0),
        # reps only, over two sessions of the same week: 8 + 8 vs 8 + 6
        set_row("A", "2024-01-01", "controlled_straight_leg_raise", side="L", reps=8),
        set_row("A", "2024-01-01", "controlled_straight_leg_raise", side="R", reps=8),
        set_row("A", "2024-01-04", "controlled_straight_leg_raise", side="L", reps=8),
        set_row("A", "2024-01-04", "controlled_straight_leg_raise", side="R", reps=6),
        # one side only, or both in one row: no asymmetry row
        set_row("A", "2024-01-01", "standing_hip_flexion", side="L", reps=8),
        set_row("A", "2024-01-01", "psoas_march", side="both", work_s=60.0),
        # next week: a new row
        set_row("A", "2024-01-08", "side_lying_hip_ere", side="L", reps=3, hold_s=10.0),
        set_row("A", "2024-01-08", "side_lying_hip_ere", side="R", reps=3, hold_s=10.0),
    ])
    table = asymmetry_table(exercise_week_table(side_table(log))).set_index(
        ["week_start", "exercise_id"])
    week1 = table.loc["2024-01-01"]
    assert sorted(week1.index) == ["controlled_straight_leg_raise", "side_lying_hip_ere",
                                   "standing_slumpy_psoas_dumbbell"]
    loaded = week1.loc["standing_slumpy_psoas_dumbbell"]
    assert (loaded["metric"], loaded["left"], loaded["right"]) == ("volume_load_kg", 24.0, 20.0)
    assert loaded["asymmetry_pct"] == pytest.approx(100 * (20 - 24) / 24)
    assert loaded["larger_side"] == "L"
    timed = week1.loc["side_lying_hip_ere"]
    assert (timed["metric"], timed["left"], timed["right"]) == ("tut_s", 30.0, 36.0)
    assert timed["asymmetry_pct"] == pytest.approx(100 * 6 / 36)
    reps = week1.loc["controlled_straight_leg_raise"]
    assert (reps["metric"], reps["left"], reps["right"]) == ("reps", 16.0, 14.0)
    week2 = table.loc["2024-01-08"].loc["side_lying_hip_ere"]
    assert (week2["asymmetry_pct"], week2["larger_side"]) == (0.0, "equal")
