"""Shared test settings."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Fuzz tests: a fixed, modest budget so the whole suite stays well inside CI's time.
settings.register_profile(
    "psoaskit",
    max_examples=int(os.environ.get("PSOASKIT_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.load_profile("psoaskit")


@pytest.fixture(autouse=True, scope="session")
def _chart_theme() -> None:
    """Charts as notebooks and reports draw them: the kit's theme, the offline renderer."""
    from psoaskit.viz.charts import enable_theme

    enable_theme()
