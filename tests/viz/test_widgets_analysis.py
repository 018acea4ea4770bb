"""The analysis section of psoaskit/widgets.py: the athlete picker, without a kernel."""

from __future__ import annotations

import pandas as pd
import pytest
from chart_specs import assert_colours_independent_and_panels_filled, panels

from psoaskit._data import data_path
from psoaskit.analysis.adherence import read_assignments
from psoaskit.analysis.log_analysis import analyse_log
from psoaskit.catalogue.programmes import with_names
from psoaskit.logs.api import read_log
from psoaskit.viz.widgets.analysis import AthletePicker, athlete_view


@pytest.fixture(scope="module")
def squad():
    log, _ = read_log(data_path("sample/squad_log.csv"))
    return analyse_log(log, assignments=read_assignments(data_path("sample/assignments.csv")))


def test_athlete_view_reads_the_squad_row(squad):
    view = athlete_view(squad, "007")
    row = squad.squad.set_index("athlete_id").loc["007"]
    assert set(view.analysis.weekly["athlete_id"].astype(str)) == {"007"}
    assert f"{row['sessions']} sessions" in view.html
    assert f"{row['asymmetry_max_pct']:+.0f} %" in view.html
    assert "not an injury risk" in view.html and "physiotherapist" in view.html
    current = view.analysis.flag_episodes.query("current")
    assert len(current) >= 2
    for reason in current["reason"]:  # by name, not id
        assert with_names(reason.split(" (")[0]) in view.html
    assert "precision_movement_routine" not in view.html


def test_picker_follows_the_dropdown_and_draws(squad):
    picker = AthletePicker(squad, "001", show_charts=False)
    assert picker.view.athlete_id == "001"
    picker.athlete.value = "005"
    assert picker.view.athlete_id == "005" and "Athlete 005" in picker.readout.value
    assert [value for _, value in picker.athlete.options] == squad.athletes
    chart = picker.view.chart().to_dict()  # the charts the widget would draw
    # dose, calendar, load and pain, pain vs load, left/right, bests: one column, notebook-wide
    assert len(chart["vconcat"]) == 6


@pytest.mark.parametrize("athlete", ["007", "004"])
def test_every_panel_has_its_own_colours_and_data(squad, athlete):
    # 007's flags cite left/right gaps of about 20 %: the asymmetry panel must draw them
    spec = athlete_view(squad, athlete).chart().to_dict()
    assert_colours_independent_and_panels_filled(spec)
    asymmetry = [name for unit, name in panels(spec)
                 if unit.get("encoding", {}).get("y", {}).get("field") == "asymmetry_pct"]
    assert asymmetry and all(spec["datasets"][name] for name in asymmetry)


def test_unknown_athlete_is_a_clear_error(squad):
    with pytest.raises(KeyError, match="did you mean"):
        athlete_view(squad, "0077")


def test_a_brushed_period_filters_the_weekly_table(squad):
    import altair as alt

    from psoaskit.viz.widgets.analysis import PeriodTable

    with alt.renderers.enable("jupyter"):
        table = PeriodTable(squad, "004")
    assert table.chart is not None and "12 of 12" in table.caption.value
    # what the browser sends when the learner drags across three weeks (epoch milliseconds)
    start, end = (pd.Timestamp(d).value // 10**6 for d in ("2025-02-03", "2025-02-19"))
    table.chart._vl_selections = {"period": {"value": {"week_start": [start, end]},
                                             "store": []}}
    assert "Weeks of 2025-02-03 to 2025-02-17</b> (3 of 12)" in table.caption.value
    shown = table.output.outputs[0]["data"]["text/html"]
    assert "2025-02-10" in shown and "2025-01-06" not in shown
    table.chart._vl_selections = {"period": {"value": None, "store": []}}  # a double click
    assert "(12 of 12)" in table.caption.value


def test_the_period_table_is_a_picture_and_every_week_without_widgets(squad):
    from psoaskit.viz.widgets.analysis import PeriodTable

    table = PeriodTable(squad, "004")  # the tests' SVG renderer
    assert table.chart is None and "(12 of 12)" in table.caption.value
