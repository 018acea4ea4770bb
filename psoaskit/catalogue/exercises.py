"""The exercise catalogue: every exercise of the source documents as validated data.

The catalogue lives in ``data/exercises.toml`` (human-editable, one table per exercise);
:func:`read_catalogue` parses it into frozen dataclasses and rejects inconsistent edits
with a :class:`CatalogueError` naming the entry and the field.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoaskit._data import read_text
from psoaskit.errors import CatalogueError, UnknownIdError

if TYPE_CHECKING:  # pandas is imported where a table is made (the catalogue loads without it)
    import pandas as pd

__all__ = [
    "CONTRACTIONS",
    "DOSE_FIELDS",
    "LATERALITIES",
    "POSTURE_MODELS",
    "Catalogue",
    "CatalogueError",
    "Dose",
    "Exercise",
    "Posture",
    "Range",
    "Source",
    "close_matches",
    "normalise_name",
    "parse_catalogue",
    "parse_dose",
    "parse_range",
    "read_catalogue",
    "source_documents",
    "unknown_id_message",
]

CONTRACTIONS = ("isometric", "dynamic", "eccentric", "soft_tissue", "stretch")
LATERALITIES = ("unilateral", "alternating", "bilateral")
POSTURE_MODELS = (
    "supine",
    "standing",
    "hanging",
    "plank",
    "side_lying",
    "half_kneeling",
    "side_plank",
    "none",
)
#: Dose fields, each a [min, max] range; units in brackets in :class:`Dose`.
DOSE_FIELDS = ("sets", "reps", "hold_s", "work_s", "cycles", "per_week", "min_weeks")




@dataclass(frozen=True)
class Range:
    """A closed range ``[min, max]`` as a source states it (``min == max`` for one value)."""

    min: float
    max: float

    def __str__(self) -> str:
        def fmt(x: float) -> str:
            return f"{x:g}"

        return fmt(self.min) if self.min == self.max else f"{fmt(self.min)}-{fmt(self.max)}"

    @property
    def mid(self) -> float:
        """Midpoint of the range."""
        return (self.min + self.max) / 2


@dataclass(frozen=True)
class Dose:
    """A prescription as the source gives it; ``None`` where the source is silent.

    Attributes
    ----------
    sets, reps, cycles : Range or None
        Counts per session [-]; ``reps`` and ``cycles`` are per side when ``per_side``.
    hold_s : Range or None
        Hold per repetition [s].
    work_s : Range or None
        Continuous work per set [s] (e.g. a 60 s march).
    per_week : Range or None
        Sessions per week [1/week].
    min_weeks : Range or None
        Minimum programme length before judging results [week].
    per_side : bool
        Whether counts and times apply to each side.
    """

    sets: Range | None = None
    reps: Range | None = None
    hold_s: Range | None = None
    work_s: Range | None = None
    cycles: Range | None = None
    per_week: Range | None = None
    min_weeks: Range | None = None
    per_side: bool = False

    def describe(self) -> str:
        """One-line human description, e.g. ``'3 sets x 10-15 reps per side'``.

        Examples
        --------
        >>> Dose(sets=Range(3, 3), work_s=Range(60, 60)).describe()
        '3 sets x 60 s work'
        """
        parts = []
        if self.sets:
            parts.append(f"{self.sets} set{'' if self.sets.max == 1 else 's'}")
        if self.reps:
            parts.append(f"{self.reps} reps")
        if self.cycles:
            parts.append(f"{self.cycles} cycles")
        if self.hold_s:
            parts.append(f"{self.hold_s} s hold")
        if self.work_s:
            parts.append(f"{self.work_s} s work")
        text = " x ".join(parts) if parts else "no dose given"
        if self.per_side and parts:
            text += " per side"
        if self.per_week:
            text += f", {self.per_week} x/week"
        if self.min_weeks:
            text += f", at least {self.min_weeks} weeks"
        return text


@dataclass(frozen=True)
class Posture:
    """The joint angles an exercise's position implies, for the lever-arm model.

    Attributes
    ----------
    model : str
        Posture family for the mechanics model, one of :data:`POSTURE_MODELS`.
    hip_deg : Range
        Hip flexion worked through [deg] (0 = neutral, negative = extension).
    knee_deg : Range
        Knee flexion [deg] (0 = straight).
    note : str
        How the angles were read from the source.
    """

    model: str
    hip_deg: Range
    knee_deg: Range
    note: str = ""


@dataclass(frozen=True)
class Source:
    """A source document of the catalogue (``../shared/seeds``)."""

    id: str
    title: str
    author: str
    file: str


@dataclass(frozen=True)
class Exercise:
    """One catalogue entry. See ``data/exercises.toml`` for the field conventions."""

    id: str
    name: str
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    position: str
    contraction: str
    laterality: str
    equipment: tuple[str, ...]
    dose: Dose
    posture: Posture
    cues: tuple[str, ...]
    faults: tuple[str, ...]
    progressions: tuple[str, ...]
    regressions: tuple[str, ...]
    safety: tuple[str, ...]
    level: int | None = None
    recommended: bool = True
    not_recommended_reason: str = ""
    evidence: str = ""

    @property
    def modelled(self) -> bool:
        """Whether the lever-arm model covers this exercise's posture."""
        return self.posture.model != "none"

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON-ready): ranges become ``[min, max]`` lists."""

        def plain(value: Any) -> Any:
            if isinstance(value, Range):
                return [value.min, value.max]
            if isinstance(value, Dose | Posture):
                return {k: plain(v) for k, v in vars(value).items() if v is not None}
            if isinstance(value, tuple):
                return list(value)
            return value

        return {k: plain(v) for k, v in vars(self).items()}


@dataclass(frozen=True)
class Catalogue(Mapping[str, Exercise]):
    """Exercises by id, in file order, plus the sources and the common safety notes.

    Examples
    --------
    >>> cat = read_catalogue()
    >>> cat["psoas_march"].dose.describe()
    '3 sets x 60 s work'
    >>> [e.id for e in cat.ladder()][:2]
    ['supine_psoas_activation', 'standing_psoas_activation']
    """

    exercises: dict[str, Exercise]
    sources: dict[str, Source]
    safety_common: tuple[str, ...] = field(default=())

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            message = unknown_id_message("exercise", exercise_id, self.exercises)
            raise UnknownIdError(message) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def ladder(self) -> list[Exercise]:
        """The exercises that carry a level, ordered by level."""
        levelled = [e for e in self.exercises.values() if e.level is not None]
        return sorted(levelled, key=lambda e: e.level or 0)

    def alias_index(self) -> dict[str, str]:
        """Map of normalised names and aliases (and ids) to exercise ids."""
        index: dict[str, str] = {}
        for ex in self.exercises.values():
            for name in (ex.id, ex.name, *ex.aliases):
                index[normalise_name(name)] = ex.id
        return index

    def safety_for(self, exercise_id: str) -> tuple[str, ...]:
        """Common safety notes followed by the exercise's own."""
        return self.safety_common + self[exercise_id].safety


def normalise_name(name: str) -> str:
    """Lower-case, punctuation-free form of an exercise name used for matching.

    Examples
    --------
    >>> normalise_name("Hip Flexor Stretch (Deep-Lunge)")
    'hip flexor stretch deep lunge'
    """
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.lower())
    return " ".join(cleaned.split())


def close_matches(word: str, candidates: Any, n: int = 3) -> list[str]:
    """Up to ``n`` candidates closest to ``word`` (for did-you-mean messages)."""
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.5)


def unknown_id_message(kind: str, word: str, candidates: Any) -> str:
    """``unknown exercise 'x'; did you mean 'y'?`` style one-line message."""
    matches = close_matches(word, candidates)
    hint = f"; did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""
    return f"unknown {kind} {word!r}{hint}"


# --- loading and validation -------------------------------------------------------------------

_REQUIRED = ("id", "name", "sources", "position", "contraction", "laterality", "posture")
_KNOWN = set(_REQUIRED) | {
    "aliases",
    "equipment",
    "dose",
    "cues",
    "faults",
    "progressions",
    "regressions",
    "safety",
    "level",
    "recommended",
    "not_recommended_reason",
    "evidence",
}


def parse_range(value: Any, where: str) -> Range:
    """Parse ``[min, max]`` (or a single number) into a :class:`Range`, checking min <= max."""
    if isinstance(value, bool):
        raise CatalogueError(f"{where}: expected a number or [min, max], got {value!r}")
    if isinstance(value, int | float):
        value = [value, value]
    if not (isinstance(value, list) and len(value) == 2):
        raise CatalogueError(f"{where}: expected [min, max], got {value!r}")
    lo, hi = value
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lo, hi)):
        raise CatalogueError(f"{where}: expected numbers in [min, max], got {value!r}")
    if lo > hi:
        raise CatalogueError(f"{where}: min {lo} > max {hi}")
    return Range(lo, hi)


def parse_dose(raw: Any, where: str) -> Dose:
    """Parse a dose table; unknown keys and negative values are errors."""
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected a table, got {raw!r}")
    unknown = set(raw) - set(DOSE_FIELDS) - {"per_side"}
    if unknown:
        raise CatalogueError(f"{where}: unknown field(s) {sorted(unknown)}")
    ranges = {}
    for name in DOSE_FIELDS:
        if name in raw:
            rng = parse_range(raw[name], f"{where}.{name}")
            if rng.min < 0:
                raise CatalogueError(f"{where}.{name}: must not be negative, got {rng.min}")
            ranges[name] = rng
    per_side = raw.get("per_side", False)
    if not isinstance(per_side, bool):
        raise CatalogueError(f"{where}.per_side: expected true or false, got {per_side!r}")
    return Dose(**ranges, per_side=per_side)


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(f"{where}.{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def _choice(entry: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = entry[key]
    if value not in allowed:
        raise CatalogueError(
            f"{where}.{key}: unknown value {value!r}; expected one of {', '.join(allowed)}"
        )
    return value


def _parse_exercise(entry: Any, index: int, sources: dict[str, Source]) -> Exercise:
    if not isinstance(entry, dict):
        raise CatalogueError(f"exercise #{index + 1}: expected a table")
    where = f"exercise {entry.get('id', f'#{index + 1}')!r}"
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise CatalogueError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = set(entry) - _KNOWN
    if unknown:
        raise CatalogueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    entry_sources = _strings(entry, "sources", where)
    if not entry_sources:
        raise CatalogueError(f"{where}.sources: at least one source is required")
    for src in entry_sources:
        if src not in sources:
            raise CatalogueError(f"{where}.sources: {unknown_id_message('source', src, sources)}")
    posture_raw = entry["posture"]
    if not isinstance(posture_raw, dict):
        raise CatalogueError(f"{where}.posture: expected a table")
    for key in ("model", "hip_deg", "knee_deg"):
        if key not in posture_raw:
            raise CatalogueError(f"{where}.posture: missing field {key}")
    posture = Posture(
        model=_choice(posture_raw, "model", POSTURE_MODELS, f"{where}.posture"),
        hip_deg=parse_range(posture_raw["hip_deg"], f"{where}.posture.hip_deg"),
        knee_deg=parse_range(posture_raw["knee_deg"], f"{where}.posture.knee_deg"),
        note=str(posture_raw.get("note", "")),
    )
    level = entry.get("level")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool) or level < 1):
        raise CatalogueError(f"{where}.level: expected a whole number >= 1, got {level!r}")
    recommended = entry.get("recommended", True)
    reason = entry.get("not_recommended_reason", "")
    if not recommended and not reason:
        raise CatalogueError(f"{where}.not_recommended_reason: required when recommended = false")
    return Exercise(
        id=str(entry["id"]),
        name=str(entry["name"]),
        aliases=_strings(entry, "aliases", where),
        sources=entry_sources,
        position=str(entry["position"]),
        contraction=_choice(entry, "contraction", CONTRACTIONS, where),
        laterality=_choice(entry, "laterality", LATERALITIES, where),
        equipment=_strings(entry, "equipment", where),
        dose=parse_dose(entry.get("dose", {}), f"{where}.dose"),
        posture=posture,
        cues=_strings(entry, "cues", where),
        faults=_strings(entry, "faults", where),
        progressions=_strings(entry, "progressions", where),
        regressions=_strings(entry, "regressions", where),
        safety=_strings(entry, "safety", where),
        level=level,
        recommended=bool(recommended),
        not_recommended_reason=str(reason),
        evidence=str(entry.get("evidence", "")),
    )


def parse_catalogue(text: str) -> Catalogue:
    """Parse and validate catalogue TOML text.

    Raises
    ------
    CatalogueError
        On duplicate ids, dangling progression/regression links, min > max, unknown
        enumeration values, missing or unknown sources and missing fields.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"catalogue is not valid TOML: {exc}") from exc
    sources = {
        sid: Source(id=sid, title=s.get("title", ""), author=s.get("author", ""), file=s["file"])
        for sid, s in raw.get("sources", {}).items()
    }
    exercises: dict[str, Exercise] = {}
    for i, entry in enumerate(raw.get("exercise", [])):
        ex = _parse_exercise(entry, i, sources)
        if ex.id in exercises:
            raise CatalogueError(f"exercise {ex.id!r}: duplicate id (entry #{i + 1})")
        exercises[ex.id] = ex
    for ex in exercises.values():
        for key in ("progressions", "regressions"):
            for target in getattr(ex, key):
                if target not in exercises:
                    msg = unknown_id_message("exercise", target, exercises)
                    raise CatalogueError(f"exercise {ex.id!r}.{key}: dangling link, {msg}")
    safety = raw.get("safety_common", [])
    return Catalogue(exercises=exercises, sources=sources, safety_common=tuple(safety))


def read_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load the exercise catalogue (the packaged one unless ``path`` is given).

    Parameters
    ----------
    path : str or Path, optional
        A catalogue TOML file to use instead of the packaged ``exercises.toml``.

    Returns
    -------
    Catalogue
        Exercises by id.

    Examples
    --------
    >>> cat = read_catalogue()
    >>> cat["toe_tap"].contraction
    'eccentric'
    """
    if path is None:
        return _packaged_catalogue()
    return parse_catalogue(Path(path).read_text(encoding="utf-8"))


@cache
def _packaged_catalogue() -> Catalogue:
    return parse_catalogue(read_text("exercises.toml"))


def source_documents(catalogue: Catalogue | None = None) -> pd.DataFrame:
    """The five source articles the notebooks cite as "source 000" to "source 004".

    Returns
    -------
    pandas.DataFrame
        ``source`` (the key), ``title``, ``author`` and ``exercises`` (the catalogue's
        exercises taken from it, by name).

    Examples
    --------
    >>> table = source_documents()
    >>> table["source"].tolist()
    ['000', '001', '002', '003', '004']
    >>> "Psoas March" in table.loc[0, "exercises"]
    True
    """
    import pandas as pd

    catalogue = catalogue if catalogue is not None else read_catalogue()
    rows = []
    for key, source in catalogue.sources.items():
        names = [e.name for e in catalogue.values() if key in e.sources]
        rows.append({"source": key, "title": source.title, "author": source.author,
                     "exercises": ", ".join(names)})
    return pd.DataFrame(rows, columns=["source", "title", "author", "exercises"])
