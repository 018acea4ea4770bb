"""The to-scale drawing of psoas and iliacus from the model's path points."""

from __future__ import annotations

import math

import numpy as np
import pytest

from psoaskit.biomech.path_drawing import path_geometry, path_points
from psoaskit.viz import charts
from psoaskit.viz.widgets import PathExplorer


def test_paths_run_from_the_pelvis_points_to_the_femur_points_turned_by_the_hip_angle():
    table = path_points()
    hip = table.set_index("name").loc["hip_centre", ["x", "y"]].to_numpy(float)
    geometry = path_geometry(90.0)
    psoas = geometry.paths[geometry.paths["muscle"] == "psoas"].sort_values("order")
    origin = table.set_index("name").loc["psoas_r-P1", ["x", "y"]].to_numpy(float) - hip
    assert np.allclose(psoas[["x", "y"]].iloc[0], origin)
    # femur points turn with the hip: the insertion (femur frame x -0.0235, y -0.0524) at 90 deg
    end = psoas[["x", "y"]].iloc[-1].to_numpy()
    assert np.allclose(end, [0.0524, -0.0235], atol=1e-9)
    knee = geometry.femur.set_index("point").loc["knee", ["x", "y"]].to_numpy(float)
    assert knee[0] == pytest.approx(0.40796) and abs(knee[1]) < 0.01  # the thigh points forward


def test_the_moment_arm_is_the_perpendicular_from_the_hip_centre_to_the_line_of_pull():
    arms = path_geometry(45.0).moment_arms
    for r in arms.itertuples():
        start = np.array([r.line_x0, r.line_y0])
        end = np.array([r.line_x1, r.line_y1])
        foot = np.array([r.foot_x, r.foot_y])
        assert float((foot - start) @ (end - start)) == pytest.approx(
            float(np.hypot(*(foot - start)) * np.hypot(*(end - start))), rel=1e-9)  # on the line
        assert float(foot @ (end - start)) == pytest.approx(0.0, abs=1e-12)  # perpendicular
        assert math.hypot(r.foot_x, r.foot_y) * 100 == pytest.approx(abs(r.moment_arm_cm))


def test_the_sagittal_drawing_agrees_with_the_model_s_moment_arms_up_to_90_degrees():
    for angle in (-20.0, 0.0, 30.0, 60.0, 90.0):
        arms = path_geometry(angle).moment_arms
        difference = (arms["moment_arm_cm"] - arms["model_moment_arm_cm"]).abs()
        assert (difference < 0.6).all(), (angle, arms)
        assert (arms["moment_arm_cm"] > 0).all()  # flexors: the pull passes in front


def test_near_neutral_the_paths_wrap_over_the_brim_and_leave_it_in_deep_flexion():
    assert path_geometry(0.0).moment_arms["wrapped"].all()
    assert not path_geometry(90.0).moment_arms["wrapped"].any()
    with pytest.raises(ValueError, match="hip_deg"):
        path_geometry(130.0)


def test_chart_and_explorer_draw_it_to_scale():
    spec = charts.iliopsoas_path_chart(path_geometry(30.0)).to_dict()
    x_domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    y_domain = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    width, height = spec["width"], spec["height"]
    # equal centimetres per pixel on both axes
    x_per_px = (x_domain[1] - x_domain[0]) / width
    assert x_per_px == pytest.approx((y_domain[1] - y_domain[0]) / height)
    explorer = PathExplorer(hip_deg=0)
    explorer.hip.value = 110
    assert "Hip 110 deg" in explorer.readout.value and len(explorer.output.outputs) == 1
