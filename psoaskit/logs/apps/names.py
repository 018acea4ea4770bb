"""App exercise names as catalogue ids: the user's mapping file, names and aliases, sides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psoaskit._files import regular_file
from psoaskit.catalogue.exercises import Catalogue, close_matches, normalise_name, read_catalogue
from psoaskit.errors import LogError
from psoaskit.logs.formats import header_key
from psoaskit.logs.readers import csv_records, decode_text, sniff_delimiter
from psoaskit.logs.schema import EXERCISE_ID, OTHER_EXERCISE, SIDE, SIDE_WORDS, SIDES

__all__ = ["NameTarget", "read_mapping", "resolve_exercise"]

#: Side words that name one side (``both`` is the default and needs no word).
_ONE_SIDE = {word: side for word, side in SIDE_WORDS.items() if side != "both"}


@dataclass(frozen=True)
class NameTarget:
    """What an app's exercise name maps to: a catalogue id (or ``other``) and maybe a side."""

    exercise_id: str
    side: str | None


def read_mapping(
    source: str | Path | Mapping[str, Any] | None, catalogue: Catalogue | None = None
) -> dict[str, NameTarget]:
    """Read a user mapping of app exercise names to catalogue ids (and optionally a side).

    A CSV file with columns ``name,exercise_id[,side]`` (``#`` lines are comments), or a
    dict ``{name: exercise_id}`` / ``{name: (exercise_id, side)}``. ``exercise_id`` may be
    ``other``; ``side`` is L, R, both or empty.

    Raises
    ------
    LogError
        On an unreadable file or unknown ids/sides, naming the row.

    Examples
    --------
    >>> m = read_mapping({"Hip Flexor Raise (L)": ("standing_hip_flexion", "L")})
    >>> m["hip flexor raise l"].side
    'L'
    """
    if source is None:
        return {}
    catalogue = catalogue or read_catalogue()
    rows: list[tuple[str, list[str]]] = []
    if isinstance(source, Mapping):
        for name, target in source.items():
            fields = [target] if isinstance(target, str) else list(target)
            rows.append((f"entry {name!r}", [str(name), *map(str, fields)]))
    else:
        path = regular_file(source, LogError)
        try:
            text, _ = decode_text(path.read_bytes())
        except OSError as exc:
            raise LogError(f"cannot read the mapping {path}: {exc.strerror or exc}") from None
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
        records = csv_records("\n".join(lines), sniff_delimiter(lines[0] if lines else ""))
        if records and [header_key(f) for f in records[0][1][:2]] == ["name", EXERCISE_ID]:
            records = records[1:]
        rows = [
            (f"{path} row {n}", fields)
            for n, fields, _ in records
            if any(f.strip() for f in fields)
        ]
    ids = [*catalogue.exercises, OTHER_EXERCISE]
    mapping: dict[str, NameTarget] = {}
    for where, fields in rows:
        if len(fields) < 2 or len(fields) > 3:
            raise LogError(f"mapping {where}: expected name,exercise_id[,side], got {fields!r}")
        name, exercise_id = fields[0].strip(), fields[1].strip()
        side = fields[2].strip() if len(fields) == 3 else ""
        if exercise_id not in ids:
            near = close_matches(exercise_id, ids)
            hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
            raise LogError(f"mapping {where}: unknown exercise {exercise_id!r}{hint}")
        if side and side not in SIDES:
            raise LogError(f"mapping {where}: side {side!r} is not L, R or both")
        mapping[normalise_name(name)] = NameTarget(exercise_id, side or None)
    return mapping


def resolve_exercise(
    name: str, catalogue: Catalogue, mapping: Mapping[str, NameTarget] | None = None
) -> tuple[str, str | None]:
    """Catalogue id (or ``other``) and side (or None) of an app's exercise name.

    The mapping wins, then the catalogue's names and aliases; a trailing or leading
    left/right word names the side.

    Examples
    --------
    >>> cat = read_catalogue()
    >>> resolve_exercise("Standing Banded Psoas Hold (Left)", cat)
    ('standing_banded_psoas_hold', 'L')
    >>> resolve_exercise("Standing Hip Flexion (right leg)", cat)
    ('standing_hip_flexion', 'R')
    >>> resolve_exercise("Bench Press (Barbell)", cat)
    ('other', None)
    """
    mapping = mapping or {}
    index = catalogue.alias_index()
    key = normalise_name(name)
    candidates = [(key, None)]
    words = key.split()
    if len(words) > 2 and words[-1] in ("leg", SIDE, "hip") and words[-2] in ("left", "right"):
        words = words[:-1]  # "... (left leg)"
    if len(words) > 1 and words[-1] in _ONE_SIDE:
        candidates.append((" ".join(words[:-1]), _ONE_SIDE[words[-1]]))
    if len(words) > 1 and words[0] in ("left", "right"):
        candidates.append((" ".join(words[1:]), _ONE_SIDE[words[0]]))
    for table in (mapping, None):
        for candidate, side in candidates:
            if table is not None and candidate in table:
                target = table[candidate]
                return target.exercise_id, target.side or side
            if table is None and candidate in index:
                return index[candidate], side
    return OTHER_EXERCISE, None
