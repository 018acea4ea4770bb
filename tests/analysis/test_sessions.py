"""Grouping a log into sessions and session x exercise x side blocks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import make_log, set_row
from hypothesis import given
from hypothesis import strategies as st

from psoaskit.analysis.sessions import (
    check_log,
    group_codes,
    index_sessions,
    session_table,
    set_time_under_tension,
    side_table,
)


@pytest.fixture
def log() -> pd.DataFrame:
    return make_log([
        # A, Monday: one session logged at two times of day, held reps, with RPE and pain
        set_row("A", "2024-01-01 08:00", "standing_slumpy_psoas", side="L", reps=5, hold_s=8.0,
                rpe=4.0, pain=1.0),
        set_row("A", "2024-01-01 08:05", "standing_slumpy_psoas", side="R", reps=5, hold_s=6.0,
                rpe=6.0, pain=3.0),
        # A, Monday: a second session the same day, a timed march (both sides in one row)
        set_row("A", "2024-01-01 18:00", "psoas_march", session_id="A-pm", side="both",
                work_s=60.0, rpe=3.0),
        # A, Wednesday: a loaded set without a time, and a ladder exercise
        set_row("A", "2024-01-03", "standing_slumpy_psoas_dumbbell", side="L", reps=6,
                load_kg=4.0),
        set_row("A", "2024-01-03", "half_kneeling_banded_psoas_hold", side="L", reps=3,
                hold_s=5.0),
        # B, Monday, no session id
        set_row("B", "2024-01-01", "supine_psoas_activation", session_id=None, reps=4, hold_s=3.0),
    ])


def test_sessions_are_athlete_day_and_id(log):
    table = session_table(log)
    assert table["athlete_id"].tolist() == ["A", "A", "A", "B"]
    assert table["session_id"].tolist()[:3] == ["A-2024-01-01", "A-pm", "A-2024-01-03"]
    assert table["session_id"].isna().tolist() == [False, False, False, True]
    assert table["sets"].tolist() == [2, 1, 2, 1]


def test_session_values_by_hand(log):
    t = session_table(log).set_index(["athlete_id", "session_id"]).sort_index()
    morning = t.loc[("A", "A-2024-01-01")]
    assert morning["reps"] == 10
    assert morning["tut_s"] == 5 * 8 + 5 * 6  # 70 s
    assert morning["rpe_mean"] == 5.0
    assert (morning["pain_max"], morning["pain_mean"]) == (3.0, 2.0)
    assert morning["work_min"] == pytest.approx(70 / 60)
    assert morning["set_rpe_work_au"] == pytest.approx(5.0 * 70 / 60)
    assert np.isnan(morning["srpe_au"])  # no session RPE logged: no Foster's load
    evening = t.loc[("A", "A-pm")]
    assert (evening["tut_s"], evening["set_rpe_work_au"]) == (60.0, 3.0)  # RPE 3 x 1 min
    wednesday = t.loc[("A", "A-2024-01-03")]
    assert wednesday["volume_load_kg"] == 24.0  # 4 kg x 6 reps
    assert wednesday["tut_s"] == 15.0  # only the ladder hold is timed
    assert np.isnan(wednesday["work_min"])  # not every set timed: no duration, no sRPE
    assert np.isnan(wednesday["srpe_au"])
    assert wednesday["level_max"] == 3.0  # half-kneeling banded hold is level 3


def test_row_order_does_not_change_the_sessions(log):
    shuffled = log.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(session_table(shuffled), session_table(log))
    sort = ["session", "exercise_id", "side"]
    pd.testing.assert_frame_equal(
        side_table(shuffled).sort_values(sort, ignore_index=True),
        side_table(log).sort_values(sort, ignore_index=True),
    )


def test_session_index_maps_rows_to_sessions(log):
    index = index_sessions(log)
    assert index.n_sessions == 4
    assert index.session_of_row().tolist() == [0, 0, 1, 2, 2, 3]


def test_side_table_counts_sets_per_side_and_keeps_rows_without_side(log):
    sides = side_table(log)
    a_morning = sides[sides["session"] == 0]
    assert a_morning[["side", "sets", "reps", "tut_s"]].values.tolist() == [
        ["L", 1, 5.0, 40.0], ["R", 1, 5.0, 30.0]]
    b = sides[sides["athlete_id"] == "B"]
    assert b["side"].isna().all() and b["sets"].tolist() == [1]


def test_time_under_tension_prefers_held_reps_then_work():
    tut = set_time_under_tension(np.array([5.0, np.nan, 5.0]), np.array([6.0, 2.0, np.nan]),
                                 np.array([99.0, 60.0, np.nan]))
    assert tut[:2].tolist() == [30.0, 60.0] and np.isnan(tut[2])


def test_inputs_are_not_modified(log):
    before = log.copy()
    session_table(log)
    side_table(log)
    pd.testing.assert_frame_equal(log, before)


def test_unusable_logs_are_clear_errors(log):
    with pytest.raises(ValueError, match="lacks column"):
        check_log(log.drop(columns="exercise_id"))
    broken = log.copy()
    broken.loc[2, "athlete_id"] = None
    with pytest.raises(ValueError, match=r"row 2 .* no athlete_id"):
        check_log(broken)


@pytest.fixture
def two_ids_a_day(log) -> pd.DataFrame:
    """The log plus rows that interleave two session ids on one day and lack an id."""
    extra = make_log([
        set_row("B", "2024-01-01", "psoas_march", session_id="B-pm", work_s=30.0),
        set_row("B", "2024-01-01", "supine_psoas_activation", session_id=None, reps=2, hold_s=3.0),
        set_row("A", "2024-01-03", "psoas_march", session_id="A-extra", work_s=45.0, rpe=5.0),
        set_row("A", "2024-01-08", "toe_tap", side="R", reps=8, pain=2.0),
    ])
    return pd.concat([log, extra], ignore_index=True)


@pytest.mark.parametrize("fixture", ["log", "two_ids_a_day"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_both_groupings_give_identical_tables(fixture, seed, request, monkeypatch):
    # index_sessions groups by runs of consecutive rows, or row by row when runs are short;
    # force each way on sorted and shuffled copies.
    from psoaskit.analysis import sessions
    from psoaskit.analysis.weekly import weekly_dose

    base = request.getfixturevalue(fixture)
    shuffled = base.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    by_order = []
    for frame in (base, shuffled):
        results = []
        for min_mean_run in (0, 10**9):  # 0: always by runs; 10**9: always row by row
            monkeypatch.setattr(sessions, "_MIN_MEAN_RUN", min_mean_run)
            index = index_sessions(frame)
            table = session_table(frame, index)
            sides = side_table(frame, index).sort_values(
                ["session", "exercise_id", "side"], ignore_index=True)
            results.append((index.session_of_row(), table, weekly_dose(table), sides))
        (rows_a, *frames_a), (rows_b, *frames_b) = results
        assert rows_a.tolist() == rows_b.tolist()  # same row order: identical, session numbers too
        for a, b in zip(frames_a, frames_b, strict=True):
            pd.testing.assert_frame_equal(a, b)
        by_order.append(results[0])
    # Another row order may number two sessions of one day differently (ids are coded by first
    # appearance), but it is the same sessions and the very same weekly table.
    key = ["athlete_id", "date", "session_id"]
    pd.testing.assert_frame_equal(by_order[0][1].sort_values(key, ignore_index=True),
                                  by_order[1][1].sort_values(key, ignore_index=True))
    pd.testing.assert_frame_equal(by_order[0][2], by_order[1][2])
    assert len(by_order[0][1]) == (4 if fixture == "log" else 7)


def test_shuffled_squad_log_gives_the_same_weekly_table():
    from psoaskit.analysis.weekly import weekly_dose
    from psoaskit.simulation.runs import simulate

    log = simulate("precision_movement_routine", athletes=3, weeks=4, seed=5).to_log()
    shuffled = log.sample(frac=1.0, random_state=0).reset_index(drop=True)
    assert index_sessions(shuffled).row_order is not None
    assert index_sessions(log).row_order is None
    expected = weekly_dose(session_table(log))
    assert expected["sessions"].sum() > 0
    pd.testing.assert_frame_equal(weekly_dose(session_table(shuffled)), expected)


@given(st.lists(st.integers(-3, 5_000_000), max_size=60), st.booleans())
def test_group_codes_is_a_sorted_factorize(values, small):
    key = np.array([abs(v) % 50 if small else v for v in values], dtype=np.int64)
    group, keys = group_codes(key)
    want_group, want_keys = pd.factorize(key, sort=True)
    assert group.tolist() == want_group.tolist() and keys.tolist() == want_keys.tolist()
