"""What runs inside a report notebook's kernel: chart renderer, summary hand-off, cache.

The batch runner (:mod:`psoaskit.reports`) and the report notebook agree on three things, kept
here; the module is light (no nbconvert, no papermill) because every report kernel imports it:

* :func:`report_renderer`: an Altair renderer whose output needs only ``window.vegaEmbed``
  (inlined once per page by :mod:`psoaskit.reports.html`), with chart ids numbered per report so
  the same inputs give the same page;
* :func:`publish_summary`: the machine-readable summary a report hands to the runner (key numbers
  and flags for ``index.html`` and ``summary.json``), as an output the HTML export drops;
* :func:`cached_read`: a file read (the squad log, its analysis) once per kernel and reused for
  every athlete that kernel reports on, while the file is unchanged.
"""

from __future__ import annotations

import html
import json
import math
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar, TypeVar

__all__ = [
    "RENDERER_NAME",
    "SUMMARY_MIME",
    "cached_read",
    "escape",
    "plain",
    "publish_summary",
    "report_renderer",
    "reset_report_state",
    "use_report_renderer",
]

#: Mimetype of the summary output; stripped from the HTML, read by the batch runner.
SUMMARY_MIME = "application/vnd.psoaskit.report-summary+json"
RENDERER_NAME = "psoaskit_report"

_T = TypeVar("_T")


class _State:
    charts = 0
    cache: ClassVar[OrderedDict[tuple[Any, ...], Any]] = OrderedDict()  # a few, per kernel
    cache_size = 4


def reset_report_state() -> None:
    """Start a new report: chart ids count from 1 again. The cached log is kept.

    Examples
    --------
    >>> reset_report_state()
    >>> 'id="psk-chart-1"' in report_renderer({"mark": "point"})["text/html"]
    True
    """
    _State.charts = 0


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>`` breakout)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def report_renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    """Render a Vega-Lite spec as a ``<div>`` plus a script that calls ``window.vegaEmbed``.

    The div id is ``psk-chart-N`` (N counts the charts of the current report), the script is
    scoped in a function so several charts can share a page, the spec is JSON-escaped for a
    ``<script>`` element, and no URL is written: the page must provide ``window.vegaEmbed``.

    Parameters
    ----------
    spec : dict
        A Vega-Lite specification (as ``chart.to_dict()`` gives).
    **metadata
        Altair's renderer metadata; ``embed_options`` (dict) is passed to vega-embed.

    Returns
    -------
    dict
        A mimebundle with ``text/html`` and ``text/plain``.

    Examples
    --------
    >>> reset_report_state()
    >>> bundle = report_renderer({"title": "</script><script>alert(1)</script>", "mark": "bar"})
    >>> "<script>alert" in bundle["text/html"], 'id="psk-chart-1"' in bundle["text/html"]
    (False, True)
    """
    _State.charts += 1
    chart_id = f"psk-chart-{_State.charts}"
    spec = {key: value for key, value in spec.items() if key != "$schema"}
    options = {"actions": False, "renderer": "svg", "mode": "vega-lite"}
    options.update(metadata.get("embed_options") or {})
    script = (
        "(function () {\n"
        f"  var el = document.getElementById({_script_json(chart_id)});\n"
        "  if (window.vegaEmbed) {\n"
        f"    window.vegaEmbed(el, {_script_json(spec)}, {_script_json(options)})\n"
        "      .catch(function (err) {\n"
        "        el.textContent = '[chart could not be drawn: ' + err + ']';\n"
        "      });\n"
        "  } else {\n"
        "    el.textContent = '[chart: open the exported HTML report to see it]';\n"
        "  }\n"
        "})();"
    )
    page = f'<div class="psk-chart" id="{chart_id}"></div>\n<script>\n{script}\n</script>'
    return {"text/html": page, "text/plain": f"<chart {chart_id}>"}


def use_report_renderer(renderer: str = "report") -> None:
    """Enable the kit's chart theme and :func:`report_renderer` (``"report"``) or another renderer.

    ``"report"`` is for pages exported by :mod:`psoaskit.reports.html`; in JupyterLab use
    ``"svg"`` (static images drawn in the kernel, offline). Chart ids restart at 1.

    Parameters
    ----------
    renderer : str
        ``"report"``, or the name of any registered Altair renderer.

    Examples
    --------
    >>> import altair as alt
    >>> use_report_renderer()
    >>> alt.renderers.active
    'psoaskit_report'
    >>> use_report_renderer("svg")
    >>> alt.renderers.active
    'svg'
    """
    import altair as alt

    from psoaskit.viz.charts import enable_theme

    enable_theme(renderer=None)
    if renderer == "report":
        alt.renderers.register(RENDERER_NAME, report_renderer)
        alt.renderers.enable(RENDERER_NAME)
    else:
        alt.renderers.enable(renderer)
    reset_report_state()


def plain(value: Any) -> Any:
    """``value`` made JSON-friendly: numpy/pandas scalars to Python, dates to ISO, NaN to None.

    Examples
    --------
    >>> import numpy as np
    >>> plain({"n": np.int64(3), "x": [np.float64("nan"), 1.5]})
    {'n': 3, 'x': [None, 1.5]}
    """
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def publish_summary(summary: Mapping[str, Any]) -> None:
    """Hand the report's summary to the batch runner as a (hidden) notebook output.

    The runner reads it for ``index.html`` and ``summary.json`` and removes it from the HTML.

    Parameters
    ----------
    summary : mapping
        JSON-friendly values: ``flags`` (list of mappings with ``flag``, ``label``,
        ``reason``) and ``headline`` (mapping of key numbers) are what the index shows.

    Examples
    --------
    The summary travels as one raw MIME bundle:

    >>> from unittest import mock
    >>> with mock.patch("IPython.display.display") as shown:
    ...     publish_summary({"flags": [], "headline": {"sessions": 3}})
    >>> shown.call_args.args[0][SUMMARY_MIME]
    {'flags': [], 'headline': {'sessions': 3}}
    """
    from IPython.display import display

    display({SUMMARY_MIME: plain(dict(summary))}, raw=True)


def cached_read(path: str | Path, reader: Callable[..., _T], *args: Any) -> _T:
    """``reader(path, *args)``, computed once per kernel while the file is unchanged.

    A batch worker keeps its kernel between athletes, so the squad log is parsed once per
    worker instead of once per athlete. The key is the resolved path, the file's size and
    modification time, the reader and ``args``; the last few results are kept. Callers must
    not modify the returned object (take a copy of the rows they need).

    Parameters
    ----------
    path : str or Path
        The file to read.
    reader : callable
        Called as ``reader(resolved_path, *args)`` on a cache miss.
    *args
        Further hashable arguments, part of the key.

    Examples
    --------
    >>> import tempfile
    >>> calls = []
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv") as f:
    ...     _ = f.write("a\\n1\\n"); f.flush()
    ...     first = cached_read(f.name, lambda p: calls.append(p) or p.read_text())
    ...     again = cached_read(f.name, lambda p: calls.append(p) or p.read_text())
    >>> first == again == "a\\n1\\n", len(calls)
    (True, 1)
    """
    resolved = Path(path).resolve()
    stat = resolved.stat()
    name = f"{getattr(reader, '__module__', '')}.{getattr(reader, '__qualname__', '')}"
    key = (str(resolved), stat.st_mtime_ns, stat.st_size, name, *args)
    if key in _State.cache:
        _State.cache.move_to_end(key)
        return _State.cache[key]
    value = reader(resolved, *args)
    _State.cache[key] = value
    while len(_State.cache) > _State.cache_size:
        _State.cache.popitem(last=False)
    return value


def escape(text: Any) -> str:
    """HTML-escape any value for a coach-facing page (names, notes, ids).

    Examples
    --------
    >>> escape("<script>x</script>")
    '&lt;script&gt;x&lt;/script&gt;'
    """
    return html.escape("" if text is None else str(text))
