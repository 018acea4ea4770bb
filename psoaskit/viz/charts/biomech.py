"""Charts of the mechanics and muscles: limb, moments, demand map, moment arms, lengths, forces."""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from psoaskit.logs.schema import BAND
from psoaskit.viz.charts.theme import (
    INK,
    LEVEL_COLOURS,
    PALETTE,
    RED,
    colour_scale,
    require_columns,
    tip,
)

__all__ = [
    "HIP_AXIS",
    "KNEE_DASHES",
    "MOMENT_TITLE",
    "anatomy_schematic_chart",
    "available_force_chart",
    "demand_map_chart",
    "force_length_chart",
    "iliopsoas_path_chart",
    "knee_key",
    "limb_diagram_chart",
    "moment_arm_chart",
    "moment_contributions_chart",
    "moment_curve_chart",
    "muscle_length_chart",
    "passive_extension_chart",
    "pelvis_free_body_chart",
    "torque_angle_chart",
]


HIP_AXIS = alt.Axis(title="Hip flexion [deg]  (negative = extension)")
MOMENT_TITLE = "Hip-flexion moment [N·m]"


# === mechanics ====================================================================================


def limb_diagram_chart(
    drawing: pd.DataFrame, title: str = "", size_px: int = 300
) -> alt.LayerChart:
    """Stick figure of the leg: bones, named joints, masses, and the lever arm of its weight.

    The axes are distances from the hip joint (the pivot), forward and up.

    Parameters
    ----------
    drawing : pandas.DataFrame
        :func:`psoaskit.biomech.postures.limb_drawing` output.
    title : str
        Chart title.
    size_px : int
        Width and height [px]; both axes share one scale so angles look right.

    Examples
    --------
    >>> from psoaskit.biomech.postures import limb_drawing
    >>> chart = limb_diagram_chart(limb_drawing(hip_deg=30, knee_deg=0))
    >>> "layer" in chart.to_dict()
    True
    """
    require_columns(
        drawing, ["layer", "part", "order", "x", "y", "mass_kg", "label"], "limb_diagram_chart"
    )
    span = float(max(drawing["x"].abs().max(), drawing["y"].abs().max())) * 1.1 + 0.05
    domain = [-span, span]
    x = alt.X("x:Q", scale=alt.Scale(domain=domain),
              axis=alt.Axis(title="Forward of the hip [m]", tickCount=5))
    y = alt.Y("y:Q", scale=alt.Scale(domain=domain),
              axis=alt.Axis(title="Above the hip [m]", tickCount=5))
    base = alt.Chart(drawing).properties(width=size_px, height=size_px, title=title)

    def layer(name: str) -> alt.Chart:
        return base.transform_filter(alt.datum.layer == name)

    ground = layer("ground").mark_line(color="#8c6d46", strokeWidth=3).encode(x, y, detail="part:N")
    trunk = (
        layer("trunk")
        .mark_line(color="#999", strokeWidth=8, strokeCap="round")
        .encode(x, y, detail="part:N", order="order:Q")
    )
    bones = (
        layer("bone")
        .mark_line(color="#555", strokeWidth=7, strokeCap="round")
        .encode(x, y, detail="part:N", order="order:Q")
    )
    band = (
        layer(BAND)
        .mark_line(color=PALETTE[3], strokeDash=[6, 4], strokeWidth=2)
        .encode(x, y, order="order:Q")
    )
    lever = layer("lever").mark_line(color=PALETTE[0], strokeWidth=4).encode(x, y)
    weight = (
        layer("weight")
        .mark_line(color=PALETTE[0], strokeDash=[4, 3], strokeWidth=2)
        .encode(x, y, order="order:Q")
    )
    joints = layer("joint").mark_circle(
        color="white", stroke="#333", strokeWidth=2, size=90, opacity=1
    )
    masses = (
        layer("mass")
        .mark_circle(color=PALETTE[1], opacity=0.9)
        .encode(
            x,
            y,
            size=alt.Size("mass_kg:Q", scale=alt.Scale(range=[60, 500]), legend=None),
        )
    )
    com = (
        layer("com")
        .mark_point(shape="diamond", size=140, color=PALETTE[0], filled=True)
        .encode(x, y)
    )
    lever_label = (
        layer("note")
        .mark_text(color=PALETTE[0], fontWeight="bold")
        .encode(x, y, text="label:N")
    )
    joint_names = layer("joint").mark_text(dx=10, dy=-10, align="left", color="#333").encode(
        x, y, text="label:N")
    return alt.layer(
        ground, trunk, bones, band, lever, weight, joints.encode(x, y), masses, com, lever_label,
        joint_names,
    )


def moment_curve_chart(
    curves: pd.DataFrame, title: str = "", marker: pd.DataFrame | None = None,
    hover: bool = True,
) -> alt.LayerChart:
    """Hip-flexion moment against hip angle, one line per series.

    Parameters
    ----------
    curves : pandas.DataFrame
        :func:`psoaskit.biomech.mechanics.moment_curve` output (several may be concatenated).
    title : str
        Chart title.
    marker : pandas.DataFrame, optional
        Points to highlight (columns ``hip_deg``, ``moment_nm``), e.g. the current position.
    hover : bool
        Add the hover read-out (for interactive charts; an explorer's SVG redraw skips it).

    Rows flagged ``foot_on_floor`` (supine positions where the foot would rest on the floor)
    are overdrawn with a white dotted line. In an interactive chart, hovering shows every
    curve's moment at the nearest hip angle.

    Examples
    --------
    >>> from psoaskit.biomech.mechanics import moment_curve
    >>> chart = moment_curve_chart(moment_curve(posture="supine", knee_deg=0, hip_deg=[0, 45, 90]))
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    ['rule', 'line', 'rule', 'point']
    """
    require_columns(
        curves, ["series", "hip_deg", "moment_nm"], "moment_curve_chart"
    )
    base = alt.Chart(curves).properties(title=title)
    colour = alt.Color("series:N", title=None,
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=0))
    lines = base.mark_line().encode(
        x=alt.X("hip_deg:Q", axis=HIP_AXIS),
        y=alt.Y("moment_nm:Q", title=MOMENT_TITLE),
        color=colour,
    )
    zero = (
        alt.Chart(pd.DataFrame({"moment_nm": [0.0]}))
        .mark_rule(color="#888")
        .encode(y="moment_nm:Q")
    )
    layers: list[alt.Chart] = [zero, lines]
    if hover:  # the nearest hip angle's moment on every curve, with a rule
        nearest = alt.selection_point(on="pointerover", nearest=True, fields=["hip_deg"],
                                      empty=False, clear="pointerout")
        layers.append(base.mark_rule(color="#999").encode(x="hip_deg:Q")
                      .transform_filter(nearest))
        layers.append(base.mark_point(filled=True, size=50).encode(
            x="hip_deg:Q", y="moment_nm:Q", color=colour,
            opacity=alt.condition(nearest, alt.value(1.0), alt.value(0.0)),
            tooltip=[tip("series:N", "position"), tip("hip_deg:Q"),
                     tip("moment_nm:Q", fmt=".1f")],
        ).add_params(nearest))
    if "foot_on_floor" in curves.columns and curves["foot_on_floor"].any():
        layers.append(
            base.transform_filter(alt.datum.foot_on_floor)
            .mark_line(color="white", strokeWidth=2.5, strokeDash=[2, 3])
            .encode(x="hip_deg:Q", y="moment_nm:Q", detail="series:N")
        )
    if marker is not None:
        require_columns(
            marker, ["hip_deg", "moment_nm"], "moment_curve_chart marker"
        )
        layers.append(
            alt.Chart(marker)
            .mark_point(size=160, color=INK, filled=True)
            .encode(x="hip_deg:Q", y="moment_nm:Q")
        )
    return alt.layer(*layers)


def moment_contributions_chart(parts: pd.DataFrame, title: str = "") -> alt.Chart:
    """Horizontal bars: how much each part of the leg and each load adds to the moment.

    Parameters
    ----------
    parts : pandas.DataFrame
        :func:`psoaskit.biomech.mechanics.moment_contributions` output.

    Examples
    --------
    >>> from psoaskit.biomech.mechanics import moment_contributions
    >>> moment_contributions_chart(moment_contributions()).to_dict()["mark"]["type"]
    'bar'
    """
    require_columns(
        parts, ["part", "moment_nm", "lever_arm_m", "force_n"], "moment_contributions_chart"
    )
    return (
        alt.Chart(parts)
        .mark_bar(color=PALETTE[1])
        .encode(
            y=alt.Y("part:N", sort=None, title=None),
            x=alt.X("moment_nm:Q", title=MOMENT_TITLE),
        )
        .properties(title=title, height=alt.Step(22))
    )


def demand_map_chart(modelled: pd.DataFrame, title: str = "") -> alt.HConcatChart:
    """Exercises on hip-angle x peak-moment axes, with the level 1-5 ladder drawn through them.

    Left: each exercise is a bar across the hip range it works through, at the height of its
    peak moment, coloured by its ladder level, with a numbered dot where the peak occurs; a
    dashed line walks the ladder from level 1 to level 5. Right: the key to the numbers.

    Parameters
    ----------
    modelled : pandas.DataFrame
        :attr:`psoaskit.biomech.demand.DemandMap.modelled`.

    Examples
    --------
    >>> from psoaskit.biomech.demand import demand_map
    >>> spec = demand_map_chart(demand_map().modelled).to_dict()
    >>> len(spec["hconcat"])
    2
    """
    columns = ["name", "level", "ladder", "hip_min_deg", "hip_max_deg", "peak_moment_nm"]
    require_columns(
        modelled, [*columns, "hip_at_peak_deg"], "demand_map_chart"
    )
    frame = modelled.sort_values("peak_moment_nm", ascending=False, kind="stable").reset_index(
        drop=True
    )
    frame["key"] = range(1, len(frame) + 1)
    frame["key_text"] = (
        frame["key"].astype(str)
        + "  "
        + frame["name"]
        + "  ("
        + frame["peak_moment_nm"].round(1).astype(str)
        + " N·m)"
    )
    dots = (
        frame.assign(peak=frame["peak_moment_nm"].round(1), hip=frame["hip_at_peak_deg"].round(0))
        .groupby(["peak", "hip"], as_index=False)
        .agg(keys=("key", lambda keys: ",".join(str(k) for k in sorted(keys))))
    )
    ladder_scale = colour_scale(LEVEL_COLOURS)
    colour = alt.Color(
        "ladder:N",
        title="Ladder (source 004)",
        scale=ladder_scale,
        legend=alt.Legend(orient="bottom", columns=3),
    )
    x = alt.X("hip_min_deg:Q", axis=HIP_AXIS, scale=alt.Scale(domain=[-10, 130]))
    y = alt.Y("peak_moment_nm:Q", title="Peak hip-flexion moment [N·m]", scale=alt.Scale(zero=True))
    base = alt.Chart(frame)
    bars = base.mark_rule(strokeWidth=7, strokeCap="round", opacity=0.8).encode(
        x, x2="hip_max_deg:Q", y=y, color=colour
    )
    ladder = (
        base.transform_filter("isValid(datum.level)")
        .mark_line(color=INK, strokeDash=[5, 4], strokeWidth=1.5)
        .encode(x="hip_at_peak_deg:Q", y="peak_moment_nm:Q", order="level:Q")
    )
    peaks = base.mark_point(size=70, filled=True, color=INK).encode(
        x="hip_at_peak_deg:Q", y="peak_moment_nm:Q"
    )
    numbers = (
        alt.Chart(dots)
        .mark_text(dy=-11, fontSize=11, fontWeight="bold")
        .encode(x="hip:Q", y="peak:Q", text="keys:N")
    )
    plot = alt.layer(bars, ladder, peaks, numbers).properties(width=460, height=380)
    key_y = alt.Y("key:O", axis=None)
    swatches = base.mark_square(size=90, opacity=0.9).encode(
        x=alt.value(6), y=key_y, color=alt.Color("ladder:N", scale=ladder_scale, legend=None)
    )
    names = base.mark_text(align="left", fontSize=11).encode(
        x=alt.value(18), y=key_y, text="key_text:N"
    )
    key = alt.layer(swatches, names).properties(width=330, height=380)
    return alt.hconcat(plot, key, spacing=10).properties(title=title)


def moment_arm_chart(
    states: pd.DataFrame, title: str = "", hip_deg: float | None = None
) -> alt.LayerChart:
    """Hip-flexion moment arm of each muscle against hip angle.

    Parameters
    ----------
    states : pandas.DataFrame
        :func:`psoaskit.biomech.muscles.available_force` output (or concatenated
        :func:`psoaskit.biomech.muscles.muscle_state` rows).
    hip_deg : float, optional
        Draw a vertical rule at this hip angle [deg].

    Examples
    --------
    >>> from psoaskit.biomech.muscles import available_force
    >>> moment_arm_chart(available_force(knee_deg=[0])).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    require_columns(
        states, ["label", "hip_deg", "moment_arm_cm", "knee_deg"], "moment_arm_chart"
    )
    lines = (
        alt.Chart(states[states["knee_deg"] == states["knee_deg"].min()])
        .mark_line()
        .encode(
            x=alt.X("hip_deg:Q", axis=HIP_AXIS),
            y=alt.Y("moment_arm_cm:Q", title="Hip-flexion moment arm [cm]"),
            color=alt.Color("label:N", title="Muscle", sort=None),
        )
    )
    return _with_rule(lines, hip_deg).properties(title=title)


#: Line style of each knee position, the one mapping behind both the lines and their key.
KNEE_DASHES: dict[str, list[int]] = {"knee straight": [1, 0], "knee bent 90 deg": [6, 4]}


def knee_key() -> str:
    """The subtitle naming each knee position's line style, built from :data:`KNEE_DASHES`.

    Examples
    --------
    >>> knee_key()
    'solid: knee straight; dashed: knee bent 90 deg'
    """
    return "; ".join(f"{'solid' if dash[1] == 0 else 'dashed'}: {knee}"
                     for knee, dash in KNEE_DASHES.items())


def _knee_dash(**legend: object) -> alt.StrokeDash:
    options = {"legend": alt.Legend(**legend)} if legend else {}
    return alt.StrokeDash("knee:N", title="Knee", scale=alt.Scale(
        domain=list(KNEE_DASHES), range=list(KNEE_DASHES.values())), **options)


def _with_rule(chart: alt.Chart, hip_deg: float | None) -> alt.LayerChart:
    layers = [chart]
    if hip_deg is not None:
        rule = pd.DataFrame({"hip_deg": [float(hip_deg)]})
        layers.append(
            alt.Chart(rule).mark_rule(color=INK, strokeDash=[4, 3]).encode(x="hip_deg:Q")
        )
    return alt.layer(*layers)


def muscle_length_chart(
    states: pd.DataFrame, title: str = "", hip_deg: float | None = None
) -> alt.LayerChart:
    """Muscle-tendon length against hip angle; dashed = knee bent.

    Examples
    --------
    >>> from psoaskit.biomech.muscles import available_force
    >>> muscle_length_chart(available_force()).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    require_columns(
        states, ["label", "hip_deg", "mt_length_cm", "knee"], "muscle_length_chart"
    )
    lines = (
        alt.Chart(states)
        .mark_line()
        .encode(
            x=alt.X("hip_deg:Q", axis=HIP_AXIS),
            y=alt.Y(
                "mt_length_cm:Q", title="Muscle-tendon length [cm]", scale=alt.Scale(zero=False)
            ),
            color=alt.Color("label:N", title="Muscle", sort=None),
            strokeDash=_knee_dash(),
        )
    )
    return _with_rule(lines, hip_deg).properties(
        title=alt.TitleParams(title or "Muscle-tendon length", subtitle=knee_key())
    )


def available_force_chart(
    states: pd.DataFrame, title: str = "", hip_deg: float | None = None
) -> alt.LayerChart:
    """Available active-force fraction against hip angle, knee straight vs knee bent (dashed).

    This is the active-insufficiency picture: a muscle whose fibres are too short can produce
    only a fraction of its maximal force, however hard it is driven.

    Examples
    --------
    >>> from psoaskit.biomech.muscles import available_force
    >>> available_force_chart(available_force()).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    require_columns(
        states, ["label", "hip_deg", "active_fl", "knee"], "available_force_chart"
    )
    lines = (
        alt.Chart(states)
        .mark_line()
        .encode(
            x=alt.X("hip_deg:Q", axis=HIP_AXIS),
            y=alt.Y(
                "active_fl:Q",
                title="Available active force [fraction of max]",
                scale=alt.Scale(domain=[0, 1.05]),
            ),
            color=alt.Color("label:N", title="Muscle", sort=None),
            strokeDash=_knee_dash(),
        )
    )
    return _with_rule(lines, hip_deg).properties(
        title=alt.TitleParams(title or "Available active force", subtitle=knee_key())
    )


def force_length_chart(
    curves: pd.DataFrame, points: pd.DataFrame | None = None, title: str = ""
) -> alt.LayerChart:
    """Hill-type force-length curves, optionally with muscles' operating points on them.

    Parameters
    ----------
    curves : pandas.DataFrame
        :func:`psoaskit.biomech.hill.force_length_table` output.
    points : pandas.DataFrame, optional
        :func:`psoaskit.biomech.muscles.muscle_state` rows: each muscle drawn at its
        ``fiber_length_norm`` and ``active_fl``.

    Examples
    --------
    >>> from psoaskit.biomech.hill import force_length_table
    >>> force_length_chart(force_length_table()).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    require_columns(
        curves, ["curve", "kind", "fiber_length_norm", "force_norm"], "force_length_chart"
    )
    # clamped: a muscle shorter or longer than the axis shows at its edge, not off the chart
    x = alt.X(
        "fiber_length_norm:Q",
        title="Fibre length / optimal length [-]",
        scale=alt.Scale(domain=[0.2, 1.9], clamp=True),
    )
    lines = (
        alt.Chart(curves)
        .mark_line(color="#777")
        .encode(
            x=x,
            y=alt.Y(
                "force_norm:Q",
                title="Force / max isometric force [-]",
                scale=alt.Scale(domain=[0, 1.6], clamp=True),
            ),
            strokeDash=alt.StrokeDash("curve:N", title="Curve"),
            detail="kind:N",
        )
    )
    layers: list[alt.Chart] = [lines]
    if points is not None and not points.empty:
        require_columns(
            points, ["label", "fiber_length_norm", "active_fl"], "force_length_chart points"
        )
        dots = (
            alt.Chart(points)
            .mark_point(size=140, filled=True, opacity=0.9)
            .encode(
                x=x,
                y=alt.Y("active_fl:Q", scale=alt.Scale(domain=[0, 1.6], clamp=True)),
                # one key for colour and shape, so each marker is named
                color=alt.Color("label:N", title="Muscle (operating point)", sort=None),
                shape=alt.Shape("label:N", title="Muscle (operating point)", sort=None),
                tooltip=[tip("label:N"),
                         alt.Tooltip("fiber_length_norm:Q", format=".2f",
                                     title="fibre length / optimal"),
                         alt.Tooltip("active_fl:Q", format=".2f", title="active force")],
            )
        )
        layers.append(dots)
    return alt.layer(*layers).properties(title=title)


def passive_extension_chart(passive: pd.DataFrame, title: str = "") -> alt.Chart:
    """Passive iliopsoas and rectus femoris force as the hip goes into extension.

    Parameters
    ----------
    passive : pandas.DataFrame
        :func:`psoaskit.biomech.muscles.passive_hip_extension` output.

    Examples
    --------
    >>> from psoaskit.biomech.muscles import passive_hip_extension
    >>> passive_extension_chart(passive_hip_extension()).to_dict()["mark"]["type"]
    'line'
    """
    require_columns(
        passive,
        ["knee_deg", "hip_deg", "psoas_iliacus_force_n", "rectus_femoris_force_n"],
        "passive_extension_chart",
    )
    tidy = passive.melt(
        id_vars=["knee_deg", "hip_deg"],
        value_vars=["psoas_iliacus_force_n", "rectus_femoris_force_n"],
        var_name="muscle",
        value_name="force_n",
    )
    tidy["muscle"] = tidy["muscle"].map(
        {"psoas_iliacus_force_n": "Psoas + iliacus", "rectus_femoris_force_n": "Rectus femoris"}
    )
    tidy["knee"] = "knee " + tidy["knee_deg"].astype(str) + " deg"
    return (
        alt.Chart(tidy[tidy["hip_deg"] <= 30])
        .mark_line(point=True)
        .encode(
            x=alt.X("hip_deg:Q", axis=HIP_AXIS),
            y=alt.Y("force_n:Q", title="Passive muscle force [N]"),
            color=alt.Color("muscle:N", title=None),
            strokeDash=alt.StrokeDash("knee:N", title=None),
        )
        .properties(title=title)
    )


#: The three model moments of :func:`torque_angle_chart`, with their legend labels.
_TORQUE_PARTS = {
    "active_nm": "active: all flexors, full effort",
    "passive_nm": "passive: stretched tissues (+ helps flexion)",
    "net_nm": "net: active + passive",
}


def torque_angle_chart(torque: pd.DataFrame, measured: pd.DataFrame,
                       title: str = "") -> alt.LayerChart:
    """The model's active, passive and net hip-flexion moment against hip angle, and people.

    Lines: the model (colour = which moment, dash = knee, from :data:`KNEE_DASHES`). Vertical
    marks: the angles at which people's maximal moment was lowest and highest in the
    measured study (the order only; no values are drawn where none were available).

    Parameters
    ----------
    torque : pandas.DataFrame
        :func:`psoaskit.biomech.torque_angle.model_torque_angle` output.
    measured : pandas.DataFrame
        :func:`psoaskit.biomech.torque_angle.measured_strength_order` output.
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.biomech.torque_angle import measured_strength_order, model_torque_angle
    >>> spec = torque_angle_chart(model_torque_angle(), measured_strength_order()).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rule', 'line', 'rule', 'text', 'text']
    """
    require_columns(torque, ["knee_deg", "hip_deg", *_TORQUE_PARTS], "torque_angle_chart")
    require_columns(measured, ["hip_deg", "rank_in_study", "finding"], "torque_angle_chart")
    tidy = torque.melt(id_vars=["knee_deg", "hip_deg"], value_vars=list(_TORQUE_PARTS),
                       var_name="part", value_name="moment_nm")
    tidy["part"] = tidy["part"].map(_TORQUE_PARTS)
    tidy["knee"] = np.where(tidy["knee_deg"] == 0, "knee straight",
                            "knee bent " + tidy["knee_deg"].map("{:g}".format) + " deg")
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color=INK, opacity=0.4).encode(
        y="y:Q")
    lines = (
        alt.Chart(tidy)
        .mark_line(point=True)
        .encode(
            x=alt.X("hip_deg:Q", axis=HIP_AXIS),
            y=alt.Y("moment_nm:Q", title=MOMENT_TITLE),
            color=alt.Color("part:N", title="Model (Rajagopal 2016; passive: 2023 calibration)",
                            sort=list(_TORQUE_PARTS.values()),
                            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0,
                                              titleLimit=0)),
            strokeDash=_knee_dash(orient="bottom", columns=1),
            tooltip=[tip("part:N"), tip("knee:N"), tip("hip_deg:Q"),
                     alt.Tooltip("moment_nm:Q", format=".0f", title="moment [N m]")],
        )
    )
    ranked = measured.dropna(subset=["rank_in_study"]).assign(
        label=lambda m: "people: " + m["finding"].str.split(" of ").str[0])
    marks = alt.Chart(ranked).encode(x="hip_deg:Q")
    rules = marks.mark_rule(color=RED, strokeWidth=2, strokeDash=[2, 2])
    first = float(ranked["hip_deg"].min()) if len(ranked) else 0.0
    text = {"color": RED, "fontWeight": "bold"}
    left = marks.transform_filter(alt.datum.hip_deg == first).mark_text(
        align="left", dx=4, **text).encode(y=alt.value(8), text="label:N")
    right = marks.transform_filter(alt.datum.hip_deg != first).mark_text(
        align="right", dx=-4, **text).encode(y=alt.value(8), text="label:N")
    return alt.layer(zero, lines, rules, left, right).properties(
        title=alt.TitleParams(title or "Hip-flexion moment against hip angle",
                              subtitle=f"{knee_key()}; red marks: Ito et al. 2024, 195 people "
                                       f"(order of the angles tested only)"),
        width=480, height=300,
    )


def iliopsoas_path_chart(geometry, title: str = "") -> alt.LayerChart:
    """Psoas and iliacus to scale from the model's path points, with each moment arm drawn.

    The femur turns with the hip angle; each muscle runs from its pelvic points over the brim
    (dotted where it wraps over the brim circle, drawn faint) to the lesser trochanter; its
    moment arm is the perpendicular (dashed) from the hip centre to its line of pull.

    Parameters
    ----------
    geometry : PathGeometry
        :func:`psoaskit.biomech.path_drawing.path_geometry` output.
    title : str
        Chart title (default names the hip angle).

    Examples
    --------
    >>> from psoaskit.biomech.path_drawing import path_geometry
    >>> spec = iliopsoas_path_chart(path_geometry(45)).to_dict()
    >>> spec["layer"][0]["mark"]["type"], len(spec["layer"])  # two labels, one per muscle
    ('line', 7)
    """
    muscles = {"psoas": "Psoas", "iliacus": "Iliacus"}
    colour = alt.Color("label:N", title="Muscle", scale=alt.Scale(
        domain=list(muscles.values()), range=[PALETTE[3], PALETTE[1]]))
    def in_cm(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(x_cm=100.0 * frame["x"], y_cm=100.0 * frame["y"])

    paths = in_cm(geometry.paths.assign(label=geometry.paths["muscle"].map(muscles)))
    angles = np.linspace(0.0, 2.0 * np.pi, 61)
    rims = in_cm(pd.DataFrame([
        {"label": muscles[c.muscle], "order": k,
         "x": c.x + c.radius * np.cos(a), "y": c.y + c.radius * np.sin(a)}
        for c in geometry.circles.itertuples() for k, a in enumerate(angles)]))
    femur = in_cm(geometry.femur)
    arms = geometry.moment_arms
    perpendiculars = in_cm(pd.DataFrame(
        [{"label": muscles[r.muscle], "end": end, "x": x, "y": y,
          "text": f"{muscles[r.muscle]}: r = {r.moment_arm_cm:.1f} cm "
                  f"(model {r.model_moment_arm_cm:.1f} cm)"}
         for r in arms.itertuples()
         for end, (x, y) in enumerate(((0.0, 0.0), (r.foot_x, r.foot_y)))]))
    lines_of_pull = in_cm(pd.DataFrame(
        [{"label": muscles[r.muscle], "end": end, "x": x, "y": y}
         for r in arms.itertuples()
         for end, (x, y) in enumerate(((r.line_x0, r.line_y0), (r.foot_x, r.foot_y),
                                        (r.line_x1, r.line_y1)))]))
    # the hip region, to scale (equal spans on equal sides); the femur runs on below, clipped
    x = alt.X("x_cm:Q", title="forward of the hip centre [cm]",
              scale=alt.Scale(domain=[-16.0, 16.0]))
    y = alt.Y("y_cm:Q", title="above the hip centre [cm]", scale=alt.Scale(domain=[-16.0, 16.0]))
    muscle_lines = alt.Chart(paths).mark_line(strokeWidth=4, point=True, clip=True).encode(
        x=x, y=y, color=colour, order="order:Q", detail="label:N")
    rim = alt.Chart(rims).mark_line(strokeDash=[2, 3], opacity=0.5, clip=True).encode(
        x=x, y=y, color=colour, order="order:Q", detail="label:N")
    bone = alt.Chart(femur).mark_line(color="#999", strokeWidth=14, opacity=0.5,
                                      clip=True).encode(x=x, y=y)
    pull = alt.Chart(lines_of_pull).mark_line(strokeDash=[1, 3], strokeWidth=1.5,
                                              clip=True).encode(
        x=x, y=y, color=colour, order="end:Q", detail="label:N")
    perpendicular = alt.Chart(perpendiculars).mark_line(strokeDash=[5, 3], strokeWidth=2,
                                                        clip=True).encode(
        x=x, y=y, color=colour, order="end:Q", detail="label:N")
    key = perpendiculars[perpendiculars["end"] == 1].reset_index(drop=True)
    labels = [
        alt.Chart(key.iloc[[k]]).mark_text(align="left", fontSize=12, fontWeight="bold").encode(
            x=alt.value(6), y=alt.value(12 + 17 * k), text="text:N", color=colour)
        for k in range(len(key))
    ]
    return alt.layer(muscle_lines, rim, bone, pull, perpendicular, *labels).properties(
        title=alt.TitleParams(
            title or f"Psoas and iliacus at hip {geometry.hip_deg:g} deg (to scale)",
            subtitle="Rajagopal 2016 model, sagittal view; grey: femur; dotted circles: the "
                     "pelvic brim the paths wrap over; dashed: each moment arm"),
        width=380, height=380,
    )


def pelvis_free_body_chart(body, title: str = "", cm_per_100_n: float = 1.0) -> alt.LayerChart:
    """The pelvis as a free body: its landmarks and the forces on it, drawn as arrows.

    Parameters
    ----------
    body : PelvisFreeBody
        :func:`psoaskit.biomech.pelvis.pelvis_free_body` output.
    title : str
        Chart title.
    cm_per_100_n : float
        Arrow length per 100 N of force [cm].

    Examples
    --------
    >>> from psoaskit.biomech.pelvis import pelvis_free_body
    >>> spec = pelvis_free_body_chart(pelvis_free_body(40.9)).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'text', 'line', 'point', 'text', 'text']
    """
    names = {"psoas": "psoas", "iliacus": "iliacus", "abdominals": "abdominals",
             "hip joint": "hip joint (reaction)"}
    colours = alt.Scale(domain=list(names.values()),
                        range=[PALETTE[3], PALETTE[1], PALETTE[2], INK])
    outline = body.outline.assign(x_cm=100 * body.outline["x"], y_cm=100 * body.outline["y"],
                                  order=range(len(body.outline)))
    closed = pd.concat([outline, outline.iloc[[0]].assign(order=len(outline))])
    scale = cm_per_100_n / 100.0
    arrows, tips = [], []
    for f in body.forces.itertuples():
        x0, y0 = 100 * f.x, 100 * f.y
        x1, y1 = x0 + scale * f.fx, y0 + scale * f.fy
        label = names[f.force]
        arrows += [{"force": label, "end": 0, "x_cm": x0, "y_cm": y0},
                   {"force": label, "end": 1, "x_cm": x1, "y_cm": y1}]
        tips.append({"force": label, "x_cm": x1, "y_cm": y1,
                     "angle": 90.0 - math.degrees(math.atan2(f.fy, f.fx)),
                     "text": f"{label} {f.magnitude_n:.0f} N",
                     # the label just beyond the arrow's tip; the abdominals' on its left
                     "label_x": x1 + 1.2 * scale * f.fx / max(scale * f.magnitude_n, 1e-9),
                     "label_y": y1 + 1.2 * scale * f.fy / max(scale * f.magnitude_n, 1e-9),
                     "left": f.force == "abdominals"})
    square = alt.Scale(domain=[-16.0, 16.0])  # equal spans: to scale
    x = alt.X("x_cm:Q", title="forward [cm]", scale=square)
    y = alt.Y("y_cm:Q", title="towards the head [cm] (hip centre at 0, 0)", scale=square)
    colour = alt.Color("force:N", title="Force on the pelvis", scale=colours,
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=0))
    shape = alt.Chart(closed).mark_line(color="#999", strokeWidth=2, clip=True).encode(
        x=x, y=y, order="order:Q")
    landmarks = alt.Chart(outline).mark_text(dy=-8, color="#666", fontSize=11).encode(
        x=x, y=y, text="name:N")
    lines = alt.Chart(pd.DataFrame(arrows)).mark_line(strokeWidth=3, clip=True).encode(
        x=x, y=y, color=colour, detail="force:N", order="end:Q")
    heads = alt.Chart(pd.DataFrame(tips)).mark_point(shape="triangle-up", filled=True, size=160,
                                                     opacity=1, clip=True).encode(
        x=x, y=y, color=colour, angle=alt.Angle("angle:Q", scale=None))
    tip_table = pd.DataFrame(tips)
    labels = [
        alt.Chart(tip_table[tip_table["left"] == left]).mark_text(
            align="right" if left else "left", fontSize=11, fontWeight="bold").encode(
            x=alt.X("label_x:Q", scale=square), y=alt.Y("label_y:Q", scale=square),
            color=colour, text="text:N")
        for left in (False, True)
    ]
    return alt.layer(shape, landmarks, lines, heads, *labels).properties(
        title=alt.TitleParams(
            title or f"Forces on the pelvis while the flexors hold {body.moment_nm:.0f} N·m",
            subtitle=f"arrows: {cm_per_100_n:g} cm per 100 N; pelvis and lumbar spine as one "
                     "body; floor and weight left out"),
        width=380, height=380,
    )


def anatomy_schematic_chart(
    schematic: pd.DataFrame, title: str = "", highlight: str | None = None
) -> alt.LayerChart:
    """A labelled line schematic of the iliopsoas, drawn from landmark coordinates.

    Parameters
    ----------
    schematic : pandas.DataFrame
        :func:`psoaskit.catalogue.anatomy.schematic` output (``kind`` bone/leader/muscle/label).
    highlight : str, optional
        Name of a muscle (``part``) to draw stronger than the others.

    Examples
    --------
    >>> from psoaskit.catalogue.anatomy import schematic
    >>> len(anatomy_schematic_chart(schematic()).to_dict()["layer"])
    4
    """
    require_columns(
        schematic, ["kind", "part", "path", "order", "x", "y", "label"], "anatomy_schematic_chart"
    )
    frame = schematic.assign(strong=(schematic["part"] == highlight) if highlight else True)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-2.5, 7.5]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-3.0, 11.0]))
    base = alt.Chart(frame).properties(width=360, height=500, title=title)

    def kind(name: str) -> alt.Chart:
        return base.transform_filter(alt.datum.kind == name)

    bones = (
        kind("bone")
        .mark_line(color="#8a8a8a", strokeWidth=2)
        .encode(x, y, detail="path:N", order="order:Q")
    )
    leaders = (
        kind("leader")
        .mark_line(color="#8a8a8a", strokeWidth=1, strokeDash=[3, 2])
        .encode(x, y, detail="path:N", order="order:Q")
    )
    muscle_colours = alt.Scale(
        domain=["psoas major", "psoas minor", "iliacus"], range=[PALETTE[3], PALETTE[0], PALETTE[1]]
    )
    muscles = (
        kind("muscle")
        .mark_line(strokeWidth=4, strokeCap="round", interpolate="basis")
        .encode(
            x,
            y,
            detail="path:N",
            order="order:Q",
            color=alt.Color("part:N", title="Muscle", scale=muscle_colours),
            opacity=alt.condition(alt.datum.strong, alt.value(0.9), alt.value(0.25)),
        )
    )
    labels = (
        kind("label")
        .mark_text(align="left", fontSize=11, lineBreak="|")
        .encode(x, y, text="label:N")
    )
    return alt.layer(bones, leaders, muscles, labels)
