"""Every learning notebook (notebooks/NN_*.ipynb) runs headless without errors, committed clean.

New notebooks are picked up automatically by the glob. Each is executed in a fresh kernel with
nbclient; any error output, or anything written to stderr, fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
TIMEOUT_S = 180


def _ids(path: Path) -> str:
    return path.stem


def test_notebooks_exist() -> None:
    assert NOTEBOOKS, f"no notebooks/NN_*.ipynb under {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_committed_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: code cells {dirty} were committed with outputs or execution counts"
    )
    assert "widgets" not in nb.metadata, f"{path.name}: saved widget state in the metadata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_first_cell_says_what_and_how_long(path: Path) -> None:
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown", f"{path.name}: the first cell must be markdown"
    text = first.source.lower()
    assert re.search(r"\bteach", text) or re.search(r"\blearn", text), (
        f"{path.name}: say what it teaches"
    )
    assert re.search(r"\d+\s*(minutes|min)\b", text), f"{path.name}: say roughly how long it takes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_is_thin(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert not re.search(r"^\s*(def|class)\s", cell.source, re.M), (
            f"{path.name} cell {i} defines code"
        )
        assert "sys.path" not in cell.source, f"{path.name} cell {i} edits sys.path"


def _run(path: Path, monkeypatch: pytest.MonkeyPatch, charts: str) -> nbformat.NotebookNode:
    monkeypatch.setenv("PSOASKIT_CHARTS", charts)  # the kernel inherits it
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_runs_headless_without_errors(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless, charts are the SVG pictures (the fallback of the interactive charts)."""
    nb = _run(path, monkeypatch, "svg")
    problems = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                problems.append(f"cell {i}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                problems.append(f"cell {i} stderr: {output.text[:500]}")
            elif (
                "text/plain" in output.get("data", {})
                and re.match(r"alt\.\w*Chart\(", output.data["text/plain"])
                and len(output.data) == 1
            ):
                problems.append(f"cell {i}: a chart fell back to text (no renderer output)")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_notebook_charts_are_offline_widget_charts_in_a_kernel(monkeypatch) -> None:
    """With anywidget in a kernel, ``enable_theme("interactive")`` shows Altair's widget chart
    (its JavaScript bundled offline); the explorers' redrawn charts stay SVG."""
    nb = _run(NOTEBOOK_DIR / "05_log_analysis.ipynb", monkeypatch, "interactive")
    kinds = [set(output.get("data", {})) for cell in nb.cells for output in cell.get("outputs", [])]
    widgets = [k for k in kinds if "application/vnd.jupyter.widget-view+json" in k]
    assert len(widgets) >= 5, kinds
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
