"""Body-segment tables, segment lengths from stature and the Body/LowerLimb objects."""

from __future__ import annotations

import pytest

from psoaskit._data import read_text
from psoaskit.biomech.anthropometry import BSP_TABLES, Body, bsp_table, lower_limb, segment_lengths


@pytest.mark.parametrize(
    "name",
    [
        "anthropometry_dempster_winter.csv",
        "anthropometry_deleva.csv",
        "anthropometry_length_ratios.csv",
    ],
)
def test_tables_name_their_source(name: str) -> None:
    text = read_text(name)
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "Winter" in header or "de Leva" in header
    assert "source" in next(line for line in text.splitlines() if not line.startswith("#"))


def test_winter_limb_for_reference_body() -> None:
    # Reference set-up (biomechanics.md 1.4): thigh 0.429 m / 7.00 kg, shank 0.430 m / 3.26 kg,
    # foot 1.02 kg.
    limb = lower_limb(70, 1.75, "winter")
    assert limb.thigh.length_m == pytest.approx(0.245 * 1.75)
    assert limb.shank.length_m == pytest.approx(0.246 * 1.75)
    assert limb.thigh.mass_kg == pytest.approx(7.0)
    assert limb.shank.mass_kg == pytest.approx(3.255)
    assert limb.foot_mass_kg == pytest.approx(1.015)
    assert limb.thigh.com_m == pytest.approx(0.433 * 0.245 * 1.75)
    assert limb.mass_kg == pytest.approx(0.161 * 70)  # Winter's "total leg" fraction


@pytest.mark.parametrize(
    ("table", "thigh_m", "thigh_kg", "shank_m", "shank_kg", "foot_kg"),
    [
        ("deleva_male", 0.424, 9.91, 0.436, 3.03, 0.96),
        ("deleva_female", 0.372, 10.35, 0.436, 3.37, 0.90),
    ],
)
def test_deleva_limbs_match_reference(table, thigh_m, thigh_kg, shank_m, shank_kg, foot_kg) -> None:
    # model-tables.md 1.2 and 1.3 (H = 1.75 m, M = 70 kg)
    limb = lower_limb(70, 1.75, table)
    assert limb.thigh.length_m == pytest.approx(thigh_m, abs=0.0006)
    assert limb.thigh.mass_kg == pytest.approx(thigh_kg, abs=0.006)
    assert limb.shank.length_m == pytest.approx(shank_m, abs=0.0006)
    assert limb.shank.mass_kg == pytest.approx(shank_kg, abs=0.006)
    assert limb.foot_mass_kg == pytest.approx(foot_kg, abs=0.006)


def test_deleva_lengths_scale_with_stature() -> None:
    male = bsp_table("deleva_male").set_index("segment")
    at_reference = segment_lengths(1.741, "deleva_male")
    assert at_reference["thigh"] == pytest.approx(male.loc["thigh", "mean_length_mm"] / 1000)
    double = segment_lengths(2.0, "deleva_male")
    half = segment_lengths(1.0, "deleva_male")
    assert double["shank"] == pytest.approx(2 * half["shank"])


def test_masses_scale_with_body_mass() -> None:
    light, heavy = lower_limb(50, 1.75), lower_limb(100, 1.75)
    assert heavy.mass_kg == pytest.approx(2 * light.mass_kg)
    assert heavy.thigh.length_m == light.thigh.length_m


def test_tables_are_copies() -> None:
    table = bsp_table("winter")
    table.loc[0, "mass_fraction"] = 99.0
    assert bsp_table("winter").loc[0, "mass_fraction"] != 99.0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"mass_kg": -5}, ValueError, "mass_kg"),
        ({"mass_kg": 400}, ValueError, "between 20 and 250"),
        ({"height_m": 175}, ValueError, "height_m"),
        ({"height_m": "tall"}, TypeError, "height_m"),
        ({"table": "dempster"}, ValueError, "deleva_female"),
        ({"mass_kg": True}, TypeError, "mass_kg"),
    ],
)
def test_bad_bodies_are_rejected_clearly(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        Body(**kwargs)


def test_every_table_builds_a_limb() -> None:
    for table in BSP_TABLES:
        limb = Body(70, 1.75, table).limb
        assert 0.15 < limb.mass_kg / 70 < 0.22  # 16 % (Winter) to 21 % (de Leva female)
