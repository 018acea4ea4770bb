"""The athlete picker of notebook 05, and its weekly table filtered by a brushed period."""

from __future__ import annotations

import html
from dataclasses import dataclass

import altair as alt
import ipywidgets as w
import pandas as pd

from psoaskit.logs.schema import ATHLETE_ID
from psoaskit.viz import charts
from psoaskit.viz.widgets.base import DisplayedWidget, fitting_layout, show_chart

__all__ = ["PERIOD_COLUMNS", "AthletePicker", "AthleteView", "PeriodTable", "athlete_view"]


# === analysis =====================================================================================


@dataclass(frozen=True)
class AthleteView:
    """What the athlete picker shows for one athlete of an analysed squad.

    Attributes
    ----------
    athlete_id : str
        The athlete.
    analysis : psoaskit.analysis.LogAnalysis
        The squad analysis narrowed to the athlete (no recomputation).
    html : str
        The readout: programme, weekly target, adherence, pain, asymmetry, load and the
        reasons of the current flags (a run of weeks as one).
    """

    athlete_id: str
    analysis: object
    html: str

    def chart(self) -> alt.VConcatChart:
        """Weekly dose, calendar, load and pain over time, pain against load, asymmetry and
        progression.

        Each panel keeps its own colour scale: in a concatenation Vega-Lite shares colour
        scales by default, which would merge pain zones, frequency statuses and exercises into
        one scale (and leave exercises outside the zones' domain undrawn).
        """
        a = self.analysis
        config = a.config
        weeks = a.weekly["week_start"]  # one week axis for every weekly chart
        return alt.vconcat(
            charts.weekly_dose_chart(a.weekly, title=f"Athlete {self.athlete_id}", weeks=weeks),
            charts.adherence_calendar_chart(a.daily, weeks=weeks, weekly=a.weekly),
            charts.load_pmc_chart(a.daily, a.weekly, a.sessions, config.acwr_variant,
                                  config.acwr_threshold, config.pain_zones.green_max,
                                  config.pain_zones.amber_max),
            charts.pain_load_chart(a.weekly, config.pain_zones.green_max,
                                   config.pain_zones.amber_max),
            charts.asymmetry_chart(a.asymmetry, config.asymmetry_pct, weeks=weeks),
            charts.progression_chart(a.progression, weeks=weeks),
        ).resolve_scale(color="independent", shape="independent", strokeDash="independent")


def _fmt(value: object, spec: str, unit: str = "") -> str:
    if value is None or value != value:
        return "n/a"
    return f"{format(value, spec)}{unit}"


def _weeks(first: pd.Timestamp, last: pd.Timestamp) -> str:
    if first == last:
        return f"week of {last:%d %b}"
    return f"weeks of {first:%d %b} to {last:%d %b}"


def athlete_view(analysis, athlete_id: str) -> AthleteView:
    """The picker's callback: narrow ``analysis`` to ``athlete_id`` and write the readout.

    Parameters
    ----------
    analysis : psoaskit.analysis.LogAnalysis
        A squad analysis (``psoaskit.analysis.analyse_log``).
    athlete_id : str
        One of ``analysis.athletes``.

    Returns
    -------
    AthleteView

    Examples
    --------
    >>> from psoaskit.analysis.log_analysis import analyse_log
    >>> log = pd.DataFrame({"athlete_id": ["A", "B"], "exercise_id": ["psoas_march"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-03"] * 2), "work_s": [60.0, 30.0]})
    >>> view = athlete_view(analyse_log(log, programme="psoas_march_drill"), "B")
    >>> "no weekly frequency stated" in view.html
    True
    """
    from psoaskit.catalogue.programmes import read_programmes, with_names

    mine = analysis.athlete(athlete_id)
    row = mine.squad.iloc[0]
    config = mine.config
    programme_id = row["programme_id"]
    programmes = read_programmes()
    if isinstance(programme_id, str) and programme_id in programmes:
        programme = (f"{html.escape(programmes[programme_id].name)} "
                     f"(source {', '.join(programmes[programme_id].sources)})")
    else:
        programme = "no programme assigned: adherence is not judged"
    target = row["sessions_target"]
    if target == "not stated":
        target_text = "no weekly frequency stated (sessions are counted, not judged)"
    elif target == "no programme":
        target_text = "no target"
    else:
        source = str(mine.targets["target_source"].iloc[0])
        target_text = (f"target {html.escape(str(target))} a week ({source}); on target in "
                       f"{_fmt(row['weeks_target_met_pct'], '.0f', ' %')} of complete weeks")
    runs = mine.flag_episodes[mine.flag_episodes["current"]]
    items = "".join(
        f"<li>{_weeks(r.first_week, r.last_week)}: {html.escape(with_names(str(r.reason)))}</li>"
        for r in runs.itertuples()
    ) or "<li>none</li>"
    variant = config.acwr_variant
    measure = mine.weekly["load_measure"].dropna()
    acwr_label = config.acwr_label_of(str(measure.iloc[-1])) if len(measure) else config.acwr_label
    exercise = row["asymmetry_exercise"]
    where = f" ({html.escape(with_names(exercise))})" if isinstance(exercise, str) else ""
    text = (
        f"<b>Athlete {html.escape(athlete_id)}</b>: {programme}<ul>"
        f"<li>{row['sessions']} sessions from {row['first_session']:%d %b %Y} to "
        f"{row['last_session']:%d %b %Y}; {_fmt(row['sessions_per_week'], '.1f')} a week; "
        f"{target_text}</li>"
        f"<li>dose within the prescription: {_fmt(row['dose_within_pct'], '.0f', ' %')} "
        "of checks</li>"
        f"<li>highest pain, last {config.recent_weeks} weeks: "
        f"{_fmt(row['pain_max_recent'], 'g', '/10')} ({row['pain_zone_recent']}); trend "
        f"{_fmt(row['pain_trend_per_week'], '+.2f', ' per week')}</li>"
        f"<li>largest left/right asymmetry, last {config.recent_weeks} weeks: "
        f"{_fmt(row['asymmetry_max_pct'], '+.0f', ' %')}{where}</li>"
        f"<li>ACWR ({html.escape(acwr_label)}): "
        f"{_fmt(row[f'acwr_{variant}_latest'], '.2f')}, a description of load change, "
        "not an injury risk</li>"
        f"</ul><b>Flags, last {config.recent_weeks} weeks</b><ul>{items}</ul>"
        "<i>Stop any exercise that causes sharp pain in the low back or groin; with existing "
        "back or hip pain, see a physiotherapist first.</i>"
    )
    return AthleteView(athlete_id, mine, text)


class AthletePicker(DisplayedWidget):
    """Pick an athlete of an analysed squad; the readout and charts follow.

    Attributes
    ----------
    athlete : ipywidgets.Dropdown
        The athlete (id and programme shown).
    readout : ipywidgets.HTML
        The numbers and flags.
    output : ipywidgets.Output
        The charts.
    view : AthleteView
        What is on show now.
    widget : ipywidgets.VBox
        Everything, ready to display.

    Examples
    --------
    >>> from psoaskit.analysis.log_analysis import analyse_log
    >>> log = pd.DataFrame({"athlete_id": ["A", "B"], "exercise_id": ["psoas_march"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-03"] * 2), "work_s": [60.0, 30.0]})
    >>> picker = AthletePicker(analyse_log(log))
    >>> picker.athlete.value = "B"
    >>> picker.view.athlete_id, "Athlete B" in picker.readout.value
    ('B', True)
    """

    def __init__(self, analysis, athlete_id: str | None = None, show_charts: bool = True) -> None:
        self.analysis = analysis
        self.show_charts = show_charts
        from psoaskit.catalogue.programmes import read_programmes

        names = {p.id: p.name for p in read_programmes().values()}
        programmes = dict(zip(analysis.squad[ATHLETE_ID].astype(str),
                              analysis.squad["programme_id"], strict=True))
        options = [
            (f"{a}: {names.get(programmes[a], programmes[a])}"
             if isinstance(programmes[a], str) else a, a)
            for a in analysis.athletes
        ]
        self.athlete = w.Dropdown(
            options=options, value=athlete_id or analysis.athletes[0], description="Athlete",
            layout=fitting_layout([label for label, _ in options]))
        self.readout = w.HTML()
        self.output = w.Output()
        self.widget = w.VBox([self.athlete, self.readout, self.output])
        self.athlete.observe(self._changed, names="value")
        self.update()

    def _changed(self, _change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Show the chosen athlete."""
        self.view = athlete_view(self.analysis, self.athlete.value)
        self.readout.value = self.view.html
        if self.show_charts:
            show_chart(self.output, self.view.chart())


#: Columns of the weekly table that :class:`PeriodTable` shows.
PERIOD_COLUMNS = ["week_start", "sessions", "sets", "tut_s", "rpe_mean", "pain_max",
                  "pain_zone", "frequency_status", "dose_within_pct", "load"]


class PeriodTable(DisplayedWidget):
    """Brush a period on the athlete's weekly sessions; the weekly table shows those weeks.

    With the interactive chart renderer (:func:`psoaskit.viz.charts.enable_theme`
    ``("interactive")``) the chart is Altair's widget chart and Python reads its ``period``
    selection; with SVG the chart is a picture and the table shows every week.

    Attributes
    ----------
    chart : altair.JupyterChart or None
        The brushable chart (None with a static renderer).
    caption : ipywidgets.HTML
        Which weeks the table shows.
    output : ipywidgets.Output
        The table (:func:`psoaskit.viz.tables.readable`).
    widget : ipywidgets.VBox
        Everything, ready to display.

    Examples
    --------
    >>> from psoaskit.analysis.log_analysis import analyse_log
    >>> days = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"])
    >>> log = pd.DataFrame({"athlete_id": "A", "exercise_id": "psoas_march", "date": days,
    ...                     "work_s": 60.0})
    >>> table = PeriodTable(analyse_log(log), "A")
    >>> table.show(pd.Timestamp("2024-01-08"), pd.Timestamp("2024-01-20"))
    >>> table.caption.value
    '<b>Weeks of 2024-01-08 to 2024-01-15</b> (2 of 3): brush the chart to choose a period'
    """

    def __init__(self, analysis, athlete_id: str) -> None:
        self.weekly = analysis.athlete(athlete_id).weekly
        data = self.weekly.assign(week_start=pd.to_datetime(self.weekly["week_start"]))
        brush = alt.selection_interval(encodings=["x"], name="period")
        chart = alt.Chart(data).mark_bar().encode(
            x=alt.X("week_start:T", title="Week (Monday)", axis=alt.Axis(format="%d %b")),
            y=alt.Y("sessions:Q", title="Sessions"),
            color=alt.Color("frequency_status:N", title="Against the target",
                            scale=charts.colour_scale(charts.FREQUENCY_COLOURS)),
            tooltip=[charts.tip("week_start:T", "week of"), charts.tip("sessions:Q")],
        ).add_params(brush).properties(
            width=560, height=120,
            title=alt.TitleParams(f"Athlete {athlete_id}: weekly sessions",
                                  subtitle="drag across weeks to filter the table below"))
        self.caption = w.HTML()
        self.output = w.Output()
        if alt.renderers.active == "jupyter":
            self.chart: alt.JupyterChart | None = alt.JupyterChart(chart)
            self.chart.selections.observe(self._selected, ["period"])
            top: w.Widget = self.chart
        else:
            self.chart = None
            top = w.Output()
            show_chart(top, chart)
        self.widget = w.VBox([top, self.caption, self.output])
        self.show()

    def _selected(self, change: dict) -> None:
        period = (change["new"].value or {}).get("week_start") if change["new"] else None
        if not period:
            self.show()
            return
        start, end = (pd.to_datetime(v, unit="ms") if isinstance(v, int | float)
                      else pd.to_datetime(v) for v in period)
        self.show(start, end)

    def show(self, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None) -> None:
        """Show the weeks starting from ``start`` to ``end`` (None: every week)."""
        from psoaskit.viz.tables import readable

        weeks = pd.to_datetime(self.weekly["week_start"])
        keep = pd.Series(True, index=self.weekly.index)
        if start is not None:
            keep &= weeks >= start.normalize() - pd.Timedelta(days=start.weekday())
        if end is not None:
            keep &= weeks <= end
        shown = self.weekly.loc[keep, [c for c in PERIOD_COLUMNS if c in self.weekly]]
        if shown.empty:
            self.caption.value = "<b>No week in the brushed period</b>"
        else:
            first, last = weeks[keep].min(), weeks[keep].max()
            self.caption.value = (f"<b>Weeks of {first:%Y-%m-%d} to {last:%Y-%m-%d}</b> "
                                  f"({len(shown)} of {len(self.weekly)}): brush the chart to "
                                  "choose a period")
        html_table = readable(shown.reset_index(drop=True)).to_html()
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": html_table,
                                         "text/plain": f"{len(shown)} weeks"}},)
