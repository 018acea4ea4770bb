"""The kit's one chart theme: colours, fonts and the offline renderer.

Nothing here runs on import. :func:`enable_theme` registers and enables the ``psoaskit``
theme and an offline renderer, once, where a notebook or a report starts.

Offline: Altair 6 writes Vega-Lite 6, which JupyterLab's built-in Vega renderer does not know,
and Altair's default ``html`` renderer fetches Vega from a CDN. So notebooks use the ``svg``
renderer: vl-convert (a dependency) draws each chart in the kernel, and the notebook shows a
plain SVG image that needs no JavaScript and no network. Reports choose their own renderer.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from psoaskit.errors import PsoaskitError

__all__ = [
    "FREQUENCY_COLOURS",
    "INK",
    "LEVEL_COLOURS",
    "PAIN_ZONE_COLOURS",
    "PALETTE",
    "RED",
    "THEME_NAME",
    "colour_scale",
    "enable_theme",
    "interactive_renderer",
    "require_columns",
    "theme_config",
    "tip",
]


#: Name of the kit's Altair theme.
THEME_NAME = "psoaskit"
#: Categorical colours (Okabe & Ito's colour-blind-safe set).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
#: Colours of the level 1-5 ladder (light to dark) and of exercises not on it.
LEVEL_COLOURS = {
    "level 1": "#9ecae1",
    "level 2": "#6baed6",
    "level 3": "#3182bd",
    "level 4": "#08519c",
    "level 5": "#08306b",
    "not on the ladder": "#b0b0b0",
}
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
#: Colour of text and of marks drawn in ink (joints, reference lines).
INK = "#222222"


def theme_config() -> alt.theme.ThemeConfig:
    """The ``psoaskit`` theme: fonts, sizes and the colour-blind-safe palette.

    Examples
    --------
    >>> theme_config()["config"]["range"]["category"] == PALETTE
    True
    """
    return {
        "config": {
            "background": "white",
            "font": _FONT,
            "view": {"continuousWidth": 420, "continuousHeight": 280, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "color": INK, "subtitleColor": "#555"},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleColor": INK,
                "labelColor": "#333",
                "gridColor": "#e8e8e8",
                "domainColor": "#888",
                "tickColor": "#888",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleColor": INK},
            "header": {"labelFontSize": 13, "titleFontSize": 13},
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2.5},
            "point": {"filled": True, "size": 60},
            "text": {"fontSize": 11, "color": INK},
        }
    }


def interactive_renderer() -> str:
    """The renderer ``enable_theme("interactive")`` picks here: ``jupyter`` or ``svg``.

    ``jupyter`` (Altair's widget chart with its JavaScript bundled offline by vl-convert: hover
    tooltips and selections, no network) needs the ``anywidget`` package and a running kernel;
    the environment variable ``PSOASKIT_CHARTS=svg`` asks for static pictures instead (headless
    runs, or a JupyterLab without the widget extension).

    Examples
    --------
    >>> interactive_renderer()  # plain Python: no kernel to show a widget
    'svg'
    """
    import os

    if os.environ.get("PSOASKIT_CHARTS", "").strip().lower() == "svg":
        return "svg"
    try:
        import anywidget  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return "svg"
    shell = get_ipython()
    return "jupyter" if shell is not None and hasattr(shell, "kernel") else "svg"


def enable_theme(renderer: str | None = "svg") -> None:
    """Enable the ``psoaskit`` theme and, optionally, an Altair renderer, for this process.

    Call it once where a notebook or a report starts; importing psoaskit changes no Altair
    setting. ``svg`` (the default) draws every chart in the kernel with vl-convert, so
    charts show in JupyterLab without JavaScript or a network; ``interactive`` (what the
    notebooks use) shows them as offline widget charts with tooltips where
    :func:`interactive_renderer` says that works, else as SVG; ``None`` leaves the renderer as
    it is (reports choose their own).

    Parameters
    ----------
    renderer : str or None
        ``interactive``, an Altair renderer name (``svg``, ``png``, ...), or ``None`` to keep
        the current one.

    Examples
    --------
    >>> enable_theme(renderer=None)
    >>> alt.theme.active
    'psoaskit'
    """
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme_config)
    alt.theme.enable(THEME_NAME)
    if renderer == "interactive":
        renderer = interactive_renderer()
    if renderer == "jupyter":
        alt.renderers.enable("jupyter", offline=True)
    elif renderer is not None:
        alt.renderers.enable(renderer)


def tip(field: str, title: str | None = None, fmt: str | None = None) -> alt.Tooltip:
    """A tooltip entry titled in words with its unit (:func:`psoaskit.viz.tables.column_label`).

    Examples
    --------
    >>> tip("moment_nm:Q", fmt=".1f").to_dict()
    {'field': 'moment_nm', 'format': '.1f', 'title': 'Moment [N·m]', 'type': 'quantitative'}
    """
    from psoaskit.viz.tables import column_label

    name = field.split(":")[0]
    extra = {"format": fmt} if fmt else {}
    return alt.Tooltip(field, title=title or column_label(name), **extra)


def require_columns(frame: pd.DataFrame, columns: list[str], builder: str) -> None:
    """Raise :class:`~psoaskit.errors.PsoaskitError` when ``frame`` lacks ``columns``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], "demo_chart")
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise PsoaskitError(f"{builder} needs columns {missing}; got {list(frame.columns)}")

#: Colours of the pain-monitoring zones: Okabe & Ito's green and orange, and a deep red rather
#: than their vermillion (which reads as orange beside the amber); the three also differ in
#: lightness, so they stay apart for colour-blind readers.
PAIN_ZONE_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#B3261E"}
#: The red of text that says "red": the pain zone, and measured marks drawn over model lines.
RED = PAIN_ZONE_COLOURS["red"]
#: Colours of the weekly frequency statuses.
FREQUENCY_COLOURS = {
    "below": "#D55E00",
    "within": "#009E73",
    "above": "#0072B2",
    "not stated": "#b0b0b0",
    "no programme": "#dddddd",
    "week in progress": "#F0E442",
}


def colour_scale(colours: dict[str, str]) -> alt.Scale:
    """A categorical colour scale from a ``{value: colour}`` mapping (legend in that order).

    Examples
    --------
    >>> colour_scale({"green": "#009E73"}).to_dict()
    {'domain': ['green'], 'range': ['#009E73']}
    """
    return alt.Scale(domain=list(colours), range=list(colours.values()))
