"""Chart builders: one theme, valid specs, offline rendering, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from psoaskit.biomech.demand import demand_map
from psoaskit.biomech.equipment import Band, Dumbbell
from psoaskit.biomech.hill import force_length_table
from psoaskit.biomech.mechanics import moment_contributions, moment_curve
from psoaskit.biomech.muscles import available_force, muscle_state, passive_hip_extension
from psoaskit.biomech.path_drawing import path_geometry
from psoaskit.biomech.pelvis import pelvis_free_body
from psoaskit.biomech.postures import limb_drawing
from psoaskit.biomech.torque_angle import measured_strength_order, model_torque_angle
from psoaskit.catalogue.anatomy import schematic
from psoaskit.viz import charts

SWEEP = available_force(hip_deg=range(-30, 121, 15))

BUILDERS = {
    "limb": lambda: charts.limb_diagram_chart(
        limb_drawing(None, 90, 90, "standing", [Dumbbell(5), Band(90.0)])
    ),
    "curve": lambda: charts.moment_curve_chart(
        moment_curve(posture="supine", knee_deg=90),
        marker=pd.DataFrame({"hip_deg": [45], "moment_nm": [29.0]}),
    ),
    "parts": lambda: charts.moment_contributions_chart(moment_contributions(hip_deg=30)),
    "demand": lambda: charts.demand_map_chart(demand_map(band=Band(100.0), dumbbell_kg=5).modelled),
    "arms": lambda: charts.moment_arm_chart(SWEEP, hip_deg=60),
    "lengths": lambda: charts.muscle_length_chart(SWEEP),
    "available": lambda: charts.available_force_chart(SWEEP, hip_deg=100),
    "force_length": lambda: charts.force_length_chart(force_length_table(), muscle_state(90)),
    "passive": lambda: charts.passive_extension_chart(passive_hip_extension()),
    "anatomy": lambda: charts.anatomy_schematic_chart(schematic(), highlight="iliacus"),
    "torque_angle": lambda: charts.torque_angle_chart(model_torque_angle(),
                                                      measured_strength_order()),
    "paths": lambda: charts.iliopsoas_path_chart(path_geometry(60.0)),
    "pelvis": lambda: charts.pelvis_free_body_chart(pelvis_free_body(40.9)),
}


def test_importing_changes_no_altair_setting_and_enable_theme_does() -> None:
    code = (
        "import altair as alt\n"
        "import psoaskit.viz.charts, psoaskit.viz.widgets, psoaskit.reports.page\n"
        "print(alt.theme.active, alt.renderers.active)\n"
        "psoaskit.viz.charts.enable_theme()\n"
        "print(alt.theme.active, alt.renderers.active)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # on import: Altair's own defaults; then the kit's theme and the offline svg renderer (the
    # default html renderer would fetch vega from a CDN)
    assert out.stdout.split("\n")[:2] == ["default default", f"{charts.THEME_NAME} svg"]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builders_give_valid_offline_charts(name: str) -> None:
    chart = BUILDERS[name]()
    assert isinstance(chart, alt.TopLevelMixin)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    text = json.dumps(spec)
    assert "http://" not in text.replace(spec["$schema"], "")
    assert "https://" not in text.replace(spec["$schema"], "")
    assert "PALETTE" not in text and spec["config"]["font"].startswith("DejaVu")  # the kit's theme
    svg = vlc.vegalite_to_svg(chart.to_json())
    assert svg.startswith("<svg") and "<text" in svg


def test_demand_chart_keys_every_modelled_exercise() -> None:
    modelled = demand_map(band=Band(100.0), dumbbell_kg=5).modelled
    spec = charts.demand_map_chart(modelled).to_dict()
    key_texts = json.dumps(spec)
    for name in modelled["name"]:
        assert json.dumps(name)[1:-1] in key_texts


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="moment_nm"):
        charts.moment_curve_chart(pd.DataFrame({"series": ["a"], "hip_deg": [0]}))
    with pytest.raises(ValueError, match="peak_moment_nm"):
        charts.demand_map_chart(pd.DataFrame({"name": ["x"]}))


@pytest.mark.parametrize("make", [charts.muscle_length_chart, charts.available_force_chart])
def test_knee_line_styles_and_their_key_come_from_one_mapping(make):
    states = available_force()
    spec = make(states).to_dict()
    dash = spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    styles = dict(zip(dash["domain"], dash["range"], strict=True))
    # the data's knee labels are the mapping's, and knee bent is the dashed one
    assert set(states["knee"]) == set(styles)
    assert styles["knee bent 90 deg"][1] > 0 and styles["knee straight"][1] == 0
    assert "dashed: knee bent 90 deg" in spec["title"]["subtitle"]
    assert "solid: knee straight" in spec["title"]["subtitle"]
    # rectus femoris is longer with the knee bent (the lengths the key explains)
    rf = states[states["label"].str.contains("rectus", case=False)]
    bent = rf[rf["knee"] == "knee bent 90 deg"]["mt_length_cm"].mean()
    straight = rf[rf["knee"] == "knee straight"]["mt_length_cm"].mean()
    assert bent > straight


def test_torque_angle_chart_draws_each_model_moment_and_only_the_measured_order():
    torque = model_torque_angle()
    spec = charts.torque_angle_chart(torque, measured_strength_order()).to_dict()
    lines = spec["layer"][1]
    dash = lines["encoding"]["strokeDash"]["scale"]
    assert dict(zip(dash["domain"], dash["range"], strict=True)) == charts.KNEE_DASHES
    assert charts.knee_key() in spec["title"]["subtitle"]
    rows = spec["datasets"][lines["data"]["name"]]
    assert len(rows) == 3 * len(torque)  # active, passive and net at every tabulated angle
    parts = {row["part"] for row in rows}
    assert len(parts) == 3 and any(p.startswith("net") for p in parts)
    marked = spec["datasets"][spec["layer"][2]["data"]["name"]]
    assert sorted(row["hip_deg"] for row in marked) == [0, 105]  # no invented values
    assert {row["label"] for row in marked} == {"people: lowest", "people: highest"}


def test_force_length_markers_have_a_key_and_stay_on_the_chart():
    state = muscle_state(120, knee_deg=0)  # TFL's fibres are shorter than the axis' start
    assert state["fiber_length_norm"].min() < 0.2
    spec = charts.force_length_chart(force_length_table(), state).to_dict()
    dots = spec["layer"][1]["encoding"]
    assert dots["color"]["title"] == dots["shape"]["title"]  # one legend for both
    assert dots["shape"].get("legend", {}) is not None
    assert dots["x"]["scale"]["clamp"] is True and dots["y"]["scale"]["clamp"] is True
