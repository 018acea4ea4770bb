"""Commands on logs: ``import`` (an app export as a log) and ``validate`` (the ingest report)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psoaskit.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    UsageError,
    naming,
    report_outcome,
)

__all__ = ["APP_FORMATS", "add_commands"]


# --- logs -----------------------------------------------------------------------------------------


def _ingest_options(args: argparse.Namespace) -> dict[str, object]:
    if args.quarantine and not Path(args.quarantine).parent.is_dir():
        raise UsageError(f"quarantine folder does not exist: {Path(args.quarantine).parent}")
    column_map = args.map and Path(args.map).suffix.lower() == ".toml"
    return {"weight_unit": args.weight_unit, "dayfirst": args.dayfirst, "strict": args.strict,
            "quarantine": args.quarantine, "tz": args.tz,
            "mapping": None if column_map else args.map,
            "columns": args.map if column_map else None}



def _cmd_validate(args: argparse.Namespace) -> int:
    from psoaskit.errors import LogError
    from psoaskit.logs.api import read_any

    try:
        _, report = read_any(args.log, format=args.format,
                             athlete_id=args.athlete, **_ingest_options(args))
    except LogError as exc:
        if exc.report is None:
            raise UsageError(naming(args.log, exc)) from None
        print(f"psoaskit: {exc}", file=sys.stderr)
        return report_outcome(exc.report.to_text(args.show), exc.report.ok)
    return report_outcome(report.to_text(args.show), report.ok)


#: The app exports ``import`` reads (psoaskit.logs.apps.EXPORT_FORMATS, kept here so that the
#: command line starts without pandas; a test keeps the two equal).
APP_FORMATS = ("strong", "hevy", "fitnotes", "fitbod", "jefit")

#: File names a folder given to ``import`` is read for (one export per athlete).
_EXPORT_SUFFIXES = (".csv", ".txt")


def _export_files(paths: list[str], out: Path) -> list[Path]:
    """The exports named: files as given, folders as their export files (sorted), the output
    log itself left out."""
    files: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            found = sorted(p for p in given.iterdir()
                           if p.suffix.lower() in _EXPORT_SUFFIXES and p.is_file())
            if not found:
                raise UsageError(f"no export files ({', '.join(_EXPORT_SUFFIXES)}) in {given}")
            files += found
        else:
            files.append(given)
    return [f for f in dict.fromkeys(files) if not (out.exists() and f.resolve() == out.resolve())]


def _cmd_import(args: argparse.Namespace) -> int:
    from psoaskit.errors import LogError
    from psoaskit.logs.api import import_export, write_log

    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"output folder does not exist: {out.parent}")
    existing = _existing_log(args)
    files = _export_files(args.files, out)
    if any(out.exists() and out.resolve() == Path(f).resolve() for f in args.files):
        raise UsageError("--out would overwrite the export; choose another file")
    if len(files) > 1:
        return _import_many(args, files, out, existing)
    (file,) = files
    try:
        log, report = import_export(file, format=args.format,
                                    athlete_id=args.athlete, **_ingest_options(args))
    except LogError as exc:
        if exc.report is None:
            raise UsageError(naming(str(file), exc)) from None
        print(f"psoaskit: {exc}; nothing written", file=sys.stderr)
        return report_outcome(exc.report.to_text(args.show), exc.report.ok)
    code = report_outcome(report.to_text(args.show), report.ok)
    log = _merged_into(args.into, existing, log)
    try:
        write_log(log, out)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out} ({len(log)} rows)")
    return code


def _existing_log(args: argparse.Namespace) -> object:
    """The log of ``--into`` (read before any import, so a bad one stops everything)."""
    from psoaskit.logs.api import read_log

    if not args.into:
        return None
    result = read_log(args.into)
    if result.report.rows_rejected:
        raise UsageError(f"--into {args.into}: {result.report.rows_rejected} row(s) of the log "
                         "are rejected by validation (psoaskit validate shows them); merging "
                         "would lose them, so fix the log first")
    return result.log


def _merged_into(into: str | None, existing: object, log: object) -> object:
    """``log`` added to the ``--into`` log, each set once; prints what was new or changed."""
    from psoaskit.logs.api import merge_logs

    if existing is None:
        return log
    merged, counts = merge_logs(existing, log)
    print(f"into {into}: {counts['new']} new set(s), {counts['already_present']} already "
          f"in the log, {counts['changed']} changed (the export's values kept), "
          f"{counts['kept']} of the log's not in the export (kept)")
    return merged


def _import_many(args: argparse.Namespace, files: list[Path], out: Path,
                 existing: object) -> int:
    """Several exports (one per athlete, any app) into one log: a report per file, a total."""
    import pandas as pd

    from psoaskit.errors import LogError
    from psoaskit.logs.api import import_export, write_log
    from psoaskit.logs.schema import LOG_COLUMNS

    if args.athlete:
        raise UsageError("--athlete names the athlete of one export; with several, each file's "
                         "name is its athlete's id")
    if args.quarantine:
        raise UsageError("--quarantine takes one export at a time; import that file on its own")
    logs, read, accepted, failed = [], 0, 0, []
    for file in files:
        print(f"== {file}")
        try:
            log, report = import_export(file, format=args.format,
                                        **_ingest_options(args))
        except LogError as exc:
            if exc.report is not None:  # strict mode: nothing is written at all
                print(exc.report.to_text(args.show))
                print(f"psoaskit: {file}: {exc}; nothing written", file=sys.stderr)
                return EXIT_DATA
            print(f"not imported: {naming(str(file), exc)}")
            failed.append(file)
            continue
        print(report.to_text(args.show))
        logs.append(log)
        read += report.rows_read
        accepted += report.rows_accepted
        if not report.ok:
            failed.append(file)
    if not logs:
        raise UsageError("none of the exports could be imported; nothing written")
    combined = pd.concat(logs, ignore_index=True)
    # each export's log has no exact duplicates (the validator rejects them), so a repeated
    # row is a set logged in two exports (overlapping history): kept once
    repeated = combined.duplicated(subset=list(LOG_COLUMNS))
    combined = combined[~repeated].reset_index(drop=True)
    combined = _merged_into(args.into, existing, combined)
    try:
        write_log(combined, out)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"\ntotal: {len(files)} file(s), {len(logs)} imported; read {read} rows = {accepted} "
          f"accepted + {read - accepted} rejected or skipped; {int(repeated.sum())} set(s) in "
          f"more than one export kept once")
    print(f"wrote {out} ({len(combined)} rows)")
    return EXIT_OK if not failed else EXIT_DATA


def _add_ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--map", metavar="MAPPING",
                   help="CSV of name,exercise_id[,side] mapping app exercise names, or a "
                        "column map (.toml) saying which of a sheet's columns holds what")
    p.add_argument("--athlete", metavar="ID",
                   help="athlete id for app exports (default: the file name)")
    p.add_argument("--weight-unit", choices=("kg", "lb"), default="kg",
                   help="unit of weights the file does not state (default kg)")
    p.add_argument("--dayfirst", action="store_true", help="read 01/03/2024 as 1 March")
    p.add_argument("--tz", metavar="ZONE",
                   help="the athlete's time zone (e.g. Europe/Berlin): times with an offset "
                        "(Fitbod) or in Unix time (JEFIT) are converted to it before the date "
                        "is taken; times without a zone (Strong, Hevy) are read as written")
    p.add_argument("--quarantine", metavar="FILE",
                   help="write the rejected rows verbatim, with reasons, to this CSV")
    p.add_argument("--strict", action="store_true",
                   help="any rejected row is an error (import writes nothing)")
    p.add_argument("--show", type=int, default=10, metavar="N",
                   help="rejected rows to print (default 10)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import Strong, Hevy, FitNotes, Fitbod or JEFIT exports, "
                       "or a sheet through a column map, as a log",
                       description="Import one app export, or several (files or folders of "
                       "them, one export per athlete, any app), into one canonical log: a "
                       "report per file and a total.")
    p.add_argument("files", metavar="EXPORT", nargs="+",
                   help="export files, or folders of them (.csv, .txt)")
    p.add_argument("--format", choices=("auto", *APP_FORMATS), default="auto")
    p.add_argument("--out", required=True, metavar="LOG",
                   help="the log to write (.parquet, or .csv), replaced atomically")
    p.add_argument("--into", metavar="LOG",
                   help="an existing log to add the export(s) to, each set once: sets already "
                        "in it are not duplicated, corrected ones take the export's values "
                        "(written to --out; LOG itself is not changed)")
    _add_ingest_options(p)
    p.set_defaults(handler=_cmd_import, file_outputs=("out", "quarantine"))

    p = sub.add_parser("validate", help="check a log (or app export) row by row")
    p.add_argument("log", metavar="LOG")
    p.add_argument("--format", default="auto",
                   choices=("auto", "csv", "parquet", "jsonl", *APP_FORMATS))
    _add_ingest_options(p)
    p.set_defaults(handler=_cmd_validate, file_outputs=("quarantine",))
