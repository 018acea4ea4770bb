"""The band tension model and load validation."""

from __future__ import annotations

import numpy as np
import pytest

from psoaskit.biomech.equipment import AnkleWeight, Band, Dumbbell


def test_band_is_a_linear_spring_beyond_its_slack() -> None:
    band = Band(stiffness_n_per_m=120.0, slack_m=0.25)
    assert band.tension(0.20) == 0.0
    assert band.tension(0.25) == 0.0
    assert band.tension(0.75) == pytest.approx(60.0)
    assert np.allclose(band.tension(np.array([0.25, 0.5, 1.25])), [0.0, 30.0, 120.0])


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: Band(-1.0), ValueError),
        (lambda: Band(10.0, slack_m=-0.1), ValueError),
        (lambda: Band("stiff"), TypeError),
        (lambda: Dumbbell(float("nan")), TypeError),
        (lambda: AnkleWeight(-2), ValueError),
    ],
)
def test_bad_loads_are_rejected(make, error) -> None:
    with pytest.raises(error):
        make()
