"""Muscle force from a hip moment: F = M / r."""

from __future__ import annotations

import math

import pytest

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.muscle_force import GRAVITY, exercise_forces, force_for_moment
from psoaskit.biomech.muscles import moment_arm
from psoaskit.viz.widgets.biomech import lever_state


def test_force_is_moment_over_moment_arm_and_in_body_weights():
    table = force_for_moment(50.0, hip_deg=30, knee_deg=90, body_mass_kg=80).set_index("muscle")
    for muscle, row in table.iterrows():
        r = float(moment_arm(muscle, 30, 90))
        assert row["moment_arm_cm"] == pytest.approx(100 * r)
        assert row["force_n"] == pytest.approx(50.0 / r)
        assert row["body_weights"] == pytest.approx(50.0 / r / (80 * GRAVITY))


def test_a_muscle_passing_through_the_joint_cannot_hold_the_moment():
    # iliacus at hip 120 deg: a 0.1 cm moment arm in the model
    table = force_for_moment(10.0, hip_deg=120, knee_deg=90).set_index("muscle")
    assert table.loc["iliacus", "moment_arm_cm"] < 0.5
    assert math.isnan(table.loc["iliacus", "force_n"])
    assert table.loc["psoas", "force_n"] == pytest.approx(10.0 / 0.0096)


def test_outside_the_tabulated_angles_is_refused():
    with pytest.raises(ValueError, match="knee 0 to 90"):
        force_for_moment(10.0, hip_deg=45, knee_deg=120)


def test_the_straight_leg_raise_needs_about_two_body_weights_from_one_flexor():
    forces = exercise_forces(Body(70, 1.75)).set_index("id")
    slr = forces.loc["controlled_straight_leg_raise"]
    assert (slr["hip_deg"], slr["knee_deg"]) == (0.0, 0.0)
    assert slr["psoas_force_n"] == pytest.approx(slr["peak_moment_nm"] / 0.0241)
    assert slr["iliacus_force_n"] == pytest.approx(slr["peak_moment_nm"] / 0.0346)
    assert 1100 < slr["iliacus_force_n"] < slr["psoas_force_n"] < 1800
    assert slr["body_weights_range"] == "1.7-2.5"


def test_the_lever_explorer_shows_the_muscle_force():
    text = lever_state(hip_deg=0, knee_deg=0).html
    assert "if one muscle did it alone" in text and "1698 N (2.5 body weights)" in text
    assert "tabulated for hip" in lever_state(hip_deg=0, knee_deg=130).html
