"""The programme-simulation explorer of notebook 04, without a kernel."""

from __future__ import annotations

from chart_specs import assert_colours_independent_and_panels_filled, colour_fields

from psoaskit.viz.widgets.simulation import simulation_state


def test_compared_programmes_and_ladder_stages_have_separate_colour_scales():
    state = simulation_state("foundational_to_advanced", weeks=3, athletes=20, compare=True)
    spec = state.chart().to_dict()
    assert colour_fields(spec) >= {"name"} and len(colour_fields(spec)) >= 2
    assert_colours_independent_and_panels_filled(spec)
    assert state.stats["name"].nunique() > 1
