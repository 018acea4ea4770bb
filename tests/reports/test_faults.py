"""A report batch under faults: killed, terminated, run twice at once, rerun after a crash.

Each case is one of the reliability issue's findings, kept as a test: nothing of a killed
batch keeps running (workers and kernels die with it), SIGTERM ends it with one line, a
second batch on the same folder is refused, and a rerun clears the temporary files a killed
run left beside its outputs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from psoaskit._files import OutputConflictError
from psoaskit.reports.batch import ReportOptions, run_batch

REPO = Path(__file__).resolve().parents[2]


def _start_batch(out: Path) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """``psoaskit report`` on the sample squad, returned once its kernels are running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "psoaskit", "report", str(REPO / "data/sample/squad_log.csv"),
         "--out", str(out), "--no-progress", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        kernels = [p for p in parent.children(recursive=True) if "ipykernel" in " ".join(
            _cmdline(p))]
        if len(kernels) >= 2:
            return process, parent.children(recursive=True)
        time.sleep(0.2)
    process.kill()
    pytest.fail("the batch never started its kernels")


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _still_running(processes: list[psutil.Process], within_s: float) -> list[psutil.Process]:
    deadline = time.monotonic() + within_s
    alive = processes
    while time.monotonic() < deadline:
        alive = [p for p in processes
                 if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            break
        time.sleep(0.2)
    return alive


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_workers_and_kernels_die_with_the_batch(tmp_path, how):
    process, children = _start_batch(tmp_path / "out")
    assert len(children) >= 4  # two workers, two kernels
    os.kill(process.pid, how)
    _, err = process.communicate(timeout=30)
    alive = _still_running(children, within_s=10)
    assert not alive, f"still running after the batch ended: {[_cmdline(p) for p in alive]}"
    if how == signal.SIGTERM:
        assert process.returncode == 143
        assert b"interrupted" in err and b"Traceback" not in err
    leftovers = [p.name for p in (tmp_path / "out").rglob("*.tmp")]
    assert leftovers == [] or how == signal.SIGKILL  # kill -9 may stop a write half-way


def test_a_second_batch_on_the_same_folder_is_refused(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".psoaskit-report.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running batch holds it
        with pytest.raises(OutputConflictError, match="another psoaskit report is writing"):
            run_batch(["007"], out, ReportOptions(log_path="log.csv"), known_athletes=[],
                      progress=False)


def test_a_rerun_removes_what_a_killed_run_left_half_written(tmp_path):
    out = tmp_path / "out"
    (out / "pdf").mkdir(parents=True)
    stale = [out / ".007.html.ab12cd34.tmp", out / ".index.html.x_Y9zz01.tmp",
             out / "pdf" / ".007.pdf.qwerty12.tmp"]
    foreign = [out / ".someone_else.txt.ab12cd34.tmp", out / "notes.tmp"]
    for path in stale + foreign:
        path.write_text("half", encoding="utf-8")
    run_batch(["007"], out, ReportOptions(log_path="log.csv"), known_athletes=[],
              progress=False)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in foreign)  # not ours: left alone
