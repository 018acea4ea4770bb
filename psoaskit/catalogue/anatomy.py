"""Iliopsoas anatomy for learners: attachments, nerves and actions, and a drawn schematic.

The facts live in ``data/anatomy_iliopsoas.toml`` (own words, each with its sources); the
schematic is a set of landmark coordinates (``data/anatomy_iliopsoas_schematic.csv``) that
:func:`psoaskit.viz.charts.biomech.anatomy_schematic_chart` draws. No image is copied from anywhere.
"""

from __future__ import annotations

import io
from functools import cache

import pandas as pd

from psoaskit._data import read_text, read_toml
from psoaskit.errors import CatalogueError

__all__ = ["anatomy_facts", "anatomy_notes", "anatomy_sources", "schematic"]

_FACTS = "anatomy_iliopsoas.toml"
_FIELDS = ["id", "name", "origin", "insertion", "nerve", "hip_action", "spine_action", "sources"]


@cache
def _facts() -> dict:
    raw = read_toml(_FACTS)
    known = set(raw.get("sources", {}))
    for kind in ("muscle", "fact"):
        for entry in raw.get(kind, []):
            unknown = [s for s in entry.get("sources", []) if s not in known]
            if not entry.get("sources") or unknown:
                raise CatalogueError(
                    f"{_FACTS}: {kind} {entry.get('id')!r} needs sources from [sources]; "
                    f"unknown: {unknown or 'none given'}"
                )
    return raw


def anatomy_facts() -> pd.DataFrame:
    """Psoas major, psoas minor and iliacus: origin, insertion, nerve, actions, sources.

    Returns
    -------
    pandas.DataFrame
        One row per muscle; ``sources`` is a comma-separated list of keys of
        :func:`anatomy_sources`.

    Examples
    --------
    >>> anatomy_facts()["name"].tolist()
    ['Psoas major', 'Psoas minor', 'Iliacus']
    """
    rows = [{k: entry[k] for k in _FIELDS} for entry in _facts()["muscle"]]
    frame = pd.DataFrame(rows, columns=_FIELDS)
    frame["sources"] = frame["sources"].map(", ".join)
    return frame


def anatomy_notes() -> pd.DataFrame:
    """Further short facts (``id``, ``text``, ``sources``).

    Examples
    --------
    >>> "shared_path" in set(anatomy_notes()["id"])
    True
    """
    rows = [
        {"id": f["id"], "text": f["text"], "sources": ", ".join(f["sources"])}
        for f in _facts().get("fact", [])
    ]
    return pd.DataFrame(rows, columns=["id", "text", "sources"])


def anatomy_sources() -> pd.DataFrame:
    """The references the anatomy facts cite (``key``, ``citation``, ``url``).

    Examples
    --------
    >>> "gray1918" in set(anatomy_sources()["key"])
    True
    """
    rows = [
        {"key": key, "citation": src["citation"], "url": src.get("url", "")}
        for key, src in _facts()["sources"].items()
    ]
    return pd.DataFrame(rows, columns=["key", "citation", "url"])


def schematic() -> pd.DataFrame:
    """Landmark coordinates of the front-view schematic (tidy; arbitrary units, y up).

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` (bone, leader, muscle, label), ``part``, ``path``, ``order``, ``x``, ``y``,
        ``label`` and ``source``.

    Examples
    --------
    >>> sorted(schematic().query("kind == 'muscle'")["part"].unique())
    ['iliacus', 'psoas major', 'psoas minor']
    """
    frame = pd.read_csv(io.StringIO(read_text("anatomy_iliopsoas_schematic.csv")), comment="#")
    frame["label"] = frame["label"].fillna("")
    return frame
