"""PDFs of the report pages: finding the browser, failures that leave nothing, the real print.

The printing tests use Debian's Chromium (``make chromium``) and are e2e; the failure paths use
a stand-in browser (a tiny shell script) so they run everywhere.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pypdf
import pytest
from test_batch import HEADER, PROGRAMME, ROWS
from test_html_browser import CHROMIUM

from psoaskit.cli import main
from psoaskit.errors import PsoaskitError
from psoaskit.reports import pdf as report_pdf
from psoaskit.reports.batch import ReportOptions, run_batch


def _script(folder: Path, body: str) -> Path:
    path = folder / "fake-chromium"
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_find_chromium_says_where_it_looked_and_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PSOASKIT_CHROMIUM", str(tmp_path / "nowhere"))
    with pytest.raises(report_pdf.ChromiumNotFound, match="is not an executable file"):
        report_pdf.find_chromium()
    monkeypatch.delenv("PSOASKIT_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(report_pdf, "_FALLBACK", tmp_path / "no-chromium")
    with pytest.raises(report_pdf.ChromiumNotFound, match="make chromium"):
        report_pdf.find_chromium()
    fake = _script(tmp_path, "exit 0")
    monkeypatch.setenv("PSOASKIT_CHROMIUM", str(fake))
    assert report_pdf.find_chromium() == fake


def test_a_browser_that_prints_nothing_is_an_error_and_leaves_no_file(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<p>hi</p>", encoding="utf-8")
    broken = _script(tmp_path, 'echo "cannot open display" >&2; exit 3')
    with pytest.raises(PsoaskitError, match=r"printed no PDF of p\.html: cannot open display"):
        report_pdf.html_to_pdf(page, tmp_path / "p.pdf", chromium=broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "p.html"]


def test_a_hanging_browser_is_killed_with_its_children_at_the_timeout(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<p>hi</p>", encoding="utf-8")
    marker = tmp_path / "child.pid"
    # the stand-in starts a child that would outlive it, as Chromium's renderers can
    hanging = _script(tmp_path, f"sleep 60 & echo $! > {marker}; wait")
    started = time.perf_counter()
    with pytest.raises(PsoaskitError, match=r"longer than 0\.5 s"):
        report_pdf.html_to_pdf(page, tmp_path / "p.pdf", chromium=hanging, timeout_s=0.5)
    assert time.perf_counter() - started < 10
    child = int(marker.read_text())
    for _ in range(50):  # the kill is immediate; give the kernel a moment to reap
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the browser's child {child} is still running")
    assert not (tmp_path / "p.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_report_pdf_without_a_browser_is_one_line_before_any_work(monkeypatch, tmp_path, capsys):
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    monkeypatch.setenv("PSOASKIT_CHROMIUM", str(tmp_path / "nowhere"))
    code = main(["report", str(log), "--out", str(tmp_path / "out"), "--pdf", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "--pdf: PSOASKIT_CHROMIUM=" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.e2e
def test_pdfs_of_every_page_and_the_squad_print_the_charts(tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("PSOASKIT_REQUIRE_E2E") == "1":
            pytest.fail(f"{CHROMIUM} missing (run `make chromium`)")
        pytest.skip(f"{CHROMIUM} missing")
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "\n" + "\n".join(ROWS[:10]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(["007"], out, ReportOptions(log_path=str(log), programme=PROGRAMME,
                                                   pdf=True), workers=1, progress=False)
    assert not result.failed and not result.pdf_failed and result.squad_pdf_error is None
    assert result.rows[0]["pdf"] == "pdf/007.pdf"
    athlete = pypdf.PdfReader(out / "pdf" / "007.pdf")
    text = " ".join(page.extract_text() for page in athlete.pages)
    # chart titles and axis labels are drawn by Vega in the page: their text in the PDF shows
    # the scripts ran before the print; the print stylesheet hides the print button
    for drawn in ("Sessions per week", "Week (Monday)", "Pain [0-10]"):
        assert drawn in text, drawn
    assert "Print or save as PDF" not in text
    squad = pypdf.PdfReader(out / "squad.pdf")
    assert len(squad.pages) > len(athlete.pages)  # the index, then the athlete
    assert "Act now" in squad.pages[0].extract_text()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="squad.pdf"' in index and 'href="pdf/007.pdf"' in index
    assert not [p for p in Path(out).rglob("*.tmp")]
