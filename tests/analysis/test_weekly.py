"""The weekly table: dose, pain, adherence and load per athlete and week, by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import make_log, routine_session, set_row

from psoaskit.analysis.log_analysis import analyse_log
from psoaskit.analysis.sessions import session_table
from psoaskit.analysis.weekly import session_load, weekly_dose


@pytest.fixture
def log() -> pd.DataFrame:
    rows = []
    # A (five-exercise routine, 2-3 a week): Mon 1 and Wed 3 Jan, nothing the next week,
    # one session on Mon 15 Jan with a longer hold and more pain.
    rows += routine_session("A", "2024-01-01", pain=2.0)
    rows += routine_session("A", "2024-01-03", pain=1.0)
    rows += routine_session("A", "2024-01-15", hold_left=12.0, hold_right=12.0, pain=5.0)
    # B (level ladder, no frequency stated): one session a week
    for day in ("2024-01-02", "2024-01-09", "2024-01-16"):
        rows.append(set_row("B", day, "supine_psoas_activation", side="L", reps=4, hold_s=3.0))
    return make_log(rows)


@pytest.fixture
def assignments() -> pd.DataFrame:
    return pd.DataFrame({"athlete_id": ["A", "B"],
                         "programme_id": ["precision_movement_routine", "psoas_level_ladder"]})


def test_weekly_dose_by_hand(log):
    weekly = weekly_dose(session_table(log))
    a = weekly[weekly["athlete_id"] == "A"]
    assert a["week_start"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-01", "2024-01-08", "2024-01-15"]
    assert a["sessions"].tolist() == [2, 0, 1]
    assert a["sets"].tolist() == [12, 0, 6]
    assert a["reps"].tolist() == [60, 0, 30]
    # 12 sets x 5 reps x 8 s; an empty week has 0 s; 6 x 5 x 12 s
    assert a["tut_s"].tolist() == [480.0, 0.0, 360.0]
    assert a["pain_max"].tolist()[0] == 2.0 and np.isnan(a["pain_max"].iloc[1])
    assert a["pain_mean"].iloc[0] == pytest.approx(1.5)  # six sets at 2, six at 1


def test_frequency_adherence_and_missed_sessions(log, assignments):
    weekly = analyse_log(log, assignments=assignments, as_of="2024-01-21").weekly
    a = weekly[weekly["athlete_id"] == "A"]
    assert a["frequency_status"].tolist() == ["within", "below", "below"]
    assert a["sessions_missed"].tolist() == [0.0, 2.0, 1.0]
    assert a["target_source"].unique().tolist() == ["programme"]
    b = weekly[weekly["athlete_id"] == "B"]
    # the ladder's source states no frequency: counted, never judged
    assert b["frequency_status"].unique().tolist() == ["not stated"]
    assert b["sessions_missed"].isna().all() and b["sessions_target_min"].isna().all()


def test_an_unfinished_week_is_not_judged(log, assignments):
    weekly = analyse_log(log, assignments=assignments, as_of="2024-01-16").weekly
    last = weekly[weekly["athlete_id"] == "A"].iloc[-1]
    assert not last["week_complete"]
    assert last["frequency_status"] == "week in progress"
    assert np.isnan(last["sessions_missed"]) and np.isnan(last["monotony"])


def test_as_of_runs_every_athlete_to_that_week(log):
    weekly = analyse_log(log, as_of="2024-01-31").weekly
    assert weekly.groupby("athlete_id", observed=True)["week_start"].max().nunique() == 1
    assert weekly["week_start"].max() == pd.Timestamp("2024-01-29")
    assert weekly.iloc[-1]["sessions"] == 0


def test_pain_zone_and_change_since_the_last_week_with_pain(log):
    a = analyse_log(log).weekly.query("athlete_id == 'A'")
    assert a["pain_zone"].astype(object).where(a["pain_zone"].notna(), None).tolist() == [
        "green", None, "amber"]
    # week 3 compared with week 1 (week 2 had no pain recorded): 5 - 2
    assert a["pain_change"].iloc[2] == 3.0
    assert np.isnan(a["pain_change"].iloc[0])


def test_dose_within_prescription(log, assignments):
    a = analyse_log(log, assignments=assignments).weekly.query("athlete_id == 'A'")
    # routine prescription: 2-3 sets, 4-6 reps, 5-10 s hold; week 3 holds 12 s (above)
    assert a["dose_checks"].tolist() == [6, 0, 3]
    assert a["dose_within_pct"].iloc[0] == 100.0
    assert a["dose_within_pct"].iloc[2] == pytest.approx(200 / 3)


def test_weekly_load_monotony_and_strain_by_hand(log):
    weekly = analyse_log(log, as_of="2024-01-21").weekly.query("athlete_id == 'A'")
    # a session: 6 sets x 5 reps x 8 s = 240 s = 4 min at RPE 5 -> 20 AU (Mon and Wed)
    assert weekly["load"].iloc[0] == pytest.approx(40.0)
    p = 2 / 7  # two equal training days in the week
    assert weekly["monotony"].iloc[0] == pytest.approx(math.sqrt(p / (1 - p)))
    assert weekly["strain"].iloc[0] == pytest.approx(40 * math.sqrt(p / (1 - p)))
    assert np.isnan(weekly["monotony"].iloc[1])  # no load: undefined
    assert weekly["load_measure"].unique().tolist() == ["set_rpe_work"]


def test_unknown_session_loads_are_counted_and_mask_monotony(log):
    untimed = log.copy()
    untimed.loc[0, "hold_s"] = np.nan  # one set without a time: that session's sRPE unknown
    weekly = analyse_log(untimed, as_of="2024-01-21").weekly.query("athlete_id == 'A'")
    assert weekly["sessions_unknown_load"].tolist() == [1, 0, 0]
    assert np.isnan(weekly["load"].iloc[0]) and np.isnan(weekly["monotony"].iloc[0])


def test_session_load_measures():
    sessions = pd.DataFrame({"srpe_au": [20.0], "set_rpe_work_au": [5.0], "tut_s": [240.0],
                             "volume_load_kg": [24.0], "sets": [6]})
    measures = ("srpe", "set_rpe_work", "tut", "volume_load", "sets")
    assert [session_load(sessions, m)[0] for m in measures] == [20.0, 5.0, 4.0, 24.0, 6.0]
    with pytest.raises(ValueError, match="unknown load measure"):
        session_load(sessions, "hr")


def _weeks(**columns: list[float]) -> pd.DataFrame:
    base = {"sessions": [2, 2, 0], "sets": [6.0, 6.0, 0.0], "reps": [np.nan] * 3,
            "tut_s": [np.nan] * 3}
    return pd.DataFrame({**base, **columns})


def test_dose_measure_is_the_one_logged_in_most_trained_weeks():
    from psoaskit.analysis.weekly import DOSE_MEASURES, dose_measure

    assert list(DOSE_MEASURES) == ["tut_s", "reps", "sets"]
    # reps-only programme with timed holds in its first week only: repetitions describe it
    assert dose_measure(_weeks(reps=[60.0, 60.0, 0.0], tut_s=[90.0, np.nan, 0.0])) == "reps"
    # timed in every trained week: time under tension wins the tie with repetitions
    assert dose_measure(_weeks(reps=[60.0, 60.0, 0.0], tut_s=[90.0, 80.0, 0.0])) == "tut_s"
    # continuous work logged as time only (reps 0): time under tension
    assert dose_measure(_weeks(reps=[0.0, 0.0, 0.0], tut_s=[540.0, 360.0, 0.0])) == "tut_s"
    # neither reps nor time: the set count is all there is
    assert dose_measure(_weeks()) == "sets"
    # a measure only in a week without sessions does not count; nothing at all gives None
    assert dose_measure(_weeks(sets=[0.0, 0.0, 3.0], tut_s=[np.nan, np.nan, 30.0])) is None


def test_exercise_adherence_counts_sessions_and_checks_per_exercise():
    from psoaskit.analysis.weekly import exercise_adherence

    # two sessions; x in both (3 of its 4 checks within), y only in the second, no prescription
    doses = pd.DataFrame({
        "athlete_id": ["A", "A", "A", "B"], "exercise_id": ["x", "x", "y", "x"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-03", "2024-01-02"]),
        "in_programme": [True, True, False, True],
        "sets_status": ["within", "below", None, "above"],
        "reps_status": ["within", "within", None, None],
        "hold_s_status": None, "work_s_status": None,
    })
    sessions = pd.DataFrame({"athlete_id": ["A", "A", "B", "B"]})
    table = exercise_adherence(doses, sessions).set_index(["athlete_id", "exercise_id"])
    assert table.loc[("A", "x"), ["sessions_done", "share_of_sessions_pct", "checks",
                                  "within_pct", "below_pct"]].tolist() == [2, 100.0, 4, 75.0, 25.0]
    assert table.loc[("A", "y"), "share_of_sessions_pct"] == 50.0
    assert np.isnan(table.loc[("A", "y"), "within_pct"])  # no prescription: not judged
    assert table.loc[("B", "x"), ["share_of_sessions_pct", "above_pct"]].tolist() == [50.0, 100.0]
    assert table.loc[("A", "x"), "last_done"] == pd.Timestamp("2024-01-03")
    assert list(table.index.get_level_values(1)[:2]) == ["x", "y"]  # programme's first
