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
        ({"acute_days": 28, "chronic_days": 7}, "acute_days < chronic_days"),
        ({"asymmetry_pct": -1}, "must not be negative"),
        ({"trend_weeks": 1}, "trend_weeks >= 2"),
    ],
)
def test_bad_configuration_is_a_clear_error(change, message):
    with pytest.raises(ValueError, match=message):
        AnalysisConfig(**change)


def test_acwr_label_names_variant_windows_and_load():
    assert AnalysisConfig().acwr_label == "EWMA 7/28 d, srpe load"
    label = AnalysisConfig(acwr_variant="rolling_uncoupled", load_measure="tut").acwr_label
    assert label == "rolling uncoupled 7/28 d, tut load"
