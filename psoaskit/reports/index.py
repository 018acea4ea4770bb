"""The batch's ``index.html``: a triage table of the squad, most urgent athlete first.

One row per athlete: triage status (from the severity of the current flags,
:data:`psoaskit.analysis.status.FLAG_SEVERITY`), programme, sessions against the plan over the
last complete weeks, pain now and at its peak, the last session, the current flags with their
reasons and, folded away, the flags that ended before the recent weeks. Columns sort on a click
(a few lines of inline JavaScript; nothing is loaded from anywhere), and on a narrow screen each
row becomes a card, so nothing is cut off on a phone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from psoaskit.analysis.status import TRIAGE_LABELS
from psoaskit.logs.schema import ATHLETE_ID

__all__ = ["TRIAGE_ORDER", "render_index", "triage_order"]

#: Order of the rows: failed reports first (nothing else shows those athletes), then triage.
TRIAGE_ORDER = ("failed", *TRIAGE_LABELS)

_LEGEND = {
    "failed": "the report could not be built: the error is shown",
    "act": "pain flags: lower the dose before the next session (pain-monitoring model)",
    "review": "missed sessions, a sharp load rise, a left/right difference or no recent "
              "sessions: look at it this week",
    "progress": "on target with pain green but no new best for weeks: ready for the next step",
    "on_track": "no current flag",
}

_CSS = """
:root { --act: #a61b1b; --act-bg: #fde8e8; --review: #7a4d00; --review-bg: #fff1cc;
        --progress: #1f5fa8; --progress-bg: #e6f0fb; --on_track: #1d6b35; --on_track-bg: #e3f4e8;
        --failed: #ffffff; --failed-bg: #5c2323; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 80rem; padding: 0 1rem; color: #1f2933; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid #d9dee3;
         vertical-align: top; }
th { background: #f3f5f7; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
            cursor: pointer; color: inherit; }
a.pdf { font-size: 0.8rem; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.date { white-space: nowrap; }
.badge { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 0.8rem;
         font-weight: 600; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; padding: 0; list-style: none; }
.legend li { max-width: 36rem; }
ul.flags { margin: 0; padding-left: 0; list-style: none; }
ul.flags li { margin-bottom: 0.35rem; padding-left: 0.6rem; border-left: 0.25rem solid #d9dee3; }
.reason { font-size: 0.88rem; color: #3e4c59; }
details { margin-top: 0.3rem; font-size: 0.88rem; }
.error { font-family: ui-monospace, monospace; font-size: 0.85rem; white-space: pre-wrap;
         overflow-wrap: anywhere; }
.muted { color: #52606d; }
@media (max-width: 48rem) {
  body { margin: 1rem auto; }
  table, tbody, tr, td { display: block; width: 100%; box-sizing: border-box; }
  thead { display: none; }
  tr { border: 1px solid #d9dee3; border-radius: 0.4rem; margin-bottom: 0.8rem; }
  td { border: 0; padding: 0.3rem 0.6rem; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
@media print { th button::after { content: none; } details { display: block; } }
"""
_CSS += "".join(
    f".badge.{key} {{ color: var(--{key}); background: var(--{key}-bg); }}"
    f" ul.flags li.{key} {{ border-left-color: var(--{key}); }}\n"
    for key in TRIAGE_ORDER
)

# Sorts the table on a header click: by each cell's data-sort (numbers numerically, missing
# values last), toggling the direction; the first click on Status restores severity order.
_SORT_JS = """
document.querySelectorAll("table.triage th button").forEach(function (button) {
  button.addEventListener("click", function () {
    var th = button.parentElement, table = th.closest("table");
    var column = Array.prototype.indexOf.call(th.parentElement.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    function key(row) { return row.cells[column].getAttribute("data-sort"); }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var nx = Number(x), ny = Number(y);
      var order = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y) : nx - ny;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""

_COLUMNS = ("Athlete", "Status", "Programme", "Sessions", "Pain now / peak", "Last session",
            "Current flags")


def _text(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _number(value: Any, digits: int = 0) -> str:
    return "" if value is None else f"{float(value):.{digits}f}"


def _flag_list(flags: Sequence[Mapping[str, Any]]) -> str:
    items = []
    for flag in flags:
        severity = _text(flag.get("severity") or "review")
        label = _text(flag.get("label") or flag.get("flag"))
        week = f' <span class="date">({_text(flag["week"])})</span>' if flag.get("week") else ""
        reason = flag.get("reason")
        detail = f'<br><span class="reason">{_text(reason)}</span>' if reason else ""
        items.append(f'<li class="{severity}"><strong>{label}</strong>{week}{detail}</li>')
    return f'<ul class="flags">{"".join(items)}</ul>' if items else ""


def _sessions_cell(triage: Mapping[str, Any], weeks_in_header: int | None) -> tuple[str, str]:
    done, planned = triage.get("sessions_recent"), triage.get("sessions_planned_recent")
    if done is None:
        return "", ""
    weeks = triage.get("weeks_recent") or 0
    span = "" if weeks == weeks_in_header else f" in {weeks} week{'s' * (weeks != 1)}"
    if not planned:
        return f'{done}{span}<br><span class="muted">no planned frequency</span>', ""
    share = 100 * done / planned
    text = (f"{done} of {_number(planned)} planned{span}<br><span class=\"muted\">{share:.0f} %; "
            f"{triage.get('weeks_on_target_recent')} of {triage.get('weeks_judged_recent')} "
            "weeks on target</span>")
    return text, f"{share:.3f}"


def _row_html(row: Mapping[str, Any], weeks_in_header: int | None) -> str:
    athlete = _text(row[ATHLETE_ID])
    link = (f'<a href="{html.escape(quote(str(row["report"])))}">{athlete}</a>'
            if row.get("report") else athlete)
    if row.get("pdf"):
        link += f' <a class="pdf" href="{html.escape(quote(str(row["pdf"])))}">PDF</a>'
    failed = row.get("status") != "ok"
    triage = {} if failed else dict(row.get("triage") or {})
    state = _state(row)
    label = "Report failed" if failed else TRIAGE_LABELS.get(state, state)
    cells = [
        (f'data-sort="{athlete}"', link),
        (f'data-sort="{_rank(state)}"', f'<span class="badge {state}">{_text(label)}</span>'),
    ]
    if failed:
        error = row.get("error") or {}
        message = f"{error.get('type', 'Error')}: {error.get('message', '')}"
        cells += [('data-sort=""', "")] * 4
        cells.append(('data-sort=""', f'<div class="error">{html.escape(message)}</div>'))
    else:
        sessions, share = _sessions_cell(triage, weeks_in_header)
        now, peak = triage.get("pain_now_nrs"), triage.get("pain_peak_nrs")
        morning = triage.get("pain_next_morning_now_nrs")
        pain = ""
        if now is not None:
            pain = f"{_number(now)} / {_number(peak)}"
            if morning is not None:
                pain += f' <span class="muted">(next morning {_number(morning)})</span>'
        days = triage.get("days_since_last")
        last = _text(triage.get("last_session"))
        if days is not None and last:
            ago = "today" if days == 0 else f'{days} day{"s" * (days != 1)} ago'
            last = f'<span class="date">{last}</span> <span class="muted">({ago})</span>'

        current = _flag_list(row.get("flags") or []) or '<span class="muted">none</span>'
        history = row.get("history") or []
        if history:
            current += (f"<details><summary>Earlier flags ({len(history)})</summary>"
                        f"{_flag_list(history)}</details>")
        cells += [
            (f'data-sort="{_text(triage.get("programme"))}"',
             _text(triage.get("programme") or "no programme")),
            (f'data-sort="{share}"', sessions),
            (f'data-sort="{_number(now, 3) if now is not None else ""}"', pain),
            (f'data-sort="{_text(triage.get("last_session"))}"', last),
            (f'data-sort="{len(row.get("flags") or [])}"', current),
        ]
    tds = "".join(
        f'<td data-label="{name}" {attributes}>{content}</td>'
        for name, (attributes, content) in zip(_COLUMNS, cells, strict=True)
    )
    return f"<tr>{tds}</tr>"


def _rank(state: str) -> int:
    return TRIAGE_ORDER.index(state) if state in TRIAGE_ORDER else len(TRIAGE_ORDER)


def _state(row: Mapping[str, Any]) -> str:
    if row.get("status") != "ok":
        return "failed"
    return (row.get("triage") or {}).get("status", "on_track")


def triage_order(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows most urgent first (:data:`TRIAGE_ORDER`), then by athlete id.

    Examples
    --------
    >>> rows = [{"athlete_id": "b", "status": "ok", "triage": {"status": "on_track"}},
    ...         {"athlete_id": "a", "status": "ok", "triage": {"status": "act"}},
    ...         {"athlete_id": "c", "status": "failed"}]
    >>> [row["athlete_id"] for row in triage_order(rows)]
    ['c', 'a', 'b']
    """

    return sorted(rows, key=lambda row: (_rank(_state(row)), str(row[ATHLETE_ID])))


def render_index(
    rows: Sequence[Mapping[str, Any]], title: str, notes: Sequence[str] = (),
    squad_pdf: str | None = None,
) -> str:
    """The batch's ``index.html``: the squad as a triage table, most urgent first.

    Parameters
    ----------
    rows : sequence of mapping
        Per athlete: ``athlete_id``, ``status`` (``"ok"`` or ``"failed"``), ``report`` (file
        name relative to the index, or None), ``triage`` (:func:`psoaskit.reports.page.triage`),
        ``flags`` and ``history`` (current and earlier flags: mappings with ``label``, ``week``,
        ``reason`` and ``severity``) and ``error`` (mapping with ``type`` and ``message``, or
        None).
    title : str
        Heading of the page.
    notes : sequence of str
        Lines shown under the heading (period, log file).
    squad_pdf : str, optional
        Relative path of the squad's PDF, linked under the heading. A row's ``pdf`` (its
        athlete's PDF) is linked beside the athlete.

    Returns
    -------
    str
        A complete HTML page; every value is escaped, links are relative, nothing is loaded.

    Examples
    --------
    >>> page = render_index(
    ...     [{"athlete_id": "<b>7</b>", "status": "ok", "report": "b_7_b-1.html",
    ...       "triage": {"status": "act"},
    ...       "flags": [{"label": "Pain", "reason": "pain 6/10 on 2024-05-02"}], "error": None}],
    ...     "Squad")
    >>> "&lt;b&gt;7&lt;/b&gt;" in page and 'href="b_7_b-1.html"' in page and "Act now" in page
    True
    """

    ordered = triage_order(rows)
    counts = dict.fromkeys(TRIAGE_ORDER, 0)
    for row in ordered:
        state = _state(row)
        counts[state] = counts.get(state, 0) + 1
    n_failed = counts["failed"]
    legend = "".join(
        f'<li><span class="badge {state}">'
        f'{"Report failed" if state == "failed" else TRIAGE_LABELS[state]}: {counts[state]}'
        f"</span> {html.escape(_LEGEND[state])}</li>"
        for state in TRIAGE_ORDER
        if state != "failed" or counts[state]
    )
    spans = {(row.get("triage") or {}).get("weeks_recent") for row in rows
             if row.get("status") == "ok"}
    weeks_in_header = spans.pop() if len(spans) == 1 else None
    names = dict(zip(_COLUMNS, _COLUMNS, strict=True))
    if weeks_in_header:
        names["Sessions"] = (f"Sessions, last {weeks_in_header} complete "
                             f"week{'s' * (weeks_in_header != 1)}")
    sorted_by = ' aria-sort="ascending"'
    header = "".join(
        f'<th scope="col"{sorted_by if name == "Status" else ""}>'
        f'<button type="button">{names[name]}</button></th>'
        for name in _COLUMNS
    )
    note_html = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
    pdf_link = (f' <a href="{html.escape(quote(squad_pdf))}">The whole squad as one PDF</a>.'
                if squad_pdf else "")
    summary = f"{len(rows)} athletes, {len(rows) - n_failed} reports, {n_failed} failed"
    body = "\n".join(_row_html(row, weeks_in_header) for row in ordered)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n{note_html}<p>{summary}. Most urgent first; "
        f"click a column heading to sort by it.{pdf_link}</p>\n"
        f'<ul class="legend">{legend}</ul>\n'
        f'<table class="triage">\n<thead><tr>{header}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>\n<script>{_SORT_JS}</script>\n</body>\n</html>\n"
    )
