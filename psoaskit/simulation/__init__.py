"""Programme simulation: the sources' programmes as ladders, progressed by rule over many athletes.

Modules in the order data flows: :mod:`~psoaskit.simulation.ladder` (a programme as stages),
:mod:`~psoaskit.simulation.config` (every parameter), :mod:`~psoaskit.simulation.draws` (the
random numbers, drawn up front), :mod:`~psoaskit.simulation.model` (the athlete model,
vectorised), :mod:`~psoaskit.simulation.synthetic_log` (the model state as a log),
:mod:`~psoaskit.simulation.runs` (one programme over many athletes; programmes compared),
:mod:`~psoaskit.simulation.calibration` (the gain fitted to training trials) and
:mod:`~psoaskit.simulation.sample` (the synthetic sample squad).
"""

from psoaskit.simulation import (
    calibration,
    config,
    draws,
    ladder,
    model,
    runs,
    sample,
    synthetic_log,
)
from psoaskit.simulation.config import PainRule, SimulationConfig
from psoaskit.simulation.ladder import build_ladder
from psoaskit.simulation.runs import Simulation, compare_programmes, simulate

__all__ = [
    "PainRule",
    "Simulation",
    "SimulationConfig",
    "build_ladder",
    "calibration",
    "compare_programmes",
    "config",
    "draws",
    "ladder",
    "model",
    "runs",
    "sample",
    "simulate",
    "synthetic_log",
]
