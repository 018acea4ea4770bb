"""Importers of training-app exports, one module per app; :data:`MAPPERS` is the registry.

Each module maps its app's columns to canonical ones; :func:`psoaskit.logs.api.import_export`
splits the file, calls the app's mapper and validates the rows like any log.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from psoaskit.logs.apps import fitbod, fitnotes, hevy, jefit, mapped, strong
from psoaskit.logs.apps.common import MappedExport

__all__ = ["EXPORT_FORMATS", "MAPPERS", "fitbod", "fitnotes", "hevy", "jefit", "mapped",
           "strong"]

#: App id -> the function mapping its export's columns (raw text, weight unit, decimal comma,
#: the athlete's time zone or None). A sheet read through a column map uses
#: :func:`psoaskit.logs.apps.mapped.map_export` with its map.
MAPPERS: dict[str, Callable[[pd.DataFrame, str, bool, str | None], MappedExport]] = {
    "strong": strong.map_export,
    "hevy": hevy.map_export,
    "fitnotes": fitnotes.map_export,
    "fitbod": fitbod.map_export,
    "jefit": jefit.map_export,
}
#: App export formats that :func:`psoaskit.import_export` reads.
EXPORT_FORMATS = tuple(MAPPERS)
