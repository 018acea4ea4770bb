"""Every Altair chart of the kit, with one theme; builders take tidy DataFrames, return charts.

Builders are grouped by the subsystem whose tables they draw
(:mod:`~psoaskit.viz.charts.biomech`, :mod:`~psoaskit.viz.charts.simulation`,
:mod:`~psoaskit.viz.charts.analysis`) and all re-exported here, so ``charts.moment_curve_chart``
works. None computes a number a learner could not also get as a table from the layer below.
Call :func:`enable_theme` once where a notebook or report starts (importing changes nothing).
"""

from psoaskit.viz.charts.analysis import *  # noqa: F403
from psoaskit.viz.charts.analysis import __all__ as _analysis
from psoaskit.viz.charts.biomech import *  # noqa: F403
from psoaskit.viz.charts.biomech import __all__ as _biomech
from psoaskit.viz.charts.simulation import *  # noqa: F403
from psoaskit.viz.charts.simulation import __all__ as _simulation
from psoaskit.viz.charts.theme import *  # noqa: F403
from psoaskit.viz.charts.theme import __all__ as _theme

__all__ = sorted({*_theme, *_biomech, *_simulation, *_analysis})
