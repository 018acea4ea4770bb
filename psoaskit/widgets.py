"""Interactive explorers for the learning notebooks (ipywidgets).

Each explorer is a thin shell: a plain state function (:func:`lever_state`, :func:`range_state`,
:func:`psoaskit.quiz.check_answer`) computes everything from the slider values, and the widget
only copies the result into an HTML readout and redraws a chart in an ``Output`` widget. The
state functions are tested without a kernel; so are the widgets (their observers run in plain
Python).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import altair as alt
import ipywidgets as w
import pandas as pd
from IPython.core.formatters import format_display_data

from psoaskit import charts
from psoaskit.anthropometry import Body
from psoaskit.external_loads import AnkleWeight, Band, Dumbbell, Load
from psoaskit.hill import force_length_table
from psoaskit.mechanics import (
    hip_flexion_moment,
    limb_lever_arm,
    moment_contributions,
    moment_curve,
)
from psoaskit.muscles import HIP_RANGE_DEG, available_force, muscle_state
from psoaskit.postures import POSTURES, limb_drawing
from psoaskit.quiz import Quiz, check_answer, load_quiz

__all__ = [
    "LOAD_KINDS",
    "LeverExplorer",
    "LeverState",
    "QuizWidget",
    "RangeExplorer",
    "RangeState",
    "SimulationExplorer",
    "SimulationState",
    "lever_state",
    "range_state",
    "simulation_state",
]

#: External-load choices of the lever explorer.
LOAD_KINDS = ("none", "dumbbell on knee", "ankle weight", "band at ankle")
_KNEE_CHOICES = {"knee straight (0 deg)": 0.0, "knee bent (90 deg)": 90.0}
_TABLE = "<table style='border-spacing: 10px 2px'>"
_CURVE_CHOICES = {
    "Millard 2012 (OpenSim default)": "millard2012",
    "Thelen 2003 (OpenSim default)": "thelen2003",
    "OpenSim Rajagopal 2016 equilibrium": "opensim",
}


class _Shown:
    """Displays its ``widget`` when it is the last expression of a notebook cell."""

    widget: w.Widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _show(output: w.Output, chart: alt.TopLevelMixin) -> None:
    """Replace what ``output`` shows with ``chart`` (works with or without a kernel)."""
    data, metadata = format_display_data(chart)
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)


def _load(kind: str, mass_kg: float, band_n_per_m: float) -> list[Load]:
    if kind not in LOAD_KINDS:
        raise ValueError(f"unknown load {kind!r}; expected one of {', '.join(LOAD_KINDS)}")
    if kind == "dumbbell on knee":
        return [Dumbbell(mass_kg)]
    if kind == "ankle weight":
        return [AnkleWeight(mass_kg)]
    if kind == "band at ankle":
        return [Band(band_n_per_m)]
    return []


# === mechanics ====================================================================================

# --- lever-arm explorer --------------------------------------------------------------------


@dataclass(frozen=True)
class LeverState:
    """Everything the lever explorer shows for one set of slider values.

    Attributes
    ----------
    moment_nm : float
        Hip-flexion moment the flexors must supply [N m].
    lever_arm_m : float
        Lever arm of the limb's own weight [m].
    limb_mass_kg : float
        Mass of the limb [kg].
    contributions : pandas.DataFrame
        :func:`psoaskit.mechanics.moment_contributions` rows.
    drawing : pandas.DataFrame
        :func:`psoaskit.postures.limb_drawing` rows.
    curve : pandas.DataFrame
        The moment across hip angles at this knee angle and load.
    html : str
        The readout.

    Examples
    --------
    >>> state = lever_state(hip_deg=90, knee_deg=90, posture="supine")
    >>> round(state.moment_nm, 1), "10.2 N·m" in state.html
    (10.2, True)
    """

    moment_nm: float
    lever_arm_m: float
    limb_mass_kg: float
    contributions: pd.DataFrame
    drawing: pd.DataFrame
    curve: pd.DataFrame
    html: str

    def chart(self) -> alt.HConcatChart:
        """The leg drawing next to the moment curve with the current position marked."""
        marker = pd.DataFrame(
            {"hip_deg": [float(self.drawing.attrs["hip_deg"])], "moment_nm": [self.moment_nm]}
        )
        return alt.hconcat(
            charts.limb_diagram_chart(self.drawing, size_px=280),
            charts.moment_curve_chart(self.curve, marker=marker).properties(width=320, height=280),
        )


def lever_state(
    hip_deg: float = 0.0,
    knee_deg: float = 0.0,
    mass_kg: float = 70.0,
    height_m: float = 1.75,
    posture: str = "supine",
    load: str = "none",
    load_kg: float = 0.0,
    band_n_per_m: float = 100.0,
) -> LeverState:
    """Compute what the lever explorer shows (the widget's callback, a plain function).

    Parameters
    ----------
    hip_deg, knee_deg : float
        Hip and knee flexion [deg].
    mass_kg : float
        Body mass [kg].
    height_m : float
        Stature [m].
    posture : str
        A key of :data:`psoaskit.postures.POSTURES`.
    load : str
        One of :data:`LOAD_KINDS`.
    load_kg : float
        Dumbbell or ankle-weight mass [kg].
    band_n_per_m : float
        Band stiffness [N/m] (band slack at the start position; see :class:`Band`).

    Returns
    -------
    LeverState

    Examples
    --------
    >>> state = lever_state(hip_deg=0, knee_deg=0)
    >>> round(state.moment_nm, 1), round(state.lever_arm_m, 2)
    (40.9, 0.37)
    """
    body = Body(mass_kg, height_m)
    loads = _load(load, load_kg, band_n_per_m)
    moment = float(hip_flexion_moment(body, hip_deg, knee_deg, posture, loads))
    lever = float(limb_lever_arm(body, hip_deg, knee_deg, posture))
    parts = moment_contributions(body, hip_deg, knee_deg, posture, loads)
    drawing = limb_drawing(body, hip_deg, knee_deg, posture, loads)
    drawing.attrs["hip_deg"] = hip_deg
    label = f"{posture}, knee {knee_deg:g} deg" + ("" if load == "none" else f", {load}")
    curve = moment_curve(body, posture, knee_deg, loads=loads, label=label)
    rows = "".join(
        f"<tr><td>{html.escape(str(r.part))}</td><td>{r.force_n:.0f} N</td>"
        f"<td>{r.lever_arm_m * 100:.0f} cm</td><td>{r.moment_nm:.1f} N·m</td></tr>"
        for r in parts.itertuples()
    )
    text = (
        f"<b>Hip-flexion moment: {moment:.1f} N·m</b> "
        f"(lever arm of the leg's weight {lever * 100:.0f} cm, leg {body.limb.mass_kg:.1f} kg)"
        f"{_TABLE}<tr><th>part</th><th>force</th><th>lever arm</th><th>moment</th></tr>"
        f"{rows}</table>"
    )
    return LeverState(moment, lever, body.limb.mass_kg, parts, drawing, curve, text)


class LeverExplorer(_Shown):
    """Sliders for hip and knee angle, body, posture and load; moment readout and chart.

    Attributes
    ----------
    hip, knee, mass, height, load_kg, band : ipywidgets.FloatSlider
        The sliders (the first is described "Hip angle").
    posture, load : ipywidgets.Dropdown
        Posture family and external-load choice.
    readout : ipywidgets.HTML
        The moment and its parts.
    output : ipywidgets.Output
        The chart.
    state : LeverState
        What is on show now.
    widget : ipywidgets.VBox
        Everything, ready to display.

    Examples
    --------
    >>> explorer = LeverExplorer()
    >>> explorer.hip.value = 45
    >>> "28.9 N·m" in explorer.readout.value
    True
    """

    def __init__(
        self,
        hip_deg: float = 0.0,
        knee_deg: float = 0.0,
        mass_kg: float = 70.0,
        height_m: float = 1.75,
        posture: str = "supine",
        load: str = "none",
        load_kg: float = 5.0,
        band_n_per_m: float = 100.0,
    ) -> None:
        def slider(
            description: str, value: float, lo: float, hi: float, step: float, unit: str
        ) -> w.FloatSlider:
            return w.FloatSlider(
                value=value,
                min=lo,
                max=hi,
                step=step,
                description=description,
                readout_format=".2f" if step < 0.1 else ".0f",
                continuous_update=False,
                style={"description_width": "110px"},
                layout=w.Layout(width="420px"),
                tooltip=unit,
            )

        self.hip = slider("Hip angle", hip_deg, -30, 130, 1, "deg")
        self.knee = slider("Knee angle", knee_deg, 0, 150, 1, "deg")
        self.mass = slider("Body mass [kg]", mass_kg, 40, 150, 1, "kg")
        self.height = slider("Height [m]", height_m, 1.4, 2.1, 0.01, "m")
        self.load_kg = slider("Load [kg]", load_kg, 0, 20, 0.5, "kg")
        self.band = slider("Band [N/m]", band_n_per_m, 0, 400, 10, "N/m")
        self.posture = w.Dropdown(
            options=[p for p in POSTURES if POSTURES[p].gravity_in_plane] + ["side_plank"],
            value=posture,
            description="Posture",
            style={"description_width": "110px"},
        )
        self.load = w.Dropdown(
            options=list(LOAD_KINDS),
            value=load,
            description="External load",
            style={"description_width": "110px"},
        )
        self.readout = w.HTML()
        self.output = w.Output()
        controls = w.VBox(
            [
                self.hip,
                self.knee,
                self.posture,
                self.mass,
                self.height,
                self.load,
                self.load_kg,
                self.band,
            ]
        )
        self.widget = w.VBox([w.HBox([controls, self.readout]), self.output])
        for control in (
            self.hip,
            self.knee,
            self.mass,
            self.height,
            self.load_kg,
            self.band,
            self.posture,
            self.load,
        ):
            control.observe(self._changed, names="value")
        self.update()

    def _changed(self, _change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw."""
        self.load_kg.disabled = self.load.value not in ("dumbbell on knee", "ankle weight")
        self.band.disabled = self.load.value != "band at ankle"
        self.state = lever_state(
            self.hip.value,
            self.knee.value,
            self.mass.value,
            self.height.value,
            self.posture.value,
            self.load.value,
            self.load_kg.value,
            self.band.value,
        )
        self.readout.value = self.state.html
        _show(self.output, self.state.chart())


# --- range explorer ------------------------------------------------------------------------


@dataclass(frozen=True)
class RangeState:
    """Everything the range explorer shows for one hip angle, knee and curve.

    Attributes
    ----------
    muscles : pandas.DataFrame
        :func:`psoaskit.muscles.muscle_state` rows at the chosen angle.
    sweep : pandas.DataFrame
        :func:`psoaskit.muscles.available_force` over the whole hip range, knee straight and bent.
    curves : pandas.DataFrame
        Force-length curves (empty for the OpenSim operating points, which use Rajagopal's curve).
    html : str
        The readout table.

    Examples
    --------
    >>> state = range_state(hip_deg=-20)
    >>> sorted(state.sweep["knee_deg"].unique().tolist())
    [0.0, 90.0]
    """

    hip_deg: float
    knee_deg: float
    curve: str
    muscles: pd.DataFrame
    sweep: pd.DataFrame
    curves: pd.DataFrame
    html: str

    def chart(self) -> alt.HConcatChart:
        """Available force over the range (rule at the hip angle) beside the curve with points."""
        return alt.hconcat(
            charts.available_force_chart(self.sweep, hip_deg=self.hip_deg).properties(
                width=340, height=260
            ),
            charts.force_length_chart(self.curves, self.muscles).properties(width=300, height=260),
        )


def range_state(
    hip_deg: float = 0.0, knee_deg: float = 0.0, curve: str = "millard2012"
) -> RangeState:
    """Compute what the range explorer shows (the widget's callback, a plain function).

    Parameters
    ----------
    hip_deg : float
        Hip flexion [deg], -30..120.
    knee_deg : float
        Knee flexion [deg], 0 or 90 for the OpenSim operating points, else 0..90.
    curve : str
        One of :data:`psoaskit.muscles.OPERATING_POINT_SOURCES`.

    Examples
    --------
    >>> state = range_state(hip_deg=90)
    >>> state.muscles.set_index("muscle").loc["psoas", "moment_arm_cm"].round(1)
    np.float64(3.3)
    """
    here = muscle_state(hip_deg, knee_deg, curve)
    sweep = available_force(knee_deg=(0.0, 90.0), curve=curve)
    curves = force_length_table([curve]) if curve != "opensim" else force_length_table([])
    rows = "".join(
        f"<tr><td>{html.escape(r.label)}</td><td>{r.moment_arm_cm:.1f} cm</td>"
        f"<td>{r.mt_length_cm:.1f} cm</td><td>{r.fiber_length_norm:.2f}</td>"
        f"<td>{r.active_fl * 100:.0f} %</td><td>{r.max_active_moment_nm:.0f} N·m</td></tr>"
        for r in here.itertuples()
    )
    text = (
        f"<b>Hip {hip_deg:g} deg, knee {knee_deg:g} deg</b>"
        f"{_TABLE}<tr><th>muscle</th><th>moment arm</th><th>muscle-tendon length</th>"
        "<th>fibre length / optimal</th><th>available force</th><th>max moment</th></tr>"
        f"{rows}</table>"
    )
    return RangeState(float(hip_deg), float(knee_deg), curve, here, sweep, curves, text)


class RangeExplorer(_Shown):
    """A hip-angle slider, knee and curve choices; muscle operating points as table and chart.

    Examples
    --------
    >>> explorer = RangeExplorer()
    >>> explorer.hip.value = 100
    >>> "Hip 100 deg" in explorer.readout.value
    True
    """

    def __init__(
        self, hip_deg: float = 0.0, knee_deg: float = 0.0, curve: str = "millard2012"
    ) -> None:
        lo, hi = HIP_RANGE_DEG
        self.hip = w.FloatSlider(
            value=hip_deg,
            min=lo,
            max=hi,
            step=1,
            description="Hip angle",
            continuous_update=False,
            readout_format=".0f",
            layout=w.Layout(width="420px"),
        )
        knee_label = next(k for k, v in _KNEE_CHOICES.items() if v == knee_deg)
        self.knee = w.ToggleButtons(
            options=list(_KNEE_CHOICES), value=knee_label, description="Knee"
        )
        curve_label = next(k for k, v in _CURVE_CHOICES.items() if v == curve)
        self.curve = w.Dropdown(
            options=list(_CURVE_CHOICES), value=curve_label, description="Curve"
        )
        self.readout = w.HTML()
        self.output = w.Output()
        self.widget = w.VBox([self.hip, self.knee, self.curve, self.readout, self.output])
        for control in (self.hip, self.knee, self.curve):
            control.observe(self._changed, names="value")
        self.update()

    def _changed(self, _change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw."""
        self.state = range_state(
            self.hip.value, _KNEE_CHOICES[self.knee.value], _CURVE_CHOICES[self.curve.value]
        )
        self.readout.value = self.state.html
        _show(self.output, self.state.chart())


# --- quiz ----------------------------------------------------------------------------------


class QuizWidget(_Shown):
    """Multiple-choice self-check: one radio group and a Check button per question.

    Examples
    --------
    >>> quiz = QuizWidget("iliopsoas_anatomy")
    >>> quiz.choices[0].index = quiz.quiz.questions[0].answer
    >>> quiz.check()
    >>> quiz.feedback[0].value.startswith("✔ Correct")
    True
    >>> quiz.score.value
    'Score: 1 of 6'
    """

    def __init__(self, name: str | Quiz) -> None:
        self.quiz = load_quiz(name) if isinstance(name, str) else name
        self.choices: list[w.RadioButtons] = []
        self.feedback: list[w.HTML] = []
        rows = []
        for number, question in enumerate(self.quiz.questions, start=1):
            radio = w.RadioButtons(
                options=list(question.options), value=None, layout=w.Layout(width="auto")
            )
            note = w.HTML()
            self.choices.append(radio)
            self.feedback.append(note)
            rows.append(
                w.VBox([w.HTML(f"<b>{number}. {html.escape(question.prompt)}</b>"), radio, note])
            )
        self.button = w.Button(description="Check answers", button_style="primary")
        self.button.on_click(lambda _button: self.check())
        self.score = w.Label()
        self.widget = w.VBox(
            [
                w.HTML(f"<h4>{html.escape(self.quiz.title)}</h4>"),
                *rows,
                w.HBox([self.button, self.score]),
            ]
        )

    def check(self) -> None:
        """Mark every question and show the feedback and the score."""
        right = 0
        for question, radio, note in zip(
            self.quiz.questions, self.choices, self.feedback, strict=True
        ):
            correct, message = check_answer(question, radio.index)
            right += correct
            note.value = f"{'✔' if correct else '✘'} {html.escape(message)}"
        self.score.value = f"Score: {right} of {len(self.quiz.questions)}"


# === simulate =====================================================================================


@dataclass(frozen=True)
class SimulationState:
    """Everything the programme-simulation explorer shows for one set of controls.

    Attributes
    ----------
    stats : pandas.DataFrame
        :meth:`psoaskit.simulate.Simulation.weekly_stats` with ``programme`` and ``name``
        (every programme when comparing).
    shares : pandas.DataFrame
        :meth:`psoaskit.simulate.Simulation.stage_shares` of the chosen programme.
    summary : pandas.DataFrame
        :meth:`psoaskit.simulate.Simulation.summary` of the chosen programme.
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
        return alt.vconcat(
            charts.programme_comparison_chart(self.stats),
            charts.ladder_progress_chart(self.shares, title="Stage of the ladder, by week"),
        )


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
    from psoaskit.simulate import compare_programmes, simulate

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


class SimulationExplorer(_Shown):
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
        from psoaskit.programmes import load_programmes

        style = {"description_width": "140px"}
        layout = w.Layout(width="440px")
        self.athletes, self.seed = athletes, seed
        self.programme = w.Dropdown(
            options=[(p.name, p.id) for p in load_programmes().values()],
            value=programme,
            description="Programme",
            style=style,
            layout=layout,
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
        self.widget = w.VBox([w.HBox([controls, self.readout]), self.output])
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
        _show(self.output, self.state.chart())


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
        reasons of the recent flags.
    """

    athlete_id: str
    analysis: object
    html: str

    def chart(self) -> alt.VConcatChart:
        """Weekly dose, calendar, pain against load, asymmetry and progression."""
        a = self.analysis
        config = a.config
        weeks = a.weekly["week_start"]  # one week axis for every weekly chart
        return alt.vconcat(
            charts.weekly_dose_chart(a.weekly, title=f"Athlete {self.athlete_id}", weeks=weeks),
            charts.adherence_calendar_chart(a.daily, weeks=weeks),
            alt.hconcat(
                charts.pain_load_chart(a.weekly, config.pain_zones.green_max,
                                       config.pain_zones.amber_max),
                charts.asymmetry_chart(a.asymmetry, config.asymmetry_pct, weeks=weeks),
            ),
            charts.progression_chart(a.progression, weeks=weeks),
        )


def _fmt(value: object, spec: str, unit: str = "") -> str:
    if value is None or value != value:
        return "n/a"
    return f"{format(value, spec)}{unit}"


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
    >>> from psoaskit.analysis import analyse_log
    >>> log = pd.DataFrame({"athlete_id": ["A", "B"], "exercise_id": ["psoas_march"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-03"] * 2), "work_s": [60.0, 30.0]})
    >>> view = athlete_view(analyse_log(log, programme="psoas_march_drill"), "B")
    >>> "no weekly frequency stated" in view.html
    True
    """
    from psoaskit.programmes import load_programmes

    mine = analysis.athlete(athlete_id)
    row = mine.squad.iloc[0]
    config = mine.config
    programme_id = row["programme_id"]
    programmes = load_programmes()
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
    recent = mine.flags[mine.flags["week_start"] >= mine.weekly["week_start"].max()
                        - pd.Timedelta(weeks=config.recent_weeks - 1)]
    items = "".join(
        f"<li>week of {r.week_start:%d %b}: {html.escape(str(r.reason))}</li>"
        for r in recent.itertuples()
    ) or "<li>none</li>"
    variant = config.acwr_variant
    exercise = row["asymmetry_exercise"]
    where = f" ({html.escape(exercise)})" if isinstance(exercise, str) else ""
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
        f"<li>ACWR ({html.escape(config.acwr_label)}): "
        f"{_fmt(row[f'acwr_{variant}_latest'], '.2f')}, a description of load change, "
        "not an injury risk</li>"
        f"</ul><b>Flags, last {config.recent_weeks} weeks</b><ul>{items}</ul>"
        "<i>Stop any exercise that causes sharp pain in the low back or groin; with existing "
        "back or hip pain, see a physiotherapist first.</i>"
    )
    return AthleteView(athlete_id, mine, text)


class AthletePicker(_Shown):
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
    >>> from psoaskit.analysis import analyse_log
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
        programmes = dict(zip(analysis.squad["athlete_id"].astype(str),
                              analysis.squad["programme_id"], strict=True))
        options = [
            (f"{a} ({programmes[a]})" if isinstance(programmes[a], str) else a, a)
            for a in analysis.athletes
        ]
        self.athlete = w.Dropdown(options=options, value=athlete_id or analysis.athletes[0],
                                  description="Athlete", layout=w.Layout(width="440px"))
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
            _show(self.output, self.view.chart())


__all__ += ["AthletePicker", "AthleteView", "athlete_view"]  # the analysis section's names
