"""What learners and coaches see: Altair charts (one theme) and ipywidgets explorers.

Import :mod:`psoaskit.viz.charts` and :mod:`psoaskit.viz.widgets` where they are needed; they
load Altair and ipywidgets, which the rest of psoaskit never imports.
"""

__all__: list[str] = []
