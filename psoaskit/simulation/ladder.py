"""Programmes as ladders: the source's dose, then one stage per progression step.

A programme of the sources (``data/programmes.toml``) lists exercises with dose ranges and names
its progression steps. :func:`build_ladder` expands it into the stages a simulated athlete
climbs, in the source's order: add sets, then hold time, then resistance or load (002, 003),
or the next exercise of the level 1-5 ladder, each level from its smallest to its largest dose
and band (004). Foundational work comes before advanced work (002). A dose that a programme
progresses starts at the minimum of the source's range; the others sit at the range's
midpoint. Repetitions are the exception: outside the level ladder, a source's rep range is kept
as a range (:attr:`Prescription.reps` to :attr:`Prescription.reps_max`), and the simulation moves
the reps done within it as capacity grows (double progression; see :mod:`psoaskit.simulation`).
Every stage is held at least :attr:`LadderConfig.min_weeks_per_stage` weeks. Optional items are
left out.

Every stage asks for a *demand* on a dimensionless capacity index (100 = the average starting
capacity): it rises geometrically from :attr:`LadderConfig.start_demand` to
:attr:`LadderConfig.top_demand` along every ladder, because the sources do not say how much
harder one step is than the last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from psoaskit.catalogue.exercises import Exercise, Range, read_catalogue
from psoaskit.catalogue.programmes import Programme, get_programme

__all__ = ["Ladder", "LadderConfig", "Prescription", "Stage", "build_ladder"]

#: Phases that follow one another (lower rank first); other phases are parts of every session.
_PHASE_RANK = {"foundational": 0, "advanced": 1}
#: Holds per side-lying end-range cycle: back, press forward, back again (source 003).
_HOLDS_PER_CYCLE = 3


@dataclass(frozen=True)
class LadderConfig:
    """How programmes become ladders; numbers without a source are our choices, labelled so.

    Attributes
    ----------
    weeks_before_load : int
        Weeks at the bodyweight stage before the first *load* step: our reading of "after a
        few weeks" (003) [week].
    min_weeks_per_stage : int
        Fewest weeks at any stage before the next (ours: the sources give no pace; two weeks
        lets a dose be repeated and settle before it changes) [week].
    start_demand, top_demand : float
        Capacity the first and last stage of every ladder ask for [capacity index] (ours).
    rep_duration_s : float
        Duration of one dynamic repetition, excluding holds [s] (ours).
    rest_s : float
        Rest after each logged set [s] (ours).
    release_intensity : float
        Effort of soft-tissue work relative to strength work [-] (ours).
    band_ladder : tuple of str
        Band tensions, lightest first: the sources name no tensions; generic labels.
    dumbbell_kg : tuple of float
        Dumbbell loads of the load steps [kg]: illustrative, the sources give no weights. Its
        length is the number of resistance or load steps.
    """

    weeks_before_load: int = 3
    min_weeks_per_stage: int = 2
    start_demand: float = 60.0
    top_demand: float = 115.0
    rep_duration_s: float = 3.0
    rest_s: float = 45.0
    release_intensity: float = 0.35
    band_ladder: tuple[str, ...] = ("light", "medium", "heavy", "extra heavy")
    dumbbell_kg: tuple[float, ...] = (2.0, 4.0, 6.0)


@dataclass(frozen=True)
class Prescription:
    """One exercise of a stage as prescribed: what one logged set (per side) asks for.

    Attributes
    ----------
    sets : int
        Sets per side [-] (cycles for the side-lying end-range expansion).
    reps : int or None
        Repetitions per set at the bottom of the prescribed range, per side for alternating
        work [-].
    hold_s, work_s : float or None
        Hold per repetition, continuous work per set [s].
    load_kg : float or None
        External load [kg].
    sides : tuple of str
        ``("L", "R")`` for unilateral work, ``("both",)`` otherwise.
    intensity : float
        Effort relative to the stage's demand [-].
    isometric : bool
        Whether repetitions are pure holds.
    per_side : bool
        Whether reps are counted per side (alternating work logged as one row).
    reps_max : int or None
        Top of the prescribed rep range [-]; equal to ``reps`` when the dose is fixed.
    """

    exercise: str
    sets: int
    reps: int | None
    hold_s: float | None
    work_s: float | None
    load_kg: float | None
    band: str | None
    sides: tuple[str, ...]
    intensity: float = 1.0
    isometric: bool = False
    per_side: bool = False
    reps_max: int | None = None

    def set_time_s(self, rep_duration_s: float) -> float:
        """Time under tension of one logged set [s] (both sides for alternating work).

        Reps are counted at the middle of the prescribed range.
        """
        if self.work_s is not None:
            return self.work_s
        per_rep = (self.hold_s or 0.0) if self.isometric else rep_duration_s + (self.hold_s or 0.0)
        both = 2 if self.sides == ("both",) and self.per_side else 1
        # reps move through the range as the athlete progresses: time its middle
        reps = ((self.reps or 0) + (self.reps_max or self.reps or 0)) / 2.0
        return reps * per_rep * both


@dataclass(frozen=True)
class Stage:
    """One rung of a programme's ladder.

    Attributes
    ----------
    demand : float
        Capacity the stage asks for [capacity index].
    next_demand : float
        Demand of the next stage; above the top stage, one more geometric step
        [capacity index].
    level : int or None
        Catalogue level (1-5) of the stage's exercise, for the level ladder.
    min_weeks : int
        Weeks to spend at this stage before progressing [week].
    """

    index: int
    label: str
    items: tuple[Prescription, ...]
    demand: float
    level: int | None
    min_weeks: int
    next_demand: float = math.nan


@dataclass(frozen=True)
class Ladder:
    """A programme's stages plus the per-stage arrays the model indexes."""

    programme_id: str
    stages: tuple[Stage, ...]
    rep_duration_s: float
    rest_s: float

    @property
    def n_stages(self) -> int:
        """Number of stages."""
        return len(self.stages)

    @cached_property
    def demand(self) -> np.ndarray:
        """Demand per stage [capacity index]."""
        return np.array([s.demand for s in self.stages])

    @cached_property
    def next_demand(self) -> np.ndarray:
        """Demand of the next stage, per stage [capacity index]."""
        return np.array([s.next_demand for s in self.stages])

    @cached_property
    def duration_min(self) -> np.ndarray:
        """Session duration per stage: time under tension plus rests [min]."""
        return np.array([self._seconds(s, rest=True) / 60.0 for s in self.stages])

    @cached_property
    def tut_min(self) -> np.ndarray:
        """Time under tension per session and stage [min]."""
        return np.array([self._seconds(s, rest=False) / 60.0 for s in self.stages])

    @cached_property
    def sets_per_session(self) -> np.ndarray:
        """Logged sets (rows of the log) per session and stage [-]."""
        return np.array([sum(p.sets * len(p.sides) for p in s.items) for s in self.stages])

    @cached_property
    def min_weeks(self) -> np.ndarray:
        """Minimum weeks per stage [week]."""
        return np.array([s.min_weeks for s in self.stages], dtype=np.int64)

    @cached_property
    def levels(self) -> np.ndarray:
        """Catalogue level per stage, NaN where the stage has none."""
        return np.array([np.nan if s.level is None else s.level for s in self.stages])

    def _seconds(self, stage: Stage, rest: bool) -> float:
        total = 0.0
        for p in stage.items:
            per_set = p.set_time_s(self.rep_duration_s) + (self.rest_s if rest else 0.0)
            total += per_set * p.sets * len(p.sides)
        return total

    def table(self) -> pd.DataFrame:
        """The ladder as a table: one row per stage and exercise.

        Examples
        --------
        >>> t = build_ladder("psoas_level_ladder").table()
        >>> t.groupby("stage")["level"].first().tolist()
        [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
        """
        rows = [
            {
                "stage": s.index + 1,
                "label": s.label,
                "level": s.level,
                "demand": round(s.demand, 1),
                "min_weeks": s.min_weeks,
                "exercise_id": p.exercise,
                "sets": p.sets,
                "reps": p.reps,
                "reps_max": p.reps_max,
                "hold_s": p.hold_s,
                "work_s": p.work_s,
                "load_kg": p.load_kg,
                "band": p.band,
                "sides": "/".join(p.sides),
            }
            for s in self.stages
            for p in s.items
        ]
        table = pd.DataFrame(rows)
        for column in ("level", "sets", "reps", "reps_max"):
            table[column] = table[column].astype("Int64")
        for column in ("hold_s", "work_s", "load_kg"):
            table[column] = pd.to_numeric(table[column]).astype("float64")
        return table


def _round_half_up(x: float) -> float:
    return float(math.floor(x + 0.5))


def _pick(rng: Range | None, at: str) -> float | None:
    if rng is None:
        return None
    value = {"min": rng.min, "max": rng.max, "mid": rng.mid}[at]
    return _round_half_up(value)


def _blocks(programme: Programme) -> list[tuple[str, list]]:
    """Sequential blocks of (non-optional) items: levels, or foundational then advanced."""
    items = [it for it in programme.items if not it.optional]
    if "level" in programme.progression:
        return [(it.phase, [it]) for it in items]
    ranked = sorted({it.phase for it in items if it.phase in _PHASE_RANK}, key=_PHASE_RANK.get)
    if not ranked:
        return [("", items)]
    every_session = [it for it in items if it.phase not in _PHASE_RANK]
    return [(phase, every_session + [it for it in items if it.phase == phase]) for phase in ranked]


def _loaded_version(exercise: Exercise, catalogue) -> Exercise | None:
    """The catalogue progression of ``exercise`` that adds a dumbbell, if any."""
    for target in exercise.progressions:
        candidate = catalogue[target]
        if "dumbbell" in candidate.equipment and "dumbbell" not in exercise.equipment:
            return candidate
    return None


def _block_states(programme: Programme, items: list, config: LadderConfig) -> list:
    """Dose states of one block: ``[(item dicts, change description, min_weeks), ...]``."""
    catalogue = read_catalogue()
    steps = programme.progression
    level_mode = "level" in steps
    base = []
    for item in items:
        exercise = catalogue[item.exercise]
        dose = item.dose

        def at(dim: str, rng: Range | None, dose=dose) -> float | None:
            if level_mode or (dim in steps and rng is not None) or dim == "reps":
                return _pick(rng, "min")
            return _pick(rng, "mid")

        state = {
            "exercise": exercise,
            "sets": at("sets", dose.sets),
            "reps": at("reps", dose.reps),
            "reps_max": None if level_mode else _pick(dose.reps, "max"),
            "hold_s": at("hold", dose.hold_s),
            "work_s": at("work", dose.work_s),
            "load_kg": None,
            "band": config.band_ladder[0] if "resistance band" in exercise.equipment else None,
            "dose": dose,
        }
        if dose.cycles is not None:
            state["sets"], state["reps"] = at("cycles", dose.cycles), float(_HOLDS_PER_CYCLE)
            state["reps_max"] = None
        base.append(state)
    states = [([dict(s) for s in base], "", 1)]

    def advance(change) -> str:
        current = [dict(s) for s in states[-1][0]]
        text = change(current)
        if text:
            states.append((current, text, 1))
        return text

    def next_band(band: str | None) -> str | None:
        if band is None:
            return None
        i = config.band_ladder.index(band)
        return config.band_ladder[min(i + 1, len(config.band_ladder) - 1)]

    if level_mode:

        def to_top(current) -> str:
            for s in current:
                for dim, key in (("reps", "reps"), ("hold_s", "hold_s")):
                    rng = getattr(s["dose"], dim)
                    if rng is not None:
                        s[key] = _round_half_up(rng.max)
                s["band"] = next_band(s["band"])
            return "top of level"

        advance(to_top)
    for step in () if level_mode else steps:
        if step == "sets":
            while advance(_add_set):
                pass
        elif step == "hold":
            for k in (1, 2):
                advance(lambda current, k=k: _hold_step(current, k))
        elif step in ("resistance", "load"):
            before = len(states) - 1
            for k in range(len(config.dumbbell_kg)):
                advance(lambda current, k=k: _load_step(current, k, config, next_band, catalogue))
            if step == "load" and len(states) - 1 > before:
                dose_state, text, _ = states[before]
                states[before] = (dose_state, text, config.weeks_before_load)
    return states


def _add_set(current: list) -> str:
    grown = False
    for s in current:
        rng = s["dose"].sets
        if rng is not None and s["sets"] is not None and s["sets"] < rng.max:
            s["sets"] += 1
            grown = True
    return "+1 set" if grown else ""


def _hold_step(current: list, k: int) -> str:
    texts = []
    for s in current:
        rng = s["dose"].hold_s
        if rng is None or rng.min == rng.max:
            continue
        value = _round_half_up(rng.min + (rng.max - rng.min) * k / 2)
        if value != s["hold_s"]:
            s["hold_s"] = value
            texts.append(f"hold {value:g} s")
    return ", ".join(dict.fromkeys(texts))


def _load_step(current: list, k: int, config: LadderConfig, next_band, catalogue) -> str:
    texts = []
    for s in current:
        exercise = s["exercise"]
        loaded = _loaded_version(exercise, catalogue)
        if loaded is not None or "dumbbell" in exercise.equipment:
            s["exercise"] = loaded or exercise
            s["load_kg"] = config.dumbbell_kg[k]
            texts.append(f"dumbbell {config.dumbbell_kg[k]:g} kg")
        elif s["band"] is not None and next_band(s["band"]) != s["band"]:
            s["band"] = next_band(s["band"])
            texts.append(f"{s['band']} band")
    return ", ".join(texts)


def _prescription(state: dict, config: LadderConfig) -> Prescription:
    exercise: Exercise = state["exercise"]
    unilateral = exercise.laterality == "unilateral"
    reps = None if state["reps"] is None else int(state["reps"])
    top = state.get("reps_max")
    return Prescription(
        exercise=exercise.id,
        sets=int(state["sets"] or 1),
        reps=reps,
        hold_s=state["hold_s"],
        work_s=state["work_s"],
        load_kg=state["load_kg"],
        band=state["band"],
        sides=("L", "R") if unilateral else ("both",),
        intensity=config.release_intensity if exercise.contraction == "soft_tissue" else 1.0,
        isometric=exercise.contraction == "isometric",
        per_side=state["dose"].per_side,
        reps_max=reps if top is None or reps is None else max(int(top), reps),
    )


def build_ladder(programme: Programme | str, config: LadderConfig | None = None) -> Ladder:
    """Expand a programme into its ladder of stages, progressed as the source describes.

    The first stage is the source's dose; each further stage is one progression step, in the
    source's order (sets, then hold, then resistance or load; or the next level). A dimension
    that is progressed starts at the minimum of the source's range; the others sit at the
    range's midpoint, except reps, which keep the source's range (bottom to top) outside the
    level ladder. Optional items are left out. Demand rises geometrically from
    ``config.start_demand`` to ``config.top_demand`` along the ladder. Every stage lasts at
    least ``config.min_weeks_per_stage`` weeks.

    Parameters
    ----------
    programme : Programme or str
        A programme or its id (see ``psoaskit programmes``).
    config : LadderConfig, optional
        Ladder parameters; the defaults when omitted.

    Returns
    -------
    Ladder
        The stages, first to last.

    Examples
    --------
    >>> [s.label for s in build_ladder("foundational_to_advanced").stages][:4]
    ['foundational', 'foundational, hold 3 s', 'advanced', 'advanced, medium band']
    >>> build_ladder("psoas_march_drill").n_stages
    1
    """
    config = config or LadderConfig()
    prog = get_programme(programme) if isinstance(programme, str) else programme
    blocks = _blocks(prog)
    raw: list[tuple[str, list, int, int | None]] = []
    for name, items in blocks:
        for states, change, min_weeks in _block_states(prog, items, config):
            label = ", ".join(part for part in (name, change) if part) or "starting dose"
            levels = [s["exercise"].level for s in states if s["exercise"].level is not None]
            raw.append((label, states, min_weeks, max(levels) if levels else None))
    n = len(raw)
    ratio = config.top_demand / config.start_demand
    # one geometric step; a one-stage ladder uses the whole start-to-top ratio
    step = ratio ** (1.0 / (n - 1)) if n > 1 else ratio
    demands = [config.start_demand * (ratio ** (i / (n - 1)) if n > 1 else 1.0) for i in range(n)]
    stages = tuple(
        Stage(
            index=i,
            label=label,
            items=tuple(_prescription(s, config) for s in states),
            demand=demands[i],
            level=level,
            min_weeks=max(min_weeks, config.min_weeks_per_stage),
            next_demand=demands[i + 1] if i + 1 < n else demands[i] * step,
        )
        for i, (label, states, min_weeks, level) in enumerate(raw)
    )
    return Ladder(prog.id, stages, config.rep_duration_s, config.rest_s)
