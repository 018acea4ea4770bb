"""One programme simulated over many athletes, its tables, and programmes compared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from psoaskit._files import claim_outputs, write_csv
from psoaskit.catalogue.programmes import Programme, get_programme, read_programmes
from psoaskit.errors import ParameterError
from psoaskit.logs.api import write_log
from psoaskit.logs.schema import ATHLETE_ID
from psoaskit.simulation.config import DEFAULT_START, SimulationConfig
from psoaskit.simulation.draws import Draws, draw_randomness, session_days
from psoaskit.simulation.ladder import Ladder, build_ladder
from psoaskit.simulation.model import ModelRun, run_model
from psoaskit.simulation.synthetic_log import athlete_ids, log_from_run

__all__ = [
    "Simulation",
    "adherence_comparison",
    "compare_programmes",
    "default_sessions_per_week",
    "default_weeks",
    "simulate",
    "with_pain_rule",
    "write_simulation",
]


# --- one simulation, its tables, and comparing programmes --------------------------------------


def default_sessions_per_week(programme: Programme) -> int:
    """The source's highest weekly frequency, or 3 where the source states none (our choice).

    Examples
    --------
    >>> default_sessions_per_week(get_programme("precision_movement_routine"))
    3
    """
    return 3 if programme.sessions_per_week is None else int(programme.sessions_per_week.max)


def default_weeks(programme: Programme) -> int:
    """The source's longest programme length, or 8 weeks where it states none (our choice).

    Examples
    --------
    >>> default_weeks(get_programme("psoas_level_ladder"))
    8
    """
    return 8 if programme.weeks is None else int(programme.weeks.max)


@dataclass(frozen=True)
class Simulation:
    """One programme simulated over many athletes: inputs, ladder, draws and model state.

    Attributes
    ----------
    programme : Programme
        The programme simulated.
    ladder : Ladder
        Its stages.
    draws : Draws
        The random numbers consumed.
    run : ModelRun
        The model's state per session and week.
    config : SimulationConfig
        The parameters used.
    start : datetime.date
        First day [date].
    ids : tuple of str
        Athlete ids.
    day_shift : numpy.ndarray or None
        Per-athlete shift of the training days in the log [day].
    """

    programme: Programme
    ladder: Ladder
    draws: Draws
    run: ModelRun
    config: SimulationConfig
    start: dt.date
    ids: tuple[str, ...]
    day_shift: np.ndarray | None = None

    @property
    def weeks(self) -> int:
        """Length [week]."""
        return self.run.weeks

    @property
    def sessions_per_week(self) -> int:
        """Planned frequency [1/week]."""
        return self.run.sessions_per_week

    def to_log(self) -> pd.DataFrame:
        """The sessions done, in the canonical log schema (see :func:`log_from_run`).

        Examples
        --------
        >>> log = simulate("psoas_march_drill", athletes=2, weeks=1, adherence=1.0).to_log()
        >>> len(log), sorted(log["session_id"].unique())[:2]  # 2 x 3 sessions x 3 sets
        (18, ['001-2024-01-01', '001-2024-01-03'])
        """
        return log_from_run(
            self.ladder,
            self.run,
            self.draws,
            start=self.start,
            ids=list(self.ids),
            day_shift=self.day_shift,
            config=self.config,
        )

    def _reached(self) -> np.ndarray:
        """Highest stage reached by the end of each week, shape (athletes, weeks)."""
        return np.maximum.accumulate(self.run.week_stage, axis=1)

    def weekly(self) -> pd.DataFrame:
        """One row per athlete and week: capacity, stage, level, sessions, load.

        Columns: ``athlete_id``, ``week`` (1-based), ``capacity`` at the week's end [N m],
        ``stage`` after the review (1-based), ``level`` (catalogue level or NA), ``decision``
        (-1/0/+1), ``sessions_done``, ``stimulus_s`` the week's hip-flexor stimulus (time under
        tension per leg weighted by relative demand) [s], ``tut_min`` [min].

        Examples
        --------
        >>> weekly = simulate("psoas_level_ladder", athletes=3, weeks=2, seed=0).weekly()
        >>> weekly[["athlete_id", "week"]].values.tolist()[:3]
        [['001', 1], ['001', 2], ['002', 1]]
        """
        run, n = self.run, self.draws.n_athletes
        per_week = (n, run.weeks, run.sessions_per_week)
        tut = np.where(run.done, self.ladder.tut_min[run.stage], 0.0)
        levels = self.ladder.levels[run.week_stage]
        return pd.DataFrame(
            {
                ATHLETE_ID: np.repeat(np.asarray(self.ids, dtype=object), run.weeks),
                "week": np.tile(np.arange(1, run.weeks + 1), n),
                "capacity": run.week_capacity.ravel(),
                "stage": run.week_stage.ravel().astype(np.int64) + 1,
                "level": pd.array(levels.ravel(), dtype="Float64").astype("Int64"),
                "decision": run.week_decision.ravel().astype(np.int64),
                "sessions_done": run.week_done.ravel().astype(np.int64),
                "stimulus_s": run.load.reshape(per_week).sum(axis=2).ravel(),
                "tut_min": tut.reshape(per_week).sum(axis=2).ravel(),
            }
        )

    def summary(self) -> pd.DataFrame:
        """One row per athlete: sessions, capacity and its weekly trajectory, stage and level.

        Columns: ``athlete_id``, ``programme``, ``sessions_planned``, ``sessions_done``,
        ``adherence`` (share done) and ``adherence_p`` (the athlete's probability) [-];
        ``capacity_start``, ``capacity_end`` (maximal isometric hip-flexion moment, mean of
        both legs) [N m], ``capacity_change_pct`` [%];
        ``stage_end``, ``stage_max`` (1-based), ``n_stages``, ``top_reached``;
        ``level_end``, ``level_max`` (catalogue level, NA off the 1-5 ladder);
        ``step_backs``, ``flare_ups``; ``asymmetry_pct`` (left minus right capacity, % of
        the mean); then ``capacity_w1``, ``capacity_w2``... at the end of each week.

        Examples
        --------
        >>> s = simulate("psoas_level_ladder", athletes=5, weeks=4, seed=2).summary()
        >>> s.columns[:4].tolist(), s.columns[-1]
        (['athlete_id', 'programme', 'sessions_planned', 'sessions_done'], 'capacity_w4')
        """
        run, ladder = self.run, self.ladder
        planned = run.done.shape[1]
        done = run.done.sum(axis=1)
        reached = self._reached()[:, -1]
        end = run.week_capacity[:, -1]
        return pd.DataFrame(
            {
                ATHLETE_ID: list(self.ids),
                "programme": self.programme.id,
                "sessions_planned": planned,
                "sessions_done": done,
                "adherence": done / planned,
                "adherence_p": self.draws.adherence,
                "capacity_start": self.draws.capacity0,
                "capacity_end": end,
                "capacity_change_pct": 100.0 * (end / self.draws.capacity0 - 1.0),
                "stage_end": run.week_stage[:, -1].astype(np.int64) + 1,
                "stage_max": reached.astype(np.int64) + 1,
                "n_stages": ladder.n_stages,
                "top_reached": reached == ladder.n_stages - 1,
                "level_end": pd.array(ladder.levels[run.week_stage[:, -1]]).astype("Int64"),
                "level_max": pd.array(ladder.levels[reached]).astype("Int64"),
                "step_backs": (run.week_decision < 0).sum(axis=1),
                "flare_ups": run.flare.sum(axis=1),
                "asymmetry_pct": 200.0 * self.draws.half_asymmetry,
                **{f"capacity_w{k + 1}": run.week_capacity[:, k] for k in range(run.weeks)},
            }
        )

    def weekly_stats(self) -> pd.DataFrame:
        """Across athletes, per week (0 = start): capacity percentiles, shares, weekly dose.

        Columns: ``week``; ``capacity_p10``, ``capacity_median``, ``capacity_p90``
        [N m]; ``share_top`` (reached the ladder's last stage) and ``share_level5``
        (reached catalogue level 5; NaN for ladders without levels) [-];
        ``sessions_mean`` [1/week]; ``sets_median`` logged sets [1/week];
        ``tut_median`` time under tension [min/week]; ``stimulus_median`` [s/week].

        Examples
        --------
        >>> st = simulate("foundational_to_advanced", athletes=40, weeks=6, seed=0).weekly_stats()
        >>> st["week"].tolist() == list(range(7)), bool(st["capacity_median"].iloc[-1] > 130)
        (True, True)
        """
        run, ladder = self.run, self.ladder
        weekly = self.weekly()
        capacity = np.column_stack([self.draws.capacity0, run.week_capacity])
        p10, p50, p90 = np.quantile(capacity, [0.1, 0.5, 0.9], axis=0)
        reached = np.column_stack([np.zeros(len(capacity), np.int16), self._reached()])
        has_levels = bool(np.isfinite(ladder.levels).any())
        level_max = np.where(np.isfinite(ladder.levels), ladder.levels, 0.0)[reached]
        sets = np.where(run.done, ladder.sets_per_session[run.stage], 0)
        sets = sets.reshape(len(capacity), run.weeks, run.sessions_per_week).sum(axis=2)
        grouped = weekly.groupby("week")

        def with_start(values: np.ndarray | pd.Series) -> np.ndarray:
            return np.concatenate([[0.0], np.asarray(values, dtype=float)])

        return pd.DataFrame(
            {
                "week": np.arange(run.weeks + 1),
                "capacity_p10": p10,
                "capacity_median": p50,
                "capacity_p90": p90,
                "share_top": (reached == ladder.n_stages - 1).mean(axis=0),
                "share_level5": (level_max >= 5).mean(axis=0) if has_levels else np.nan,
                "sessions_mean": with_start(grouped["sessions_done"].mean()),
                "sets_median": with_start(np.median(sets, axis=0)),
                "tut_median": with_start(grouped["tut_min"].median()),
                "stimulus_median": with_start(grouped["stimulus_s"].median()),
            }
        )

    def stage_shares(self) -> pd.DataFrame:
        """Share of athletes at each stage of the ladder, per week (0 = start).

        Columns: ``week``, ``stage`` (1-based), ``label``, ``level`` (catalogue level or NA),
        ``share`` [-]; the shares of a week add up to 1.

        Examples
        --------
        >>> shares = simulate("psoas_level_ladder", athletes=30, weeks=3, seed=0).stage_shares()
        >>> bool(abs(shares.groupby("week")["share"].sum() - 1).max() < 1e-12)
        True
        """
        n, ladder = self.draws.n_athletes, self.ladder
        stages = np.column_stack([np.zeros(n, np.int64), self.run.week_stage.astype(np.int64)])
        counts = np.stack([np.bincount(col, minlength=ladder.n_stages) for col in stages.T])
        weeks, stage = np.meshgrid(
            np.arange(counts.shape[0]), np.arange(ladder.n_stages), indexing="ij"
        )
        return pd.DataFrame(
            {
                "week": weeks.ravel(),
                "stage": stage.ravel() + 1,
                "label": [ladder.stages[k].label for k in stage.ravel()],
                "level": pd.array(ladder.levels[stage.ravel()]).astype("Int64"),
                "share": counts.ravel() / n,
            }
        )


def simulate(
    programme: Programme | str,
    *,
    weeks: int | None = None,
    athletes: int = 100,
    sessions_per_week: int | None = None,
    adherence: float | np.ndarray = 0.8,
    seed: int | np.random.SeedSequence = 0,
    start: dt.date = DEFAULT_START,
    config: SimulationConfig | None = None,
    ids: list[str] | None = None,
    day_shift: np.ndarray | None = None,
) -> Simulation:
    """Simulate a programme of the sources over many athletes.

    Parameters
    ----------
    programme : Programme or str
        The programme or its id.
    weeks : int, optional
        Length [week]; the source's length, or 8 weeks, by default.
    athletes : int
        Number of simulated athletes [-].
    sessions_per_week : int, optional
        Planned frequency [1/week], 1-7; the source's highest, or 3, by default.
    adherence : float or numpy.ndarray
        Mean probability of doing a planned session [-], for all or per athlete.
    seed : int or numpy.random.SeedSequence
        Random seed: the same seed gives the same result.
    start : datetime.date
        First day [date].
    config : SimulationConfig, optional
        Model parameters.
    ids : list of str, optional
        Athlete ids (``'001'``... by default).
    day_shift : numpy.ndarray of int, optional
        Per-athlete shift of the training days in the log [day].

    Returns
    -------
    Simulation

    Examples
    --------
    >>> sim = simulate("precision_movement_routine", athletes=20, seed=1)
    >>> sim.weeks, sim.sessions_per_week, len(sim.summary())
    (8, 3, 20)
    """
    config = config or SimulationConfig()
    prog = get_programme(programme) if isinstance(programme, str) else programme
    weeks = default_weeks(prog) if weeks is None else int(weeks)
    per_week = default_sessions_per_week(prog) if sessions_per_week is None else sessions_per_week
    session_days(per_week)
    if weeks < 1:
        raise ParameterError(f"weeks must be at least 1, got {weeks}")
    ids = athlete_ids(athletes) if ids is None else list(ids)
    if len(ids) != athletes or len(set(ids)) != athletes:
        raise ParameterError("ids must be one unique id per athlete")
    ladder = build_ladder(prog, config.ladder)
    draws = draw_randomness(athletes, weeks * per_week, adherence, seed, config)
    run = run_model(ladder, draws, per_week, weeks, config)
    return Simulation(prog, ladder, draws, run, config, start, tuple(ids), day_shift)


def compare_programmes(
    programmes: list[str] | None = None,
    *,
    weeks: int = 8,
    athletes: int = 200,
    sessions_per_week: int | None = None,
    adherence: float = 0.8,
    seed: int = 0,
    config: SimulationConfig | None = None,
) -> pd.DataFrame:
    """Simulate several programmes on the same athletes and stack their weekly statistics.

    The same seed gives every programme the same simulated athletes (common random numbers)
    when the weekly frequency is the same.

    Parameters
    ----------
    programmes : list of str, optional
        Programme ids; every programme of the sources by default.
    weeks : int
        Length [week].
    athletes : int
        Athletes per programme [-].
    sessions_per_week : int, optional
        Frequency [1/week] for all; each source's own default when omitted.
    adherence : float
        Mean probability of doing a planned session [-].
    seed : int
        Random seed.
    config : SimulationConfig, optional
        Model parameters.

    Returns
    -------
    pandas.DataFrame
        :meth:`Simulation.weekly_stats` per programme, with ``programme`` (id) and ``name``.

    Examples
    --------
    >>> table = compare_programmes(weeks=4, athletes=30)
    >>> sorted(table["programme"].unique())[:2]
    ['foundational_to_advanced', 'precision_movement_routine']
    """
    ids = programmes if programmes is not None else list(read_programmes())
    frames = []
    for programme_id in ids:
        sim = simulate(
            programme_id,
            weeks=weeks,
            athletes=athletes,
            sessions_per_week=sessions_per_week,
            adherence=adherence,
            seed=seed,
            config=config,
        )
        stats = sim.weekly_stats()
        stats.insert(0, "name", sim.programme.name)
        stats.insert(0, "programme", programme_id)
        frames.append(stats)
    return pd.concat(frames, ignore_index=True)


def with_pain_rule(config: SimulationConfig, **thresholds: float) -> SimulationConfig:
    """A copy of ``config`` with some pain-rule thresholds changed.

    Examples
    --------
    >>> with_pain_rule(SimulationConfig(), during_max=3).pain_rule.during_max
    3
    """
    return replace(config, pain_rule=replace(config.pain_rule, **thresholds))


def write_simulation(
    simulation: Simulation,
    log_path: str | Path,
    summary_path: str | Path | None = None,
    *,
    log: pd.DataFrame | None = None,
) -> list[Path]:
    """Write a simulation's log (CSV or Parquet) and per-athlete summary (CSV), atomically.

    The same simulation always gives the same bytes.

    Parameters
    ----------
    simulation : Simulation
        The simulation to write.
    log_path : str or Path
        Log file; ``.parquet``/``.pq`` for Parquet, CSV otherwise.
    summary_path : str or Path, optional
        Summary CSV; not written when omitted.
    log : pandas.DataFrame, optional
        The log if already built (saves building it twice).

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> sim = simulate("psoas_level_ladder", athletes=3, weeks=2, seed=0)
    >>> [p.name for p in write_simulation(sim, folder / "log.csv", folder / "summary.csv")]
    ['log.csv', 'summary.csv']
    """
    claim_outputs(log_path, *([] if summary_path is None else [summary_path]))
    written = [write_log(simulation.to_log() if log is None else log, log_path)]
    if summary_path is not None:
        summary = simulation.summary()
        written.append(
            write_csv(summary_path, summary, float_format="%.6g")
        )
    return written


def adherence_comparison(
    programme: Programme | str,
    shares: tuple[float, ...] = (0.5, 0.9),
    *,
    weeks: int | None = None,
    athletes: int = 100,
    sessions_per_week: int | None = None,
    seed: int = 0,
    config: SimulationConfig | None = None,
) -> pd.DataFrame:
    """The same simulated athletes at several adherence levels, one display-ready row each.

    Parameters
    ----------
    programme : Programme or str
        The programme or its id.
    shares : tuple of float
        Mean probabilities of doing a planned session [-].
    weeks : int, optional
        Length [week]; the source's length, or 8 weeks, by default.
    athletes : int
        Number of simulated athletes [-].
    sessions_per_week : int, optional
        Planned frequency [1/week]; the source's highest, or 3, by default.
    seed : int
        Random seed: the same seed gives the same athletes at every share.
    config : SimulationConfig, optional
        Model parameters.

    Returns
    -------
    pandas.DataFrame
        ``adherence`` [-], ``sessions done (median)`` [-], ``capacity change % (median)`` [%]
        (rounded to 0.1) and, formatted as percentages, ``reached the top stage`` and
        ``stepped back at least once``.

    Examples
    --------
    >>> table = adherence_comparison("psoas_level_ladder", (0.5, 0.9), athletes=20, weeks=4)
    >>> table["adherence"].tolist()
    [0.5, 0.9]
    >>> bool(table["sessions done (median)"].is_monotonic_increasing)
    True
    """
    rows = []
    for share in shares:
        summary = simulate(
            programme,
            weeks=weeks,
            athletes=athletes,
            sessions_per_week=sessions_per_week,
            adherence=share,
            seed=seed,
            config=config,
        ).summary()
        rows.append(
            {
                "adherence": share,
                "sessions done (median)": summary["sessions_done"].median(),
                "capacity change % (median)": round(summary["capacity_change_pct"].median(), 1),
                "reached the top stage": f"{summary['top_reached'].mean():.0%}",
                "stepped back at least once": f"{(summary['step_backs'] > 0).mean():.0%}",
            }
        )
    return pd.DataFrame(rows)
