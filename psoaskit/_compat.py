"""Old import paths (psoaskit 0.1's flat modules) kept working for one release, with a warning.

psoaskit 0.2 moved its modules into subpackages and renamed ``load_*`` readers to ``read_*``
("load" means training load only). ``import psoaskit.mechanics`` or ``from psoaskit.logs import
read_log`` still work and warn :class:`DeprecationWarning` with the new path.
"""

from __future__ import annotations

import functools
import importlib
import importlib.abc
import importlib.util
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["MOVED_MODULES", "RENAMED", "install", "moved_attribute", "renamed_keyword"]

#: Old module -> the modules its public names now live in (searched in order).
MOVED_MODULES: dict[str, tuple[str, ...]] = {
    "psoaskit.exercises": ("psoaskit.catalogue.exercises", "psoaskit.errors"),
    "psoaskit.programmes": ("psoaskit.catalogue.programmes",),
    "psoaskit.anatomy": ("psoaskit.catalogue.anatomy",),
    "psoaskit.quiz": ("psoaskit.catalogue.quiz", "psoaskit.errors"),
    "psoaskit.checks": ("psoaskit.catalogue.checks",),
    "psoaskit.anthropometry": ("psoaskit.biomech.anthropometry",),
    "psoaskit.external_loads": ("psoaskit.biomech.equipment",),
    "psoaskit.postures": ("psoaskit.biomech.postures",),
    "psoaskit.mechanics": ("psoaskit.biomech.mechanics",),
    "psoaskit.muscles": ("psoaskit.biomech.muscles",),
    "psoaskit.hill": ("psoaskit.biomech.hill",),
    "psoaskit.demand": ("psoaskit.biomech.demand",),
    "psoaskit.ladder": ("psoaskit.simulation.ladder",),
    "psoaskit.simulate": (
        "psoaskit.simulation.config",
        "psoaskit.simulation.draws",
        "psoaskit.simulation.model",
        "psoaskit.simulation.synthetic_log",
        "psoaskit.simulation.runs",
    ),
    "psoaskit.sample": ("psoaskit.simulation.sample",),
    "psoaskit.sessions": ("psoaskit.analysis.sessions",),
    "psoaskit.weekly": ("psoaskit.analysis.weekly",),
    "psoaskit.adherence": ("psoaskit.analysis.adherence", "psoaskit.errors"),
    "psoaskit.asymmetry": ("psoaskit.analysis.asymmetry",),
    "psoaskit.progression": ("psoaskit.analysis.progression",),
    "psoaskit.load": ("psoaskit.analysis.training_load",),
    "psoaskit.status": ("psoaskit.analysis.status",),
    "psoaskit.thresholds": ("psoaskit.analysis.thresholds",),
    "psoaskit.ingest": ("psoaskit.logs.readers", "psoaskit.logs.api"),
    "psoaskit.validation": ("psoaskit.logs.cells", "psoaskit.logs.validate"),
    "psoaskit.importers": (
        "psoaskit.logs.formats",
        "psoaskit.logs.apps",
        "psoaskit.logs.apps.names",
        "psoaskit.logs.apps.hevy",
        "psoaskit.logs.api",
    ),
    "psoaskit.charts": ("psoaskit.viz.charts",),
    "psoaskit.widgets": ("psoaskit.viz.widgets",),
    "psoaskit.report_page": ("psoaskit.reports.page",),
    "psoaskit.report_kernel": ("psoaskit.reports.kernel",),
    "psoaskit.report_runtime": ("psoaskit.reports.runtime",),
    "psoaskit.report_html": ("psoaskit.reports.html",),
}
#: Where the names of old modules that are packages now went (``from psoaskit.logs import X``).
_PACKAGE_HOMES: dict[str, tuple[str, ...]] = {
    "psoaskit.logs": ("psoaskit.logs.schema", "psoaskit.logs.api"),
    "psoaskit.analysis": ("psoaskit.analysis.log_analysis",),
    "psoaskit.reports": ("psoaskit.reports.batch",),
}
#: Old public names -> new ones.
RENAMED = {
    "load_catalogue": "read_catalogue",
    "load_programmes": "read_programmes",
    "load_quiz": "read_quiz",
    "load_mapping": "read_mapping",
    "simulate": "simulate",
    "Load": "Equipment",
}


def _find(homes: tuple[str, ...], name: str) -> tuple[str, Any]:
    new = RENAMED.get(name, name)
    for home in homes:
        module = importlib.import_module(home)
        if hasattr(module, new):
            return f"{home}.{new}", getattr(module, new)
    raise AttributeError(name)


def moved_attribute(package: str, name: str) -> Any:
    """A name an old flat module had, looked up where it lives now (with a warning)."""
    try:
        where, value = _find(_PACKAGE_HOMES[package], name)
    except AttributeError:
        raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
    warnings.warn(f"{package}.{name} moved to {where}", DeprecationWarning, stacklevel=3)
    return value


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports an old module path as a module whose names come from their new homes."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in MOVED_MODULES:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: Any) -> types.ModuleType:
        homes = MOVED_MODULES[spec.name]
        warnings.warn(
            f"{spec.name} moved to {' / '.join(homes)}", DeprecationWarning, stacklevel=2
        )
        module = types.ModuleType(spec.name)

        def getattr_(name: str) -> Any:
            try:
                return _find(homes, name)[1]
            except AttributeError:
                raise AttributeError(f"module {spec.name!r} has no attribute {name!r}") from None

        module.__getattr__ = getattr_  # type: ignore[method-assign]
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def install() -> None:
    """Make the old module paths importable (once per process)."""
    if not any(isinstance(f, _MovedModules) for f in sys.meta_path):
        sys.meta_path.append(_MovedModules())


def renamed_keyword(old: str, new: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let a function still take keyword ``old`` (now ``new``), with a warning."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                warnings.warn(
                    f"{function.__name__}({old}=...) is now {new}=...",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper

    return decorate
