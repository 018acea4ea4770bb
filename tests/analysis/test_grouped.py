"""The compiled loops against plain numpy and pandas on arbitrary inputs."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from psoaskit.analysis.grouped import (
    BLOCK_COUNTS,
    BLOCK_MAX,
    BLOCK_SUMS,
    exercise_week_totals,
    grouped_cummax,
    grouped_ewma,
    set_totals,
    sort_by_group,
    texts_match,
    window_sums,
)
from psoaskit.analysis.sessions import set_time_under_tension

maybe = st.one_of(st.none(), st.floats(0, 50, allow_nan=False).map(lambda v: round(v, 1)))
row = st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(-1, 2), maybe, maybe, maybe,
                maybe, maybe)


def values(column: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in column], dtype=float)


@settings(max_examples=150, deadline=None)
@given(st.lists(row, min_size=1, max_size=40), st.booleans(), st.booleans())
def test_set_totals_match_pandas(rows, in_order, drop_pain):
    session, exercise, side, reps, hold, work, load, pain = (list(c) for c in zip(*rows,
                                                                                   strict=True))
    session = np.array(session)
    present, session = np.unique(session, return_inverse=True)  # sessions 0 .. n - 1
    columns = {"reps": values(reps), "hold_s": values(hold), "work_s": values(work),
               "load_kg": values(load)}
    if not drop_pain:
        columns["pain"] = values(pain)
    if in_order:  # rows of a session together: runs are the rows themselves
        by_session = np.argsort(session, kind="stable")
        session = session[by_session]
        exercise, side = np.array(exercise)[by_session], np.array(side)[by_session]
        columns = {k: v[by_session] for k, v in columns.items()}
        run_start = np.flatnonzero(np.r_[True, session[1:] != session[:-1]])
        order = None
    else:
        exercise, side = np.array(exercise), np.array(side)
        order, start = sort_by_group(session, len(present))
        run_start = start[:-1]
    levels = np.array([1.0, np.nan, 3.0])
    totals = set_totals(run_start, np.arange(len(present)), order, len(session), columns,
                        exercise.astype(np.int8), levels, side.astype(np.int8), 4)

    frame = pd.DataFrame(columns).assign(session=session, exercise=exercise, side=side)
    frame["tut_s"] = set_time_under_tension(frame["reps"], frame["hold_s"], frame["work_s"])
    frame["volume"] = frame["load_kg"] * frame["reps"]
    frame["level"] = levels[exercise]
    by_session = frame.groupby("session")
    np.testing.assert_array_equal(totals.session_counts["sets"], by_session.size())
    np.testing.assert_allclose(totals.session_sums["tut_s"], by_session["tut_s"].sum())
    np.testing.assert_array_equal(totals.session_counts["timed_sets"],
                                  by_session["tut_s"].count())
    np.testing.assert_allclose(totals.session_sums["volume_load_kg"], by_session["volume"].sum())
    np.testing.assert_array_equal(totals.session_max["level_max"], by_session["level"].max())
    pain_max = by_session["pain"].max() if "pain" in frame else np.full(len(present), np.nan)
    np.testing.assert_array_equal(totals.session_max["pain_max"], pain_max)

    frame["key"] = (frame["session"] * 3 + frame["exercise"]) * 4 + frame["side"] + 1
    blocks = frame.groupby("key")
    np.testing.assert_array_equal(totals.block_keys, blocks.size().index)
    np.testing.assert_array_equal(totals.block_counts["sets"], blocks.size())
    for name, column in zip(BLOCK_SUMS, ["reps", "hold_s", "work_s", "tut_s", "volume"],
                            strict=True):
        np.testing.assert_allclose(totals.block_sums[name], blocks[column].sum())
    for name, column in zip(BLOCK_COUNTS[1:], ["reps", "hold_s", "work_s", "tut_s"],
                            strict=True):
        np.testing.assert_array_equal(totals.block_counts[name], blocks[column].count())
    for name, column in zip(BLOCK_MAX, ["hold_s", "work_s", "load_kg"], strict=True):
        np.testing.assert_array_equal(totals.block_max[name], blocks[column].max())


def test_set_totals_split_over_threads_add_up_the_same(monkeypatch):
    from psoaskit.analysis import grouped

    rng = np.random.default_rng(0)
    session = np.sort(rng.integers(0, 300, 5000))
    run_start = np.flatnonzero(np.r_[True, session[1:] != session[:-1]])
    arguments = (run_start, np.arange(len(run_start)), None, len(session),
                 {"reps": rng.integers(1, 9, len(session)).astype(float)},
                 rng.integers(0, 5, len(session)).astype(np.int8), np.arange(5.0),
                 rng.integers(-1, 3, len(session)).astype(np.int8), 4)
    one = set_totals(*arguments)
    monkeypatch.setattr(grouped, "_ROWS_PER_THREAD", 100)
    monkeypatch.setattr(grouped.os, "cpu_count", lambda: 4)
    split = set_totals(*arguments)
    np.testing.assert_array_equal(one.block_keys, split.block_keys)
    np.testing.assert_array_equal(one.block_sums["reps"], split.block_sums["reps"])
    np.testing.assert_array_equal(one.session_sums["reps"], split.session_sums["reps"])


@given(st.lists(st.integers(0, 6), max_size=50))
def test_sort_by_group_is_a_stable_argsort(groups):
    groups = np.array(groups, dtype=np.int64)
    order, start = sort_by_group(groups, 7)
    np.testing.assert_array_equal(order, np.argsort(groups, kind="stable"))
    np.testing.assert_array_equal(np.diff(start), np.bincount(groups, minlength=7))


runs = st.lists(st.tuples(st.integers(0, 3), st.one_of(st.none(), st.floats(-10, 10))),
                max_size=40)


@given(runs)
def test_grouped_ewma_is_pandas_ewm_per_run(data):
    groups = np.array([g for g, _ in data], dtype=np.int64)
    x = values([v for _, v in data])
    run = np.cumsum(np.r_[True, groups[1:] != groups[:-1]]) if len(groups) else groups
    expected = pd.Series(x).groupby(run).transform(
        lambda s: s.ewm(alpha=0.3, adjust=False, ignore_na=True).mean())
    np.testing.assert_allclose(grouped_ewma(x, groups, 0.3), expected.to_numpy(dtype=float))


@given(runs, st.integers(1, 5))
def test_seeded_ewma_starts_at_the_mean_of_the_first_span(data, span):
    groups = np.array([g for g, _ in data], dtype=np.int64)
    x = values([v for _, v in data])
    out = grouped_ewma(x, groups, 0.4, span=span)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])[: len(groups)]
    for first, end in itertools.pairwise([*starts, len(x)]):
        position = np.arange(end - first)
        assert np.isnan(out[first:end][position < span - 1]).all()
        if end - first >= span:
            seeded = x[first:end].copy()
            seeded[: span - 1] = np.nan
            seeded[span - 1] = x[first:first + span].mean()
            expected = pd.Series(seeded).ewm(alpha=0.4, adjust=False, ignore_na=True).mean()
            np.testing.assert_allclose(out[first + span - 1:end],
                                       expected.to_numpy()[span - 1:])


@given(runs)
def test_grouped_cummax_is_pandas_cummax_per_run(data):
    groups = np.array([g for g, _ in data], dtype=np.int64)
    x = values([v for _, v in data])
    run = np.cumsum(np.r_[True, groups[1:] != groups[:-1]]) if len(groups) else groups
    expected = pd.Series(x).groupby(run).cummax().to_numpy(dtype=float)
    np.testing.assert_array_equal(grouped_cummax(x, groups), expected)


@given(st.lists(st.floats(-1e6, 1e6), max_size=60), st.integers(1, 10))
def test_window_sums_are_each_window_summed(x, window):
    x = np.array(x, dtype=float)
    expected = [x[max(i - window + 1, 0): i + 1].sum() for i in range(len(x))]
    np.testing.assert_allclose(window_sums(x, window), expected, rtol=1e-12, atol=1e-6)


texts = st.lists(st.one_of(st.none(), st.text(max_size=4)), min_size=1, max_size=20)


@given(texts, st.data(), st.booleans(), st.integers(0, 3))
def test_texts_match_compares_like_python(items, data, large, cut):
    reference = data.draw(texts)
    which = np.array(data.draw(st.lists(st.integers(0, len(reference) - 1),
                                        min_size=len(items), max_size=len(items))))
    kind = pa.large_string() if large else pa.string()
    array = pa.array(["pad"] * cut + items, kind).slice(cut)  # a slice: offsets not at 0
    expected = all(items[k] == reference[w] for k, w in enumerate(which))
    assert texts_match(array, pa.array(reference, kind), which) == expected


def test_texts_match_finds_one_differing_row_among_equal_ones():
    ids = pa.array(["s1"] * 1000 + ["s2"] + ["s1"] * 1000)
    assert not texts_match(ids, pa.array(["s1"]), np.zeros(2001, dtype=np.int64))
    assert texts_match(ids, pa.array(["s1", "s2"]), (np.arange(2001) == 1000).astype(np.int64))


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(-1, 2), st.integers(1, 4),
                          maybe, maybe), min_size=1, max_size=40))
def test_exercise_week_totals_match_pandas(blocks):
    cell, side, sets, tut, hold = (np.array(c) for c in zip(*blocks, strict=True))
    tut, hold = values(list(tut)), values(list(hold))
    present, cell = np.unique(cell, return_inverse=True)
    columns = {"sets": sets, "volume_load_kg": np.zeros(len(sets)),
               "tut_s": np.nan_to_num(tut), "tut_n": (~np.isnan(tut)).astype(np.int64),
               "reps": sets * 2.0, "hold_s_max": hold, "work_s_max": np.full(len(sets), np.nan),
               "load_kg_max": np.full(len(sets), np.nan)}
    sums, top = exercise_week_totals(cell, len(present), side.astype(np.int8), columns)
    frame = pd.DataFrame(columns).assign(cell=cell, side=side)
    np.testing.assert_array_equal(top["sets_max"], frame.groupby("cell")["sets"].max())
    np.testing.assert_array_equal(top["hold_s_max"], frame.groupby("cell")["hold_s_max"].max())
    for code, name in ((0, "L"), (1, "R")):
        mine = frame[frame["side"] == code].groupby("cell")["tut_s"].sum().reindex(
            range(len(present)), fill_value=0.0)
        np.testing.assert_allclose(sums[f"tut_s_{name}"], mine)
