"""The squad's triage index: order, what each cell says, escaping, and nothing external."""

from __future__ import annotations

import re

from psoaskit.reports.html import external_references
from psoaskit.reports.index import render_index


def _row(athlete: str, status: str | None, *, flags=(), history=(), **numbers) -> dict:
    triage = {"status": status, "weeks_recent": 4, "sessions_recent": 6,
              "sessions_planned_recent": 8.0, "weeks_on_target_recent": 2,
              "weeks_judged_recent": 4, "pain_now_nrs": 1.0, "pain_next_morning_now_nrs": 0.0,
              "pain_peak_nrs": 6.0, "last_session": "2025-03-27", "days_since_last": 2,
              "programme": "Psoas march drill"} | numbers
    return {"athlete_id": athlete, "status": "ok", "report": f"{athlete}.html",
            "triage": triage, "flags": list(flags), "history": list(history), "error": None}


def _athletes_in_order(page: str) -> list[str]:
    return re.findall(r'<td data-label="Athlete" data-sort="([^"]*)"', page)


def test_rows_are_most_urgent_first_failed_reports_before_all():
    rows = [
        _row("a", "on_track"),
        _row("b", "progress"),
        {"athlete_id": "c", "status": "failed", "report": None, "flags": [],
         "error": {"type": "ValueError", "message": "bad"}},
        _row("d", "act"),
        _row("e", "review"),
        _row("f", "act"),
    ]
    page = render_index(rows, "Squad")
    assert _athletes_in_order(page) == ["c", "d", "f", "e", "b", "a"]
    assert "Act now: 2</span>" in page and "Report failed: 1</span>" in page
    assert "6 athletes, 5 reports, 1 failed" in page


def test_cells_say_sessions_against_plan_pain_and_last_session():
    page = render_index([_row("a", "review", days_since_last=0)], "Squad")
    assert "Sessions, last 4 complete weeks" in page
    assert "6 of 8 planned" in page and "75 %; 2 of 4 weeks on target" in page
    assert "1 / 6" in page and "next morning 0" in page
    assert '<span class="date">2025-03-27</span> <span class="muted">(today)</span>' in page
    no_plan = render_index([_row("b", "on_track", sessions_planned_recent=None)], "S")
    assert "no planned frequency" in no_plan


def test_current_flags_shown_with_reason_and_history_folded_away():
    current = [{"flag": "pain_high", "label": "Pain in the red zone", "week": "2025-03-24",
                "reason": "pain up to 6/10", "severity": "act"}]
    history = [{"flag": "missed_sessions", "label": "Missed sessions",
                "week": "2025-01-06 to 2025-01-13", "reason": "1 session(s)",
                "severity": "review"}]
    page = render_index([_row("a", "act", flags=current, history=history)], "Squad")
    assert '<li class="act"><strong>Pain in the red zone</strong>' in page
    assert "pain up to 6/10" in page
    folded = page[page.index("<details>"):page.index("</details>")]
    assert "Earlier flags (1)" in folded and "2025-01-06 to 2025-01-13" in folded
    assert "Pain in the red zone" not in folded


def test_index_escapes_everything_and_links_relatively():
    rows = [
        _row("<img src=x onerror=alert(1)>",
             "act", flags=[{"label": "Pain", "reason": "<b>7/10</b>", "severity": "act"}],
             programme="<i>p</i>"),
        {"athlete_id": "z", "status": "failed", "report": None, "flags": [],
         "error": {"type": "ValueError", "message": "<script>x</script>"}},
    ]
    rows[0]["report"] = "img-1.html"
    page = render_index(rows, "Squad <A>", ["log: <l>.csv"])
    for raw in ("<img src=x", "<script>x", "<b>7/10", "<i>p", "<A>", "<l>"):
        assert raw not in page, raw
    assert 'href="img-1.html"' in page and "&lt;b&gt;7/10&lt;/b&gt;" in page
    assert "2 athletes, 1 reports, 1 failed" in page
    assert external_references(page) == []
