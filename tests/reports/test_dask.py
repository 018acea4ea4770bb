"""The Dask path of a batch: a report whose worker dies is rerun, then listed as failed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psoaskit.reports.batch import dask_executor

pytestmark = pytest.mark.slow


def _die_once(marker: str) -> str:
    """Kill the worker process the first time (as an out-of-memory kill would), then work."""
    if not Path(marker).exists():
        Path(marker).write_text("died once", encoding="utf-8")
        os._exit(1)
    return "done"


def _always_die() -> str:
    os._exit(1)


def _flaky(marker: str) -> str:
    """Raise the first time (a network file system hiccup), then work."""
    if not Path(marker).exists():
        Path(marker).write_text("failed once", encoding="utf-8")
        raise OSError("stale file handle")
    return "done"


@pytest.fixture(scope="module")
def cluster():
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=50) as local:
        yield local


def test_a_dead_worker_is_replaced_and_the_report_rerun(cluster, tmp_path):
    with dask_executor(cluster.scheduler_address) as executor:
        assert executor.submit(_die_once, str(tmp_path / "m")).result(timeout=60) == "done"


def test_a_report_that_kills_every_worker_fails_after_the_allowed_reruns(cluster):
    from distributed.scheduler import KilledWorker

    with dask_executor(cluster.scheduler_address) as executor, pytest.raises(KilledWorker):
        executor.submit(_always_die).result(timeout=120)


def test_a_report_that_raises_is_retried(cluster, tmp_path):
    with dask_executor(cluster.scheduler_address, retries=1) as executor:
        assert executor.submit(_flaky, str(tmp_path / "m")).result(timeout=60) == "done"
    with (dask_executor(cluster.scheduler_address, retries=0) as executor,
          pytest.raises(OSError, match="stale file handle")):
        executor.submit(_flaky, str(tmp_path / "other")).result(timeout=60)


def test_a_report_lost_with_its_worker_is_listed_as_failed(tmp_path):
    """Whatever the executor's future raises (Dask's KilledWorker, a broken process pool)
    becomes that athlete's failed row; the rest of the batch and the index are written."""
    from concurrent.futures import Executor, Future

    from psoaskit.reports.batch import ReportOptions, run_batch

    class LosesEveryWorker(Executor):
        def submit(self, fn, /, *args, **kwargs):
            future: Future = Future()
            future.set_exception(RuntimeError("Attempted to run task on 3 workers; all died"))
            return future

    result = run_batch(["007"], tmp_path / "out", ReportOptions(log_path="log.csv"),
                       executor=LosesEveryWorker(), progress=False)
    assert result.failed == ["007"]
    assert result.rows[0]["error"] == {"type": "RuntimeError", "cell": None,
                                       "message": "Attempted to run task on 3 workers; all died"}
    assert (tmp_path / "out" / "index.html").exists()
