"""Programme simulation: ladders, the progression rules, the reference loop, the log.

The plain per-athlete loop below (:func:`loop_model`, :func:`loop_log`) is the reference
implementation of the model: written for reading, one athlete, one day at a time, with Python
floats. The vectorised :func:`psoaskit.simulation.model.run_model` must agree with it exactly.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from psoaskit.cli import main
from psoaskit.logs.api import read_log
from psoaskit.logs.schema import LOG_COLUMNS, LOG_DTYPES
from psoaskit.simulation.config import SimulationConfig
from psoaskit.simulation.draws import Draws, draw_randomness, session_days
from psoaskit.simulation.ladder import Ladder, LadderConfig, build_ladder
from psoaskit.simulation.model import ModelRun, run_model
from psoaskit.simulation.runs import (
    adherence_comparison,
    compare_programmes,
    simulate,
    with_pain_rule,
)
from psoaskit.simulation.synthetic_log import athlete_ids, log_from_run, note_labels

PROGRAMMES = [
    "psoas_march_drill",
    "precision_movement_routine",
    "foundational_to_advanced",
    "psoas_level_ladder",
]


# --- the reference: one athlete at a time ---------------------------------------------------


def _nrs(x: float) -> float:
    return min(max(float(math.floor(x + 0.5)), 0.0), 10.0)


def loop_athlete(i: int, ladder: Ladder, draws: Draws, per_week: int, weeks: int,
                 config: SimulationConfig) -> dict[str, list]:
    """The model for athlete ``i``: daily fitness-fatigue steps, weekly review."""
    rule, resp = config.pain_rule, config.response
    demand = ladder.demand.tolist()
    min_weeks = ladder.min_weeks.tolist()
    next_demand = [s.next_demand for s in ladder.stages]
    top = ladder.n_stages - 1
    days = session_days(per_week)
    decay_fit = math.exp(-1.0 / resp.tau_fitness_d)
    decay_fat = math.exp(-1.0 / resp.tau_fatigue_d)
    capacity0 = float(draws.capacity0[i])
    k_fit = resp.k_fitness * resp.gain * float(draws.response[i])
    k_fat = resp.k_fatigue * resp.gain * float(draws.response[i])
    threshold, span = resp.intensity_threshold, 1.0 - resp.intensity_threshold
    weak = 1.0 - abs(float(draws.half_asymmetry[i]))
    baseline = float(draws.baseline_pain[i])
    adherence = float(draws.adherence[i])
    min_sessions = min(config.min_sessions_to_progress, per_week)

    rec: dict[str, list] = {k: [] for k in (
        "done", "stage", "stage_sessions", "capacity", "rpe", "load", "flare", "pain_before",
        "pain_during", "pain_after", "pain_next_day", "week_stage", "week_capacity", "week_done",
        "week_decision")}
    stage, weeks_at, sessions_at, missed, prev_pain = 0, 0, 0, 0, -1.0
    fit = fat = flare = 0.0
    for week in range(weeks):
        n_done, max_during, max_after, max_rpe, unsettled = 0, -1.0, -1.0, 0.0, False
        for day in range(7):
            load = 0.0
            if day in days:
                j = week * per_week + days.index(day)
                capacity = max(capacity0 * (k_fit * fit - k_fat * fat + 1.0), 1.0)
                need = demand[stage]
                rpe = min(max((config.rpe_at_capacity * need) / capacity, 1.0), 10.0)
                rel_weak = (need / weak) / capacity  # demand relative to the weaker side
                before = _nrs(baseline + flare)
                event = bool(draws.flare_u[i, j] < config.flare_probability)
                if event:
                    flare = flare + float(draws.flare_size[i, j])
                overload = max(rel_weak - 1.0, 0.0)
                during_raw = (baseline + flare + config.overload_pain * overload) + float(
                    draws.pain_noise[i, j])
                during = _nrs(during_raw)
                after = _nrs(during_raw + config.after_pain * overload)
                next_day = _nrs(baseline + flare * config.flare_daily_decay
                                + config.next_day_pain * overload)
                done = bool(draws.attend_u[i, j] < adherence)
                at_stage = sessions_at  # sessions done at this stage before this one
                if done:
                    # stimulus: each exercise's time for one leg x its intensity weight
                    for p in ladder.stages[stage].items:
                        weight = min(max((p.demand_nm / capacity - threshold) / span, 0.0), 1.0)
                        load += weight * p.leg_time_s(ladder.rep_duration_s)
                    n_done += 1
                    sessions_at += 1
                    max_during = max(max_during, during)
                    max_after = max(max_after, after)
                    max_rpe = max(max_rpe, rpe)
                    if next_day > before + rule.next_day_rise_max:
                        unsettled = True
                for key, value in (("done", done), ("stage", stage),
                                   ("stage_sessions", at_stage), ("capacity", capacity),
                                   ("rpe", rpe), ("load", load), ("flare", event),
                                   ("pain_before", before), ("pain_during", during),
                                   ("pain_after", after), ("pain_next_day", next_day)):
                    rec[key].append(value)
            fit = fit * decay_fit + load
            fat = fat * decay_fat + load
            flare = flare * config.flare_daily_decay
        # weekly review: pain first, then lapses, then readiness to progress
        trained = n_done > 0
        red = trained and (max_during > rule.during_max or max_after > rule.after_max)
        missed = 0 if trained else missed + 1
        lapsed = missed >= config.missed_weeks_step_back
        if lapsed:
            missed = 0
        back = red or lapsed
        rose = trained and prev_pain >= 0.0 and max_during > prev_pain + rule.weekly_rise_max
        capacity_now = capacity0 * (k_fit * fit - k_fat * fat + 1.0)
        # earned: the next stage asks at most a set share of the weaker side's capacity
        earned = next_demand[stage] / weak <= capacity_now * config.progress_share
        ready = (not back and n_done >= min_sessions and not unsettled and not rose
                 and sessions_at >= config.min_sessions_at_stage
                 and max_rpe <= config.progress_rpe_max and weeks_at + 1 >= min_weeks[stage]
                 and earned)
        new_stage = min(max(stage - int(back) + int(ready), 0), top)
        if new_stage == stage:
            weeks_at += 1
        else:
            weeks_at, sessions_at = 0, 0
        if trained:
            prev_pain = max_during
        rec["week_decision"].append(new_stage - stage)
        stage = new_stage
        rec["week_stage"].append(stage)
        rec["week_capacity"].append(capacity_now)
        rec["week_done"].append(n_done)
    return rec


def loop_model(ladder: Ladder, draws: Draws, per_week: int, weeks: int,
               config: SimulationConfig) -> dict[str, np.ndarray]:
    """The reference model: a plain loop over athletes."""
    per_athlete = [loop_athlete(i, ladder, draws, per_week, weeks, config)
                   for i in range(draws.n_athletes)]
    return {k: np.array([r[k] for r in per_athlete]) for k in per_athlete[0]}


def loop_log(ladder: Ladder, rec: dict[str, np.ndarray], draws: Draws, per_week: int,
             weeks: int, config: SimulationConfig, start: dt.date) -> pd.DataFrame:
    """The reference log: one dict per row, session by session."""
    ids = athlete_ids(draws.n_athletes)
    notes = note_labels(ladder)
    days = session_days(per_week)
    sign = {"L": 1.0, "R": -1.0, "both": 0.0}
    rows = []
    for i in range(draws.n_athletes):
        last_stage = None
        for j in range(weeks * per_week):
            if not rec["done"][i, j]:
                continue
            stage = int(rec["stage"][i, j])
            note = None
            if rec["flare"][i, j]:
                note = notes[0]
            elif last_stage is not None and stage < last_stage:
                note = notes[1 + ladder.n_stages + stage]
            elif last_stage is not None and stage > last_stage:
                note = notes[1 + stage]
            last_stage = stage
            day = start + dt.timedelta(days=(j // per_week) * 7 + days[j % per_week])
            capacity = float(rec["capacity"][i, j])
            tiring = 2.0 * float(draws.fatigue_u[i, j])
            practised = int(rec["stage_sessions"][i, j]) / max(
                config.min_sessions_at_stage - 1, 1)
            this = ladder.stages[stage]
            first_row = len(rows)
            for p in this.items:
                for set_index in range(1, p.sets + 1):
                    for side in p.sides:
                        side_capacity = capacity * (
                            1.0 + sign[side] * float(draws.half_asymmetry[i]))
                        effort = p.demand_nm if p.demand_nm > 0 else p.intensity * this.demand
                        rel = effort / side_capacity
                        short = max(rel, 1.0)
                        reps = None
                        if p.reps is not None:
                            # double progression: up the range session by session at the
                            # stage, capped by headroom: bottom when the stage's demand is
                            # the progress share of the side's capacity, top at the next's
                            allowed = practised
                            if this.next_demand > this.demand:
                                headroom = (config.progress_share * side_capacity / this.demand
                                            - 1.0) / (this.next_demand / this.demand - 1.0)
                                allowed = min(headroom, practised)
                            climbed = min(max(allowed, 0.0), 1.0)
                            top_reps = p.reps_max or p.reps
                            target = math.floor(
                                (p.reps + math.floor((top_reps - p.reps) * climbed)) / short)
                            lost = math.floor(
                                config.fatigue_reps_per_set * (set_index - 1.0) * tiring)
                            reps = max(target - lost, 1)
                        rpe_raw = (config.rpe_at_capacity * rel
                                   + config.rpe_per_set * (set_index - 1.0)) + float(
                            draws.rpe_noise[i, j])
                        rows.append({
                            "athlete_id": ids[i],
                            "date": pd.Timestamp(day),
                            "session_id": f"{ids[i]}-{day.isoformat()}",
                            "exercise_id": p.exercise,
                            "side": side,
                            "set_index": set_index,
                            "reps": reps,
                            "hold_s": p.hold_s,
                            "work_s": None if p.work_s is None else float(
                                math.floor(p.work_s / short)),
                            "load_kg": p.load_kg,
                            "band": p.band,
                            "rpe": min(max(math.floor(rpe_raw * 2.0 + 0.5) / 2.0, 1.0), 10.0),
                            "pain": float(rec["pain_during"][i, j]),
                            "notes": note,
                        })
                        note = None
            # the session's fields: work + rests + set-up; mean set RPE to the half point
            done = rows[first_row:]
            seconds = sum(
                (r["work_s"] or 0.0)
                + (r["reps"] * (config.seconds_per_rep if r["hold_s"] is None else r["hold_s"])
                   if r["reps"] else 0.0)
                for r in done
            ) + config.rest_between_sets_s * (len(done) - 1)
            for r in done:
                r["session_duration_min"] = float(round(seconds / 60 + config.session_setup_min))
                r["session_rpe"] = round(2 * sum(x["rpe"] for x in done) / len(done)) / 2
                r["pain_next_morning"] = float(rec["pain_next_day"][i, j])
    frame = pd.DataFrame(rows, columns=list(LOG_COLUMNS))
    for column in ("hold_s", "work_s", "load_kg"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame.astype(LOG_DTYPES)


def _as_plain(log: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as text, so that category lists do not matter in comparisons."""
    out = log.copy()
    for column in ("athlete_id", "exercise_id", "side"):
        out[column] = out[column].astype(str)
    return out


# --- the vectorised model equals the loop -----------------------------------------------------


#: More flare-ups (step-backs), and weak, lopsided athletes allowed to progress beyond their
#: capacity (reps cut short, overload pain).
RULE_HEAVY = SimulationConfig(flare_probability=0.08, capacity_sd=0.4, asymmetry_sd=0.3,
                              capacity_nm_per_kg=0.5, progress_share=2.0)


@pytest.mark.parametrize("programme", PROGRAMMES)
@pytest.mark.parametrize(("per_week", "adherence", "config"), [
    (3, 0.8, SimulationConfig()), (2, 0.5, RULE_HEAVY), (5, 0.9, RULE_HEAVY)])
def test_vectorised_model_and_log_match_the_plain_loop_exactly(programme, per_week, adherence,
                                                               config):
    ladder = build_ladder(programme, config.ladder)
    weeks, athletes = 10, 12
    draws = draw_randomness(athletes, weeks * per_week, adherence, seed=11, config=config)
    run = run_model(ladder, draws, per_week, weeks, config)
    ref = loop_model(ladder, draws, per_week, weeks, config)
    for key, expected in ref.items():
        np.testing.assert_array_equal(getattr(run, key), expected.astype(getattr(run, key).dtype),
                                      err_msg=key)
    start = dt.date(2024, 1, 1)
    vectorised = log_from_run(ladder, run, draws, start=start, config=config)
    reference = loop_log(ladder, ref, draws, per_week, weeks, config, start)
    pd.testing.assert_frame_equal(_as_plain(vectorised), _as_plain(reference))


def test_the_comparison_exercises_every_rule():
    """The equality test above is only meaningful if every branch of the model is taken."""
    ladder = build_ladder("psoas_level_ladder", RULE_HEAVY.ladder)
    draws = draw_randomness(12, 50, 0.9, seed=11, config=RULE_HEAVY)
    run = run_model(ladder, draws, 5, 10, RULE_HEAVY)
    assert set(np.unique(run.week_decision).tolist()) == {-1, 0, 1}
    assert run.flare.any() and (~run.done).any() and (run.pain_during > 5).any()
    assert (run.pain_after > run.pain_during).any()  # demand above the weaker side's capacity
    log = log_from_run(ladder, run, draws, config=RULE_HEAVY)
    assert (~log["reps"].isin([3, 5])).any()  # prescribed 3 or 5: fewer means cut short
    # the rep range of 002 (6-12): bottom, top, in between, and later sets losing reps
    ladder = build_ladder("foundational_to_advanced")
    draws = draw_randomness(12, 30, 0.8, seed=11)
    log = log_from_run(ladder, run_model(ladder, draws, 3, 10), draws)
    raise_reps = log.loc[log["exercise_id"] == "controlled_straight_leg_raise", "reps"]
    assert {6, 9, 12} <= set(raise_reps.tolist())
    by_set = log.groupby(["session_id", "exercise_id", "side"], observed=True)["reps"]
    assert (by_set.diff().dropna() < 0).any()  # fatigue: a later set with fewer reps


# --- hand-made draws: each rule on its own ----------------------------------------------------


def make_draws(athletes: int, sessions: int, **overrides: object) -> Draws:
    """No pain, no noise, everybody trains, strong athletes; override what a test needs."""
    values: dict[str, np.ndarray] = {
        "capacity0": np.full(athletes, 200.0),
        "response": np.ones(athletes),
        "adherence": np.ones(athletes),
        "half_asymmetry": np.zeros(athletes),
        "baseline_pain": np.zeros(athletes),
        "attend_u": np.full((athletes, sessions), 0.5),
        "flare_u": np.ones((athletes, sessions)),
        "flare_size": np.zeros((athletes, sessions)),
        "pain_noise": np.zeros((athletes, sessions)),
        "rpe_noise": np.zeros((athletes, sessions)),
        "fatigue_u": np.zeros((athletes, sessions)),
    }
    values.update({k: np.asarray(v, dtype=float) for k, v in overrides.items()})
    return Draws(**values)


#: Exposure rules at their loosest (one week, one session per stage): isolates the pain rules.
WEEKLY = SimulationConfig(ladder=LadderConfig(min_weeks_per_stage=1), min_sessions_at_stage=1)


def test_a_strong_painfree_athlete_climbs_one_stage_every_two_weeks_to_the_top():
    ladder = build_ladder("psoas_level_ladder")
    run = run_model(ladder, make_draws(1, 60), 3, 20)
    assert run.week_stage[0].tolist() == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9,
                                          9, 9]
    assert ladder.levels[run.week_stage[0]].tolist()[-1] == 5
    assert run.stage_sessions[0, :7].tolist() == [0, 1, 2, 3, 4, 5, 0]


def test_exposure_is_configurable_and_counts_sessions_done():
    ladder = build_ladder("psoas_level_ladder", WEEKLY.ladder)
    run = run_model(ladder, make_draws(1, 36), 3, 12, WEEKLY)
    assert run.week_stage[0].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9]
    # two sessions a week, one done: four sessions at a stage take four weeks
    attend = np.tile([0.0, 1.0], 8)[None, :]
    config = SimulationConfig(min_sessions_to_progress=1)
    run = run_model(build_ladder("psoas_level_ladder"), make_draws(1, 16, attend_u=attend), 2,
                    8, config)
    assert run.week_stage[0].tolist() == [0, 0, 0, 1, 1, 1, 1, 2]


def test_progression_waits_for_capacity_to_meet_the_next_stage():
    ladder = build_ladder("foundational_to_advanced")
    share = SimulationConfig().progress_share
    # capacity 100 N m, not growing: 60 % of it covers stage 5 (49.5 N m, heavy band) but not
    # stage 6 (67.7 N m, extra heavy)
    assert ladder.demand[4] <= share * 100.0 < ladder.demand[5]
    draws = make_draws(1, 36, capacity0=np.array([100.0]), response=np.array([1e-9]))
    run = run_model(ladder, draws, 3, 12)
    assert run.week_stage[0].max() == 4 and run.week_stage[0, -1] == 4
    log = log_from_run(ladder, run, draws)
    late = log[log["date"] > log["date"].iloc[0] + pd.Timedelta(weeks=9)]
    # reps stall part-way up the 6-12 range: (0.6 * 100 / 49.5 - 1) / (67.7 / 49.5 - 1) = 0.58
    # of the range -> 6 + floor(6 * 0.58) = 9
    headroom = (share * 100.0 / ladder.demand[4] - 1) / (ladder.demand[5] / ladder.demand[4] - 1)
    assert headroom == pytest.approx(0.58, abs=0.005)
    assert set(late["reps"]) == {9}


def test_pain_above_five_steps_back_and_an_unsettled_morning_holds():
    ladder = build_ladder("psoas_level_ladder", WEEKLY.ladder)
    flare_u = np.ones((2, 18))
    flare_u[:, 9] = 0.0  # a flare-up at the first session of week 4
    sizes = np.zeros((2, 18))
    sizes[0, 9], sizes[1, 9] = 6.0, 3.0  # pain 6/10 (above 5) vs 3/10 (acceptable)
    no_weekly_rule = with_pain_rule(WEEKLY, weekly_rise_max=10)
    draws = make_draws(2, 18, flare_u=flare_u, flare_size=sizes)
    run = run_model(ladder, draws, 3, 6, no_weekly_rule)
    assert run.pain_during[:, 9].tolist() == [6, 3]
    assert run.week_decision[0].tolist()[:4] == [1, 1, 1, -1]  # stepped back
    # pain 3 is acceptable, but the next morning is worse than before the session: hold
    assert run.pain_next_day[1, 9] > run.pain_before[1, 9]
    assert run.week_decision[1].tolist()[:4] == [1, 1, 1, 0]


def test_thresholds_are_configurable():
    ladder = build_ladder("psoas_level_ladder", WEEKLY.ladder)
    flare_u = np.ones((1, 18))
    flare_u[0, 9] = 0.0
    draws = make_draws(1, 18, flare_u=flare_u, flare_size=np.full((1, 18), 3.0))
    strict = with_pain_rule(WEEKLY, during_max=2)
    assert run_model(ladder, draws, 3, 6, strict).week_decision[0, 3] == -1
    lenient = with_pain_rule(WEEKLY, next_day_rise_max=5, weekly_rise_max=5)
    assert run_model(ladder, draws, 3, 6, lenient).week_decision[0, 3] == 1


def test_pain_rising_week_on_week_holds():
    ladder = build_ladder("psoas_level_ladder", WEEKLY.ladder)
    noise = np.zeros((1, 9))
    noise[0, 3:6] = 1.0  # week 2: pain 1/10 every session, week 1 was 0/10
    run = run_model(ladder, make_draws(1, 9, pain_noise=noise), 3, 3, WEEKLY)
    assert run.week_decision[0].tolist() == [1, 0, 1]


def test_two_weeks_without_a_session_step_back_and_too_few_sessions_hold():
    ladder = build_ladder("psoas_level_ladder", WEEKLY.ladder)
    attend = np.zeros((1, 24))
    attend[0, 12:18] = 1.0  # weeks 5 and 6 missed entirely
    attend[0, 19:21] = 1.0  # week 7: one session of three
    run = run_model(ladder, make_draws(1, 24, attend_u=attend), 3, 8, WEEKLY)
    assert run.week_done[0].tolist() == [3, 3, 3, 3, 0, 0, 1, 3]
    assert run.week_decision[0].tolist() == [1, 1, 1, 1, 0, -1, 0, 1]


def test_a_hard_stage_holds_until_capacity_has_grown():
    ladder = build_ladder("foundational_to_advanced")
    draws = make_draws(1, 30, capacity0=np.array([80.0]))
    run = run_model(ladder, draws, 3, 10)
    rpe_ok = run.rpe[0].reshape(10, 3).max(axis=1) <= SimulationConfig().progress_rpe_max
    progressed = run.week_decision[0] == 1
    assert (progressed <= rpe_ok).all()  # never progresses on a week that felt too hard
    assert progressed.any() and (~progressed).any()


def test_the_load_step_waits_the_weeks_the_source_asks_for():
    ladder = build_ladder("precision_movement_routine")
    assert ladder.stages[0].min_weeks == LadderConfig().weeks_before_load == 3
    run = run_model(ladder, make_draws(1, 24), 3, 8)
    assert run.week_stage[0].tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_capacity_follows_the_banister_impulse_response():
    """One session on day 0, then rest. Each day's load enters at the day's end
    (g = g*e1 + w), so capacity at the start of day d >= 1 is
    c0 + k1*w*exp(-(d-1)/tau1) - k2*w*exp(-(d-1)/tau2)."""
    ladder = build_ladder("psoas_march_drill")
    attend = np.ones((1, 6))
    attend[0, 0] = 0.0
    run = run_model(ladder, make_draws(1, 6, attend_u=attend, capacity0=[100.0]), 3, 2)
    resp = SimulationConfig().response
    # stimulus: 3 x 60 s of marching, 180 s per leg at (28.7 / 100 - 0.2) / 0.8 of full weight
    (march,) = ladder.stages[0].items
    assert march.demand_nm == pytest.approx(28.7, abs=0.05)
    w = run.load[0, 0]
    assert w == pytest.approx(180.0 * (march.demand_nm / 100.0 - 0.2) / 0.8)
    k1, k2 = resp.k_fitness * resp.gain, resp.k_fatigue * resp.gain
    for j, day in enumerate(session_days(3) * 2):
        d = day + 7 * (j // 3)
        if j == 0:
            continue
        relative = k1 * w * math.exp(-(d - 1) / 42.0) - k2 * w * math.exp(-(d - 1) / 7.0)
        assert run.capacity[0, j] == pytest.approx(100.0 * (1.0 + relative), rel=1e-12)


def test_work_without_hip_flexor_demand_adds_no_stimulus():
    ladder = build_ladder("precision_movement_routine")
    run = run_model(ladder, make_draws(1, 3, capacity0=[140.0]), 3, 1)
    resp = SimulationConfig().response
    expected = sum(resp.weight(p.demand_nm / 140.0) * p.leg_time_s(ladder.rep_duration_s)
                   for p in ladder.stages[0].items if p.demand_nm > 0)
    assert run.load[0, 0] == pytest.approx(expected)
    # the same session with only the soft-tissue work, glute squeeze and side-lying holds
    no_demand = [p for p in ladder.stages[0].items if p.demand_nm == 0]
    assert {p.exercise for p in no_demand} == {
        "active_self_myofascial_release", "standing_glute_contraction", "side_lying_hip_ere"}
    stage = replace(ladder.stages[0], items=tuple(no_demand), demand=0.0, next_demand=0.0)
    empty = run_model(replace(ladder, stages=(stage,)), make_draws(1, 3), 3, 1)
    assert (empty.load == 0).all() and (empty.week_capacity == 200.0).all()


def test_individual_response_scales_the_gain():
    ladder = build_ladder("precision_movement_routine")
    draws = make_draws(2, 24, response=np.array([0.5, 2.0]), capacity0=np.array([100.0, 100.0]))
    run = run_model(ladder, draws, 3, 8)
    gain = run.week_capacity[:, -1] - 100.0
    assert gain[1] > 2 * gain[0] > 0


# --- the log, summary, comparison -------------------------------------------------------------


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_simulated_log_passes_read_log_without_a_single_rejection(programme, tmp_path):
    sim = simulate(programme, athletes=15, weeks=6, seed=5)
    path = tmp_path / "log.csv"
    from psoaskit.logs.api import write_log

    write_log(sim.to_log(), path)
    log, report = read_log(path, today=dt.date(2026, 1, 1))
    assert report.rows_rejected == 0 and report.rows_read == len(log) > 0
    summary = sim.summary()
    per_athlete = log.groupby("athlete_id", observed=True)["session_id"].nunique()
    assert per_athlete.reindex(summary["athlete_id"], fill_value=0).tolist() == \
        summary["sessions_done"].tolist()
    trajectory = sim.weekly().pivot(index="athlete_id", columns="week", values="capacity")
    np.testing.assert_array_equal(summary.filter(like="capacity_w").to_numpy(),
                                  trajectory.to_numpy())
    assert (summary["capacity_w6"] == summary["capacity_end"]).all()


def test_unilateral_work_has_a_left_and_a_right_row_and_asymmetry_shows():
    ladder = build_ladder("foundational_to_advanced")
    # the left side is much stronger than the right and the stage is too hard for the right
    # (left 56 N m, right 34 N m against the straight-leg raise's 40.9 N m)
    draws = make_draws(1, 3, capacity0=np.array([45.0]), half_asymmetry=np.array([0.25]))
    log = log_from_run(ladder, run_model(ladder, draws, 3, 1), draws)
    slr = log[log["exercise_id"] == "controlled_straight_leg_raise"]
    left, right = slr[slr["side"] == "L"], slr[slr["side"] == "R"]
    assert len(left) == len(right) == 9
    assert (left["reps"].to_numpy() > right["reps"].to_numpy()).all()
    assert (left["rpe"].to_numpy() < right["rpe"].to_numpy()).all()
    assert set(log.loc[log["exercise_id"] == "supine_marching", "side"]) == {"both"}


def test_same_seed_same_output_and_another_seed_differs():
    a = simulate("foundational_to_advanced", athletes=20, weeks=4, seed=1).to_log()
    b = simulate("foundational_to_advanced", athletes=20, weeks=4, seed=1).to_log()
    c = simulate("foundational_to_advanced", athletes=20, weeks=4, seed=2).to_log()
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_adherence_controls_sessions_done():
    low = simulate("psoas_march_drill", athletes=400, weeks=8, adherence=0.3, seed=0).summary()
    full = simulate("psoas_march_drill", athletes=50, weeks=8, adherence=1.0, seed=0).summary()
    assert low["adherence"].mean() == pytest.approx(0.3, abs=0.03)
    assert (full["sessions_done"] == 24).all()


def test_notes_mark_flare_ups_and_stage_changes():
    config = SimulationConfig(flare_probability=0.1)
    log = simulate("psoas_level_ladder", athletes=10, weeks=8, seed=4, config=config).to_log()
    notes = log["notes"].dropna()
    assert (notes == "pain flare-up").any() and notes.str.startswith("moved up: level").any()


def test_weekly_stats_and_comparison():
    table = compare_programmes(weeks=4, athletes=40, seed=3)
    assert set(table["programme"]) == set(PROGRAMMES)
    assert (table.groupby("programme").size() == 5).all()
    ladder_rows = table[table["programme"] == "psoas_level_ladder"]
    assert ladder_rows["share_level5"].notna().all()
    assert table.loc[table["programme"] != "psoas_level_ladder", "share_level5"].isna().all()
    ordered = table[["capacity_p10", "capacity_median", "capacity_p90"]].to_numpy()
    assert (np.diff(ordered, axis=1) >= 0).all()
    march = table[table["programme"] == "psoas_march_drill"]
    assert (march["share_top"] == 1.0).all()  # a one-stage ladder is at its top from the start


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="sessions per week"):
        simulate("psoas_march_drill", sessions_per_week=9)
    with pytest.raises(ValueError, match="adherence"):
        simulate("psoas_march_drill", adherence=1.5)
    with pytest.raises(KeyError, match="did you mean"):
        simulate("psoas_marsh_drill")
    with pytest.raises(ValueError, match="draws are for"):
        run_model(build_ladder("psoas_march_drill"), make_draws(1, 3), 3, 2)


def test_model_run_fields_are_documented():
    assert all(name in (ModelRun.__doc__ or "") for name in ModelRun.__dataclass_fields__
               if name not in ("sessions_per_week", "weeks"))


# --- command line -----------------------------------------------------------------------------


def test_cli_simulate_writes_identical_files_for_the_same_seed(tmp_path, capsys):
    args = ["simulate", "--programme", "psoas_level_ladder", "--weeks", "6", "--athletes", "8",
            "--seed", "3", "--sessions-per-week", "2", "--adherence", "0.7"]
    assert main([*args, "--out", str(tmp_path / "a.csv")]) == 0
    assert main([*args, "--out", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a_summary.csv").read_bytes() == (tmp_path / "b_summary.csv").read_bytes()
    log, report = read_log(tmp_path / "a.csv")
    assert report.rows_rejected == 0 and len(log) > 0
    assert "wrote" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "a.csv")]) == 0
    assert f"{len(log)} accepted + 0 rejected" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--programme", "psoas_ladder"], "did you mean"),
        (["--programme", "psoas_march_drill", "--athletes", "0"], "--athletes"),
        (["--programme", "psoas_march_drill", "--adherence", "2"], "--adherence"),
        (["--programme", "psoas_march_drill", "--sessions-per-week", "8"], "1-7"),
        (["--programme", "psoas_march_drill", "--start", "2100-01-01"], "past today"),
        (["--programme", "psoas_march_drill", "--weeks", "2000"], "--weeks must be 1-520"),
    ],
)
def test_cli_simulate_usage_errors_exit_2(tmp_path, capsys, extra, message):
    assert main(["simulate", *extra, "--out", str(tmp_path / "x.csv")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_cli_compare_and_ladder(capsys):
    assert main(["compare-programmes", "--weeks", "3", "--athletes", "20", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("programme,capacity_p10") and len(lines) == 1 + len(PROGRAMMES)
    assert main(["ladder", "psoas_level_ladder", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "standing_banded_psoas_hold" in out and "Safety" not in out  # csv stays csv
    assert main(["ladder", "psoas_level_ladder"]) == 0
    assert "sharp pain" in capsys.readouterr().out


def test_explorer_callback_is_a_plain_function_of_its_inputs():
    from psoaskit.viz.widgets.simulation import simulation_state

    a = simulation_state("precision_movement_routine", 2, 0.6, 5, athletes=40, seed=3)
    b = simulation_state("precision_movement_routine", 2, 0.6, 5, athletes=40, seed=3)
    assert a.html == b.html
    top = f"{a.summary['top_reached'].mean():.0%}"
    assert f"ladder (4 stages): {top}" in a.html and "physiotherapist" in a.html
    both = simulation_state("psoas_level_ladder", 3, 0.8, 3, athletes=20, compare=True)
    assert set(both.stats["programme"]) == set(PROGRAMMES)



def test_adherence_comparison_rows_match_the_simulations() -> None:
    table = adherence_comparison("psoas_level_ladder", (0.3, 0.9), athletes=12, weeks=3, seed=4)
    assert table["adherence"].tolist() == [0.3, 0.9]
    summary = simulate("psoas_level_ladder", athletes=12, weeks=3, adherence=0.9, seed=4).summary()
    row = table.iloc[1]
    assert row["sessions done (median)"] == summary["sessions_done"].median()
    assert row["capacity change % (median)"] == round(summary["capacity_change_pct"].median(), 1)
    assert row["reached the top stage"] == f"{summary['top_reached'].mean():.0%}"
    assert row["stepped back at least once"] == f"{(summary['step_backs'] > 0).mean():.0%}"
    assert table["sessions done (median)"].iloc[0] < table["sessions done (median)"].iloc[1]


# --- progression follows the work done -------------------------------------------------------


def test_progression_is_monotone_in_adherence():
    means = [
        simulate("psoas_level_ladder", athletes=300, weeks=8, adherence=a, seed=3)
        .summary()["stage_max"].mean()
        for a in (0.2, 0.4, 0.6, 0.8, 1.0)
    ]
    assert all(b > a for a, b in itertools.pairwise(means)), means


@pytest.mark.parametrize("programme", ["psoas_level_ladder", "foundational_to_advanced"])
def test_the_stage_reached_follows_sessions_done_not_starting_strength(programme):
    summary = simulate(programme, athletes=600, weeks=8, adherence=0.7, seed=4).summary()
    ranks = summary[["stage_max", "sessions_done", "capacity_start"]].rank()
    by_sessions = ranks["stage_max"].corr(ranks["sessions_done"])  # Spearman's rho
    by_strength = ranks["stage_max"].corr(ranks["capacity_start"])
    assert by_sessions > 0.4 and abs(by_strength) < by_sessions / 2
    # more sessions done, on average a higher stage: compare quartiles of sessions done
    quartile = pd.qcut(summary["sessions_done"], 4, labels=False, duplicates="drop")
    stage_by_quartile = summary.groupby(quartile)["stage_max"].mean()
    assert stage_by_quartile.is_monotonic_increasing
