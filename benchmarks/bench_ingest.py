"""Benchmark: ``psoaskit.read_log`` against the floor ``pandas.read_csv(path, engine="pyarrow")``.

Generates canonical logs of 1 million and 10 million rows (CSV, deterministic), then times both
readers on the same file in the same run, each in a fresh subprocess, alternating, several times.
Reported per contender: the median wall time, the median CPU time (user + system, all threads)
and the peak resident memory of the process (``ru_maxrss``, read by the worker itself at the end,
so it includes the interpreter and imports; the increase over the post-import baseline is shown
too). Ratios are read_log / floor; the target is at most 2x.

The floor only parses: it guesses types (``"007"`` becomes 7), checks nothing, and keeps the
file's text columns as strings. read_log also validates every row (catalogue ids, ranges,
dates, duplicates), keeps ids as text and returns categoricals and nullable integers.

``--messy`` adds a second file per size with 0.1 % faulty rows (bad numbers, unknown ids,
impossible dates), which sends read_log down its exact text path.

Usage::

    python benchmarks/bench_ingest.py [--rows 1000000 10000000] [--repeat 3] [--messy]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TODAY = "2026-01-01"
SETS_PER_SESSION = 12
ATHLETES = 2000
CHUNK = 1_000_000


def generate(path: Path, rows: int, messy: bool, seed: int = 0) -> None:
    """Write a canonical log of ``rows`` rows (12 sets per session, 2000 athletes)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from psoaskit.catalogue.exercises import read_catalogue

    catalogue = read_catalogue()
    ids = np.array([*catalogue.exercises, "other"])
    one_sided = np.array(
        [e in catalogue.exercises and catalogue[e].laterality == "unilateral" for e in ids]
    )
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T06:00")
    with open(path, "wb") as out:
        writer = None
        for first in range(0, rows, CHUNK):
            n = min(CHUNK, rows - first)
            index = np.arange(first, first + n)
            session = index // SETS_PER_SESSION
            athlete = session % ATHLETES
            day = session // ATHLETES
            minute = (athlete * 7) % 720
            date = start + day.astype("timedelta64[D]") + minute.astype("timedelta64[m]")
            exercise = rng.integers(0, len(ids), n)
            timed = ids[exercise] == "psoas_march"
            reps = np.where(timed, np.nan, rng.integers(3, 16, n).astype(float))
            side = np.where(one_sided[exercise], np.where(rng.random(n) < 0.5, "L", "R"), "both")
            notes = np.where(rng.random(n) < 0.02, "felt tight, eased off", None)
            table = {
                "athlete_id": np.char.zfill((athlete + 1).astype(str), 4),
                "date": np.datetime_as_string(date, unit="m"),
                "session_id": np.char.add("s", session.astype(str)),
                "exercise_id": ids[exercise],
                "side": side,
                "set_index": index % SETS_PER_SESSION + 1,
                "reps": reps,
                "hold_s": np.where(rng.random(n) < 0.4, rng.integers(2, 30, n), np.nan),
                "work_s": np.where(timed, 60.0, np.nan),
                "load_kg": np.where(rng.random(n) < 0.2, rng.integers(0, 40, n) / 2, np.nan),
                "band": np.where(rng.random(n) < 0.2, "red", None),
                "rpe": rng.integers(0, 21, n) / 2,
                "pain": np.where(rng.random(n) < 0.9, rng.integers(0, 4, n), np.nan),
                "notes": notes,
            }
            text = {
                k: pa.array(v.astype(object) if v.dtype.kind in "US" else v)
                for k, v in table.items()
            }
            if messy:
                bad = rng.random(n) < 0.001
                for column, value in (
                    ("reps", "-3"),
                    ("exercise_id", "psoas marchh"),
                    ("date", "2025-02-30"),
                    ("side", "X"),
                ):
                    cells = np.asarray(text[column].cast(pa.string()).to_pylist(), dtype=object)
                    cells[bad & (rng.random(n) < 0.5)] = value
                    text[column] = pa.array(cells, pa.string())
            batch = pa.table(text)
            if writer is None:
                writer = pcsv.CSVWriter(
                    out, batch.schema, write_options=pcsv.WriteOptions(quoting_style="needed")
                )
            writer.write_table(batch)
        if writer is not None:
            writer.close()


def peak_rss_mb() -> float:
    """Peak resident memory of this process [MB]: VmHWM on Linux (reset by exec, unlike
    ``ru_maxrss``, which a child inherits from the parent that spawned it), else ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(contender: str, path: str) -> None:
    """Run one contender in this (fresh) process and print its measurements as JSON."""
    import pandas as pd

    if contender == "read_log":
        from psoaskit.logs.api import read_log

        read_log  # noqa: B018  (imports done before the baseline)
    base_mb = peak_rss_mb()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if contender == "floor":
        rows = len(pd.read_csv(path, engine="pyarrow"))
        extra = {}
    else:
        log, report = read_log(path, today=TODAY)
        rows = len(log)
        extra = {"read": report.rows_read, "rejected": report.rows_rejected}
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "peak_mb": peak_rss_mb(),
                "base_mb": base_mb,
                "rows": rows,
                **extra,
            }
        )
    )


def measure(contender: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", contender, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(path: Path, repeat: int) -> dict[str, list[dict[str, float]]]:
    results: dict[str, list[dict[str, float]]] = {"floor": [], "read_log": []}
    for i in range(repeat):
        order = ("floor", "read_log") if i % 2 == 0 else ("read_log", "floor")
        for contender in order:
            results[contender].append(measure(contender, path))
    return results


def summarise(label: str, results: dict[str, list[dict[str, float]]]) -> None:
    """Print best and median wall time, median CPU time and median peak memory, and ratios."""
    med = {
        c: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for c, runs in results.items()
    }
    best = {c: min(r["wall"] for r in runs) for c, runs in results.items()}
    f, o = med["floor"], med["read_log"]
    grow_f, grow_o = f["peak_mb"] - f["base_mb"], o["peak_mb"] - o["base_mb"]
    print(
        f"\n{label}: read_log accepted {int(o['rows']):,} of {int(o.get('read', 0)):,} rows "
        f"({int(o.get('rejected', 0)):,} rejected); floor returned {int(f['rows']):,} rows"
    )
    header = ("best wall s", "median wall s", "median cpu s", "peak MB", "+MB")
    print(f"  {'':10}" + "".join(f"{h:>15}" for h in header))
    for name, m, grow in (("floor", f, grow_f), ("read_log", o, grow_o)):
        cells = (best[name], m["wall"], m["cpu"], m["peak_mb"], grow)
        print(
            f"  {name:10}"
            + "".join(f"{c:15.2f}" if i < 3 else f"{c:15.0f}" for i, c in enumerate(cells))
        )
    ratios = (
        best["read_log"] / best["floor"],
        o["wall"] / f["wall"],
        o["cpu"] / f["cpu"],
        o["peak_mb"] / f["peak_mb"],
        grow_o / grow_f,
    )
    print(f"  {'ratio':10}" + "".join(f"{r:15.2f}" for r in ratios) + "   (target: at most 2x)")
    walls = {c: [round(r["wall"], 2) for r in runs] for c, runs in results.items()}
    print(f"  all wall times: {walls}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--messy", action="store_true", help="also time files with 0.1%% bad rows")
    parser.add_argument("--dir", help="folder for the generated files (default: a temp folder)")
    parser.add_argument("--worker", nargs=2, metavar=("CONTENDER", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--generate", nargs=3, metavar=("PATH", "ROWS", "MESSY"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    if args.generate:
        generate(Path(args.generate[0]), int(args.generate[1]), args.generate[2] == "1")
        return
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pandas, pyarrow; print(pandas.__version__, pyarrow.__version__)",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    print(
        f"bench_ingest: python {platform.python_version()}, pandas {versions[0]}, "
        f"pyarrow {versions[1]}, {os.cpu_count()} cores; median of {args.repeat} runs, "
        "each in a fresh process"
    )
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        for rows in args.rows:
            for messy in (False, True) if args.messy else (False,):
                path = Path(folder) / f"log_{rows}{'_messy' if messy else ''}.csv"
                t0 = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--generate",
                        str(path),
                        str(rows),
                        "1" if messy else "0",
                    ],
                    check=True,
                )
                size = path.stat().st_size / 1e6
                print(
                    f"\ngenerated {path.name}: {rows:,} rows, {size:,.0f} MB "
                    f"in {time.perf_counter() - t0:.0f} s"
                )
                summarise(
                    f"{rows:,} rows{' (0.1 % faulty)' if messy else ''}", run(path, args.repeat)
                )
                path.unlink()


if __name__ == "__main__":
    main()
