"""A log grouped into sessions, and into session x exercise x side blocks.

This is the aggregation core of the log analysis. It is vectorised across the whole squad and
built for tens of millions of rows. :func:`index_sessions` cuts the rows into *runs* of
consecutive rows of one session (cheap comparisons with the previous row) and hashes only the
runs' keys, so a log sorted by athlete and date (the usual case) is indexed in one pass. When
runs are short (a shuffled log, or one concatenated from unsorted exports), rows are mapped to
sessions by a direct (athlete, day) table lookup instead, and sorted into sessions by a counting
sort; the same happens when a session's rows are split over several runs. Either way each
session is then one run, and :func:`session_tables` adds every set to its session and its block
in one compiled pass (:func:`psoaskit.analysis.grouped.set_totals`). Both ways give identical
results.

Definitions
-----------
session
    The rows sharing athlete, calendar day and ``session_id`` (rows without a session id form
    one session per athlete and day).
week
    Monday to Sunday, labelled by its Monday (``week_start``).
time under tension [s]
    Per set, ``reps x hold_s`` for held reps, else ``work_s`` (:func:`set_time_under_tension`).
volume load [kg]
    Per set, ``load_kg x reps``; sets without an external load add nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from psoaskit.analysis.grouped import (
    SetTotals,
    exercise_week_totals,
    set_totals,
    sort_by_group,
    texts_match,
)
from psoaskit.analysis.training_load import day_number, week_number, week_start_day
from psoaskit.catalogue.exercises import read_catalogue
from psoaskit.errors import LogError
from psoaskit.logs.schema import (
    ATHLETE_ID,
    DATE,
    EXERCISE_ID,
    HOLD_S,
    LOAD_KG,
    PAIN,
    PAIN_NEXT_MORNING,
    REPS,
    REQUIRED_COLUMNS,
    RPE,
    SESSION_DURATION_MIN,
    SESSION_ID,
    SESSION_RPE,
    SIDE,
    SIDES,
    WORK_S,
)

__all__ = [
    "WEEK",
    "SessionIndex",
    "check_log",
    "days_to_datetime",
    "exercise_week_table",
    "group_codes",
    "index_sessions",
    "labels_at",
    "session_table",
    "session_tables",
    "set_time_under_tension",
    "side_table",
]


#: Column of the week's Monday in every weekly table.
WEEK = "week_start"


def set_time_under_tension(
    reps: np.ndarray, hold_s: np.ndarray, work_s: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """Time under tension of each set: ``reps x hold_s`` where both exist, else ``work_s``.

    Parameters
    ----------
    reps : ndarray
        Repetitions [-].
    hold_s : ndarray
        Hold per repetition [s].
    work_s : ndarray
        Continuous work [s].
    out : ndarray, optional
        Array to write the result into (saves an allocation on long logs).

    Returns
    -------
    ndarray
        Time under tension [s]; NaN for a set with neither.

    Examples
    --------
    >>> set_time_under_tension(np.array([5, np.nan, 8]), np.array([6, np.nan, np.nan]),
    ...                        np.array([np.nan, 60, np.nan]))
    array([30., 60., nan])
    """
    tut = np.multiply(np.asarray(reps, dtype=float), np.asarray(hold_s, dtype=float), out=out)
    np.copyto(tut, np.asarray(work_s, dtype=float), where=np.isnan(tut))
    return tut


def group_codes(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(key, sort=True)`` for integer keys: (group of each key, sorted keys).

    Non-negative keys whose range is at most a few times their number (the grouping keys of
    the analysis: session x exercise x side codes) are numbered through a table of the range,
    several times faster than hashing; other keys go to :func:`pandas.factorize`.

    Examples
    --------
    >>> group, keys = group_codes(np.array([7, 3, 7, 0]))
    >>> group.tolist(), keys.tolist()
    ([2, 1, 2, 0], [0, 3, 7])
    """
    key = np.asarray(key)
    if key.size == 0 or key.dtype.kind not in "iu" or key.min() < 0:
        group, keys = pd.factorize(key, sort=True)
        return group.astype(np.int64), np.asarray(keys)
    size = int(key.max()) + 1
    if size > 4 * key.size + 2**20:
        group, keys = pd.factorize(key, sort=True)
        return group.astype(np.int64), np.asarray(keys)
    present = np.zeros(size, dtype=bool)
    present[key] = True
    code = np.cumsum(present, dtype=np.int64) - 1
    return code[key], np.flatnonzero(present).astype(key.dtype)


def labels_at(codes: np.ndarray, labels: Sequence[str]) -> pd.api.extensions.ExtensionArray:
    """``labels[codes]`` as a text column, built in Arrow (no Python string per row).

    Examples
    --------
    >>> pd.Series(labels_at(np.array([1, 0, 1]), ["L", "R"])).tolist()
    ['R', 'L', 'R']
    """
    taken = pa.array(list(labels), pa.string()).take(pa.array(np.asarray(codes)))
    return pd.array(taken, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def days_to_datetime(days: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01) as ``datetime64[ns]`` midnights.

    Examples
    --------
    >>> days_to_datetime(np.array([0]))
    array(['1970-01-01T00:00:00.000000000'], dtype='datetime64[ns]')
    """
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")


def check_log(log: pd.DataFrame) -> None:
    """Raise :class:`~psoaskit.errors.LogError` unless ``log`` can be analysed (keys present).

    Examples
    --------
    >>> check_log(pd.DataFrame({"athlete_id": ["A"], "date": [pd.NaT], "exercise_id": ["x"]}))
    Traceback (most recent call last):
    ...
    psoaskit.errors.LogError: log row 0 (0-based) has no date (1 such rows); read logs with psoaskit.logs.read_log, which rejects them with a reason
    """  # noqa: E501
    missing = [c for c in REQUIRED_COLUMNS if c not in log.columns]
    if missing:
        raise LogError(
            f"log lacks column(s) {', '.join(missing)}; read logs with psoaskit.logs.read_log"
        )
    for column in REQUIRED_COLUMNS:
        empty = log[column].isna().to_numpy()
        if empty.any():
            raise LogError(
                f"log row {int(np.flatnonzero(empty)[0])} (0-based) has no {column} "
                f"({int(empty.sum())} such rows); read logs with psoaskit.logs.read_log, "
                "which rejects them with a reason"
            )


def _categorical(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    return values.astype(str).astype("category")


@dataclass(frozen=True)
class SessionIndex:
    """Where each session of a log is: each session is one run of consecutive rows.

    The runs are the log's own rows when each session's rows are together (a log sorted by
    athlete and date), else positions in ``row_order``, the rows sorted by session.

    Attributes
    ----------
    athletes : CategoricalDtype
        The athlete categories of the log.
    run_start : ndarray
        First row (or position in ``row_order``) of each session's run.
    session_of_run : ndarray
        Session number of each run, each session once; sessions are numbered by athlete, day,
        session id.
    session_athlete : ndarray
        Athlete code of each session.
    session_day : ndarray
        Day number (days since 1970-01-01) of each session.
    session_label : ndarray
        Code of each session's id in ``labels`` (-1 for a missing id).
    labels : pandas.Index
        The distinct session ids.
    n_rows : int
        Rows of the log.
    row_order : ndarray or None
        The rows in session order, for a log whose sessions' rows are not together; None
        when the runs are the log's own rows.
    """

    athletes: pd.CategoricalDtype
    run_start: np.ndarray
    session_of_run: np.ndarray
    session_athlete: np.ndarray
    session_day: np.ndarray
    session_label: np.ndarray
    labels: pd.Index
    n_rows: int
    row_order: np.ndarray | None = None

    @property
    def n_sessions(self) -> int:
        """Number of sessions."""
        return len(self.session_athlete)

    def session_of_row(self) -> np.ndarray:
        """Session number of every row."""
        by_position = np.repeat(self.session_of_run, np.diff(np.r_[self.run_start, self.n_rows]))
        if self.row_order is None:
            return by_position
        by_row = np.empty(self.n_rows, dtype=np.int64)
        by_row[self.row_order] = by_position
        return by_row


def index_sessions(log: pd.DataFrame) -> SessionIndex:
    """Group a log's rows into sessions (see the module docstring).

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A", "A", "B", "A"], "exercise_id": ["x"] * 4,
    ...                     "date": pd.to_datetime(["2024-01-01"] * 4),
    ...                     "session_id": ["s1", "s1", "s1", "s1"]})
    >>> idx = index_sessions(log)
    >>> idx.n_sessions, idx.session_of_row().tolist()
    (2, [0, 0, 1, 0])
    """
    check_log(log)
    athletes = _categorical(log[ATHLETE_ID])
    code = athletes.cat.codes.to_numpy()
    dates = log[DATE]
    if not pd.api.types.is_datetime64_dtype(dates.dtype):
        dates = pd.to_datetime(dates)
    stamp = dates.to_numpy()
    n = len(log)
    if SESSION_ID in log.columns:
        values = log[SESSION_ID]
        if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
            values = values.astype(pd.StringDtype("pyarrow"))
        labels_array = values.array
    else:
        labels_array = pd.arrays.ArrowStringArray(pa.nulls(n, pa.large_string()))
    sid = labels_array.__arrow_array__()  # zero-copy view of the arrow data
    # Runs break wherever athlete, timestamp or session id changes; runs of one session that
    # differ only in time of day are merged below by their (athlete, day, id) key.
    change = np.ones(n, dtype=bool)
    if n > 1:
        ticks = stamp.view(np.int64)
        change[1:] = (code[1:] != code[:-1]) | (ticks[1:] != ticks[:-1])
    if np.count_nonzero(change) * _MIN_MEAN_RUN > n:
        return _index_rows(athletes, code, stamp, sid)
    if n > 1:
        nulls = sid.is_null().to_numpy(zero_copy_only=False)
        differs = pc.fill_null(pc.not_equal(sid[1:], sid[:-1]), False)
        change[1:] |= differs.to_numpy(zero_copy_only=False) | (nulls[1:] != nulls[:-1])
    run_start = np.flatnonzero(change)
    run_label, labels = pd.factorize(labels_array.take(run_start), use_na_sentinel=True)
    run_code = code[run_start].astype(np.int64)
    run_day = day_number(stamp[run_start])
    day0 = int(run_day.min()) if n else 0
    n_days = int(np.ptp(run_day)) + 1 if n else 1
    n_labels = len(labels) + 1  # + 1 for a missing id (code -1)
    if len(athletes.cat.categories) * n_days * n_labels < 2**62:
        key = (run_code * n_days + (run_day - day0)) * n_labels + (run_label + 1)
        session_of_run, unique_keys = group_codes(key)
        first_run = np.empty(len(unique_keys), dtype=np.int64)
        first_run[session_of_run[::-1]] = np.arange(len(run_start))[::-1]
    else:  # pragma: no cover - needs ~10^18 athlete-day-label combinations
        frame = pd.DataFrame({"a": run_code, "d": run_day, "s": run_label})
        session_of_run = frame.groupby(["a", "d", "s"], sort=True).ngroup().to_numpy()
        first_run = frame.assign(g=session_of_run).drop_duplicates("g").sort_values("g").index
    index = SessionIndex(
        athletes=athletes.dtype,
        run_start=run_start,
        session_of_run=session_of_run,
        session_athlete=run_code[first_run],
        session_day=run_day[first_run],
        session_label=run_label[first_run],
        labels=pd.Index(labels),
        n_rows=n,
    )
    if len(run_start) == index.n_sessions:
        return index
    # a session in several runs (its rows interleaved with another's): sort rows by session
    order, start = sort_by_group(index.session_of_row(), index.n_sessions)
    return replace(index, run_start=start[:-1], session_of_run=np.arange(index.n_sessions),
                   row_order=order)


#: Mean rows per (athlete, timestamp) run below which :func:`index_sessions` treats every row as
#: its own run: per-run bookkeeping only pays off when runs are a few rows long.
_MIN_MEAN_RUN = 4


def _index_rows(
    athletes: pd.Series, code: np.ndarray, stamp: np.ndarray, sid: pa.Array | pa.ChunkedArray
) -> SessionIndex:
    """:func:`index_sessions` for a log in no useful order: the rows sorted into sessions.

    Sessions get the same numbers, keys and label codes as from the run-based grouping (label
    codes in order of first appearance, sessions sorted by athlete, day and label code).
    """
    n = len(code)
    if isinstance(sid, pa.ChunkedArray):
        sid = sid.chunk(0) if sid.num_chunks == 1 else sid.combine_chunks()
    row_day = day_number(stamp)
    day0 = int(row_day.min())
    n_days = int(row_day.max()) - day0 + 1
    cell = code.astype(np.int64) * n_days + (row_day - day0)
    n_cells = len(athletes.cat.categories) * n_days
    if n_cells <= 4 * n + 2**20:  # a direct table of (athlete, day) cells fits in memory
        first_row = np.full(n_cells, n, dtype=np.int64)
        first_row[cell[::-1]] = np.arange(n - 1, -1, -1)  # the last write, the first row, wins
        session_cell = np.flatnonzero(first_row < n)
        first = first_row[session_cell]
        code_of_cell = np.cumsum(first_row < n) - 1
        session_of_row = code_of_cell[cell]
        # one session id per athlete and day (the usual case): every row's id is its cell's
        # first row's, checked in place without hashing the ids; the cells are then the sessions
        if texts_match(sid, sid.take(pa.array(first)), session_of_row):
            # label codes by first appearance in the rows: encode the cells' ids in the order
            # of their first rows
            by_first = np.argsort(first, kind="stable")
            encoded = pc.dictionary_encode(sid.take(pa.array(first[by_first])))
            session_label = np.empty(len(first), dtype=np.int64)
            session_label[by_first] = encoded.indices.fill_null(-1).to_numpy(
                zero_copy_only=False)
            labels = pd.Index(pd.arrays.ArrowStringArray(encoded.dictionary))
            return _rows_index(athletes, session_of_row, session_cell, session_label, labels,
                               n_days, day0, n)
    encoded = pc.dictionary_encode(sid)  # codes by first appearance, like pd.factorize
    row_label = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    labels = pd.Index(pd.arrays.ArrowStringArray(encoded.dictionary))
    n_labels = len(labels) + 1  # + 1 for a missing id (code -1)
    if n_cells * n_labels < 2**62:
        session_of_row, keys = group_codes(cell * n_labels + (row_label + 1))
        session_cell, session_label = np.divmod(keys, n_labels)
        session_label = session_label - 1
    else:  # pragma: no cover - needs ~10^18 athlete-day-label combinations
        grouped = pd.DataFrame({"c": cell, "s": row_label}).groupby(["c", "s"], sort=True)
        session_of_row = grouped.ngroup().to_numpy()
        keys = grouped.size().index
        session_cell, session_label = keys.get_level_values(0), keys.get_level_values(1)
    return _rows_index(athletes, session_of_row, session_cell, session_label, labels, n_days,
                       day0, n)


def _rows_index(athletes: pd.Series, session_of_row: np.ndarray, session_cell: np.ndarray,
                session_label: np.ndarray, labels: pd.Index, n_days: int, day0: int,
                n: int) -> SessionIndex:
    """The :class:`SessionIndex` of a log in no useful order: its rows sorted by session."""
    session_athlete, session_day = np.divmod(np.asarray(session_cell, dtype=np.int64), n_days)
    order, start = sort_by_group(session_of_row, len(session_athlete))
    return SessionIndex(
        athletes=athletes.dtype,
        run_start=start[:-1],
        session_of_run=np.arange(len(session_athlete)),
        session_athlete=session_athlete,
        session_day=session_day + day0,
        session_label=np.asarray(session_label, dtype=np.int64),
        labels=labels,
        n_rows=n,
        row_order=order,
    )


def _row_columns(log: pd.DataFrame, names: Sequence[str]) -> dict[str, np.ndarray]:
    """The logged ones of ``names`` as read-only float row arrays, NaN for missing (a view, no
    copy, of columns already stored as contiguous floats)."""
    columns = {}
    for name in names:
        if name in log.columns:
            values = log[name]
            if values.dtype == np.float64:
                column = np.ascontiguousarray(values.to_numpy())
            else:
                column = values.to_numpy(dtype=float, na_value=np.nan)
            # read-only either way: one compiled loop serves views and copies alike
            column.flags.writeable = False
            columns[name] = column
    return columns


def _exercise_levels(exercises: pd.Series) -> np.ndarray:
    """Catalogue ladder level of each exercise category (NaN where it has none)."""
    catalogue = read_catalogue().exercises
    return np.asarray([
        float(catalogue[c].level) if c in catalogue and catalogue[c].level is not None else np.nan
        for c in exercises.cat.categories.astype(str)
    ])


def session_table(log: pd.DataFrame, index: SessionIndex | None = None) -> pd.DataFrame:
    """One row per session with its dose, effort and pain.

    Parameters
    ----------
    log : DataFrame
        A canonical log.
    index : SessionIndex, optional
        From :func:`index_sessions`, if already computed.

    Returns
    -------
    DataFrame
        ``athlete_id``, ``date``, ``session_id``, ``week_start``, ``sets``, ``reps``,
        ``tut_s`` [s] (NaN when no set is timed), ``timed_sets``, ``volume_load_kg`` [kg],
        ``rpe_mean`` [CR-10] and ``rpe_sets``, ``pain_max``/``pain_mean`` [NRS] and
        ``pain_sets``, ``level_max`` (highest ladder level done), ``work_min`` (logged work
        time, only when every set is timed) [min], the session-level ``session_duration_min``
        [min], ``session_rpe`` [CR-10] and ``pain_next_morning`` [NRS] (NaN when not logged),
        ``srpe_au`` = ``session_rpe x session_duration_min``, Foster's session-RPE load [AU], and
        ``set_rpe_work_au`` = ``rpe_mean x work_min``, a proxy for it from the sets [AU].

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A", "A"], "exercise_id": ["psoas_march"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-01"] * 2), "work_s": [60.0, 60.0],
    ...                     "rpe": [4.0, 6.0]})
    >>> session_table(log)[["sets", "tut_s", "work_min", "set_rpe_work_au"]].values.tolist()
    [[2.0, 120.0, 2.0, 10.0]]
    """
    return session_tables(log, index)[0]


def session_tables(
    log: pd.DataFrame, index: SessionIndex | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`session_table` and :func:`side_table` at once, adding up the sets in one pass.

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 2, "exercise_id": ["toe_tap"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-01"] * 2), "side": ["L", "R"],
    ...                     "reps": [8, 6]})
    >>> sessions, sides = session_tables(log)
    >>> sessions["reps"].tolist(), sides["reps"].tolist()
    ([14.0], [8.0, 6.0])
    """
    index = index_sessions(log) if index is None else index
    exercises = _categorical(log[EXERCISE_ID])
    if SIDE in log.columns:
        side = pd.Categorical(log[SIDE], categories=SIDES).codes
    else:
        side = np.full(len(log), -1, dtype=np.int8)
    totals = set_totals(
        index.run_start, index.session_of_run, index.row_order, index.n_rows,
        _row_columns(log, (REPS, HOLD_S, WORK_S, LOAD_KG, RPE, PAIN, SESSION_DURATION_MIN,
                           SESSION_RPE, PAIN_NEXT_MORNING)),
        exercises.cat.codes.to_numpy(), _exercise_levels(exercises), side, len(SIDES) + 1,
    )
    return (_sessions_frame(index, totals),
            _sides_frame(index, totals, exercises.dtype, len(SIDES) + 1))


def _sessions_frame(index: SessionIndex, totals: SetTotals) -> pd.DataFrame:
    total, count, most = totals.session_sums, totals.session_counts, totals.session_max
    sets, timed = count["sets"], count["timed_sets"]
    rpe_sets, pain_sets = count["rpe_sets"], count["pain_sets"]
    with np.errstate(invalid="ignore", divide="ignore"):
        rpe_mean = total[RPE] / rpe_sets
        pain_mean = total[PAIN] / pain_sets
    tut_s = np.where(timed > 0, total["tut_s"], np.nan)
    work_min = np.where(timed == sets, tut_s / 60, np.nan)
    # session-level fields hold one value per session (validation rejects conflicts)
    duration, session_rpe = most[SESSION_DURATION_MIN], most[SESSION_RPE]
    labels = pd.array(index.labels.array, dtype=pd.StringDtype("pyarrow")).take(
        index.session_label, allow_fill=True
    )
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(index.session_athlete, dtype=index.athletes),
            DATE: days_to_datetime(index.session_day),
            SESSION_ID: labels.astype("string"),
            WEEK: days_to_datetime(week_start_day(week_number(index.session_day))),
            "sets": sets,
            REPS: total[REPS],
            "tut_s": tut_s,
            "timed_sets": timed,
            "volume_load_kg": total["volume_load_kg"],
            "rpe_mean": rpe_mean,
            "rpe_sets": rpe_sets,
            "pain_max": most["pain_max"],
            "pain_mean": pain_mean,
            "pain_sets": pain_sets,
            "level_max": most["level_max"],
            "work_min": work_min,
            SESSION_DURATION_MIN: duration,
            SESSION_RPE: session_rpe,
            PAIN_NEXT_MORNING: most[PAIN_NEXT_MORNING],
            "srpe_au": session_rpe * duration,
            "set_rpe_work_au": rpe_mean * work_min,
        },
        copy=False,  # fresh arrays: no consolidating copy
    )


def side_table(log: pd.DataFrame, index: SessionIndex | None = None) -> pd.DataFrame:
    """One row per session, exercise and side with the logged dose.

    Rows with no side are kept under side ``<NA>`` (they count for dose, not asymmetry).

    Returns
    -------
    DataFrame
        ``session`` (number, as in :class:`SessionIndex`), ``athlete_id``, ``week_start``,
        ``exercise_id``, ``side``, ``sets``, sums and counts ``reps``/``reps_n``,
        ``hold_s``/``hold_n``, ``work_s``/``work_n``, ``tut_s``/``tut_n`` [s], bests
        ``hold_s_max``, ``work_s_max`` [s], ``load_kg_max`` [kg], and ``volume_load_kg`` [kg].

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 3, "exercise_id": ["toe_tap"] * 3,
    ...                     "date": pd.to_datetime(["2024-01-01"] * 3), "side": ["L", "R", "L"],
    ...                     "reps": [8, 8, 6]})
    >>> side_table(log)[["side", "sets", "reps"]].values.tolist()
    [['L', 2, 14.0], ['R', 1, 8.0]]
    """
    return session_tables(log, index)[1]


def _sides_frame(index: SessionIndex, totals: SetTotals, exercises: pd.CategoricalDtype,
                 n_side: int) -> pd.DataFrame:
    keys, total, counts, most = (totals.block_keys, totals.block_sums, totals.block_counts,
                                 totals.block_max)
    n_ex = max(len(exercises.categories), 1)
    session = keys // (n_ex * n_side)
    return pd.DataFrame(
        {
            "session": session,
            ATHLETE_ID: pd.Categorical.from_codes(
                index.session_athlete[session], dtype=index.athletes
            ),
            WEEK: days_to_datetime(week_start_day(week_number(index.session_day)))[session],
            EXERCISE_ID: pd.Categorical.from_codes((keys // n_side) % n_ex, dtype=exercises),
            SIDE: pd.Categorical.from_codes(keys % n_side - 1, categories=SIDES),
            "sets": counts["sets"],
            REPS: total[REPS],
            "reps_n": counts["reps_n"],
            HOLD_S: total[HOLD_S],
            "hold_n": counts["hold_n"],
            "hold_s_max": most["hold_s_max"],
            WORK_S: total[WORK_S],
            "work_n": counts["work_n"],
            "work_s_max": most["work_s_max"],
            "tut_s": total["tut_s"],
            "tut_n": counts["tut_n"],
            "load_kg_max": most["load_kg_max"],
            "volume_load_kg": total["volume_load_kg"],
        },
        copy=False,  # fresh arrays: no consolidating copy
    )


def exercise_week_table(sides: pd.DataFrame) -> pd.DataFrame:
    """One row per athlete, week and exercise: the left and right totals and the week's bests.

    Parameters
    ----------
    sides : DataFrame
        Session x exercise x side blocks (:func:`side_table`).

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start``, ``exercise_id``; the week's bests ``hold_s_max``,
        ``work_s_max`` [s], ``load_kg_max`` [kg] (NaN when none logged) and ``sets_max`` (most
        sets on one side in one session); and per side, ``sets_L``/``sets_R``,
        ``volume_load_kg_L``/``_R`` [kg], ``tut_s_L``/``_R`` [s] with ``tut_n_L``/``_R`` (sets
        timed) and ``reps_L``/``_R`` (0 when not done on that side). Sorted by athlete, week
        and exercise.

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A"] * 3, "exercise_id": ["toe_tap"] * 3,
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-03"]),
    ...                     "side": ["L", "R", "R"], "reps": [8, 8, 6]})
    >>> week = exercise_week_table(side_table(log))
    >>> week[["reps_L", "reps_R", "sets_max"]].values.tolist()
    [[8.0, 14.0, 2.0]]
    """
    athlete = sides[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64)
    exercise = sides[EXERCISE_ID].cat.codes.to_numpy()
    n_ex = max(len(sides[EXERCISE_ID].cat.categories), 1)
    week = week_number(day_number(sides[WEEK].to_numpy()))
    w0 = int(week.min()) if len(week) else 0
    n_weeks = int(week.max()) - w0 + 1 if len(week) else 1
    group, keys = group_codes((athlete * n_weeks + (week - w0)) * n_ex + exercise)
    side = pd.Categorical(sides[SIDE], categories=SIDES).codes  # L 0, R 1
    sums, most = exercise_week_totals(group, len(keys), side, {
        name: sides[name].to_numpy() for name in
        ("sets", "volume_load_kg", "tut_s", "tut_n", REPS, "hold_s_max", "work_s_max",
         "load_kg_max")})
    cell, exercise_code = np.divmod(keys, n_ex)
    athlete_code, week_code = np.divmod(cell, n_weeks)
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(athlete_code, dtype=sides[ATHLETE_ID].dtype),
            WEEK: days_to_datetime(week_start_day(week_code + w0)),
            EXERCISE_ID: pd.Categorical.from_codes(exercise_code, dtype=sides[EXERCISE_ID].dtype),
            **most,
            **sums,
        },
        copy=False,  # fresh arrays: no consolidating copy
    )
