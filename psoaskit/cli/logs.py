"""Commands on logs: ``import`` (an app export as a log) and ``validate`` (the ingest report)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psoaskit.cli.common import (
    UsageError,
    naming,
    report_outcome,
)

__all__ = ["add_commands"]


# --- logs -----------------------------------------------------------------------------------------


def _ingest_options(args: argparse.Namespace) -> dict[str, object]:
    if args.quarantine and not Path(args.quarantine).parent.is_dir():
        raise UsageError(f"quarantine folder does not exist: {Path(args.quarantine).parent}")
    return {"weight_unit": args.weight_unit, "dayfirst": args.dayfirst, "strict": args.strict,
            "quarantine": args.quarantine}



def _cmd_validate(args: argparse.Namespace) -> int:
    from psoaskit.errors import LogError
    from psoaskit.logs.api import read_any

    try:
        _, report = read_any(args.log, format=args.format, mapping=args.map,
                             athlete_id=args.athlete, **_ingest_options(args))
    except LogError as exc:
        if exc.report is None:
            raise UsageError(naming(args.log, exc)) from None
        print(f"psoaskit: {exc}", file=sys.stderr)
        return report_outcome(exc.report.to_text(args.show), exc.report.ok)
    return report_outcome(report.to_text(args.show), report.ok)


def _cmd_import(args: argparse.Namespace) -> int:
    from psoaskit.errors import LogError
    from psoaskit.logs.api import import_export, write_log

    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"output folder does not exist: {out.parent}")
    if out.exists() and out.resolve() == Path(args.file).resolve():
        raise UsageError("--out would overwrite the export; choose another file")
    try:
        log, report = import_export(args.file, format=args.format, mapping=args.map,
                                    athlete_id=args.athlete, **_ingest_options(args))
    except LogError as exc:
        if exc.report is None:
            raise UsageError(naming(args.file, exc)) from None
        print(f"psoaskit: {exc}; nothing written", file=sys.stderr)
        return report_outcome(exc.report.to_text(args.show), exc.report.ok)
    try:
        write_log(log, out)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    code = report_outcome(report.to_text(args.show), report.ok)
    print(f"wrote {out} ({len(log)} rows)")
    return code


def _add_ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--map", metavar="MAPPING",
                   help="CSV of name,exercise_id[,side] mapping app exercise names")
    p.add_argument("--athlete", metavar="ID",
                   help="athlete id for app exports (default: the file name)")
    p.add_argument("--weight-unit", choices=("kg", "lb"), default="kg",
                   help="unit of weights the file does not state (default kg)")
    p.add_argument("--dayfirst", action="store_true", help="read 01/03/2024 as 1 March")
    p.add_argument("--quarantine", metavar="FILE",
                   help="write the rejected rows verbatim, with reasons, to this CSV")
    p.add_argument("--strict", action="store_true",
                   help="any rejected row is an error (import writes nothing)")
    p.add_argument("--show", type=int, default=10, metavar="N",
                   help="rejected rows to print (default 10)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import a Strong, Hevy or FitNotes export as a log")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("auto", "strong", "hevy", "fitnotes"), default="auto")
    p.add_argument("--out", required=True, metavar="LOG",
                   help="the log to write (.parquet, or .csv), replaced atomically")
    _add_ingest_options(p)
    p.set_defaults(handler=_cmd_import, file_outputs=("out", "quarantine"))

    p = sub.add_parser("validate", help="check a log (or app export) row by row")
    p.add_argument("log", metavar="LOG")
    p.add_argument("--format", default="auto",
                   choices=("auto", "csv", "parquet", "jsonl", "strong", "hevy", "fitnotes"))
    _add_ingest_options(p)
    p.set_defaults(handler=_cmd_validate, file_outputs=("quarantine",))
