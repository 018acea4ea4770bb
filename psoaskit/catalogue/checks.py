"""Checks of every packaged data file (``psoaskit check-data``; part of ``make demo``)."""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Callable

from psoaskit._data import list_data_files, read_text
from psoaskit.catalogue.exercises import read_catalogue
from psoaskit.catalogue.programmes import read_programmes

__all__ = ["check_data_files"]


def _check_toml(name: str) -> None:
    tomllib.loads(read_text(name))


def _check_csv(name: str) -> None:
    text = read_text(name)
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    if not any(ln.startswith("#") for ln in text.splitlines()[:20]) and "source" not in lines[0]:
        raise ValueError("no provenance: expected '# source' header lines or a source column")
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    width = len(rows[0])
    for i, row in enumerate(rows[1:], start=2):
        if row and len(row) != width:
            raise ValueError(f"data row {i} has {len(row)} fields, header has {width}")


#: Deeper checks for files with a loader of their own.
_LOADERS: dict[str, Callable[[], object]] = {
    "exercises.toml": lambda: read_catalogue(),
    "programmes.toml": lambda: read_programmes(),
}


def _check_index(names: list[str]) -> str:
    """Every data file appears in the provenance index ``README.md`` (as `name`)."""
    index = read_text("README.md")
    missing = [n for n in names if n != "README.md" and f"`{n}`" not in index]
    return f"not in the provenance index README.md: {', '.join(missing)}" if missing else ""


def check_data_files() -> list[tuple[str, str]]:
    """Check every packaged data file; returns ``(name, problem)`` pairs, ``""`` when fine.

    Examples
    --------
    >>> dict(check_data_files())["exercises.toml"]
    ''
    """
    names = list_data_files()
    results = []
    for name in names:
        if name == "README.md":
            results.append((name, _check_index(names)))
            continue
        try:
            if name in _LOADERS:
                _LOADERS[name]()
            elif name.endswith(".toml"):
                _check_toml(name)
            elif name.endswith(".csv"):
                _check_csv(name)
            problem = ""
        except Exception as exc:  # a report of every file, whatever goes wrong
            problem = f"{type(exc).__name__}: {exc}"
        results.append((name, problem))
    return results
