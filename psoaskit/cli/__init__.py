"""The ``psoaskit`` command line: parse arguments, call the library, map outcomes to exit codes.

Exit codes: 0 ok, 1 data problems found, 2 usage error or unreadable input. Each module of
this package adds the commands of one subsystem; they only parse, call and print.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

from psoaskit._files import claim_outputs, command_scope
from psoaskit.cli import analysis, catalogue, logs, reports, simulation
from psoaskit.cli.common import EXIT_OK, EXIT_USAGE
from psoaskit.errors import CatalogueError, PsoaskitError

__all__ = ["INPUT_ARGUMENTS", "build_parser", "main"]

#: Arguments naming files a command reads: no output of the command may replace them.
INPUT_ARGUMENTS = ("log", "file", "files", "map", "assignments", "notebook", "into")


def _paths(value: object) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``psoaskit`` command."""
    parser = argparse.ArgumentParser(
        prog="psoaskit",
        description="Iliopsoas strengthening: catalogue, logs, simulation, analysis, reports.",
    )
    parser.set_defaults(file_outputs=())  # arguments naming files a command writes
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for commands in (catalogue, analysis, logs, reports, simulation):
        commands.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``psoaskit`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    inputs = [v for name in INPUT_ARGUMENTS for v in _paths(getattr(args, name, None))]
    outputs = [v for name in args.file_outputs for v in _paths(getattr(args, name, None))]
    stop_on_sigterm = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if stop_on_sigterm else None
    try:
        with command_scope(inputs):
            claim_outputs(*outputs)
            return args.handler(args)
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: one line; files are whole or absent
        print("psoaskit: interrupted; every file written is complete, none half-written",
              file=sys.stderr)
        return 143 if isinstance(exc, _Terminated) else 130
    except CatalogueError as exc:
        print(f"psoaskit: data error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except PsoaskitError as exc:  # usage errors and unreadable input: one line, no traceback
        print(f"psoaskit: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (``psoaskit next LOG | head``): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush stays quiet
        return EXIT_OK
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _one_line(exc: BaseException) -> str:
    """The error as one line: line breaks and tabs in it (e.g. in a file name) written as
    ``\\n``, ``\\r``, ``\\t``."""
    return str(exc).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C (workers stopped, outputs whole), exit status 143."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated

