"""Benchmark: psoaskit's weekly aggregation of a squad log against DuckDB, in one process.

The log is simulated with ``psoaskit.simulation`` (about 1,000 athletes x 3 years, ~10 million
set rows). Both contenders compute the same weekly table per athlete and Monday-to-Sunday week:
sessions (distinct athlete, day and session id), sets, reps, time under tension, volume load,
mean RPE, highest and mean pain and the highest ladder level. psoaskit runs
``weekly_dose(session_table(log))`` (numpy/pandas, one thread); DuckDB runs the equivalent SQL
directly on the same pandas DataFrame (its default threads). The two results are checked to be
equal before any time is reported.

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


def check_equal(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Raise AssertionError unless both weekly tables agree on every week with sessions."""
    ours = ours[ours["sessions"] > 0].assign(athlete_id=lambda t: t["athlete_id"].astype(str))
    theirs = theirs.assign(week_start=pd.to_datetime(theirs["week_start"]).astype("M8[ns]"))
    merged = ours.merge(theirs, on=["athlete_id", "week_start"], how="outer",
                        suffixes=("", "_sql"), indicator=True)
    unmatched = int((merged["_merge"] != "both").sum())
    assert unmatched == 0, f"{unmatched} athlete-weeks found by only one contender"
    for column in COLUMNS:
        a = merged[column].to_numpy(dtype=float)
        b = merged[f"{column}_sql"].to_numpy(dtype=float)
        assert np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True), f"{column} differs"


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
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    ratio = t_ours / t_theirs
    print(f"\n{label}: {len(log):,} rows, {(ours_table['sessions'] > 0).sum():,} athlete-weeks "
          "(results identical)")
    print(f"  psoaskit weekly_dose(session_table(log))  {t_ours:7.3f} s   "
          f"peak +{ours_mb:7.0f} MB   (1 thread)")
    print(f"  DuckDB {duckdb.__version__} SQL on the DataFrame     {t_theirs:7.3f} s   "
          f"peak +{theirs_mb:7.0f} MB   ({threads} threads)")
    print(f"  ratio psoaskit / DuckDB = {ratio:.2f}  (target <= 2.00: "
          f"{'met' if ratio <= 2 else 'NOT met'})")
    con.close()
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=157)
    parser.add_argument("--repeat", type=int, default=5, help="alternating rounds")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    log = squad_log(args.athletes, args.weeks, args.seed)
    print(f"simulated {args.athletes} athletes x {args.weeks} weeks: {len(log):,} rows, "
          f"{log.memory_usage(deep=True).sum() / 1e9:.2f} GB in {time.perf_counter() - start:.1f} s"
          f"; machine: {os.cpu_count()} cores")
    compare("log as simulated (sorted by athlete and date)", log, args.repeat)
    shuffled = log.sample(frac=1.0, random_state=args.seed, ignore_index=True)
    del log
    compare("same rows shuffled (worst case for run-based grouping)", shuffled, args.repeat)


if __name__ == "__main__":
    main()
