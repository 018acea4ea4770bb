"""Catalogue commands: exercises, exercise, programmes, programme and check-data."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from psoaskit.catalogue.exercises import (
    Exercise,
    read_catalogue,
    unknown_id_message,
)
from psoaskit.catalogue.programmes import read_programmes
from psoaskit.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    UsageError,
    print_rows,
)

__all__ = ["add_commands", "format_exercise_card"]


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
    catalogue = read_catalogue()
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
        print_rows(rows, "json")
    else:
        print_rows([_exercise_row(ex) for ex in selected], args.format)
    return EXIT_OK


def format_exercise_card(ex: Exercise, safety: Sequence[str], source_titles: Sequence[str]) -> str:
    """The full text card of one exercise, as ``psoaskit exercise ID`` prints it."""
    lines = [f"{ex.name}  [{ex.id}]"]
    if not ex.recommended:
        lines.append(f"NOT RECOMMENDED: {ex.not_recommended_reason}")
    if ex.evidence:
        lines.append(f"Evidence: {ex.evidence}")
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
    catalogue = read_catalogue()
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
        for p in read_programmes().values()
    ]
    print_rows(rows, args.format)
    return EXIT_OK


def _cmd_programme(args: argparse.Namespace) -> int:
    programmes = read_programmes()
    if args.id not in programmes:
        raise UsageError(unknown_id_message("programme", args.id, programmes))
    prog = programmes[args.id]
    catalogue = read_catalogue()
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
    from psoaskit.catalogue.checks import check_data_files

    results = check_data_files()
    for name, problem in results:
        print(f"{'FAIL' if problem else 'ok  '}  {name}{': ' + problem if problem else ''}")
    return EXIT_DATA if any(problem for _, problem in results) else EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
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
