"""What every explorer shares: showing itself in a notebook, and redrawing a chart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import altair as alt
import ipywidgets as w
from IPython.core.formatters import format_display_data

__all__ = [
    "TABLE_STYLE", "DisplayedWidget", "Throttle", "fitting_layout", "live_sliders", "show_chart",
]


#: Opening tag of the readout tables of every explorer.
TABLE_STYLE = "<table style='border-spacing: 10px 2px'>"


class DisplayedWidget:
    """Displays its ``widget`` when it is the last expression of a notebook cell."""

    widget: w.Widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def show_chart(output: w.Output, chart: alt.TopLevelMixin) -> None:
    """Replace what ``output`` shows with ``chart`` (works with or without a kernel).

    Always as SVG drawn in the kernel: an explorer redraws on every slider move, and a widget
    chart would send its whole JavaScript bundle each time.
    """
    if alt.renderers.active in ("jupyter", "html", "default"):
        with alt.renderers.enable("svg"):  # restores the renderer and its options after
            data, metadata = format_display_data(chart)
    else:
        data, metadata = format_display_data(chart)
    _replace(output, data, metadata)


def _replace(output: w.Output, data: dict, metadata: dict) -> None:
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)


class Throttle:
    """Call ``update`` while a slider is dragged, at most once per ``interval_s``, and always
    once more for the last value.

    A change that arrives sooner after the previous redraw ended is held back and merged with
    any that follow; the redraw for the latest value then runs when the interval is over (on
    the kernel's event loop). Without a running event loop (plain Python, tests) every change
    redraws at once.

    Examples
    --------
    >>> calls = []
    >>> throttle = Throttle(lambda: calls.append(1), interval_s=0.3)
    >>> throttle({"new": 1}); throttle({"new": 2}); len(calls)
    2
    """

    def __init__(self, update: Callable[[], Any], interval_s: float = 0.3) -> None:
        self.update = update
        self.interval_s = interval_s
        self._done_at = -float("inf")
        self._pending: asyncio.TimerHandle | None = None

    def __call__(self, _change: dict | None = None) -> None:
        if self._pending is not None:
            return  # a redraw for the latest value is already on its way
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        wait = self.interval_s - (time.monotonic() - self._done_at)
        if loop is None or wait <= 0:
            self._run()
        else:
            self._pending = loop.call_later(wait, self._run_pending)

    def _run_pending(self) -> None:
        self._pending = None
        self._run()

    def _run(self) -> None:
        try:
            self.update()
        finally:  # measured from the end: a slow redraw is not followed by a queue of them
            self._done_at = time.monotonic()


def live_sliders(sliders: list[w.ValueWidget], update: Callable[[], Any],
                 interval_s: float = 0.3) -> Throttle:
    """Make ``sliders`` redraw while they are dragged, through one throttle of ``interval_s``."""
    throttle = Throttle(update, interval_s)
    for slider in sliders:
        slider.continuous_update = True
        slider.observe(throttle, names="value")
    return throttle


def fitting_layout(labels: list[str], description_ch: int = 14) -> w.Layout:
    """A layout wide enough for the longest of ``labels`` (and the description before it), so
    no option is cut off, but never wider than the notebook.

    Examples
    --------
    >>> fitting_layout(["short", "a much longer option"]).width
    'min(100%, 37ch)'
    """
    widest = max((len(label) for label in labels), default=10)
    return w.Layout(width=f"min(100%, {widest + description_ch + 3}ch)")
