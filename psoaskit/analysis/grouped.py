"""Compiled loops over groups: the reductions under the analysis' tables.

A squad's log can hold tens of millions of set rows. Done with numpy, every reduction of them
is several passes, each allocating a temporary as long as the log (a NaN mask, a copy with
NaN set to 0, the indices of the kept rows), and on a virtual machine touching fresh memory
costs more than the arithmetic. The loops here read each row once, keep nothing per row, and
write only the groups' results, into arrays that numpy allocates and the callers own. They are
compiled with numba on first use (and cached on disk next to this file, or in the user's cache
folder where that is not writable) and release the GIL, so two can run side by side.

Conventions: a missing value is NaN and is skipped (sums count it as 0, counts leave it out,
maxima ignore it); a reduction over nothing is 0 for sums and counts and NaN for maxima, as in
``np.bincount`` and ``np.fmax.at``. Results are one contiguous array per quantity, ready to be
a table's column.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass

import numba
import numpy as np
import pyarrow as pa

from psoaskit.logs.readers import in_threads

__all__ = [
    "BLOCK_COUNTS",
    "BLOCK_MAX",
    "BLOCK_SUMS",
    "SESSION_COUNTS",
    "SESSION_MAX",
    "SESSION_SUMS",
    "SIDE_WEEK_SUMS",
    "WEEK_MAX",
    "SetTotals",
    "exercise_week_totals",
    "grouped_cummax",
    "grouped_ewma",
    "set_totals",
    "sort_by_group",
    "texts_match",
    "window_sums",
]

_jit = numba.njit(nogil=True, cache=True)

#: Per session: the sums, counts and maxima of :func:`set_totals`.
SESSION_SUMS = ("reps", "tut_s", "volume_load_kg", "rpe", "pain")
SESSION_COUNTS = ("sets", "timed_sets", "rpe_sets", "pain_sets")
SESSION_MAX = ("pain_max", "level_max", "session_duration_min", "session_rpe",
               "pain_next_morning")
#: Per block (session x exercise x side): the sums, counts and maxima of :func:`set_totals`.
BLOCK_SUMS = ("reps", "hold_s", "work_s", "tut_s", "volume_load_kg")
BLOCK_COUNTS = ("sets", "reps_n", "hold_n", "work_n", "tut_n")
BLOCK_MAX = ("hold_s_max", "work_s_max", "load_kg_max")
#: The row columns :func:`set_totals` reads, in the order its loop takes them.
_SET_COLUMNS = ("reps", "hold_s", "work_s", "load_kg", "rpe", "pain", "session_duration_min",
                "session_rpe", "pain_next_morning")
#: Rows from which :func:`set_totals` splits its work over threads.
_ROWS_PER_THREAD = 200_000
_NONE = np.zeros(0)  # a column that is not logged


@_jit
def _at(values: np.ndarray, i: int) -> float:
    """``values[i]``, or NaN for a column that is not logged (an empty array)."""
    return values[i] if values.size else np.nan


@_jit
def _row(order: np.ndarray, p: int) -> int:
    """The row at position ``p``: ``order[p]``, or ``p`` itself when there is no order."""
    return order[p] if order.size else p


@_jit
def _fmax(out: np.ndarray, j: int, g: int, value: float) -> None:
    """``out[j, g] = fmax(out[j, g], value)``: NaN never wins over a number."""
    if value == value and not out[j, g] >= value:
        out[j, g] = value


@_jit
def _add(sums: np.ndarray, j: int, counts: np.ndarray, k: int, g: int, value: float) -> None:
    """Add a logged ``value`` of group ``g`` to sum ``j`` and count ``k``."""
    if value == value:
        sums[j, g] += value
        counts[k, g] += 1


@_jit
def _session_slots(p0, p1, order, exercise, side, n_side, rank, found):
    """Number the distinct slots (exercise x side) of one session's rows in ascending order:
    ``rank[slot]`` is the slot's number, ``found[:k]`` the slots; returns k."""
    k = 0
    for p in range(p0, p1):
        i = _row(order, p)
        slot = exercise[i] * n_side + side[i] + 1
        if rank[slot] < 0:
            rank[slot] = 0
            j = k  # insertion sort: sessions hold a handful of slots
            while j > 0 and found[j - 1] > slot:
                found[j] = found[j - 1]
                j -= 1
            found[j] = slot
            k += 1
    for j in range(k):
        rank[found[j]] = j
    return k


@_jit
def _count_blocks(r0, r1, run_start, session_of_run, order, n_rows, exercise, side, n_side,
                  rank, found, first_block):
    """``first_block[s + 1]`` = the number of blocks of session ``s``, for runs r0..r1."""
    for r in range(r0, r1):
        end = run_start[r + 1] if r + 1 < run_start.size else n_rows
        k = _session_slots(run_start[r], end, order, exercise, side, n_side, rank, found)
        for j in range(k):
            rank[found[j]] = -1
        first_block[session_of_run[r] + 1] = k


@_jit
def _set_rows(r0, r1, run_start, session_of_run, order, n_rows, exercise, side, n_side,
              level_of_exercise, rank, found, first_block, reps, hold, work, load, rpe, pain,
              duration, session_rpe, next_morning, s_sums, s_counts, s_top, keys, sums, counts,
              top):
    n_slots = rank.size
    for r in range(r0, r1):
        s = session_of_run[r]
        end = run_start[r + 1] if r + 1 < run_start.size else n_rows
        k = _session_slots(run_start[r], end, order, exercise, side, n_side, rank, found)
        base = first_block[s]
        for j in range(k):
            keys[base + j] = s * n_slots + found[j]
        for p in range(run_start[r], end):
            i = _row(order, p)
            code = exercise[i]
            g = base + rank[code * n_side + side[i] + 1]
            n_reps, held, worked, mass = _at(reps, i), _at(hold, i), _at(work, i), _at(load, i)
            tut = n_reps * held
            if tut != tut:
                tut = worked
            volume = mass * n_reps
            # the session
            s_counts[0, s] += 1
            if n_reps == n_reps:
                s_sums[0, s] += n_reps
            _add(s_sums, 1, s_counts, 1, s, tut)
            if volume == volume:
                s_sums[2, s] += volume
            _add(s_sums, 3, s_counts, 2, s, _at(rpe, i))
            hurt = _at(pain, i)
            _add(s_sums, 4, s_counts, 3, s, hurt)
            _fmax(s_top, 0, s, hurt)
            _fmax(s_top, 1, s, level_of_exercise[code])
            _fmax(s_top, 2, s, _at(duration, i))
            _fmax(s_top, 3, s, _at(session_rpe, i))
            _fmax(s_top, 4, s, _at(next_morning, i))
            # its block
            counts[0, g] += 1
            _add(sums, 0, counts, 1, g, n_reps)
            _add(sums, 1, counts, 2, g, held)
            _add(sums, 2, counts, 3, g, worked)
            _add(sums, 3, counts, 4, g, tut)
            if volume == volume:
                sums[4, g] += volume
            _fmax(top, 0, g, held)
            _fmax(top, 1, g, worked)
            _fmax(top, 2, g, mass)
        for j in range(k):
            rank[found[j]] = -1


@dataclass(frozen=True)
class SetTotals:
    """What :func:`set_totals` adds up: per session, and per block of one session's sets.

    Attributes
    ----------
    session_sums, session_counts, session_max : dict of ndarray
        Per session, by the names in :data:`SESSION_SUMS` (reps, time under tension [s],
        volume load [kg], RPE and pain totals), :data:`SESSION_COUNTS` (sets, and the sets
        with a time, an RPE, a pain score) and :data:`SESSION_MAX`.
    block_keys : ndarray
        Each block's ``(session * n_exercises + exercise) * n_side + side + 1``, ascending.
    block_sums, block_counts, block_max : dict of ndarray
        Per block, by the names in :data:`BLOCK_SUMS`, :data:`BLOCK_COUNTS` (``sets`` and the
        sets with each value) and :data:`BLOCK_MAX`.
    """

    session_sums: dict[str, np.ndarray]
    session_counts: dict[str, np.ndarray]
    session_max: dict[str, np.ndarray]
    block_keys: np.ndarray
    block_sums: dict[str, np.ndarray]
    block_counts: dict[str, np.ndarray]
    block_max: dict[str, np.ndarray]


def set_totals(
    run_start: np.ndarray,
    session_of_run: np.ndarray,
    order: np.ndarray | None,
    n_rows: int,
    columns: dict[str, np.ndarray],
    exercise: np.ndarray,
    level_of_exercise: np.ndarray,
    side: np.ndarray,
    n_side: int,
) -> SetTotals:
    """Add up a log's sets per session and per block (session x exercise x side).

    Two passes over the rows, session by session: the first counts each session's blocks, the
    second numbers them and adds every set to its session and its block; nothing as long as
    the log is made. A long log is split into runs of sessions added up side by side on a few
    threads (each writes only its own sessions).

    Parameters
    ----------
    run_start, session_of_run, order : ndarray
        Each session's run of rows: where it starts and which session it is (each session
        once), the starts being positions in ``order`` (the rows in session order), or rows
        when ``order`` is None (``psoaskit.analysis.sessions.SessionIndex``).
    n_rows : int
        Rows of the log.
    columns : dict of ndarray
        Float row arrays (NaN = missing) by log column: ``reps``, ``hold_s``, ``work_s``,
        ``load_kg``, ``rpe``, ``pain``, ``session_duration_min``, ``session_rpe``,
        ``pain_next_morning``; a column absent from the dict counts as missing on every row.
    exercise : ndarray
        Exercise code (>= 0) of each row.
    level_of_exercise : ndarray
        Ladder level of each exercise code [-] (NaN for none).
    side : ndarray
        Side code of each row (-1 for none, else ``< n_side - 1``).
    n_side : int
        Side codes + 1.

    Returns
    -------
    SetTotals

    Examples
    --------
    Session 1 is rows 0-1, session 0 rows 2-3; exercise 0 is ladder level 3:

    >>> totals = set_totals(np.array([0, 2]), np.array([1, 0]), None, 4,
    ...                     {"reps": np.array([5.0, 6.0, 7.0, 8.0]),
    ...                      "hold_s": np.array([2.0, 2.0, np.nan, np.nan])},
    ...                     np.array([0, 1, 0, 0]), np.array([3.0, np.nan]),
    ...                     np.array([0, -1, 0, 0]), 3)
    >>> totals.session_sums["tut_s"].tolist(), totals.session_counts["timed_sets"].tolist()
    ([0.0, 22.0], [0, 2])
    >>> totals.session_max["level_max"].tolist()
    [3.0, 3.0]
    >>> totals.block_keys.tolist(), totals.block_sums["reps"].tolist()  # (s x 2 + e) x 3 + side + 1
    ([1, 7, 9], [15.0, 5.0, 6.0])
    """
    n_sessions = len(session_of_run)
    n_slots = (len(level_of_exercise) or 1) * n_side
    run_start = np.asarray(run_start, dtype=np.int64)
    session_of_run = np.asarray(session_of_run, dtype=np.int64)
    order = np.zeros(0, dtype=np.int64) if order is None else np.asarray(order, dtype=np.int64)
    level_of_exercise = np.asarray(level_of_exercise, dtype=float)
    parts = min(os.cpu_count() or 1, 4, max(n_rows // _ROWS_PER_THREAD, 1), max(n_sessions, 1))
    bounds = np.linspace(0, n_sessions, parts + 1).astype(np.int64)
    chunks = list(itertools.pairwise(bounds))
    scratch = [(np.full(n_slots, -1, dtype=np.int64), np.empty(n_slots, dtype=np.int64))
               for _ in chunks]
    first_block = np.zeros(n_sessions + 1, dtype=np.int64)
    in_threads([lambda c=c, w=w: _count_blocks(
        *c, run_start, session_of_run, order, n_rows, exercise, side, n_side, *w, first_block)
        for c, w in zip(chunks, scratch, strict=True)])
    np.cumsum(first_block, out=first_block)
    n_blocks = int(first_block[-1])
    s_sums = np.zeros((len(SESSION_SUMS), n_sessions))
    s_counts = np.zeros((len(SESSION_COUNTS), n_sessions), dtype=np.int64)
    s_top = np.full((len(SESSION_MAX), n_sessions), np.nan)
    keys = np.empty(n_blocks, dtype=np.int64)
    sums = np.zeros((len(BLOCK_SUMS), n_blocks))
    counts = np.zeros((len(BLOCK_COUNTS), n_blocks), dtype=np.int64)
    top = np.full((len(BLOCK_MAX), n_blocks), np.nan)
    values = [columns.get(name, _NONE) for name in _SET_COLUMNS]
    in_threads([lambda c=c, w=w: _set_rows(
        *c, run_start, session_of_run, order, n_rows, exercise, side, n_side, level_of_exercise,
        *w, first_block, *values, s_sums, s_counts, s_top, keys, sums, counts, top)
        for c, w in zip(chunks, scratch, strict=True)])
    return SetTotals(
        session_sums=dict(zip(SESSION_SUMS, s_sums, strict=True)),
        session_counts=dict(zip(SESSION_COUNTS, s_counts, strict=True)),
        session_max=dict(zip(SESSION_MAX, s_top, strict=True)),
        block_keys=keys,
        block_sums=dict(zip(BLOCK_SUMS, sums, strict=True)),
        block_counts=dict(zip(BLOCK_COUNTS, counts, strict=True)),
        block_max=dict(zip(BLOCK_MAX, top, strict=True)),
    )


#: Per side (L, R), the rows of :func:`exercise_week_totals`' sums.
SIDE_WEEK_SUMS = ("sets", "volume_load_kg", "tut_s", "tut_n", "reps")
#: Rows of :func:`exercise_week_totals`' maxima.
WEEK_MAX = ("hold_s_max", "work_s_max", "load_kg_max", "sets_max")


@_jit
def _exercise_week_rows(group, side, sets, volume, tut, tut_n, reps, hold, work, load, sums,
                        top):
    per_side = sums.shape[0] // 2
    for b in range(group.size):
        g = group[b]
        _fmax(top, 0, g, hold[b])
        _fmax(top, 1, g, work[b])
        _fmax(top, 2, g, load[b])
        _fmax(top, 3, g, float(sets[b]))
        if side[b] == 0 or side[b] == 1:
            j = side[b] * per_side
            sums[j, g] += sets[b]
            sums[j + 1, g] += volume[b]
            sums[j + 2, g] += tut[b]
            sums[j + 3, g] += tut_n[b]
            sums[j + 4, g] += reps[b]


def exercise_week_totals(
    group: np.ndarray, n_groups: int, side: np.ndarray, blocks: dict[str, np.ndarray]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per athlete-week-exercise cell, the left and right totals and the week's bests.

    Parameters
    ----------
    group : ndarray
        Cell ``0 .. n_groups - 1`` of each session x exercise x side block.
    n_groups : int
        Number of cells.
    side : ndarray
        Side code of each block: 0 left, 1 right, anything else neither.
    blocks : dict of ndarray
        The blocks' ``sets``, ``volume_load_kg``, ``tut_s``, ``tut_n``, ``reps`` (totals,
        0 when none logged) and ``hold_s_max``, ``work_s_max``, ``load_kg_max`` (NaN when none).

    Returns
    -------
    sums : dict of ndarray
        ``<name>_L`` and ``<name>_R`` for each of :data:`SIDE_WEEK_SUMS`.
    maxima : dict of ndarray
        :data:`WEEK_MAX`: the longest hold and work [s], heaviest load [kg] and most sets on one
        side in one session.

    Examples
    --------
    >>> blocks = {"sets": np.array([2, 3, 1]), "volume_load_kg": np.zeros(3),
    ...           "tut_s": np.array([20.0, 30.0, 5.0]), "tut_n": np.array([2, 3, 1]),
    ...           "reps": np.array([4.0, 6.0, 1.0]), "hold_s_max": np.array([5.0, 5.0, 5.0]),
    ...           "work_s_max": np.full(3, np.nan), "load_kg_max": np.full(3, np.nan)}
    >>> sums, top = exercise_week_totals(np.array([0, 0, 1]), 2, np.array([0, 1, 2]), blocks)
    >>> sums["tut_s_L"].tolist(), sums["tut_s_R"].tolist(), top["sets_max"].tolist()
    ([20.0, 0.0], [30.0, 0.0], [3.0, 1.0])
    """
    sums = np.zeros((2 * len(SIDE_WEEK_SUMS), n_groups))
    top = np.full((len(WEEK_MAX), n_groups), np.nan)
    _exercise_week_rows(np.asarray(group, dtype=np.int64), np.asarray(side),
                        *(blocks[name] for name in SIDE_WEEK_SUMS),
                        *(blocks[name] for name in WEEK_MAX[:3]), sums, top)
    names = [f"{name}_{side}" for side in ("L", "R") for name in SIDE_WEEK_SUMS]
    return dict(zip(names, sums, strict=True)), dict(zip(WEEK_MAX, top, strict=True))


@_jit
def _counting_sort(group, order, start):
    for i in range(group.size):
        start[group[i] + 1] += 1
    for g in range(start.size - 1):
        start[g + 1] += start[g]
    fill = start[:-1].copy()
    for i in range(group.size):
        g = group[i]
        order[fill[g]] = i
        fill[g] += 1


def sort_by_group(group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows ordered by group, stably (a counting sort: two passes, no comparisons).

    Returns
    -------
    order : ndarray
        Row numbers, group 0's first, each group's in their own order.
    start : ndarray
        ``n_groups + 1`` positions in ``order``: group ``g`` is ``order[start[g]:start[g + 1]]``.

    Examples
    --------
    >>> order, start = sort_by_group(np.array([1, 0, 1, 0]), 2)
    >>> order.tolist(), start.tolist()
    ([1, 3, 0, 2], [0, 2, 4])
    """
    order = np.empty(len(group), dtype=np.int64)
    start = np.zeros(n_groups + 1, dtype=np.int64)
    _counting_sort(np.asarray(group, dtype=np.int64), order, start)
    return order, start


def _text_buffers(texts: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Validity bits (empty: all valid), offsets and bytes of a string array, and its offset."""
    if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        texts = texts.cast(pa.large_string())
    valid, offsets, data = texts.buffers()
    width = np.int64 if pa.types.is_large_string(texts.type) else np.int32
    return (np.zeros(0, np.uint8) if valid is None else np.frombuffer(valid, np.uint8),
            np.frombuffer(offsets, width),
            np.zeros(0, np.uint8) if data is None else np.frombuffer(data, np.uint8),
            texts.offset)


@_jit
def _is_valid(valid, i):
    return valid.size == 0 or (valid[i >> 3] >> (i & 7)) & 1 == 1


@_jit
def _texts_match(valid, offsets, data, base, r_valid, r_offsets, r_data, r_base, which):
    batch = 256  # look the batch's references up first: independent loads, not a chain
    starts = np.empty(batch, np.int64)
    ends = np.empty(batch, np.int64)
    for k0 in range(0, which.size, batch):
        m = min(batch, which.size - k0)
        for t in range(m):
            b = which[k0 + t] + r_base
            starts[t] = r_offsets[b] if _is_valid(r_valid, b) else -1
            ends[t] = r_offsets[b + 1]
        for t in range(m):
            a = k0 + t + base
            if not _is_valid(valid, a):
                if starts[t] >= 0:
                    return False
                continue
            start = offsets[a]
            length = offsets[a + 1] - start
            if starts[t] < 0 or ends[t] - starts[t] != length:
                return False
            for j in range(length):
                if data[start + j] != r_data[starts[t] + j]:
                    return False
    return True


def texts_match(texts: pa.Array, reference: pa.Array, which: np.ndarray) -> bool:
    """Whether ``texts[k] == reference[which[k]]`` for every ``k`` (a null matches a null).

    The texts are read in order and compared in place (nothing is taken, copied or hashed);
    a short ``reference`` stays in the cache however the rows are ordered.

    Examples
    --------
    >>> texts = pa.array(["a", "b", "a", None])
    >>> texts_match(texts, pa.array(["a", "b", None]), np.array([0, 1, 0, 2]))
    True
    >>> texts_match(texts, pa.array(["a", "b"]), np.array([0, 0, 0, 1]))
    False
    """
    if len(texts) != len(which):
        raise ValueError(f"{len(texts)} texts, {len(which)} references")
    return bool(_texts_match(*_text_buffers(texts), *_text_buffers(reference),
                             np.asarray(which, dtype=np.int64)))


@_jit
def _ewma(values, segment_start, alpha, span, out):
    n_segments = segment_start.size
    for k in range(n_segments):
        start = segment_start[k]
        end = segment_start[k + 1] if k + 1 < n_segments else values.size
        level = np.nan
        for i in range(start, end):
            if i - start < span - 1:
                out[i] = np.nan
                continue
            value = values[i]
            if i - start == span - 1:  # the seed: the mean of the first span values
                value = 0.0
                for j in range(start, i + 1):
                    value += values[j]
                value /= span
            if value == value:
                level = value if level != level else alpha * value + (1.0 - alpha) * level
            out[i] = level


def grouped_ewma(values: np.ndarray, groups: np.ndarray, alpha: float, span: int = 1
                 ) -> np.ndarray:
    """``x_t = alpha v_t + (1 - alpha) x_(t-1)`` within each run of equal group codes.

    Each run's first ``span - 1`` values give NaN and its ``span``-th is replaced by the mean
    of the first ``span`` (with the default ``span = 1``, the run starts at its first value).
    From there the average starts at the first non-NaN value, and a NaN value keeps the
    previous level (pandas' ``ewm(alpha, adjust=False, ignore_na=True)``).

    Examples
    --------
    >>> grouped_ewma(np.array([np.nan, 4.0, 2.0, 6.0]), np.array([0, 0, 0, 1]), 0.5).tolist()
    [nan, 4.0, 3.0, 6.0]
    >>> grouped_ewma(np.array([4.0, 2.0, 0.0]), np.array([0, 0, 0]), 0.5, span=2).tolist()
    [nan, 3.0, 1.5]
    """
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty_like(values)
    _ewma(values, _run_starts(groups), float(alpha), int(span), out)
    return out


@_jit
def _window_sums(values, window, out):
    for i in range(values.size):
        total = 0.0
        for j in range(max(i - window + 1, 0), i + 1):
            total += values[j]
        out[i] = total


def window_sums(values: np.ndarray, window: int) -> np.ndarray:
    """Sum of the last ``window`` values at each position (fewer at the start).

    Each window is summed directly rather than by differencing a running total, so results
    stay exact to rounding however long the series is.

    Examples
    --------
    >>> window_sums(np.array([1.0, 2.0, 3.0, 4.0]), 2).tolist()
    [1.0, 3.0, 5.0, 7.0]
    """
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty_like(values)
    _window_sums(values, int(window), out)
    return out


def _run_starts(groups: np.ndarray) -> np.ndarray:
    """Where each run of equal group codes starts."""
    groups = np.asarray(groups)
    return np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])[: len(groups)]


@_jit
def _cummax(values, segment_start, out):
    n_segments = segment_start.size
    for k in range(n_segments):
        end = segment_start[k + 1] if k + 1 < n_segments else values.size
        best = np.nan
        for i in range(segment_start[k], end):
            value = values[i]
            if value == value and not best >= value:
                best = value
            out[i] = best if value == value else np.nan


def grouped_cummax(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Running maximum within each run of equal group codes (pandas' grouped ``cummax``).

    A NaN value is skipped and stays NaN in the result.

    Examples
    --------
    >>> grouped_cummax(np.array([3.0, np.nan, 5.0, 1.0]), np.array([0, 0, 0, 1])).tolist()
    [3.0, nan, 5.0, 1.0]
    """
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty_like(values)
    _cummax(values, _run_starts(groups), out)
    return out
