"""The learning notebooks, run in JupyterLab in a real (headless) browser with no network.

Headless execution (tests/test_notebooks.py) proves the code runs; this proves what a learner sees:
JupyterLab opens each notebook, "Run All Cells" finishes without an error output, every chart is
drawn (an svg or canvas, no CDN), and the lever-arm explorer's "Hip angle" slider changes the
moment it shows and its chart. One JupyterLab server and one Chromium serve the whole module.
A screenshot of each notebook goes to ``screenshots/`` (git-ignored) for a person to look at.

Needs Debian's chromium at /usr/bin/chromium (``make chromium``); Playwright's own browser
downloads are never used. Without chromium the tests are skipped, unless PSOASKIT_REQUIRE_E2E=1
(set by ``make test``), which turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lab_server import LabServer, running_lab

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by _require_browser()
    PlaywrightTimeout = TimeoutError
    sync_playwright = None

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO / "notebooks"
SCREENSHOT_DIR = REPO / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
    # Belt and braces under the request routing below: no host name but localhost resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
EXPECTED_PREFIXES = ("01", "02", "03", "04", "05")
# Notebooks with an explorer driven by a "Hip angle" slider: 02 (lever arms), 03 (range).
EXPLORER_NOTEBOOK_PREFIXES = ("02", "03")
SLIDER_DESCRIPTION = "Hip angle"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_NOT_LOCAL = re.compile(r"^(?!wss?://(127\.0\.0\.1|localhost)[:/])")

RUN_TIMEOUT_MS = 150_000  # one notebook, kernel start included
UI_TIMEOUT_MS = 30_000

LEARNING_NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
# A notebook whose code calls a chart builder (psoaskit.viz.charts' ``*_chart``), an explorer, or
# altair must show at least one drawn chart.
_CHART_CODE = re.compile(r"\b\w*(_chart|explorer)\w*\(|\balt\.")


def _makes_charts(notebook: Path) -> bool:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return any(_CHART_CODE.search("".join(cell["source"]))
               for cell in cells if cell["cell_type"] == "code")


def _require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (run `make chromium`)")
    if sync_playwright is None:
        missing.append("the playwright package (pip install -e '.[dev]')")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("PSOASKIT_REQUIRE_E2E") == "1":
            pytest.fail(message)
        pytest.skip(message)


# --- what the page shows, read in the browser ------------------------------------------------

# Every cell prompt: "[3]:" once run, "[*]:" while queued/running, "[ ]:" never run.
_PROMPTS_JS = """() => Array.from(
    document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'),
    el => el.textContent.trim())"""

_KERNEL_STATUS_JS = """() => {
    const el = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    return el ? el.getAttribute('data-status') : null;
}"""

# Problems a learner would see in the outputs: error/stderr output, tracebacks, widgets that
# failed to render.
_PROBLEMS_JS = """() => {
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const problems = [];
    for (const el of nb.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
        problems.push('stderr/error output: ' + el.innerText.slice(0, 1500));
    }
    for (const el of nb.querySelectorAll('.jp-RenderedText')) {
        const text = el.innerText;
        if (/Traceback/.test(text) && !el.closest(
                '[data-mime-type="application/vnd.jupyter.stderr"]')) {
            problems.push('traceback in output: ' + text.slice(0, 1500));
        }
    }
    for (const el of nb.querySelectorAll('.jp-OutputArea-output')) {
        const text = el.innerText;
        if (/Error displaying widget|Loading widget\\.\\.\\./.test(text)) {
            problems.push('widget not rendered: ' + text.slice(0, 300));
        }
    }
    return problems;
}"""

# Widget text a learner needs but cannot read in full: labels, read-outs and toggle buttons whose
# text overflows their box (cut or ellipsised), and dropdowns too narrow for the chosen option.
_CLIPPED_JS = """() => {
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const clipped = [];
    for (const el of nb.querySelectorAll(
            '.widget-label, .widget-readout, .widget-toggle-button, .widget-label-basic')) {
        if (el.offsetParent && el.scrollWidth > el.clientWidth + 1) {
            clipped.push(el.className.split(' ')[0] + ': ' + el.textContent.trim().slice(0, 80));
        }
    }
    const ctx = document.createElement('canvas').getContext('2d');
    for (const select of nb.querySelectorAll('.widget-dropdown select')) {
        if (!select.offsetParent) continue;
        const style = getComputedStyle(select);
        ctx.font = style.font;
        const text = (select.options[select.selectedIndex] || {}).text || '';
        const room = select.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight) - 12;  // the arrow
        if (ctx.measureText(text).width > room) clipped.push('dropdown: ' + text.slice(0, 80));
    }
    return clipped;
}"""

# Every chart in the notebook and whether it is drawn. A chart is a vega-embed container (the
# JupyterLab vega renderer, altair's html/jupyter renderers), an altair html div that never became
# one (CDN blocked), a vega/vega-lite output without a drawing, a static svg/png image output
# (altair's vl-convert renderers), or an altair object that fell back to its text repr.
_CHARTS_JS = """(root) => {
    root = root || document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const drawn = (el) => {
        for (const c of el.querySelectorAll('svg.marks, canvas.marks, canvas')) {
            const box = c.getBoundingClientRect();
            if (box.width > 0 && box.height > 0) return true;
        }
        return false;
    };
    const signature = (el) => {
        const canvas = el.querySelector('canvas');
        if (canvas) return canvas.toDataURL();
        const svg = el.querySelector('svg');
        if (svg) return svg.outerHTML;
        const img = el.querySelector('img');
        return img ? img.src : el.innerHTML;
    };
    const charts = [];
    const seen = new Set();
    for (const el of root.querySelectorAll('.vega-embed, div[id^="altair-viz-"]')) {
        if (seen.has(el) || el.parentElement.closest('.vega-embed')) continue;
        seen.add(el);
        charts.push({kind: el.classList.contains('vega-embed') ? 'vega-embed' : 'altair-html',
                     drawn: drawn(el), signature: signature(el)});
    }
    for (const el of root.querySelectorAll('.jp-OutputArea-output[data-mime-type*="vnd.vega"]')) {
        if (!el.querySelector('.vega-embed')) {
            charts.push({kind: el.getAttribute('data-mime-type'), drawn: drawn(el),
                         signature: signature(el)});
        }
    }
    for (const el of root.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="image/svg+xml"], '
            + '.jp-OutputArea-output[data-mime-type="image/png"]')) {
        const img = el.querySelector('img');
        const svg = el.querySelector('svg');
        const ok = (img && img.complete && img.naturalWidth > 0)
            || (svg && svg.getBoundingClientRect().width > 0);
        charts.push({kind: el.getAttribute('data-mime-type'), drawn: Boolean(ok),
                     signature: signature(el)});
    }
    for (const el of root.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="text/plain"]')) {
        if (/<VegaLite \\d+ object>|^alt\\.[A-Za-z]*Chart\\(/m.test(el.innerText)) {
            charts.push({kind: 'text fallback', drawn: false, signature: el.innerText});
        }
    }
    return charts;
}"""


@dataclass
class NotebookRun:
    """What one notebook looked like after Run All Cells."""

    name: str
    prompts: list[str]
    problems: list[str]
    charts: list[dict] = field(repr=False)
    clipped: list[str]
    blocked: list[str]
    seconds: float
    page: object = field(repr=False)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """One JupyterLab server for the module, serving a temporary copy of notebooks/."""
    _require_browser()
    root = tmp_path_factory.mktemp("lab-root") / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with running_lab(root, tmp_path_factory.mktemp("lab-state")) as server:
        yield server


@dataclass
class Browser:
    """The module's Chromium context, plus every request it refused to send off the machine."""

    context: object
    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(lab: LabServer) -> Iterator[Browser]:
    """Headless Debian chromium through Playwright, with every non-localhost request aborted."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(UI_TIMEOUT_MS)
        state = Browser(context)

        def offline(route) -> None:
            if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                state.blocked.append(route.request.url)
                route.abort("internetdisconnected")

        def offline_socket(socket) -> None:
            state.blocked.append(socket.url)
            socket.close()

        context.route("**/*", offline)
        context.route_web_socket(_NOT_LOCAL, offline_socket)
        try:
            yield state
        finally:
            context.close()
            chromium.close()


@pytest.fixture(scope="module")
def runs() -> dict[str, NotebookRun]:
    """Notebook runs of this module, by file name, so the slider test can reuse an open page."""
    return {}


# --- driving JupyterLab ----------------------------------------------------------------------


def open_and_run(lab: LabServer, browser: Browser, name: str) -> NotebookRun:
    """Open ``name`` in JupyterLab, click Run > Run All Cells and wait until every cell ran."""
    page = browser.context.new_page()
    page.on("pageerror", lambda error: browser.page_errors.append(f"{name}: {error}"))
    started = time.monotonic()
    n_blocked_before = len(browser.blocked)
    page.goto(lab.url(f"lab/tree/{name}?reset"))
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
    # Run only once the kernel is up: an early Run All makes JupyterLab ask for a kernel instead.
    _wait(page, name, "the kernel", lambda: (
        _kernel_started(lab, name) and page.evaluate(_KERNEL_STATUS_JS) == "idle"))

    _click_run_all_cells(page, name)
    # Done when the kernel is idle, nothing is queued, and every cell ran or an error stopped the
    # run (JupyterLab then leaves the cells after the failing one unrun).
    _wait(page, name, "all cells to run", lambda: page.evaluate(_RUN_FINISHED_JS))
    _wait_for_charts(page)
    return NotebookRun(
        name=name,
        prompts=page.evaluate(_PROMPTS_JS),
        problems=page.evaluate(_PROBLEMS_JS),
        charts=page.evaluate(_CHARTS_JS),
        clipped=page.evaluate(_CLIPPED_JS),
        blocked=browser.blocked[n_blocked_before:],
        seconds=time.monotonic() - started,
        page=page,
    )


_RUN_FINISHED_JS = f"""() => {{
    const prompts = ({_PROMPTS_JS})();
    if (({_KERNEL_STATUS_JS})() !== 'idle' || prompts.some(p => p.includes('*'))) return false;
    return prompts.every(p => /^\\[\\d+\\]:$/.test(p)) || ({_PROBLEMS_JS})().length > 0;
}}"""


def _click_run_all_cells(page, name: str) -> None:
    """Run > Run All Cells, clicked again once should the first click not start the run."""
    started = f"() => ({_PROMPTS_JS})().some(p => p !== '[ ]:')"
    for _ in range(2):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        if _poll(page, lambda: page.evaluate(started), timeout_ms=15_000):
            return
    _fail_waiting(page, name, "the run to start", 30_000)


def _kernel_started(lab: LabServer, name: str) -> bool:
    return any(session.get("path") == name and session.get("kernel")
               for session in lab.api("GET", "api/sessions") or [])


def _poll(page, done, timeout_ms: int) -> bool:
    """Wait until ``done()`` is true (False on time-out), taking the default kernel if JupyterLab
    asks for one."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        accept = page.locator(".jp-Dialog", has_text="Select Kernel").locator(".jp-mod-accept")
        if accept.count():
            accept.first.click()
        if done():
            return True
        page.wait_for_timeout(250)
    return False


def _wait(page, name: str, what: str, done, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    if not _poll(page, done, timeout_ms):
        _fail_waiting(page, name, what, timeout_ms)


def _fail_waiting(page, name: str, what: str, timeout_ms: int) -> None:
    prompts = page.evaluate(_PROMPTS_JS)
    shot = save_screenshot(page, f"{Path(name).stem}_timeout")
    raise AssertionError(
        f"{name}: timed out after {timeout_ms / 1000:.0f} s waiting for {what} (see {shot}); "
        f"kernel {page.evaluate(_KERNEL_STATUS_JS)!r}, prompts {prompts}, "
        f"problems {page.evaluate(_PROBLEMS_JS)}")


def _wait_for_charts(page, timeout_ms: int = 15_000) -> None:
    """Give vega a moment to draw: wait until every chart is drawn or the time is up."""
    with contextlib.suppress(PlaywrightTimeout):  # the assertions report what is not drawn
        page.wait_for_function(
            f"() => ({_CHARTS_JS})().every(c => c.drawn)", timeout=timeout_ms, polling=250)


_NOTEBOOK_HEIGHT_JS = """() => {
    const scroller = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
    scroller.scrollTop = 0;
    const cells = scroller.querySelectorAll('.jp-Cell');
    const last = cells[cells.length - 1].getBoundingClientRect().bottom;
    const below = window.innerHeight - scroller.getBoundingClientRect().bottom;
    return last + 40 + below;
}"""


def save_screenshot(page, stem: str) -> Path:
    """Screenshot the whole notebook (viewport stretched to fit) to screenshots/<stem>.png."""
    page.keyboard.press("Escape")
    open_side_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if open_side_tab.count():
        open_side_tab.first.click()  # collapses the file browser, leaving room for the notebook
    # JupyterLab lays out off-screen cells lazily, so grow the viewport until the height settles.
    height = 0
    for _ in range(6):
        needed = min(max(int(page.evaluate(_NOTEBOOK_HEIGHT_JS)), 1000), 16000)
        if abs(needed - height) < 4:
            break
        height = needed
        page.set_viewport_size({"width": 1400, "height": height})
        page.wait_for_timeout(400)
    _wait_for_charts(page, timeout_ms=5_000)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    target = SCREENSHOT_DIR / f"{stem}.png"
    partial = target.with_suffix(".png.part")
    page.screenshot(path=str(partial), type="png")
    os.replace(partial, target)
    return target


# --- tests -----------------------------------------------------------------------------------


def test_all_learning_notebooks_exist() -> None:
    found = {path.name[:2] for path in LEARNING_NOTEBOOKS}
    missing = [prefix for prefix in EXPECTED_PREFIXES if prefix not in found]
    assert not missing, f"learning notebooks missing from {NOTEBOOK_DIR}: {missing}"


def test_lab_is_isolated_and_has_the_widget_manager(lab: LabServer) -> None:
    config = lab.page_config()
    extensions = [extension["name"] for extension in config["federated_extensions"]]
    assert "@jupyter-widgets/jupyterlab-manager" in extensions, (
        f"JupyterLab lacks the ipywidgets extension (jupyterlab_widgets): {extensions}")
    assert Path(config["serverRoot"]).resolve() == lab.root_dir.resolve()
    for key in ("userSettingsDir", "workspacesDir"):
        assert Path(config[key]).resolve().is_relative_to(lab.state_dir.resolve()), (
            f"{key} {config[key]} is outside the test's temporary folder")


@pytest.mark.parametrize("notebook", LEARNING_NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_in_lab_with_charts_drawn(
        notebook: Path, lab: LabServer, browser: Browser, runs: dict[str, NotebookRun]) -> None:
    run = open_and_run(lab, browser, notebook.name)
    runs[notebook.name] = run
    save_screenshot(run.page, notebook.stem)
    keep_open = notebook.name[:2] in EXPLORER_NOTEBOOK_PREFIXES  # for the slider test
    if not keep_open:
        run.page.close()
        lab.shutdown_session(notebook.name)

    assert not run.problems, f"{notebook.name} shows errors:\n" + "\n---\n".join(run.problems)
    assert not run.clipped, f"{notebook.name}: text cut off: {run.clipped}"
    unrun = [i for i, prompt in enumerate(run.prompts) if not re.fullmatch(r"\[\d+\]:", prompt)]
    assert run.prompts and not unrun, f"{notebook.name}: code cells {unrun} did not run"
    if _makes_charts(notebook):
        assert run.charts, f"{notebook.name} builds charts but the page shows none"
    not_drawn = [chart["kind"] for chart in run.charts if not chart["drawn"]]
    assert not not_drawn, (
        f"{notebook.name}: {len(not_drawn)} of {len(run.charts)} charts not drawn ({not_drawn}); "
        f"requests refused (no network): {run.blocked[:5]}")
    assert not run.blocked, f"tried to reach the internet: {sorted(set(run.blocked))[:10]}"
    page_errors = [error for error in browser.page_errors if error.startswith(f"{notebook.name}:")]
    assert not page_errors, f"JavaScript errors in the page: {page_errors[:5]}"


# The output of the cell that draws the lever-arm notebook's moment curves (an interactive chart).
_CURVE_CHART_JS = """() => {
    const cell = Array.from(document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell'))
        .find(c => c.querySelector('.jp-InputArea').innerText
            .includes('moment_curve_chart(curves'));
    if (!cell) return null;
    const area = cell.querySelector('.jp-OutputArea-output .vega-embed');
    if (!area) return {};
    area.scrollIntoView({block: 'center'});
    const box = area.querySelector('svg.marks, canvas.marks').getBoundingClientRect();
    return {x: box.x, y: box.y, width: box.width, height: box.height};
}"""


def test_an_interactive_chart_reads_its_values_on_hover_offline(
        lab: LabServer, browser: Browser, runs: dict[str, NotebookRun]) -> None:
    """Altair's widget chart, its JavaScript bundled offline: hovering a moment curve shows the
    moment at that hip angle in words and units, and nothing is fetched from the network."""
    name = next(path.name for path in LEARNING_NOTEBOOKS if path.name.startswith("02"))
    run = runs.get(name)
    if run is None or run.page.is_closed():
        run = open_and_run(lab, browser, name)
        runs[name] = run
    page = run.page
    page.bring_to_front()
    chart = page.evaluate(_CURVE_CHART_JS)
    assert chart and chart.get("width"), f"{name}: no drawn moment-curve chart: {chart}"
    tooltip = page.locator("#vg-tooltip-element")
    shown = ""
    for fraction in (0.3, 0.5, 0.7, 0.2, 0.8):  # sweep the plot until a curve is under the mouse
        page.mouse.move(chart["x"] + chart["width"] * fraction,
                        chart["y"] + chart["height"] * 0.5, steps=5)
        page.wait_for_timeout(400)
        if tooltip.count() and tooltip.is_visible():
            shown = tooltip.inner_text()
            break
    assert "Moment [N·m]" in shown and "Hip flexion [deg]" in shown, (
        f"no readable tooltip on hover: {shown!r}")
    assert not run.blocked, f"tried to reach the internet: {sorted(set(run.blocked))[:10]}"


_PERIOD_JS = """() => {
    const caption = Array.from(document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .widget-html-content'))
        .find(el => el.innerText.includes('brush the chart'));
    if (!caption) return null;
    const box = caption.closest('.widget-vbox').querySelector('svg.marks, canvas.marks');
    if (!box) return {caption: caption.innerText};
    box.scrollIntoView({block: 'center'});
    const r = box.getBoundingClientRect();
    return {caption: caption.innerText, x: r.x, y: r.y, width: r.width, height: r.height};
}"""


def test_brushing_weeks_filters_the_table_in_python_offline(
        lab: LabServer, browser: Browser) -> None:
    """Notebook 05's period table: a drag across the weekly bars reaches Python (the widget
    chart's selection) and the table below keeps only the brushed weeks."""
    name = next(path.name for path in LEARNING_NOTEBOOKS if path.name.startswith("05"))
    run = open_and_run(lab, browser, name)
    page = run.page
    try:
        page.set_viewport_size({"width": 1400, "height": 12_000})  # lay out every cell
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"() => {{ const p = ({_PERIOD_JS})(); return p && p.width; }}",
                                   timeout=15_000, polling=250)
        before = page.evaluate(_PERIOD_JS)
        assert before and before.get("width"), f"{name}: no brushable period chart: {before}"
        y = before["y"] + before["height"] * 0.6
        page.mouse.move(before["x"] + before["width"] * 0.3, y)
        page.mouse.down()
        page.mouse.move(before["x"] + before["width"] * 0.6, y, steps=8)
        page.mouse.up()
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"(before) => ({_PERIOD_JS})().caption !== before",
                                   arg=before["caption"], timeout=10_000, polling=250)
        after = page.evaluate(_PERIOD_JS)
        assert after["caption"] != before["caption"], f"the table did not follow: {after}"
        shown = re.search(r"\((\d+) of (\d+)\)", after["caption"])
        assert shown and 0 < int(shown[1]) < int(shown[2]), after["caption"]
        assert not run.blocked, f"tried to reach the internet: {sorted(set(run.blocked))[:10]}"
    finally:
        page.close()
        lab.shutdown_session(name)


@pytest.mark.parametrize("prefix", EXPLORER_NOTEBOOK_PREFIXES)
def test_hip_angle_slider_changes_moment_and_chart(
        prefix: str, lab: LabServer, browser: Browser, runs: dict[str, NotebookRun]) -> None:
    candidates = [path.name for path in LEARNING_NOTEBOOKS if path.name.startswith(prefix)]
    assert candidates, f"no {prefix}_*.ipynb notebook with a '{SLIDER_DESCRIPTION}' explorer"
    name = candidates[0]
    run = runs.get(name)
    if run is None or run.page.is_closed():
        run = open_and_run(lab, browser, name)
        runs[name] = run
    page = run.page
    page.bring_to_front()  # a background tab has its rendering throttled
    try:
        _check_slider_moves_moment_and_chart(page, name)
        save_screenshot(page, f"{Path(name).stem}_after_slider")
    finally:
        page.close()
        lab.shutdown_session(name)


# The explorer's output area, and what it displays apart from the slider's own readout.
_EXPLORER_STATE_JS = f"""(description) => {{
    const label = Array.from(document.querySelectorAll('.widget-slider .widget-label'))
        .find(el => el.textContent.trim() === description);
    if (!label) return null;
    const area = label.closest('.jp-OutputArea-output');
    const texts = Array.from(area.querySelectorAll(
        '.widget-html-content, .widget-label-basic, .widget-output .jp-RenderedText, '
        + '.widget-text input, .widget-textarea textarea'),
        el => (el.value !== undefined ? el.value : el.innerText).trim());
    return {{
        readout: label.closest('.widget-slider').querySelector('.widget-readout').innerText,
        display: texts.join(' | '),
        charts: ({_CHARTS_JS})(area),
    }};
}}"""


def _check_slider_moves_moment_and_chart(page, name: str) -> None:
    before = page.evaluate(_EXPLORER_STATE_JS, SLIDER_DESCRIPTION)
    assert before is not None, f"{name} shows no slider described '{SLIDER_DESCRIPTION}'"
    assert before["charts"], f"{name}: the explorer shows no chart"
    assert before["display"], f"{name}: the explorer shows no text with the moment"

    slider = page.locator(".widget-slider", has=page.locator(
        ".widget-label", has_text=re.compile(rf"^{SLIDER_DESCRIPTION}$")))
    slider.scroll_into_view_if_needed()
    track = slider.locator(".noUi-target").bounding_box()
    handle = slider.locator(".noUi-handle").bounding_box()
    assert track and handle, f"{name}: the '{SLIDER_DESCRIPTION}' slider is not visible"
    # Drag the handle, as a learner would, to a quarter of the track away from where it is.
    start_x = handle["x"] + handle["width"] / 2
    y = handle["y"] + handle["height"] / 2
    fraction = (start_x - track["x"]) / track["width"]
    target_x = track["x"] + track["width"] * (0.45 if abs(fraction - 0.45) > 0.2 else 0.85)
    page.mouse.move(start_x, y)
    page.mouse.down()
    page.mouse.move(target_x, y, steps=12)
    page.mouse.up()

    with contextlib.suppress(PlaywrightTimeout):  # the assertions below say what did not change
        page.wait_for_function(
            f"""([description, before]) => {{
                const now = ({_EXPLORER_STATE_JS})(description);
                return now && now.readout !== before.readout && now.display !== before.display
                    && now.charts.length > 0 && now.charts.every(c => c.drawn)
                    && now.charts.map(c => c.signature).join() !== before.charts
                        .map(c => c.signature).join();
            }}""",
            arg=[SLIDER_DESCRIPTION, before], timeout=20_000, polling=250)
    after = page.evaluate(_EXPLORER_STATE_JS, SLIDER_DESCRIPTION)
    assert after["readout"] != before["readout"], f"slider did not move: {before['readout']}"
    assert after["display"] != before["display"], (
        f"the moment shown did not change: {before['display']!r}")
    assert all(chart["drawn"] for chart in after["charts"]), f"chart not drawn: {after['charts']}"
    signatures = [[chart["signature"] for chart in state["charts"]] for state in (before, after)]
    assert signatures[0] != signatures[1], "the explorer's chart did not change"
    problems = page.evaluate(_PROBLEMS_JS)
    assert not problems, f"{name} shows errors after moving the slider:\n" + "\n".join(problems)
