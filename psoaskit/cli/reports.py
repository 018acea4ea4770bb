"""Commands on reports: ``report`` (a batch of offline HTML pages) and ``check-offline``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psoaskit.catalogue.exercises import (
    unknown_id_message,
)
from psoaskit.catalogue.programmes import read_programmes
from psoaskit.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    UsageError,
    positive_number,
    report_date,
)
from psoaskit.logs.schema import ATHLETE_ID

__all__ = ["add_commands"]


# --- reports --------------------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace) -> int:
    from psoaskit.analysis.adherence import AssignmentError, read_assignments
    from psoaskit.errors import LogError
    from psoaskit.logs.api import read_log
    from psoaskit.reports import batch as reports

    if args.dask_retries < 0:
        raise UsageError(f"--dask-retries must be 0 or more, got {args.dask_retries}")
    if args.start and args.end and args.start > args.end:
        raise UsageError(f"--start {args.start} is after --end {args.end}")
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise UsageError(f"--out must be a folder: {args.out}")
    if args.programme and args.programme not in read_programmes():
        raise UsageError(unknown_id_message("programme", args.programme, read_programmes()))
    assignments = ""
    if args.assignments:
        try:
            read_assignments(args.assignments)
        except (AssignmentError, OSError) as exc:
            raise UsageError(f"assignments {args.assignments}: {exc}") from None
        assignments = str(Path(args.assignments).resolve())
    notebook = Path(args.notebook) if args.notebook else reports.default_notebook()
    if not notebook.is_file():
        raise UsageError(f"no such notebook: {notebook}")
    import nbformat

    try:  # one line now rather than the same failure once per athlete
        nbformat.reads(notebook.read_text(encoding="utf-8"), as_version=4)
    except (OSError, UnicodeDecodeError, nbformat.reader.NotJSONError, ValueError) as exc:
        raise UsageError(f"{notebook} is not a Jupyter notebook ({type(exc).__name__})") from None
    try:
        log, ingest = read_log(args.log)
    except LogError as exc:
        raise UsageError(str(exc)) from None
    known = sorted(set(log[ATHLETE_ID].astype(str)))
    athletes = known if args.athletes == ["all"] else list(dict.fromkeys(args.athletes))
    if not athletes:
        raise UsageError(f"{args.log} has no accepted rows, so no athlete to report on")
    options = reports.ReportOptions(
        log_path=str(Path(args.log).resolve()),
        assignments_path=assignments,
        programme=args.programme or "",
        period_start=args.start or "",
        period_end=args.end or "",
        title=args.title,
        timeout_s=args.timeout,
        keep_notebooks=args.keep_notebooks,
        pdf=args.pdf,
    )
    if args.pdf:
        from psoaskit.reports.pdf import ChromiumNotFound, find_chromium

        try:
            find_chromium()
        except ChromiumNotFound as exc:
            raise UsageError(f"--pdf: {exc}") from None
    try:
        executor = reports.dask_executor(
            args.dask_scheduler, retries=args.dask_retries, task_memory=args.dask_task_memory,
        ) if args.dask_scheduler else None
    except OSError as exc:  # no scheduler at that address
        raise UsageError(f"cannot reach the Dask scheduler {args.dask_scheduler}: {exc}") from None
    try:
        result = reports.run_batch(
            athletes,
            args.out,
            options,
            notebook=notebook,
            workers=args.workers,
            executor=executor,
            known_athletes=known,
            progress=not args.no_progress,
        )
    finally:
        if executor is not None:
            executor.shutdown(wait=True)
    for row in result.rows:
        if row["status"] != "ok":
            error = row["error"] or {}
            print(f"FAILED {row['athlete_id']}: {error.get('type')}: {error.get('message')}",
                  file=sys.stderr)
    if ingest.rows_invalid:
        print(f"{args.log}: {ingest.rows_invalid} rows rejected by validation "
              "(left out of every report)", file=sys.stderr)
    for row in result.rows:
        if row.get("pdf_error"):
            print(f"PDF FAILED {row['athlete_id']}: {row['pdf_error']}", file=sys.stderr)
    if result.squad_pdf_error:
        print(f"PDF FAILED squad.pdf: {result.squad_pdf_error}", file=sys.stderr)
    done = len(result.rows) - len(result.failed)
    print(f"{done} of {len(result.rows)} reports written in {result.seconds:.1f} s")
    if args.pdf:
        printed = sum(1 for row in result.rows if row.get("pdf"))
        print(f"{printed} of {done} PDFs in {(result.out_dir / reports.PDF_DIR).resolve()}"
              + ("" if result.squad_pdf_error else
                 f"; the squad in {(result.out_dir / reports.SQUAD_PDF).resolve()}"))
    print(f"index: {result.index.resolve()}")
    pdf_failed = bool(result.pdf_failed or result.squad_pdf_error)
    return EXIT_DATA if result.failed or pdf_failed or not ingest.ok else EXIT_OK


def _cmd_check_offline(args: argparse.Namespace) -> int:
    from psoaskit.reports.html import external_references

    problems = 0
    for name in args.files:
        try:
            page = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {name}: {exc}") from None
        found = external_references(page)
        problems += bool(found)
        print(f"{'FAIL' if found else 'ok  '}  {name}" + (f": {', '.join(found)}" if found else ""))
    return EXIT_DATA if problems else EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="one self-contained offline HTML report per athlete, plus index.html and summary.json",
    )
    p.add_argument("log", help="squad log (CSV, Parquet or JSON Lines in the canonical schema)")
    p.add_argument("--athletes", nargs="+", default=["all"], metavar="ID",
                   help="athlete ids (as written in the log), or 'all' (default)")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--workers", type=positive_number(int), default=None,
                   help="parallel workers (default: number of cores)")
    p.add_argument("--timeout", type=positive_number(float), default=300.0,
                   help="time allowed per report [s] (default 300)")
    p.add_argument("--pdf", action="store_true",
                   help="also print each report to pdf/<athlete>.pdf and the index with every "
                        "report to squad.pdf (offline, with the local headless Chromium)")
    p.add_argument("--keep-notebooks", action="store_true",
                   help="also keep each executed notebook in OUT/notebooks/")
    p.add_argument("--programme", help="programme id for every athlete")
    p.add_argument("--assignments", help="CSV of athlete_id, programme_id")
    p.add_argument("--start", type=report_date, help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--end", type=report_date, help="last day of the period (YYYY-MM-DD)")
    p.add_argument("--title", default="Hip-flexor training report", help="report title")
    p.add_argument("--notebook", help="report notebook to run (default: the packaged one)")
    p.add_argument("--dask-scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (e.g. tcp://host:8786); workers must see LOG")
    p.add_argument("--dask-retries", type=int, default=2, metavar="N",
                   help="with --dask-scheduler: reruns of a report that raised (default 2); a "
                        "report whose worker died is rerun by the scheduler up to its "
                        "allowed-failures, then listed as failed")
    p.add_argument("--dask-task-memory", type=positive_number(float), default=None,
                   metavar="BYTES",
                   help="with --dask-scheduler: memory resource each report asks for (workers "
                        "started with --resources MEMORY=... run that many at once)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser("check-offline",
                       help="check that HTML files load nothing from the network")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=_cmd_check_offline)
