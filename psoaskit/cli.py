"""The ``psoaskit`` command line: parse arguments, call the library, map outcomes to exit codes.

Exit codes: 0 ok, 1 data problems found, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from psoaskit.catalogue.exercises import (
    CatalogueError,
    Exercise,
    read_catalogue,
    unknown_id_message,
)
from psoaskit.catalogue.programmes import read_programmes
from psoaskit.logs.schema import ATHLETE_ID

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
    _print_rows(rows, args.format)
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


# --- logs -----------------------------------------------------------------------------------------


def _ingest_options(args: argparse.Namespace) -> dict[str, object]:
    if args.quarantine and not Path(args.quarantine).parent.is_dir():
        raise UsageError(f"quarantine folder does not exist: {Path(args.quarantine).parent}")
    return {"weight_unit": args.weight_unit, "dayfirst": args.dayfirst, "strict": args.strict,
            "quarantine": args.quarantine}


def _naming(path: str, error: Exception) -> str:
    """The error's message, starting with the file it is about."""
    return str(error) if path in str(error) else f"{path}: {error}"


def _report_outcome(text: str, ok: bool) -> int:
    print(text)
    return EXIT_OK if ok else EXIT_DATA


def _cmd_validate(args: argparse.Namespace) -> int:
    from psoaskit.errors import LogError
    from psoaskit.logs.api import read_any

    try:
        _, report = read_any(args.log, format=args.format, mapping=args.map,
                             athlete_id=args.athlete, **_ingest_options(args))
    except LogError as exc:
        if exc.report is None:
            raise UsageError(_naming(args.log, exc)) from None
        print(f"psoaskit: {exc}", file=sys.stderr)
        return _report_outcome(exc.report.to_text(args.show), exc.report.ok)
    return _report_outcome(report.to_text(args.show), report.ok)


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
            raise UsageError(_naming(args.file, exc)) from None
        print(f"psoaskit: {exc}; nothing written", file=sys.stderr)
        return _report_outcome(exc.report.to_text(args.show), exc.report.ok)
    try:
        write_log(log, out)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    code = _report_outcome(report.to_text(args.show), report.ok)
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


def _add_logs_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import a Strong, Hevy or FitNotes export as a log")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("auto", "strong", "hevy", "fitnotes"), default="auto")
    p.add_argument("--out", required=True, metavar="LOG",
                   help="the log to write (.parquet, or .csv), replaced atomically")
    _add_ingest_options(p)
    p.set_defaults(handler=_cmd_import)

    p = sub.add_parser("validate", help="check a log (or app export) row by row")
    p.add_argument("log", metavar="LOG")
    p.add_argument("--format", default="auto",
                   choices=("auto", "csv", "parquet", "jsonl", "strong", "hevy", "fitnotes"))
    _add_ingest_options(p)
    p.set_defaults(handler=_cmd_validate)


# --- simulate -------------------------------------------------------------------------------------


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _check_simulation_args(args: argparse.Namespace) -> None:
    """Usage errors for simulation arguments, as one line each."""
    if args.athletes is not None and args.athletes < 1:
        raise UsageError(f"--athletes must be at least 1, got {args.athletes}")
    if args.weeks is not None and args.weeks < 1:
        raise UsageError(f"--weeks must be at least 1, got {args.weeks}")
    per_week = getattr(args, "sessions_per_week", None)
    if per_week is not None and not 1 <= per_week <= 7:
        raise UsageError(f"--sessions-per-week must be 1-7, got {per_week}")
    adherence = getattr(args, "adherence", None)
    if adherence is not None and not 0.0 <= adherence <= 1.0:
        raise UsageError(f"--adherence must be between 0 and 1, got {adherence}")


def _output_path(text: str) -> Path:
    path = Path(text)
    if not path.parent.is_dir():
        raise UsageError(f"output folder does not exist: {path.parent}")
    return path


def _cmd_simulate(args: argparse.Namespace) -> int:
    from psoaskit.simulation.runs import default_weeks, simulate, write_simulation

    _check_simulation_args(args)
    programmes = read_programmes()
    if args.programme not in programmes:
        raise UsageError(unknown_id_message("programme", args.programme, programmes))
    programme = programmes[args.programme]
    weeks = args.weeks or default_weeks(programme)
    last_day = args.start + dt.timedelta(weeks=weeks)
    if last_day > dt.date.today():
        raise UsageError(
            f"a {weeks}-week simulation from {args.start} runs past today; pass an earlier --start"
        )
    out = _output_path(args.out)
    summary_path = _output_path(args.summary) if args.summary else out.with_name(
        f"{out.stem}_summary.csv"
    )
    simulation = simulate(
        programme,
        weeks=weeks,
        athletes=args.athletes,
        sessions_per_week=args.sessions_per_week,
        adherence=args.adherence,
        seed=args.seed,
        start=args.start,
    )
    log = simulation.to_log()
    write_simulation(simulation, out, summary_path, log=log)
    summary = simulation.summary()
    print(
        f"{programme.name}: {args.athletes} athletes x {weeks} weeks, "
        f"{simulation.sessions_per_week} sessions/week, adherence {args.adherence:g}, "
        f"seed {args.seed}"
    )
    print(f"wrote {len(log)} sets to {out} and {len(summary)} athlete summaries to {summary_path}")
    print(
        f"median capacity change {summary['capacity_change_pct'].median():+.1f} %, "
        f"{summary['top_reached'].mean():.0%} reached the top stage "
        f"({simulation.ladder.n_stages} stages), median sessions done "
        f"{summary['sessions_done'].median():g} of {summary['sessions_planned'].iloc[0]}"
    )
    return EXIT_OK


def _cmd_compare_programmes(args: argparse.Namespace) -> int:
    from psoaskit.simulation.runs import compare_programmes

    _check_simulation_args(args)
    table = compare_programmes(
        weeks=args.weeks,
        athletes=args.athletes,
        sessions_per_week=args.sessions_per_week,
        adherence=args.adherence,
        seed=args.seed,
    )
    final = table[table["week"] == args.weeks]
    rows = [
        {
            "programme": r.programme,
            "capacity_p10": round(r.capacity_p10, 1),
            "capacity_median": round(r.capacity_median, 1),
            "capacity_p90": round(r.capacity_p90, 1),
            "share_top": round(r.share_top, 3),
            "share_level5": "" if r.share_level5 != r.share_level5 else round(r.share_level5, 3),
            "sets_per_week": round(r.sets_median, 1),
            "tut_min_per_week": round(r.tut_median, 1),
        }
        for r in final.itertuples()
    ]
    _print_rows(rows, args.format)
    return EXIT_OK


def _cmd_ladder(args: argparse.Namespace) -> int:
    from psoaskit.simulation.ladder import build_ladder

    programmes = read_programmes()
    if args.id not in programmes:
        raise UsageError(unknown_id_message("programme", args.id, programmes))
    table = build_ladder(args.id).table()
    rows = table.astype(object).where(table.notna(), "").to_dict("records")
    _print_rows(rows, args.format)
    if args.format == "table":
        print("\nSafety:")
        for note in read_catalogue().safety_common:
            print(f"  - {note}")
    return EXIT_OK


def _cmd_sample(args: argparse.Namespace) -> int:
    from psoaskit.simulation.sample import write_sample

    _check_simulation_args(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out must be a folder: {out}")
    if not out.parent.is_dir():
        raise UsageError(f"output folder's parent does not exist: {out.parent}")
    written = write_sample(out, athletes=args.athletes, weeks=args.weeks, seed=args.seed)
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _add_simulation_options(p: argparse.ArgumentParser, weeks: int | None, athletes: int) -> None:
    p.add_argument("--weeks", type=int, default=weeks, help="length [week]")
    p.add_argument("--athletes", type=int, default=athletes, help="simulated athletes")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same output)")


def _add_simulate_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help="simulate a programme over many athletes; writes a log in the canonical schema",
    )
    p.add_argument("--programme", required=True, help="programme id (see `psoaskit programmes`)")
    p.add_argument("--out", required=True, help="log file to write (.csv or .parquet)")
    _add_simulation_options(p, None, 100)
    p.add_argument("--sessions-per-week", type=int, help="planned frequency [1/week], 1-7")
    p.add_argument("--adherence", type=float, default=0.8, help="mean share of sessions done")
    p.add_argument("--start", type=_date_arg, default=dt.date(2024, 1, 1), help="first day")
    p.add_argument("--summary", help="per-athlete summary CSV (default: OUT_summary.csv)")
    p.set_defaults(handler=_cmd_simulate)

    p = sub.add_parser(
        "compare-programmes", help="simulate every programme of the sources on the same athletes"
    )
    _add_simulation_options(p, 8, 200)
    p.add_argument("--sessions-per-week", type=int, help="frequency for all [1/week], 1-7")
    p.add_argument("--adherence", type=float, default=0.8, help="mean share of sessions done")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_cmd_compare_programmes)

    p = sub.add_parser("ladder", help="show the progression ladder a programme is simulated with")
    p.add_argument("id")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_cmd_ladder)

    p = sub.add_parser("sample", help="write the synthetic sample squad (clean and messy logs)")
    p.add_argument("--out", required=True, help="folder to write into (created if missing)")
    _add_simulation_options(p, 12, 12)
    p.set_defaults(handler=_cmd_sample)


# --- analysis -------------------------------------------------------------------------------------


def _squad_rows(squad, variant: str) -> list[dict[str, object]]:
    """The squad summary as printable rows (one per athlete)."""

    def number(value: object, spec: str) -> str:
        return "-" if value is None or value != value else format(value, spec)

    rows = []
    for r in squad.to_dict("records"):
        rows.append(
            {
                "athlete": r[ATHLETE_ID],
                "programme": r["programme_id"] if isinstance(r["programme_id"], str) else "-",
                "sessions": r["sessions"],
                "per_week": number(r["sessions_per_week"], ".1f"),
                "target": r["sessions_target"],
                "weeks_on_target": number(r["weeks_target_met_pct"], ".0f") + "%"
                if r["weeks_target_met_pct"] == r["weeks_target_met_pct"] else "-",
                "pain_recent": number(r["pain_max_recent"], "g") + (
                    f" {r['pain_zone_recent']}" if isinstance(r["pain_zone_recent"], str) else ""
                ),
                "asym_max_%": number(r["asymmetry_max_pct"], "+.0f"),
                f"acwr_{variant}": number(r[f"acwr_{variant}_latest"], ".2f"),
                "last_session": str(r["last_session"])[:10],
                "recent_flags": r["flag_kinds_recent"] or "-",
            }
        )
    return rows


def _cmd_analyse(args: argparse.Namespace) -> int:
    from psoaskit.analysis.adherence import AssignmentError, read_assignments
    from psoaskit.analysis.log_analysis import analyse_log, write_tables
    from psoaskit.analysis.status import FLAG_KINDS
    from psoaskit.analysis.thresholds import LOAD_MEASURES, AnalysisConfig
    from psoaskit.errors import LogError
    from psoaskit.logs.api import read_log

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out must be a folder: {out}")
    if not out.parent.is_dir():
        raise UsageError(f"output folder's parent does not exist: {out.parent}")
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise UsageError(f"--as-of: not a date (YYYY-MM-DD): {args.as_of!r}") from None
    try:
        config = AnalysisConfig(load_measure=args.load_measure, acwr_variant=args.acwr_variant)
        assignments = read_assignments(args.assignments) if args.assignments else None
    except (AssignmentError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    try:
        log, report = read_log(args.log)
    except LogError as exc:
        raise UsageError(f"{args.log}: {exc}") from None
    print(report.to_text(args.show))
    if log.empty:
        print("psoaskit: no rows accepted; nothing to analyse", file=sys.stderr)
        return EXIT_DATA
    try:
        analysis = analyse_log(log, programme=args.programme, assignments=assignments,
                               config=config, as_of=as_of)
    except ValueError as exc:  # a validated log only fails on arguments (programme, --as-of)
        raise UsageError(str(exc)) from None
    squad, weekly = analysis.squad, analysis.weekly
    print(
        f"\nsquad of {len(squad)} athlete(s), {len(analysis.sessions)} sessions, "
        f"{len(weekly)} athlete-weeks, as of {analysis.as_of.date()}"
    )
    _print_rows(_squad_rows(squad, config.acwr_variant), "table")
    counts = analysis.flags["flag"].value_counts()
    listed = ", ".join(f"{kind} {counts[kind]}" for kind in FLAG_KINDS if counts.get(kind))
    print(f"\nflags: {len(analysis.flags)} ({listed or 'none'}); reasons in flags.csv")
    not_stated = squad.loc[squad["sessions_target"] == "not stated", ATHLETE_ID]
    if len(not_stated):
        print(f"no weekly frequency stated for {', '.join(map(str, not_stated))}: sessions "
              "are counted, not judged")
    unknown = int(weekly["sessions_unknown_load"].sum())
    if unknown:
        print(f"load: {LOAD_MEASURES[config.load_measure]}; unknown for {unknown} of "
              f"{len(analysis.sessions)} sessions (no RPE, or a set without a time or load), "
              "so ACWR and monotony are left out where a window has one; --load-measure sets "
              "counts every session.")
    print(f"ACWR ({config.acwr_label}) is a descriptive trend of load change, not an injury-"
          "risk score (see psoaskit.analysis.training_load).")
    try:
        written = write_tables(analysis, out)
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from None
    print(f"wrote {', '.join(p.name for p in written)} to {out}")
    return EXIT_OK if report.ok else EXIT_DATA


def _add_analysis_commands(sub: argparse._SubParsersAction) -> None:
    from psoaskit.analysis.thresholds import LOAD_MEASURES
    from psoaskit.analysis.training_load import ACWR_VARIANTS

    p = sub.add_parser(
        "analyse", help="weekly dose, adherence, asymmetry, pain and load of a log",
        description="Analyse a canonical log for a whole squad: writes weekly, squad and flags "
        "tables (CSV and Parquet) and prints a squad summary. Exit 1 if rows were rejected.",
    )
    p.add_argument("log", metavar="LOG", help="canonical log (CSV, Parquet or JSON Lines)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--programme", metavar="ID", help="one programme for every athlete")
    which.add_argument("--assignments", metavar="FILE",
                       help="CSV of athlete_id, programme_id [, sessions_per_week]")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the tables")
    p.add_argument("--as-of", metavar="DATE", help="analyse as on this day (YYYY-MM-DD)")
    p.add_argument("--load-measure", choices=tuple(LOAD_MEASURES), default="srpe",
                   help="daily load behind ACWR, monotony and strain (default srpe)")
    p.add_argument("--acwr-variant", choices=ACWR_VARIANTS, default="ewma",
                   help="ACWR variant of the load-spike flag (default ewma)")
    p.add_argument("--show", type=int, default=10, metavar="N",
                   help="rejected rows to print (default 10)")
    p.set_defaults(handler=_cmd_analyse)


# --- reports --------------------------------------------------------------------------------------


def _report_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(kind: type) -> Callable[[str], object]:
    def parse(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value

    return parse


def _cmd_report(args: argparse.Namespace) -> int:
    from psoaskit.analysis.adherence import AssignmentError, read_assignments
    from psoaskit.errors import LogError
    from psoaskit.logs.api import read_log
    from psoaskit.reports import batch as reports

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
    )
    executor = reports.dask_executor(args.dask_scheduler) if args.dask_scheduler else None
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
    done = len(result.rows) - len(result.failed)
    print(f"{done} of {len(result.rows)} reports written in {result.seconds:.1f} s")
    print(f"index: {result.index.resolve()}")
    return EXIT_DATA if result.failed or not ingest.ok else EXIT_OK


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


def _add_reports_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="one self-contained offline HTML report per athlete, plus index.html and summary.json",
    )
    p.add_argument("log", help="squad log (CSV, Parquet or JSON Lines in the canonical schema)")
    p.add_argument("--athletes", nargs="+", default=["all"], metavar="ID",
                   help="athlete ids (as written in the log), or 'all' (default)")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--workers", type=_positive(int), default=None,
                   help="parallel workers (default: number of cores)")
    p.add_argument("--timeout", type=_positive(float), default=300.0,
                   help="time allowed per report [s] (default 300)")
    p.add_argument("--keep-notebooks", action="store_true",
                   help="also keep each executed notebook in OUT/notebooks/")
    p.add_argument("--programme", help="programme id for every athlete")
    p.add_argument("--assignments", help="CSV of athlete_id, programme_id")
    p.add_argument("--start", type=_report_date, help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--end", type=_report_date, help="last day of the period (YYYY-MM-DD)")
    p.add_argument("--title", default="Hip-flexor training report", help="report title")
    p.add_argument("--notebook", help="report notebook to run (default: the packaged one)")
    p.add_argument("--dask-scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (e.g. tcp://host:8786); workers must see LOG")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser("check-offline",
                       help="check that HTML files load nothing from the network")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=_cmd_check_offline)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``psoaskit`` command."""
    parser = argparse.ArgumentParser(
        prog="psoaskit",
        description="Iliopsoas strengthening: catalogue, logs, simulation, analysis, reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_catalogue_commands(sub)
    _add_analysis_commands(sub)
    _add_logs_commands(sub)
    _add_reports_commands(sub)
    _add_simulate_commands(sub)
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
