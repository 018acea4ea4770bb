"""Altair chart builders for the whole kit, with one theme.

Every builder takes a tidy :class:`pandas.DataFrame` made by the layer below (mechanics,
simulation, analysis) and returns an Altair chart; none computes a number a learner could not
also get as a table. The ``psoaskit`` theme is registered and enabled here, once, on import.

Offline: Altair 6 writes Vega-Lite 6, which JupyterLab's built-in Vega renderer does not know,
and Altair's default ``html`` renderer fetches Vega from a CDN. So, on import and unless a
renderer was already chosen, the ``svg`` renderer is enabled: vl-convert (a dependency) draws
each chart in the kernel, and the notebook shows a plain SVG image that needs no JavaScript and
no network. Reports may switch to their own renderer afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

__all__ = [
    "LEVEL_COLOURS",
    "PALETTE",
    "THEME_NAME",
    "anatomy_schematic_chart",
    "available_force_chart",
    "capacity_trajectories_chart",
    "demand_map_chart",
    "force_length_chart",
    "ladder_progress_chart",
    "limb_diagram_chart",
    "moment_arm_chart",
    "moment_contributions_chart",
    "moment_curve_chart",
    "muscle_length_chart",
    "passive_extension_chart",
    "programme_comparison_chart",
]

#: Name of the kit's Altair theme.
THEME_NAME = "psoaskit"
#: Categorical colours (Okabe & Ito's colour-blind-safe set).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
#: Colours of the level 1-5 ladder (light to dark) and of exercises not on it.
LEVEL_COLOURS = {
    "level 1": "#9ecae1",
    "level 2": "#6baed6",
    "level 3": "#3182bd",
    "level 4": "#08519c",
    "level 5": "#08306b",
    "not on the ladder": "#b0b0b0",
}
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
_INK = "#222222"


@alt.theme.register(THEME_NAME, enable=True)
def _psoaskit_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "background": "white",
            "font": _FONT,
            "view": {"continuousWidth": 420, "continuousHeight": 280, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "color": _INK, "subtitleColor": "#555"},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleColor": _INK,
                "labelColor": "#333",
                "gridColor": "#e8e8e8",
                "domainColor": "#888",
                "tickColor": "#888",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleColor": _INK},
            "header": {"labelFontSize": 13, "titleFontSize": 13},
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2.5},
            "point": {"filled": True, "size": 60},
            "text": {"fontSize": 11, "color": _INK},
        }
    }


def _use_offline_renderer() -> None:
    if alt.renderers.active == "default":
        alt.renderers.enable("svg")


_use_offline_renderer()


def _require(frame: pd.DataFrame, columns: list[str], builder: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{builder} needs columns {missing}; got {list(frame.columns)}")


HIP_AXIS = alt.Axis(title="Hip flexion [deg]  (negative = extension)")
MOMENT_TITLE = "Hip-flexion moment [N·m]"


# === mechanics ====================================================================================


def limb_diagram_chart(
    drawing: pd.DataFrame, title: str = "", size_px: int = 300
) -> alt.LayerChart:
    """Stick figure of the leg: bones, masses, and the lever arm of its weight.

    Parameters
    ----------
    drawing : pandas.DataFrame
        :func:`psoaskit.postures.limb_drawing` output.
    title : str
        Chart title.
    size_px : int
        Width and height [px]; both axes share one scale so angles look right.

    Examples
    --------
    >>> from psoaskit.postures import limb_drawing
    >>> chart = limb_diagram_chart(limb_drawing(hip_deg=30, knee_deg=0))
    >>> "layer" in chart.to_dict()
    True
    """
    _require(
        drawing, ["layer", "part", "order", "x", "y", "mass_kg", "label"], "limb_diagram_chart"
    )
    span = float(max(drawing["x"].abs().max(), drawing["y"].abs().max())) * 1.1 + 0.05
    domain = [-span, span]
    x = alt.X("x:Q", scale=alt.Scale(domain=domain), axis=alt.Axis(title="[m]", tickCount=5))
    y = alt.Y("y:Q", scale=alt.Scale(domain=domain), axis=alt.Axis(title="[m]", tickCount=5))
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
        layer("band")
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
    return alt.layer(
        ground, trunk, bones, band, lever, weight, joints.encode(x, y), masses, com, lever_label
    )


def moment_curve_chart(
    curves: pd.DataFrame, title: str = "", marker: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Hip-flexion moment against hip angle, one line per series.

    Parameters
    ----------
    curves : pandas.DataFrame
        :func:`psoaskit.mechanics.moment_curve` output (several may be concatenated).
    title : str
        Chart title.
    marker : pandas.DataFrame, optional
        Points to highlight (columns ``hip_deg``, ``moment_nm``), e.g. the current position.

    Rows flagged ``foot_on_floor`` (supine positions where the foot would rest on the floor)
    are overdrawn with a white dotted line.

    Examples
    --------
    >>> from psoaskit.mechanics import moment_curve
    >>> chart = moment_curve_chart(moment_curve(posture="supine", knee_deg=0, hip_deg=[0, 45, 90]))
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    ['rule', 'line']
    """
    _require(curves, ["series", "hip_deg", "moment_nm"], "moment_curve_chart")
    base = alt.Chart(curves).properties(title=title)
    colour = alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", columns=2))
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
    if "foot_on_floor" in curves.columns and curves["foot_on_floor"].any():
        layers.append(
            base.transform_filter(alt.datum.foot_on_floor)
            .mark_line(color="white", strokeWidth=2.5, strokeDash=[2, 3])
            .encode(x="hip_deg:Q", y="moment_nm:Q", detail="series:N")
        )
    if marker is not None:
        _require(marker, ["hip_deg", "moment_nm"], "moment_curve_chart marker")
        layers.append(
            alt.Chart(marker)
            .mark_point(size=160, color=_INK, filled=True)
            .encode(x="hip_deg:Q", y="moment_nm:Q")
        )
    return alt.layer(*layers)


def moment_contributions_chart(parts: pd.DataFrame, title: str = "") -> alt.Chart:
    """Horizontal bars: how much each part of the leg and each load adds to the moment.

    Parameters
    ----------
    parts : pandas.DataFrame
        :func:`psoaskit.mechanics.moment_contributions` output.

    Examples
    --------
    >>> from psoaskit.mechanics import moment_contributions
    >>> moment_contributions_chart(moment_contributions()).to_dict()["mark"]["type"]
    'bar'
    """
    _require(parts, ["part", "moment_nm", "lever_arm_m", "force_n"], "moment_contributions_chart")
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
        :attr:`psoaskit.demand.DemandMap.modelled`.

    Examples
    --------
    >>> from psoaskit.demand import demand_map
    >>> spec = demand_map_chart(demand_map().modelled).to_dict()
    >>> len(spec["hconcat"])
    2
    """
    columns = ["name", "level", "ladder", "hip_min_deg", "hip_max_deg", "peak_moment_nm"]
    _require(modelled, [*columns, "hip_at_peak_deg"], "demand_map_chart")
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
    ladder_scale = alt.Scale(domain=list(LEVEL_COLOURS), range=list(LEVEL_COLOURS.values()))
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
        .mark_line(color=_INK, strokeDash=[5, 4], strokeWidth=1.5)
        .encode(x="hip_at_peak_deg:Q", y="peak_moment_nm:Q", order="level:Q")
    )
    peaks = base.mark_point(size=70, filled=True, color=_INK).encode(
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
        :func:`psoaskit.muscles.available_force` output (or concatenated
        :func:`psoaskit.muscles.muscle_state` rows).
    hip_deg : float, optional
        Draw a vertical rule at this hip angle [deg].

    Examples
    --------
    >>> from psoaskit.muscles import available_force
    >>> moment_arm_chart(available_force(knee_deg=[0])).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    _require(states, ["label", "hip_deg", "moment_arm_cm", "knee_deg"], "moment_arm_chart")
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


def _with_rule(chart: alt.Chart, hip_deg: float | None) -> alt.LayerChart:
    layers = [chart]
    if hip_deg is not None:
        rule = pd.DataFrame({"hip_deg": [float(hip_deg)]})
        layers.append(
            alt.Chart(rule).mark_rule(color=_INK, strokeDash=[4, 3]).encode(x="hip_deg:Q")
        )
    return alt.layer(*layers)


def muscle_length_chart(
    states: pd.DataFrame, title: str = "", hip_deg: float | None = None
) -> alt.LayerChart:
    """Muscle-tendon length against hip angle; dashed = knee bent.

    Examples
    --------
    >>> from psoaskit.muscles import available_force
    >>> muscle_length_chart(available_force()).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    _require(states, ["label", "hip_deg", "mt_length_cm", "knee"], "muscle_length_chart")
    lines = (
        alt.Chart(states)
        .mark_line()
        .encode(
            x=alt.X("hip_deg:Q", axis=HIP_AXIS),
            y=alt.Y(
                "mt_length_cm:Q", title="Muscle-tendon length [cm]", scale=alt.Scale(zero=False)
            ),
            color=alt.Color("label:N", title="Muscle", sort=None),
            strokeDash=alt.StrokeDash("knee:N", title="Knee"),
        )
    )
    return _with_rule(lines, hip_deg).properties(title=title)


def available_force_chart(
    states: pd.DataFrame, title: str = "", hip_deg: float | None = None
) -> alt.LayerChart:
    """Available active-force fraction against hip angle, knee straight vs knee bent (dashed).

    This is the active-insufficiency picture: a muscle whose fibres are too short can produce
    only a fraction of its maximal force, however hard it is driven.

    Examples
    --------
    >>> from psoaskit.muscles import available_force
    >>> available_force_chart(available_force()).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    _require(states, ["label", "hip_deg", "active_fl", "knee"], "available_force_chart")
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
            strokeDash=alt.StrokeDash("knee:N", title="Knee"),
        )
    )
    return _with_rule(lines, hip_deg).properties(title=title)


def force_length_chart(
    curves: pd.DataFrame, points: pd.DataFrame | None = None, title: str = ""
) -> alt.LayerChart:
    """Hill-type force-length curves, optionally with muscles' operating points on them.

    Parameters
    ----------
    curves : pandas.DataFrame
        :func:`psoaskit.hill.force_length_table` output.
    points : pandas.DataFrame, optional
        :func:`psoaskit.muscles.muscle_state` rows: each muscle drawn at its
        ``fiber_length_norm`` and ``active_fl``.

    Examples
    --------
    >>> from psoaskit.hill import force_length_table
    >>> force_length_chart(force_length_table()).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    _require(curves, ["curve", "kind", "fiber_length_norm", "force_norm"], "force_length_chart")
    x = alt.X(
        "fiber_length_norm:Q",
        title="Fibre length / optimal length [-]",
        scale=alt.Scale(domain=[0.2, 1.9]),
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
        _require(points, ["label", "fiber_length_norm", "active_fl"], "force_length_chart points")
        dots = (
            alt.Chart(points)
            .mark_point(size=140, filled=True, opacity=0.9)
            .encode(
                x="fiber_length_norm:Q",
                y="active_fl:Q",
                color=alt.Color("label:N", title="Muscle", sort=None),
                shape=alt.Shape("label:N", sort=None, legend=None),
            )
        )
        layers.append(dots)
    return alt.layer(*layers).properties(title=title)


def passive_extension_chart(passive: pd.DataFrame, title: str = "") -> alt.Chart:
    """Passive iliopsoas and rectus femoris force as the hip goes into extension.

    Parameters
    ----------
    passive : pandas.DataFrame
        :func:`psoaskit.muscles.passive_hip_extension` output.

    Examples
    --------
    >>> from psoaskit.muscles import passive_hip_extension
    >>> passive_extension_chart(passive_hip_extension()).to_dict()["mark"]["type"]
    'line'
    """
    _require(
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


def anatomy_schematic_chart(
    schematic: pd.DataFrame, title: str = "", highlight: str | None = None
) -> alt.LayerChart:
    """A labelled line schematic of the iliopsoas, drawn from landmark coordinates.

    Parameters
    ----------
    schematic : pandas.DataFrame
        :func:`psoaskit.anatomy.schematic` output (``kind`` bone/leader/muscle/label).
    highlight : str, optional
        Name of a muscle (``part``) to draw stronger than the others.

    Examples
    --------
    >>> from psoaskit.anatomy import schematic
    >>> len(anatomy_schematic_chart(schematic()).to_dict()["layer"])
    4
    """
    _require(
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


# === simulate =====================================================================================

_WEEK_AXIS = alt.X("week:Q", title="Week", axis=alt.Axis(tickMinStep=1))
_CAPACITY_TITLE = "Capacity [index; 100 = average start]"


def programme_comparison_chart(stats: pd.DataFrame, title: str = "") -> alt.VConcatChart:
    """Programmes side by side, week by week: capacity, ladder progress and weekly dose.

    Top: median capacity with its 10-90 % band. Bottom left: share of athletes who have
    reached the top of their programme's ladder (solid) and level 5 of the 1-5 ladder
    (dashed). Bottom right: median weekly time under tension.

    Parameters
    ----------
    stats : pandas.DataFrame
        :func:`psoaskit.simulate.compare_programmes` output (or one programme's
        :meth:`~psoaskit.simulate.Simulation.weekly_stats` with a ``name`` column).
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.simulate import compare_programmes
    >>> chart = programme_comparison_chart(compare_programmes(weeks=2, athletes=10))
    >>> len(chart.to_dict()["vconcat"])
    2
    """
    _require(
        stats,
        ["name", "week", "capacity_p10", "capacity_median", "capacity_p90", "share_top",
         "share_level5", "tut_median"],
        "programme_comparison_chart",
    )
    colour = alt.Color(
        "name:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=360)
    )
    base = alt.Chart(stats)
    band = base.mark_area(opacity=0.15).encode(
        x=_WEEK_AXIS,
        y=alt.Y("capacity_p10:Q", title=_CAPACITY_TITLE, scale=alt.Scale(zero=False)),
        y2="capacity_p90:Q",
        color=colour,
    )
    median = base.mark_line().encode(
        x=_WEEK_AXIS,
        y="capacity_median:Q",
        color=colour,
        tooltip=["name:N", "week:Q", alt.Tooltip("capacity_median:Q", format=".1f")],
    )
    capacity = alt.layer(band, median).properties(
        title=alt.TitleParams("Capacity: median and 10-90 % of athletes"), width=640, height=240
    )
    share_axis = alt.Axis(format="%")
    top = base.mark_line(point=True).encode(
        x=_WEEK_AXIS,
        y=alt.Y("share_top:Q", title="Share of athletes", axis=share_axis,
                scale=alt.Scale(domain=[0, 1])),
        color=colour,
    )
    level5 = base.transform_filter("isValid(datum.share_level5)").mark_line(
        strokeDash=[5, 4]
    ).encode(x=_WEEK_AXIS, y="share_level5:Q", color=colour)
    progress = alt.layer(top, level5).properties(
        title=alt.TitleParams(
            "Reached the top of the ladder",
            subtitle="dashed: reached level 5 (1-5 ladder)",
        ),
        width=300,
        height=200,
    )
    dose = base.transform_filter("datum.week >= 1").mark_line(point=True).encode(
        x=_WEEK_AXIS,
        y=alt.Y("tut_median:Q", title="Time under tension [min/week]"),
        color=colour,
    ).properties(title="Weekly dose (median)", width=300, height=200)
    return alt.vconcat(capacity, alt.hconcat(progress, dose)).properties(title=title)


def ladder_progress_chart(shares: pd.DataFrame, title: str = "") -> alt.Chart:
    """Where the athletes stand on the ladder, week by week (stacked shares).

    Parameters
    ----------
    shares : pandas.DataFrame
        :meth:`psoaskit.simulate.Simulation.stage_shares` output.
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.simulate import simulate
    >>> shares = simulate("psoas_level_ladder", athletes=10, weeks=2).stage_shares()
    >>> ladder_progress_chart(shares).to_dict()["mark"]["type"]
    'area'
    """
    _require(shares, ["week", "stage", "label", "share"], "ladder_progress_chart")
    return (
        alt.Chart(shares)
        .mark_area()
        .encode(
            x=_WEEK_AXIS,
            y=alt.Y("share:Q", stack="zero", title="Share of athletes", axis=alt.Axis(format="%")),
            color=alt.Color(
                "stage:O",
                title="Stage",
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(orient="right"),
            ),
            order=alt.Order("stage:O", sort="ascending"),
            tooltip=["week:Q", "stage:O", "label:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(title=title, width=420, height=220)
    )


def capacity_trajectories_chart(weekly: pd.DataFrame, title: str = "") -> alt.Chart:
    """One line per athlete: capacity at the end of each week.

    Parameters
    ----------
    weekly : pandas.DataFrame
        :meth:`psoaskit.simulate.Simulation.weekly` output (a few dozen athletes read best).
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.simulate import simulate
    >>> weekly = simulate("psoas_march_drill", athletes=5, weeks=2).weekly()
    >>> capacity_trajectories_chart(weekly).to_dict()["mark"]["type"]
    'line'
    """
    _require(weekly, ["athlete_id", "week", "capacity"], "capacity_trajectories_chart")
    return (
        alt.Chart(weekly)
        .mark_line(strokeWidth=1.2, opacity=0.5, color=PALETTE[0])
        .encode(
            x=_WEEK_AXIS,
            y=alt.Y("capacity:Q", title=_CAPACITY_TITLE, scale=alt.Scale(zero=False)),
            detail="athlete_id:N",
            tooltip=["athlete_id:N", "week:Q", alt.Tooltip("capacity:Q", format=".1f")],
        )
        .properties(title=title, width=420, height=240)
    )




# === analysis =====================================================================================

#: Colours of the pain-monitoring zones (colour-blind-safe: Okabe & Ito).
PAIN_ZONE_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
#: Colours of the weekly frequency statuses.
FREQUENCY_COLOURS = {
    "below": "#D55E00",
    "within": "#009E73",
    "above": "#0072B2",
    "not stated": "#b0b0b0",
    "no programme": "#dddddd",
    "week in progress": "#F0E442",
}


def _scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def week_axis_weeks(week_starts: Sequence[Any] | pd.Series) -> list[pd.Timestamp]:
    """Every Monday from the first to the last given week: the x axis of the weekly charts.

    Examples
    --------
    >>> [w.strftime("%d %b") for w in week_axis_weeks(pd.to_datetime(["2024-01-15",
    ...                                                               "2024-01-01"]))]
    ['01 Jan', '08 Jan', '15 Jan']
    """
    starts = pd.to_datetime(pd.Series(list(week_starts), dtype=object)).dropna()
    if starts.empty:
        return []
    first = starts.min().normalize()
    first -= pd.Timedelta(days=first.weekday())
    return list(pd.date_range(first, starts.max().normalize(), freq="7D"))


def _on_weeks(data: pd.DataFrame, weeks: Sequence[Any] | None) -> tuple[pd.DataFrame, alt.X]:
    """``data`` with a ``week`` label column and the x encoding of a week axis.

    The axis is ordinal with one slot per Monday of ``weeks`` (default: the data's own weeks),
    so every weekly chart of a report has the same weekly ticks, however few weeks an exercise
    was logged in. Rows outside ``weeks`` are left out.
    """
    monday = pd.to_datetime(data["week_start"])
    weeks = week_axis_weeks(monday if weeks is None else weeks)
    labels = [w.strftime("%Y-%m-%d") for w in weeks]
    data = data.assign(week=monday.dt.strftime("%Y-%m-%d"))
    data = data[data["week"].isin(labels)]
    x = alt.X("week:O", title="Week (Monday)", scale=alt.Scale(domain=labels),
              axis=alt.Axis(labelExpr="utcFormat(toDate(datum.value), '%d %b')",
                            labelAngle=-45))
    return data, x


def weekly_dose_chart(weekly: pd.DataFrame, title: str = "",
                      weeks: Sequence[Any] | None = None) -> alt.VConcatChart:
    """Sessions per week against the target band, and the weekly dose in a logged measure.

    The dose is time under tension when timed holds or work were logged, otherwise repetitions
    or sets (:func:`psoaskit.weekly.dose_measure`); the axis title names the measure. When no
    measure was logged the lower panel says so in words instead of drawing an empty line.

    Parameters
    ----------
    weekly : pandas.DataFrame
        One athlete's weekly table (``psoaskit.analysis.LogAnalysis.weekly``).
    title : str
        Chart title.
    weeks : sequence of dates, optional
        The weeks of the x axis (e.g. a report's period; default: the table's weeks).

    Examples
    --------
    >>> from psoaskit.analysis import weekly_summary
    >>> log = pd.DataFrame({"athlete_id": ["A"], "date": pd.to_datetime(["2024-01-03"]),
    ...                     "exercise_id": ["psoas_march"], "work_s": [60.0]})
    >>> spec = weekly_dose_chart(weekly_summary(log)).to_dict()
    >>> len(spec["vconcat"]), spec["vconcat"][1]["encoding"]["y"]["title"]
    (2, 'Time under tension [min/week]')
    """
    from psoaskit.weekly import DOSE_MEASURES, dose_measure

    _require(weekly, ["week_start", "sessions", "sessions_target_min", "sessions_target_max",
                      "frequency_status", "sets", "reps", "tut_s"], "weekly_dose_chart")
    data, x = _on_weeks(weekly.assign(frequency_status=weekly["frequency_status"].astype(str)),
                        weeks)
    base = alt.Chart(data)
    top = int(max(data["sessions"].max(skipna=True) if len(data) else 0,
                  data["sessions_target_max"].max(skipna=True) if len(data) else 0, 1) or 1)
    count_axis = alt.Axis(values=list(range(top + 1)), format="d")
    week_tip = alt.Tooltip("week_start:T", title="week", format="%d %b %Y")
    bars = base.mark_bar(size=14).encode(
        x=x,
        y=alt.Y("sessions:Q", title="Sessions in the week", axis=count_axis),
        color=alt.Color("frequency_status:N", title="Against the target",
                        scale=_scale(FREQUENCY_COLOURS)),
        tooltip=[week_tip, "sessions:Q", "sessions_target_min:Q", "sessions_target_max:Q",
                 "frequency_status:N"],
    )
    targets = [
        base.transform_filter(f"isValid(datum.{column})").mark_tick(
            color="#222222", thickness=2, size=22
        ).encode(x=x, y=alt.Y(f"{column}:Q", axis=count_axis))
        for column in ("sessions_target_min", "sessions_target_max")
    ]
    sessions = alt.layer(bars, *targets).properties(
        title=alt.TitleParams("Sessions per week",
                              subtitle="black ticks: the weekly target (its range)"),
        width=560, height=180,
    )
    measure = dose_measure(data)
    if measure is None:
        note = pd.DataFrame({"text": ["No sets, repetitions or timed work were logged in "
                                      "these weeks, so there is no weekly dose to draw."]})
        dose = alt.Chart(note).mark_text(align="left", x=0, y=20, fontSize=13).encode(
            text="text:N"
        ).properties(title="Weekly dose", width=560, height=40)
        return alt.vconcat(sessions, dose).properties(title=title)
    trained = data["sessions"] > 0
    known = int((trained & (data[measure] > 0)).sum())
    subtitle = f"{DOSE_MEASURES[measure].split(' [')[0].lower()}, as logged"
    if measure != "tut_s":
        timed = int((trained & (data["tut_s"] > 0)).sum())
        subtitle = (f"{subtitle}: timed holds or work (time under tension) were logged in "
                    f"{timed} of {int(trained.sum())} weeks with sessions")
    elif known < int(trained.sum()):
        subtitle += f" (in {known} of {int(trained.sum())} weeks with sessions)"
    values = data.assign(dose=data[measure] / 60 if measure == "tut_s" else data[measure])
    dose = alt.Chart(values).mark_line(point=True, color=PALETTE[0]).encode(
        x=x,
        y=alt.Y("dose:Q", title=DOSE_MEASURES[measure]),
        tooltip=[week_tip, alt.Tooltip("dose:Q", format=".1f", title=DOSE_MEASURES[measure]),
                 "sets:Q", "reps:Q"],
    ).properties(title=alt.TitleParams("Weekly dose", subtitle=subtitle), width=560, height=160)
    return alt.vconcat(sessions, dose).properties(title=title)


def pain_load_chart(
    weekly: pd.DataFrame, green_max: float = 3.0, amber_max: float = 5.0, title: str = ""
) -> alt.LayerChart:
    """Each week's highest pain against its training load, coloured by pain zone.

    Parameters
    ----------
    weekly : pandas.DataFrame
        Weekly table(s) with ``load``, ``load_measure``, ``pain_max`` and ``pain_zone``.
    green_max, amber_max : float
        Zone cut-offs drawn as dashed rules [NRS] (``AnalysisConfig.pain_zones``).
    title : str
        Chart title.

    Examples
    --------
    >>> w = pd.DataFrame({"week_start": pd.to_datetime(["2024-01-01"]), "load": [40.0],
    ...                   "load_measure": ["srpe"], "pain_max": [2.0], "pain_zone": ["green"]})
    >>> pain_load_chart(w).to_dict()["layer"][0]["mark"]["type"]
    'rule'
    """
    _require(weekly, ["week_start", "load", "load_measure", "pain_max", "pain_zone"],
             "pain_load_chart")
    units = {"srpe": "session RPE load [AU]", "tut": "time under tension [min]",
             "volume_load": "volume load [kg]", "sets": "sets"}
    measures = sorted(set(weekly["load_measure"].astype(str)))
    measure = ", ".join(units.get(m, m) for m in measures) or "load"
    data = weekly.dropna(subset=["load", "pain_max"]).assign(
        pain_zone=lambda t: t["pain_zone"].astype(str)
    )
    rules = alt.Chart(pd.DataFrame({"pain": [green_max, amber_max]})).mark_rule(
        strokeDash=[4, 4], color="#888"
    ).encode(y="pain:Q")
    points = alt.Chart(data).mark_point(size=80).encode(
        x=alt.X("load:Q", title=f"Weekly load: {measure}"),
        y=alt.Y("pain_max:Q", title="Highest pain in the week [0-10]",
                scale=alt.Scale(domain=[0, 10])),
        color=alt.Color("pain_zone:N", title="Pain zone", scale=_scale(PAIN_ZONE_COLOURS)),
        tooltip=[alt.Tooltip("week_start:T", title="week"), "pain_max:Q",
                 alt.Tooltip("load:Q", format=".0f")],
    )
    return alt.layer(rules, points).properties(
        title=alt.TitleParams(title or "Pain against load",
                              subtitle="dashed: the green and amber limits"),
        width=420, height=260,
    )


def asymmetry_chart(asymmetry: pd.DataFrame, threshold: float = 15.0,
                    title: str = "", weeks: Sequence[Any] | None = None) -> alt.LayerChart:
    """Weekly left/right asymmetry per exercise, with the flag threshold either side.

    Parameters
    ----------
    asymmetry : pandas.DataFrame
        ``psoaskit.analysis.LogAnalysis.asymmetry`` (one athlete).
    threshold : float
        Flag threshold [%] (``AnalysisConfig.asymmetry_pct``).
    title : str
        Chart title.
    weeks : sequence of dates, optional
        The weeks of the x axis (e.g. a report's period; default: the table's weeks).

    Examples
    --------
    >>> a = pd.DataFrame({"week_start": pd.to_datetime(["2024-01-01"]), "exercise_id": ["x"],
    ...                   "metric": ["reps"], "left": [10.0], "right": [8.0],
    ...                   "asymmetry_pct": [-20.0]})
    >>> len(asymmetry_chart(a).to_dict()["layer"])
    2
    """
    _require(asymmetry, ["week_start", "exercise_id", "metric", "left", "right",
                         "asymmetry_pct"], "asymmetry_chart")
    data, x = _on_weeks(asymmetry.assign(exercise_id=asymmetry["exercise_id"].astype(str)),
                        weeks)
    rules = alt.Chart(pd.DataFrame({"limit": [-threshold, threshold]})).mark_rule(
        strokeDash=[4, 4], color="#888"
    ).encode(y="limit:Q")
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=x,
        y=alt.Y("asymmetry_pct:Q", title="Asymmetry [%]  (+ more on the right)",
                scale=alt.Scale(domain=[-100, 100])),
        color=alt.Color("exercise_id:N", title="Exercise", legend=alt.Legend(labelLimit=320)),
        tooltip=["exercise_id:N", alt.Tooltip("week_start:T", title="week"), "metric:N",
                 "left:Q", "right:Q", alt.Tooltip("asymmetry_pct:Q", format="+.0f")],
    )
    return alt.layer(rules, lines).properties(
        title=alt.TitleParams(title or "Left/right asymmetry of the weekly dose",
                              subtitle=f"dashed: the ±{threshold:g} % flag threshold"),
        width=560, height=240,
    )


def progression_chart(progression: pd.DataFrame, title: str = "",
                      weeks: Sequence[Any] | None = None) -> alt.FacetChart:
    """Weekly bests per exercise (hold, work, load) and the ladder level, one panel each.

    Parameters
    ----------
    progression : pandas.DataFrame
        ``psoaskit.analysis.LogAnalysis.progression`` (one athlete).
    title : str
        Chart title.
    weeks : sequence of dates, optional
        The weeks of the x axis, the same in every panel (e.g. a report's period; default: the
        table's weeks), so an exercise logged for two weeks still sits on a weekly axis.

    Examples
    --------
    >>> p = pd.DataFrame({"week_start": pd.to_datetime(["2024-01-01", "2024-01-08"]),
    ...                   "exercise_id": ["x", "x"], "metric": ["hold_s", "hold_s"],
    ...                   "value": [5.0, 6.0]})
    >>> "facet" in progression_chart(p).to_dict()
    True
    """
    _require(progression, ["week_start", "exercise_id", "metric", "value"], "progression_chart")
    names = {"hold_s": "Longest hold per rep [s]", "work_s": "Longest continuous work [s]",
             "load_kg": "Heaviest load [kg]", "level": "Ladder level (1-5)"}
    data, x = _on_weeks(progression.assign(
        exercise_id=progression["exercise_id"].astype(str),
        panel=progression["metric"].map(names).fillna(progression["metric"]),
    ), weeks)
    return alt.Chart(data).mark_line(point=True).encode(
        x=x,
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        color=alt.Color("exercise_id:N", title="Exercise", legend=alt.Legend(labelLimit=320)),
        tooltip=["exercise_id:N", "metric:N", alt.Tooltip("week_start:T", title="week"),
                 "value:Q"],
    ).properties(width=300, height=160).facet(
        facet=alt.Facet("panel:N", title=None), columns=2
    ).resolve_scale(y="independent").properties(title=title or "Progression")


def adherence_calendar_chart(daily: pd.DataFrame, title: str = "",
                             weeks: Sequence[Any] | None = None) -> alt.Chart:
    """A calendar heatmap: one square per day (weeks across, Monday to Sunday down).

    Parameters
    ----------
    daily : pandas.DataFrame
        ``psoaskit.analysis.LogAnalysis.daily`` for one athlete (every day, rest days too):
        ``date``, ``week_start``, ``weekday``, ``sessions``, ``load``.
    title : str
        Chart title.
    weeks : sequence of dates, optional
        The weeks across (e.g. a report's period; default: the table's weeks).

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=2), "sessions": [1, 0],
    ...                   "week_start": pd.to_datetime(["2024-01-01"] * 2),
    ...                   "weekday": ["Mon", "Tue"], "load": [20.0, 0.0]})
    >>> adherence_calendar_chart(d).to_dict()["mark"]["type"]
    'rect'
    """
    _require(daily, ["date", "week_start", "weekday", "sessions", "load"],
             "adherence_calendar_chart")
    data, x = _on_weeks(daily.assign(weekday=daily["weekday"].astype(str)), weeks)
    most = max(int(daily["sessions"].max()), 1) if len(daily) else 1
    return alt.Chart(data).mark_rect(stroke="white", strokeWidth=1.5).encode(
        x=x,
        y=alt.Y("weekday:O", title=None,
                sort=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),
        color=alt.Color("sessions:Q", title="Sessions",
                        scale=alt.Scale(domain=[0, most], range=["#eeeeee", PALETTE[0]]),
                        legend=alt.Legend(values=list(range(most + 1)), format="d")),
        tooltip=[alt.Tooltip("date:T", title="day"), "sessions:Q",
                 alt.Tooltip("load:Q", format=".0f")],
    ).properties(title=title or "Training calendar", height=150, width=alt.Step(24))


def squad_overview_chart(weekly: pd.DataFrame, squad: pd.DataFrame,
                         title: str = "") -> alt.HConcatChart:
    """The squad at a glance: each athlete's weeks coloured by frequency status, and flags.

    Parameters
    ----------
    weekly : pandas.DataFrame
        ``LogAnalysis.weekly`` for the squad.
    squad : pandas.DataFrame
        ``LogAnalysis.squad``.
    title : str
        Chart title.

    Examples
    --------
    >>> w = pd.DataFrame({"athlete_id": ["A"], "week_start": pd.to_datetime(["2024-01-01"]),
    ...                   "sessions": [2], "frequency_status": ["within"],
    ...                   "pain_zone": ["green"]})
    >>> s = pd.DataFrame({"athlete_id": ["A"], "flags_recent": [0], "flag_kinds_recent": [""]})
    >>> len(squad_overview_chart(w, s).to_dict()["hconcat"])
    2
    """
    _require(weekly, ["athlete_id", "week_start", "sessions", "frequency_status", "pain_zone"],
             "squad_overview_chart")
    _require(squad, ["athlete_id", "flags_recent", "flag_kinds_recent"], "squad_overview_chart")
    athletes = sorted(set(squad["athlete_id"].astype(str)))
    data, x = _on_weeks(weekly.assign(athlete_id=weekly["athlete_id"].astype(str),
                                      frequency_status=weekly["frequency_status"].astype(str),
                                      pain_zone=weekly["pain_zone"].astype(str)), None)
    y = alt.Y("athlete_id:N", title="Athlete", sort=athletes)
    heat = alt.Chart(data).mark_rect(stroke="white").encode(
        x=x,
        y=y,
        color=alt.Color("frequency_status:N", title="Sessions vs target",
                        scale=_scale(FREQUENCY_COLOURS)),
        tooltip=["athlete_id:N", alt.Tooltip("week_start:T", title="week"), "sessions:Q",
                 "frequency_status:N", "pain_zone:N"],
    ).properties(title="Weekly sessions against the target", height=alt.Step(18))
    red = alt.Chart(data[data["pain_zone"] == "red"]).mark_point(
        shape="diamond", filled=True, color="#000000", size=70
    ).encode(x=x, y=y,
             tooltip=["athlete_id:N", alt.Tooltip("week_start:T", title="week")])
    flags = alt.Chart(squad.assign(athlete_id=squad["athlete_id"].astype(str))).mark_bar(
        color=PALETTE[3]
    ).encode(
        x=alt.X("flags_recent:Q", title="Flags, recent weeks", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("athlete_id:N", title=None, sort=athletes, axis=None),
        tooltip=["athlete_id:N", "flags_recent:Q", "flag_kinds_recent:N"],
    ).properties(width=140, height=alt.Step(18), title="Flags")
    return alt.hconcat(
        alt.layer(heat, red).properties(
            title=alt.TitleParams("Weekly sessions against the target",
                                  subtitle="black diamond: pain in the red zone that week")
        ),
        flags,
    ).properties(title=title)


__all__ += [  # the analysis builders join the public names here
    "FREQUENCY_COLOURS",
    "PAIN_ZONE_COLOURS",
    "adherence_calendar_chart",
    "asymmetry_chart",
    "pain_load_chart",
    "progression_chart",
    "squad_overview_chart",
    "week_axis_weeks",
    "weekly_dose_chart",
]
