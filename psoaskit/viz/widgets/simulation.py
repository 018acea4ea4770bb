"""The programme-simulation explorer of notebook 04."""

from __future__ import annotations

import html
from dataclasses import dataclass

import altair as alt
import ipywidgets as w
import pandas as pd

from psoaskit.viz import charts
from psoaskit.viz.widgets.base import DisplayedWidget, fitting_layout, show_chart

__all__ = ["SimulationExplorer", "SimulationState", "simulation_state"]


# === simulate =====================================================================================


@dataclass(frozen=True)
class SimulationState:
    """Everything the programme-simulation explorer shows for one set of controls.

    Attributes
    ----------
    stats : pandas.DataFrame
        :meth:`psoaskit.simulation.runs.Simulation.weekly_stats` with ``programme`` and ``name``
        (every programme when comparing).
    shares : pandas.DataFrame
        :meth:`psoaskit.simulation.runs.Simulation.stage_shares` of the chosen programme.
    summary : pandas.DataFrame
        :meth:`psoaskit.simulation.runs.Simulation.summary` of the chosen programme.
    html : str
        The readout.
    """

    programme: str
    sessions_per_week: int
    adherence: float
    weeks: int
    stats: pd.DataFrame
    shares: pd.DataFrame
    summary: pd.DataFrame
    html: str

    def chart(self) -> alt.VConcatChart:
        """Capacity, ladder and dose over the weeks, then where athletes stand on the ladder."""
        # programme names and ladder stages are different colour scales, not one merged one
        return alt.vconcat(
            charts.programme_comparison_chart(self.stats),
            charts.ladder_progress_chart(self.shares, title="Stage of the ladder, by week"),
        ).resolve_scale(color="independent")


def simulation_state(
    programme: str = "foundational_to_advanced",
    sessions_per_week: int = 3,
    adherence: float = 0.8,
    weeks: int = 8,
    athletes: int = 200,
    seed: int = 0,
    compare: bool = False,
) -> SimulationState:
    """Simulate what the explorer shows (its callback, a plain function).

    Parameters
    ----------
    programme : str
        Programme id.
    sessions_per_week : int
        Planned frequency [1/week].
    adherence : float
        Mean share of planned sessions done [-].
    weeks : int
        Length [week].
    athletes : int
        Simulated athletes [-].
    seed : int
        Random seed.
    compare : bool
        Also simulate every other programme with the same settings and athletes.

    Returns
    -------
    SimulationState

    Examples
    --------
    >>> state = simulation_state("psoas_level_ladder", weeks=4, athletes=50)
    >>> int(state.stats["week"].max()), len(state.summary)
    (4, 50)
    """
    from psoaskit.simulation.runs import compare_programmes, simulate

    sim = simulate(
        programme,
        weeks=weeks,
        athletes=athletes,
        sessions_per_week=sessions_per_week,
        adherence=adherence,
        seed=seed,
    )
    if compare:
        stats = compare_programmes(
            weeks=weeks,
            athletes=athletes,
            sessions_per_week=sessions_per_week,
            adherence=adherence,
            seed=seed,
        )
    else:
        stats = sim.weekly_stats()
        stats.insert(0, "name", sim.programme.name)
        stats.insert(0, "programme", programme)
    summary = sim.summary()
    change = summary["capacity_change_pct"]
    stepped_back = (summary["step_backs"] > 0).mean()
    text = (
        f"<b>{html.escape(sim.programme.name)}</b> (source {', '.join(sim.programme.sources)}), "
        f"{sessions_per_week} sessions a week, adherence {adherence:.0%}, {weeks} weeks, "
        f"{athletes} simulated athletes"
        "<ul>"
        f"<li>capacity change: median {change.median():+.1f} % "
        f"(10-90 % of athletes: {change.quantile(0.1):+.1f} to {change.quantile(0.9):+.1f} %)</li>"
        f"<li>reached the top of the ladder ({sim.ladder.n_stages} stages): "
        f"{summary['top_reached'].mean():.0%}</li>"
        f"<li>sessions done: median {summary['sessions_done'].median():g} of "
        f"{summary['sessions_planned'].iloc[0]}</li>"
        f"<li>stepped back at least once (pain or missed weeks): {stepped_back:.0%}</li>"
        "</ul><i>A model with placeholder constants, not a prediction for a person. "
        "Stop on sharp pain in the low back or groin; with existing back or hip pain, see a "
        "physiotherapist first.</i>"
    )
    return SimulationState(
        programme, sessions_per_week, adherence, weeks, stats, sim.stage_shares(), summary, text
    )


class SimulationExplorer(DisplayedWidget):
    """Programme, weekly frequency, adherence and length; readout and charts.

    Attributes
    ----------
    programme : ipywidgets.Dropdown
        The programme (names shown, ids as values).
    sessions, weeks : ipywidgets.IntSlider
        Sessions per week [1/week] and length [week].
    adherence : ipywidgets.FloatSlider
        Mean share of planned sessions done [-].
    compare : ipywidgets.Checkbox
        Show every programme with the same settings.
    readout : ipywidgets.HTML
        The numbers.
    output : ipywidgets.Output
        The charts.
    state : SimulationState
        What is on show now.
    widget : ipywidgets.VBox
        Everything, ready to display.

    Examples
    --------
    >>> explorer = SimulationExplorer(weeks=4, athletes=40)
    >>> explorer.sessions.value = 2
    >>> "2 sessions a week" in explorer.readout.value
    True
    """

    def __init__(
        self,
        programme: str = "foundational_to_advanced",
        sessions_per_week: int = 3,
        adherence: float = 0.8,
        weeks: int = 8,
        athletes: int = 200,
        seed: int = 0,
    ) -> None:
        from psoaskit.catalogue.programmes import read_programmes

        style = {"description_width": "140px"}
        layout = w.Layout(width="440px")
        self.athletes, self.seed = athletes, seed
        names = [(p.name, p.id) for p in read_programmes().values()]
        self.programme = w.Dropdown(
            options=names, value=programme, description="Programme", style=style,
            layout=fitting_layout([name for name, _ in names], description_ch=18),
        )
        self.sessions = w.IntSlider(
            value=sessions_per_week, min=1, max=5, description="Sessions per week",
            continuous_update=False, style=style, layout=layout,
        )
        self.adherence = w.FloatSlider(
            value=adherence, min=0.3, max=1.0, step=0.05, description="Adherence",
            readout_format=".0%", continuous_update=False, style=style, layout=layout,
        )
        self.weeks = w.IntSlider(
            value=weeks, min=2, max=52, description="Weeks", continuous_update=False,
            style=style, layout=layout,
        )
        self.compare = w.Checkbox(value=False, description="Compare all programmes")
        self.readout = w.HTML()
        self.output = w.Output()
        controls = w.VBox([self.programme, self.sessions, self.adherence, self.weeks, self.compare])
        controls.layout = w.Layout(flex="0 0 auto", overflow="visible")
        self.readout.layout = w.Layout(flex="1 1 320px", margin="0 0 0 16px")
        self.widget = w.VBox([w.HBox([controls, self.readout],
                                     layout=w.Layout(flex_flow="row wrap")), self.output])
        for control in (self.programme, self.sessions, self.adherence, self.weeks, self.compare):
            control.observe(self._changed, names="value")
        self.update()

    def _changed(self, _change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Simulate with the controls' values and redraw."""
        self.state = simulation_state(
            self.programme.value,
            self.sessions.value,
            self.adherence.value,
            self.weeks.value,
            self.athletes,
            self.seed,
            self.compare.value,
        )
        self.readout.value = self.state.html
        show_chart(self.output, self.state.chart())
