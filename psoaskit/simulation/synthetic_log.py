"""A simulation's model state as a session log in the canonical schema, built column by column."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from psoaskit.logs.schema import (
    ATHLETE_ID,
    BAND,
    BODY_MASS_KG,
    DATE,
    EXERCISE_ID,
    HOLD_S,
    LOAD_KG,
    LOG_COLUMNS,
    LOG_DTYPES,
    NOTES,
    PAIN,
    PAIN_NEXT_MORNING,
    REPS,
    RPE,
    SESSION_DURATION_MIN,
    SESSION_ID,
    SESSION_RPE,
    SET_INDEX,
    SIDE,
    SIDES,
    WORK_S,
)
from psoaskit.simulation.config import DEFAULT_START, SimulationConfig
from psoaskit.simulation.draws import Draws, session_days
from psoaskit.simulation.ladder import Ladder
from psoaskit.simulation.model import ModelRun

__all__ = ["athlete_ids", "log_from_run", "note_labels"]


_SIDE_CODE = {side: code for code, side in enumerate(SIDES)}
# --- the log, built column by column -----------------------------------------------------------


def _templates(ladder: Ladder) -> dict[str, np.ndarray]:
    """One template row per (stage, exercise, set, side), concatenated over stages."""
    rows = []
    for stage in ladder.stages:
        for p in stage.items:
            for set_index in range(1, p.sets + 1):
                for side in p.sides:
                    rows.append((stage.index, p, set_index, side))
    demand = {s.index: s.demand for s in ladder.stages}
    exercises = list(dict.fromkeys(p.exercise for _, p, _, _ in rows))
    bands = list(dict.fromkeys(p.band for _, p, _, _ in rows if p.band is not None))
    sign = {"L": 1.0, "R": -1.0, "both": 0.0}
    counts = np.bincount([r[0] for r in rows], minlength=ladder.n_stages)

    def nan(value: float | None) -> float:
        return np.nan if value is None else value

    return {
        "exercises": np.array(exercises, dtype=object),
        "bands": np.array(bands, dtype=object),
        "start": np.concatenate([[0], np.cumsum(counts)[:-1]]),
        "count": counts,
        "exercise": np.array([exercises.index(p.exercise) for _, p, _, _ in rows], np.int16),
        SET_INDEX: np.array([r[2] for r in rows], np.int16),
        SIDE: np.array([_SIDE_CODE[r[3]] for r in rows], np.int8),
        "sign": np.array([sign[r[3]] for r in rows]),
        REPS: np.array([p.reps or 0 for _, p, _, _ in rows], np.int32),
        "reps_max": np.array([p.reps_max or p.reps or 0 for _, p, _, _ in rows], np.int32),
        HOLD_S: np.array([nan(p.hold_s) for _, p, _, _ in rows]),
        WORK_S: np.array([nan(p.work_s) for _, p, _, _ in rows]),
        LOAD_KG: np.array([nan(p.load_kg) for _, p, _, _ in rows]),
        BAND: np.array(
            [-1 if p.band is None else bands.index(p.band) for _, p, _, _ in rows], np.int16
        ),
        # the effort a set's RPE follows: its own demand, else a share of the stage's
        "effort_nm": np.array(
            [p.demand_nm if p.demand_nm > 0 else p.intensity * demand[k] for k, p, _, _ in rows]
        ),
    }


def _strings(labels: list[str] | np.ndarray, codes: np.ndarray) -> pd.arrays.ArrowStringArray:
    """A string column from a small list of labels and one code per row (-1 = missing)."""
    dictionary = pa.array(list(labels), type=pa.string())
    indices = pa.array(codes.astype(np.int32), mask=codes < 0)
    return pd.arrays.ArrowStringArray(dictionary.take(indices))


def athlete_ids(athletes: int) -> list[str]:
    """Zero-padded athlete ids ``'001'``, ``'002'``, ...

    Examples
    --------
    >>> athlete_ids(3)
    ['001', '002', '003']
    """
    width = max(3, len(str(athletes)))
    return [f"{i:0{width}d}" for i in range(1, athletes + 1)]


def note_labels(ladder: Ladder) -> list[str]:
    """The notes the simulation writes: a flare-up, then moving up or back to each stage.

    Examples
    --------
    >>> from psoaskit.simulation.ladder import build_ladder
    >>> note_labels(build_ladder("psoas_march_drill"))
    ['pain flare-up', 'moved up: starting dose', 'stepped back: starting dose']
    """
    return (
        ["pain flare-up"]
        + [f"moved up: {s.label}" for s in ladder.stages]
        + [f"stepped back: {s.label}" for s in ladder.stages]
    )


def log_from_run(
    ladder: Ladder,
    run: ModelRun,
    draws: Draws,
    *,
    start: dt.date = DEFAULT_START,
    ids: list[str] | None = None,
    day_shift: np.ndarray | None = None,
    config: SimulationConfig | None = None,
) -> pd.DataFrame:
    """The sessions done, as a log in the canonical schema (one row per set and side).

    Reps climb through the prescribed range with the sessions done at the stage, as far as
    that side's capacity headroom allows (bottom when the stage's demand is just
    :attr:`SimulationConfig.progress_share` of it, top when the next stage's is), lose about
    :attr:`SimulationConfig.fatigue_reps_per_set` per later set, and, like continuous work,
    fall short of the bottom when an exercise asks more than that side's capacity; RPE
    follows the side's relative effort; pain is the session's.
    The first row of a session notes a flare-up or a move up or back down the ladder.

    Parameters
    ----------
    ladder, run, draws
        The ladder, the model's result and the random numbers it consumed.
    start : datetime.date
        First day of the simulation.
    ids : list of str, optional
        Athlete ids; ``'001'``... by default.
    day_shift : numpy.ndarray of int, optional
        Per-athlete shift of the training days [day].
    config : SimulationConfig, optional
        Model parameters.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes of :data:`psoaskit.logs.LOG_DTYPES`.

    Examples
    --------
    >>> from psoaskit.simulation.draws import draw_randomness
    >>> from psoaskit.simulation.ladder import build_ladder
    >>> from psoaskit.simulation.model import run_model
    >>> ladder = build_ladder("psoas_level_ladder")
    >>> draws = draw_randomness(2, 6, 1.0, seed=0)
    >>> log = log_from_run(ladder, run_model(ladder, draws, 3, 2), draws)
    >>> len(log), log["side"].tolist()[:2]  # 2 athletes x 6 sessions x 1 set x 2 sides
    (24, ['L', 'R'])
    """
    config = config or SimulationConfig()
    n = draws.n_athletes
    ids = ids if ids is not None else athlete_ids(n)
    shift = np.zeros(n, np.int64) if day_shift is None else np.asarray(day_shift, np.int64)
    days = session_days(run.sessions_per_week)
    slot_day = np.array([w * 7 + d for w in range(run.weeks) for d in days])
    tmpl = _templates(ladder)

    # sessions done, athlete by athlete, then one block of template rows per session
    athlete, slot = np.nonzero(run.done)
    stage = run.stage[athlete, slot].astype(np.int64)
    counts = tmpl["count"][stage]
    n_rows = int(counts.sum())
    first = np.cumsum(counts) - counts
    # template row of each log row: the session's first template row + position in session
    t = np.arange(n_rows, dtype=np.int32) - np.repeat(
        (first - tmpl["start"][stage]).astype(np.int32), counts
    )

    def per_row(per_session: np.ndarray) -> np.ndarray:
        return np.repeat(per_session, counts)

    # notes (first row of a session): a flare-up, else a move back, else a move up
    previous = np.r_[-1, stage[:-1]]
    same = np.r_[False, athlete[1:] == athlete[:-1]]
    note = np.full(len(athlete), -1)
    note = np.where(same & (stage > previous), 1 + stage, note)
    note = np.where(same & (stage < previous), 1 + ladder.n_stages + stage, note)
    note = np.where(run.flare[athlete, slot], 0, note)
    row_note = np.full(n_rows, -1, dtype=np.int32)
    row_note[first] = note

    day = slot_day[slot] + shift[athlete]
    days_used, day_code = np.unique(day, return_inverse=True)
    first_day = np.datetime64(start, "D")
    day_text = pa.array([str(first_day + d) for d in days_used.tolist()], type=pa.string())
    session_labels = pc.binary_join_element_wise(
        pa.array(list(ids), type=pa.string()).take(pa.array(athlete)),
        day_text.take(pa.array(day_code)),
        "-",
    )

    side_capacity = per_row(run.capacity[athlete, slot]) * (
        1.0 + tmpl["sign"][t] * per_row(draws.half_asymmetry[athlete])
    )
    rel = tmpl["effort_nm"][t] / side_capacity
    short = np.maximum(rel, 1.0)
    reps = tmpl[REPS][t]
    # double progression: headroom over this stage's gate, as a share of the step to the next
    # (no step, or no demand: the sessions at the stage alone)
    practised = per_row(
        run.stage_sessions[athlete, slot] / max(config.min_sessions_at_stage - 1, 1)
    )
    need, need_next = per_row(ladder.demand[stage]), per_row(ladder.next_demand[stage])
    step = need_next > need
    with np.errstate(divide="ignore", invalid="ignore"):
        headroom = (config.progress_share * side_capacity / need - 1.0) / (need_next / need - 1.0)
    allowed = np.minimum(np.where(step, headroom, np.inf), practised)
    climbed = np.minimum(np.maximum(allowed, 0.0), 1.0)
    target = np.floor((reps + np.floor((tmpl["reps_max"][t] - reps) * climbed)) / short)
    set_index = tmpl[SET_INDEX][t]
    tiring = 2.0 * per_row(draws.fatigue_u[athlete, slot])
    fatigue = np.floor(config.fatigue_reps_per_set * (set_index - 1.0) * tiring)
    reps_done = np.maximum(target - fatigue, 1.0).astype(np.int32)
    work_done = np.floor(tmpl[WORK_S][t] / short)
    rpe_raw = (
        config.rpe_at_capacity * rel + config.rpe_per_set * (set_index - 1.0)
    ) + per_row(draws.rpe_noise[athlete, slot])
    rpe = np.minimum(np.maximum(np.floor(rpe_raw * 2.0 + 0.5) / 2.0, 1.0), 10.0)
    dates = per_row((first_day + day).astype("datetime64[ns]"))
    session_of_row = np.repeat(np.arange(len(athlete), dtype=np.int32), counts)

    columns = {
        ATHLETE_ID: pd.Categorical.from_codes(per_row(athlete), categories=list(ids)),
        DATE: dates,
        SESSION_ID: pd.arrays.ArrowStringArray(session_labels.take(pa.array(session_of_row))),
        EXERCISE_ID: pd.Categorical.from_codes(
            tmpl["exercise"][t], categories=list(tmpl["exercises"])
        ),
        SIDE: pd.Categorical.from_codes(tmpl[SIDE][t], dtype=LOG_DTYPES[SIDE]),
        SET_INDEX: pd.arrays.IntegerArray(set_index, np.zeros(n_rows, bool)),
        REPS: pd.arrays.IntegerArray(reps_done, reps == 0),
        HOLD_S: tmpl[HOLD_S][t],
        WORK_S: work_done,
        LOAD_KG: tmpl[LOAD_KG][t],
        BAND: _strings(tmpl["bands"], tmpl[BAND][t]),
        RPE: rpe,
        PAIN: per_row(run.pain_during[athlete, slot]).astype(np.float64),
        NOTES: _strings(note_labels(ladder), row_note),
    }
    # session-level fields: duration = work + rests + set-up; the whole-session RPE is taken
    # as the mean of the session's set RPEs (a modelling choice), to the half point
    per_rep = np.where(np.isnan(tmpl[HOLD_S][t]), config.seconds_per_rep, tmpl[HOLD_S][t])
    reps_time = np.where(reps > 0, reps_done * per_rep, 0.0)
    work_s = np.nan_to_num(work_done, nan=0.0) + reps_time
    sets_n = np.bincount(session_of_row, minlength=len(athlete))
    minutes = (np.bincount(session_of_row, work_s, len(athlete))
               + config.rest_between_sets_s * np.maximum(sets_n - 1, 0)) / 60
    minutes = np.round(minutes + config.session_setup_min)
    session_rpe = np.round(2 * np.bincount(session_of_row, rpe, len(athlete)) / sets_n) / 2
    columns[SESSION_DURATION_MIN] = per_row(minutes)
    columns[SESSION_RPE] = per_row(session_rpe)
    columns[PAIN_NEXT_MORNING] = per_row(run.pain_next_day[athlete, slot]).astype(np.float64)
    columns[BODY_MASS_KG] = np.full(n_rows, np.nan)
    log = pd.DataFrame({c: columns[c] for c in LOG_COLUMNS}, copy=False)  # fresh arrays
    return log
