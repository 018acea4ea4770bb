"""What every explorer shares: showing itself in a notebook, and redrawing a chart."""

from __future__ import annotations

import altair as alt
import ipywidgets as w
from IPython.core.formatters import format_display_data

__all__ = ["TABLE_STYLE", "DisplayedWidget", "show_chart"]


#: Opening tag of the readout tables of every explorer.
TABLE_STYLE = "<table style='border-spacing: 10px 2px'>"


class DisplayedWidget:
    """Displays its ``widget`` when it is the last expression of a notebook cell."""

    widget: w.Widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def show_chart(output: w.Output, chart: alt.TopLevelMixin) -> None:
    """Replace what ``output`` shows with ``chart`` (works with or without a kernel)."""
    data, metadata = format_display_data(chart)
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)
