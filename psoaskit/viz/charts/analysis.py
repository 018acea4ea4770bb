"""Charts of an analysed log: dose, pain and load, asymmetry, progression, calendar, squad."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from psoaskit.logs.schema import ATHLETE_ID, DATE, EXERCISE_ID, HOLD_S, LOAD_KG, PAIN, REPS, WORK_S
from psoaskit.viz.charts.theme import (
    FREQUENCY_COLOURS,
    INK,
    PAIN_ZONE_COLOURS,
    PALETTE,
    colour_scale,
    require_columns,
    tip,
)

__all__ = [
    "adherence_calendar_chart",
    "asymmetry_chart",
    "load_pmc_chart",
    "pain_load_chart",
    "progression_chart",
    "squad_load_chart",
    "squad_overview_chart",
    "stage_chart",
    "week_axis_weeks",
    "weekly_dose_chart",
]


# === analysis =====================================================================================


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


def _names(ids: pd.Series) -> pd.Series:
    """Exercise ids as their names (legends and tooltips are read by people)."""
    from psoaskit.catalogue.programmes import with_names

    text = ids.astype(str)
    return text.map({i: with_names(i) for i in text.unique()})  # once per exercise, not row


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
    or sets (:func:`psoaskit.analysis.weekly.dose_measure`); the axis title names the measure. When
    no
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
    >>> from psoaskit.analysis.log_analysis import weekly_summary
    >>> log = pd.DataFrame({"athlete_id": ["A"], "date": pd.to_datetime(["2024-01-03"]),
    ...                     "exercise_id": ["psoas_march"], "work_s": [60.0]})
    >>> spec = weekly_dose_chart(weekly_summary(log)).to_dict()
    >>> len(spec["vconcat"]), spec["vconcat"][1]["encoding"]["y"]["title"]
    (2, 'Time under tension [min/week]')
    """
    from psoaskit.analysis.weekly import DOSE_MEASURES, dose_measure

    require_columns(
        weekly, ["week_start", "sessions", "sessions_target_min", "sessions_target_max",
                      "frequency_status", "sets", REPS, "tut_s"], "weekly_dose_chart"
    )
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
                        scale=colour_scale(FREQUENCY_COLOURS)),
        tooltip=[week_tip, tip("sessions:Q"), tip("sessions_target_min:Q", "target, fewest"),
                 tip("sessions_target_max:Q", "target, most"), tip("frequency_status:N")],
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
                 tip("sets:Q"), tip("reps:Q")],
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
    require_columns(weekly, ["week_start", "load", "load_measure", "pain_max", "pain_zone"],
             "pain_load_chart")
    measures = sorted(set(weekly["load_measure"].astype(str)))
    measure = ", ".join(_LOAD_UNITS.get(m, m) for m in measures) or "load"
    data = weekly.dropna(subset=["load", "pain_max"]).assign(
        pain_zone=lambda t: t["pain_zone"].astype(str)
    )
    rules = alt.Chart(pd.DataFrame({PAIN: [green_max, amber_max]})).mark_rule(
        strokeDash=[4, 4], color="#888"
    ).encode(y="pain:Q")
    points = alt.Chart(data).mark_point(size=80).encode(
        x=alt.X("load:Q", title=f"Weekly load: {measure}"),
        y=alt.Y("pain_max:Q", title="Highest pain in the week [0-10]",
                scale=alt.Scale(domain=[0, 10])),
        color=alt.Color("pain_zone:N", title="Pain zone", scale=colour_scale(PAIN_ZONE_COLOURS)),
        tooltip=[alt.Tooltip("week_start:T", title="week"), tip("pain_max:Q"),
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
    require_columns(
        asymmetry, ["week_start", EXERCISE_ID, "metric", "left", "right",
                         "asymmetry_pct"], "asymmetry_chart"
    )
    data, x = _on_weeks(asymmetry.assign(exercise_id=_names(asymmetry[EXERCISE_ID])),
                        weeks)
    rules = alt.Chart(pd.DataFrame({"limit": [-threshold, threshold]})).mark_rule(
        strokeDash=[4, 4], color="#888"
    ).encode(y="limit:Q")
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=x,
        y=alt.Y("asymmetry_pct:Q", title="Asymmetry [%]  (+ more on the right)",
                scale=alt.Scale(domain=[-100, 100])),
        color=alt.Color("exercise_id:N", title="Exercise", legend=alt.Legend(labelLimit=320)),
        tooltip=[tip("exercise_id:N"), alt.Tooltip("week_start:T", title="week"), tip("metric:N"),
                 tip("left:Q"), tip("right:Q"), alt.Tooltip("asymmetry_pct:Q", format="+.0f")],
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
    require_columns(
        progression, ["week_start", EXERCISE_ID, "metric", "value"], "progression_chart"
    )
    names = {HOLD_S: "Longest hold per rep [s]", WORK_S: "Longest continuous work [s]",
             LOAD_KG: "Heaviest load [kg]", "level": "Ladder level (1-5)"}
    data, x = _on_weeks(progression.assign(
        exercise_id=_names(progression[EXERCISE_ID]),
        panel=progression["metric"].map(names).fillna(progression["metric"]),
    ), weeks)
    return alt.Chart(data).mark_line(point=True).encode(
        x=x,
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        color=alt.Color("exercise_id:N", title="Exercise", legend=alt.Legend(labelLimit=320)),
        tooltip=[tip("exercise_id:N"), tip("metric:N"), alt.Tooltip("week_start:T", title="week"),
                 tip("value:Q")],
    ).properties(width=300, height=160).facet(
        facet=alt.Facet("panel:N", title=None), columns=2
    ).resolve_scale(y="independent").properties(title=title or "Progression")


def stage_chart(stages: pd.DataFrame, title: str = "",
                weeks: Sequence[Any] | None = None) -> alt.Chart:
    """The athlete's stage on their programme week by week, as steps.

    Parameters
    ----------
    stages : pandas.DataFrame
        :func:`psoaskit.analysis.next_week.stage_history` of one athlete (``week_start``,
        ``stage``, ``stages``, ``stage_label``).
    title : str
        Chart title.
    weeks : sequence of dates, optional
        The weeks of the x axis (e.g. a report's period; default: the table's weeks).

    Examples
    --------
    >>> s = pd.DataFrame({"week_start": pd.to_datetime(["2024-01-01", "2024-01-08"]),
    ...                   "stage": [1, 2], "stages": 6, "stage_label": ["base", "more"]})
    >>> spec = stage_chart(s).to_dict()
    >>> spec["mark"]["interpolate"], spec["encoding"]["y"]["scale"]["domain"]
    ('step-after', [1, 6])
    """
    require_columns(stages, ["week_start", "stage", "stages", "stage_label"], "stage_chart")
    data, x = _on_weeks(stages, weeks)
    top = int(stages["stages"].max()) if len(stages) else 1
    return alt.Chart(data).mark_line(
        point=alt.OverlayMarkDef(color=INK), interpolate="step-after", color=INK
    ).encode(
        x=x,
        y=alt.Y("stage:Q", title=f"Stage (1-{top})", scale=alt.Scale(domain=[1, top]),
                axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("week:N", title="Week of"), alt.Tooltip("stage:Q", title="Stage"),
                 alt.Tooltip("stage_label:N", title="What it is")],
    ).properties(
        title=alt.TitleParams(
            title or "Stage on the programme",
            subtitle="each week: the highest stage whose dose was logged in full"),
        width=560, height=180,
    )


def adherence_calendar_chart(daily: pd.DataFrame, title: str = "",
                             weeks: Sequence[Any] | None = None,
                             weekly: pd.DataFrame | None = None) -> alt.LayerChart:
    """A calendar: one square per day (weeks across, Monday to Sunday down), planned against
    done beneath each week.

    Parameters
    ----------
    daily : pandas.DataFrame
        ``psoaskit.analysis.LogAnalysis.daily`` for one athlete (every day, rest days too):
        ``date``, ``week_start``, ``weekday``, ``sessions``, ``load``.
    title : str
        Chart title.
    weeks : sequence of dates, optional
        The weeks across (e.g. a report's period; default: the table's weeks).
    weekly : pandas.DataFrame, optional
        The athlete's weekly table: adds a "done/planned" row (sessions done against the
        programme's lowest weekly frequency), coloured by the week's status against the target.

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=2), "sessions": [1, 0],
    ...                   "week_start": pd.to_datetime(["2024-01-01"] * 2),
    ...                   "weekday": ["Mon", "Tue"], "load": [20.0, 0.0]})
    >>> w = pd.DataFrame({"week_start": pd.to_datetime(["2024-01-01"]), "sessions": [1],
    ...                   "sessions_target_min": [2.0], "frequency_status": ["below"]})
    >>> spec = adherence_calendar_chart(d, weekly=w).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["datasets"][
    ...     spec["layer"][1]["data"]["name"]][0]["label"]
    (['rect', 'text'], '1/2')
    """
    require_columns(daily, [DATE, "week_start", "weekday", "sessions", "load"],
                    "adherence_calendar_chart")
    data, x = _on_weeks(daily.assign(weekday=daily["weekday"].astype(str)), weeks)
    most = max(int(daily["sessions"].max()), 1) if len(daily) else 1
    blues = ["#eeeeee", "#9ecae1", "#4292c6", "#08519c", "#08306b"]
    shades = ["#eeeeee", PALETTE[0]] if most == 1 else (blues + [blues[-1]] * most)[:most + 1]
    plan_row = "done/plan"
    rows = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    y = alt.Y("weekday:O", title=None, sort=[*rows, plan_row])
    days = alt.Chart(data).mark_rect(stroke="white", strokeWidth=1.5).encode(
        x=x, y=y,
        color=alt.Color("sessions:O", title="Sessions that day",
                        scale=alt.Scale(domain=list(range(most + 1)), range=shades)),
        tooltip=[alt.Tooltip("date:T", title="day"), tip("sessions:Q"),
                 alt.Tooltip("load:Q", format=".0f")],
    )
    layers: list[alt.Chart] = [days]
    subtitle = None
    if weekly is not None and len(weekly):
        require_columns(weekly, ["week_start", "sessions", "sessions_target_min",
                                 "frequency_status"], "adherence_calendar_chart")
        target = weekly["sessions_target_min"]
        done = weekly["sessions"].astype(int).astype(str)
        plan = weekly.assign(
            weekday=plan_row,
            label=np.where(target.notna(), done + "/" + target.map("{:g}".format), done),
            status=weekly["frequency_status"].astype(str),
        )
        plan, _ = _on_weeks(plan, weeks)
        layers.append(alt.Chart(plan).mark_text(fontWeight="bold", fontSize=11).encode(
            x=x, y=y, text="label:N",
            color=alt.Color("status:N", title="Against the target",
                            scale=colour_scale(FREQUENCY_COLOURS)),
            tooltip=[alt.Tooltip("week_start:T", title="week of"), tip("sessions:Q", "done"),
                     tip("sessions_target_min:Q", "planned (at least)"),
                     tip("status:N", "against the target")],
        ))
        subtitle = "bottom row: sessions done / planned each week (the programme's lowest "
        subtitle += "frequency)"
    return alt.layer(*layers).resolve_scale(color="independent").properties(
        title=alt.TitleParams(title or "Training calendar", subtitle=subtitle or ""),
        height=170 if subtitle else 150, width=alt.Step(24))


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
    require_columns(
        weekly,
        [ATHLETE_ID, "week_start", "sessions", "frequency_status", "pain_zone"],
        "squad_overview_chart",
    )
    require_columns(
        squad, [ATHLETE_ID, "flags_recent", "flag_kinds_recent"], "squad_overview_chart"
    )
    athletes = sorted(set(squad[ATHLETE_ID].astype(str)))
    data, x = _on_weeks(weekly.assign(athlete_id=weekly[ATHLETE_ID].astype(str),
                                      frequency_status=weekly["frequency_status"].astype(str),
                                      pain_zone=weekly["pain_zone"].astype(str)), None)
    y = alt.Y("athlete_id:N", title="Athlete", sort=athletes)
    heat = alt.Chart(data).mark_rect(stroke="white").encode(
        x=x,
        y=y,
        color=alt.Color("frequency_status:N", title="Sessions vs target",
                        scale=colour_scale(FREQUENCY_COLOURS)),
        tooltip=[tip("athlete_id:N"), alt.Tooltip("week_start:T", title="week"), tip("sessions:Q"),
                 tip("frequency_status:N"), tip("pain_zone:N")],
    ).properties(title="Weekly sessions against the target", height=alt.Step(18))
    red = alt.Chart(data[data["pain_zone"] == "red"]).mark_point(
        shape="diamond", filled=True, color="#000000", size=70
    ).encode(x=x, y=y,
             tooltip=[tip("athlete_id:N"), alt.Tooltip("week_start:T", title="week")])
    flags = alt.Chart(squad.assign(athlete_id=squad[ATHLETE_ID].astype(str))).mark_bar(
        color=PALETTE[3]
    ).encode(
        x=alt.X("flags_recent:Q", title="Flags, recent weeks", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("athlete_id:N", title=None, sort=athletes, axis=None),
        tooltip=[tip("athlete_id:N"), tip("flags_recent:Q"), tip("flag_kinds_recent:N")],
    ).properties(width=140, height=alt.Step(18), title="Flags")
    return alt.hconcat(
        alt.layer(heat, red).properties(
            title=alt.TitleParams("Weekly sessions against the target",
                                  subtitle="black diamond: pain in the red zone that week")
        ),
        flags,
    ).properties(title=title)


#: Load units of each measure, for axis titles.
_LOAD_UNITS = {"srpe": "Foster session-RPE [AU]",
               "set_rpe_work": "set-RPE x work time, a proxy for session-RPE [AU]",
               "tut": "time under tension [min]", "volume_load": "volume load [kg]",
               "sets": "sets"}
#: Series of the performance-management chart and their colours.
_PMC_COLOURS = {"acute: 7-day average": PALETTE[3], "chronic: 28-day average": PALETTE[0],
               "during the session": PALETTE[4], "next morning": INK}


def load_pmc_chart(
    daily: pd.DataFrame,
    weekly: pd.DataFrame,
    sessions: pd.DataFrame,
    variant: str = "ewma",
    threshold: float = 1.36,
    green_max: float = 3.0,
    amber_max: float = 5.0,
    title: str = "",
) -> alt.VConcatChart:
    """A performance-management view of one athlete: load, its ratio and pain on one time axis.

    Top: each day's load (bars) with its 7-day (acute) and 28-day (chronic) averages. Middle:
    the ACWR variant that the flags use, one point per week at the week's last day (read from
    weekly loads, so it does not depend on the weekday; an open week's point counts its load
    so far), with the flag threshold dashed. Bottom: pain during each session and the next
    morning on the 0-10 scale, over the pain-monitoring zones. In the manner of GoldenCheetah's
    Performance Manager Chart.

    Parameters
    ----------
    daily, weekly, sessions : pandas.DataFrame
        One athlete's ``LogAnalysis.daily``, ``.weekly`` and ``.sessions``.
    variant : str
        ACWR variant drawn (``AnalysisConfig.acwr_variant``).
    threshold : float
        Load-spike threshold of that variant [-] (``AnalysisConfig.acwr_threshold``).
    green_max, amber_max : float
        Pain-zone cut-offs [NRS].
    title : str
        Chart title.

    Examples
    --------
    >>> days = pd.date_range("2024-01-01", periods=14)
    >>> daily = pd.DataFrame({"date": days, "load": [100.0, 0.0] * 7, "load_measure": "srpe",
    ...                       "acute_mean": 50.0, "chronic_mean": float("nan")})
    >>> weekly = pd.DataFrame({"week_start": days[[0, 7]], "week_complete": [True, True],
    ...                        "acwr_ewma": [float("nan"), 1.0]})
    >>> sessions = pd.DataFrame({"date": days[::2], "pain_max": 1.0, "pain_next_morning": 0.0})
    >>> len(load_pmc_chart(daily, weekly, sessions).to_dict()["vconcat"])
    3
    """
    column = f"acwr_{variant}"
    require_columns(daily, [DATE, "load", "load_measure", "acute_mean", "chronic_mean"],
                    "load_pmc_chart")
    require_columns(weekly, ["week_start", "week_complete", column], "load_pmc_chart")
    require_columns(sessions, [DATE, "pain_max", "pain_next_morning"], "load_pmc_chart")
    days = pd.to_datetime(daily[DATE])
    start = days.min() if len(days) else pd.Timestamp("1970-01-01")
    end = days.max() if len(days) else start
    # ticks on Mondays, as every weekly table and chart of the kit (Vega's weeks start on
    # Sundays); at most about 16 of them
    monday = start.normalize() - pd.Timedelta(days=start.weekday())
    n_weeks = max(1, (end - monday).days // 7 + 1)
    ticks = pd.date_range(monday, end, freq=f"{7 * -(-n_weeks // 16)}D")
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=[start.isoformat(), end.isoformat()]),
              axis=alt.Axis(format="%d %b", labelAngle=-45,
                            values=[t.isoformat() for t in ticks]))
    measures = sorted(set(daily["load_measure"].dropna().astype(str)))
    unit = ", ".join(_LOAD_UNITS.get(m, m) for m in measures) or "load"
    averages = pd.concat([
        pd.DataFrame({DATE: days, "average": name, "value": daily[col].to_numpy(dtype=float)})
        for name, col in (("acute: 7-day average", "acute_mean"),
                          ("chronic: 28-day average", "chronic_mean"))
    ]).dropna(subset=["value"])
    colour = alt.Color("average:N", title=None, legend=alt.Legend(orient="top"),
                       scale=colour_scale({k: _PMC_COLOURS[k] for k in (
                           "acute: 7-day average", "chronic: 28-day average")}))
    bars = alt.Chart(daily.assign(date=days)).mark_bar(color="#cccccc", width=3).encode(
        x=x, y=alt.Y("load:Q", title=f"Load per day: {unit}"),
        tooltip=[alt.Tooltip("date:T", title="day"), alt.Tooltip("load:Q", format=".0f")],
    )
    lines = alt.Chart(averages).mark_line(strokeWidth=2.5).encode(
        x=x, y="value:Q", color=colour,
        tooltip=[alt.Tooltip("date:T", title="day"), tip("average:N"),
                 alt.Tooltip("value:Q", format=".0f")],
    )
    load = alt.layer(bars, lines).properties(
        width=560, height=170,
        title=alt.TitleParams("Load", subtitle="grey bars: each day's load"),
    )
    w = weekly.assign(
        date=pd.to_datetime(weekly["week_start"]) + pd.Timedelta(days=6),
        week=np.where(weekly["week_complete"], "complete", "so far"),
        ratio=weekly[column].to_numpy(dtype=float),
    )
    w["date"] = w["date"].where(w["date"] <= end, end)
    w = w.dropna(subset=["ratio"])
    names = {"ewma": "EWMA", "rolling_coupled": "rolling, coupled",
             "rolling_uncoupled": "rolling, uncoupled"}
    guides = alt.Chart(pd.DataFrame({"ratio": [1.0, threshold],
                                     "dash": ["steady", "spike"]})).mark_rule(
        color="#888").encode(
        y="ratio:Q",
        strokeDash=alt.StrokeDash("dash:N", legend=None,
                                  scale=alt.Scale(domain=["steady", "spike"],
                                                  range=[[1, 0], [5, 4]])),
    )
    ratio_line = alt.Chart(w).mark_line(
        point=alt.OverlayMarkDef(filled=True, size=50, color=INK), color=INK).encode(
        x=x, y=alt.Y("ratio:Q", title="Acute:chronic ratio [-]"),
        tooltip=[alt.Tooltip("week_start:T", title="week of"), tip("week:N"),
                 alt.Tooltip("ratio:Q", format=".2f")],
    )
    ratio = alt.layer(guides, ratio_line).properties(
        width=560, height=120,
        title=alt.TitleParams(
            f"ACWR ({names.get(variant, variant)}, weekly loads)",
            subtitle=f"one point per week, read at its end (Sunday); dashed: the flag threshold "
            f"{threshold:.2f}; a description of load change, not an injury risk"),
    )
    s = pd.concat([
        pd.DataFrame({DATE: pd.to_datetime(sessions[DATE]), "pain_when": name,
                      "pain": sessions[col].to_numpy(dtype=float)})
        for name, col in (("during the session", "pain_max"),
                          ("next morning", "pain_next_morning"))
    ]).dropna(subset=["pain"])
    zones = alt.Chart(pd.DataFrame({"low": [0.0, green_max, amber_max],
                                    "high": [green_max, amber_max, 10.0],
                                    "zone": list(PAIN_ZONE_COLOURS)})).mark_rect(
        opacity=0.15).encode(
        y=alt.Y("low:Q", title="Pain [0-10]", scale=alt.Scale(domain=[0, 10])), y2="high:Q",
        color=alt.Color("zone:N", scale=colour_scale(PAIN_ZONE_COLOURS), legend=None),
    )
    points = alt.Chart(s).mark_point(filled=True, size=45).encode(
        x=x, y="pain:Q",
        color=alt.Color("pain_when:N", title=None, scale=colour_scale(
            {k: _PMC_COLOURS[k] for k in ("during the session", "next morning")}),
            legend=alt.Legend(orient="top")),
        shape=alt.Shape("pain_when:N", title=None, scale=alt.Scale(
            domain=["during the session", "next morning"], range=["circle", "triangle-up"]),
            legend=alt.Legend(orient="top")),  # same field and title: one legend, both keys
        tooltip=[alt.Tooltip("date:T", title="session"), alt.Tooltip("pain_when:N", title="when"),
                 tip("pain:Q")],
    )
    pain = alt.layer(zones, points).resolve_scale(color="independent").properties(
        width=560, height=120,
        title=alt.TitleParams("Pain", subtitle=[
            "circles: during the session; triangles: the next morning",
            "bands: the green, amber and red zones of the pain-monitoring model (from tendon "
            "and knee rehabilitation)"]),
    )
    return alt.vconcat(load, ratio, pain).resolve_scale(
        color="independent", strokeDash="independent"
    ).properties(title=title or "Load and pain over time")


def squad_load_chart(weekly: pd.DataFrame, variant: str = "ewma", threshold: float = 1.36,
                     title: str = "") -> alt.LayerChart:
    """The squad's weekly ACWR as a heat map, athletes by week, spikes marked.

    Parameters
    ----------
    weekly : pandas.DataFrame
        ``LogAnalysis.weekly`` for the squad.
    variant : str
        ACWR variant drawn [-] (``AnalysisConfig.acwr_variant``).
    threshold : float
        Its load-spike threshold [-]; weeks at or above it get a black dot.
    title : str
        Chart title.

    Examples
    --------
    >>> w = pd.DataFrame({"athlete_id": ["A", "A"], "week_start": pd.to_datetime(
    ...     ["2024-01-01", "2024-01-08"]), "acwr_ewma": [1.0, 1.6], "week_complete": True,
    ...     "load_measure": "srpe"})
    >>> spec = squad_load_chart(w).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rect', 'point']
    """
    column = f"acwr_{variant}"
    require_columns(weekly, [ATHLETE_ID, "week_start", "week_complete", "load_measure", column],
                    "squad_load_chart")
    data, x = _on_weeks(weekly.assign(
        athlete_id=weekly[ATHLETE_ID].astype(str),
        ratio=weekly[column].to_numpy(dtype=float),
        week_status=np.where(weekly["week_complete"], "complete", "so far"),
        load_measure=weekly["load_measure"].astype(str),
    ), None)
    athletes = sorted(set(data[ATHLETE_ID]))
    y = alt.Y("athlete_id:N", title="Athlete", sort=athletes)
    tooltip = [tip("athlete_id:N"), alt.Tooltip("week_start:T", title="week of"),
               tip("week_status:N"), alt.Tooltip("ratio:Q", format=".2f", title="ACWR"),
               tip("load_measure:N")]
    heat = alt.Chart(data).mark_rect(stroke="white").encode(
        x=x, y=y,
        color=alt.Color("ratio:Q", title="ACWR", scale=alt.Scale(
            scheme="blueorange", domain=[0.5, 1.0, threshold, 2.0], clamp=True)),
        tooltip=tooltip,
    )
    spikes = alt.Chart(data[data["ratio"] >= threshold]).mark_point(
        filled=True, color=INK, size=30).encode(x=x, y=y, tooltip=tooltip)
    return alt.layer(heat, spikes).properties(
        height=alt.Step(18), width=alt.Step(30),
        title=alt.TitleParams(
            title or "Squad load: acute:chronic ratio by week",
            subtitle=f"weekly loads; dot: at or above the flag threshold {threshold:.2f}; blank: "
            "not yet 4 weeks of load, or a session without a known load in the window"),
    )
