"""Benchmark: vectorised programme simulation against the plain per-athlete loop.

Runs 10,000 athletes x 52 weeks (3 sessions a week, foundational_to_advanced) with the
vectorised model, then the reference loop of ``tests/simulation/test_model.py`` on a subset of the
same athletes (the same random numbers), scaled up to 10,000, and prints both times and their ratio.
The log (canonical schema) is built for all 10,000 athletes and compared the same way with the
loop's one-dict-per-row log. Usage: ``python benchmarks/bench_simulate.py [--subset N]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np

from psoaskit.simulation.config import SimulationConfig
from psoaskit.simulation.draws import draw_randomness
from psoaskit.simulation.ladder import build_ladder
from psoaskit.simulation.model import run_model
from psoaskit.simulation.synthetic_log import log_from_run

ATHLETES, WEEKS, PER_WEEK = 10_000, 52, 3
PROGRAMME = "foundational_to_advanced"
TARGET = 50.0


def _reference():
    """The reference loop lives with the tests; load that file as a module."""
    path = Path(__file__).resolve().parents[1] / "tests" / "simulation" / "test_model.py"
    spec = importlib.util.spec_from_file_location("simulate_reference", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _best_of(repeats: int, call) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subset", type=int, default=500, help="athletes timed with the loop")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (best is kept)")
    args = parser.parse_args(argv)
    reference = _reference()
    config = SimulationConfig()
    ladder = build_ladder(PROGRAMME, config.ladder)
    sessions = WEEKS * PER_WEEK

    t_draw, draws = _best_of(1, lambda: draw_randomness(ATHLETES, sessions, 0.8, 7, config))
    subset = draws.subset(slice(0, args.subset))
    t_vec = t_loop = float("inf")
    for _ in range(args.rounds):  # alternate, so both see the same machine load
        t, run = _best_of(1, lambda: run_model(ladder, draws, PER_WEEK, WEEKS, config))
        t_vec = min(t_vec, t)
        t, ref = _best_of(
            1, lambda: reference.loop_model(ladder, subset, PER_WEEK, WEEKS, config)
        )
        t_loop = min(t_loop, t)
    for key, expected in ref.items():  # same numbers in, same numbers out
        np.testing.assert_array_equal(getattr(run, key)[: args.subset],
                                      expected.astype(getattr(run, key).dtype), err_msg=key)
    scale = ATHLETES / args.subset
    t_loop_full = t_loop * scale
    ratio = t_loop_full / t_vec

    t_log, log = _best_of(1, lambda: log_from_run(ladder, run, draws, config=config))
    rows = len(log)
    del log
    sub_run = run_model(ladder, subset, PER_WEEK, WEEKS, config)
    t_rows, ref_log = _best_of(
        1,
        lambda: reference.loop_log(ladder, {k: getattr(sub_run, k) for k in ref}, subset,
                                   PER_WEEK, WEEKS, config, reference.dt.date(2024, 1, 1)),
    )
    t_rows_full = t_rows * scale
    log_ratio = t_rows_full / t_log

    print(f"programme simulation: {ATHLETES:,} athletes x {WEEKS} weeks x {PER_WEEK}/week "
          f"({PROGRAMME}, {ladder.n_stages} stages)")
    print(f"  random numbers drawn up front      {t_draw:8.2f} s (shared by both)")
    print(f"  vectorised model (best of {args.rounds})       {t_vec:8.2f} s")
    print(f"  plain loop, {args.subset} athletes (best of {args.rounds}) {t_loop:8.2f} s "
          f"-> scaled x{scale:g} to {ATHLETES:,}: {t_loop_full:8.1f} s")
    print(f"  ratio loop / vectorised            {ratio:8.1f} x  "
          f"(target >= {TARGET:g} x: {'met' if ratio >= TARGET else 'NOT met'})")
    print(f"log in the canonical schema: {rows:,} rows")
    speed = rows / t_log / 1e6
    print(f"  column-wise (numpy/arrow)          {t_log:8.2f} s ({speed:.1f} M rows/s)")
    print(f"  one dict per row, {args.subset} athletes     {t_rows:8.2f} s "
          f"({len(ref_log):,} rows) -> scaled x{scale:g}: {t_rows_full:8.1f} s")
    print(f"  ratio rows / columns               {log_ratio:8.1f} x")
    print("(loop times are measured on a subset of the same athletes and scaled linearly; "
          "the subset's results are checked equal to the vectorised ones)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
