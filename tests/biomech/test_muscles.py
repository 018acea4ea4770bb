"""Muscle paths, operating points and the active-insufficiency picture."""

from __future__ import annotations

import numpy as np
import pytest

from psoaskit._data import read_text
from psoaskit.biomech.muscles import (
    MUSCLES,
    available_force,
    fiber_length_norm,
    flexor_capacity,
    iliopsoas_share_summary,
    length_change,
    moment_arm,
    mt_length,
    muscle_parameters,
    muscle_paths,
    muscle_state,
    muscle_states,
    passive_hip_extension,
)


def test_data_files_carry_provenance() -> None:
    for name in (
        "muscle_paths_rajagopal2016.csv",
        "muscle_parameters.csv",
        "muscle_capacity_rajagopal2016.csv",
        "muscle_passive_rajagopal_lai_uhlrich2023.csv",
        "muscle_force_length_curves.csv",
    ):
        header = [line for line in read_text(name).splitlines() if line.startswith("#")]
        assert any("OpenSim" in line or "Thelen" in line for line in header), name


def test_table_covers_five_muscles_two_knees_thirteen_angles() -> None:
    paths = muscle_paths()
    assert set(paths["muscle"]) == set(MUSCLES)
    assert paths.groupby(["muscle", "knee_deg"]).size().eq(13).all()


@pytest.mark.parametrize(
    ("muscle", "hip", "knee", "arm_cm", "length_cm"),
    [  # model-tables.md 3.3 / 3.4
        ("psoas", 90, 0, 3.30, 18.1),
        ("iliacus", 120, 0, 0.10, 13.0),
        ("rectus_femoris", 45, 0, 5.09, 47.7),
        ("rectus_femoris", 45, 90, 5.09, 53.9),
        ("tfl", -30, 90, 0.05, 57.3),
        ("sartorius", 75, 0, 7.13, 51.1),
    ],
)
def test_tabulated_values_are_reproduced(muscle, hip, knee, arm_cm, length_cm) -> None:
    assert float(moment_arm(muscle, hip, knee)) * 100 == pytest.approx(arm_cm)
    assert float(mt_length(muscle, hip, knee)) * 100 == pytest.approx(length_cm)


def test_interpolation_is_smooth_and_never_overshoots() -> None:
    hips = np.linspace(-30, 120, 301)
    length = mt_length("psoas", hips)
    assert np.all(np.diff(length) < 0)  # psoas shortens monotonically as the hip flexes
    arm = moment_arm("psoas", hips)
    assert arm.max() <= 0.0344 + 1e-12  # the tabulated peak (3.44 cm at 75 deg) is not exceeded
    assert np.max(np.abs(np.diff(arm, 2))) < 1e-4  # no kinks


def test_knee_interpolates_linearly_between_tables() -> None:
    straight, bent = mt_length("rectus_femoris", 30, 0), mt_length("rectus_femoris", 30, 90)
    assert float(mt_length("rectus_femoris", 30, 45)) == pytest.approx(float(straight + bent) / 2)


@pytest.mark.parametrize("muscle", ["psoas", "iliacus", "sartorius"])
def test_rigid_tendon_fibre_length_matches_opensim_for_short_tendons(muscle: str) -> None:
    rows = muscle_paths().query("muscle == @muscle")
    ours = fiber_length_norm(
        muscle, rows["hip_deg"].to_numpy(float), rows["knee_deg"].to_numpy(float)
    )
    assert np.max(np.abs(ours - rows["fiber_length_norm_opensim"].to_numpy())) <= 0.02


def test_psoas_max_moment_close_to_opensim() -> None:
    rows = muscle_paths().query("muscle == 'psoas' and knee_deg == 0 and hip_deg <= 100")
    ours = available_force(knee_deg=[0], hip_deg=rows["hip_deg"]).query("muscle == 'psoas'")
    ratio = ours["max_active_moment_nm"].to_numpy() / rows["max_moment_nm_opensim"].to_numpy()
    assert np.all(np.abs(ratio - 1) < 0.15)


def test_active_insufficiency_knee_straight_vs_bent() -> None:
    # biomechanics.md 0.3: with the knee straight RF and TFL bottom out beyond ~60-75 deg; psoas
    # keeps most of its force at 90 deg; with the knee bent RF is not insufficient at 90 deg.
    for curve in ("millard2012", "opensim"):
        table = available_force(curve=curve).set_index(["muscle", "knee_deg", "hip_deg"])[
            "active_fl"
        ]
        assert table[("rectus_femoris", 0, 75)] <= 0.1
        assert table[("tfl", 0, 90)] <= 0.1
        assert table[("psoas", 0, 90)] >= 0.7
        assert table[("rectus_femoris", 90, 90)] >= 0.5
        assert table[("sartorius", 0, 110)] >= 0.8


def test_thelen_is_more_forgiving_than_millard_at_short_lengths() -> None:
    thelen = muscle_state(90, 0, "thelen2003").set_index("muscle")["active_fl"]
    millard = muscle_state(90, 0, "millard2012").set_index("muscle")["active_fl"]
    assert thelen["rectus_femoris"] > millard["rectus_femoris"]


def test_capacity_share_matches_reference() -> None:
    # biomechanics.md 0.3: iliopsoas share 66-70 % at 60-75 deg, 38 % at 110 deg (knee straight)
    share = flexor_capacity(0).set_index("hip_deg")["iliopsoas_share"]
    assert share[60] == pytest.approx(0.66, abs=0.01)
    assert share[75] == pytest.approx(0.70, abs=0.01)
    assert share[110] == pytest.approx(0.38, abs=0.01)
    assert share.idxmax() in (60, 75)


def test_passive_iliopsoas_force_rises_into_extension() -> None:
    passive = passive_hip_extension(0).set_index("hip_deg")["psoas_iliacus_force_n"]
    assert passive[-30] == 567 and passive[0] == 191
    assert passive.loc[[-30, -20, -10, 0]].is_monotonic_decreasing


def test_parameters_of_both_models() -> None:
    assert muscle_parameters("gait2392").loc["psoas", "max_isometric_force_n"] == 1113.0
    assert muscle_parameters().loc["sartorius", "optimal_fiber_length_m"] == pytest.approx(0.403)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: moment_arm("gluteus", 0), "unknown muscle"),
        (lambda: moment_arm("psoas", 130), "-30..120"),
        (lambda: mt_length("psoas", 0, 120), "knee angle"),
        (lambda: muscle_state(0, 45, "opensim"), "knee 0 and 90"),
        (lambda: muscle_state(0, 0, "hill"), "unknown curve"),
        (lambda: flexor_capacity(45), "knee 0 and 90"),
        (lambda: muscle_parameters("arnold2010"), "unknown muscle model"),
    ],
)
def test_bad_requests_fail_clearly(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# --- notebook helpers: stacked states, length change, share summary ---


def test_muscle_states_orders_by_curve_knee_hip_then_muscle() -> None:
    table = muscle_states([0, -10], knee_deg=[0, 90], curves=["millard2012", "opensim"],
                          muscles=["psoas", "iliacus"])
    assert len(table) == 2 * 2 * 2 * 2
    assert table["curve"].tolist()[:8] == ["millard2012"] * 8
    assert table["knee_deg"].tolist()[:4] == [0, 0, 0, 0]
    assert table["hip_deg"].tolist()[:4] == [0, 0, -10, -10]
    assert table["muscle"].tolist()[:4] == ["psoas", "iliacus", "psoas", "iliacus"]
    single = muscle_state(-10, 90, "opensim", ["iliacus"])
    last = table.iloc[[-1]].reset_index(drop=True)
    assert last.equals(single)


def test_length_change_is_the_difference_of_two_states() -> None:
    table = length_change(90, 90)
    psoas_stand = float(mt_length("psoas", 0, 0)) * 100
    psoas_sit = float(mt_length("psoas", 90, 90)) * 100
    assert table.loc["Psoas", "standing: muscle-tendon length [cm]"] == pytest.approx(psoas_stand)
    shorter = table.loc["Psoas", "shorter when seated by [cm]"]
    assert shorter == pytest.approx(psoas_stand - psoas_sit)
    assert table.loc["Psoas", "seated: fibre length / optimal"] == pytest.approx(
        float(fiber_length_norm("psoas", 90, 90))
    )
    renamed = length_change(60, 0, names=("lying", "raised"), muscles=["psoas"])
    assert "shorter when raised by [cm]" in renamed.columns and renamed.index.tolist() == ["Psoas"]


def test_iliopsoas_share_summary_reports_reference_numbers() -> None:
    # biomechanics.md 0.3: peak near 70 % at 60-75 deg, 38 % at 110 deg (knee straight)
    text = iliopsoas_share_summary()
    assert text.startswith("Knee straight, the iliopsoas share peaks at 71% at 75 deg")
    assert "falls to 38% at 110 deg" in text
    assert iliopsoas_share_summary(knee_deg=90).startswith("Knee bent 90 deg")
    with pytest.raises(ValueError, match="tabulated"):
        iliopsoas_share_summary(knee_deg=45)
