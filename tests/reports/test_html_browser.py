"""The exported reports in a real (headless) browser with every network request refused.

Each page of a batch (the real report notebook over the tiny log of ``test_reports``) is opened
from ``file://`` in Debian's Chromium driven by Playwright; any request that is not a local file
is aborted and recorded. A page passes when every chart container holds a drawn ``svg`` or
``canvas``, no request left the machine, no script error happened, and the athlete's note that
holds a ``<script>`` did not run.

Needs /usr/bin/chromium (``make chromium``); Playwright's own browser downloads are never used.
Without chromium the tests are skipped, unless PSOASKIT_REQUIRE_E2E=1 (set by ``make test``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_batch import EVIL_ID, HEADER, PROGRAMME, ROWS

from psoaskit.reports.batch import ReportOptions, run_batch

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
ALL_CHARTS_DRAWN = """() => {
  const charts = Array.from(document.querySelectorAll('.psk-chart'));
  return charts.length > 0 && charts.every(c => c.querySelector('svg, canvas'));
}"""


def _require_browser():
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (run `make chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        missing.append("the playwright package")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("PSOASKIT_REQUIRE_E2E") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    log = folder / "tiny_log.csv"
    log.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    out = folder / "out"
    options = ReportOptions(log_path=str(log), programme=PROGRAMME)
    result = run_batch(["007", EVIL_ID], out, options, workers=2, progress=False)
    assert not result.failed
    return out


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _require_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _open_offline(browser, path: Path, width: int = 1280):
    """Open ``path`` with only file:// allowed; return the page, refused URLs and JS errors."""
    context = browser.new_context(offline=True, viewport={"width": width, "height": 800})
    refused: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(path.resolve().as_uri())
    return context, page, refused, errors


def test_every_chart_renders_with_no_network(browser, reports):
    pages = [p for p in sorted(reports.glob("*.html")) if p.name != "index.html"]
    assert len(pages) == 2
    for path in pages:
        context, page, refused, errors = _open_offline(browser, path)
        try:
            page.wait_for_function(ALL_CHARTS_DRAWN, timeout=20_000)
            drawn = page.eval_on_selector_all(
                ".psk-chart", "cs => cs.map(c => !!c.querySelector('svg.marks, canvas.marks'))")
            assert len(drawn) >= 4 and all(drawn), (path.name, drawn)
            assert refused == [], refused
            assert errors == [], errors
            assert page.evaluate("window.__pwned") is None
            assert page.title() != "pwned"
        finally:
            context.close()


def test_index_links_open_the_reports(browser, reports):
    context, page, refused, errors = _open_offline(browser, reports / "index.html")
    try:
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        assert len(hrefs) == 2
        for href in hrefs:
            assert Path(unquote(urlsplit(href).path)).is_file(), href
        page.click("text=007")
        page.wait_for_function(ALL_CHARTS_DRAWN, timeout=20_000)
        assert page.url.endswith("/007.html")
        assert refused == [] and errors == []
    finally:
        context.close()


ATHLETE_ORDER = """() => Array.from(document.querySelectorAll('table.triage tbody tr'))
  .map(r => r.cells[0].getAttribute('data-sort'))"""


def test_index_sorts_on_a_click_and_fits_a_phone(browser, reports):
    context, page, refused, errors = _open_offline(browser, reports / "index.html")
    try:
        page.click("th >> text=Athlete")
        ascending = page.evaluate(ATHLETE_ORDER)
        assert ascending == sorted(ascending) and len(ascending) == 2
        page.click("th >> text=Athlete")
        assert page.evaluate(ATHLETE_ORDER) == ascending[::-1]
        assert page.get_attribute("th:has-text('Athlete')", "aria-sort") == "descending"
        assert refused == [] and errors == []
    finally:
        context.close()
    context, page, refused, errors = _open_offline(browser, reports / "index.html", width=390)
    try:
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"the index is wider than a phone: {widths}"
        hidden = page.evaluate("""() => Array.from(document.querySelectorAll('td'))
          .filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent)""")
        assert hidden == [], hidden
    finally:
        context.close()
