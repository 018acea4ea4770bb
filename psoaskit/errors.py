"""The errors psoaskit raises for things a user can cause, and the wording they share.

Every error meant for a user (a bad file, an unknown id, a parameter out of range) is a
:class:`PsoaskitError`, so one ``except PsoaskitError`` catches them all and the command line
turns them into one line on stderr. Each also derives from :class:`ValueError`, as the
built-in errors of a bad argument do. An exception that is not a :class:`PsoaskitError` is a
bug in psoaskit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "AssignmentError",
    "CatalogueError",
    "LogError",
    "ParameterError",
    "PsoaskitError",
    "QuizError",
    "UnknownIdError",
    "expected_one_of",
]


class PsoaskitError(ValueError):
    """Base of every error a user can cause: its message says what is wrong and how to fix it."""


class ParameterError(PsoaskitError):
    """A parameter has a value psoaskit cannot use (unknown name, out of range)."""


class CatalogueError(PsoaskitError):
    """A catalogue or programme file is invalid, or an id is not in the catalogue."""


class QuizError(PsoaskitError):
    """A quiz file is invalid."""


class AssignmentError(PsoaskitError):
    """An assignments file (athlete -> programme) cannot be read or names unknown ids."""


class UnknownIdError(PsoaskitError, KeyError):
    """An id (exercise, programme, athlete) that is not there; the message suggests close ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class LogError(PsoaskitError):
    """A log cannot be read at all, or strict mode met rejected rows.

    Attributes
    ----------
    report : psoaskit.logs.schema.IngestReport or None
        The ingest report when rows were read (strict mode); ``None`` when the input
        could not be read.
    """

    def __init__(self, message: str, report: Any = None):
        super().__init__(message)
        self.report = report


def expected_one_of(what: str, value: object, choices: Iterable[object]) -> str:
    """The message for a value outside its choices: ``unknown <what> <value>; expected ...``.

    Examples
    --------
    >>> expected_one_of("weight unit", "stone", ["kg", "lb"])
    "unknown weight unit 'stone'; expected one of kg, lb"
    """
    return f"unknown {what} {value!r}; expected one of {', '.join(map(str, choices))}"
