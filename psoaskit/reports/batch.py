"""Batch athlete reports: papermill runs on warm kernels, offline HTML, index and summary.

One run of ``notebooks/reports/athlete_report.ipynb`` per athlete, through papermill, with our
own papermill engine (:mod:`psoaskit.reports.kernel`): each executor worker keeps one IPython
kernel warm and clears its namespace between athletes, so the per-report cost is the notebook's
own work instead of a kernel start plus imports. A failing, timed-out or crashed report is
recorded and its kernel replaced; the batch goes on. The calling process writes every file
atomically: one self-contained HTML page per athlete (:mod:`psoaskit.reports.html`),
``index.html`` and ``summary.json``.

Any :class:`concurrent.futures.Executor` can run the reports (the default is a process pool with
one worker per core); :func:`dask_executor` returns one backed by a Dask cluster.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from psoaskit.logs.schema import ATHLETE_ID
from psoaskit.reports.kernel import THIS_PYTHON

__all__ = [
    "INDEX_FILE",
    "NOTEBOOK_DIR",
    "PDF_DIR",
    "SQUAD_PDF",
    "SUMMARY_FILE",
    "BatchResult",
    "DaskExecutor",
    "ReportOptions",
    "ReportOutcome",
    "dask_executor",
    "default_notebook",
    "report_stems",
    "run_batch",
    "run_report",
]

SUMMARY_FILE = "summary.json"
INDEX_FILE = "index.html"
NOTEBOOK_DIR = "notebooks"
PDF_DIR = "pdf"
SQUAD_PDF = "squad.pdf"
_RESERVED_STEMS = {"index", "summary", "con", "prn", "aux", "nul"} | {
    f"{dev}{n}" for dev in ("com", "lpt") for n in range(1, 10)
}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_STEM = 60


# --- file names -------------------------------------------------------------------------------


def _digest(athlete_id: str, length: int = 8) -> str:
    data = athlete_id.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:length]


def _stem(athlete_id: str) -> str:
    cleaned = _UNSAFE.sub("_", athlete_id).strip("_")[:_MAX_STEM]
    if cleaned != athlete_id or not cleaned or cleaned.lower() in _RESERVED_STEMS:
        cleaned = f"{cleaned or 'athlete'}-{_digest(athlete_id)}"
    return cleaned


def report_stems(athlete_ids: Sequence[str]) -> dict[str, str]:
    """Safe, distinct file stems for athlete ids.

    Ids made only of letters, digits, ``_`` and ``-`` keep their name (``"007"`` stays
    ``007``). Anything else (slashes, dots, spaces, control characters, reserved names such as
    ``index`` or ``CON``) is replaced by ``_`` and gets a short hash of the original id, so
    ``../../x`` cannot leave the output folder and ``a/b`` and ``a_b`` cannot collide. Stems
    that differ only in letter case also get the hash (case-insensitive file systems).

    Parameters
    ----------
    athlete_ids : sequence of str
        Athlete ids, as strings.

    Returns
    -------
    dict
        Athlete id to file stem (no extension), one entry per distinct id.

    Examples
    --------
    >>> report_stems(["007", "A-12"])
    {'007': '007', 'A-12': 'A-12'}
    >>> stems = report_stems(["../../x", "a/b", "a_b", "index"])
    >>> stems["../../x"].startswith("x-"), stems["a/b"] != stems["a_b"], stems["index"] != "index"
    (True, True, True)
    """
    for athlete_id in athlete_ids:
        if not isinstance(athlete_id, str):
            raise TypeError(f"athlete ids must be strings, got {athlete_id!r}")
    stems = {a: _stem(a) for a in dict.fromkeys(athlete_ids)}
    length = 8
    while True:
        seen: dict[str, list[str]] = {}
        for athlete_id, stem in stems.items():
            seen.setdefault(stem.lower(), []).append(athlete_id)
        clashes = [ids for ids in seen.values() if len(ids) > 1]
        if not clashes:
            return stems
        length += 4
        for ids in clashes:
            for athlete_id in ids:
                base = _UNSAFE.sub("_", athlete_id).strip("_")[:_MAX_STEM] or "athlete"
                stems[athlete_id] = f"{base}-{_digest(athlete_id, min(length, 64))}"
        if length > 64:  # identical digests cannot happen for distinct ids; be total anyway
            for n, athlete_id in enumerate(stems):
                stems[athlete_id] = f"{stems[athlete_id]}-{n}"
            return stems


# --- options and outcomes -----------------------------------------------------------------------


def default_notebook() -> Path:
    """Path of the packaged athlete report notebook.

    Examples
    --------
    >>> default_notebook().name
    'athlete_report.ipynb'
    """
    resource = files("psoaskit.reports").joinpath("athlete_report.ipynb")
    with as_file(resource) as path:
        return Path(path)


@dataclass(frozen=True)
class ReportOptions:
    """Settings shared by every report of a batch.

    Attributes
    ----------
    log_path : str
        The squad log (read inside each worker's kernel; workers must be able to open it).
    assignments_path : str
        CSV mapping athletes to programmes, or ``""``.
    programme : str
        Programme id for every athlete, or ``""`` (then the assignments decide).
    period_start, period_end : str
        ISO dates bounding the report, or ``""`` for the whole log.
    title : str
        Report title.
    timeout_s : float or None
        Execution time allowed per report [s]; None for no limit.
    keep_notebooks : bool
        Also save each executed notebook under ``notebooks/``.
    kernel_name : str
        Jupyter kernel to run the notebook in; the default is ipykernel on the running
        interpreter (whatever ``python3`` kernelspec the user has installed).
    pdf : bool
        Also print every page to ``pdf/<stem>.pdf`` and the index with every page to
        ``squad.pdf`` (headless Chromium, :mod:`psoaskit.reports.pdf`).
    """

    log_path: str
    assignments_path: str = ""
    programme: str = ""
    period_start: str = ""
    period_end: str = ""
    title: str = "Hip-flexor training report"
    timeout_s: float | None = 300.0
    keep_notebooks: bool = False
    kernel_name: str = THIS_PYTHON
    pdf: bool = False

    def parameters(self, athlete_id: str) -> dict[str, str]:
        """The notebook parameters for one athlete (all strings: ``"007"`` stays ``"007"``)."""
        return {
            ATHLETE_ID: athlete_id,
            "log_path": self.log_path,
            "assignments_path": self.assignments_path,
            "programme": self.programme,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "title": self.title,
        }


@dataclass
class ReportOutcome:
    """What one athlete's run produced (returned by a worker to the writer).

    Attributes
    ----------
    athlete_id, stem : str
        The athlete and the safe file stem of the report.
    status : str
        ``"ok"`` or ``"failed"``.
    summary : dict
        What the notebook published with :func:`psoaskit.reports.runtime.publish_summary`.
    error : dict or None
        ``type``, ``message`` and ``cell`` (for errors raised by a cell: its position in the
        executed notebook, counting from 0) of the failure.
    seconds : float
        Wall time of the run in the worker [s].
    page : str or None
        The HTML page with the bundle placeholder (None when failed).
    notebook : str or None
        The executed notebook as JSON (only with ``keep_notebooks``).
    """

    athlete_id: str
    stem: str
    status: str
    summary: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    seconds: float = 0.0
    page: str | None = None
    notebook: str | None = None


@dataclass
class BatchResult:
    """The outcome of :func:`run_batch`.

    Attributes
    ----------
    out_dir : Path
        Folder holding the reports, ``index.html`` and ``summary.json``.
    rows : list of dict
        Per athlete, in the order requested: ``athlete_id``, ``status``, ``report``
        (file name or None), ``triage``, ``flags``, ``history``, ``headline`` and ``error``;
        with PDFs, ``pdf`` (its path) or ``pdf_error``.
    seconds : float
        Wall time of the whole batch [s].
    squad_pdf_error : str or None
        Why ``squad.pdf`` could not be made (only with ``ReportOptions.pdf``).
    """

    out_dir: Path
    rows: list[dict[str, Any]]
    seconds: float
    squad_pdf_error: str | None = None

    @property
    def failed(self) -> list[str]:
        """Athlete ids whose report failed."""
        return [row[ATHLETE_ID] for row in self.rows if row["status"] != "ok"]

    @property
    def pdf_failed(self) -> list[str]:
        """Athlete ids whose page was written but could not be printed to PDF."""
        return [row[ATHLETE_ID] for row in self.rows if row.get("pdf_error")]

    @property
    def index(self) -> Path:
        """Path of ``index.html``."""
        return self.out_dir / INDEX_FILE


# --- one report (runs in a worker) ----------------------------------------------------------


def _renumber(nb: Any) -> None:
    """Execution counts 1, 2, ... in cell order (a warm kernel keeps counting between reports)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.outputs:
            if "execution_count" in output:
                output["execution_count"] = count


def _summary_of(nb: Any) -> dict[str, Any]:
    from psoaskit.reports.runtime import SUMMARY_MIME

    summary: dict[str, Any] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SUMMARY_MIME in data:
                summary = dict(data[SUMMARY_MIME])
    return summary


def _describe_error(exc: BaseException) -> dict[str, Any]:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return {"type": exc.ename, "message": str(exc.evalue), "cell": exc.cell_index}
    kind = type(exc).__name__
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else kind
    if kind == "CellTimeoutError":
        message = f"the report took longer than allowed ({message})"
    elif kind == "DeadKernelError":
        message = f"the notebook's kernel died ({message})"
    return {"type": kind, "message": message, "cell": None}


def run_report(
    athlete_id: str, stem: str, notebook_json: str, options: ReportOptions
) -> ReportOutcome:
    """Run the report notebook for one athlete on this worker's warm kernel and export it.

    Never raises for a failing report: the error is returned in the outcome.

    Parameters
    ----------
    athlete_id : str
        The athlete (passed to the notebook as a string).
    stem : str
        File stem of the report (from :func:`report_stems`).
    notebook_json : str
        The report notebook (nbformat JSON), shipped with the task so remote workers need no copy.
    options : ReportOptions
        Batch settings.

    Returns
    -------
    ReportOutcome
        Status, summary, error, wall time [s] and the page (bundle placeholder not yet filled).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    >>> out = run_report("7", "7", nbformat.writes(nb), ReportOptions(log_path="x.csv"))
    >>> out.status, out.error["type"]
    ('failed', 'ZeroDivisionError')
    """
    import nbformat

    from psoaskit.reports.html import notebook_to_html
    from psoaskit.reports.kernel import execute_notebook

    started = time.perf_counter()
    outcome = ReportOutcome(athlete_id=athlete_id, stem=stem, status="failed")
    nb, error = execute_notebook(
        nbformat.reads(notebook_json, as_version=4),
        options.parameters(athlete_id),
        kernel_name=options.kernel_name,
        timeout_s=options.timeout_s,
    )
    if error is None:
        try:
            _renumber(nb)
            outcome.summary = _summary_of(nb)
            outcome.page = notebook_to_html(nb, f"{options.title}: {athlete_id}")
            outcome.status = "ok"
        except Exception as exc:  # an output nbconvert cannot render
            error = exc
    if error is not None:
        outcome.error = _describe_error(error)
    if options.keep_notebooks and nb is not None:
        outcome.notebook = nbformat.writes(nb)
    outcome.seconds = time.perf_counter() - started
    return outcome


# --- the batch (runs in the caller) ---------------------------------------------------------


def _default_executor(workers: int) -> Executor:
    import multiprocessing

    # Linux: fork, so workers start at once with psoaskit imported (the parent holds no
    # kernels; report_kernel forgets any it had in a forked child). Elsewhere the platform's
    # default (spawn), which needs the usual `if __name__ == "__main__":` guard in scripts.
    from psoaskit._lifeline import die_with_parent
    from psoaskit.reports.kernel import shutdown_kernels

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    # a worker whose batch process dies kills its kernels and ends (kill -9 leaves nothing)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=die_with_parent, initargs=(shutdown_kernels,))


def _kill_workers(executor: Executor) -> None:
    """End a process pool's workers now (an interrupted batch does not wait for reports)."""
    for process in list(getattr(executor, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            process.kill()


_TMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


@contextlib.contextmanager
def _folder_lock(out: Path, names: set[str]) -> Iterator[None]:
    """Hold the output folder for this batch; remove temporary files a killed run left.

    Two batches writing one folder would interleave their pages and index: the second gets
    one clear error. Under the lock, a ``.<output>.<random>.tmp`` beside one of this batch's
    outputs can only be a leftover of an earlier run that was killed while writing.
    """
    from psoaskit._files import OutputConflictError

    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, no clean-up
        yield
        return
    with open(out / ".psoaskit-report.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputConflictError(
                f"another psoaskit report is writing to {out}; wait for it or use another --out"
            ) from None
        for folder in (out, out / NOTEBOOK_DIR, out / PDF_DIR):
            for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
                match = _TMP.match(leftover.name)
                if match and match["name"] in names:
                    leftover.unlink(missing_ok=True)
        yield


class DaskExecutor(Executor):
    """A :class:`concurrent.futures.Executor` running tasks on a Dask distributed cluster.

    Each Dask worker thread keeps its own warm kernel between tasks (and between batches).
    :meth:`shutdown` also closes the connection to the cluster, not the cluster itself.

    A report whose worker process dies (out of memory, killed) is run again on another worker
    by the scheduler, up to its ``distributed.scheduler.allowed-failures`` (3 by default), then
    fails with ``KilledWorker`` and is listed as failed; a report that raises is retried
    ``retries`` times. ``task_memory`` asks each report for that much of the workers'
    ``MEMORY`` resource, so a worker started with ``--resources MEMORY=8e9`` runs at most
    8e9 / ``task_memory`` reports at once (workers without the resource then get none).

    Parameters
    ----------
    address : str
        Scheduler address, e.g. ``"tcp://10.0.0.5:8786"``.
    retries : int
        Reruns of a report that raised [-].
    task_memory : float or None
        Memory resource per report [byte], or None for no limit.
    """

    def __init__(self, address: str, retries: int = 2, task_memory: float | None = None) -> None:
        from distributed import Client

        self.client = Client(address)
        options: dict[str, Any] = {"pure": False, "retries": retries}
        if task_memory:
            options["resources"] = {"MEMORY": task_memory}
        self._executor = self.client.get_executor(**options)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn(*args, **kwargs)`` on the cluster; returns a concurrent future."""
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop submitting, optionally wait for running tasks, and disconnect."""
        self._executor.shutdown(wait=wait)
        self.client.close()


def dask_executor(address: str, retries: int = 2,
                  task_memory: float | None = None) -> DaskExecutor:
    """An executor for :func:`run_batch` backed by the Dask cluster at ``address``.

    The log (and assignments) path must be readable on the workers; the report pages come back
    to the caller, which writes them. See :class:`DaskExecutor` for retries and limits.

    Parameters
    ----------
    address : str
        Scheduler address, e.g. ``"tcp://10.0.0.5:8786"``.
    retries : int
        Reruns of a report that raised [-].
    task_memory : float or None
        Memory resource per report [byte].

    Examples
    --------
    >>> from distributed import LocalCluster
    >>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
    ...     with dask_executor(cluster.scheduler_address) as executor:
    ...         executor.submit(sum, [1, 2]).result()
    3
    """
    return DaskExecutor(address, retries=retries, task_memory=task_memory)


def _failure(athlete_id: str, stem: str, kind: str, message: str) -> ReportOutcome:
    error = {"type": kind, "message": message, "cell": None}
    return ReportOutcome(athlete_id=athlete_id, stem=stem, status="failed", error=error)


def _row(outcome: ReportOutcome) -> dict[str, Any]:
    return {
        ATHLETE_ID: outcome.athlete_id,
        "status": outcome.status,
        "report": f"{outcome.stem}.html" if outcome.status == "ok" else None,
        "triage": outcome.summary.get("triage", {}),
        "flags": outcome.summary.get("flags", []),
        "history": outcome.summary.get("history", []),
        "headline": outcome.summary.get("headline", {}),
        "error": outcome.error,
    }


def _progress(total: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="reports", unit="athlete", disable=not enabled, file=sys.stderr)


def run_batch(
    athlete_ids: Sequence[str],
    out_dir: str | os.PathLike[str],
    options: ReportOptions,
    *,
    notebook: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    known_athletes: Sequence[str] | None = None,
    progress: bool = True,
) -> BatchResult:
    """Run the report notebook for every athlete and write pages, ``index.html`` and summary.

    A report that fails (exception, bad data, timeout, dead kernel) is recorded and the batch
    goes on. Each file is written atomically by the caller's process. A report page that would
    reference an external URL is treated as failed. The same inputs give byte-identical pages.

    Parameters
    ----------
    athlete_ids : sequence of str
        Athletes to report on (ids as strings, order kept in the index).
    out_dir : path
        Output folder (created if missing).
    options : ReportOptions
        Log, period, programme, title, timeout [s], whether to keep notebooks.
    notebook : path, optional
        Report notebook; default :func:`default_notebook`.
    workers : int, optional
        Worker processes when no executor is given; default the number of cores.
    executor : concurrent.futures.Executor, optional
        Runs :func:`run_report` tasks (process pool, thread pool, Dask, ...); not shut down here.
    known_athletes : sequence of str, optional
        Ids present in the log; requested ids not among them fail without running.
    progress : bool
        Show a tqdm progress bar on stderr.

    Returns
    -------
    BatchResult
        Rows per athlete and where the index is.

    Examples
    --------
    >>> import tempfile
    >>> result = run_batch([], tempfile.mkdtemp(), ReportOptions(log_path="log.csv"),
    ...                    progress=False)
    >>> result.index.name, result.rows, result.failed
    ('index.html', [], [])
    """
    from psoaskit._files import claim_outputs

    started = time.perf_counter()
    out = Path(out_dir)
    stems = report_stems(athlete_ids)
    chromium = None
    if options.pdf:
        from psoaskit.reports.pdf import find_chromium

        chromium = find_chromium()  # before any work: a missing browser is one clear error
    claim_outputs(
        out / INDEX_FILE,
        out / SUMMARY_FILE,
        *(out / f"{stem}.html" for stem in stems.values()),
        *(out / NOTEBOOK_DIR / f"{s}.ipynb" for s in stems.values() if options.keep_notebooks),
        *(out / PDF_DIR / f"{s}.pdf" for s in stems.values() if options.pdf),
        *([out / SQUAD_PDF] if options.pdf else []),
    )
    out.mkdir(parents=True, exist_ok=True)
    names = {INDEX_FILE, SUMMARY_FILE, SQUAD_PDF} | {
        f"{stem}.{ext}" for stem in stems.values() for ext in ("html", "pdf", "ipynb")}
    with _folder_lock(out, names):
        return _run_locked(stems, out, options, notebook, workers, executor, known_athletes,
                           progress, chromium, started)


def _run_locked(stems: dict[str, str], out: Path, options: ReportOptions, notebook: Any,
                workers: int | None, executor: Executor | None,
                known_athletes: Sequence[str] | None, progress: bool, chromium: Path | None,
                started: float) -> BatchResult:
    from psoaskit._files import atomic_write_text
    from psoaskit.reports.html import external_references, inline_bundle

    notebook_json = Path(notebook or default_notebook()).read_text(encoding="utf-8")
    known = None if known_athletes is None else set(known_athletes)

    outcomes: dict[str, ReportOutcome] = {}
    to_run = []
    for athlete_id, stem in stems.items():
        if known is not None and athlete_id not in known:
            message = f"no sessions for athlete {athlete_id!r} in the log"
            outcomes[athlete_id] = _failure(athlete_id, stem, "UnknownAthlete", message)
        else:
            to_run.append((athlete_id, stem))

    own_executor = executor is None and bool(to_run)
    if own_executor:
        executor = _default_executor(max(1, min(workers or os.cpu_count() or 1, len(to_run))))
    bar = _progress(len(stems), progress)
    bar.update(len(outcomes))
    interrupted = False
    try:
        futures: dict[Future[ReportOutcome], tuple[str, str]] = {
            executor.submit(run_report, a, s, notebook_json, options): (a, s)  # type: ignore[union-attr]
            for a, s in to_run
        }
        for future in as_completed(futures):
            athlete_id, stem = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # the worker itself died (e.g. killed process)
                outcome = _failure(athlete_id, stem, type(exc).__name__, str(exc) or "worker lost")
            _write_outcome(out, outcome, atomic_write_text, external_references, inline_bundle)
            outcomes[athlete_id] = outcome
            bar.update(1)
            bar.set_postfix(failed=sum(o.status != "ok" for o in outcomes.values()), refresh=False)
    except BaseException:  # Ctrl-C or SIGTERM: stop now; the workers' kernels die with them
        interrupted = True
        raise
    finally:
        bar.close()
        if own_executor:
            if interrupted:
                _kill_workers(executor)  # type: ignore[arg-type]
            executor.shutdown(wait=not interrupted, cancel_futures=True)  # type: ignore[union-attr]

    rows = [_row(outcomes[a]) for a in stems]
    result = BatchResult(out_dir=out, rows=rows, seconds=time.perf_counter() - started)
    if chromium is not None:
        _print_pages(result, chromium, workers or os.cpu_count() or 1, options.timeout_s)
    _write_index(result, options, atomic_write_text, squad_pdf=chromium is not None)
    if chromium is not None:
        from psoaskit.errors import PsoaskitError

        try:
            _print_squad(result, chromium, options.timeout_s)
        except PsoaskitError as exc:
            result.squad_pdf_error = str(exc)
            _write_index(result, options, atomic_write_text, squad_pdf=False)
    result.seconds = time.perf_counter() - started
    return result


def _print_pages(result: BatchResult, chromium: Path, workers: int,
                 timeout_s: float | None) -> None:
    """Print every written page to ``pdf/<stem>.pdf`` (a few browsers at once)."""
    from concurrent.futures import ThreadPoolExecutor

    from psoaskit._files import remove_output
    from psoaskit.errors import PsoaskitError
    from psoaskit.reports.pdf import html_to_pdf

    def one(row: dict[str, Any]) -> None:
        pdf = result.out_dir / PDF_DIR / Path(row["report"]).with_suffix(".pdf").name
        try:
            html_to_pdf(result.out_dir / row["report"], pdf, chromium=chromium,
                        timeout_s=timeout_s or 600.0)
        except PsoaskitError as exc:
            remove_output(pdf)
            row["pdf_error"] = str(exc)
        else:
            row["pdf"] = f"{PDF_DIR}/{pdf.name}"

    written = [row for row in result.rows if row["status"] == "ok"]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(written) or 1))) as pool:
        list(pool.map(one, written))


def _print_squad(result: BatchResult, chromium: Path, timeout_s: float | None) -> None:
    """``squad.pdf``: the index, then every athlete's PDF, most urgent first."""
    import tempfile

    from psoaskit.reports.index import triage_order
    from psoaskit.reports.pdf import html_to_pdf, join_pdfs

    with tempfile.TemporaryDirectory(prefix="psoaskit-squad-") as folder:
        index_pdf = html_to_pdf(result.index, Path(folder) / "index.pdf", chromium=chromium,
                                timeout_s=timeout_s or 600.0)
        parts = [index_pdf] + [result.out_dir / row["pdf"] for row in triage_order(result.rows)
                               if row.get("pdf")]
        join_pdfs(parts, result.out_dir / SQUAD_PDF)


def _write_outcome(out: Path, outcome: ReportOutcome, write: Any, refs: Any, inline: Any) -> None:
    from psoaskit._files import remove_output

    page_path = out / f"{outcome.stem}.html"
    if outcome.status == "ok" and outcome.page is not None:
        external = refs(outcome.page)
        if external:
            outcome.status = "failed"
            outcome.error = {
                "type": "ExternalReference",
                "message": f"the page would load {external[0]} (not self-contained)",
                "cell": None,
            }
        else:
            write(page_path, inline(outcome.page))
    if outcome.status != "ok":
        remove_output(page_path)  # never leave last run's page looking current
    if outcome.notebook is not None:
        write(out / NOTEBOOK_DIR / f"{outcome.stem}.ipynb", outcome.notebook)
    outcome.page = None
    outcome.notebook = None


def _write_index(result: BatchResult, options: ReportOptions, write: Any,
                 squad_pdf: bool = False) -> None:
    from psoaskit.reports.index import render_index

    period = f"{options.period_start or 'start of log'} to {options.period_end or 'end of log'}"
    notes = [f"Log: {Path(options.log_path).name}", f"Period: {period}"]
    write(result.out_dir / INDEX_FILE, render_index(result.rows, options.title, notes,
                                                    squad_pdf=SQUAD_PDF if squad_pdf else None))
    summary = {
        "title": options.title,
        "log": Path(options.log_path).name,
        "period_start": options.period_start or None,
        "period_end": options.period_end or None,
        "programme": options.programme or None,
        "athletes": len(result.rows),
        "ok": len(result.rows) - len(result.failed),
        "failed": len(result.failed),
        "reports": result.rows,
    }
    write(result.out_dir / SUMMARY_FILE, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")

