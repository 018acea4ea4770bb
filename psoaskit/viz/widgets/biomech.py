"""The lever-arm and range explorers of notebooks 02 and 03.

Each explorer is a thin shell: a plain state function (:func:`lever_state`, :func:`range_state`)
computes everything from the slider values, and the widget only copies the result into an HTML
readout and redraws a chart in an ``Output`` widget. The state functions are tested without a
kernel; so are the widgets (their observers run in plain Python).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import altair as alt
import ipywidgets as w
import pandas as pd

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.equipment import AnkleWeight, Band, Dumbbell, Equipment
from psoaskit.biomech.hill import force_length_table
from psoaskit.biomech.mechanics import (
    hip_flexion_moment,
    limb_lever_arm,
    moment_contributions,
    moment_curve,
)
from psoaskit.biomech.muscle_force import force_for_moment
from psoaskit.biomech.muscles import HIP_RANGE_DEG, available_force, muscle_state
from psoaskit.biomech.path_drawing import path_geometry
from psoaskit.biomech.postures import POSTURES, limb_drawing
from psoaskit.errors import ParameterError, expected_one_of
from psoaskit.viz import charts
from psoaskit.viz.widgets.base import (
    TABLE_STYLE,
    DisplayedWidget,
    fitting_layout,
    live_sliders,
    show_chart,
)

__all__ = [
    "EQUIPMENT_CHOICES",
    "LeverExplorer",
    "LeverState",
    "PathExplorer",
    "RangeExplorer",
    "RangeState",
    "lever_state",
    "range_state",
]


#: Equipment choices of the lever explorer.
EQUIPMENT_CHOICES = ("none", "dumbbell on knee", "ankle weight", "band at ankle")
_KNEE_CHOICES = {"knee straight (0 deg)": 0.0, "knee bent (90 deg)": 90.0}
_CURVE_CHOICES = {
    "Millard 2012 (OpenSim default)": "millard2012",
    "Thelen 2003 (OpenSim default)": "thelen2003",
    "OpenSim Rajagopal 2016 equilibrium": "opensim",
}


def _equipment_of(kind: str, mass_kg: float, band_n_per_m: float) -> list[Equipment]:
    if kind not in EQUIPMENT_CHOICES:
        raise ParameterError(expected_one_of("equipment", kind, EQUIPMENT_CHOICES))
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
        :func:`psoaskit.biomech.mechanics.moment_contributions` rows.
    drawing : pandas.DataFrame
        :func:`psoaskit.biomech.postures.limb_drawing` rows.
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
            charts.moment_curve_chart(self.curve, marker=marker, hover=False).properties(
                width=320, height=280),
        )


def lever_state(
    hip_deg: float = 0.0,
    knee_deg: float = 0.0,
    mass_kg: float = 70.0,
    height_m: float = 1.75,
    posture: str = "supine",
    equipment: str = "none",
    weight_kg: float = 0.0,
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
        A key of :data:`psoaskit.biomech.postures.POSTURES`.
    load : str
        One of :data:`EQUIPMENT_CHOICES`.
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
    items = _equipment_of(equipment, weight_kg, band_n_per_m)
    moment = float(hip_flexion_moment(body, hip_deg, knee_deg, posture, items))
    lever = float(limb_lever_arm(body, hip_deg, knee_deg, posture))
    parts = moment_contributions(body, hip_deg, knee_deg, posture, items)
    drawing = limb_drawing(body, hip_deg, knee_deg, posture, items)
    drawing.attrs["hip_deg"] = hip_deg
    label = f"{posture}, knee {knee_deg:g} deg" + ("" if equipment == "none" else f", {equipment}")
    curve = moment_curve(body, posture, knee_deg, equipment=items, label=label)
    rows = "".join(
        f"<tr><td>{html.escape(str(r.part))}</td><td>{r.force_n:.0f} N</td>"
        f"<td>{r.lever_arm_m * 100:.0f} cm</td><td>{r.moment_nm:.1f} N·m</td></tr>"
        for r in parts.itertuples()
    )
    notes = []
    if (parts["moment_nm"] < -0.05).any():
        notes.append("A negative moment means that part's weight is on the other side of the hip "
                     "joint and turns the leg towards flexion: it helps the flexors instead of "
                     "loading them.")
    model = POSTURES[posture]
    thigh_deg = model.thigh_neutral_deg + model.flexion_sign * hip_deg
    # the thigh's slope from the horizontal [deg]; past 45 deg a resting weight slides off
    slope = math.degrees(math.asin(abs(math.sin(math.radians(thigh_deg)))))
    if equipment == "dumbbell on knee" and slope > 45 and model.gravity_in_plane:
        notes.append(f"A dumbbell cannot rest on a thigh this steep ({slope:.0f} deg from "
                     "horizontal): it would slide off, so it has to be held or strapped there. "
                     "The model only places its weight at the knee.")
    text = (
        f"<b>Hip-flexion moment: {moment:.1f} N·m</b> "
        f"(lever arm of the leg's weight {lever * 100:.0f} cm, leg {body.limb.mass_kg:.1f} kg)"
        f"{TABLE_STYLE}<tr><th>part</th><th>force</th><th>lever arm</th><th>moment</th></tr>"
        f"{rows}</table>" + "".join(f"<p><i>{html.escape(n)}</i></p>" for n in notes)
        + _muscle_force_html(moment, hip_deg, knee_deg, mass_kg)
    )
    return LeverState(moment, lever, body.limb.mass_kg, parts, drawing, curve, text)


def _muscle_force_html(moment: float, hip_deg: float, knee_deg: float, mass_kg: float) -> str:
    """The force psoas or iliacus would need to hold the moment alone (F = M / r)."""
    if moment <= 0:
        return "<p>No flexion moment to hold here: gravity or the load helps the hip flex.</p>"
    try:
        forces = force_for_moment(moment, hip_deg, knee_deg, mass_kg, ("psoas", "iliacus"))
    except ValueError:
        return ("<p>Muscle force: the model's moment arms are tabulated for hip -30 to 120 deg "
                "and knee 0 to 90 deg only.</p>")
    cells = "".join(
        f"<tr><td>{html.escape(r.label)}</td><td>{r.moment_arm_cm:.1f} cm</td><td>"
        + ("cannot: it passes about through the joint" if r.force_n != r.force_n else
           f"{r.force_n:.0f} N ({r.body_weights:.1f} body weights)")
        + "</td></tr>"
        for r in forces.itertuples()
    )
    return (f"<p>Force to hold it <b>if one muscle did it alone</b> (F = M / r; the flexors "
            f"share it, so each carries less):</p>{TABLE_STYLE}<tr><th>muscle</th>"
            f"<th>moment arm</th><th>force</th></tr>{cells}</table>")


class LeverExplorer(DisplayedWidget):
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
        equipment: str = "none",
        weight_kg: float = 5.0,
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
                style={"description_width": "110px"},
                layout=w.Layout(width="420px"),
                tooltip=unit,
            )

        self.hip = slider("Hip angle", hip_deg, -30, 130, 1, "deg")
        self.knee = slider("Knee angle", knee_deg, 0, 150, 1, "deg")
        self.mass = slider("Body mass [kg]", mass_kg, 40, 150, 1, "kg")
        self.height = slider("Height [m]", height_m, 1.4, 2.1, 0.01, "m")
        self.weight_kg = slider("Weight [kg]", weight_kg, 0, 20, 0.5, "kg")
        self.band = slider("Band [N/m]", band_n_per_m, 0, 400, 10, "N/m")
        postures = [
            (f"{POSTURES[p].label}: {POSTURES[p].description}", p)
            for p in [p for p in POSTURES if POSTURES[p].gravity_in_plane] + ["side_plank"]
        ]
        self.posture = w.Dropdown(
            options=postures, value=posture, description="Posture",
            style={"description_width": "110px"},
            layout=fitting_layout([label for label, _ in postures]),
        )
        self.equipment = w.Dropdown(
            options=list(EQUIPMENT_CHOICES),
            value=equipment,
            description="Equipment",
            style={"description_width": "110px"},
            layout=fitting_layout(list(EQUIPMENT_CHOICES)),
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
                self.equipment,
                self.weight_kg,
                self.band,
            ]
        )
        # the controls keep their width (slider read-outs stay visible); the summary wraps below
        # them on a narrow notebook instead of covering them
        controls.layout = w.Layout(flex="0 0 auto", overflow="visible")
        self.readout.layout = w.Layout(flex="1 1 320px", margin="0 0 0 16px")
        self.widget = w.VBox([w.HBox([controls, self.readout],
                                     layout=w.Layout(flex_flow="row wrap")), self.output])
        # a redraw takes about 0.3 s: the sliders redraw while dragged, at most every 0.3 s
        live_sliders([self.hip, self.knee, self.mass, self.height, self.weight_kg, self.band],
                     self.update)
        for control in (self.posture, self.equipment):
            control.observe(self._changed, names="value")
        self.update()

    def _changed(self, _change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw."""
        self.weight_kg.disabled = self.equipment.value not in ("dumbbell on knee", "ankle weight")
        self.band.disabled = self.equipment.value != "band at ankle"
        self.state = lever_state(
            self.hip.value,
            self.knee.value,
            self.mass.value,
            self.height.value,
            self.posture.value,
            self.equipment.value,
            self.weight_kg.value,
            self.band.value,
        )
        self.readout.value = self.state.html
        show_chart(self.output, self.state.chart())


# --- range explorer ------------------------------------------------------------------------


@dataclass(frozen=True)
class RangeState:
    """Everything the range explorer shows for one hip angle, knee and curve.

    Attributes
    ----------
    muscles : pandas.DataFrame
        :func:`psoaskit.biomech.muscles.muscle_state` rows at the chosen angle.
    sweep : pandas.DataFrame
        :func:`psoaskit.biomech.muscles.available_force` over the whole hip range, knee straight
        and bent.
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
        ).resolve_scale(color="independent", shape="independent", strokeDash="independent")


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
        One of :data:`psoaskit.biomech.muscles.OPERATING_POINT_SOURCES`.

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
        f"{TABLE_STYLE}<tr><th>muscle</th><th>moment arm</th><th>muscle-tendon length</th>"
        "<th>fibre length / optimal</th><th>available force</th><th>max moment</th></tr>"
        f"{rows}</table>"
    )
    return RangeState(float(hip_deg), float(knee_deg), curve, here, sweep, curves, text)


class RangeExplorer(DisplayedWidget):
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
            readout_format=".0f",
            layout=w.Layout(width="420px"),
        )
        knee_label = next(k for k, v in _KNEE_CHOICES.items() if v == knee_deg)
        self.knee = w.ToggleButtons(
            options=list(_KNEE_CHOICES), value=knee_label, description="Knee",
            style={"button_width": "auto"},  # the default 148 px cuts the labels
        )
        curve_label = next(k for k, v in _CURVE_CHOICES.items() if v == curve)
        self.curve = w.Dropdown(
            options=list(_CURVE_CHOICES), value=curve_label, description="Curve",
            layout=fitting_layout(list(_CURVE_CHOICES), description_ch=10),
        )
        self.readout = w.HTML()
        self.output = w.Output()
        self.widget = w.VBox([self.hip, self.knee, self.curve, self.readout, self.output])
        live_sliders([self.hip], self.update)
        for control in (self.knee, self.curve):
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
        show_chart(self.output, self.state.chart())


# --- path explorer --------------------------------------------------------------------------


class PathExplorer(DisplayedWidget):
    """A hip-angle slider over the to-scale drawing of psoas and iliacus and their moment arms.

    Attributes
    ----------
    hip : ipywidgets.FloatSlider
        Hip flexion [deg], -30 to 120.
    readout : ipywidgets.HTML
        Each muscle's moment arm in the drawing and in the model.
    output : ipywidgets.Output
        The drawing (:func:`psoaskit.viz.charts.iliopsoas_path_chart`).
    widget : ipywidgets.VBox
        Everything, ready to display.

    Examples
    --------
    >>> explorer = PathExplorer(hip_deg=0)
    >>> explorer.hip.value = 90
    >>> "Psoas" in explorer.readout.value and "90 deg" in explorer.readout.value
    True
    """

    def __init__(self, hip_deg: float = 0.0) -> None:
        self.hip = w.FloatSlider(
            value=hip_deg, min=HIP_RANGE_DEG[0], max=HIP_RANGE_DEG[1], step=5,
            description="Hip angle [deg]", readout_format=".0f",
            style={"description_width": "120px"}, layout=w.Layout(width="460px"),
        )
        self.readout = w.HTML()
        self.output = w.Output()
        self.widget = w.VBox([self.hip, self.readout, self.output])
        live_sliders([self.hip], self.update)
        self.update()

    def update(self) -> None:
        """Redraw for the slider's hip angle."""
        geometry = path_geometry(self.hip.value)
        rows = "".join(
            f"<tr><td>{html.escape(r.muscle.capitalize())}</td><td>{r.moment_arm_cm:.1f} cm</td>"
            f"<td>{r.model_moment_arm_cm:.1f} cm</td>"
            f"<td>{'yes' if r.wrapped else 'no'}</td></tr>"
            for r in geometry.moment_arms.itertuples()
        )
        self.readout.value = (
            f"<b>Hip {self.hip.value:g} deg</b>{TABLE_STYLE}<tr><th>muscle</th>"
            "<th>moment arm in the drawing</th><th>in the 3-D model</th>"
            f"<th>over the brim</th></tr>{rows}</table>"
        )
        show_chart(self.output, charts.iliopsoas_path_chart(geometry))
