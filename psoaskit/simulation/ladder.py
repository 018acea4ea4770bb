"""Programmes as ladders: the source's dose, then one stage per progression step.

A programme of the sources (``data/programmes.toml``) lists exercises with dose ranges and names
its progression steps. :func:`build_ladder` expands it into the stages a simulated athlete
climbs: add sets, then hold time, then resistance or load (002, 003; the order is ours: 002
lists them as alternatives), or the next exercise of the level 1-5 ladder, each level from its
smallest to its largest dose and band (004). Foundational work comes before advanced work (002).
A dose that a programme progresses starts at the minimum of the source's range; the others sit
at the range's midpoint. Repetitions are the exception: outside the level ladder, a source's rep
range is kept as a range (:attr:`Prescription.reps` to :attr:`Prescription.reps_max`), and the
simulation moves the reps done within it as capacity grows (double progression; see
:mod:`psoaskit.simulation`). Every stage is held at least
:attr:`LadderConfig.min_weeks_per_stage` weeks. Optional items are left out.

Every exercise of a stage carries its *demand*: the peak hip-flexion moment it asks of one
leg's flexors [N m], from the demand map (:func:`psoaskit.biomech.demand.exercise_demand`) for
the reference body of :class:`LadderConfig`, with the stage's dumbbell or band. Exercises the
mechanics cannot place (soft-tissue work, glute squeezes, the self-resisted side-lying
end-range holds) have no demand, and the reason is kept. A stage's demand is that of its
hardest exercise. So the ladder's steps are as much harder as the mechanics says, no more:
adding a set or seconds of hold leaves the peak moment unchanged, and some of source 004's
levels ask less of the hip flexors than the level before (the side plank's difficulty is the
trunk's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.demand import NotModelled, exercise_demand
from psoaskit.biomech.equipment import Band
from psoaskit.catalogue.exercises import Exercise, Range, read_catalogue
from psoaskit.catalogue.programmes import Programme, get_programme
from psoaskit.errors import ParameterError

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
    body_mass_kg, height_m : float
        The simulated body, for the exercises' demands and the starting capacity [kg], [m]
        (ours: the demand map's default person).
    rep_duration_s : float
        Duration of one dynamic repetition, excluding holds [s] (ours).
    rest_s : float
        Rest after each logged set [s] (ours).
    release_intensity : float
        Logged effort (RPE) of soft-tissue work relative to the stage's demand [-] (ours).
    band_ladder : tuple of str
        Band tensions, lightest first: the sources name no tensions; generic labels.
    band_stiffness_n_per_m : tuple of float
        Stiffness of each band of :attr:`band_ladder` [N/m]: illustrative (ours), around the
        100 N/m of notebook 02; measure your bands to replace them.
    dumbbell_kg : tuple of float
        Dumbbell loads of the load steps [kg]: illustrative, the sources give no weights. Its
        length is the number of resistance or load steps.
    """

    weeks_before_load: int = 3
    min_weeks_per_stage: int = 2
    body_mass_kg: float = 70.0
    height_m: float = 1.75
    rep_duration_s: float = 3.0
    rest_s: float = 45.0
    release_intensity: float = 0.35
    band_ladder: tuple[str, ...] = ("light", "medium", "heavy", "extra heavy")
    band_stiffness_n_per_m: tuple[float, ...] = (50.0, 100.0, 150.0, 200.0)
    dumbbell_kg: tuple[float, ...] = (2.0, 4.0, 6.0)

    def __post_init__(self) -> None:
        if len(self.band_stiffness_n_per_m) != len(self.band_ladder):
            raise ParameterError(
                f"band_stiffness_n_per_m gives {len(self.band_stiffness_n_per_m)} stiffnesses "
                f"for {len(self.band_ladder)} bands in band_ladder; give one per band"
            )


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
        Logged effort relative to the stage's demand, for exercises without a demand of their
        own [-].
    demand_nm : float
        Peak hip-flexion moment one set asks of one leg's flexors [N m]; 0 when the mechanics
        cannot place the exercise.
    demand_note : str
        Why the exercise has no demand, or the demand map's note.
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
    demand_nm: float = 0.0
    demand_note: str = ""

    def leg_time_s(self, rep_duration_s: float) -> float:
        """Time under tension of one leg in one session [s]: every set, for one leg.

        Alternating work logged as one row counts each leg's own repetitions; bilateral work
        loads both legs at once.
        """
        both_in_one_row = self.sides == ("both",) and self.per_side
        per_set = self.set_time_s(rep_duration_s) / (2.0 if both_in_one_row else 1.0)
        return per_set * self.sets

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
        Peak hip-flexion moment of the stage's hardest exercise [N m].
    next_demand : float
        Demand of the next stage; the top stage's own above it [N m].
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
        """Demand per stage [N m]."""
        return np.array([s.demand for s in self.stages])

    @cached_property
    def next_demand(self) -> np.ndarray:
        """Demand of the next stage, per stage [N m]."""
        return np.array([s.next_demand for s in self.stages])

    @cached_property
    def item_demand(self) -> np.ndarray:
        """Demand of each exercise of each stage, shape (stages, most exercises) [N m].

        Stages with fewer exercises are padded with 0 (no demand, no time).
        """
        return self._per_item(lambda p: p.demand_nm)

    @cached_property
    def item_time_s(self) -> np.ndarray:
        """One leg's time under tension per session, per stage and exercise [s] (padded 0)."""
        return self._per_item(lambda p: p.leg_time_s(self.rep_duration_s))

    def _per_item(self, value) -> np.ndarray:
        width = max(len(s.items) for s in self.stages)
        out = np.zeros((self.n_stages, width))
        for s in self.stages:
            out[s.index, : len(s.items)] = [value(p) for p in s.items]
        return out

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
                "stage_demand_nm": round(s.demand, 1),
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
                "demand_nm": round(p.demand_nm, 1),
                "demand_note": p.demand_note,
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


def _demand(exercise: Exercise, load_kg: float | None, band: str | None,
            config: LadderConfig) -> tuple[float, str]:
    """Peak hip-flexion moment of one set for the reference body [N m], and a note."""
    stiffness = dict(zip(config.band_ladder, config.band_stiffness_n_per_m, strict=True))
    try:
        row = exercise_demand(
            exercise,
            Body(config.body_mass_kg, config.height_m),
            band=None if band is None else Band(stiffness[band]),
            dumbbell_kg=load_kg or 0.0,
        )
    except NotModelled as reason:
        return 0.0, f"no hip-flexion demand modelled: {reason}"
    return float(row["peak_moment_nm"]), str(row["note"])


def _prescription(state: dict, config: LadderConfig) -> Prescription:
    exercise: Exercise = state["exercise"]
    unilateral = exercise.laterality == "unilateral"
    reps = None if state["reps"] is None else int(state["reps"])
    top = state.get("reps_max")
    demand_nm, note = _demand(exercise, state["load_kg"], state["band"], config)
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
        demand_nm=demand_nm,
        demand_note=note,
    )


def build_ladder(programme: Programme | str, config: LadderConfig | None = None) -> Ladder:
    """Expand a programme into its ladder of stages, progressed as the source describes.

    The first stage is the source's dose; each further stage is one progression step, in the
    source's order (sets, then hold, then resistance or load; or the next level). A dimension
    that is progressed starts at the minimum of the source's range; the others sit at the
    range's midpoint, except reps, which keep the source's range (bottom to top) outside the
    level ladder. Optional items are left out. Each exercise's demand is its peak hip-flexion
    moment for the reference body [N m]; a stage's is its hardest exercise's. Every stage
    lasts at least ``config.min_weeks_per_stage`` weeks.

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
    items = [tuple(_prescription(s, config) for s in states) for _, states, _, _ in raw]
    demands = [max(p.demand_nm for p in stage_items) for stage_items in items]
    stages = tuple(
        Stage(
            index=i,
            label=label,
            items=items[i],
            demand=demands[i],
            level=level,
            min_weeks=max(min_weeks, config.min_weeks_per_stage),
            next_demand=demands[min(i + 1, len(raw) - 1)],
        )
        for i, (label, _, min_weeks, level) in enumerate(raw)
    )
    return Ladder(prog.id, stages, config.rep_duration_s, config.rest_s)
