"""The ``analyse`` command: a squad's weekly, squad and flags tables."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from psoaskit.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    UsageError,
    print_rows,
)
from psoaskit.logs.schema import ATHLETE_ID

__all__ = ["add_commands"]

#: Tables ``analyse`` writes (CSV and Parquet each).
_TABLES = ("weekly", "squad", "flags", "next_week")


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


def _analyse(args: argparse.Namespace, config=None):
    """Read the log and assignments and analyse them: (analysis, report, log), or exit."""
    from psoaskit.analysis.adherence import AssignmentError, read_assignments
    from psoaskit.analysis.log_analysis import analyse_log
    from psoaskit.analysis.thresholds import AnalysisConfig
    from psoaskit.errors import LogError
    from psoaskit.logs.api import read_log

    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise UsageError(f"--as-of: not a date (YYYY-MM-DD): {args.as_of!r}") from None
    try:
        config = config or AnalysisConfig()
        assignments = read_assignments(args.assignments) if args.assignments else None
    except (AssignmentError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    try:
        log, report = read_log(args.log)
    except LogError as exc:
        raise UsageError(f"{args.log}: {exc}") from None
    if log.empty:
        return None, report, log
    try:
        analysis = analyse_log(log, programme=args.programme, assignments=assignments,
                               config=config, as_of=as_of)
    except ValueError as exc:  # a validated log only fails on arguments (programme, --as-of)
        raise UsageError(str(exc)) from None
    return analysis, report, log


def _cmd_analyse(args: argparse.Namespace) -> int:
    from psoaskit._files import claim_outputs
    from psoaskit.analysis.log_analysis import table_paths, write_tables
    from psoaskit.analysis.next_week import next_week_table
    from psoaskit.analysis.status import FLAG_KINDS
    from psoaskit.analysis.thresholds import LOAD_MEASURES, AnalysisConfig

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out must be a folder: {out}")
    if not out.parent.is_dir():
        raise UsageError(f"output folder's parent does not exist: {out.parent}")
    claim_outputs(*table_paths(out, _TABLES))  # before any work: never over the input log
    try:
        config = AnalysisConfig(load_measure=args.load_measure, acwr_variant=args.acwr_variant)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    analysis, report, log = _analyse(args, config)
    print(report.to_text(args.show))
    if analysis is None:
        print("psoaskit: no rows accepted; nothing to analyse", file=sys.stderr)
        return EXIT_DATA
    squad, weekly = analysis.squad, analysis.weekly
    print(
        f"\nsquad of {len(squad)} athlete(s), {len(analysis.sessions)} sessions, "
        f"{len(weekly)} athlete-weeks, as of {analysis.as_of.date()}"
    )
    print_rows(_squad_rows(squad, config.acwr_variant), "table")
    runs = analysis.flag_episodes
    current = runs[runs["current"]]
    counts = current["flag"].value_counts()
    listed = ", ".join(f"{kind} {counts[kind]}" for kind in FLAG_KINDS if counts.get(kind))
    print(f"\ncurrent flags (last {config.recent_weeks} weeks, a run of weeks counted once): "
          f"{len(current)} ({listed or 'none'}); {len(runs) - len(current)} earlier; "
          f"{len(analysis.flags)} flagged weeks with reasons in flags.csv")
    not_stated = squad.loc[squad["sessions_target"] == "not stated", ATHLETE_ID]
    if len(not_stated):
        print(f"no weekly frequency stated for {', '.join(map(str, not_stated))}: sessions "
              "are counted, not judged")
    measures = weekly.drop_duplicates(ATHLETE_ID)["load_measure"].value_counts()
    print("load: " + "; ".join(f"{LOAD_MEASURES[m]} for {n} athlete(s)"
                               for m, n in measures.items()))
    unknown = int(weekly["sessions_unknown_load"].sum())
    if unknown:
        print(f"load unknown for {unknown} of "
              f"{len(analysis.sessions)} sessions (no RPE, or a set without a time or load), "
              "so ACWR and monotony are left out where a window has one; --load-measure sets "
              "counts every session.")
    print(f"ACWR ({config.acwr_label}) is a descriptive trend of load change, not an injury-"
          "risk score (see psoaskit.analysis.training_load).")
    next_week = next_week_table(log, analysis)
    decided = next_week["decision"].value_counts()
    print("next week: " + ", ".join(f"{kind} {n}" for kind, n in decided.items())
          + " (reasons in next_week.csv; psoaskit next LOG prints them)")
    try:
        written = write_tables(analysis, out, extra={"next_week": next_week})
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from None
    print(f"wrote {', '.join(p.name for p in written)} to {out}")
    return EXIT_OK if report.ok else EXIT_DATA


def _next_rows(table, fmt: str) -> list[dict[str, object]]:
    rows = []
    for r in table.to_dict("records"):
        row = {key: (None if value is None or value != value else value)
               for key, value in r.items()}
        row["week_reviewed"] = str(row["week_reviewed"])
        if fmt == "json":
            row["reasons"] = (row["reasons"] or "").splitlines()
            row["next_week"] = (row["next_week"] or "").splitlines()
        rows.append(row)
    return rows


def _cmd_next(args: argparse.Namespace) -> int:
    from psoaskit.analysis.next_week import next_week_table
    from psoaskit.catalogue.exercises import read_catalogue
    from psoaskit.errors import UnknownIdError

    analysis, report, log = _analyse(args)
    if analysis is None:
        print(report.to_text(args.show))
        print("psoaskit: no rows accepted; nothing to review", file=sys.stderr)
        return EXIT_DATA
    if args.athlete:
        try:
            analysis = analysis.athlete(args.athlete)
        except UnknownIdError as exc:
            raise UsageError(str(exc)) from None
    table = next_week_table(log, analysis)
    if args.format != "table":
        print_rows(_next_rows(table, args.format), args.format)
        return EXIT_OK if report.ok else EXIT_DATA
    if not report.ok:
        print(report.to_text(args.show))
    print(f"as of {analysis.as_of.date()}: each athlete's latest week reviewed with the "
          "simulation's progression rule")
    for r in table.to_dict("records"):
        programme = r["programme_id"] if isinstance(r["programme_id"], str) else "-"
        state = "" if r["week_complete"] else ", in progress"
        print(f"\n{r[ATHLETE_ID]}  {programme}  (week of {r['week_reviewed']}{state})")
        if r["stage"] == r["stage"] and r["stage"] is not None:
            print(f"  now: stage {r['stage']} ({r['stage_label']}), {r['weeks_at_stage']} week(s), "
                  f"{r['sessions_at_stage']} session(s) at it")
        print(f"  decision: {r['decision']}")
        for line in (r["reasons"] or "").splitlines():
            print(f"    {line}")
        if r["missing"]:
            print(f"  log next: {r['missing']}")
        if isinstance(r["next_week"], str):
            print(f"  next week (stage {r['next_stage']}, {r['next_stage_label']}):")
            for line in r["next_week"].splitlines():
                print(f"    {line}")
    for note in read_catalogue().safety_common:
        print(f"\n{note}")
    return EXIT_OK if report.ok else EXIT_DATA


def _add_log_arguments(p: argparse.ArgumentParser) -> None:
    """The log, who follows which programme, and the analysis day (analyse and next)."""
    p.add_argument("log", metavar="LOG", help="canonical log (CSV, Parquet or JSON Lines)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--programme", metavar="ID", help="one programme for every athlete")
    which.add_argument("--assignments", metavar="FILE",
                       help="CSV of athlete_id, programme_id [, sessions_per_week]")
    p.add_argument("--as-of", metavar="DATE", help="analyse as on this day (YYYY-MM-DD)")
    p.add_argument("--show", type=int, default=10, metavar="N",
                   help="rejected rows to print (default 10)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    from psoaskit.analysis.thresholds import LOAD_MEASURES
    from psoaskit.analysis.training_load import ACWR_VARIANTS

    p = sub.add_parser(
        "analyse", help="weekly dose, adherence, asymmetry, pain and load of a log",
        description="Analyse a canonical log for a whole squad: writes weekly, squad, flags and "
        "next-week tables (CSV and Parquet) and prints a squad summary. Exit 1 if rows were "
        "rejected.",
    )
    _add_log_arguments(p)
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the tables")
    p.add_argument("--load-measure", choices=tuple(LOAD_MEASURES), default="auto",
                   help="daily load behind ACWR, monotony and strain (default auto: Foster's "
                   "session-RPE for athletes who log session RPE and duration, else the "
                   "set-RPE x work time proxy)")
    p.add_argument("--acwr-variant", choices=ACWR_VARIANTS, default="ewma",
                   help="ACWR variant of the load-spike flag (default ewma)")
    p.set_defaults(handler=_cmd_analyse)

    p = sub.add_parser(
        "next", help="what next for each athlete: progress, hold or step back, with reasons",
        description="Review each athlete's latest week with the simulation's progression rule: "
        "the stage the log shows, the decision with every gate and its numbers, and next week's "
        "prescription. Needs a programme (--programme or --assignments).",
    )
    _add_log_arguments(p)
    p.add_argument("--athlete", metavar="ID", help="one athlete only")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="output format (default table)")
    p.set_defaults(handler=_cmd_next)
