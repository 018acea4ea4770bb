"""Which format a file is in: the header vocabularies of the app exports, and format detection.

The vocabularies are data (``data/export_formats.toml``, with their sources): for each app, the
columns that identify it and every header name seen for each column it carries. The app
importers (:mod:`psoaskit.logs.apps`) look their columns up here; :func:`detect_format` names the
format of a header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from psoaskit._data import read_toml
from psoaskit.logs.schema import ATHLETE_ID, EXERCISE_ID

__all__ = [
    "KG_UNITS",
    "LB_UNITS",
    "ExportFormat",
    "detect_format",
    "export_formats",
    "header_key",
    "is_headless_strong",
]


#: How exports write the weight units (lower case).
KG_UNITS = frozenset({"kg", "kgs", "kilograms"})
LB_UNITS = frozenset({"lb", "lbs", "pounds"})


def header_key(name: str) -> str:
    """A header name as compared: stripped of spaces and quotes, lower case.

    Examples
    --------
    >>> header_key(' "Exercise Name" ')
    'exercise name'
    """
    return name.strip().strip('"').strip().lower()


@dataclass(frozen=True)
class ExportFormat:
    """The header vocabulary of one app's export.

    Attributes
    ----------
    app : str
        The app's id (``strong``, ``hevy``, ``fitnotes``, ``fitbod``, ``jefit``).
    name : str
        The app's name as users know it.
    signature : frozenset of str
        Header keys that together identify the app.
    columns : dict of str to tuple of str
        Role (``date``, ``weight``, ...) -> every header key seen for it.
    not_carried : tuple of str
        Header keys of columns the canonical log has no place for.
    headless_header : tuple of str
        The header of exports known to circulate without their header row (may be empty).
    """

    app: str
    name: str
    signature: frozenset[str]
    columns: dict[str, tuple[str, ...]]
    not_carried: tuple[str, ...]
    headless_header: tuple[str, ...] = ()

    def column(self, header: Sequence[str], role: str) -> str | None:
        """The header name of ``role`` in ``header`` (as written there), or None.

        Examples
        --------
        >>> export_formats()["strong"].column(["Date", "Weight (kgs)"], "weight")
        'Weight (kgs)'
        """
        keys = {header_key(h): h for h in header}
        return next((keys[k] for k in self.columns[role] if k in keys), None)


@cache
def export_formats() -> dict[str, ExportFormat]:
    """Every app export psoaskit reads, by app id, in the order they are recognised.

    Examples
    --------
    >>> list(export_formats())
    ['strong', 'hevy', 'fitnotes', 'fitbod', 'jefit']
    """
    formats = {}
    for app, entry in read_toml("export_formats.toml").items():
        formats[app] = ExportFormat(
            app=app,
            name=entry["name"],
            signature=frozenset(entry["signature"]),
            columns={role: tuple(names) for role, names in entry["columns"].items()},
            not_carried=tuple(entry.get("not_carried", ())),
            headless_header=tuple(entry.get("headless_header", ())),
        )
    return formats


#: Header keys of a psoaskit log: any of them means the file is a log, not an export.
_CANONICAL_KEYS = frozenset({ATHLETE_ID, EXERCISE_ID})


def detect_format(header: Sequence[str]) -> str:
    """Name the format of a CSV header: an app id, ``canonical`` (a psoaskit log) or ``unknown``.

    Examples
    --------
    >>> detect_format(["Date", "Workout Name", "Exercise Name", "Set Order", "Weight"])
    'strong'
    >>> detect_format(["Date", "Exercise", "Category", "Weight (kgs)", "Reps"])
    'fitnotes'
    """
    names = {header_key(h) for h in header}
    if names & _CANONICAL_KEYS:
        return "canonical"
    for app, export in export_formats().items():
        if export.signature <= names:
            return app
    return "unknown"


def is_headless_strong(fields: Sequence[str]) -> bool:
    """True when a first row is a Strong V3 data row of an export whose header was removed.

    Examples
    --------
    >>> is_headless_strong(["2024-01-16 16:46:08", "Hips", "Psoas March", "1", "0", "kg",
    ...                     "8", "", "0", "", "60", "", ""])
    True
    """
    header = export_formats()["strong"].headless_header
    units = KG_UNITS | LB_UNITS | {""}
    return (
        len(fields) == len(header)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}(:\d{2})?", fields[0].strip()) is not None
        and header_key(fields[5]) in units
    )
