"""What next on real logs: the simulation's weekly review applied to a logged week."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from psoaskit.analysis import analyse_log
from psoaskit.analysis.next_week import next_week_table, prescription_text, stage_history
from psoaskit.cli import main
from psoaskit.simulation.ladder import build_ladder
from psoaskit.simulation.runs import simulate

MONDAY = pd.Timestamp("2024-01-01")


def ladder_log(weeks: int, sessions: int = 2, pain: float = 0.0, morning: float | None = 0.0,
               rpe: float = 2.0, exercise: str = "supine_psoas_activation", reps: int = 3,
               hold: float = 2.0) -> pd.DataFrame:
    """One athlete on level 1: ``sessions`` a week (Mon, Wed, Fri), both sides, one set."""
    days = [MONDAY + pd.Timedelta(weeks=w, days=2 * k) for w in range(weeks)
            for k in range(sessions)]
    dates = pd.DatetimeIndex(days).repeat(2)
    return pd.DataFrame({
        "athlete_id": "A", "date": dates, "session_id": dates.strftime("%F"),
        "exercise_id": exercise, "side": ["L", "R"] * len(days), "set_index": 1,
        "reps": reps, "hold_s": hold, "rpe": rpe, "pain": pain,
        "pain_next_morning": np.nan if morning is None else morning,
    })


def review(log: pd.DataFrame, as_of: str, programme: str = "psoas_level_ladder") -> dict:
    analysis = analyse_log(log, programme=programme, as_of=as_of)
    return next_week_table(log, analysis).iloc[0].to_dict()


def test_two_easy_weeks_at_level_1_progress_to_its_top():
    row = review(ladder_log(2), "2024-01-14")
    assert (row["stage"], row["weeks_at_stage"], row["sessions_at_stage"]) == (1, 2, 4)
    assert (row["decision"], row["next_stage"]) == ("progress", 2)
    assert row["week_reviewed"] == dt.date(2024, 1, 8) and row["week_complete"]
    assert row["next_week"] == prescription_text(build_ladder("psoas_level_ladder").stages[1].items)
    assert "5 reps, 5 s hold" in row["next_week"]
    assert row["reasons"].count("passed:") == 7 and "failed" not in row["reasons"]


def test_one_week_holds_and_says_which_gates_failed_with_their_numbers():
    row = review(ladder_log(1), "2024-01-07")
    assert row["decision"] == "hold"
    assert "failed: the stage's minimum weeks served (1 week(s) at this stage, at least 2" \
        in row["reasons"]
    assert "failed: enough sessions done at this stage (2 session(s) at this stage, at least 4" \
        in row["reasons"]


def test_pain_above_five_steps_back_and_rising_pain_holds():
    log = ladder_log(3)
    log.loc[log["date"] >= MONDAY + pd.Timedelta(weeks=2), "pain"] = 6.0
    row = review(log, "2024-01-21")
    assert row["decision"] == "step back" and "pain 6/10 above the limit of 5/10" in row["reasons"]
    log.loc[log["date"] >= MONDAY + pd.Timedelta(weeks=2), "pain"] = 2.0
    row = review(log, "2024-01-21")
    assert row["decision"] == "hold"
    assert "failed: the week's highest pain was not above the week before's (highest pain " \
        "2/10, the week before 0/10)" in row["reasons"]


def test_missing_next_morning_pain_asks_for_it_instead_of_guessing():
    row = review(ladder_log(2, morning=None), "2024-01-14")
    assert row["decision"] == "need data" and row["missing"] == "next-morning pain"
    assert "(next-morning pain not logged)" in row["reasons"]


def test_two_weeks_without_a_session_step_back():
    log = ladder_log(4)
    log = log[(log["date"] < MONDAY + pd.Timedelta(weeks=2))]
    row = review(log, "2024-01-28")
    assert row["decision"] == "step back"
    assert "2 week(s) in a row without a session" in row["reasons"]


def test_an_in_progress_week_is_reviewed_and_said_to_be_in_progress():
    row = review(ladder_log(2), "2024-01-10")  # Wednesday of week 2, both sessions done
    assert row["week_reviewed"] == dt.date(2024, 1, 8) and not row["week_complete"]
    assert row["reasons"].startswith("the week is still in progress")


def test_reps_at_the_top_of_the_range_are_the_strength_signal():
    def slr(reps_left: int, reps_right: int) -> pd.DataFrame:
        rows = []
        for w in range(2):
            for k in range(2):
                day = MONDAY + pd.Timedelta(weeks=w, days=2 * k)
                for exercise, sides in (("controlled_straight_leg_raise", ("L", "R")),
                                        ("supine_marching", ("both",)),
                                        ("standing_hip_flexion", ("L", "R"))):
                    for side in sides:
                        for set_index in (1, 2):
                            reps = {"L": reps_left, "R": reps_right, "both": 12}[side]
                            rows.append({"athlete_id": "A", "date": day,
                                         "session_id": f"{day:%F}", "exercise_id": exercise,
                                         "side": side, "set_index": set_index, "reps": reps,
                                         "hold_s": 3.0, "rpe": 4.0, "pain": 0.0,
                                         "pain_next_morning": 0.0})
        return pd.DataFrame(rows)

    top = review(slr(12, 12), "2024-01-14", "foundational_to_advanced")
    assert "Controlled Straight Leg Raise: weaker side 12 reps, top of range 12" in top["reasons"]
    short = review(slr(12, 9), "2024-01-14", "foundational_to_advanced")
    assert "Controlled Straight Leg Raise: weaker side 9 reps, top of range 12" in short["reasons"]
    assert "failed: the weaker side is strong enough" in short["reasons"]


def test_no_programme_and_exercises_off_the_ladder_are_said_plainly():
    log = ladder_log(2)
    table = next_week_table(log, analyse_log(log, as_of="2024-01-14"))
    assert table["decision"].tolist() == ["no programme"] and table["missing"][0] == "programme"
    row = review(ladder_log(2, exercise="psoas_march"), "2024-01-14")
    assert row["decision"] == "not on the ladder" and "psoas_march" in row["reasons"]


@pytest.mark.parametrize("programme", ["foundational_to_advanced", "psoas_level_ladder",
                                       "precision_movement_routine"])
def test_the_log_review_finds_the_stage_the_simulation_was_at(programme):
    """One rule engine, two inputs: a simulated log placed on the ladder gives back the stage
    the model had each athlete on in the last week."""
    sim = simulate(programme, athletes=40, weeks=6, adherence=0.8, seed=7)
    log = sim.to_log()
    as_of = pd.Timestamp(sim.start) + pd.Timedelta(weeks=6, days=-1)  # the last Sunday
    table = next_week_table(log, analyse_log(log, programme=programme, as_of=as_of))
    last_week = slice(5 * sim.sessions_per_week, 6 * sim.sessions_per_week)
    trained = sim.run.done[:, last_week].any(axis=1)
    model_stage = sim.run.stage[:, last_week].max(axis=1) + 1
    placed = table.set_index("athlete_id")["stage"]
    for i, athlete in enumerate(sim.ids):
        if trained[i]:
            assert placed[athlete] == model_stage[i], athlete
    assert trained.sum() > 20


@pytest.mark.parametrize("programme", ["foundational_to_advanced", "psoas_level_ladder"])
def test_stage_history_gives_back_the_simulated_stage_of_every_week(programme):
    sim = simulate(programme, athletes=30, weeks=6, adherence=0.8, seed=3)
    log = sim.to_log()
    as_of = pd.Timestamp(sim.start) + pd.Timedelta(weeks=6, days=-1)
    history = stage_history(log, analyse_log(log, programme=programme, as_of=as_of))
    placed = history.set_index(["athlete_id", "week_start"])["stage"]
    n = sim.sessions_per_week
    checked = 0
    for i, athlete in enumerate(sim.ids):
        for week in range(6):
            done = sim.run.done[i, week * n:(week + 1) * n]
            monday = pd.Timestamp(sim.start) + pd.Timedelta(weeks=week)
            if done.any():
                model = sim.run.stage[i, week * n:(week + 1) * n][done].max() + 1
                assert placed[(athlete, monday)] == model, (athlete, week)
                checked += 1
            else:
                assert (athlete, monday) not in placed.index
    assert checked > 100
    assert history["stages"].eq(build_ladder(programme).n_stages).all()
    assert history["stage"].max() > 1  # someone progressed, so the check is not all ones


def test_stage_history_leaves_out_athletes_without_a_programme():
    log = ladder_log(2)
    assert stage_history(log, analyse_log(log, as_of="2024-01-14")).empty


def test_next_command_prints_reasons_and_formats(capsys, tmp_path):
    path = tmp_path / "log.csv"
    ladder_log(2).to_csv(path, index=False)
    code = main(["next", str(path), "--programme", "psoas_level_ladder", "--as-of", "2024-01-14"])
    out = capsys.readouterr().out
    assert code == 0 and "decision: progress" in out and "next week (stage 2" in out
    assert "physiotherapist" in out  # the sources' safety note where exercises are shown
    main(["next", str(path), "--programme", "psoas_level_ladder", "--format", "json",
          "--as-of", "2024-01-14"])
    (row,) = json.loads(capsys.readouterr().out)
    assert row["decision"] == "progress" and len(row["reasons"]) == 7
    assert main(["next", str(path), "--programme", "psoas_level_ladder", "--athlete", "B"]) == 2
    assert "athlete" in capsys.readouterr().err
