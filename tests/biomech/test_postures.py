"""Leg geometry in each posture and the drawing used by the charts."""

from __future__ import annotations

import numpy as np
import pytest

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.equipment import Band, Dumbbell
from psoaskit.biomech.mechanics import limb_lever_arm
from psoaskit.biomech.postures import POSTURES, anchor_point, limb_drawing, limb_points


@pytest.mark.parametrize("posture", sorted(POSTURES))
def test_segments_keep_their_length(posture: str) -> None:
    limb = Body().limb
    pts = limb_points(Body(), np.array([-20.0, 45.0, 110.0]), np.array([0.0, 90.0, 140.0]), posture)
    assert np.allclose(np.linalg.norm(pts["knee"], axis=-1), limb.thigh.length_m)
    assert np.allclose(np.linalg.norm(pts["ankle"] - pts["knee"], axis=-1), limb.shank.length_m)


def test_directions_in_each_posture() -> None:
    supine = limb_points(hip_deg=90, knee_deg=0, posture="supine")["ankle"]
    standing = limb_points(hip_deg=0, knee_deg=0, posture="standing")["ankle"]
    plank = limb_points(hip_deg=90, knee_deg=0, posture="plank")["ankle"]
    assert supine[0] == pytest.approx(0, abs=1e-12) and supine[1] > 0  # leg straight up
    assert standing[0] == pytest.approx(0, abs=1e-12) and standing[1] < 0  # leg hanging down
    assert plank[1] < 0  # face down: flexion brings the leg towards the floor


def test_knee_flexion_folds_the_shank_backwards() -> None:
    pts = limb_points(hip_deg=90, knee_deg=90, posture="standing")
    assert pts["ankle"][1] < pts["knee"][1]  # thigh level, shank hangs down


def test_drawing_lever_matches_lever_arm() -> None:
    for hip, knee, posture in [(0, 0, "supine"), (60, 90, "supine"), (100, 90, "standing")]:
        drawing = limb_drawing(Body(), hip, knee, posture)
        lever = drawing[drawing["layer"] == "lever"]
        assert lever["x"].iloc[-1] == pytest.approx(limb_lever_arm(Body(), hip, knee, posture))


def test_drawing_shows_loads_and_no_lever_out_of_plane() -> None:
    drawing = limb_drawing(Body(), 90, 90, "standing", [Dumbbell(5), Band(100.0)])
    assert {"dumbbell", "band"} <= set(drawing["part"])
    side = limb_drawing(Body(), 90, 90, "side_plank")
    assert "lever" not in set(side["layer"])


def test_default_anchor_is_the_straight_leg_ankle() -> None:
    leg = Body().limb.thigh.length_m + Body().limb.shank.length_m
    assert anchor_point(Band(10.0), Body(), "supine").tolist() == pytest.approx([leg, 0.0])
    assert anchor_point(Band(10.0, anchor_m=(0.1, 0.2)), Body(), "supine").tolist() == [0.1, 0.2]
