"""The programmes of the source documents, as validated data.

``data/programmes.toml`` holds one table per programme; :func:`read_programmes` parses
it and checks every referenced exercise against the catalogue.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from psoaskit._data import read_text
from psoaskit.catalogue.exercises import (
    Catalogue,
    CatalogueError,
    Dose,
    Range,
    parse_dose,
    parse_range,
    read_catalogue,
    unknown_id_message,
)
from psoaskit.errors import UnknownIdError

__all__ = [
    "PROGRESSION_STEPS",
    "Programme",
    "ProgrammeItem",
    "get_programme",
    "parse_programmes",
    "read_programmes",
    "with_names",
]

#: Progression steps a programme may name, in the vocabulary of the sources.
PROGRESSION_STEPS = ("sets", "hold", "resistance", "load", "level")


@dataclass(frozen=True)
class ProgrammeItem:
    """One exercise of a programme with the dose the programme prescribes for it."""

    exercise: str
    phase: str
    dose: Dose
    optional: bool = False


@dataclass(frozen=True)
class Programme:
    """A programme: items, weekly frequency, length and progression order.

    Attributes
    ----------
    sessions_per_week : Range or None
        Prescribed frequency [1/week]; ``None`` where the source is silent.
    weeks : Range or None
        Programme length [week]; ``None`` where the source is silent.
    progression : tuple of str
        Ordered progression steps, from :data:`PROGRESSION_STEPS`.
    """

    id: str
    name: str
    sources: tuple[str, ...]
    description: str
    items: tuple[ProgrammeItem, ...]
    progression: tuple[str, ...]
    progression_note: str
    sessions_per_week: Range | None = None
    weeks: Range | None = None

    @property
    def exercise_ids(self) -> list[str]:
        """Catalogue ids of the programme's items, in order."""
        return [item.exercise for item in self.items]

    def phases(self) -> list[str]:
        """Phase names in order of first appearance."""
        return list(dict.fromkeys(item.phase for item in self.items))


def _parse_programme(raw: Any, index: int, catalogue: Catalogue) -> Programme:
    if not isinstance(raw, dict):
        raise CatalogueError(f"programme #{index + 1}: expected a table")
    where = f"programme {raw.get('id', f'#{index + 1}')!r}"
    for key in ("id", "name", "sources", "item"):
        if key not in raw:
            raise CatalogueError(f"{where}: missing field {key}")
    for src in raw["sources"]:
        if src not in catalogue.sources:
            raise CatalogueError(
                f"{where}.sources: {unknown_id_message('source', src, catalogue.sources)}"
            )
    steps = tuple(raw.get("progression", []))
    for step in steps:
        if step not in PROGRESSION_STEPS:
            raise CatalogueError(
                f"{where}.progression: unknown step {step!r}; "
                f"expected one of {', '.join(PROGRESSION_STEPS)}"
            )
    items = []
    for j, item in enumerate(raw["item"]):
        item_where = f"{where}.item #{j + 1}"
        exercise_id = item.get("exercise")
        if exercise_id not in catalogue.exercises:
            msg = unknown_id_message("exercise", str(exercise_id), catalogue.exercises)
            raise CatalogueError(f"{item_where}.exercise: {msg}")
        dose_raw = item.get("dose")
        dose = (
            catalogue[exercise_id].dose
            if dose_raw is None
            else parse_dose(dose_raw, f"{item_where}.dose")
        )
        items.append(
            ProgrammeItem(
                exercise=exercise_id,
                phase=str(item.get("phase", "main")),
                dose=dose,
                optional=bool(item.get("optional", False)),
            )
        )
    return Programme(
        id=str(raw["id"]),
        name=str(raw["name"]),
        sources=tuple(raw["sources"]),
        description=str(raw.get("description", "")),
        items=tuple(items),
        progression=steps,
        progression_note=str(raw.get("progression_note", "")),
        sessions_per_week=(
            parse_range(raw["sessions_per_week"], f"{where}.sessions_per_week")
            if "sessions_per_week" in raw
            else None
        ),
        weeks=parse_range(raw["weeks"], f"{where}.weeks") if "weeks" in raw else None,
    )


def parse_programmes(text: str, catalogue: Catalogue) -> dict[str, Programme]:
    """Parse and validate programme TOML text against ``catalogue``."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"programmes file is not valid TOML: {exc}") from exc
    programmes: dict[str, Programme] = {}
    for i, entry in enumerate(raw.get("programme", [])):
        prog = _parse_programme(entry, i, catalogue)
        if prog.id in programmes:
            raise CatalogueError(f"programme {prog.id!r}: duplicate id (entry #{i + 1})")
        programmes[prog.id] = prog
    return programmes


def read_programmes(
    path: str | Path | None = None, catalogue: Catalogue | None = None
) -> dict[str, Programme]:
    """Load the programmes (the packaged ones unless ``path`` is given).

    Examples
    --------
    >>> progs = read_programmes()
    >>> progs["psoas_march_drill"].items[0].dose.describe()
    '3 sets x 60 s work'
    >>> str(progs["precision_movement_routine"].sessions_per_week)
    '2-3'
    """
    if path is None and catalogue is None:
        return _packaged_programmes()
    text = read_text("programmes.toml") if path is None else Path(path).read_text("utf-8")
    return parse_programmes(text, catalogue or read_catalogue())


def get_programme(programme_id: str) -> Programme:
    """The packaged programme ``programme_id``; ``KeyError`` with close matches if unknown."""
    programmes = read_programmes()
    if programme_id not in programmes:
        raise UnknownIdError(unknown_id_message("programme", programme_id, programmes))
    return programmes[programme_id]


@cache
def _packaged_programmes() -> dict[str, Programme]:
    return parse_programmes(read_text("programmes.toml"), read_catalogue())


@cache
def _id_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names = {e.id: e.name for e in read_catalogue().values()}
    names |= {p.id: p.name for p in read_programmes().values()}
    ids = sorted(names, key=len, reverse=True)  # longest first: an id inside a longer one
    return re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b"), names


def with_names(text: str) -> str:
    """``text`` with every packaged exercise and programme id replaced by its name.

    Only whole ids are replaced (``_`` counts as part of a word), so prose is left alone.

    Examples
    --------
    >>> with_names("1 session(s) in the week; programme psoas_march_drill asks for 3 a week")
    '1 session(s) in the week; programme Psoas march drill asks for 3 a week'
    """
    pattern, names = _id_pattern()
    return pattern.sub(lambda m: names[m.group(1)], text)
