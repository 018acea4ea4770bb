"""Flags (one row each, with the reason) and the one-row-per-athlete squad summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import make_log, routine_session, set_row

from psoaskit.analysis.log_analysis import analyse_log
from psoaskit.analysis.status import FLAG_KINDS, FLAG_LABELS, FLAG_SEVERITY, triage_status
from psoaskit.analysis.thresholds import AnalysisConfig
from psoaskit.analysis.training_load import acwr


def squad_log() -> pd.DataFrame:
    rows = []
    # A: routine 2-3 a week; week 1 fine, week 2 one session with pain 6 and a weaker right side
    rows += routine_session("A", "2024-01-01", pain=1.0)
    rows += routine_session("A", "2024-01-03", pain=1.0)
    rows += routine_session("A", "2024-01-08", hold_left=8.0, hold_right=6.0, pain=6.0)
    # B: ladder (no frequency stated), one session a week, then stops logging
    rows += [set_row("B", d, "supine_psoas_activation", side="L", reps=4, hold_s=3.0)
             for d in ("2024-01-01", "2024-01-02")]
    # C: no programme, logs up to the end
    rows += [set_row("C", "2024-01-14", "psoas_march", side="both", work_s=60.0)]
    return make_log(rows)


@pytest.fixture
def analysis():
    assignments = pd.DataFrame({"athlete_id": ["A", "B"],
                                "programme_id": ["precision_movement_routine",
                                                 "psoas_level_ladder"]})
    return analyse_log(squad_log(), assignments=assignments)


def flags_of(analysis, athlete: str) -> dict[str, list[str]]:
    table = analysis.flags[analysis.flags["athlete_id"] == athlete]
    out: dict[str, list[str]] = {}
    for row in table.itertuples():
        out.setdefault(str(row.flag), []).append(str(row.reason))
    return out


def test_flags_name_the_numbers_behind_them(analysis):
    a = flags_of(analysis, "A")
    assert a["missed_sessions"] == [
        "1 session(s) in the week; programme precision_movement_routine asks for 2-3 a week"]
    assert a["pain_high"] == [
        "pain up to 6/10, above 5/10 (red zone of the pain-monitoring model)"]
    assert a["pain_rising"] == [
        "weekly max pain rose by 5 to 6/10 (pain should not rise from week to week)"]
    # tut per side: left 3 x 5 x 8 = 120 s, right 3 x 5 x 6 = 90 s: -25 %
    assert a["asymmetry"] == [
        "standing_slumpy_psoas: time under tension [s] left 120 vs right 90"
        " (25 % more on the left)"]


def test_flag_values_and_thresholds(analysis):
    table = analysis.flags.set_index(["athlete_id", "flag"])
    assert table.loc[("A", "asymmetry"), ["value", "threshold"]].tolist() == [25.0, 15.0]
    assert table.loc[("A", "missed_sessions"), ["value", "threshold"]].tolist() == [1.0, 2.0]
    assert str(table.loc[("A", "pain_high"), "week_start"]) == "2024-01-08 00:00:00"


def test_no_missed_sessions_without_a_stated_frequency_and_inactivity_is_flagged(analysis):
    b = flags_of(analysis, "B")
    assert "missed_sessions" not in b
    # last session 2 Jan, the log ends 14 Jan: 12 days idle is under the 14-day default
    assert "inactive" not in b
    stricter = analyse_log(squad_log(), config=AnalysisConfig(inactive_days=10))
    assert flags_of(stricter, "B")["inactive"] == ["no session for 12 days (last on 2024-01-02)"]
    assert flags_of(analysis, "C") == {}


def test_load_spike_flag_uses_the_labelled_variant():
    # 5 weeks of one 10-set session a day, then a week of 30 sets a day (load = sets)
    rows = []
    days = pd.date_range("2024-01-01", periods=42)
    for i, day in enumerate(days):
        n = 10 if i < 35 else 30
        rows += [set_row("A", str(day.date()), "psoas_march", side="both", work_s=60.0)] * n
    log = make_log(rows)
    config = AnalysisConfig(load_measure="sets", acwr_variant="rolling_coupled")
    result = analyse_log(log, config=config)
    spikes = result.flags[result.flags["flag"] == "load_spike"]
    daily_sets = np.r_[np.full(35, 10.0), np.full(7, 30.0)]
    expected = acwr(daily_sets, np.zeros(42, int), "rolling_coupled")[-1]  # 30 / (21x10+7x30)/28
    assert expected == pytest.approx(30 / ((21 * 10 + 7 * 30) / 28))
    assert spikes["value"].tolist() == [pytest.approx(expected)]
    reason = spikes["reason"].iloc[0]
    assert reason.startswith("ACWR (rolling coupled, weekly 7/28 d, set-count load) 2.00")
    assert "not an injury risk" in spikes["reason"].iloc[0]


def test_squad_summary_one_row_per_athlete(analysis):
    squad = analysis.squad.set_index("athlete_id")
    assert list(squad.index) == ["A", "B", "C"]
    assert squad["sessions_target"].tolist() == ["2-3", "not stated", "no programme"]
    assert squad.loc["A", "sessions"] == 3
    assert squad.loc["A", "weeks_target_met_pct"] == 50.0  # week 1 met, week 2 below
    assert np.isnan(squad.loc["B", "weeks_target_met_pct"])
    assert squad.loc["A", "pain_max_recent"] == 6.0 and squad.loc["A", "pain_zone_recent"] == "red"
    assert squad.loc["A", "asymmetry_max_pct"] == -25.0
    assert squad.loc["A", "asymmetry_exercise"] == "standing_slumpy_psoas"
    assert squad.loc["B", "days_since_last"] == 12
    assert squad.loc["A", "flags_recent"] == 4
    assert squad.loc["A", "flag_kinds_recent"] == (
        "missed_sessions, pain_high, pain_rising, asymmetry")
    assert squad.loc["C", "flag_kinds_recent"] == ""


def test_flag_kinds_are_the_documented_ones(analysis):
    assert list(analysis.flags["flag"].cat.categories) == list(FLAG_KINDS)
    assert analysis.flags["reason"].str.len().min() > 20


def test_squad_view_rounds_renames_orders_and_drops_empty_columns(analysis):
    from psoaskit.analysis.status import SQUAD_VIEW_COLUMNS, squad_view

    squad = pd.DataFrame({
        "athlete_id": pd.Categorical(["001", "002"]),
        "flag_kinds_recent": ["missed_sessions, asymmetry", ""],
        "sessions_per_week": [2.636364, 3.0],
        "weeks_target_met_pct": [63.636364, np.nan],
        "programme_id": ["foundational_to_advanced", "psoas_march_drill"],
        "level_latest": [np.nan, np.nan],
        "acwr_ewma_latest": [1.234567, np.nan],
    })
    before = squad.copy()
    view = squad_view(squad)
    pd.testing.assert_frame_equal(squad, before)
    assert view.index.tolist() == ["001", "002"] and view.index.name == "Athlete"
    # documented order, readable headers; the all-empty ladder level is left out
    assert view.columns.tolist() == ["Programme", "Done /week", "Weeks on target %",
                                     "ACWR (EWMA)", "Recent flags"]
    assert view["Done /week"].tolist() == [2.6, 3.0]
    assert view["Weeks on target %"].tolist()[0] == 64
    assert view["Weeks on target %"].isna().tolist() == [False, True]
    assert view["ACWR (EWMA)"].tolist()[0] == 1.23
    assert view.loc["001", "Programme"] == "Foundational to advanced psoas strengthening"
    assert view.loc["001", "Recent flags"] == "missed sessions, asymmetry"
    # on a real analysis: one row per athlete, only known headers, nothing longer than 2 decimals
    real = analysis.squad_view()
    assert real.index.tolist() == analysis.athletes
    assert set(real.columns) <= {header for header, _ in SQUAD_VIEW_COLUMNS.values()}
    numbers = real.select_dtypes("number").to_numpy(dtype=float)
    assert np.allclose(np.round(numbers, 2), numbers, equal_nan=True)
    with pytest.raises(ValueError, match="athlete_id"):
        squad_view(pd.DataFrame({"sessions": [1]}))


@pytest.mark.parametrize("variant", ["ewma", "rolling_coupled", "rolling_uncoupled"])
@pytest.mark.parametrize("weekdays", [(0,), (3,), (0, 3), (1, 3, 5), (0, 1, 2, 3, 4)])
def test_steady_training_is_never_a_load_spike_whatever_the_weekday(variant, weekdays):
    # 8 weeks of the same 12 sets a week, spread over 1-5 sessions on fixed weekdays,
    # read on every day of the last week: the ratio of every complete week is 1.0, the
    # current week's (its load so far) at most 1.0
    per_session = 12 // len(weekdays)
    rows = [set_row("A", str(day.date()), "psoas_march", side="both", work_s=60.0)
            for day in pd.date_range("2024-01-01", periods=56)
            if day.weekday() in weekdays for _ in range(per_session)]
    config = AnalysisConfig(load_measure="sets", acwr_variant=variant)
    for as_of in pd.date_range("2024-02-20", "2024-02-26"):
        result = analyse_log(make_log(rows), config=config, as_of=as_of.date())
        assert "load_spike" not in set(result.flags["flag"])
        weekly = result.weekly.dropna(subset=[f"acwr_{variant}"])
        ratio = weekly[f"acwr_{variant}"].to_numpy()
        complete = weekly["week_complete"].to_numpy()
        assert complete.sum() >= 4
        np.testing.assert_allclose(ratio[complete], 1.0)
        assert (ratio[~complete] <= 1.0 + 1e-12).all()


def test_a_doubled_week_is_a_load_spike_in_every_variant():
    rows = [set_row("A", str(day.date()), "psoas_march", side="both", work_s=60.0)
            for day in pd.date_range("2024-01-01", periods=42)
            if day.weekday() in (0, 3)
            for _ in range(12 if day >= pd.Timestamp("2024-02-05") else 6)]
    for variant in ["ewma", "rolling_coupled", "rolling_uncoupled"]:
        config = AnalysisConfig(load_measure="sets", acwr_variant=variant)
        spikes = analyse_log(make_log(rows), config=config).flags.query("flag == 'load_spike'")
        assert spikes["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-02-05"]


def _loaded_weeks(loads: list[float], pains: list[float] | None = None) -> pd.DataFrame:
    """Two sessions a week (Mon, Thu) of the slumpy psoas at the given load per week."""
    pains = pains or [0.0] * len(loads)
    monday = pd.Timestamp("2024-01-01")
    rows = []
    for week, (load, pain) in enumerate(zip(loads, pains, strict=True)):
        for offset in (0, 3):
            day = (monday + pd.Timedelta(days=7 * week + offset)).strftime("%Y-%m-%d")
            rows += [set_row("A", day, "standing_slumpy_psoas", side=side, set_index=k, reps=8,
                             load_kg=load, pain=pain)
                     for k in (1, 2, 3) for side in ("L", "R")]
    return make_log(rows)


def _stalls(log: pd.DataFrame, programme: str = "precision_movement_routine") -> list[float]:
    # the target of 2 a week is given, so that a programme without one is judged too
    assignments = pd.DataFrame({"athlete_id": ["A"], "programme_id": [programme],
                                "sessions_per_week": [2]})
    flags = analyse_log(log, assignments=assignments, as_of="2024-03-31").flags
    return flags.loc[flags["flag"] == "no_progression", "value"].tolist()


def test_no_progression_counts_ready_weeks_without_a_new_best():
    # the routine progresses by load; the same 4 kg for 6 weeks, on target and pain-free:
    # week 1 is the baseline, weeks 1-4 make a run of 4 (flagged), then 5 and 6
    assert _stalls(_loaded_weeks([4.0] * 6)) == [4.0, 5.0, 6.0]
    # a heavier week 3 restarts the run: weeks 4-6 are only 3 in a row
    assert _stalls(_loaded_weeks([4.0, 4.0, 5.0, 5.0, 5.0, 5.0])) == []
    # an amber week is not "ready": the run restarts after it
    assert _stalls(_loaded_weeks([4.0] * 6, [0.0, 0.0, 4.0, 0.0, 0.0, 0.0])) == []
    # a programme that states no progression (source 000's drill) is never flagged
    assert _stalls(_loaded_weeks([4.0] * 6), "psoas_march_drill") == []


def test_no_progression_reason_names_the_steps_and_the_programme():
    flags = analyse_log(_loaded_weeks([4.0] * 4), programme="precision_movement_routine",
                        as_of="2024-01-28").flags
    assert flags.loc[flags["flag"] == "no_progression", "reason"].tolist() == [
        "4 weeks in a row on the session target with pain green and no new best in load "
        "(programme precision_movement_routine): ready for the next step?"]


def test_pain_next_day_follows_the_24_hour_rule():
    rows = []
    # (pain during, next morning): settled / not settled to green / worse than during / same
    for day, during, morning in (("2024-01-01", 4.0, 2.0), ("2024-01-08", 5.0, 4.0),
                                 ("2024-01-15", 0.0, 2.0), ("2024-01-22", 3.0, 3.0)):
        rows.append(set_row("A", day, "psoas_march", work_s=60.0, pain=during,
                            pain_next_morning=morning))
    flags = analyse_log(make_log(rows)).flags
    pain_next = flags[flags["flag"] == "pain_next_day"]
    assert pain_next["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-08",
                                                                         "2024-01-15"]
    assert pain_next["reason"].tolist() == [
        "pain 4/10 the morning after the session of 2024-01-08 (during: 5/10): not settled "
        "back to 3/10 or less; the pain-monitoring model asks for less load next time",
        "pain 2/10 the morning after the session of 2024-01-15 (during: 0/10): worse than "
        "during the session; the pain-monitoring model asks for less load next time"]


def test_repeated_flags_collapse_into_a_run_and_old_runs_are_history():
    analysis = analyse_log(_loaded_weeks([4.0] * 6), programme="precision_movement_routine",
                           as_of="2024-03-31")
    runs = analysis.flag_episodes
    stall = runs[runs["flag"] == "no_progression"]
    assert stall[["first_week", "last_week", "weeks", "value"]].values.tolist() == [
        [pd.Timestamp("2024-01-22"), pd.Timestamp("2024-02-05"), 3, 6.0]]
    # the last flagged week (5 Feb) is before the 4 recent weeks up to 31 March
    assert not stall["current"].item()
    assert (analysis.squad["flags_recent"] == runs["current"].sum()).all()


def test_every_flag_kind_has_a_label():
    assert set(FLAG_LABELS) == set(FLAG_KINDS)


def test_triage_is_the_most_urgent_current_flag_and_every_kind_has_a_severity():
    assert set(FLAG_SEVERITY) == set(FLAG_KINDS)
    assert triage_status([]) == "on_track"
    assert triage_status(["no_progression"]) == "progress"
    assert triage_status(["no_progression", "missed_sessions"]) == "review"
    assert triage_status(["load_spike", "pain_next_day", "no_progression"]) == "act"
