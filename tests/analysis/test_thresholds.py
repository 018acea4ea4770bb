"""Thresholds and choices: pain zones and the analysis configuration."""

from __future__ import annotations

import pytest

from psoaskit.analysis.thresholds import AnalysisConfig, PainZones


def test_default_pain_zones_follow_the_circulated_model():
    zones = PainZones().classify([0, 3, 3.5, 4, 5, 5.5, 10]).tolist()
    assert zones == ["green", "green", "amber", "amber", "amber", "red", "red"]


def test_pain_zones_are_configurable_and_checked():
    assert PainZones(2, 5).classify([2.5]).tolist() == ["amber"]
    with pytest.raises(ValueError, match="green_max < amber_max"):
        PainZones(5, 3)
    with pytest.raises(ValueError, match="amber_max <= 10"):
        PainZones(3, 12)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"load_measure": "hr"}, "unknown load measure"),
        ({"acwr_variant": "coupled"}, "unknown ACWR variant"),
        ({"acute_days": 28, "chronic_days": 7}, "acute_days must be 7"),
        ({"chronic_days": 30}, "chronic_days a multiple"),
        ({"asymmetry_pct": -1}, "must not be negative"),
        ({"trend_weeks": 1}, "trend_weeks >= 2"),
    ],
)
def test_bad_configuration_is_a_clear_error(change, message):
    with pytest.raises(ValueError, match=message):
        AnalysisConfig(**change)


def test_acwr_label_names_variant_windows_and_load():
    assert AnalysisConfig(load_measure="srpe").acwr_label == (
        "EWMA, weekly 7/28 d, Foster session-RPE load")
    label = AnalysisConfig(acwr_variant="rolling_uncoupled", load_measure="tut").acwr_label
    assert label == "rolling uncoupled, weekly 7/28 d, time-under-tension load"
    assert "proxy" in AnalysisConfig().acwr_label_of("set_rpe_work")


@pytest.mark.parametrize(
    ("variant", "expected"),
    # a week at 1.8 x a steady load reads: coupled 4 x 1.8 / 4.8; uncoupled 1.8;
    # EWMA (lambda 0.4) 1.8 / (0.4 x 1.8 + 0.6)
    [("rolling_coupled", 1.5), ("rolling_uncoupled", 1.8), ("ewma", 1.8 / 1.32)],
)
def test_spike_threshold_is_what_each_variant_reads_for_the_step(variant, expected):
    assert AnalysisConfig(acwr_variant=variant).acwr_threshold == pytest.approx(expected)
    assert AnalysisConfig(acwr_variant=variant, acwr_spike=1.2).acwr_threshold == 1.2
