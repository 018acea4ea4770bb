"""Log analysis for coaches: dose, adherence, asymmetry, pain, progression and load.

Input is any canonical log (:mod:`psoaskit.logs`): real, imported or simulated. One call,
:func:`analyse_log`, computes every table for a whole squad in one vectorised pass (no Python
loop per athlete); :meth:`LogAnalysis.athlete` narrows the result to one athlete without
recomputing. The pieces live in modules of their own:

- :mod:`psoaskit.analysis.sessions`: rows -> sessions -> session x exercise x side blocks, with the
  definitions of session, week, time under tension and volume load;
- :mod:`psoaskit.analysis.adherence`: sessions per week and doses against the assigned programme;
- :mod:`psoaskit.analysis.asymmetry`: left/right asymmetry index;
- :mod:`psoaskit.analysis.progression`: weekly bests, ladder level and trends;
- :mod:`psoaskit.analysis.training_load`: session-RPE, ACWR (three labelled variants, with their
  published
  criticism), monotony and strain;
- :mod:`psoaskit.analysis.weekly`: the weekly table;
- :mod:`psoaskit.analysis.status`: flags with reasons and the one-row-per-athlete squad summary;
- :mod:`psoaskit.analysis.thresholds`: every threshold and choice, with its source.

Load (``AnalysisConfig.load_measure``, default ``"auto"``): Foster's session-RPE, the logged
session RPE x session duration [AU], for athletes who log them; for the others a proxy from the
sets, set RPE x logged work time (only when every set is timed), which is named as such wherever
it appears and never mixed with Foster's in one athlete's series. The proxy is no substitute:
it leaves out rest and setup time, and rest intervals change session RPE at equal work (Kraft et
al. 2014, J Strength Cond Res 28:540-545). A session without a known load is counted in
``sessions_unknown_load``, and ACWR and monotony are masked where such a session is in their
window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from psoaskit._files import atomic_write, claim_outputs, write_csv
from psoaskit.analysis.adherence import (
    assign_programmes,
    check_dose,
    session_targets,
    validate_assignments,
)
from psoaskit.analysis.asymmetry import asymmetry_table
from psoaskit.analysis.progression import linear_trend, new_bests, progression_table
from psoaskit.analysis.sessions import (
    WEEK,
    check_log,
    days_to_datetime,
    exercise_week_table,
    index_sessions,
    labels_at,
    session_tables,
)
from psoaskit.analysis.status import flag_episodes, flag_table, squad_table, squad_view
from psoaskit.analysis.thresholds import AnalysisConfig
from psoaskit.analysis.training_load import (
    ACWR_VARIANTS,
    daily_load,
    day_number,
    rolling_mean,
    week_number,
    week_start_day,
    with_acwr,
)
from psoaskit.analysis.weekly import athlete_load_measures, session_load, weekly_table
from psoaskit.catalogue.exercises import unknown_id_message
from psoaskit.catalogue.programmes import Programme, read_programmes
from psoaskit.errors import ParameterError, UnknownIdError
from psoaskit.logs.readers import in_threads
from psoaskit.logs.schema import ATHLETE_ID, DATE, EXERCISE_ID, HOLD_S, REPS, SESSION_ID, WORK_S

__all__ = [
    "WEEKDAYS",
    "LogAnalysis",
    "analyse_log",
    "athlete_overview",
    "flags",
    "squad_summary",
    "table_paths",
    "weekly_summary",
    "write_tables",
]


#: Weekday names of the daily table, Monday first (weeks run Monday to Sunday).
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _doses(sides: pd.DataFrame, sessions: pd.DataFrame, programme: pd.Series,
           programmes: Mapping[str, Programme]) -> pd.DataFrame:
    """Logged dose per session and exercise (sets per side, mean reps/hold/work per set)."""
    n_ex = max(len(sides[EXERCISE_ID].cat.categories), 1)
    # the side table is sorted by session, exercise and side: each session x exercise is a run
    key = sides["session"].to_numpy() * n_ex + sides[EXERCISE_ID].cat.codes.to_numpy()
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])[: len(key)]

    def total(column: str) -> np.ndarray:
        return np.add.reduceat(sides[column].to_numpy(), start)

    session, exercise = np.divmod(key[start], n_ex)
    with np.errstate(invalid="ignore", divide="ignore"):
        logged = pd.DataFrame(
            {
                ATHLETE_ID: pd.Categorical.from_codes(
                    sessions[ATHLETE_ID].cat.codes.to_numpy()[session],
                    dtype=sessions[ATHLETE_ID].dtype,
                ),
                DATE: sessions[DATE].to_numpy()[session],
                WEEK: sessions[WEEK].to_numpy()[session],
                SESSION_ID: sessions[SESSION_ID].array.take(session),
                EXERCISE_ID: pd.Categorical.from_codes(exercise, dtype=sides[EXERCISE_ID].dtype),
                "sets": np.maximum.reduceat(sides["sets"].to_numpy(), start).astype(float),
                REPS: total(REPS) / total("reps_n"),
                HOLD_S: total(HOLD_S) / total("hold_n"),
                WORK_S: total(WORK_S) / total("work_n"),
            },
            copy=False,  # fresh arrays: no consolidating copy
        )
    return check_dose(logged, programme, programmes)


@dataclass(frozen=True)
class LogAnalysis:
    """Every table of a log analysis, for a squad or (after :meth:`athlete`) one athlete.

    Attributes
    ----------
    config : AnalysisConfig
        The thresholds and choices used.
    as_of : pandas.Timestamp
        The analysis date: the last logged day unless given.
    programmes : pandas.Series
        Programme id by athlete (``<NA>`` where none was assigned).
    targets : pandas.DataFrame
        Weekly session target by athlete: ``sessions_target_min``/``max`` [1/week] and
        ``target_source`` (assignment, programme, not stated, no programme).
    sessions : DataFrame
        One row per session: sets, reps, ``tut_s`` [s], ``volume_load_kg`` [kg],
        ``rpe_mean`` [CR-10], ``pain_max``/``pain_mean`` [NRS], ``level_max``,
        ``work_min`` (logged work time when every set is timed) [min], the session-level fields,
        ``srpe_au`` (Foster's) and ``set_rpe_work_au`` (the proxy) [AU].
    weekly : DataFrame
        One row per athlete and week (see :func:`weekly_summary`).
    daily : DataFrame
        One row per athlete and calendar day (rest days included): ``week_start``,
        ``weekday`` (:data:`WEEKDAYS`), ``sessions``, ``load``
        [AU or the measure's unit], its rolling and EWMA averages and the three labelled
        ACWR variants, ``sessions_unknown_load``.
    doses : DataFrame
        Logged dose per session and exercise against the prescription
        (:func:`psoaskit.analysis.adherence.check_dose`).
    asymmetry : DataFrame
        Per athlete, week and exercise done on both sides: ``metric``, ``left``, ``right``,
        ``asymmetry_pct`` [%], ``larger_side``.
    progression : DataFrame
        Long table: athlete, week, exercise, ``metric`` (``hold_s`` [s], ``work_s`` [s],
        ``load_kg`` [kg] as weekly bests; ``level`` under exercise
        ``psoaskit.analysis.progression.LADDER``), ``value``.
    trends : DataFrame
        Per athlete, exercise and metric: ``n`` weeks, ``first``, ``last``, ``slope``
        [metric unit per week].
    flags : DataFrame
        One row per flag: athlete, week, ``flag`` (``psoaskit.analysis.status.FLAG_KINDS``),
        ``value``,
        ``threshold`` and a plain-language ``reason``.
    flag_episodes : DataFrame
        The flags as a coach reads them: a run of consecutive weeks of one kind is one row with
        its date range, and runs that ended before the recent weeks are marked history
        (``psoaskit.analysis.status.flag_episodes``).
    squad : DataFrame
        One row per athlete (see :func:`squad_summary`).
    """

    config: AnalysisConfig
    as_of: pd.Timestamp
    programmes: pd.Series
    targets: pd.DataFrame
    sessions: pd.DataFrame
    weekly: pd.DataFrame
    daily: pd.DataFrame
    doses: pd.DataFrame
    asymmetry: pd.DataFrame
    progression: pd.DataFrame
    trends: pd.DataFrame
    flags: pd.DataFrame
    flag_episodes: pd.DataFrame
    squad: pd.DataFrame

    #: Names of the tables, in the order :meth:`tables` returns them.
    TABLES: ClassVar[tuple[str, ...]] = (
        "squad", "weekly", "flags", "flag_episodes", "sessions", "daily", "doses", "asymmetry",
        "progression", "trends",
    )

    @property
    def athletes(self) -> list[str]:
        """Athlete ids present in the analysis, sorted."""
        return sorted(self.squad[ATHLETE_ID].astype(str))

    def squad_view(self) -> pd.DataFrame:
        """The squad summary for a coach: rounded, readable headers, athlete as the index.

        See :func:`psoaskit.analysis.status.squad_view`.

        Examples
        --------
        >>> log = pd.DataFrame({"athlete_id": ["A"], "date": pd.to_datetime(["2024-01-03"]),
        ...                     "exercise_id": ["psoas_march"], "work_s": [60.0]})
        >>> view = analyse_log(log).squad_view()
        >>> view[["Days since last session", "Target /week"]].to_dict("records")
        [{'Days since last session': 0, 'Target /week': 'no programme'}]
        """
        return squad_view(self.squad)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name."""
        return {name: getattr(self, name) for name in self.TABLES}

    def athlete(self, athlete_id: str) -> LogAnalysis:
        """The same analysis narrowed to one athlete (no recomputation).

        Raises
        ------
        KeyError
            If the athlete is not in the log (with close matches).
        """
        if athlete_id not in self.athletes:
            raise UnknownIdError(unknown_id_message("athlete", athlete_id, self.athletes))
        narrowed = {
            name: table[table[ATHLETE_ID] == athlete_id].reset_index(drop=True)
            for name, table in self.tables().items()
        }
        return replace(
            self,
            programmes=self.programmes[[athlete_id]],
            targets=self.targets.loc[[athlete_id]],
            **narrowed,
        )


def analyse_log(
    log: pd.DataFrame,
    programme: str | None = None,
    assignments: pd.DataFrame | None = None,
    config: AnalysisConfig | None = None,
    as_of: str | pd.Timestamp | None = None,
    programmes: Mapping[str, Programme] | None = None,
) -> LogAnalysis:
    """Analyse a canonical log for a whole squad in one vectorised pass.

    Parameters
    ----------
    log : DataFrame
        A canonical log (``psoaskit.logs.read_log``); it is not modified.
    programme : str, optional
        One programme id assigned to every athlete.
    assignments : DataFrame, optional
        ``athlete_id``, ``programme_id`` and optionally ``sessions_per_week`` per athlete
        (``psoaskit.analysis.adherence.read_assignments``). Without either, adherence columns say
        ``"no programme"``.
    config : AnalysisConfig, optional
        Thresholds and choices (defaults documented on the class).
    as_of : date, optional
        Analyse as on this day: later rows are ignored. Default: the last day of the whole log.
        Every athlete's days and weeks run up to it, so all are read on the same day.
    programmes : mapping, optional
        Programmes by id (default: the packaged ones).

    Returns
    -------
    LogAnalysis
        All tables; see the class for their columns.

    Raises
    ------
    ValueError
        If the log lacks required columns, has rows without athlete or date, or has no rows
        on or before ``as_of``.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "athlete_id": ["A"] * 4, "session_id": ["s1", "s1", "s2", "s2"],
    ...     "date": pd.to_datetime(["2024-01-01"] * 2 + ["2024-01-03"] * 2),
    ...     "exercise_id": ["standing_slumpy_psoas"] * 4, "side": ["L", "R", "L", "R"],
    ...     "reps": [5, 5, 6, 4], "hold_s": [6.0] * 4, "rpe": [5.0] * 4, "pain": [1.0] * 4})
    >>> result = analyse_log(log, programme="precision_movement_routine", as_of="2024-01-07")
    >>> result.weekly[["sessions", "sets", "tut_s", "frequency_status"]].values.tolist()
    [[2, 4, 120.0, 'within']]
    >>> result.asymmetry[["metric", "left", "right"]].values.tolist()  # 5x6+6x6, 5x6+4x6
    [['tut_s', 66.0, 54.0]]
    >>> round(float(result.asymmetry["asymmetry_pct"].iloc[0]), 1)  # 100 x (54 - 66) / 66
    -18.2
    """
    config = AnalysisConfig() if config is None else config
    programmes = read_programmes() if programmes is None else programmes
    check_log(log)
    if as_of is not None:
        as_of = pd.Timestamp(as_of)
        log = log[pd.to_datetime(log[DATE]) < as_of.normalize() + pd.Timedelta(days=1)]
    if len(log) == 0:
        when = " on or before as_of" if as_of is not None else ""
        raise ParameterError(f"the log has no rows to analyse{when}")
    index = index_sessions(log)
    sessions, sides = session_tables(log, index)
    as_of_day = pd.Timestamp(as_of) if as_of is not None else sessions[DATE].max()
    present = np.unique(sessions[ATHLETE_ID].cat.codes.to_numpy())
    athletes = sessions[ATHLETE_ID].cat.categories[present].astype(str)
    if assignments is not None:
        assignments = validate_assignments(assignments, programmes)
    programme_of = assign_programmes(athletes, programme, assignments, programmes)
    targets = session_targets(programme_of, assignments, programmes)

    def side_branch() -> tuple[pd.DataFrame, ...]:
        weeks = exercise_week_table(sides)
        progression = progression_table(weeks, sessions)
        trends = linear_trend(progression, [ATHLETE_ID, EXERCISE_ID, "metric"], WEEK, "value")
        return (asymmetry_table(weeks), progression, trends, new_bests(progression, weeks))

    # independent steps side by side on threads (numpy, pyarrow and the compiled loops of
    # psoaskit.analysis.grouped release the GIL), each only reading the tables it is given: the
    # longest first, the two shorter ones after each other on the other thread. One analysis
    # day for the whole squad: every athlete's calendar runs to it.
    (asymmetry, progression, trends, bests), daily, doses = in_threads([
        side_branch,
        lambda: _daily(sessions, config, as_of_day),
        lambda: _doses(sides, sessions, programme_of, programmes),
    ])
    weekly = weekly_table(sessions, daily, doses, programme_of, targets, as_of_day, config)
    steps = {name: p.progression for name, p in programmes.items()}
    flags_table = flag_table(weekly, asymmetry, sessions, config, as_of_day, bests, steps)
    episodes = flag_episodes(flags_table, as_of_day, config.recent_weeks)
    squad = squad_table(weekly, sessions, doses, asymmetry, episodes, config, as_of_day)
    return LogAnalysis(
        config=config, as_of=as_of_day, programmes=programme_of, targets=targets,
        sessions=sessions,
        weekly=weekly, daily=daily, doses=doses, asymmetry=asymmetry, progression=progression,
        trends=trends, flags=flags_table, flag_episodes=episodes, squad=squad,
    )


def _daily(
    sessions: pd.DataFrame, config: AnalysisConfig, until: pd.Timestamp | None
) -> pd.DataFrame:
    """Daily load with the ACWR variants, masked where a session in the window has no load."""
    load = session_load(sessions, config.load_measure)
    calendar = daily_load(sessions[ATHLETE_ID], sessions[DATE], {
        "load": load, "unknown": np.isnan(load), "done": np.ones(len(sessions))}, until=until)
    unknown_n, done_n = calendar.pop("unknown").to_numpy(), calendar.pop("done").to_numpy()
    daily = with_acwr(calendar, config.acute_days, config.chronic_days)
    days = day_number(daily[DATE].to_numpy())
    daily.insert(2, WEEK, days_to_datetime(week_start_day(week_number(days))))
    daily.insert(3, "weekday", pd.Categorical.from_codes((days + 3) % 7, categories=WEEKDAYS))
    daily.insert(4, "sessions", done_n.astype(np.int64))
    daily["sessions_unknown_load"] = unknown_n.astype(np.int64)
    groups = daily[ATHLETE_ID].cat.codes.to_numpy()
    # any unknown load in the chronic window (full windows only; earlier days are NaN anyway)
    gaps = rolling_mean(unknown_n, groups, config.chronic_days) > 0
    for variant in ACWR_VARIANTS:
        daily.loc[gaps, f"acwr_{variant}"] = np.nan
    measures = athlete_load_measures(sessions, config.load_measure)
    names, by_athlete = np.unique(measures.astype(str), return_inverse=True)
    daily.insert(2, "load_measure", labels_at(by_athlete[daily[ATHLETE_ID].cat.codes.to_numpy()],
                                              names))
    return daily


def weekly_summary(log: pd.DataFrame, **options: object) -> pd.DataFrame:
    """One row per athlete and week: dose, adherence, pain, level and load.

    Columns: ``sessions``, ``sets``, ``reps``, ``tut_s`` [s], ``volume_load_kg`` [kg],
    ``rpe_mean`` [CR-10], ``pain_max``/``pain_mean`` [NRS], ``pain_zone``, ``pain_change``
    [NRS], ``pain_next_morning_max`` [NRS], ``level_max``, the frequency target and
    ``frequency_status``, ``sessions_missed``, ``dose_checks``/``dose_within_pct`` [%],
    ``load`` (weekly total of ``load_measure``),
    ``acwr_rolling_coupled``/``acwr_rolling_uncoupled``/``acwr_ewma`` from the weekly loads,
    ``monotony`` and ``strain`` (complete weeks only). Options as for :func:`analyse_log`;
    call that once when you need several tables.

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A"], "date": pd.to_datetime(["2024-01-03"]),
    ...                     "exercise_id": ["psoas_march"], "work_s": [60.0]})
    >>> weekly_summary(log)[["week_start", "sessions", "tut_s"]].values.tolist()
    [[Timestamp('2024-01-01 00:00:00'), 1, 60.0]]
    """
    return analyse_log(log, **options).weekly  # type: ignore[arg-type]


def flags(log: pd.DataFrame, **options: object) -> pd.DataFrame:
    """The flags table: one row per flag with athlete, week, kind, value, threshold, reason.

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A"], "date": pd.to_datetime(["2024-01-03"]),
    ...                     "exercise_id": ["psoas_march"], "work_s": [60.0], "pain": [7.0]})
    >>> flags(log)["flag"].tolist()
    ['pain_high']
    """
    return analyse_log(log, **options).flags  # type: ignore[arg-type]


def squad_summary(log: pd.DataFrame, **options: object) -> pd.DataFrame:
    """One row per athlete: latest status, adherence, pain, asymmetry, load and recent flags.

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A", "B"], "date": pd.to_datetime(["2024-01-03"] * 2),
    ...                     "exercise_id": ["psoas_march"] * 2, "work_s": [60.0, 30.0]})
    >>> squad_summary(log)[["athlete_id", "sessions", "sessions_target"]].values.tolist()
    [['A', 1, 'no programme'], ['B', 1, 'no programme']]
    """
    return analyse_log(log, **options).squad  # type: ignore[arg-type]


def athlete_overview(log: pd.DataFrame, athlete_id: str, **options: object) -> LogAnalysis:
    """Every table for one athlete (only that athlete's rows are analysed).

    ``as_of`` defaults to the whole log's last day, so an athlete who stopped logging shows
    as inactive exactly as in the squad view.

    Examples
    --------
    >>> log = pd.DataFrame({"athlete_id": ["A", "B"], "date": pd.to_datetime(["2024-01-03"] * 2),
    ...                     "exercise_id": ["psoas_march"] * 2, "work_s": [60.0, 30.0]})
    >>> athlete_overview(log, "B").weekly["tut_s"].tolist()
    [30.0]
    """
    check_log(log)
    mine = log[log[ATHLETE_ID].astype(str) == athlete_id]
    if mine.empty:
        known = sorted(set(log[ATHLETE_ID].astype(str)))
        raise UnknownIdError(unknown_id_message("athlete", athlete_id, known))
    if "as_of" not in options or options["as_of"] is None:
        options["as_of"] = pd.to_datetime(log[DATE]).max()
    return analyse_log(mine, **options)  # type: ignore[arg-type]


def table_paths(
    out_dir: str | Path, names: tuple[str, ...] = ("weekly", "squad", "flags")
) -> list[Path]:
    """The files :func:`write_tables` writes: ``<name>.csv`` and ``<name>.parquet`` per table.

    Examples
    --------
    >>> [p.name for p in table_paths("out", ("squad",))]
    ['squad.csv', 'squad.parquet']
    """
    return [Path(out_dir) / f"{name}.{kind}" for name in names for kind in ("csv", "parquet")]


def write_tables(
    analysis: LogAnalysis,
    out_dir: str | Path,
    names: tuple[str, ...] = ("weekly", "squad", "flags"),
    extra: Mapping[str, pd.DataFrame] | None = None,
) -> list[Path]:
    """Write tables as CSV and Parquet into ``out_dir``, each file atomically.

    ``names`` are tables of the analysis; ``extra`` adds tables computed beside it (such as
    :func:`psoaskit.analysis.next_week.next_week_table`), written the same way.

    CSV text cells that a spreadsheet would run as a formula get a leading ``'``
    (:func:`psoaskit._files.write_csv`); the Parquet files keep the text exactly.

    Returns
    -------
    list of Path
        The files written (``<name>.csv`` and ``<name>.parquet`` per table).

    Examples
    --------
    >>> import tempfile
    >>> log = pd.DataFrame({"athlete_id": ["A"], "date": pd.to_datetime(["2024-01-03"]),
    ...                     "exercise_id": ["psoas_march"], "work_s": [60.0]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_tables(analyse_log(log), folder, ("squad",))]
    ['squad.csv', 'squad.parquet']
    """
    out = Path(out_dir)
    tables = {name: getattr(analysis, name) for name in names} | dict(extra or {})
    claim_outputs(*table_paths(out, tuple(tables)))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        written.append(write_csv(out / f"{name}.csv", table, date_format="%Y-%m-%d"))
        written.append(atomic_write(out / f"{name}.parquet", lambda tmp, t=table: t.to_parquet(
            tmp, index=False)))
    return written
