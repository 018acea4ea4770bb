"""What the athlete report shows, for ``notebooks/reports/athlete_report.ipynb``.

:func:`load_athlete_report` reads the squad log and analyses it (once per kernel, see
:func:`psoaskit.reports.runtime.cached_read`) and narrows the result to one athlete and the
report's period. The other functions turn that into what a coach reads: the key numbers, the
flags with their reasons, the athlete's notes (every value HTML-escaped) and the charts, built by
:mod:`psoaskit.viz.charts` (with a sentence instead of an empty chart when there is nothing to
draw).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from psoaskit.analysis.status import FLAG_LABELS
from psoaskit.logs.schema import ATHLETE_ID, DATE, EXERCISE_ID, NOTES, SIDE
from psoaskit.reports.runtime import cached_read, escape, plain

__all__ = [
    "FLAG_LABELS",
    "SAMPLE_ASSIGNMENTS",
    "SAMPLE_LOG",
    "AthleteReport",
    "HTMLBlock",
    "adherence",
    "data_note_html",
    "exercise_adherence_html",
    "flags_html",
    "header_html",
    "headline",
    "headline_html",
    "left_right",
    "load_and_pain",
    "load_athlete_report",
    "next_week_html",
    "notes_html",
    "pain_and_load",
    "progression",
    "report_flags",
    "report_summary",
    "report_weeks",
    "stage_progress",
    "triage",
    "weekly_dose",
]

#: Packaged sample squad (``psoaskit sample``), reported on when no log is given.
SAMPLE_LOG = "sample/squad_log.csv"
SAMPLE_ASSIGNMENTS = "sample/assignments.csv"

#: Coach-facing names of the analysis' flag kinds.


class HTMLBlock(str):
    """A string of (already escaped) HTML that notebooks display as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def _day(value: Any) -> str:
    return "" if value is None or value != value else str(value)[:10]


def _number(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    try:
        if value != value:  # pandas NA-like
            return "n/a"
    except TypeError:
        return "n/a"
    number = round(float(value), digits)
    return f"{number:g}" if digits else f"{int(number)}"


@dataclass(frozen=True)
class AthleteReport:
    """Everything one athlete's report shows, narrowed to the report's period.

    Attributes
    ----------
    athlete_id : str
        The athlete, exactly as in the log.
    title : str
        Report title.
    period_start : pandas.Timestamp or None
        First day shown (None: the athlete's first session).
    as_of : pandas.Timestamp
        Last day shown; the analysis is computed as on this day.
    programme_id : str or None
        Assigned programme (None when none was assigned).
    programme_name : str
        Its name, or a sentence saying there is none.
    analysis : psoaskit.analysis.LogAnalysis
        The athlete's tables: weekly, sessions, flags, asymmetry, progression, ... (rows before
        ``period_start`` removed; history before it still counts for load and trends).
    status : dict
        The athlete's squad-summary row as on ``as_of`` (latest status, recent weeks).
    notes : pandas.DataFrame
        The athlete's set notes in the period: ``date``, ``exercise``, ``side``, ``note``.
    rows_rejected : int
        Rows of the whole log rejected at validation (in no report) [rows].
    log_name : str
        File name of the log.
    exercise_names : dict
        Exercise id to name, for the exercises in the tables.
    next_week : dict
        The athlete's row of :func:`psoaskit.analysis.next_week.next_week_table`: stage,
        decision, reasons and next week's prescription.
    stages : pandas.DataFrame or None
        The athlete's stage week by week in the period
        (:func:`psoaskit.analysis.next_week.stage_history`; empty without a programme).
    """

    athlete_id: str
    title: str
    period_start: Any
    as_of: Any
    programme_id: str | None
    programme_name: str
    analysis: Any
    status: dict[str, Any]
    notes: Any
    rows_rejected: int
    log_name: str = ""
    exercise_names: dict[str, str] = field(default_factory=dict)
    next_week: dict[str, Any] = field(default_factory=dict)
    stages: Any = None


def _squad_analysis(log_path: Path, programme: str, assignments_path: str, as_of: str) -> Any:
    from psoaskit.analysis.adherence import read_assignments
    from psoaskit.analysis.log_analysis import analyse_log
    from psoaskit.logs.api import read_log

    log, _ = cached_read(log_path, read_log)
    assignments = cached_read(assignments_path, read_assignments) if assignments_path else None
    return analyse_log(
        log, programme=programme or None, assignments=assignments, as_of=as_of or None
    )


def _squad_next_week(log_path: Path, programme: str, assignments_path: str, as_of: str) -> Any:
    from psoaskit.analysis.next_week import next_week_table
    from psoaskit.logs.api import read_log

    log, _ = cached_read(log_path, read_log)
    squad = cached_read(log_path, _squad_analysis, programme, assignments_path, as_of)
    return next_week_table(log, squad)


def load_athlete_report(
    athlete_id: str,
    log_path: str | Path,
    *,
    programme: str = "",
    assignments_path: str = "",
    period_start: str = "",
    period_end: str = "",
    title: str = "Hip-flexor training report",
) -> AthleteReport:
    """Read (once per kernel), analyse (once per kernel) and narrow a log to one athlete.

    The squad's log is read with :func:`psoaskit.logs.read_log` and analysed with
    :func:`psoaskit.analysis.analyse_log` as on ``period_end`` (default: the log's last day);
    both are cached per kernel, so a batch worker does this once for all its athletes.

    Parameters
    ----------
    athlete_id : str
        Athlete id as written in the log.
    log_path : str or Path
        Squad log (CSV, Parquet or JSON Lines); ``""`` for the bundled sample squad (and, unless
        a programme or assignments are given, its assignments).
    programme : str
        Programme id for this athlete; ``""`` to use ``assignments_path`` (or none).
    assignments_path : str
        CSV of ``athlete_id``, ``programme_id``; ``""`` for none.
    period_start, period_end : str
        ISO dates bounding the report; ``""`` for the athlete's first session / the log's end.
    title : str
        Report title.

    Returns
    -------
    AthleteReport

    Raises
    ------
    KeyError
        If the athlete has no accepted rows in the log (with close matches).

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> report.athlete_id, report.programme_name
    ('001', 'Foundational to advanced psoas strengthening')
    >>> set(report.analysis.weekly["athlete_id"].astype(str))
    {'001'}
    """
    import pandas as pd

    from psoaskit.analysis.next_week import stage_history
    from psoaskit.analysis.status import flag_episodes
    from psoaskit.catalogue.exercises import read_catalogue
    from psoaskit.catalogue.programmes import read_programmes
    from psoaskit.logs.api import read_log

    if not log_path:
        from psoaskit._data import data_path

        log_path = data_path(SAMPLE_LOG)
        if not assignments_path and not programme:
            assignments_path = str(data_path(SAMPLE_ASSIGNMENTS))
    log, ingest = cached_read(log_path, read_log)
    if not period_end:
        period_end = _day(pd.Timestamp(log[DATE].max()))
    squad = cached_read(log_path, _squad_analysis, programme, assignments_path, period_end)
    mine = squad.athlete(athlete_id)
    plan = cached_read(log_path, _squad_next_week, programme, assignments_path, period_end)
    planned = plan[plan[ATHLETE_ID] == athlete_id].to_dict("records")
    start = pd.Timestamp(period_start) if period_start else None
    if start is not None:
        monday = start - pd.Timedelta(days=start.weekday())
        narrowed = {}
        for name, table in mine.tables().items():
            if "week_start" in table.columns:
                table = table[table["week_start"] >= monday]
            elif DATE in table.columns:
                table = table[table[DATE] >= start]
            narrowed[name] = table.reset_index(drop=True)
        narrowed["flag_episodes"] = flag_episodes(
            narrowed["flags"], mine.as_of, mine.config.recent_weeks
        )
        mine = replace(mine, **narrowed)
    rows = log[log[ATHLETE_ID].astype(str) == athlete_id]
    rows = rows[rows[DATE] <= pd.Timestamp(period_end)]
    stages = stage_history(rows, squad)
    if start is not None:
        rows = rows[rows[DATE] >= start]
        stages = stages[stages["week_start"] >= monday].reset_index(drop=True)
    noted = rows[rows[NOTES].notna() & (rows[NOTES].astype(str).str.strip() != "")]
    catalogue = read_catalogue()
    ids = set(rows[EXERCISE_ID].astype(str))
    for table in (mine.asymmetry, mine.progression, mine.doses):
        if EXERCISE_ID in table.columns:
            ids |= set(table[EXERCISE_ID].astype(str))
    names = {i: catalogue[i].name for i in ids if i in catalogue.exercises}
    names["ladder"] = "Level on the programme's ladder"
    notes = pd.DataFrame(
        {
            DATE: noted[DATE].dt.strftime("%Y-%m-%d"),
            "exercise": noted[EXERCISE_ID].astype(str).map(lambda i: names.get(i, i)),
            SIDE: noted[SIDE].astype(str),
            "note": noted[NOTES].astype(str),
        }
    ).reset_index(drop=True)
    assigned = mine.programmes.iloc[0] if len(mine.programmes) else None
    programme_id = None if assigned is None or pd.isna(assigned) else str(assigned)
    programmes = read_programmes()
    if programme_id in programmes:
        programme_name = programmes[programme_id].name
    else:
        programme_name = "no programme assigned (adherence is not assessed)"
    status = mine.squad.iloc[0].to_dict() if len(mine.squad) else {}
    return AthleteReport(
        athlete_id=athlete_id,
        title=title,
        period_start=start,
        as_of=pd.Timestamp(period_end),
        programme_id=programme_id,
        programme_name=programme_name,
        analysis=mine,
        status=status,
        notes=notes,
        rows_rejected=ingest.rows_invalid,
        log_name=Path(log_path).name,
        exercise_names=names,
        next_week=planned[0] if planned else {},
        stages=stages,
    )


def headline(report: AthleteReport) -> dict[str, Any]:
    """The report's key numbers over its period (JSON-friendly, units in the key names).

    Returns
    -------
    dict
        ``sessions``, ``weeks``, ``sessions_per_week`` [1/week], ``sessions_target`` (text),
        ``weeks_on_target`` and ``weeks_assessed``, ``dose_within_pct`` [%], ``pain_max_nrs``
        [NRS 0-10] and ``pain_zone_latest``, ``pain_trend_nrs_per_week`` [NRS/week],
        ``asymmetry_max_pct`` [%] with ``asymmetry_exercise``, ``level_first`` and
        ``level_latest``, ``acwr_latest`` [-], ``flags``.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> numbers = headline(report)
    >>> numbers["sessions"] == len(report.analysis.sessions), numbers["sessions_target"]
    (True, '2-3')
    """
    a = report.analysis
    weekly = a.weekly
    assessed = weekly[weekly["frequency_status"].astype(str).isin(["below", "within", "above"])]
    checks = weekly["dose_checks"].fillna(0)
    within = (weekly["dose_within_pct"].fillna(0) * checks).sum()
    pain = weekly["pain_max"].dropna()
    zones = weekly.loc[weekly["pain_zone"].notna(), "pain_zone"]
    levels = weekly["level_max"].dropna()
    asym = a.asymmetry.dropna(subset=["asymmetry_pct"])
    largest = asym.loc[asym["asymmetry_pct"].abs().idxmax()] if len(asym) else None
    variant = getattr(a.config, "acwr_variant", "ewma")
    return plain({
        "sessions": len(a.sessions),
        "weeks": len(weekly),
        "sessions_per_week": float(weekly["sessions"].mean()) if len(weekly) else None,
        "sessions_target": report.status.get("sessions_target"),
        "weeks_on_target": int((assessed["frequency_status"].astype(str) != "below").sum()),
        "weeks_assessed": len(assessed),
        "dose_within_pct": float(within / checks.sum()) if checks.sum() else None,
        "pain_max_nrs": float(pain.max()) if len(pain) else None,
        "pain_zone_latest": str(zones.iloc[-1]) if len(zones) else None,
        "pain_trend_nrs_per_week": report.status.get("pain_trend_per_week"),
        "asymmetry_max_pct": None if largest is None else float(largest["asymmetry_pct"]),
        "asymmetry_exercise": None if largest is None else report.exercise_names.get(
            str(largest[EXERCISE_ID]), str(largest[EXERCISE_ID])),
        "level_first": float(levels.iloc[0]) if len(levels) else None,
        "level_latest": float(levels.iloc[-1]) if len(levels) else None,
        "acwr_latest": report.status.get(f"acwr_{variant}_latest"),
        "flags": len(a.flags),
    })


def report_flags(report: AthleteReport) -> list[dict[str, Any]]:
    """The period's flags, a run of weeks of one kind as one item, newest first.

    Each item: ``flag``, ``label``, ``week`` (the week, or ``first to last``), ``weeks``,
    ``reason`` (of the run's last week, exercises by name) and ``current`` (False when the
    run ended before the recent weeks: history).

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> len(report_flags(report)) == len(report.analysis.flag_episodes)
    True
    """
    from psoaskit.catalogue.programmes import with_names

    runs = report.analysis.flag_episodes.sort_values(
        ["current", "last_week"], ascending=False, kind="stable"
    )

    def weeks(first: Any, last: Any) -> str:
        return _day(last) if first == last else f"{_day(first)} to {_day(last)}"

    return [
        {
            "flag": str(row.flag),
            "label": FLAG_LABELS.get(str(row.flag), str(row.flag)),
            "week": weeks(row.first_week, row.last_week),
            "weeks": int(row.weeks),
            "reason": with_names(str(row.reason)),
            "current": bool(row.current),
        }
        for row in runs.itertuples(index=False)
    ]


def header_html(report: AthleteReport) -> HTMLBlock:
    """Title, athlete, period and programme, escaped.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced",
    ...                              title="Week <12>")
    >>> print(header_html(report).splitlines()[0])
    <h1>Week &lt;12&gt;</h1>
    """
    first = report.period_start if report.period_start is not None else report.status.get(
        "first_session")
    period = f"{_day(first) or 'first session'} to {_day(report.as_of)}"
    return HTMLBlock(
        f"<h1>{escape(report.title)}</h1>\n"
        f"<p><strong>Athlete:</strong> {escape(report.athlete_id)}<br>\n"
        f"<strong>Period:</strong> {escape(period)}<br>\n"
        f"<strong>Programme:</strong> {escape(report.programme_name)}</p>\n"
        '<p class="psk-print"><button type="button" onclick="window.print()">'
        "Print or save as PDF</button></p>"
    )


def headline_html(report: AthleteReport) -> HTMLBlock:
    """The key numbers as a short list a coach can read at a glance.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> headline_html(report).startswith("<h2>At a glance</h2>")
    True
    """
    h = headline(report)
    target = h["sessions_target"] or "n/a"
    lines = [
        f"{h['sessions']} sessions in {h['weeks']} weeks "
        f"({_number(h['sessions_per_week'])} per week; planned: {target})",
    ]
    if h["weeks_assessed"]:
        lines.append(f"Planned frequency reached in {h['weeks_on_target']} of "
                     f"{h['weeks_assessed']} complete weeks")
    if h["dose_within_pct"] is not None:
        lines.append(f"{_number(h['dose_within_pct'], 0)} % of logged exercises within the "
                     "prescribed sets, reps and holds")
    if h["pain_max_nrs"] is not None:
        trend = h["pain_trend_nrs_per_week"]
        trend_text = "" if trend is None else f"; trend {float(trend):+.1f} per week"
        lines.append(f"Highest pain {_number(h['pain_max_nrs'])}/10; latest week "
                     f"{h['pain_zone_latest']} zone{trend_text}")
    else:
        lines.append("No pain scores logged")
    if h["asymmetry_max_pct"] is not None and round(abs(h["asymmetry_max_pct"])) >= 1:
        side = "right" if h["asymmetry_max_pct"] > 0 else "left"
        lines.append(f"Largest left/right difference {abs(h['asymmetry_max_pct']):.0f} % "
                     f"(more on the {side}, {h['asymmetry_exercise']})")
    elif h["asymmetry_max_pct"] is not None:
        lines.append("Left and right sides did the same work")
    if h["level_latest"] is not None:
        lines.append(f"Level {_number(h['level_first'], 0)} at the start, "
                     f"{_number(h['level_latest'], 0)} now")
    if h["acwr_latest"] is not None:
        lines.append(f"Acute:chronic load ratio {_number(h['acwr_latest'], 2)}: the latest "
                     "week's training load against the average of the weeks before (1.0 means "
                     "steady; it describes how fast load changed, it does not predict injury)")
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return HTMLBlock(f'<h2>At a glance</h2>\n<ul class="psk-headline">{items}</ul>')


def flags_html(report: AthleteReport) -> HTMLBlock:
    """The period's flags with their reasons (current, then history), or a sentence saying
    there are none.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> flags_html(report).startswith("<h2>Flags</h2>")
    True
    """
    flags = report_flags(report)
    if not flags:
        return HTMLBlock("<h2>Flags</h2>\n<p>No flags in this period.</p>")
    recent = report.analysis.config.recent_weeks
    parts = ["<h2>Flags</h2>"]
    for current, heading in ((True, f"Current (the last {recent} weeks)"),
                             (False, "Earlier in the period (history)")):
        chosen = [f for f in flags if f["current"] is current]
        if not chosen:
            continue
        rows = "".join(
            f"<tr><td>{escape(f['week'])}</td><td>{escape(f['label'])}</td>"
            f"<td>{escape(f['reason'])}</td></tr>"
            for f in chosen
        )
        parts.append(
            f"<h3>{escape(heading)}</h3>\n<table class='psk-table'><thead>"
            "<tr><th>Week(s) of</th><th>Flag</th><th>Why (latest week)</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
        )
    return HTMLBlock("\n".join(parts))


def next_week_html(report: AthleteReport) -> HTMLBlock:
    """Next week: the decision with every gate and its numbers, and the prescription.

    Examples
    --------
    >>> report = load_athlete_report("005", "")
    >>> html = next_week_html(report)
    >>> html.startswith("<h2>Next week</h2>"), "Decision: progress" in html
    (True, True)
    """
    from psoaskit.catalogue.exercises import read_catalogue

    plan = report.next_week
    parts = ["<h2>Next week</h2>"]
    if not plan:
        return HTMLBlock(parts[0] + "\n<p>No week to review in this period.</p>")
    decision = str(plan["decision"])
    if isinstance(plan.get("next_week"), str):
        state = "" if plan["week_complete"] else ", still in progress"
        parts.append(
            f"<p><b>Decision: {escape(decision)}</b>, after the week of "
            f"{escape(_day(plan['week_reviewed']))}{escape(state)}. Now at stage "
            f"{escape(str(plan['stage']))} ({escape(str(plan['stage_label']))}) for "
            f"{escape(str(plan['weeks_at_stage']))} week(s) and "
            f"{escape(str(plan['sessions_at_stage']))} session(s); next week: stage "
            f"{escape(str(plan['next_stage']))} ({escape(str(plan['next_stage_label']))}).</p>"
        )
    else:
        parts.append(f"<p><b>{escape(decision.capitalize())}.</b></p>")
    reasons = [line for line in str(plan.get("reasons") or "").splitlines() if line]
    if reasons:
        parts.append("<ul class='psk-reasons'>" + "".join(
            f"<li>{escape(line)}</li>" for line in reasons) + "</ul>")
    missing = plan.get("missing")
    if isinstance(missing, str) and missing:
        parts.append(f"<p>To decide, log: {escape(missing)}.</p>")
    if isinstance(plan.get("next_week"), str):
        parts.append("<h3>Prescription for next week</h3><ul>" + "".join(
            f"<li>{escape(line)}</li>" for line in plan["next_week"].splitlines()) + "</ul>")
        parts.append("<p><small>The rule is the programme simulation's weekly review "
                     "(pain, sessions, weeks at the stage, effort, reps at the top of the "
                     "range); a log holds no strength measure, so it cannot see strength "
                     "directly.</small></p>")
        parts.append("".join(f"<p><i>{escape(note)}</i></p>"
                             for note in read_catalogue().safety_common))
    return HTMLBlock("\n".join(parts))


def notes_html(report: AthleteReport, limit: int = 20) -> HTMLBlock:
    """The athlete's most recent set notes, escaped (a note is never run as HTML).

    Parameters
    ----------
    report : AthleteReport
        The report.
    limit : int
        Most notes shown [-].

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> notes_html(report, limit=1).count("<tr>")  # header row + one note
    2
    """
    notes = report.notes.tail(limit).iloc[::-1]
    if notes.empty:
        return HTMLBlock("<p>No notes in this period.</p>")
    rows = "".join(
        f"<tr><td>{escape(r.date)}</td><td>{escape(r.exercise)}</td><td>{escape(r.side)}</td>"
        f"<td>{escape(r.note)}</td></tr>"
        for r in notes.itertuples(index=False)
    )
    return HTMLBlock(
        "<table class='psk-table'><thead>"
        "<tr><th>Date</th><th>Exercise</th><th>Side</th><th>Note</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )


def exercise_adherence_html(report: AthleteReport) -> HTMLBlock:
    """Each exercise: how many sessions included it and how often it was done as prescribed.

    Examples
    --------
    >>> report = load_athlete_report("007", "")
    >>> html = exercise_adherence_html(report)
    >>> "Front Support Hip Flexion with Resistance" in html and "as prescribed" in html
    True
    """
    from psoaskit.analysis.weekly import exercise_adherence

    a = report.analysis
    table = exercise_adherence(a.doses, a.sessions) if len(a.doses) else None
    if table is None or table.empty:
        return HTMLBlock("<p>No exercises logged in this period.</p>")

    def pct(value: Any) -> str:
        return "–" if value is None or value != value else f"{value:.0f} %"

    rows = "".join(
        f"<tr><td>{escape(report.exercise_names.get(r.exercise_id, r.exercise_id))}"
        f"{'' if r.in_programme else ' <small>(not in the programme)</small>'}</td>"
        f"<td>{r.sessions_done} ({pct(r.share_of_sessions_pct)})</td>"
        f"<td>{pct(r.within_pct)}</td><td>{pct(r.below_pct)}</td><td>{pct(r.above_pct)}</td>"
        f"<td class='date'>{escape(_day(r.last_done))}</td></tr>"
        for r in table.itertuples(index=False)
    )
    return HTMLBlock(
        "<table class='psk-table'><thead><tr><th>Exercise</th><th>Sessions with it</th>"
        "<th>Done as prescribed</th><th>Less than prescribed</th><th>More than prescribed</th>"
        "<th>Last done</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        "<p><small>Shares of the exercise's checks (sets, reps, hold or work time against the "
        "programme's prescription); '–' where the programme prescribes no dose for it."
        "</small></p>"
    )


def data_note_html(report: AthleteReport) -> HTMLBlock:
    """Where the numbers come from, and whether rows of the log were left out.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> "squad_log.csv" in data_note_html(report)
    True
    """
    import psoaskit

    rejected = ""
    if report.rows_rejected:
        rejected = (f" {report.rows_rejected} rows of the squad log failed validation and are "
                    "in no report; ask whoever keeps the log to correct them.")
    return HTMLBlock(
        '<p class="psk-data-note"><small>Computed by psoaskit '
        f"{escape(psoaskit.__version__)} from {escape(report.log_name)} as on "
        f"{escape(_day(report.as_of))}.{escape(rejected)}</small></p>"
    )


def triage(report: AthleteReport) -> dict[str, Any]:
    """Where the athlete stands now, for the squad's triage index.

    Returns
    -------
    dict
        ``status`` (a key of :data:`psoaskit.analysis.status.TRIAGE_LABELS`, from the current
        flags' severity) and its ``status_label``; ``programme``; over the last complete weeks
        (up to the analysis's ``recent_weeks``; ``weeks_recent`` of them): ``sessions_recent``
        and ``sessions_planned_recent`` (the programme's lowest frequency summed over those
        weeks; None without a stated frequency), ``weeks_on_target_recent`` of
        ``weeks_judged_recent``; ``pain_now_nrs`` (highest pain
        in the latest week with pain logged) and ``pain_next_morning_now_nrs``,
        ``pain_peak_nrs`` (the period's highest) [NRS 0-10]; ``last_session`` (ISO date) and
        ``days_since_last`` [day].

    Examples
    --------
    >>> report = load_athlete_report("005", "")
    >>> numbers = triage(report)
    >>> numbers["status"], numbers["weeks_recent"], numbers["sessions_recent"]
    ('act', 4, 12)
    """
    import pandas as pd

    from psoaskit.analysis.status import TRIAGE_LABELS, triage_status

    a = report.analysis
    weekly = a.weekly
    weeks = getattr(a.config, "recent_weeks", 4)
    complete = weekly[weekly["week_complete"]].tail(weeks)
    judged = complete["frequency_status"].astype(str).isin(["below", "within", "above"])
    target = complete["sessions_target_min"].dropna()
    with_pain = weekly.dropna(subset=["pain_max"])
    latest = with_pain.iloc[-1] if len(with_pain) else None
    status = triage_status(
        str(flag) for flag in a.flag_episodes.loc[a.flag_episodes["current"], "flag"]
    )
    last = report.status.get("last_session")
    return plain({
        "status": status,
        "status_label": TRIAGE_LABELS[status],
        "programme": report.programme_name if report.programme_id else None,
        "weeks_recent": len(complete),
        "sessions_recent": int(complete["sessions"].sum()),
        "sessions_planned_recent": float(target.sum()) if len(target) else None,
        "weeks_on_target_recent": int(
            complete.loc[judged, "frequency_status"].astype(str).ne("below").sum()),
        "weeks_judged_recent": int(judged.sum()),
        "pain_now_nrs": None if latest is None else float(latest["pain_max"]),
        "pain_next_morning_now_nrs": None if latest is None else plain(
            latest["pain_next_morning_max"]),
        "pain_peak_nrs": float(with_pain["pain_max"].max()) if len(with_pain) else None,
        "last_session": _day(last) if last is not None and pd.notna(last) else None,
        "days_since_last": report.status.get("days_since_last"),
    })


def report_summary(report: AthleteReport) -> dict[str, Any]:
    """What the batch index shows: key numbers, triage and the flags (one per kind, newest).

    ``flags`` are the current runs of each kind, ``history`` the runs that ended before the
    recent weeks, each with its ``severity``
    (:data:`psoaskit.analysis.status.FLAG_SEVERITY`).

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> sorted(report_summary(report))
    ['flags', 'headline', 'history', 'triage']
    """
    from psoaskit.analysis.status import FLAG_SEVERITY

    latest: dict[str, dict[str, Any]] = {}
    history: dict[str, dict[str, Any]] = {}
    for flag in report_flags(report):
        flag["severity"] = FLAG_SEVERITY.get(flag["flag"], "review")
        (latest if flag["current"] else history).setdefault(flag["flag"], flag)
    return {"headline": headline(report), "triage": triage(report),
            "flags": list(latest.values()), "history": list(history.values())}


# --- charts (built by psoaskit.viz.charts; a sentence instead when there is nothing to draw) ------


def _with_names(table: Any, report: AthleteReport) -> Any:
    """``exercise_id`` shown as the exercise's name (coaches read names, not ids)."""
    ids = table[EXERCISE_ID].astype(str)
    return table.assign(exercise_id=ids.map(lambda i: report.exercise_names.get(i, i)))


def report_weeks(report: AthleteReport) -> list[Any]:
    """The Mondays of the report period: the shared x axis of the report's weekly charts.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> weeks = report_weeks(report)
    >>> first_day = report.analysis.sessions["date"].min()
    >>> 0 <= (first_day - weeks[0]).days < 7, weeks[-1] <= report.as_of, len(weeks)
    (True, True, 12)
    >>> {w.day_name() for w in weeks}
    {'Monday'}
    """
    from psoaskit.viz.charts.analysis import week_axis_weeks

    first = report.period_start
    if first is None:
        starts = report.analysis.weekly["week_start"]
        if starts.empty:
            return []
        first = starts.min()
    return week_axis_weeks([first, report.as_of])


def weekly_dose(report: AthleteReport) -> Any:
    """Sessions per week against the target, and the weekly dose in the logged measure.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> spec = weekly_dose(report).to_dict()  # logged as repetitions, no timed work
    >>> spec["vconcat"][1]["encoding"]["y"]["title"]
    'Repetitions [per week]'
    """
    from psoaskit.viz import charts

    if report.analysis.weekly.empty:
        return HTMLBlock("<p>No weeks to show in this period.</p>")
    return charts.weekly_dose_chart(report.analysis.weekly, weeks=report_weeks(report))


def pain_and_load(report: AthleteReport) -> Any:
    """Each week's highest pain against its training load, or why that cannot be drawn.

    Examples
    --------
    >>> report = load_athlete_report("004", "", programme="precision_movement_routine")
    >>> type(pain_and_load(report)).__name__
    'LayerChart'
    """
    from psoaskit.viz import charts

    weekly = report.analysis.weekly
    both = weekly["load"].notna() & weekly["pain_max"].notna()
    if not both.any():
        reason = ("no pain scores were logged" if weekly["pain_max"].isna().all() else
                  "training load needs timed sets (holds or work time) with an effort "
                  "rating, and these sessions were logged as repetitions only")
        return HTMLBlock(f"<p>Pain against load cannot be drawn for this period: {reason}.</p>")
    zones = report.analysis.config.pain_zones
    return charts.pain_load_chart(weekly, green_max=zones.green_max, amber_max=zones.amber_max)


def load_and_pain(report: AthleteReport) -> Any:
    """Load, its acute:chronic ratio and pain over time, or why load cannot be drawn.

    Examples
    --------
    >>> report = load_athlete_report("004", "", programme="precision_movement_routine")
    >>> type(load_and_pain(report)).__name__
    'VConcatChart'
    """
    from psoaskit.viz import charts

    a = report.analysis
    if a.daily.empty:
        return HTMLBlock("<p>No days to show in this period.</p>")
    if (a.daily["sessions_unknown_load"] == a.daily["sessions"]).all():  # no session's load
        return HTMLBlock(
            "<p>Training load cannot be computed for this period: log a session RPE (0-10, "
            "for the whole session) and the session's duration to get Foster's session-RPE "
            "load, or time the sets and rate their effort.</p>")
    config = a.config
    return charts.load_pmc_chart(
        a.daily, a.weekly, a.sessions, config.acwr_variant, config.acwr_threshold,
        config.pain_zones.green_max, config.pain_zones.amber_max,
    )


def left_right(report: AthleteReport) -> Any:
    """Weekly left/right asymmetry per exercise, or a sentence when nothing was one-sided.

    Examples
    --------
    >>> report = load_athlete_report("004", "", programme="precision_movement_routine")
    >>> type(left_right(report)).__name__
    'LayerChart'
    """
    from psoaskit.viz import charts

    asymmetry = report.analysis.asymmetry.dropna(subset=["asymmetry_pct"])
    if asymmetry.empty:
        return HTMLBlock("<p>No exercise was logged side by side in this period, so there is "
                         "nothing to compare.</p>")
    return charts.asymmetry_chart(_with_names(asymmetry, report),
                                  threshold=report.analysis.config.asymmetry_pct,
                                  weeks=report_weeks(report))


def progression(report: AthleteReport) -> Any:
    """Weekly bests per exercise and the ladder level, or a sentence when there are none.

    Examples
    --------
    >>> report = load_athlete_report("004", "", programme="precision_movement_routine")
    >>> type(progression(report)).__name__
    'FacetChart'
    """
    from psoaskit.viz import charts

    table = report.analysis.progression.dropna(subset=["value"])
    if table.empty:
        return HTMLBlock("<p>No timed holds, work or loads were logged in this period, so there "
                         "is no progression to show (repetition counts are in the weekly dose "
                         "above).</p>")
    return charts.progression_chart(_with_names(table, report), weeks=report_weeks(report))


def stage_progress(report: AthleteReport) -> Any:
    """The athlete's stage on the programme week by week, or a sentence why there is none.

    Examples
    --------
    >>> report = load_athlete_report("002", "")
    >>> type(stage_progress(report)).__name__
    'Chart'
    """
    from psoaskit.viz import charts

    stages = report.stages
    if stages is None or stages.empty:
        why = ("no programme is assigned" if not report.programme_id
               else "no exercise of the programme was logged in this period")
        return HTMLBlock(f"<p>No stage to show: {escape(why)}.</p>")
    first, last = stages.iloc[0], stages.iloc[-1]
    moved = (f"from stage {first['stage']} ({first['stage_label']}) to stage {last['stage']} "
             f"({last['stage_label']}) of {last['stages']}")
    if first["stage"] == last["stage"]:
        moved = f"at stage {last['stage']} ({last['stage_label']}) of {last['stages']} throughout"
    return charts.stage_chart(stages, title=f"Stage on the programme: {moved}",
                              weeks=report_weeks(report))


def adherence(report: AthleteReport) -> Any:
    """The training calendar: one square per day of the period, shaded by sessions, with the
    sessions done against those planned beneath each week.

    Examples
    --------
    >>> report = load_athlete_report("001", "", programme="foundational_to_advanced")
    >>> type(adherence(report)).__name__
    'LayerChart'
    """
    from psoaskit.viz import charts

    if report.analysis.daily.empty:
        return HTMLBlock("<p>No days to show in this period.</p>")
    return charts.adherence_calendar_chart(report.analysis.daily, weeks=report_weeks(report),
                                           weekly=report.analysis.weekly)
