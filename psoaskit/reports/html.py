"""Self-contained, offline HTML pages from executed report notebooks.

An executed report notebook becomes one HTML file with no code cells, images embedded as
``data:`` URIs, and the Vega, Vega-Lite and vega-embed JavaScript inlined once per page. The
JavaScript comes from the ``vl-convert-python`` package (``vl_convert.javascript_bundle``), which
bundles it offline; nothing is downloaded. Charts are drawn by
:func:`psoaskit.reports.runtime.report_renderer`, whose output only needs ``window.vegaEmbed``.

The nbconvert export leaves a placeholder where the bundle goes (:data:`BUNDLE_PLACEHOLDER`), so
that workers return small pages and the writer inlines the bundle just before saving
(:func:`inline_bundle`).
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import threading
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat

from psoaskit._files import atomic_write_text
from psoaskit.reports.runtime import SUMMARY_MIME

__all__ = [
    "BUNDLE_PLACEHOLDER",
    "HIDE_TAG",
    "external_references",
    "inline_bundle",
    "notebook_to_html",
    "vega_bundle",
]

#: Cells with this tag (e.g. a notebook's "how to use me" cell) are left out of the page.
HIDE_TAG = "hide-in-report"
#: Marker the export leaves in ``<head>``; :func:`inline_bundle` replaces it with the JS bundle.
BUNDLE_PLACEHOLDER = "/*psoaskit:vega-bundle*/"

_TEMPLATE = (
    "{%- extends 'index.html.j2' -%}\n"
    # The lab template loads require.js, MathJax, mermaid and the widget manager from CDNs.
    "{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}\n"
    "{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}\n"
    "{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}\n"
    "{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}\n"
    "{%- block extra_css -%}\n"
    '<meta name="generator" content="psoaskit report">\n'
    "<script>" + BUNDLE_PLACEHOLDER + "</script>\n"
    "<style>\n"
    "body.jp-Notebook { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }\n"
    ".jp-Cell { padding: 0; }\n"
    ".psk-chart { margin: 0.5rem 0 1rem; min-height: 2rem; }\n"
    # table.psk-table outranks JupyterLab's right-aligned output cells (same specificity, later)
    ".jp-RenderedHTMLCommon table.psk-table td, .jp-RenderedHTMLCommon table.psk-table th {\n"
    "  text-align: left; vertical-align: top; }\n"
    ".date, table.psk-table td:first-child { white-space: nowrap; }\n"
    # print (the --pdf option and the browser's own print): A4, no button, nothing cut in two
    "@page { size: A4; margin: 14mm 12mm; }\n"
    "@media print {\n"
    "  body.jp-Notebook { max-width: none; padding: 0; }\n"
    "  .psk-print { display: none; }\n"
    "  .psk-chart, table, tr, .jp-OutputArea-output { break-inside: avoid; }\n"
    "  h1, h2, h3 { break-after: avoid; }\n"
    "  a { color: inherit; text-decoration: none; }\n"
    "}\n"
    "</style>\n"
    "{%- endblock extra_css -%}\n"
)

_local = threading.local()


def _exporter() -> Any:
    """One configured ``HTMLExporter`` per thread (building one costs about 0.1 s)."""
    exporter = getattr(_local, "exporter", None)
    if exporter is None:
        from jinja2 import DictLoader
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(
            template_name="lab",
            extra_loaders=[DictLoader({"psoaskit_report.html.j2": _TEMPLATE})],
            template_file="psoaskit_report.html.j2",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            theme="light",
        )
        _local.exporter = exporter
    return exporter


def _coach_view(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without what a coach should not see.

    Drops cells tagged :data:`HIDE_TAG`, the machine-readable summary outputs, stderr streams
    (warnings) and papermill's error marker cells, and numbers the cell ids (the page's element
    ids) by position. Code stays in the notebook; the exporter leaves it out.
    """
    view = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(view.cells):
        cell["id"] = f"cell-{index}"  # papermill's injected cell gets a random id
        tags = cell.get("metadata", {}).get("tags", [])
        if HIDE_TAG in tags or "papermill-error-cell-tag" in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                out
                for out in cell.outputs
                if not (out.output_type == "stream" and out.get("name") == "stderr")
                and SUMMARY_MIME not in out.get("data", {})
            ]
        cells.append(cell)
    view.cells = cells
    return view


def notebook_to_html(nb: nbformat.NotebookNode, title: str) -> str:
    """Export an executed notebook to one HTML page, leaving the bundle placeholder in place.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not modified).
    title : str
        Page title (HTML-escaped by the template).

    Returns
    -------
    str
        The page, with :data:`BUNDLE_PLACEHOLDER` where :func:`inline_bundle` puts the JavaScript.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello")])
    >>> page = notebook_to_html(nb, "<Week 3>")
    >>> BUNDLE_PLACEHOLDER in page, "<title>&lt;Week 3&gt;</title>" in page
    (True, True)
    """
    view = _coach_view(nb)
    view.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(view, resources={"metadata": {"name": title}})
    return body


def _bundle_cache_dir() -> Path:
    base = os.environ.get("PSOASKIT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "psoaskit",
    )
    return Path(base)


def _check_bundle(bundle: str) -> str:
    lowered = bundle.lower()
    if "window.vegaembed" not in lowered:
        raise ValueError("the vl-convert JavaScript bundle does not define window.vegaEmbed")
    if "</script" in lowered or "<!--" in bundle:
        raise ValueError("the vl-convert JavaScript bundle cannot be inlined in a <script> element")
    return bundle


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """The Vega + Vega-Lite + vega-embed JavaScript, bundled offline by ``vl-convert-python``.

    The bundle matches the Vega-Lite version of the installed Altair. Building it takes about
    5 s the first time, so it is cached on disk (``$PSOASKIT_CACHE_DIR``, else
    ``~/.cache/psoaskit``) under a name carrying both versions.

    Returns
    -------
    str
        JavaScript source (about 0.9 MB) that defines ``window.vegaEmbed``.

    Examples
    --------
    >>> "window.vegaEmbed" in vega_bundle()
    True
    """
    from importlib.metadata import version

    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    vl_version = vl_version_for_vl_convert()
    tag = f"vl-convert-{version('vl-convert-python')}-{vl_version}"
    cached = _bundle_cache_dir() / f"vega-bundle-{tag}.js"
    try:
        return _check_bundle(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    bundle = _check_bundle(vl_convert.javascript_bundle(vl_version=vl_version))
    with contextlib.suppress(OSError):  # a read-only home only costs the 5 s next time
        atomic_write_text(cached, bundle)
    return bundle


def inline_bundle(page: str) -> str:
    """Put the JavaScript bundle into a page made by :func:`notebook_to_html`.

    Raises
    ------
    ValueError
        If the page does not hold exactly one placeholder.

    Examples
    --------
    >>> page = inline_bundle("<script>" + BUNDLE_PLACEHOLDER + "</script>")
    >>> page.startswith("<script>") and "window.vegaEmbed" in page
    True
    """
    if page.count(BUNDLE_PLACEHOLDER) != 1:
        raise ValueError("expected exactly one bundle placeholder in the page")
    before, after = page.split(BUNDLE_PLACEHOLDER)
    return before + vega_bundle() + after


_URL_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "srcset", "background"}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*([^'")\s]+)""", re.IGNORECASE)
_LOCAL_URL = re.compile(r"^(?:#|data:|blob:|javascript:void|about:blank)", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class _ReferenceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def _check(self, url: str) -> None:
        url = url.strip()
        if url and not _LOCAL_URL.match(url) and _EXTERNAL.match(url):
            self.found.append(url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    self._check(candidate.strip().split(" ")[0])
            elif name in _URL_ATTRIBUTES:
                self._check(value)
            elif name == "style":
                for url in _CSS_URL.findall(value):
                    self._check(url)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for url in _CSS_URL.findall(data):
                self._check(url)


def external_references(page: str) -> list[str]:
    """URLs a page would fetch from elsewhere: in ``src``/``href``-like attributes or CSS.

    Anchors (``#...``) and ``data:`` URIs are local; anything with a scheme (``https:``,
    ``file:``, ...) or starting with ``//`` is reported. Strings inside scripts are data, not
    references, and are not reported.

    Parameters
    ----------
    page : str
        An HTML document.

    Returns
    -------
    list of str
        The offending URLs, in document order (empty when the page is self-contained).

    Examples
    --------
    >>> external_references('<img src="data:image/png;base64,AA"><a href="#flags">x</a>')
    []
    >>> external_references('<script src="https://cdn.example/vega.js"></script>')
    ['https://cdn.example/vega.js']
    >>> external_references("<style>@import 'http://x/y.css';</style>")
    ['http://x/y.css']
    """
    finder = _ReferenceFinder()
    finder.feed(page)
    finder.close()
    return finder.found
