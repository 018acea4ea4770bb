"""Athlete session logs: one schema, and every way a log gets in and out.

The modules form a line, each using only those before it: :mod:`~psoaskit.logs.schema`
(columns, dtypes, limits, reasons, the ingest report) <- :mod:`~psoaskit.logs.readers` (CSV,
Parquet, JSON Lines into raw columns) <- :mod:`~psoaskit.logs.formats` (which app an export
comes from; header vocabularies as data) <- :mod:`~psoaskit.logs.cells` (parsing cells) <-
:mod:`~psoaskit.logs.validate` (rows judged; the typed log) <- :mod:`~psoaskit.logs.apps` (one
importer per app) <- :mod:`~psoaskit.logs.api` (:func:`read_log`, :func:`import_export`,
:func:`read_any`, :func:`write_log`).
"""

from psoaskit.errors import LogError
from psoaskit.logs import api, apps, cells, formats, readers, schema, validate
from psoaskit.logs.api import import_export, read_any, read_log, write_log
from psoaskit.logs.schema import (
    LOG_COLUMNS,
    LOG_DTYPES,
    SIDES,
    IngestReport,
    ReadResult,
    empty_log,
)

__all__ = [
    "LOG_COLUMNS",
    "LOG_DTYPES",
    "SIDES",
    "IngestReport",
    "LogError",
    "ReadResult",
    "api",
    "apps",
    "cells",
    "empty_log",
    "formats",
    "import_export",
    "read_any",
    "read_log",
    "readers",
    "schema",
    "validate",
    "write_log",
]


def __getattr__(name: str) -> object:  # psoaskit 0.1 names of this module, with a warning
    from psoaskit._compat import moved_attribute

    return moved_attribute(__name__, name)
