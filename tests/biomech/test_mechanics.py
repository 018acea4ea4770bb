"""The lever-arm model reproduces the reference moments and behaves like physics should.

Reference values: ../shared/references/model-tables.md section 1 (computed independently with NumPy
from the same Winter/Dempster and de Leva tables, H = 1.75 m, M = 70 kg).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.equipment import AnkleWeight, Band, Dumbbell
from psoaskit.biomech.mechanics import (
    G,
    dumbbell_sweep,
    hip_flexion_moment,
    knee_sweep,
    limb_inertia,
    limb_lever_arm,
    moment_contributions,
    moment_curve,
    moment_curves,
    moment_table,
)

ANGLES = [0, 15, 30, 45, 60, 75, 90, 100, 110, 120]
# model-tables.md 1.1 and 1.4 (Winter/Dempster): posture, knee, moments at ANGLES [N m]
WINTER = [
    ("supine", 0, [40.9, 39.6, 35.5, 29.0, 20.5, 10.6, 0.0, -7.1, -14.0, -20.5]),
    ("supine", 90, [30.7, 32.3, 31.7, 29.0, 24.2, 17.8, 10.2, 4.8, -0.9, -6.5]),
    ("supine", 120, [25.6, 27.0, 26.6, 24.4, 20.5, 15.2, 8.9, 4.3, -0.4, -5.1]),
    ("standing", 0, [0.0, 10.6, 20.5, 29.0, 35.5, 39.6, 40.9, 40.3, 38.5, 35.5]),
    ("standing", 90, [-10.2, -1.9, 6.5, 14.5, 21.5, 27.0, 30.7, 32.0, 32.4, 31.7]),
]


def _close(computed: float, reference: float) -> bool:
    """Within 1 %, or within the table's rounding (0.05) plus 0.1 N m for values near zero."""
    return abs(computed - reference) <= max(0.01 * abs(reference), 0.15)


def test_issue_reference_moments_within_one_percent() -> None:
    body = Body(70, 1.75, "winter")
    slr = hip_flexion_moment(body, 0, 0, "supine")
    table_top = hip_flexion_moment(body, 90, 90, "supine")
    knee_raise = hip_flexion_moment(body, 90, 90, "standing")
    assert slr == pytest.approx(40.9, rel=0.01)
    assert table_top == pytest.approx(10.2, rel=0.01)
    assert knee_raise == pytest.approx(30.7, rel=0.01)


@pytest.mark.parametrize(("posture", "knee", "expected"), WINTER)
def test_winter_reference_table(posture: str, knee: float, expected: list[float]) -> None:
    computed = hip_flexion_moment(Body(), np.array(ANGLES, float), knee, posture)
    misses = [
        (a, round(c, 2), e)
        for a, c, e in zip(ANGLES, computed, expected, strict=True)
        if not _close(c, e)
    ]
    assert not misses, f"(angle, computed, reference) outside 1 %: {misses}"


@pytest.mark.parametrize(
    ("table", "slr", "supine_90_90", "knee_raise"),
    [("deleva_male", 43.4, 9.9, 33.5), ("deleva_female", 39.4, 10.2, 29.2)],
)
def test_deleva_reference_values(
    table: str, slr: float, supine_90_90: float, knee_raise: float
) -> None:
    body = Body(70, 1.75, table)
    assert _close(hip_flexion_moment(body, 0, 0, "supine"), slr)
    assert _close(hip_flexion_moment(body, 90, 90, "supine"), supine_90_90)
    assert _close(hip_flexion_moment(body, 90, 90, "standing"), knee_raise)


def test_lever_arm_of_the_limb_weight() -> None:
    # model-tables.md 1.4: SLR lever arm 37.0 cm at 0 deg, 26.2 cm at 45 deg; table-top 9.3 cm
    assert limb_lever_arm(Body(), 0, 0) * 100 == pytest.approx(37.0, abs=0.1)
    assert limb_lever_arm(Body(), 45, 0) * 100 == pytest.approx(26.2, abs=0.1)
    assert limb_lever_arm(Body(), 90, 90) * 100 == pytest.approx(9.3, abs=0.1)


@pytest.mark.parametrize(
    ("table", "expected"), [("winter", 2.41), ("deleva_male", 2.40), ("deleva_female", 2.09)]
)
def test_straight_limb_inertia(table: str, expected: float) -> None:
    assert float(limb_inertia(Body(70, 1.75, table), 0)) == pytest.approx(expected, abs=0.006)


def test_moving_adds_inertia_times_acceleration() -> None:
    still = hip_flexion_moment(Body(), 30, 0, "supine")
    moving = hip_flexion_moment(Body(), 30, 0, "supine", angular_acceleration_deg_s2=180)
    assert moving - still == pytest.approx(float(limb_inertia(Body(), 0)) * np.pi)


def test_supine_45_bent_knee_equals_straight_leg_at_45() -> None:
    # the teaching point of biomechanics.md 1.4
    assert hip_flexion_moment(Body(), 45, 90, "supine") == pytest.approx(
        hip_flexion_moment(Body(), 45, 0, "supine")
    )


def test_standing_and_supine_are_the_same_leg_rotated() -> None:
    for angle in (10, 35, 80):
        assert hip_flexion_moment(Body(), angle, 0, "standing") == pytest.approx(
            hip_flexion_moment(Body(), 90 - angle, 0, "supine")
        )


def test_moment_scales_with_mass_and_height() -> None:
    base = hip_flexion_moment(Body(60, 1.60), 20, 40, "supine")
    assert hip_flexion_moment(Body(120, 1.60), 20, 40, "supine") == pytest.approx(2 * base)
    assert hip_flexion_moment(Body(60, 2.00), 20, 40, "supine") == pytest.approx(base * 2.00 / 1.60)


def test_dumbbell_on_knee_adds_weight_times_knee_distance() -> None:
    body = Body()
    without = hip_flexion_moment(body, 90, 90, "standing")
    with_dumbbell = hip_flexion_moment(body, 90, 90, "standing", [Dumbbell(5)])
    assert with_dumbbell - without == pytest.approx(5 * G * body.limb.thigh.length_m)


def test_ankle_weight_adds_weight_times_ankle_distance() -> None:
    body = Body()
    leg = body.limb.thigh.length_m + body.limb.shank.length_m
    extra = hip_flexion_moment(body, 0, 0, "supine", [AnkleWeight(2)]) - hip_flexion_moment(
        body, 0, 0, "supine"
    )
    assert extra == pytest.approx(2 * G * leg)


def test_band_moment_by_hand() -> None:
    # Standing, hip 90, knee 90: ankle at (L_t, -L_s); anchor at the straight-leg ankle
    # (0, -(L_t + L_s)).
    body = Body()
    thigh, shank = body.limb.thigh.length_m, body.limb.shank.length_m
    pull = np.array([0 - thigh, -(thigh + shank) + shank])  # anchor - ankle
    tension_vector = 100.0 * pull  # k * stretch along the unit vector = k * pull (slack 0)
    torque = thigh * tension_vector[1] - (-shank) * tension_vector[0]
    extra = hip_flexion_moment(body, 90, 90, "standing", [Band(100.0)]) - hip_flexion_moment(
        body, 90, 90, "standing"
    )
    assert extra == pytest.approx(-torque)
    assert extra > 0


def test_slack_band_and_band_through_the_hip_add_nothing() -> None:
    body = Body()
    base = hip_flexion_moment(body, 90, 90, "standing")
    assert hip_flexion_moment(
        body, 90, 90, "standing", [Band(100.0, slack_m=5.0)]
    ) == pytest.approx(base)
    # anchor on the line from the hip through the ankle: the pull passes through the hip
    ankle = np.array([body.limb.thigh.length_m, -body.limb.shank.length_m])
    through_hip = Band(100.0, anchor_m=tuple(ankle * 2.0))
    assert hip_flexion_moment(body, 90, 90, "standing", [through_hip]) == pytest.approx(base)


def test_plank_gravity_helps_flexion_and_side_postures_have_no_gravity_moment() -> None:
    assert hip_flexion_moment(Body(), 90, 90, "plank") < 0
    assert hip_flexion_moment(Body(), 0, 0, "plank") < 0
    for posture in ("side_lying", "side_plank"):
        assert hip_flexion_moment(Body(), 60, 30, posture) == 0.0
        assert hip_flexion_moment(Body(), 60, 30, posture, [Band(50.0)]) > 0


@given(
    hip=st.floats(-30, 130),
    knee=st.floats(0, 150),
    posture=st.sampled_from(["supine", "standing", "plank", "side_plank"]),
    dumbbell=st.floats(0, 20),
    stiffness=st.floats(0, 400),
)
def test_contributions_add_up_to_the_moment(hip, knee, posture, dumbbell, stiffness) -> None:
    loads = [Dumbbell(dumbbell), Band(stiffness)]
    parts = moment_contributions(Body(), hip, knee, posture, loads)
    assert parts["moment_nm"].sum() == pytest.approx(
        hip_flexion_moment(Body(), hip, knee, posture, loads), abs=1e-9
    )
    weights = parts[parts["part"].isin(["thigh", "shank", "foot", "dumbbell"])]
    assert (weights["lever_arm_m"].abs() <= 1.0).all()  # no lever longer than the leg


def test_vectorised_equals_scalar() -> None:
    hips = np.array([-20.0, 10.0, 55.0, 100.0])
    knees = np.array([0.0, 30.0, 90.0, 120.0])
    vector = hip_flexion_moment(Body(), hips, knees, "standing", [Band(80.0)])
    scalar = [
        hip_flexion_moment(Body(), h, k, "standing", [Band(80.0)])
        for h, k in zip(hips, knees, strict=True)
    ]
    assert np.allclose(vector, scalar)
    assert hips.tolist() == [-20.0, 10.0, 55.0, 100.0]  # inputs untouched


def test_moment_curve_flags_foot_on_floor() -> None:
    curve = moment_curve(posture="supine", knee_deg=90, hip_deg=[30, 44, 46, 90])
    assert curve["foot_on_floor"].tolist() == [True, True, False, False]
    standing = moment_curve(posture="standing", knee_deg=90)
    assert not standing["foot_on_floor"].any()
    assert curve["series"].iloc[0] == "supine, knee 90 deg"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: hip_flexion_moment(Body(), 200, 0), ValueError, "hip angle"),
        (lambda: hip_flexion_moment(Body(), 0, -10), ValueError, "knee angle"),
        (lambda: hip_flexion_moment(Body(), float("nan"), 0), ValueError, "finite"),
        (lambda: hip_flexion_moment(Body(), 0, 0, "kneeling"), ValueError, "supine, standing"),
        (lambda: hip_flexion_moment(Body(), 0, 0, "supine", ["5 kg"]), TypeError, "Dumbbell"),
        (lambda: Dumbbell(-1), ValueError, "negative"),
        (lambda: Band(float("inf")), TypeError, "finite"),
        (lambda: moment_contributions(Body(), [0, 1], 0), ValueError, "one hip"),
    ],
)
def test_bad_input_gives_clear_errors(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


# --- notebook helpers: named positions, sweeps, stacked curves ---


def test_moment_table_matches_reference_moments() -> None:
    # model-tables.md 1.1/1.4 (WINTER above): SLR 40.9, supine knee 90 hip 45 29.0, standing 30.7
    body = Body(70, 1.75, "winter")
    rows = [("slr", "supine", 0, 0), ("march", "supine", 45, 90), ("raise", "standing", 90, 90)]
    table = moment_table(body, rows)
    assert table.columns.tolist() == ["position", "posture", "hip_deg", "knee_deg", "moment_nm"]
    assert table["position"].tolist() == ["slr", "march", "raise"]
    for computed, reference in zip(table["moment_nm"], [40.9, 29.0, 30.7], strict=True):
        assert _close(computed, reference)


def test_moment_table_takes_loads_and_rejects_bad_rows() -> None:
    loaded = moment_table(None, [("raise", "standing", 90, 90, [Dumbbell(5.0)])])
    bare = moment_table(None, [("raise", "standing", 90, 90)])
    # a dumbbell on the knee of a level thigh adds its weight x thigh length
    added = loaded["moment_nm"].iloc[0] - bare["moment_nm"].iloc[0]
    assert added == pytest.approx(5.0 * G * Body().limb.thigh.length_m)
    with pytest.raises(ValueError, match="position row"):
        moment_table(None, [("too short", "supine", 0)])


def test_dumbbell_sweep_is_linear_in_mass() -> None:
    table = dumbbell_sweep(None, [0.0, 2.5, 5.0], hip_deg=100, knee_deg=90, posture="standing")
    assert table["dumbbell_kg"].tolist() == [0.0, 2.5, 5.0]
    unloaded = hip_flexion_moment(None, 100, 90, "standing")
    assert table["moment_nm"].iloc[0] == pytest.approx(unloaded)
    steps = np.diff(table["moment_nm"])
    assert steps[0] == pytest.approx(steps[1]) and steps[0] > 0


def test_knee_sweep_names_columns_and_matches_reference() -> None:
    table = knee_sweep(Body(70, 1.75, "winter"), [90, 0], [("standing", 90), ("supine", 0)])
    assert table.columns.tolist() == [
        "knee_deg",
        "standing, hip 90 deg: moment [N·m]",
        "supine, hip 0 deg: moment [N·m]",
    ]
    # WINTER: standing hip 90 knee 90 = 30.7, knee 0 = 40.9; supine hip 0 knee 90 = 30.7, 0 = 40.9
    expected = [[30.7, 30.7], [40.9, 40.9]]
    for row, ref in zip(table.iloc[:, 1:].to_numpy(), expected, strict=True):
        assert all(_close(c, r) for c, r in zip(row, ref, strict=True))


def test_moment_curves_stacks_series_in_order() -> None:
    specs = [("supine", 0, "a"), ("standing", 90, "b")]
    curves = moment_curves(None, specs, hip_deg=[0, 90])
    assert curves["series"].tolist() == ["a", "a", "b", "b"]
    assert curves.index.tolist() == [0, 1, 2, 3]
    single = moment_curve(None, "standing", 90, [0, 90], label="b")
    np.testing.assert_allclose(curves["moment_nm"].iloc[2:], single["moment_nm"])
