"""Adherence: assignments, weekly frequency and dose against the prescription."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from psoaskit.analysis.adherence import (
    AssignmentError,
    assign_programmes,
    check_dose,
    frequency_status,
    frequency_targets,
    prescription_table,
    read_assignments,
    session_targets,
)


def write(tmp_path, text: str):
    path = tmp_path / "assignments.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_assignments_ignores_extra_columns(tmp_path):
    path = write(tmp_path, "athlete_id,programme_id,coach\nA1,psoas_level_ladder,Kim\n"
                           " A2 ,precision_movement_routine,Kim\n")
    table = read_assignments(path)
    assert table[["athlete_id", "programme_id"]].values.tolist() == [
        ["A1", "psoas_level_ladder"], ["A2", "precision_movement_routine"]]
    assert table["sessions_per_week"].isna().all()


def test_read_assignments_accepts_programme_and_an_own_frequency(tmp_path):
    # the sample squad's layout: `programme`, and a per-athlete sessions_per_week
    path = write(tmp_path, "athlete_id,programme,sessions_per_week\n001,psoas_level_ladder,2\n"
                           "002,psoas_march_drill,\n")
    table = read_assignments(path)
    assert table["programme_id"].tolist() == ["psoas_level_ladder", "psoas_march_drill"]
    assert table["sessions_per_week"].tolist()[0] == 2.0
    assert np.isnan(table["sessions_per_week"].iloc[1])


def test_session_targets_prefer_the_assignment_and_never_invent_one():
    programme = pd.Series({"A": "psoas_level_ladder", "B": "psoas_level_ladder",
                           "C": "precision_movement_routine", "D": None})
    given = pd.DataFrame({"athlete_id": ["A", "C"],
                          "programme_id": ["psoas_level_ladder", "precision_movement_routine"],
                          "sessions_per_week": [2.0, np.nan]})
    t = session_targets(programme, given)
    assert t["target_source"].tolist() == ["assignment", "not stated", "programme",
                                           "no programme"]
    assert t.loc["A", ["sessions_target_min", "sessions_target_max"]].tolist() == [2.0, 2.0]
    assert t.loc["C", ["sessions_target_min", "sessions_target_max"]].tolist() == [2.0, 3.0]
    assert t.loc[["B", "D"], "sessions_target_min"].isna().all()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("athlete,programme_id\nA1,psoas_level_ladder\n", "missing column.*athlete_id"),
        ("athlete_id,programme_id\nA1,psoas_level_ladder\nA2,psoas_ladder\n",
         r"row 3, column programme_id: unknown programme 'psoas_ladder'; did you mean "
         r"'psoas_level_ladder'"),
        ("athlete_id,programme_id\nA1,psoas_level_ladder\nA1,psoas_march_drill\n",
         r"row 3, column athlete_id: athlete 'A1' is assigned twice"),
        ("athlete_id,programme_id\n,psoas_level_ladder\n", r"row 2, column athlete_id: empty"),
        ("athlete_id,programme_id,sessions_per_week\nA1,psoas_level_ladder,often\n",
         r"row 2, column sessions_per_week: 'often' is not a number of sessions"),
    ],
)
def test_bad_assignments_name_row_column_and_value(tmp_path, text, message):
    with pytest.raises(AssignmentError, match=message):
        read_assignments(write(tmp_path, text))


def test_unreadable_assignments_file(tmp_path):
    with pytest.raises(AssignmentError, match="cannot read"):
        read_assignments(tmp_path / "missing.csv")


def test_assign_programmes():
    table = pd.DataFrame({"athlete_id": ["A"], "programme_id": ["psoas_march_drill"]})
    assigned = assign_programmes(["A", "B"], assignments=table)
    assert assigned["A"] == "psoas_march_drill" and pd.isna(assigned["B"])
    assert assign_programmes(["A"]).isna().all()
    with pytest.raises(AssignmentError, match="not both"):
        assign_programmes(["A"], programme="psoas_march_drill", assignments=table)
    with pytest.raises(AssignmentError, match="unknown programme"):
        assign_programmes(["A"], programme="march")


def test_frequency_is_never_invented():
    targets = frequency_targets()
    assert targets.loc["foundational_to_advanced"].tolist() == [2.0, 3.0]
    # sources 000 and 004 state no weekly frequency
    assert targets.loc[["psoas_march_drill", "psoas_level_ladder"]].isna().all().all()


def test_frequency_status_cases():
    status = frequency_status(
        sessions=np.array([1, 2, 3, 4, 2, 2, 0]),
        target_min=np.array([2, 2, 2, 2, np.nan, 2, 2.0]),
        target_max=np.array([3, 3, 3, 3, np.nan, 3, 3.0]),
        has_programme=np.array([1, 1, 1, 1, 1, 0, 1], bool),
        week_complete=np.array([1, 1, 1, 1, 1, 1, 0], bool),
    )
    assert status.tolist() == ["below", "within", "within", "above", "not stated",
                               "no programme", "week in progress"]


def test_prescription_table_uses_cycles_as_sets():
    table = prescription_table().set_index(["programme_id", "exercise_id"])
    ere = table.loc[("precision_movement_routine", "side_lying_hip_ere")]
    assert (ere["sets_min"], ere["sets_max"], ere["hold_s_min"]) == (2.0, 4.0, 10.0)
    assert np.isnan(ere["reps_min"])


def test_check_dose_statuses():
    logged = pd.DataFrame({
        "athlete_id": ["A", "A", "A", "B"],
        "exercise_id": ["standing_slumpy_psoas", "standing_slumpy_psoas", "toe_tap",
                        "standing_slumpy_psoas"],
        "sets": [1.0, 3.0, 3.0, 3.0],
        "reps": [5.0, 7.0, 10.0, 5.0],
        "hold_s": [4.0, 10.0, np.nan, 5.0],
        "work_s": [np.nan] * 4,
    })
    out = check_dose(logged, pd.Series({"A": "precision_movement_routine"}))
    # prescription: 2-3 sets x 4-6 reps x 5-10 s hold
    assert out["sets_status"].tolist()[:2] == ["below", "within"]
    assert out["reps_status"].tolist()[:2] == ["within", "above"]
    assert out["hold_s_status"].tolist()[:2] == ["below", "within"]
    assert out["work_s_status"].isna().all()  # nothing prescribed, nothing logged
    assert out["in_programme"].tolist() == [True, True, False, False]
    assert out.loc[2:, ["sets_status", "reps_status"]].isna().all().all()  # off programme
    assert pd.isna(out["programme_id"].iloc[3])  # B has no programme
