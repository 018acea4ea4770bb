"""The weekly table: one row per athlete and Monday-to-Sunday week.

An athlete's weeks run from their first logged week to their last one (or to the analysis date
when one is given), empty weeks included, so that a week without sessions shows as zero
sessions rather than disappearing. Everything is computed from the session table, the daily
load table and the dose checks with ``bincount`` over (athlete, week) cells.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from psoaskit.analysis.adherence import DOSE_STATUSES, FREQUENCY_STATUSES, frequency_status
from psoaskit.analysis.sessions import WEEK, days_to_datetime
from psoaskit.analysis.thresholds import AnalysisConfig
from psoaskit.analysis.training_load import (
    ACWR_VARIANTS,
    day_number,
    week_number,
    week_start_day,
    weekly_acwr,
    weekly_monotony_strain,
)
from psoaskit.errors import ParameterError
from psoaskit.logs.schema import ATHLETE_ID, DATE, EXERCISE_ID, REPS

__all__ = [
    "DOSE_MEASURES",
    "DOSE_STATUS_COLUMNS",
    "athlete_load_measures",
    "dose_checks",
    "dose_measure",
    "exercise_adherence",
    "session_load",
    "weekly_dose",
    "weekly_table",
]

#: Status columns of the dose checks counted in ``dose_checks`` / ``dose_within_pct``.
DOSE_STATUS_COLUMNS = ("sets_status", "reps_status", "hold_s_status", "work_s_status")


def athlete_load_measures(sessions: pd.DataFrame, measure: str) -> np.ndarray:
    """The load measure of each athlete (by category code), resolving ``"auto"``.

    ``"auto"`` gives an athlete Foster's session-RPE (``srpe``) when any of their sessions has
    a session RPE and duration logged, else the set-RPE proxy (``set_rpe_work``): one measure per
    athlete, so the two are never mixed in one athlete's series.

    Examples
    --------
    >>> s = pd.DataFrame({"athlete_id": pd.Categorical(["A", "B"]),
    ...                   "srpe_au": [300.0, np.nan]})
    >>> athlete_load_measures(s, "auto").tolist()
    ['srpe', 'set_rpe_work']
    """
    n = len(sessions[ATHLETE_ID].cat.categories)
    if measure != "auto":
        return np.full(n, measure, dtype=object)
    code = sessions[ATHLETE_ID].cat.codes.to_numpy()
    logged = np.bincount(code, np.isfinite(sessions["srpe_au"].to_numpy(dtype=float)), n) > 0
    return np.where(logged, "srpe", "set_rpe_work").astype(object)


def session_load(sessions: pd.DataFrame, measure: str | np.ndarray) -> np.ndarray:
    """Each session's load in one of ``psoaskit.analysis.thresholds.LOAD_MEASURES``.

    Parameters
    ----------
    sessions : DataFrame
        The session table (``psoaskit.analysis.sessions.session_table``).
    measure : str or ndarray
        A measure for all sessions (``"auto"`` resolved per athlete), or one per session.

    Returns
    -------
    ndarray
        ``srpe`` and ``set_rpe_work`` [AU], ``tut`` [min], ``volume_load`` [kg] or ``sets``
        [-]; NaN where unknown.

    Examples
    --------
    >>> session_load(pd.DataFrame({"tut_s": [90.0]}), "tut")
    array([1.5])
    """
    if not isinstance(measure, str):
        out = np.full(len(sessions), np.nan)
        for name in pd.unique(measure):
            chosen = measure == name
            out[chosen] = session_load(sessions, str(name))[chosen]
        return out
    if measure == "auto":
        by_athlete = athlete_load_measures(sessions, measure)
        code = sessions[ATHLETE_ID].cat.codes.to_numpy()
        out = np.full(len(sessions), np.nan)
        for name in pd.unique(by_athlete):  # one measure per athlete category
            chosen = (by_athlete == name)[code]
            out[chosen] = session_load(sessions, str(name))[chosen]
        return out
    if measure == "srpe":
        return sessions["srpe_au"].to_numpy(dtype=float)
    if measure == "set_rpe_work":
        return sessions["set_rpe_work_au"].to_numpy(dtype=float)
    if measure == "tut":
        return sessions["tut_s"].to_numpy(dtype=float) / 60
    if measure == "volume_load":
        return sessions["volume_load_kg"].to_numpy(dtype=float)
    if measure == "sets":
        return sessions["sets"].to_numpy(dtype=float)
    raise ParameterError(f"unknown load measure {measure!r}")


#: Weekly dose measures in order of preference, with their labels (unit in brackets).
DOSE_MEASURES = {
    "tut_s": "Time under tension [min/week]",
    REPS: "Repetitions [per week]",
    "sets": "Sets [per week]",
}


def dose_measure(weekly: pd.DataFrame) -> str | None:
    """The weekly dose measure that describes this log best, or None when none was logged.

    Each measure of :data:`DOSE_MEASURES` is scored by the number of weeks with sessions in
    which it has a positive value; the measure logged in the most such weeks wins, ties going
    to the earlier one (time under tension, then repetitions, then sets). A programme logged as
    repetitions only therefore gets ``"reps"``, a timed one ``"tut_s"``.

    Parameters
    ----------
    weekly : pandas.DataFrame
        Weekly table(s) with ``sessions`` and the columns of :data:`DOSE_MEASURES`.

    Returns
    -------
    str or None
        A key of :data:`DOSE_MEASURES`; None when no week with sessions has any of them.

    Examples
    --------
    >>> w = pd.DataFrame({"sessions": [3, 3, 0], "sets": [9, 9, 0], "reps": [90.0, 90.0, 0.0],
    ...                   "tut_s": [120.0, np.nan, 0.0]})
    >>> dose_measure(w)  # time under tension known in one of the two trained weeks only
    'reps'
    >>> dose_measure(w.assign(tut_s=[120.0, 60.0, 0.0]))
    'tut_s'
    >>> print(dose_measure(w.assign(sets=0, reps=np.nan, tut_s=np.nan)))
    None
    """
    trained = weekly["sessions"].to_numpy(dtype=float) > 0
    counts = {
        measure: int(((weekly[measure].to_numpy(dtype=float) > 0) & trained).sum())
        for measure in DOSE_MEASURES
        if measure in weekly.columns
    }
    best = max(counts.values(), default=0)
    if best == 0:
        return None
    return next(measure for measure, count in counts.items() if count == best)


def _week_of(table: pd.DataFrame, column: str) -> np.ndarray:
    return week_number(day_number(table[column].to_numpy()))


class _Grid:
    """The (athlete, week) cells of the weekly table and a lookup from any (code, week)."""

    def __init__(self, first: np.ndarray, last: np.ndarray) -> None:
        lengths = np.where(first <= last, last - first + 1, 0)
        offsets = np.r_[0, np.cumsum(lengths)]
        self.code = np.repeat(np.arange(len(lengths)), lengths)
        self.week = (
            np.arange(offsets[-1]) - np.repeat(offsets[:-1], lengths) + np.repeat(first, lengths)
        )
        self.n = int(offsets[-1])
        self._w0 = int(self.week.min()) if self.n else 0
        self._width = int(self.week.max()) - self._w0 + 1 if self.n else 1
        self._where = np.full(len(lengths) * self._width, -1, dtype=np.int64)
        self._where[self.code * self._width + (self.week - self._w0)] = np.arange(self.n)

    def find(self, code: np.ndarray, week: np.ndarray) -> np.ndarray:
        """Cell index of each (athlete code, week); -1 outside the grid."""
        code = np.asarray(code, dtype=np.int64)
        rel = np.asarray(week, dtype=np.int64) - self._w0
        inside = (rel >= 0) & (rel < self._width) & (code >= 0)
        out = np.full(len(code), -1, dtype=np.int64)
        out[inside] = self._where[code[inside] * self._width + rel[inside]]
        return out

    def scatter(self, cells: np.ndarray, values: np.ndarray) -> np.ndarray:
        """A grid column holding ``values`` at ``cells`` (ignoring -1), NaN elsewhere."""
        out = np.full(self.n, np.nan)
        ok = cells >= 0
        out[cells[ok]] = np.asarray(values, dtype=float)[ok]
        return out


def _previous_valid(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The last non-NaN value before each position within its group (NaN if none)."""
    series = pd.Series(values)
    return series.groupby(groups).shift(1).groupby(groups).ffill().to_numpy()


def _athlete_grid(
    sessions: pd.DataFrame, until: pd.Timestamp | None
) -> tuple[_Grid, np.ndarray]:
    n_cat = len(sessions[ATHLETE_ID].cat.categories)
    s_code = sessions[ATHLETE_ID].cat.codes.to_numpy().astype(np.int64)
    s_week = _week_of(sessions, DATE)
    none = np.iinfo(np.int64)
    first = np.full(n_cat, none.max)
    np.minimum.at(first, s_code, s_week)
    if until is not None:
        end = week_number(day_number(np.array([until.to_datetime64()])))[0]
        last = np.where(first < none.max, end, none.min)
    else:
        last = np.full(n_cat, none.min)
        np.maximum.at(last, s_code, s_week)
    grid = _Grid(first, last)
    return grid, grid.find(s_code, s_week)


def weekly_dose(sessions: pd.DataFrame, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """Dose, effort and pain per athlete and week, empty weeks included.

    Parameters
    ----------
    sessions : DataFrame
        ``psoaskit.analysis.sessions.session_table``.
    until : Timestamp, optional
        Run every athlete's weeks to this day's week (default: to their last session).

    Returns
    -------
    DataFrame
        ``athlete_id``, ``week_start``, ``sessions``, ``sets``, ``reps``, ``tut_s`` [s] (NaN
        for a week whose sets carry no time), ``volume_load_kg`` [kg], ``rpe_mean`` [CR-10],
        ``pain_max``, ``pain_mean`` [NRS] (over sets), ``pain_next_morning_max`` [NRS],
        ``level_max``.

    Examples
    --------
    >>> from psoaskit.analysis.sessions import session_table
    >>> log = pd.DataFrame({"athlete_id": ["A", "A"], "exercise_id": ["psoas_march"] * 2,
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-15"]),
    ...                     "work_s": [60.0, 30.0]})
    >>> weekly_dose(session_table(log))[["sessions", "tut_s"]].values.tolist()
    [[1.0, 60.0], [0.0, 0.0], [1.0, 30.0]]
    """
    grid, cell = _athlete_grid(sessions, until)
    n = grid.n

    def column(name: str) -> np.ndarray:
        return sessions[name].to_numpy(dtype=float)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(cell, np.nan_to_num(values), n)

    def largest(values: np.ndarray) -> np.ndarray:
        out = np.full(n, np.nan)
        np.fmax.at(out, cell, values)
        return out

    sessions_n = np.bincount(cell, minlength=n)
    timed = total(column("timed_sets"))
    with np.errstate(invalid="ignore", divide="ignore"):
        rpe_mean = total(column("rpe_mean") * column("rpe_sets")) / total(column("rpe_sets"))
        pain_mean = total(column("pain_mean") * column("pain_sets")) / total(column("pain_sets"))
    return pd.DataFrame(
        {
            ATHLETE_ID: pd.Categorical.from_codes(grid.code, dtype=sessions[ATHLETE_ID].dtype),
            WEEK: days_to_datetime(week_start_day(grid.week)),
            "sessions": sessions_n,
            "sets": total(column("sets")).astype(np.int64),
            REPS: total(column(REPS)),
            "tut_s": np.where((timed > 0) | (sessions_n == 0), total(column("tut_s")), np.nan),
            "volume_load_kg": total(column("volume_load_kg")),
            "rpe_mean": rpe_mean,
            "pain_max": largest(column("pain_max")),
            "pain_mean": pain_mean,
            "pain_next_morning_max": largest(column("pain_next_morning")),
            "level_max": largest(column("level_max")),
        },
        copy=False,  # fresh arrays: no consolidating copy
    )


def dose_checks(doses: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row of a dose table: the checks made (a prescription and a logged value) and those
    within the prescription.

    Examples
    --------
    >>> status = pd.Categorical(["within", None], categories=["below", "within", "above"])
    >>> doses = pd.DataFrame({c: status for c in DOSE_STATUS_COLUMNS})
    >>> [a.tolist() for a in dose_checks(doses)]
    [[4, 0], [4, 0]]
    """
    checked = np.zeros(len(doses), dtype=np.int64)
    within = np.zeros(len(doses), dtype=np.int64)
    for name in DOSE_STATUS_COLUMNS:
        status = pd.Categorical(doses[name], categories=DOSE_STATUSES).codes
        checked += status >= 0
        within += status == DOSE_STATUSES.index("within")
    return checked, within


def weekly_table(
    sessions: pd.DataFrame,
    daily: pd.DataFrame,
    doses: pd.DataFrame,
    programme_of_athlete: pd.Series,
    targets: pd.DataFrame,
    as_of: pd.Timestamp,
    config: AnalysisConfig,
) -> pd.DataFrame:
    """Build the weekly table (column meanings: ``psoaskit.analysis.weekly_summary``).

    Parameters
    ----------
    sessions : DataFrame
        ``psoaskit.analysis.sessions.session_table``.
    daily : DataFrame
        Daily load with ACWR columns and ``sessions_unknown_load``.
    doses : DataFrame
        ``psoaskit.analysis.adherence.check_dose`` output per session and exercise.
    programme_of_athlete : Series
        Programme id by athlete id.
    targets : DataFrame
        Weekly session targets by athlete (``psoaskit.analysis.adherence.session_targets``).
    as_of : Timestamp
        The analysis day: every athlete's weeks run up to it, and weeks ending after it are
        incomplete.
    config : AnalysisConfig
        Pain zones, load measure, monotony cap.
    """
    grid, cell = _athlete_grid(sessions, as_of)
    table = weekly_dose(sessions, as_of)
    as_of_day = int(day_number(np.array([as_of.to_datetime64()]))[0])
    complete = week_start_day(grid.week) + 6 <= as_of_day
    table.insert(2, "week_complete", complete)
    table.insert(
        table.columns.get_loc("pain_mean") + 1,
        "pain_zone",
        config.pain_zones.classify(table["pain_max"].to_numpy()),
    )
    table.insert(
        table.columns.get_loc("pain_zone") + 1,
        "pain_change",
        table["pain_max"].to_numpy() - _previous_valid(table["pain_max"].to_numpy(), grid.code),
    )
    sessions_n = table["sessions"].to_numpy()
    _add_adherence(table, grid, sessions_n, complete, doses, programme_of_athlete, targets)
    _add_load(table, grid, cell, sessions, daily, complete, config)
    return table


def _add_adherence(
    table: pd.DataFrame,
    grid: _Grid,
    sessions_n: np.ndarray,
    complete: np.ndarray,
    doses: pd.DataFrame,
    programme_of_athlete: pd.Series,
    targets: pd.DataFrame,
) -> None:
    names = table[ATHLETE_ID].cat.categories.astype(str)
    programme = programme_of_athlete.astype("string").reindex(names).to_numpy(
        dtype=object, na_value=None
    )[grid.code]
    has_programme = pd.notna(programme)
    per_athlete = targets.reindex(names)
    tmin = per_athlete["sessions_target_min"].to_numpy(dtype=float)[grid.code]
    tmax = per_athlete["sessions_target_max"].to_numpy(dtype=float)[grid.code]
    table["programme_id"] = pd.array(programme, dtype="string")
    table["sessions_target_min"] = tmin
    table["sessions_target_max"] = tmax
    table["target_source"] = pd.Categorical.from_codes(
        per_athlete["target_source"].cat.codes.to_numpy()[grid.code],
        dtype=targets["target_source"].dtype,
    )
    status = frequency_status(sessions_n, tmin, tmax, has_programme, complete)
    table["frequency_status"] = status
    judged = np.isin(status.codes,
                     [FREQUENCY_STATUSES.index(s) for s in ("below", "within", "above")])
    table["sessions_missed"] = np.where(
        judged, np.clip(np.ceil(tmin) - sessions_n, 0, None), np.nan
    )
    d_cell = grid.find(doses[ATHLETE_ID].cat.codes.to_numpy(), _week_of(doses, DATE))
    checked, met = dose_checks(doses)
    checks = np.bincount(d_cell, checked, grid.n)
    within = np.bincount(d_cell, met, grid.n)
    table["dose_checks"] = checks.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["dose_within_pct"] = np.where(checks > 0, 100 * within / checks, np.nan)


def _add_load(
    table: pd.DataFrame,
    grid: _Grid,
    cell: np.ndarray,
    sessions: pd.DataFrame,
    daily: pd.DataFrame,
    complete: np.ndarray,
    config: AnalysisConfig,
) -> None:
    load = session_load(sessions, config.load_measure)
    unknown = np.bincount(cell, np.isnan(load), grid.n).astype(np.int64)
    table["load_measure"] = athlete_load_measures(sessions, config.load_measure)[grid.code]
    table["load"] = np.where(unknown == 0, np.bincount(cell, np.nan_to_num(load), grid.n), np.nan)
    table["sessions_unknown_load"] = unknown
    # the weekday-proof weekly ratio (module docstring of training_load); the current week's
    # reads its load so far, which steady training keeps below 1
    weekly_load = table["load"].to_numpy(dtype=float)
    for variant in ACWR_VARIANTS:
        table[f"acwr_{variant}"] = weekly_acwr(
            weekly_load, grid.code, variant, config.chronic_days // 7
        )
    mono = weekly_monotony_strain(daily, cap=config.monotony_cap)
    m_cell = grid.find(mono[ATHLETE_ID].cat.codes.to_numpy(), _week_of(mono, WEEK))
    usable = complete & (unknown == 0)
    for name in ("monotony", "strain"):
        table[name] = np.where(usable, grid.scatter(m_cell, mono[name].to_numpy()), np.nan)


def exercise_adherence(doses: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """Per athlete and exercise: how often it was done, and how often as prescribed.

    The per-exercise view of adherence that home-exercise apps give (e.g. Physitrack): for
    each exercise an athlete logged, the share of their sessions that included it and the
    share of its dose checks (sets, reps, hold, work against the programme's prescription,
    :func:`psoaskit.analysis.adherence.check_dose`) that were within, below or above.

    Parameters
    ----------
    doses : pandas.DataFrame
        ``LogAnalysis.doses`` (one row per session and exercise, with the ``*_status``
        columns).
    sessions : pandas.DataFrame
        ``LogAnalysis.sessions`` (the athlete's sessions, for the share).

    Returns
    -------
    pandas.DataFrame
        ``athlete_id``, ``exercise_id``, ``in_programme``, ``sessions_done`` [sessions],
        ``share_of_sessions_pct`` [%], ``checks``, ``within_pct``, ``below_pct``,
        ``above_pct`` [% of checks; empty without a prescription] and ``last_done`` (date),
        the programme's exercises first, then by how often they were done.

    Examples
    --------
    >>> doses = pd.DataFrame({"athlete_id": ["A"] * 3, "exercise_id": ["x", "x", "y"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-03"]),
    ...     "in_programme": [True, True, False], "sets_status": ["within", "below", None],
    ...     "reps_status": ["within", "within", None], "hold_s_status": None,
    ...     "work_s_status": None})
    >>> sessions = pd.DataFrame({"athlete_id": ["A", "A"]})
    >>> table = exercise_adherence(doses, sessions)
    >>> columns = ["exercise_id", "sessions_done", "share_of_sessions_pct", "within_pct"]
    >>> table[columns].values.tolist()
    [['x', 2, 100.0, 75.0], ['y', 1, 50.0, nan]]
    """
    status = doses[list(DOSE_STATUS_COLUMNS)].astype("string")
    keys = [doses[ATHLETE_ID].astype(str), doses[EXERCISE_ID].astype(str)]
    counts = pd.DataFrame({
        "checks": status.notna().sum(axis=1).astype(int),
        **{kind: (status == kind).fillna(False).sum(axis=1).astype(int)
           for kind in ("within", "below", "above")},
        "sessions_done": 1,
        "in_programme": doses["in_programme"].fillna(False).astype(bool),
        "last_done": pd.to_datetime(doses[DATE]),
    })
    table = counts.groupby(keys).agg(
        checks=("checks", "sum"), within=("within", "sum"), below=("below", "sum"),
        above=("above", "sum"), sessions_done=("sessions_done", "sum"),
        in_programme=("in_programme", "any"), last_done=("last_done", "max"),
    )
    table.index.names = [ATHLETE_ID, EXERCISE_ID]
    table = table.reset_index()
    total = sessions[ATHLETE_ID].astype(str).value_counts()
    table["share_of_sessions_pct"] = 100 * table["sessions_done"] / table[ATHLETE_ID].map(
        total).replace(0, np.nan).to_numpy(dtype=float)
    checks = table["checks"].to_numpy(dtype=float)
    checks[checks == 0] = np.nan
    for kind in ("within", "below", "above"):
        table[f"{kind}_pct"] = 100 * table[kind] / checks
    table = table.sort_values([ATHLETE_ID, "in_programme", "sessions_done", EXERCISE_ID],
                              ascending=[True, False, False, True], kind="stable")
    return table[[ATHLETE_ID, EXERCISE_ID, "in_programme", "sessions_done",
                  "share_of_sessions_pct", "checks", "within_pct", "below_pct", "above_pct",
                  "last_done"]].reset_index(drop=True)
