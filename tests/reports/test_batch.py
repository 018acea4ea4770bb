"""Batch reports: papermill runs on warm kernels, offline HTML, failure isolation, Dask.

Kernel-backed tests share a few module-scoped batches (each kernel start costs seconds): the
real report notebook over a tiny hand-written log through the CLI, the same again through a
thread pool (any Executor; byte-identical output), a probe notebook that fails in every way a
report can fail, and a Dask LocalCluster.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoaskit.cli import main
from psoaskit.reports import kernel as report_kernel
from psoaskit.reports.batch import ReportOptions, default_notebook, report_stems, run_batch
from psoaskit.reports.html import (
    BUNDLE_PLACEHOLDER,
    external_references,
    notebook_to_html,
)
from psoaskit.reports.page import (
    adherence,
    flags_html,
    header_html,
    headline,
    headline_html,
    left_right,
    load_and_pain,
    load_athlete_report,
    progression,
    report_flags,
    report_summary,
    report_weeks,
    stage_progress,
    triage,
    weekly_dose,
)
from psoaskit.reports.runtime import SUMMARY_MIME, cached_read, report_renderer, reset_report_state

# Two athletes on a programme of 2-3 sessions a week. 007: three weeks, pain climbing to 7/10
# in week 3 (red zone), the left side doing more reps than the right. The second id tries to
# climb out of the output folder and carries HTML; its note tries to run a script.
EVIL_ID = "../../<b>x</b>"
EVIL_NOTE = "<script>document.title='pwned';window.__pwned=1</script>"
HEADER = (
    "athlete_id,date,session_id,exercise_id,side,set_index,reps,hold_s,work_s,load_kg,band,"
    "rpe,pain,notes"
)
ROWS = [
    "007,2024-03-04,a1,standing_slumpy_psoas,L,1,6,8,,,,5,1,",
    "007,2024-03-04,a1,standing_slumpy_psoas,R,1,6,8,,,,5,1,",
    "007,2024-03-06,a2,standing_slumpy_psoas,L,1,6,8,,,,5,1,",
    "007,2024-03-06,a2,standing_slumpy_psoas,R,1,6,8,,,,5,1,",
    "007,2024-03-11,a3,standing_slumpy_psoas,L,1,6,10,,,,6,2,",
    "007,2024-03-11,a3,standing_slumpy_psoas,R,1,4,10,,,,6,2,",
    "007,2024-03-13,a4,standing_slumpy_psoas,L,1,6,10,,,,6,2,felt good",
    "007,2024-03-13,a4,standing_slumpy_psoas,R,1,4,10,,,,6,2,",
    "007,2024-03-18,a5,standing_slumpy_psoas,L,1,6,10,,,,7,7,groin twinge",
    "007,2024-03-18,a5,standing_slumpy_psoas,R,1,4,10,,,,7,7,",
    f'"{EVIL_ID}",2024-03-05,b1,side_lying_hip_ere,L,1,3,12,,,,4,0,"{EVIL_NOTE}"',
    f'"{EVIL_ID}",2024-03-05,b1,side_lying_hip_ere,R,1,3,12,,,,4,0,',
    f'"{EVIL_ID}",2024-03-12,b2,side_lying_hip_ere,L,1,3,12,,,,4,0,',
    f'"{EVIL_ID}",2024-03-12,b2,side_lying_hip_ere,R,1,3,12,,,,4,0,',
]
PROGRAMME = "precision_movement_routine"
SRC_OR_HREF = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(https?:)?//""", re.IGNORECASE)


def _probe_notebook(path: Path) -> Path:
    """A report stand-in that fails in every way a report can, and checks for leaked state."""
    params = nbformat.v4.new_code_cell('athlete_id = "x"\nlog_path = ""')
    params.metadata["tags"] = ["parameters"]
    cells = [
        params,
        nbformat.v4.new_code_cell(
            "import os, time\n"
            "assert 'leak' not in globals(), 'state leaked from the previous report'\n"
            "leak = athlete_id\n"
            "if athlete_id == 'boom':\n"
            "    raise ValueError('bad data for boom')\n"
            "if athlete_id == 'dies':\n"
            "    os._exit(1)\n"
            "if athlete_id == 'slow':\n"
            "    time.sleep(2)"
        ),
        # 2 s per cell stays under a 3 s limit; the two together do not: the limit is per report
        nbformat.v4.new_code_cell("if athlete_id == 'slow':\n    time.sleep(2)"),
        nbformat.v4.new_code_cell(
            "from psoaskit.reports import runtime as report_runtime\n"
            "report_runtime.publish_summary({'flags': [], 'headline': {'id': athlete_id}})\n"
            "from IPython.display import HTML\n"
            "HTML('<p>report for ' + report_runtime.escape(athlete_id) + '</p>')"
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "py"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def tiny_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("log") / "tiny_log.csv"
    path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cli_batch(tiny_log, tmp_path_factory):
    """The real notebook on the tiny log through ``psoaskit report`` (process pool, 2 workers)."""
    out = tmp_path_factory.mktemp("reports")
    code = main([
        "report", str(tiny_log), "--out", str(out), "--athletes", "007", EVIL_ID, "nobody",
        "--programme", PROGRAMME, "--workers", "2", "--keep-notebooks", "--no-progress",
    ])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return code, out, summary


@pytest.fixture(scope="module")
def thread_batch(tiny_log, tmp_path_factory):
    """The same two reports through a thread pool passed in as the executor."""
    out = tmp_path_factory.mktemp("reports_threads")
    options = ReportOptions(log_path=str(tiny_log.resolve()), programme=PROGRAMME)
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = run_batch(["007", EVIL_ID, "nobody"], out, options, executor=pool,
                           known_athletes=["007", EVIL_ID], progress=False)
        # the notebook as a user opens it: its default parameters, on the same warm kernel
        defaults = pool.submit(report_kernel.execute_notebook,
                               nbformat.read(default_notebook(), as_version=4), {}).result()
    yield result, defaults
    report_kernel.shutdown_kernels()


@pytest.fixture(scope="module")
def probe_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe")
    notebook = _probe_notebook(folder / "probe.ipynb")
    out = folder / "out"
    out.mkdir()
    (out / "boom.html").write_text("last week's report", encoding="utf-8")
    ids = ["a", "boom", "b", "slow", "c", "dies", "d"]
    options = ReportOptions(log_path="unused.csv", timeout_s=3.0, keep_notebooks=True)
    result = run_batch(ids, out, options, notebook=notebook, workers=1, progress=False)
    return result, out, notebook


# --- file names --------------------------------------------------------------------------------


def test_plain_ids_keep_their_name():
    assert report_stems(["007", "A-12", "b_3"]) == {"007": "007", "A-12": "A-12", "b_3": "b_3"}


def test_unsafe_ids_get_safe_distinct_names():
    stems = report_stems(["../../x", "a/b", "a_b", "a\x00b", "index", "CON", "Ab", "aB", ""])
    assert stems["a_b"] == "a_b"
    assert stems["../../x"].startswith("x-")
    assert stems["index"].startswith("index-") and stems["CON"].startswith("CON-")
    assert stems["a/b"] != stems["a_b"] and stems["a\x00b"] != stems["a_b"]
    assert stems["Ab"].lower() != stems["aB"].lower()
    assert stems[""].startswith("athlete-")


def test_ids_must_be_strings():
    with pytest.raises(TypeError, match="strings"):
        report_stems([7])  # type: ignore[list-item]


@given(st.lists(st.text(min_size=0, max_size=30), max_size=12))
def test_any_ids_stay_inside_the_folder_and_never_collide(ids):
    stems = report_stems(ids)
    assert set(stems) == set(ids)
    lowered = [s.lower() for s in stems.values()]
    assert len(set(lowered)) == len(lowered)
    folder = Path("/reports").resolve()
    for stem in stems.values():
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,80}", stem)
        assert (folder / f"{stem}.html").resolve().parent == folder


@given(st.text(max_size=40))
def test_ids_reach_the_notebook_as_the_same_string(athlete_id):
    from papermill.parameterize import parameterize_notebook

    cell = nbformat.v4.new_code_cell('athlete_id = "x"')
    cell.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python"}
    nb.metadata["papermill"] = {}
    injected = parameterize_notebook(nb, {"athlete_id": athlete_id}, kernel_name="python3",
                                     language="python").cells[1].source
    namespace: dict[str, object] = {}
    exec(injected, namespace)
    assert namespace["athlete_id"] == athlete_id


# --- html pieces -------------------------------------------------------------------------------


def test_external_references_finds_every_kind():
    page = (
        '<link rel="stylesheet" href="https://cdn.example/a.css">'
        '<img src="//cdn.example/i.png" srcset="data:image/png;base64,AA 1x, http://x/y.png 2x">'
        '<div style="background: url(\'https://x/b.png\')"></div>'
        "<style>@import url(http://x/c.css);</style>"
        '<a href="#flags">in page</a><img src="data:image/png;base64,AA">'
        '<script>var u = "https://vega.github.io/schema/";</script>'
    )
    assert external_references(page) == [
        "https://cdn.example/a.css", "//cdn.example/i.png", "http://x/y.png", "https://x/b.png",
        "http://x/c.css",
    ]


def test_renderer_escapes_the_spec_and_numbers_charts_per_report():
    reset_report_state()
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "title": "</script><script>alert(1)</script>", "mark": "bar"}
    first = report_renderer(spec)["text/html"]
    second = report_renderer(spec)["text/html"]
    assert 'id="psk-chart-1"' in first and 'id="psk-chart-2"' in second
    assert "<script>alert" not in first and "\\u003c/script\\u003e" in first
    assert "https://" not in first  # $schema dropped: the page names no URL
    reset_report_state()
    assert report_renderer(spec)["text/html"] == first


def test_export_hides_code_summary_and_warnings():
    code = nbformat.v4.new_code_cell("secret_code = 1")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: noisy"),
        nbformat.v4.new_output("display_data", data={SUMMARY_MIME: {"flags": []}}),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>shown</p>"}),
    ]
    hidden = nbformat.v4.new_markdown_cell("how to run me")
    hidden.metadata["tags"] = ["hide-in-report"]
    nb = nbformat.v4.new_notebook(cells=[hidden, code])
    page = notebook_to_html(nb, "T")
    assert "<p>shown</p>" in page
    for absent in ("secret_code", "noisy", "how to run me", SUMMARY_MIME):
        assert absent not in page
    assert page.count(BUNDLE_PLACEHOLDER) == 1
    assert external_references(page) == []


# --- the report's content (in process, no kernel) --------------------------------------------


def test_headline_of_a_hand_checked_athlete(tiny_log):
    report = load_athlete_report("007", str(tiny_log), programme=PROGRAMME)
    numbers = headline(report)
    assert (numbers["sessions"], numbers["weeks"]) == (5, 3)
    # weeks of 4 and 11 March: 2 sessions each, target 2-3; the week of 18 March is in progress
    assert (numbers["weeks_on_target"], numbers["weeks_assessed"]) == (2, 2)
    assert (numbers["pain_max_nrs"], numbers["pain_zone_latest"]) == (7.0, "red")
    # week of 11 March: left 2 x 6 x 10 s = 120 s, right 2 x 4 x 10 s = 80 s: 100 x (80-120)/120
    assert numbers["asymmetry_max_pct"] == pytest.approx(-100 / 3)
    assert numbers["asymmetry_exercise"] == "Standing Slumpy Psoas"
    assert {f["flag"] for f in report_flags(report)} == {"pain_high", "pain_rising", "asymmetry"}
    assert "Highest pain 7/10; latest week red zone" in headline_html(report)


def test_triage_of_a_hand_checked_athlete(tiny_log):
    report = load_athlete_report("007", str(tiny_log), programme=PROGRAMME)
    # complete weeks of 4 and 11 March, 2 sessions each against the routine's 2 a week; pain
    # 7/10 in the week of 18 March (in progress) is red: act now
    assert triage(report) == {
        "status": "act", "status_label": "Act now",
        "programme": report.programme_name, "weeks_recent": 2, "sessions_recent": 4,
        "sessions_planned_recent": 4.0, "weeks_on_target_recent": 2, "weeks_judged_recent": 2,
        "pain_now_nrs": 7.0, "pain_next_morning_now_nrs": None, "pain_peak_nrs": 7.0,
        "last_session": "2024-03-18", "days_since_last": 0,
    }
    summary = report_summary(report)
    assert {f["flag"]: f["severity"] for f in summary["flags"]} == {
        "pain_high": "act", "pain_rising": "act", "asymmetry": "review"}


def test_stage_progress_shows_the_climb_or_says_why_not(tiny_log):
    # sample athlete 002 climbs the foundational-to-advanced ladder from stage 1 to stage 5
    report = load_athlete_report("002", "")
    assert report.stages["stage"].iloc[[0, -1]].tolist() == [1, 5]
    assert report.stages["stage"].is_monotonic_increasing
    spec = stage_progress(report).to_dict()
    assert spec["title"]["text"].startswith("Stage on the programme: from stage 1")
    no_programme = stage_progress(load_athlete_report("007", str(tiny_log)))
    assert "no programme is assigned" in no_programme


def test_flags_read_as_runs_current_first_then_history():
    # sample athlete 002: pain 6/10 in the week of 20 January (4/10 the next morning), then, at
    # the top of the ladder, no new best in March; the analysis day is 29 March 2025
    report = load_athlete_report("002", "")
    assert [(f["flag"], f["week"], f["current"]) for f in report_flags(report)] == [
        ("no_progression", "2025-03-03 to 2025-03-17", True),
        ("pain_high", "2025-01-20", False),
        ("pain_rising", "2025-01-20", False),
        ("pain_next_day", "2025-01-20", False),
        ("missed_sessions", "2025-01-06 to 2025-01-13", False),
    ]
    html = flags_html(report)
    assert html.index("Current (the last 4 weeks)") < html.index("Earlier in the period (history)")
    assert html.count("Ready to progress, programme stalled") == 1


def test_load_and_pain_chart_or_how_to_get_load(tiny_log, tmp_path):
    report = load_athlete_report("007", str(tiny_log), programme=PROGRAMME)
    assert type(load_and_pain(report)).__name__ == "VConcatChart"
    reps_only = tmp_path / "reps_only.csv"
    reps_only.write_text("athlete_id,date,exercise_id,side,reps\n"
                         "r1,2024-03-04,standing_slumpy_psoas,L,8\n", encoding="utf-8")
    text = load_and_pain(load_athlete_report("r1", str(reps_only)))
    assert "log a session RPE" in text and "duration" in text


def test_the_period_narrows_every_table(tiny_log):
    report = load_athlete_report("007", str(tiny_log), programme=PROGRAMME,
                                 period_start="2024-03-11", period_end="2024-03-13")
    numbers = headline(report)
    assert (numbers["sessions"], numbers["weeks"], numbers["pain_max_nrs"]) == (2, 1, 2.0)
    assert [(f["flag"], f["week"]) for f in report_flags(report)] == [("asymmetry", "2024-03-11")]
    reason = report_flags(report)[0]["reason"]  # exercises by name, as everywhere in the report
    assert reason.startswith("Standing Slumpy Psoas:") and "standing_slumpy_psoas" not in reason
    assert report.notes["note"].tolist() == ["felt good"]
    assert "2024-03-11 to 2024-03-13" in header_html(report)


def _x_domain(chart) -> list[str]:
    """The week axis of a report chart (layer, facet or vconcat), found by its encoding."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            x = node.get("encoding", {}).get("x", {})
            if x.get("field") == "week":
                found.append(x["scale"]["domain"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(chart.to_dict())
    assert found, "no week axis"
    assert all(domain == found[0] for domain in found)
    return found[0]


def test_report_charts_share_the_weeks_of_the_period(tiny_log):
    report = load_athlete_report("007", str(tiny_log), programme=PROGRAMME)
    weeks = ["2024-03-04", "2024-03-11", "2024-03-18"]
    assert [w.strftime("%Y-%m-%d") for w in report_weeks(report)] == weeks
    for build in (weekly_dose, progression, left_right, adherence):
        assert _x_domain(build(report)) == weeks, build.__name__
    # held reps were logged: the dose is time under tension
    assert weekly_dose(report).to_dict()["vconcat"][1]["encoding"]["y"]["title"] == (
        "Time under tension [min/week]")
    narrowed = load_athlete_report("007", str(tiny_log), programme=PROGRAMME,
                                   period_start="2024-03-11", period_end="2024-03-13")
    assert [w.strftime("%Y-%m-%d") for w in report_weeks(narrowed)] == ["2024-03-11"]
    assert _x_domain(progression(narrowed)) == ["2024-03-11"]


def test_unknown_athlete_is_a_clear_error(tiny_log):
    with pytest.raises(KeyError, match="nobody"):
        load_athlete_report("nobody", str(tiny_log), programme=PROGRAMME)


def test_cached_read_rereads_a_changed_file(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("a\n", encoding="utf-8")
    calls = []

    def reader(p):
        calls.append(p)
        return p.read_text(encoding="utf-8")

    assert cached_read(path, reader) == cached_read(path, reader) == "a\n"
    path.write_text("a\nb\n", encoding="utf-8")  # new size (and mtime): read again
    assert cached_read(path, reader) == "a\nb\n"
    assert len(calls) == 2


def test_report_notebook_is_thin_and_clean():
    nb = nbformat.read(default_notebook(), as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "about a second" in nb.cells[0].source
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = {line.split(":")[0] for line in tagged[0].source.splitlines() if line.strip()}
    assert names == set(ReportOptions(log_path="x").parameters("a")) | {"chart_renderer"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "def " not in cell.source and "sys.path" not in cell.source
            assert len(cell.source.splitlines()) <= 12


# --- the real report notebook through the CLI -----------------------------------------------


def test_cli_writes_one_page_per_athlete_and_reports_the_unknown_one(cli_batch):
    code, out, summary = cli_batch
    assert code == 1  # "nobody" is not in the log
    status = {r["athlete_id"]: r["status"] for r in summary["reports"]}
    assert status == {"007": "ok", EVIL_ID: "ok", "nobody": "failed"}
    pages = sorted(p.name for p in out.glob("*.html"))
    evil_page = summary["reports"][1]["report"]
    assert pages == sorted(["007.html", evil_page, "index.html"])
    assert re.fullmatch(r"b_x_b-[0-9a-f]{8}\.html", evil_page)
    assert not any(p.name.endswith(".tmp") for p in out.rglob("*"))


def test_pages_are_self_contained(cli_batch):
    _, out, _ = cli_batch
    for page_path in out.glob("*.html"):
        page = page_path.read_text(encoding="utf-8")
        assert not SRC_OR_HREF.search(page), page_path.name
        assert external_references(page) == [], page_path.name
        assert "<script src" not in page.lower()
        if page_path.name != "index.html":
            assert page.count("window.vegaEmbed=") == 1  # the bundle, inlined once
            assert BUNDLE_PLACEHOLDER not in page


def test_pages_show_results_not_code(cli_batch):
    _, out, _ = cli_batch
    page = (out / "007.html").read_text(encoding="utf-8")
    for code in ("load_athlete_report", "publish_summary", "import ", "athlete_id ="):
        assert code not in page
    assert "At a glance" in page and "Pain in the red zone" in page
    assert "7/10" in page
    assert page.count('class="psk-chart"') >= 4


def test_names_and_notes_are_escaped(cli_batch):
    _, out, summary = cli_batch
    evil = (out / summary["reports"][1]["report"]).read_text(encoding="utf-8")
    assert EVIL_NOTE not in evil and "<b>x</b>" not in evil
    assert "&lt;script&gt;document.title=" in evil
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<b>x</b>" not in index and "&lt;b&gt;x&lt;/b&gt;" in index


def test_summary_and_index_carry_flags_and_errors(cli_batch):
    _, out, summary = cli_batch
    by_id = {r["athlete_id"]: r for r in summary["reports"]}
    assert {f["flag"] for f in by_id["007"]["flags"]} >= {"pain_high"}
    assert by_id["007"]["headline"]["pain_max_nrs"] == 7.0
    assert by_id["007"]["headline"]["sessions"] == 5
    assert by_id["nobody"]["error"]["type"] == "UnknownAthlete"
    assert (summary["athletes"], summary["ok"], summary["failed"]) == (3, 2, 1)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="007.html"' in index and "Pain in the red zone" in index
    assert "UnknownAthlete" in index


def test_kept_notebooks_hold_the_string_id(cli_batch):
    _, out, _ = cli_batch
    nb = nbformat.read(out / "notebooks" / "007.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'athlete_id = "007"' in injected[0].source


def test_any_executor_gives_the_same_bytes(cli_batch, thread_batch):
    _, out, _ = cli_batch
    result, _ = thread_batch
    assert result.failed == ["nobody"]
    for name in ["007.html", result.rows[1]["report"], "index.html", "summary.json"]:
        assert (result.out_dir / name).read_bytes() == (out / name).read_bytes(), name


def test_notebook_runs_with_its_defaults_on_the_sample_squad(thread_batch):
    _, (nb, error) = thread_batch
    assert error is None
    summaries = [o.data[SUMMARY_MIME] for c in nb.cells if c.cell_type == "code"
                 for o in c.outputs if SUMMARY_MIME in o.get("data", {})]
    assert summaries[0]["headline"]["sessions"] > 0
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error" or o.get("name") == "stderr"]


# --- failure isolation -------------------------------------------------------------------------


def test_failures_are_recorded_and_the_batch_goes_on(probe_batch):
    result, out, _ = probe_batch
    status = {r["athlete_id"]: r["status"] for r in result.rows}
    assert status == {"a": "ok", "boom": "failed", "b": "ok", "slow": "failed", "c": "ok",
                      "dies": "failed", "d": "ok"}
    errors = {r["athlete_id"]: r["error"] for r in result.rows if r["error"]}
    assert errors["boom"]["type"] == "ValueError"
    assert errors["boom"]["message"] == "bad data for boom"
    assert errors["slow"]["type"] == "CellTimeoutError"
    assert errors["dies"]["type"] == "DeadKernelError"
    assert sorted(p.name for p in out.glob("*.html")) == [
        "a.html", "b.html", "c.html", "d.html", "index.html"]  # stale boom.html removed
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["failed"] == 3
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "bad data for boom" in index and "DeadKernelError" in index


def test_each_report_starts_from_a_clean_namespace(probe_batch):
    result, out, _ = probe_batch
    # one worker ran all seven on one kernel (restarted after "slow" and "dies"); the probe
    # asserts that no name of the previous report is left
    assert "report for d" in (out / "d.html").read_text(encoding="utf-8")
    assert [r["headline"].get("id") for r in result.rows if r["status"] == "ok"] == list("abcd")


def test_failed_notebooks_are_kept_for_debugging(probe_batch):
    _, out, _ = probe_batch
    nb = nbformat.read(out / "notebooks" / "boom.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors and errors[0].ename == "ValueError"


def test_cli_usage_errors_exit_2(tiny_log, tmp_path, capsys):
    out = str(tmp_path / "o")
    assert main(["report", str(tmp_path / "missing.csv"), "--out", out]) == 2
    assert main(["report", str(tiny_log), "--out", out, "--programme", "nope"]) == 2
    assert main(["report", str(tiny_log), "--out", out, "--start", "2024-03-10",
                 "--end", "2024-03-01"]) == 2
    (tmp_path / "file").write_text("x")
    assert main(["report", str(tiny_log), "--out", str(tmp_path / "file")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["report", str(tiny_log), "--out", out, "--start", "10/03/2024"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["report", str(tiny_log), "--out", out, "--workers", "0"])
    assert not os.path.exists(out)


# --- Dask --------------------------------------------------------------------------------------


def test_batch_runs_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    from psoaskit.reports.batch import dask_executor

    notebook = _probe_notebook(tmp_path / "probe.ipynb")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        try:
            with dask_executor(cluster.scheduler_address) as executor:
                result = run_batch(["a", "boom"], tmp_path / "out", ReportOptions(log_path="x"),
                                   notebook=notebook, executor=executor, progress=False)
        finally:
            report_kernel.shutdown_kernels()
    assert [r["status"] for r in result.rows] == ["ok", "failed"]
    assert (tmp_path / "out" / "a.html").is_file()


def test_plain_report_without_programme_writes_every_page(tmp_path):
    """The README's main job exactly as written: no programme, no assignments."""
    from psoaskit._data import data_path

    out = tmp_path / "plain"
    assert main(["report", str(data_path("example_log.csv")), "--out", str(out),
                 "--no-progress"]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in summary["reports"]] == ["ok", "ok"]
    page = (out / "007.html").read_text(encoding="utf-8")
    assert "no programme assigned (adherence is not assessed)" in page
