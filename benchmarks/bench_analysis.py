"""Benchmark: psoaskit's log analysis of a squad against DuckDB, in one process.

Two comparisons, each on the log as simulated and on a shuffled copy:

1. **Weekly aggregation** (below).
2. **The whole analysis**: ``analyse_log(log)`` (every table: sessions, daily calendar with
   rolling and EWMA loads, weekly table with the three weekly ACWR variants, doses, asymmetry,
   progression, trends, flags, flag runs and the squad summary) against DuckDB computing the
   weekly, daily-load, ACWR and flag inputs in SQL: the session table with Foster's
   session-RPE (session RPE x duration; the simulated log carries both for every session), the
   daily calendar of every athlete up to the squad's last day with 7- and 28-day rolling means,
   the weekly table (sessions, sets, pain, next-morning pain, the previous week's pain for
   ``pain_rising``, load) with the rolling coupled, rolling uncoupled and EWMA (recursive CTE,
   started at the first window's mean) weekly ratios, and the per-side weekly totals behind the
   asymmetry flag. DuckDB computes less than analyse_log (no doses against a programme, no
   progression or trends, no flag reasons), so the ratio is an upper bound of psoaskit's
   overhead on the shared part. Weekly loads, ACWRs, pain changes and daily rolling means
   are checked to be equal before any time is reported.

The log is simulated with ``psoaskit.simulation`` (about 1,000 athletes x 3 years, ~10 million
set rows). Both contenders compute the same weekly table per athlete and Monday-to-Sunday week:
sessions (distinct athlete, day and session id), sets, reps, time under tension, volume load,
mean RPE, highest and mean pain and the highest ladder level. psoaskit runs
``weekly_dose(session_table(log))`` (numpy, pandas and the compiled loops of
``psoaskit.analysis.grouped``, which split a long log over up to 4 threads); DuckDB runs the
equivalent SQL directly on the same pandas DataFrame (its default threads). The two results are
checked to be equal before any time is reported.

Reported: the best wall time of each over N alternating rounds, their ratio (target: psoaskit
<= 2x DuckDB), and the peak increase of the process's resident memory during one call of each
(sampled every 5 ms).
The same comparison is repeated on a shuffled copy of the log, the worst case for psoaskit's
run-based grouping.

Run:  .venv/bin/python benchmarks/bench_analysis.py [--athletes 1000] [--weeks 157] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import threading
import time
from collections.abc import Callable

import duckdb
import numpy as np
import pandas as pd
import psutil

from psoaskit.analysis.log_analysis import analyse_log
from psoaskit.analysis.sessions import session_table
from psoaskit.analysis.weekly import weekly_dose
from psoaskit.catalogue.exercises import read_catalogue
from psoaskit.simulation.runs import simulate

COLUMNS = ["sessions", "sets", "reps", "tut_s", "volume_load_kg", "rpe_mean", "pain_max",
           "pain_mean", "level_max"]


def squad_log(athletes: int, weeks: int, seed: int) -> pd.DataFrame:
    """A simulated squad log: 90 % on the five-exercise routine, 10 % on the level ladder."""
    half = athletes - athletes // 10
    parts = [
        simulate("precision_movement_routine", athletes=half, weeks=weeks, adherence=0.97,
                 seed=seed, ids=[f"P{i:04d}" for i in range(half)]).to_log(),
        simulate("psoas_level_ladder", athletes=athletes - half, weeks=weeks, adherence=0.97,
                 seed=seed + 1, sessions_per_week=3,
                 ids=[f"L{i:04d}" for i in range(athletes - half)]).to_log(),
    ]
    log = pd.concat(parts, ignore_index=True)
    for column in ("athlete_id", "exercise_id"):
        log[column] = log[column].astype(str).astype("category")
    return log


def duckdb_sql() -> str:
    """The weekly aggregation in SQL (the ladder level as a CASE over the catalogue)."""
    levels = " ".join(
        f"WHEN '{e.id}' THEN {e.level}" for e in read_catalogue().values() if e.level is not None
    )
    return f"""
        SELECT athlete_id::VARCHAR AS athlete_id,
               date_trunc('week', date) AS week_start,
               count(DISTINCT row(CAST(date AS DATE), session_id)) AS sessions,
               count(*) AS sets,
               coalesce(sum(reps), 0)::DOUBLE AS reps,
               sum(coalesce(reps * hold_s, work_s)) AS tut_s,
               coalesce(sum(load_kg * reps), 0) AS volume_load_kg,
               avg(rpe) AS rpe_mean,
               max(pain) AS pain_max,
               avg(pain) AS pain_mean,
               max(CASE exercise_id::VARCHAR {levels} END)::DOUBLE AS level_max
        FROM log
        GROUP BY ALL
    """


def peak_rss_increase(call: Callable[[], object]) -> tuple[object, float]:
    """Run ``call`` once; return its result and the peak RSS increase during it [MB]."""
    process = psutil.Process(os.getpid())
    gc.collect()
    baseline = process.memory_info().rss
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = call()
    finally:
        done.set()
        sampler.join()
    peak = max(peak, process.memory_info().rss)
    return result, (peak - baseline) / 1e6


def best_times(calls: list[Callable[[], object]], rounds: int) -> list[float]:
    """Best wall time of each call over ``rounds`` rounds, the calls alternating [s].

    Alternating means both contenders see the same machine load, which matters on a shared box.
    """
    best = [float("inf")] * len(calls)
    for _ in range(rounds):
        for i, call in enumerate(calls):
            gc.collect()
            start = time.perf_counter()
            call()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def assert_same(ours: pd.DataFrame, theirs: pd.DataFrame, keys: list[str], columns: list[str],
                what: str, atol: float = 1e-9) -> None:
    """Raise AssertionError unless both tables have the same ``keys`` and equal ``columns``."""
    merged = ours.merge(theirs, on=keys, how="outer", suffixes=("", "_sql"), indicator=True)
    unmatched = int((merged["_merge"] != "both").sum())
    assert unmatched == 0, f"{unmatched} {what} rows found by only one contender"
    for column in columns:
        a = merged[column].to_numpy(dtype=float)
        b = merged[f"{column}_sql"].to_numpy(dtype=float)
        assert np.allclose(a, b, rtol=1e-9, atol=atol, equal_nan=True), f"{what} {column} differs"


def check_equal(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Raise AssertionError unless both weekly tables agree on every week with sessions."""
    ours = ours[ours["sessions"] > 0].assign(athlete_id=lambda t: t["athlete_id"].astype(str))
    theirs = theirs.assign(week_start=pd.to_datetime(theirs["week_start"]).astype("M8[ns]"))
    assert_same(ours, theirs, ["athlete_id", "week_start"], COLUMNS, "athlete-week")


def compare(label: str, log: pd.DataFrame, repeat: int) -> float:
    con = duckdb.connect()
    con.register("log", log)
    sql = duckdb_sql()

    def ours() -> pd.DataFrame:
        return weekly_dose(session_table(log))

    def theirs() -> pd.DataFrame:
        return con.execute(sql).df()

    ours_table, ours_mb = peak_rss_increase(ours)
    theirs_table, theirs_mb = peak_rss_increase(theirs)
    check_equal(ours_table, theirs_table)
    t_ours, t_theirs = best_times([ours, theirs], repeat)
    print(f"\n{label}: {len(log):,} rows, {(ours_table['sessions'] > 0).sum():,} athlete-weeks "
          "(results identical)")
    return print_race(con, ("psoaskit weekly_dose(session_table(log))", t_ours, ours_mb),
                      ("SQL on the DataFrame", t_theirs, theirs_mb))


def print_race(con: duckdb.DuckDBPyConnection, ours: tuple[str, float, float],
               theirs: tuple[str, float, float]) -> float:
    """Print both contenders' time [s] and peak memory [MB] and their ratio; close ``con``."""
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.close()
    ratio = ours[1] / theirs[1]
    print(f"  {ours[0]:<48} {ours[1]:7.3f} s   peak +{ours[2]:7.0f} MB   "
          f"(up to {min(os.cpu_count() or 1, 4)} threads)")
    print(f"  {'DuckDB ' + duckdb.__version__ + ' ' + theirs[0]:<48} {theirs[1]:7.3f} s   "
          f"peak +{theirs[2]:7.0f} MB   ({threads} threads)")
    print(f"  ratio psoaskit / DuckDB = {ratio:.2f}  (target <= 2.00: "
          f"{'met' if ratio <= 2 else 'NOT met'})")
    return ratio


def analysis_sql() -> str:
    """Sessions, daily calendar, weekly table, weekly ACWRs and asymmetry inputs in SQL."""
    return """
    CREATE OR REPLACE TEMP TABLE sessions AS
        SELECT athlete_id::VARCHAR AS athlete_id, CAST(date AS DATE) AS day, session_id,
               count(*) AS sets, max(pain) AS pain_max,
               any_value(session_rpe) * any_value(session_duration_min) AS srpe_au,
               max(pain_next_morning) AS pain_next_morning
        FROM log GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE daily AS
        WITH span AS (
            SELECT athlete_id, min(day) AS first_day,
                   (SELECT max(day) FROM sessions) AS last_day
            FROM sessions GROUP BY athlete_id),
        days AS (
            SELECT athlete_id, unnest(generate_series(first_day, last_day, INTERVAL 1 DAY))::DATE
                   AS day FROM span),
        loads AS (SELECT athlete_id, day, sum(srpe_au) AS load FROM sessions GROUP BY ALL)
        SELECT d.athlete_id, d.day, coalesce(l.load, 0) AS load,
               CASE WHEN row_number() OVER w >= 7 THEN avg(coalesce(l.load, 0)) OVER (
                   w ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) END AS acute_mean,
               CASE WHEN row_number() OVER w >= 28 THEN avg(coalesce(l.load, 0)) OVER (
                   w ROWS BETWEEN 27 PRECEDING AND CURRENT ROW) END AS chronic_mean
        FROM days d LEFT JOIN loads l USING (athlete_id, day)
        WINDOW w AS (PARTITION BY d.athlete_id ORDER BY d.day);
    CREATE OR REPLACE TEMP TABLE weekly AS
        WITH span AS (
            SELECT athlete_id, date_trunc('week', min(day))::DATE AS first_week,
                   date_trunc('week', (SELECT max(day) FROM sessions))::DATE AS last_week
            FROM sessions GROUP BY athlete_id),
        weeks AS (
            SELECT athlete_id,
                   unnest(generate_series(first_week, last_week, INTERVAL 7 DAY))::DATE AS week
            FROM span),
        agg AS (
            SELECT athlete_id, date_trunc('week', day)::DATE AS week, count(*) AS sessions,
                   sum(sets) AS sets, max(pain_max) AS pain_max,
                   max(pain_next_morning) AS pain_next_morning_max, sum(srpe_au) AS load
            FROM sessions GROUP BY ALL),
        grid AS (
            SELECT w.athlete_id, w.week, coalesce(a.sessions, 0) AS sessions,
                   coalesce(a.sets, 0) AS sets, a.pain_max, a.pain_next_morning_max,
                   coalesce(a.load, 0) AS load,
                   row_number() OVER (PARTITION BY w.athlete_id ORDER BY w.week) - 1 AS k
            FROM weeks w LEFT JOIN agg a USING (athlete_id, week))
        SELECT *,
               pain_max - last_value(pain_max IGNORE NULLS) OVER (
                   PARTITION BY athlete_id ORDER BY week
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pain_change,
               sum(load) OVER (PARTITION BY athlete_id ORDER BY week
                               ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS window4
        FROM grid;
    CREATE OR REPLACE TEMP TABLE ewma AS
        WITH RECURSIVE chain(athlete_id, k, chronic) AS (
            SELECT athlete_id, k, window4 / 4 FROM weekly WHERE k = 3
            UNION ALL
            SELECT c.athlete_id, w.k, 0.4 * w.load + 0.6 * c.chronic
            FROM chain c JOIN weekly w ON w.athlete_id = c.athlete_id AND w.k = c.k + 1)
        SELECT * FROM chain;
    CREATE OR REPLACE TEMP TABLE weekly_acwr AS
        SELECT w.*,
               CASE WHEN w.k >= 3 AND w.window4 > 0 THEN w.load / (w.window4 / 4) END
                   AS acwr_rolling_coupled,
               CASE WHEN w.k >= 3 AND w.window4 - w.load > 0
                    THEN w.load / ((w.window4 - w.load) / 3) END AS acwr_rolling_uncoupled,
               CASE WHEN e.chronic > 0 THEN w.load / e.chronic END AS acwr_ewma
        FROM weekly w LEFT JOIN ewma e USING (athlete_id, k);
    CREATE OR REPLACE TEMP TABLE sides AS
        SELECT athlete_id::VARCHAR AS athlete_id, date_trunc('week', date)::DATE AS week,
               exercise_id::VARCHAR AS exercise_id, side,
               sum(coalesce(reps * hold_s, work_s)) AS tut_s, sum(reps) AS reps
        FROM log WHERE side IN ('L', 'R') GROUP BY ALL;
    """


ANALYSIS_COLUMNS = ["sessions", "sets", "pain_max", "pain_next_morning_max", "pain_change",
                    "load", "acwr_rolling_coupled", "acwr_rolling_uncoupled", "acwr_ewma"]


def check_analysis_equal(ours, con: duckdb.DuckDBPyConnection) -> None:
    """Raise AssertionError unless DuckDB's weekly, daily and side tables match analyse_log's."""
    assert (ours.weekly["load_measure"] == "srpe").all(), "every athlete needs Foster's load"
    theirs = con.execute("SELECT * FROM weekly_acwr").df()
    theirs["week_start"] = pd.to_datetime(theirs["week"]).astype("M8[ns]")
    weekly = ours.weekly.assign(athlete_id=ours.weekly["athlete_id"].astype(str))
    assert_same(weekly, theirs, ["athlete_id", "week_start"], ANALYSIS_COLUMNS, "weekly")
    daily = con.execute("SELECT * FROM daily").df()
    daily["date"] = pd.to_datetime(daily["day"]).astype("M8[ns]")
    ours_daily = ours.daily.assign(athlete_id=ours.daily["athlete_id"].astype(str))
    assert_same(ours_daily, daily, ["athlete_id", "date"], ["load", "acute_mean", "chronic_mean"],
                "daily", atol=1e-6)
    sides = con.execute(
        "PIVOT (SELECT athlete_id, week, exercise_id, side, tut_s FROM sides) "
        "ON side IN ('L', 'R') USING first(tut_s)").df()
    sides["week_start"] = pd.to_datetime(sides["week"]).astype("M8[ns]")
    asym = ours.asymmetry[ours.asymmetry["metric"] == "tut_s"]
    asym = asym.assign(athlete_id=asym["athlete_id"].astype(str),
                       exercise_id=asym["exercise_id"].astype(str))
    merged = asym.merge(sides, on=["athlete_id", "week_start", "exercise_id"], how="left")
    assert len(merged) > 0, "no time-under-tension asymmetry to compare"
    for ours_side, sql_side in (("left", "L"), ("right", "R")):
        a, b = merged[ours_side].to_numpy(dtype=float), merged[sql_side].to_numpy(dtype=float)
        assert np.allclose(a, b, rtol=1e-9), f"asymmetry {ours_side} totals differ"


def compare_analysis(label: str, log: pd.DataFrame, repeat: int) -> float:
    con = duckdb.connect()
    con.register("log", log)
    sql = analysis_sql()

    def ours() -> object:
        return analyse_log(log)

    def theirs() -> None:
        con.execute(sql)

    ours_result, ours_mb = peak_rss_increase(ours)
    _, theirs_mb = peak_rss_increase(theirs)
    check_analysis_equal(ours_result, con)
    t_ours, t_theirs = best_times([ours, theirs], repeat)
    print(f"\n{label}: {len(log):,} rows, {len(ours_result.sessions):,} sessions, "
          f"{len(ours_result.weekly):,} athlete-weeks, {len(ours_result.daily):,} athlete-days "
          "(weekly loads, ACWRs, pain changes, daily means and side totals identical)")
    return print_race(con, ("psoaskit analyse_log(log), every table", t_ours, ours_mb),
                      ("SQL: sessions, daily, weekly, ACWR, sides", t_theirs, theirs_mb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=157)
    parser.add_argument("--repeat", type=int, default=5, help="alternating rounds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=("weekly", "analysis"), default=None,
                        help="run one of the two comparisons (default: both)")
    args = parser.parse_args()
    start = time.perf_counter()
    log = squad_log(args.athletes, args.weeks, args.seed)
    print(f"simulated {args.athletes} athletes x {args.weeks} weeks: {len(log):,} rows, "
          f"{log.memory_usage(deep=True).sum() / 1e9:.2f} GB in {time.perf_counter() - start:.1f} s"
          f"; machine: {os.cpu_count()} cores")
    runs = [c for name, c in (("weekly", compare), ("analysis", compare_analysis))
            if args.only in (None, name)]
    for run in runs:
        run("log as simulated (sorted by athlete and date)", log, args.repeat)
    shuffled = log.sample(frac=1.0, random_state=args.seed, ignore_index=True)
    del log
    for run in runs:
        run("same rows shuffled (worst case for run-based grouping)", shuffled, args.repeat)


if __name__ == "__main__":
    main()
