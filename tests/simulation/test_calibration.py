"""The simulation's gain against the hip-flexor training trials."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from psoaskit.catalogue.programmes import read_programmes
from psoaskit.simulation.calibration import (
    calibrated_config,
    calibration_table,
    fit_gain,
    protocol_response,
    training_studies,
)
from psoaskit.simulation.config import ResponseModel, SimulationConfig
from psoaskit.simulation.ladder import Ladder, Prescription, Stage
from psoaskit.simulation.model import run_model
from psoaskit.simulation.runs import simulate
from tests.simulation.test_model import make_draws


def test_every_trial_carries_its_source_and_says_what_is_assumed():
    studies = training_studies()
    assert set(studies["study"]) == {"thorborg2016", "deane2005", "isu2006"}
    assert studies["source"].str.len().gt(10).all()
    assert studies["protocol_source"].str.len().gt(10).all()
    thorborg = studies.set_index("study").loc["thorborg2016"]
    assert (thorborg["weeks"], thorborg["sessions_per_week"], thorborg["change_pct"]) == (6, 3, 17)
    # the spread: the between-group CI 0.17-0.52 of the 0.34 N m/kg effect, scaled to 17 %
    assert thorborg["change_low_pct"] == pytest.approx(17 * 0.17 / 0.34)
    assert thorborg["change_high_pct"] == pytest.approx(17 * 0.52 / 0.34, abs=0.01)


def test_protocol_response_is_the_fitness_fatigue_recursion_by_hand():
    # one session on day 0 of one week at full weight, then six days of decay
    w = 100.0
    expected = w * math.exp(-6 / 42) - 2 * w * math.exp(-6 / 7)
    assert protocol_response(1, 1, 1.0, w) == pytest.approx(expected, rel=1e-12)
    # at half-way between the threshold (0.2) and a maximal effort the weight is 0.5
    assert protocol_response(1, 1, 0.6, w) == pytest.approx(expected / 2, rel=1e-12)
    assert protocol_response(1, 1, 0.1, w) == 0.0


def test_the_packaged_gain_is_the_least_squares_fit_and_the_table_uses_it():
    gain = fit_gain()
    assert gain == pytest.approx(ResponseModel().gain, rel=1e-3)
    table = calibration_table().set_index("study")
    fitted = table[table["used_in_fit"]]
    # least squares through the origin: the residuals are orthogonal to the predictions
    residuals = fitted["published_pct"] - fitted["simulated_pct"]
    assert float((residuals * fitted["simulated_pct"]).sum()) == pytest.approx(0, abs=0.05)
    assert math.isnan(table.loc["isu2006", "simulated_pct"])  # not placeable: not simulated
    # the two trials disagree (17 % in 6 weeks, 12.2 % in 8), so neither is met exactly
    assert 10 < table.loc["thorborg2016", "simulated_pct"] < 17
    assert 12.2 < table.loc["deane2005", "simulated_pct"] < 20


def test_a_stricter_threshold_refits_to_a_larger_gain():
    strict = calibrated_config(SimulationConfig(response=ResponseModel(intensity_threshold=0.4)))
    table = calibration_table(strict).set_index("study")
    default = calibration_table().set_index("study")
    # the fit absorbs the threshold: the same trials, nearly the same simulated changes
    assert strict.response.gain > ResponseModel().gain
    assert table.loc["thorborg2016", "simulated_pct"] == pytest.approx(
        default.loc["thorborg2016", "simulated_pct"], rel=1e-4)  # default: rounded gain


def test_the_programme_model_reproduces_the_protocol_response():
    """One code path: a one-exercise ladder in run_model gives the calibration's change when
    the relative intensity barely drifts (a tiny individual response)."""
    config = SimulationConfig()
    capacity, relative, leg_time = 140.0, 0.72, 100.0
    item = Prescription(exercise="x", sets=1, reps=None, hold_s=None, work_s=leg_time,
                        load_kg=None, band=None, sides=("L", "R"),
                        demand_nm=relative * capacity)
    stage = Stage(index=0, label="protocol", items=(item,), demand=item.demand_nm, level=None,
                  min_weeks=1, next_demand=item.demand_nm)
    ladder = Ladder("protocol", (stage,), rep_duration_s=3.0, rest_s=0.0)
    response = 1e-3
    run = run_model(ladder, make_draws(1, 18, capacity0=[capacity], response=[response]), 3, 6,
                    config)
    change = run.week_capacity[0, -1] / capacity - 1.0
    expected = response * config.response.gain * protocol_response(6, 3, relative, leg_time)
    assert change == pytest.approx(expected, rel=1e-3)


def test_the_sources_programmes_gain_less_than_the_heavy_trial():
    """Body-weight and light-band programmes ask 10-80 N m of a ~140 N m capacity: they should
    strengthen less than 6 weeks of 15-8 RM band training."""
    heavy = calibration_table().set_index("study").loc["thorborg2016", "simulated_pct"]
    for programme_id in read_programmes():
        summary = simulate(programme_id, athletes=200, weeks=8, adherence=1.0, seed=0).summary()
        assert summary["capacity_change_pct"].median() < heavy
        assert summary["capacity_change_pct"].min() > -5.0


def test_the_ladder_alone_barely_strengthens_but_athletes_climb_it():
    sim = simulate("psoas_level_ladder", athletes=200, weeks=8, adherence=1.0, seed=0)
    summary = sim.summary()
    assert summary["capacity_change_pct"].median() < 1.0  # 6-25 s of holds per leg a session
    assert (summary["level_max"] >= 3).mean() > 0.5


def test_capacity_starts_at_the_derived_two_newton_metres_per_kilogram():
    draws = simulate("psoas_march_drill", athletes=4000, weeks=1, seed=0).draws
    assert np.median(draws.capacity0) == pytest.approx(2.0 * 70.0, rel=0.02)
    heavier = replace(SimulationConfig(), capacity_nm_per_kg=1.5)
    light = simulate("psoas_march_drill", athletes=4000, weeks=1, seed=0, config=heavier)
    assert np.median(light.draws.capacity0) == pytest.approx(1.5 * 70.0, rel=0.02)
