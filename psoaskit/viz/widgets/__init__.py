"""Interactive explorers for the learning notebooks (ipywidgets).

Each explorer is a thin shell around a plain state function, which computes everything from the
controls' values and is tested without a kernel; the widget copies the result into a readout and
redraws a chart. One module per notebook topic: :mod:`~psoaskit.viz.widgets.biomech` (lever arms,
range), :mod:`~psoaskit.viz.widgets.quiz`, :mod:`~psoaskit.viz.widgets.simulation` and
:mod:`~psoaskit.viz.widgets.analysis` (the athlete picker, the period table).
"""

from psoaskit.viz.widgets.analysis import AthletePicker, AthleteView, PeriodTable, athlete_view
from psoaskit.viz.widgets.biomech import (
    LeverExplorer,
    LeverState,
    PathExplorer,
    RangeExplorer,
    RangeState,
    lever_state,
    range_state,
)
from psoaskit.viz.widgets.quiz import QuizWidget
from psoaskit.viz.widgets.simulation import SimulationExplorer, SimulationState, simulation_state

__all__ = [
    "AthletePicker",
    "AthleteView",
    "LeverExplorer",
    "LeverState",
    "PathExplorer",
    "PeriodTable",
    "QuizWidget",
    "RangeExplorer",
    "RangeState",
    "SimulationExplorer",
    "SimulationState",
    "athlete_view",
    "lever_state",
    "range_state",
    "simulation_state",
]
