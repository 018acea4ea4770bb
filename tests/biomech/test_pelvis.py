"""The pelvis as a free body."""

from __future__ import annotations

import numpy as np
import pytest

from psoaskit.biomech.pelvis import abdominal_force, pelvis_free_body


def test_forces_and_moments_on_the_pelvis_balance():
    body = pelvis_free_body(40.9, hip_deg=0.0, abdominal_lever_cm=8.0)
    forces = body.forces.set_index("force")
    assert forces[["fx", "fy"]].sum().abs().max() < 1e-9  # the hip joint closes the force sum
    assert forces["moment_nm"].sum() == pytest.approx(0.0, abs=1e-9)
    # the flexors tilt the pelvis forward with the whole lifting moment, shared equally
    assert forces.loc[["psoas", "iliacus"], "moment_nm"].tolist() == pytest.approx([-20.45] * 2)
    assert forces.loc["abdominals", "fy"] == pytest.approx(40.9 / 0.08)


def test_the_flexors_pull_the_pelvis_towards_the_femur_along_their_lines_of_pull():
    body = pelvis_free_body(30.0, hip_deg=45.0)
    for row in body.forces[body.forces["force"].isin(["psoas", "iliacus"])].itertuples():
        assert row.fy < 0  # towards the thigh, away from the head
        assert np.hypot(row.fx, row.fy) == pytest.approx(row.magnitude_n)


def test_abdominal_force_is_the_moment_over_its_lever():
    table = abdominal_force(40.0, levers_cm=(4, 8), body_mass_kg=80.0)
    assert table["force_n"].tolist() == pytest.approx([1000.0, 500.0])
    assert table["body_weights"].tolist() == pytest.approx([1000 / (80 * 9.81), 500 / (80 * 9.81)])
