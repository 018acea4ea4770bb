"""The ``psoaskit`` command line: parse arguments, call the library, map outcomes to exit codes.

Exit codes: 0 ok, 1 data problems found, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence

from psoaskit.exercises import CatalogueError, Exercise, load_catalogue, unknown_id_message
from psoaskit.programmes import load_programmes

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad arguments or unreadable input: printed as one line, exit code 2."""


def _print_rows(rows: list[dict[str, object]], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        return
    columns = list(rows[0])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        print(buffer.getvalue(), end="")
        return
    cells = [[str(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


# --- catalogue and programmes -----------------------------------------------------------------


def _exercise_row(ex: Exercise) -> dict[str, object]:
    return {
        "id": ex.id,
        "name": ex.name,
        "position": ex.position,
        "contraction": ex.contraction,
        "laterality": ex.laterality,
        "level": "" if ex.level is None else ex.level,
        "equipment": ", ".join(ex.equipment) or "none",
        "dose": ex.dose.describe(),
        "sources": ", ".join(ex.sources),
    }


def _cmd_exercises(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    selected = [
        ex
        for ex in catalogue.values()
        if (args.position is None or ex.position == args.position)
        and (args.level is None or ex.level == args.level)
        and (args.equipment is None or args.equipment in ex.equipment)
    ]
    if args.format == "json":
        rows = [ex.to_dict() for ex in selected]
        for row in rows:
            row["source_files"] = [catalogue.sources[s].file for s in row["sources"]]
        _print_rows(rows, "json")
    else:
        _print_rows([_exercise_row(ex) for ex in selected], args.format)
    return EXIT_OK


def format_exercise_card(ex: Exercise, safety: Sequence[str], source_titles: Sequence[str]) -> str:
    """The full text card of one exercise, as ``psoaskit exercise ID`` prints it."""
    lines = [f"{ex.name}  [{ex.id}]"]
    if not ex.recommended:
        lines.append(f"NOT RECOMMENDED: {ex.not_recommended_reason}")
    level = f", level {ex.level}" if ex.level is not None else ""
    lines += [
        f"{ex.position}, {ex.contraction.replace('_', ' ')}, {ex.laterality}{level}",
        f"Equipment: {', '.join(ex.equipment) or 'none'}",
        f"Dose: {ex.dose.describe()}",
        f"Hip {ex.posture.hip_deg} deg, knee {ex.posture.knee_deg} deg"
        + ("" if ex.modelled else " (not covered by the lever-arm model)"),
    ]
    for title, items in (
        ("Cues", ex.cues),
        ("Common faults", ex.faults),
        ("Safety", safety),
    ):
        if items:
            lines.append(f"{title}:")
            lines += [f"  - {item}" for item in items]
    if ex.progressions:
        lines.append(f"Progress to: {', '.join(ex.progressions)}")
    if ex.regressions:
        lines.append(f"Regress to: {', '.join(ex.regressions)}")
    lines.append(f"Sources: {'; '.join(source_titles)}")
    return "\n".join(lines)


def _cmd_exercise(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.id not in catalogue.exercises:
        raise UsageError(unknown_id_message("exercise", args.id, catalogue.exercises))
    ex = catalogue[args.id]
    titles = [f"{s} {catalogue.sources[s].title} ({catalogue.sources[s].file})" for s in ex.sources]
    print(format_exercise_card(ex, catalogue.safety_for(ex.id), titles))
    return EXIT_OK


def _cmd_programmes(args: argparse.Namespace) -> int:
    rows = [
        {
            "id": p.id,
            "name": p.name,
            "per_week": str(p.sessions_per_week or "-"),
            "weeks": str(p.weeks or "-"),
            "exercises": len(p.items),
            "sources": ", ".join(p.sources),
        }
        for p in load_programmes().values()
    ]
    _print_rows(rows, args.format)
    return EXIT_OK


def _cmd_programme(args: argparse.Namespace) -> int:
    programmes = load_programmes()
    if args.id not in programmes:
        raise UsageError(unknown_id_message("programme", args.id, programmes))
    prog = programmes[args.id]
    catalogue = load_catalogue()
    print(f"{prog.name}  [{prog.id}]  (source {', '.join(prog.sources)})")
    print(prog.description)
    print(f"Sessions per week: {prog.sessions_per_week or 'not stated'}; "
          f"weeks: {prog.weeks or 'not stated'}")
    for phase in prog.phases():
        print(f"\n{phase}:")
        for item in prog.items:
            if item.phase == phase:
                optional = " (optional)" if item.optional else ""
                name = catalogue[item.exercise].name
                print(f"  - {name} [{item.exercise}]: {item.dose.describe()}{optional}")
    steps = " -> ".join(prog.progression) or "none stated"
    print(f"\nProgression: {steps}. {prog.progression_note}")
    print("\nSafety:")
    for note in catalogue.safety_common:
        print(f"  - {note}")
    return EXIT_OK


def _cmd_check_data(args: argparse.Namespace) -> int:
    from psoaskit.checks import check_data_files

    results = check_data_files()
    for name, problem in results:
        print(f"{'FAIL' if problem else 'ok  '}  {name}{': ' + problem if problem else ''}")
    return EXIT_DATA if any(problem for _, problem in results) else EXIT_OK


def _add_catalogue_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("exercises", help="list the exercise catalogue")
    p.add_argument("--position", help="filter by position, e.g. supine, standing")
    p.add_argument("--level", type=int, help="filter by ladder level (1-5)")
    p.add_argument("--equipment", help="filter by equipment, e.g. 'resistance band'")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_cmd_exercises)

    p = sub.add_parser("exercise", help="show one exercise's full card")
    p.add_argument("id")
    p.set_defaults(handler=_cmd_exercise)

    p = sub.add_parser("programmes", help="list the programmes of the sources")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_cmd_programmes)

    p = sub.add_parser("programme", help="show one programme")
    p.add_argument("id")
    p.set_defaults(handler=_cmd_programme)

    p = sub.add_parser("check-data", help="validate every packaged data file")
    p.set_defaults(handler=_cmd_check_data)


# --- logs ---
# --- mechanics ---
# --- simulate ---
# --- analysis ---
# --- reports ---


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``psoaskit`` command."""
    parser = argparse.ArgumentParser(
        prog="psoaskit",
        description="Iliopsoas strengthening: catalogue, logs, simulation, analysis, reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_catalogue_commands(sub)
    # --- register commands (one call per section) ---
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``psoaskit`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"psoaskit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CatalogueError as exc:
        print(f"psoaskit: data error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
