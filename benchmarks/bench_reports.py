"""Benchmark: ``psoaskit report`` against the naive papermill + nbconvert loop, in one run.

A 100-athlete sample squad (``psoaskit.simulation.sample.write_sample``, 12 weeks) is written to a
temporary
folder. Both contenders run the same packaged report notebook with the same parameters:

* **psoaskit**: ``psoaskit report LOG --out DIR`` as a user runs it (a fresh process; warm kernel
  per worker, parallel workers = cores by default, in-process HTML export, log read once per
  worker), timed end to end, including its own start-up;
* **baseline**: for each athlete, serially, ``papermill NB OUT.ipynb -r athlete_id ID ...`` then
  ``jupyter nbconvert --to html --no-input --embed-images OUT.ipynb`` (two CLI processes and a
  fresh kernel per report). It is slow, so it is measured on a subset of athletes (``--baseline``,
  default 6) and its mean per report is scaled to the squad; the output says so.

Reported: wall time per report of each and the ratio (target: psoaskit at least 10x faster on 2
cores). Every psoaskit report must succeed and be self-contained, and every baseline run must
succeed, before any number is printed.

Run:  .venv/bin/python benchmarks/bench_reports.py [--athletes 100] [--baseline 6] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from psoaskit.reports.batch import default_notebook
from psoaskit.reports.html import external_references
from psoaskit.simulation.sample import write_sample

BIN = Path(sys.executable).parent


def run(command: list[str], **kwargs: object) -> float:
    """Run a command, fail loudly on a non-zero exit, return its wall time [s]."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:3])} ... failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def psoaskit_batch(log: Path, assignments: Path, out: Path, workers: int | None) -> float:
    command = [str(BIN / "psoaskit"), "report", str(log), "--assignments", str(assignments),
               "--out", str(out), "--no-progress"]
    if workers:
        command += ["--workers", str(workers)]
    elapsed = run(command)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    if summary["failed"]:
        sys.exit(f"psoaskit report: {summary['failed']} reports failed")
    for page in out.glob("*.html"):
        if external_references(page.read_text(encoding="utf-8")):
            sys.exit(f"{page} is not self-contained")
    return elapsed


def baseline(log: Path, assignments: Path, athletes: list[str], folder: Path) -> float:
    notebook = default_notebook()
    total = 0.0
    for athlete in athletes:
        executed = folder / f"{athlete}.ipynb"
        total += run([
            str(BIN / "papermill"), str(notebook), str(executed), "--no-progress-bar",
            "-r", "athlete_id", athlete, "-r", "log_path", str(log),
            "-r", "assignments_path", str(assignments),
        ])
        total += run([
            str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", "--embed-images",
            str(executed), "--output-dir", str(folder),
        ])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=6, help="athletes timed for the baseline")
    parser.add_argument("--workers", type=int, default=None, help="default: number of cores")
    parser.add_argument("--weeks", type=int, default=12)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench_reports_"))
    try:
        write_sample(folder, athletes=args.athletes, weeks=args.weeks)
        log, assignments = folder / "squad_log.csv", folder / "assignments.csv"
        athletes = sorted({line.split(",", 1)[0] for line in
                           log.read_text(encoding="utf-8").splitlines()[1:]})
        cores = os.cpu_count() or 1
        workers = args.workers or cores
        print(f"{len(athletes)} athletes, {args.weeks} weeks, {cores} cores, {workers} workers")

        ours = psoaskit_batch(log, assignments, folder / "psoaskit", args.workers)
        ours_per = ours / len(athletes)
        print(f"psoaskit report:  {ours:7.1f} s for {len(athletes)} reports = "
              f"{ours_per:.3f} s/report (end to end, including start-up)")

        subset = athletes[: args.baseline]
        (folder / "baseline").mkdir()
        base = baseline(log, assignments, subset, folder / "baseline")
        base_per = base / len(subset)
        print(f"baseline:         {base:7.1f} s for {len(subset)} reports = {base_per:.3f} "
              f"s/report (papermill CLI + jupyter nbconvert CLI per athlete, serial; measured "
              f"on {len(subset)} of {len(athletes)} athletes, scaled: "
              f"{base_per * len(athletes):.0f} s for all)")
        print(f"speed-up: {base_per / ours_per:.1f}x faster per report (target >= 10x on 2 cores)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
