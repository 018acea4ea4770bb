"""The analysis section of psoaskit/charts.py: builders on the sample squad's tables."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from psoaskit._data import data_path
from psoaskit.analysis.adherence import read_assignments
from psoaskit.analysis.log_analysis import analyse_log
from psoaskit.logs.api import read_log
from psoaskit.viz import charts


@pytest.fixture(scope="module")
def squad():
    log, _ = read_log(data_path("sample/squad_log.csv"))
    return analyse_log(log, assignments=read_assignments(data_path("sample/assignments.csv")))


BUILDERS = {
    "dose": lambda a: charts.weekly_dose_chart(a.athlete("004").weekly),
    "pain": lambda a: charts.pain_load_chart(a.weekly),
    "asymmetry": lambda a: charts.asymmetry_chart(a.athlete("004").asymmetry),
    "progression": lambda a: charts.progression_chart(a.athlete("005").progression),
    "calendar": lambda a: charts.adherence_calendar_chart(a.athlete("004").daily),
    "squad": lambda a: charts.squad_overview_chart(a.weekly, a.squad),
    "pmc": lambda a: _pmc(a.athlete("002")),
    "squad_load": lambda a: charts.squad_load_chart(a.weekly),
}


def _pmc(a):
    return charts.load_pmc_chart(a.daily, a.weekly, a.sessions, a.config.acwr_variant,
                                 a.config.acwr_threshold)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_analysis_charts_are_valid_themed_and_offline(squad, name):
    chart = BUILDERS[name](squad)
    assert isinstance(chart, alt.TopLevelMixin)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    text = json.dumps(spec).replace(spec["$schema"], "")
    assert "http://" not in text and "https://" not in text
    assert spec["config"]["font"].startswith("DejaVu")
    svg = vlc.vegalite_to_svg(chart.to_json())
    assert svg.startswith("<svg") and "<text" in svg


def test_charts_show_the_tables_numbers(squad):
    weekly = squad.athlete("004").weekly
    spec = charts.weekly_dose_chart(weekly).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["sessions"] for r in rows] == weekly["sessions"].tolist()
    squad_spec = charts.squad_overview_chart(squad.weekly, squad.squad).to_dict()
    assert "007" in json.dumps(squad_spec)


def test_analysis_charts_name_missing_columns():
    with pytest.raises(ValueError, match="frequency_status"):
        charts.weekly_dose_chart(pd.DataFrame({"week_start": [], "sessions": []}))
    with pytest.raises(ValueError, match="asymmetry_pct"):
        charts.asymmetry_chart(pd.DataFrame({"week_start": []}))


def _weekly(**columns) -> pd.DataFrame:
    weeks = pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20"])
    base = {"week_start": weeks, "sessions": [3, 2, 3], "sessions_target_min": [3.0] * 3,
            "sessions_target_max": [3.0] * 3, "frequency_status": ["within", "below", "within"],
            "sets": [27, 18, 27], "reps": [243.0, 162.0, 243.0], "tut_s": [324.0, None, None]}
    return pd.DataFrame({**base, **columns})


def _dose_panel(chart) -> dict:
    return chart.to_dict()["vconcat"][1]


def _panel_rows(chart, panel: dict) -> list[dict]:
    return chart.to_dict()["datasets"][panel["data"]["name"]]


def test_weekly_dose_shows_reps_for_a_programme_logged_as_reps():
    chart = charts.weekly_dose_chart(_weekly())  # time under tension in one week of three
    panel = _dose_panel(chart)
    assert panel["encoding"]["y"]["title"] == "Repetitions [per week]"
    assert [row["dose"] for row in _panel_rows(chart, panel)] == [243.0, 162.0, 243.0]
    assert "logged in 1 of 3 weeks" in panel["title"]["subtitle"]


def test_weekly_dose_shows_time_under_tension_in_minutes_when_timed():
    chart = charts.weekly_dose_chart(_weekly(tut_s=[120.0, 90.0, 60.0], reps=[0.0] * 3))
    panel = _dose_panel(chart)
    assert panel["encoding"]["y"]["title"] == "Time under tension [min/week]"
    assert [row["dose"] for row in _panel_rows(chart, panel)] == [2.0, 1.5, 1.0]


def test_weekly_dose_says_so_in_words_when_nothing_was_logged():
    chart = charts.weekly_dose_chart(_weekly(sets=[0] * 3, reps=[None] * 3, tut_s=[None] * 3))
    panel = _dose_panel(chart)
    assert panel["mark"]["type"] == "text"
    svg = vlc.vegalite_to_svg(chart.to_json())
    assert "no weekly dose to draw" in svg


def test_weekly_charts_share_a_weekly_axis_whatever_the_data():
    weeks = pd.date_range("2025-01-06", periods=6, freq="7D")
    # an exercise logged in the first two weeks only (the case that showed daily ticks)
    progression = pd.DataFrame({"week_start": weeks[:2], "exercise_id": ["x", "x"],
                                "metric": ["hold_s", "hold_s"], "value": [2.0, 3.0]})
    labels = [w.strftime("%Y-%m-%d") for w in weeks]
    built = {
        "progression": charts.progression_chart(progression, weeks=weeks),
        "dose": charts.weekly_dose_chart(_weekly(), weeks=weeks),
    }
    for name, chart in built.items():
        spec = json.dumps(chart.to_dict())
        assert f'"domain": {json.dumps(labels)}' in spec, name
        svg = vlc.vegalite_to_svg(chart.to_json())
        for week in weeks:
            assert f">{week:%d %b}<" in svg, (name, week)
        assert ">08 Jan<" not in svg and ">10 Jan<" not in svg  # no daily ticks
    # weeks outside the given axis are left out, not squeezed in
    short = charts.progression_chart(progression, weeks=weeks[1:]).to_dict()
    assert [row["week"] for row in next(iter(short["datasets"].values()))] == ["2025-01-13"]


def _layer_data(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def test_pmc_panels_share_one_time_axis_and_each_has_data(squad):
    a = squad.athlete("002")
    spec = _pmc(a).to_dict()
    load, ratio, pain = spec["vconcat"]
    domains = {json.dumps(layer["encoding"]["x"]["scale"]["domain"])
               for panel in (load, ratio, pain) for layer in panel["layer"]
               if "x" in layer.get("encoding", {})}
    # from the athlete's first logged day to the squad's analysis day (Saturday 29 March)
    assert domains == {json.dumps(["2025-01-07T00:00:00", "2025-03-29T00:00:00"])}
    # every panel draws rows: daily loads, both averages, the weekly ratio, both pain series
    averages = {row["average"] for row in _layer_data(spec, load["layer"][1])}
    assert averages == {"acute: 7-day average", "chronic: 28-day average"}
    ratios = _layer_data(spec, ratio["layer"][1])
    weekly = a.weekly.dropna(subset=["acwr_ewma"])
    assert [round(r["ratio"], 6) for r in ratios] == weekly["acwr_ewma"].round(6).tolist()
    # a week's point sits on its Sunday (the open week's on the analysis day)
    first = weekly["week_start"].iloc[0] + pd.Timedelta(days=6)
    assert first.day_name() == "Sunday" and ratios[0]["date"].startswith(f"{first:%Y-%m-%d}")
    assert ratios[-1]["date"].startswith("2025-03-29")
    when = {row["pain_when"] for row in _layer_data(spec, pain["layer"][1])}
    assert when == {"during the session", "next morning"}
    # load averages and pain series keep legends of their own
    assert spec["resolve"]["scale"]["color"] == "independent"
    threshold = _layer_data(spec, ratio["layer"][0])
    assert [row["ratio"] for row in threshold] == [1.0, pytest.approx(a.config.acwr_threshold)]


def test_squad_load_chart_marks_exactly_the_load_spike_weeks(squad):
    spec = charts.squad_load_chart(squad.weekly, threshold=squad.config.acwr_threshold).to_dict()
    marked = {(row["athlete_id"], row["week"]) for row in _layer_data(spec, spec["layer"][1])}
    spikes = squad.flags[squad.flags["flag"] == "load_spike"]
    assert marked == {(str(r.athlete_id), f"{r.week_start:%Y-%m-%d}") for r in spikes.itertuples()}
    assert len(marked) == 14  # the sample squad's load_spike weeks
