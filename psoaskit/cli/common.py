"""What every command shares: exit codes, the usage error, printing rows, argument types."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

from psoaskit._files import neutralise_formula
from psoaskit.errors import PsoaskitError

__all__ = [
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_USAGE",
    "Handler",
    "UsageError",
    "date_arg",
    "naming",
    "output_path",
    "positive_number",
    "print_rows",
    "report_date",
    "report_outcome",
]


EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class UsageError(PsoaskitError):
    """Bad arguments or unreadable input: printed as one line, exit code 2."""


def print_rows(rows: list[dict[str, object]], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        return
    columns = list(rows[0])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()  # spreadsheet-safe text, as in every CSV the kit writes
        writer.writerows({k: neutralise_formula(v) if isinstance(v, str) else v
                          for k, v in row.items()} for row in rows)
        print(buffer.getvalue(), end="")
        return
    cells = [[str(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def naming(path: str, error: Exception) -> str:
    """The error's message, starting with the file it is about."""
    return str(error) if path in str(error) else f"{path}: {error}"


def report_outcome(text: str, ok: bool) -> int:
    print(text)
    return EXIT_OK if ok else EXIT_DATA

def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def output_path(text: str) -> Path:
    path = Path(text)
    if not path.parent.is_dir():
        raise UsageError(f"output folder does not exist: {path.parent}")
    return path


def report_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def positive_number(kind: type) -> Callable[[str], object]:
    def parse(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value > 0 or value == float("inf"):  # NaN fails the first test
            raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text}")
        return value

    return parse
