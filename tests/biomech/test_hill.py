"""Force-length curves and the PCHIP interpolation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoaskit._data import read_text
from psoaskit.biomech.hill import (
    active_force_length,
    force_length_table,
    passive_force_length,
    pchip,
)


def _reference(curve: str, kind: str) -> tuple[np.ndarray, np.ndarray]:
    rows = [
        line.split(",")
        for line in read_text("muscle_force_length_curves.csv").splitlines()
        if line.startswith(f"{curve},{kind},")
    ]
    return np.array([float(r[2]) for r in rows]), np.array([float(r[3]) for r in rows])


@pytest.mark.parametrize("kind", ["active", "passive"])
def test_thelen_formulas_reproduce_the_reference_table(kind: str) -> None:
    lengths, expected = _reference("thelen2003", kind)
    func = active_force_length if kind == "active" else passive_force_length
    assert np.allclose(func(lengths, "thelen2003"), expected, atol=6e-4)


@pytest.mark.parametrize("kind", ["active", "passive"])
def test_millard_passes_through_opensim_samples(kind: str) -> None:
    lengths, expected = _reference("millard2012", kind)
    func = active_force_length if kind == "active" else passive_force_length
    assert np.allclose(func(lengths, "millard2012"), expected, atol=1e-9)


def test_millard_floor_and_passive_extension() -> None:
    assert float(active_force_length(0.3)) == pytest.approx(0.1)
    assert float(active_force_length(1.9)) == pytest.approx(0.1)
    assert float(passive_force_length(0.9)) == 0.0
    assert float(passive_force_length(1.8)) == pytest.approx(1.0 + 2.857142857142857 * 0.1)


def test_curves_peak_at_optimal_length() -> None:
    grid = np.linspace(0.5, 1.6, 221)
    for curve in ("millard2012", "thelen2003"):
        values = active_force_length(grid, curve)
        assert grid[np.argmax(values)] == pytest.approx(1.0, abs=0.01)
        assert values.max() == pytest.approx(1.0, abs=1e-6)


def test_pchip_hand_example_and_linear_data() -> None:
    # knots (0,0), (1,1), (2,1): end slope 1.5, middle slope 0 -> value 0.6875 at 0.5 (by hand)
    assert pchip([0, 1, 2], [0, 1, 1], 0.5) == pytest.approx(0.6875)
    assert np.allclose(pchip([0, 1, 3, 4], [1, 3, 7, 9], [0.5, 2, 3.5]), [2, 5, 8])


@given(st.lists(st.floats(-100, 100), min_size=3, max_size=12, unique=True), st.data())
def test_pchip_hits_knots_and_stays_between_neighbours(values, data) -> None:
    x = np.arange(len(values), dtype=float)
    y = np.array(values)
    assert np.allclose(pchip(x, y, x), y)
    q = data.draw(st.floats(0, len(values) - 1))
    i = min(int(q), len(values) - 2)
    lo, hi = sorted((y[i], y[i + 1]))
    result = float(pchip(x, y, q))
    assert lo - 1e-9 <= result <= hi + 1e-9  # monotone on every interval: no overshoot


def test_pchip_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="outside"):
        pchip([0, 1], [0, 1], 2)
    with pytest.raises(ValueError, match="increasing"):
        pchip([1, 0], [0, 1], 0.5)


def test_force_length_table_is_tidy() -> None:
    table = force_length_table(lengths=[0.5, 1.0])
    assert set(table.columns) == {"curve", "kind", "fiber_length_norm", "force_norm"}
    assert len(table) == 2 * 2 * 2
    assert force_length_table([]).empty
