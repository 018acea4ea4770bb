"""Commands on simulation: ``simulate``, ``compare-programmes``, ``ladder``, ``sample``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from psoaskit.catalogue.exercises import (
    read_catalogue,
    unknown_id_message,
)
from psoaskit.catalogue.programmes import read_programmes
from psoaskit.cli.common import (
    EXIT_OK,
    UsageError,
    date_arg,
    output_path,
    print_rows,
)

__all__ = ["add_commands"]


# --- simulate -------------------------------------------------------------------------------------


#: Largest runs one command makes (ten years; a squad of a large club many times over; memory
#: for the whole run, log included, stays at a few GB): larger ones are split over seeds.
_MAX_WEEKS = 520
_MAX_ATHLETES = 100_000
_MAX_ATHLETE_WEEKS = 1_000_000


def _check_simulation_args(args: argparse.Namespace) -> None:
    """Usage errors for simulation arguments, as one line each."""
    if args.athletes is not None and not 1 <= args.athletes <= _MAX_ATHLETES:
        raise UsageError(f"--athletes must be 1-{_MAX_ATHLETES:,}, got {args.athletes}")
    if args.weeks is not None and not 1 <= args.weeks <= _MAX_WEEKS:
        raise UsageError(f"--weeks must be 1-{_MAX_WEEKS}, got {args.weeks}")
    if args.athletes is not None and args.weeks is not None and \
            args.athletes * args.weeks > _MAX_ATHLETE_WEEKS:
        raise UsageError(
            f"{args.athletes:,} athletes x {args.weeks} weeks is more than {_MAX_ATHLETE_WEEKS:,} "
            "athlete-weeks in one run; split it into runs with different --seed values")
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {args.seed}")
    per_week = getattr(args, "sessions_per_week", None)
    if per_week is not None and not 1 <= per_week <= 7:
        raise UsageError(f"--sessions-per-week must be 1-7, got {per_week}")
    adherence = getattr(args, "adherence", None)
    if adherence is not None and not 0.0 <= adherence <= 1.0:
        raise UsageError(f"--adherence must be between 0 and 1, got {adherence}")


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
    out = output_path(args.out)
    summary_path = output_path(args.summary) if args.summary else out.with_name(
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
    print_rows(rows, args.format)
    return EXIT_OK


def _cmd_ladder(args: argparse.Namespace) -> int:
    from psoaskit.simulation.ladder import build_ladder

    programmes = read_programmes()
    if args.id not in programmes:
        raise UsageError(unknown_id_message("programme", args.id, programmes))
    table = build_ladder(args.id).table()
    rows = table.astype(object).where(table.notna(), "").to_dict("records")
    print_rows(rows, args.format)
    if args.format == "table":
        print("\nSafety:")
        for note in read_catalogue().safety_common:
            print(f"  - {note}")
    return EXIT_OK


def _cmd_sample(args: argparse.Namespace) -> int:
    from psoaskit.simulation.sample import SAMPLE_START, write_sample

    _check_simulation_args(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out must be a folder: {out}")
    if not out.parent.is_dir():
        raise UsageError(f"output folder's parent does not exist: {out.parent}")
    last_day = SAMPLE_START + dt.timedelta(weeks=args.weeks, days=1)  # days shifted by up to 1
    if last_day > dt.date.today():
        raise UsageError(
            f"a {args.weeks}-week sample from {SAMPLE_START} runs past today ({last_day}); its "
            "dates would be rejected as in the future: use fewer --weeks")
    written = write_sample(out, athletes=args.athletes, weeks=args.weeks, seed=args.seed)
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _add_simulation_options(p: argparse.ArgumentParser, weeks: int | None, athletes: int) -> None:
    p.add_argument("--weeks", type=int, default=weeks, help="length [week]")
    p.add_argument("--athletes", type=int, default=athletes, help="simulated athletes")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same output)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help="simulate a programme over many athletes; writes a log in the canonical schema",
    )
    p.add_argument("--programme", required=True, help="programme id (see `psoaskit programmes`)")
    p.add_argument("--out", required=True, help="log file to write (.csv or .parquet)")
    _add_simulation_options(p, None, 100)
    p.add_argument("--sessions-per-week", type=int, help="planned frequency [1/week], 1-7")
    p.add_argument("--adherence", type=float, default=0.8, help="mean share of sessions done")
    p.add_argument("--start", type=date_arg, default=dt.date(2024, 1, 1), help="first day")
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
