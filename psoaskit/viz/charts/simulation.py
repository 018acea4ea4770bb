"""Charts of simulated programmes: capacity, ladder progress and dose over the weeks."""

from __future__ import annotations

import altair as alt
import pandas as pd

from psoaskit.logs.schema import ATHLETE_ID
from psoaskit.viz.charts.theme import (
    PALETTE,
    require_columns,
    tip,
)

__all__ = [
    "calibration_chart",
    "capacity_trajectories_chart",
    "ladder_progress_chart",
    "programme_comparison_chart",
]


# === simulate =====================================================================================

_WEEK_AXIS = alt.X("week:Q", title="Week", axis=alt.Axis(tickMinStep=1))
_CAPACITY_TITLE = "Capacity: maximal hip-flexion moment [N m]"


def programme_comparison_chart(stats: pd.DataFrame, title: str = "") -> alt.VConcatChart:
    """Programmes side by side, week by week: capacity, ladder progress and weekly dose.

    Top: median capacity with its 10-90 % band. Bottom left: share of athletes who have
    reached the top of their programme's ladder (solid) and level 5 of the 1-5 ladder
    (dashed). Bottom right: median weekly time under tension.

    Parameters
    ----------
    stats : pandas.DataFrame
        :func:`psoaskit.simulation.runs.compare_programmes` output (or one programme's
        :meth:`~psoaskit.simulation.runs.Simulation.weekly_stats` with a ``name`` column).
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.simulation.runs import compare_programmes
    >>> chart = programme_comparison_chart(compare_programmes(weeks=2, athletes=10))
    >>> len(chart.to_dict()["vconcat"])
    2
    """
    require_columns(
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
        tooltip=[tip("name:N"), tip("week:Q"), alt.Tooltip("capacity_median:Q", format=".1f")],
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
        :meth:`psoaskit.simulation.runs.Simulation.stage_shares` output.
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.simulation.runs import simulate
    >>> shares = simulate("psoas_level_ladder", athletes=10, weeks=2).stage_shares()
    >>> ladder_progress_chart(shares).to_dict()["mark"]["type"]
    'area'
    """
    require_columns(shares, ["week", "stage", "label", "share"], "ladder_progress_chart")
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
            tooltip=[tip("week:Q"), tip("stage:O"), tip("label:N", "stage is"),
                     alt.Tooltip("share:Q", format=".0%", title="share of athletes")],
        )
        .properties(title=title, width=420, height=220)
    )


def capacity_trajectories_chart(weekly: pd.DataFrame, title: str = "") -> alt.Chart:
    """One line per athlete: capacity at the end of each week.

    Parameters
    ----------
    weekly : pandas.DataFrame
        :meth:`psoaskit.simulation.runs.Simulation.weekly` output (a few dozen athletes read best).
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.simulation.runs import simulate
    >>> weekly = simulate("psoas_march_drill", athletes=5, weeks=2).weekly()
    >>> capacity_trajectories_chart(weekly).to_dict()["mark"]["type"]
    'line'
    """
    require_columns(weekly, [ATHLETE_ID, "week", "capacity"], "capacity_trajectories_chart")
    return (
        alt.Chart(weekly)
        .mark_line(strokeWidth=1.2, opacity=0.5, color=PALETTE[0])
        .encode(
            x=_WEEK_AXIS,
            y=alt.Y("capacity:Q", title=_CAPACITY_TITLE, scale=alt.Scale(zero=False)),
            detail="athlete_id:N",
            tooltip=[tip("athlete_id:N"), tip("week:Q"), alt.Tooltip("capacity:Q", format=".1f")],
        )
        .properties(title=title, width=420, height=240)
    )


def calibration_chart(table: pd.DataFrame, title: str = "") -> alt.LayerChart:
    """Published against simulated strength change, one row per training trial.

    Published changes are dots with their spread where one is derived (a line); simulated ones
    are diamonds. Trials the model cannot simulate have a published dot only.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`psoaskit.simulation.calibration.calibration_table` output.
    title : str
        Chart title.

    Examples
    --------
    >>> from psoaskit.simulation.calibration import calibration_table
    >>> spec = calibration_chart(calibration_table()).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rule', 'point']
    """
    require_columns(
        table,
        ["study", "weeks", "published_pct", "published_low_pct", "published_high_pct",
         "simulated_pct"],
        "calibration_chart",
    )
    data = table.assign(
        trial=table["study"] + " (" + table["weeks"].astype(int).astype(str) + " weeks)"
    )
    long = pd.concat(
        [
            data.assign(kind="published", change=data["published_pct"]),
            data.assign(kind="simulated", change=data["simulated_pct"]),
        ]
    ).dropna(subset=["change"])
    y = alt.Y("trial:N", title=None, sort=list(data["trial"]),
              axis=alt.Axis(labelLimit=0))
    top = float(pd.concat([long["change"], data["published_high_pct"]]).max())
    x_scale = alt.Scale(domain=[-2.0, top + 2.0])
    x = alt.X("change:Q", title="Change in isometric hip-flexion strength [%]", scale=x_scale)
    kind = {"title": None, "legend": alt.Legend(orient="bottom", labelLimit=0)}
    spread = (
        alt.Chart(data.dropna(subset=["published_low_pct"]))
        .mark_rule(strokeWidth=2, color=PALETTE[0])
        .encode(x=alt.X("published_low_pct:Q", scale=x_scale), x2="published_high_pct:Q", y=y)
    )
    points = (
        alt.Chart(long)
        .mark_point(filled=True, size=100, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("kind:N", scale=alt.Scale(domain=["published", "simulated"],
                                                      range=[PALETTE[0], PALETTE[1]]), **kind),
            shape=alt.Shape("kind:N", scale=alt.Scale(domain=["published", "simulated"],
                                                      range=["circle", "diamond"]), **kind),
            tooltip=[tip("trial:N"), tip("kind:N"), alt.Tooltip("change:Q", format=".1f")],
        )
    )
    return alt.layer(spread, points).properties(title=title, width=420, height=120)
