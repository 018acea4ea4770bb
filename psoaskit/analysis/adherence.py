"""Adherence: logged sessions and doses compared with each athlete's assigned programme.

An *assignment* maps athletes to programme ids (``data/programmes.toml``). Two things are
compared, both vectorised across the squad:

- **frequency**: sessions in a Monday-to-Sunday week against the athlete's weekly target: the
  ``sessions_per_week`` the assignment gives the athlete (a coach's prescription) if any, else
  the programme's range. Where neither states a frequency the status says ``"not stated"``;
  psoaskit never invents one.
- **dose**: for every session and programme exercise, the logged sets (per side), mean reps
  per set, mean hold per rep [s] and mean work per set [s] against the item's prescribed
  ranges. A source's ``cycles`` count is compared with logged sets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from psoaskit._files import regular_file
from psoaskit.catalogue.exercises import close_matches
from psoaskit.catalogue.programmes import Programme, read_programmes
from psoaskit.errors import AssignmentError
from psoaskit.logs.schema import ATHLETE_ID, EXERCISE_ID, HOLD_S, REPS, WORK_S

__all__ = [
    "ASSIGNMENT_ALIASES",
    "ASSIGNMENT_COLUMNS",
    "DOSE_CHECKS",
    "DOSE_STATUSES",
    "FREQUENCY_STATUSES",
    "TARGET_SOURCES",
    "AssignmentError",
    "assign_programmes",
    "check_dose",
    "frequency_status",
    "frequency_targets",
    "prescription_table",
    "read_assignments",
    "session_targets",
    "validate_assignments",
]

#: Required columns of an assignments file; ``sessions_per_week`` is optional, others ignored.
ASSIGNMENT_COLUMNS = (ATHLETE_ID, "programme_id")
#: Other names accepted for assignment columns (the sample squad writes ``programme``).
ASSIGNMENT_ALIASES = {"programme": "programme_id"}
#: Where a weekly session target comes from (``target_source`` column).
TARGET_SOURCES = ("assignment", "programme", "not stated", "no programme")
#: Logged quantity checked against the prescription, and the dose field it is checked against.
DOSE_CHECKS = {"sets": "sets", REPS: REPS, HOLD_S: HOLD_S, WORK_S: WORK_S}
#: Values of the weekly ``frequency_status`` column.
FREQUENCY_STATUSES = (
    "below",
    "within",
    "above",
    "not stated",
    "no programme",
    "week in progress",
)
#: The statuses of a checked dose, in the order of their category codes.
DOSE_STATUSES = ("below", "within", "above")




def read_assignments(
    path: str | Path, programmes: Mapping[str, Programme] | None = None
) -> pd.DataFrame:
    """Read and validate an athlete -> programme assignments CSV.

    Parameters
    ----------
    path : str or Path
        CSV with the columns ``athlete_id`` and ``programme_id`` (or ``programme``), and
        optionally ``sessions_per_week``: the athlete's own weekly target [1/week].
    programmes : mapping, optional
        Known programmes by id (default: the packaged ones).

    Returns
    -------
    DataFrame
        ``athlete_id``, ``programme_id`` (strings) and ``sessions_per_week`` (NaN where not
        given), one row per athlete.

    Raises
    ------
    AssignmentError
        Missing columns, empty values, unknown programme ids, an athlete assigned twice or a
        frequency that is not a number from 1 to 14; the message names the row (1-based,
        header = row 1), the column and the value.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "a.csv")
    ...     _ = open(path, "w").write("athlete_id,programme_id\\nA1,psoas_level_ladder\\n")
    ...     read_assignments(path)["programme_id"].tolist()
    ['psoas_level_ladder']
    """
    try:
        regular_file(path, AssignmentError)
    except AssignmentError as exc:
        raise AssignmentError(f"cannot read assignments: {exc}") from None
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise AssignmentError(f"cannot read assignments {str(path)!r}: {exc}") from exc
    return validate_assignments(raw, programmes, where=str(path))


def validate_assignments(
    raw: pd.DataFrame,
    programmes: Mapping[str, Programme] | None = None,
    where: str = "assignments",
) -> pd.DataFrame:
    """Check an assignments table (see :func:`read_assignments`) and return its two columns.

    Examples
    --------
    >>> validate_assignments(pd.DataFrame({"athlete_id": ["A"], "programme_id": ["nope"]}))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    psoaskit.errors.AssignmentError: assignments row 2, column programme_id: unknown ...
    """
    programmes = read_programmes() if programmes is None else programmes
    raw = raw.rename(
        columns={k: v for k, v in ASSIGNMENT_ALIASES.items() if v not in raw.columns}
    )
    missing = [c for c in ASSIGNMENT_COLUMNS if c not in raw.columns]
    if missing:
        raise AssignmentError(
            f"{where}: missing column(s) {', '.join(missing)}; found {', '.join(raw.columns)}"
        )
    table = raw[list(ASSIGNMENT_COLUMNS)].astype("string").fillna("")
    table = table.apply(lambda col: col.str.strip()).astype(object)
    for row, (athlete, programme) in enumerate(table.itertuples(index=False), start=2):
        if not athlete:
            raise AssignmentError(f"{where} row {row}, column athlete_id: empty value")
        if programme not in programmes:
            hint = close_matches(programme, programmes)
            extra = f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""
            raise AssignmentError(
                f"{where} row {row}, column programme_id: unknown programme {programme!r}{extra}"
            )
    duplicated = table[ATHLETE_ID].duplicated(keep="first")
    if duplicated.any():
        row = int(np.flatnonzero(duplicated.to_numpy())[0]) + 2
        athlete = table[ATHLETE_ID].iloc[row - 2]
        raise AssignmentError(
            f"{where} row {row}, column athlete_id: athlete {athlete!r} is assigned twice"
        )
    table["sessions_per_week"] = math.nan
    if "sessions_per_week" in raw.columns:
        text = raw["sessions_per_week"].astype("string").fillna("").str.strip()
        text = text.where(~text.str.lower().isin(["nan", "<na>", "none"]), "")
        number = pd.to_numeric(text.replace("", np.nan), errors="coerce").astype(float)
        bad = (text != "").to_numpy(dtype=bool) & ~number.between(1, 14).to_numpy(dtype=bool)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise AssignmentError(
                f"{where} row {row + 2}, column sessions_per_week: {text.iloc[row]!r} is not a "
                "number of sessions from 1 to 14"
            )
        table["sessions_per_week"] = number.to_numpy(dtype=float)
    return table.reset_index(drop=True)


def assign_programmes(
    athletes: pd.Index | list[str],
    programme: str | None = None,
    assignments: pd.DataFrame | None = None,
    programmes: Mapping[str, Programme] | None = None,
) -> pd.Series:
    """The programme id of each athlete: one ``programme`` for all, or from ``assignments``.

    Athletes without an assignment get ``<NA>``. Passing both arguments is an error.

    Examples
    --------
    >>> assign_programmes(["A", "B"], programme="psoas_march_drill").tolist()
    ['psoas_march_drill', 'psoas_march_drill']
    """
    programmes = read_programmes() if programmes is None else programmes
    index = pd.Index([str(a) for a in athletes], name=ATHLETE_ID)
    if programme is not None and assignments is not None:
        raise AssignmentError("give either one programme for everyone or assignments, not both")
    if programme is not None:
        if programme not in programmes:
            hint = close_matches(programme, programmes)
            extra = f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""
            raise AssignmentError(f"unknown programme {programme!r}{extra}")
        return pd.Series(programme, index=index, dtype="string", name="programme_id")
    if assignments is None:
        return pd.Series(pd.NA, index=index, dtype="string", name="programme_id")
    table = validate_assignments(assignments, programmes)
    mapping = table.set_index(ATHLETE_ID)["programme_id"]
    return mapping.reindex(index).astype("string").rename("programme_id")


def frequency_targets(programmes: Mapping[str, Programme] | None = None) -> pd.DataFrame:
    """Prescribed sessions per week [1/week] of each programme; NaN where not stated.

    Examples
    --------
    >>> t = frequency_targets()
    >>> t.loc["precision_movement_routine"].tolist(), t.loc["psoas_march_drill"].isna().all()
    ([2.0, 3.0], np.True_)
    """
    programmes = read_programmes() if programmes is None else programmes
    rows = {
        pid: (
            (p.sessions_per_week.min, p.sessions_per_week.max)
            if p.sessions_per_week is not None
            else (math.nan, math.nan)
        )
        for pid, p in programmes.items()
    }
    table = pd.DataFrame.from_dict(
        rows, orient="index", columns=["sessions_target_min", "sessions_target_max"]
    )
    table.index.name = "programme_id"
    return table


def session_targets(
    programme_of_athlete: pd.Series,
    assignments: pd.DataFrame | None = None,
    programmes: Mapping[str, Programme] | None = None,
) -> pd.DataFrame:
    """Each athlete's weekly session target and where it comes from.

    Parameters
    ----------
    programme_of_athlete : Series
        Programme id by athlete id (:func:`assign_programmes`).
    assignments : DataFrame, optional
        Validated assignments; their ``sessions_per_week`` wins over the programme's range.
    programmes : mapping, optional
        Programmes by id (default: the packaged ones).

    Returns
    -------
    DataFrame
        Indexed by athlete: ``sessions_target_min``, ``sessions_target_max`` [1/week] (NaN
        where nothing states one) and ``target_source`` (:data:`TARGET_SOURCES`).

    Examples
    --------
    >>> programme = pd.Series({"A": "psoas_level_ladder", "B": "psoas_level_ladder"})
    >>> given = pd.DataFrame({"athlete_id": ["A"], "programme_id": ["psoas_level_ladder"],
    ...                       "sessions_per_week": [2.0]})
    >>> session_targets(programme, given)["target_source"].tolist()
    ['assignment', 'not stated']
    """
    targets = frequency_targets(programmes)
    programme = programme_of_athlete.astype("string")
    index = programme.index
    ids = programme.to_numpy(dtype=object, na_value=None)
    lo = targets["sessions_target_min"].reindex(ids).to_numpy(dtype=float)
    hi = targets["sessions_target_max"].reindex(ids).to_numpy(dtype=float)
    own = np.full(len(index), np.nan)
    if assignments is not None and "sessions_per_week" in assignments.columns:
        own = (
            assignments.set_index(ATHLETE_ID)["sessions_per_week"]
            .reindex(index.astype(str)).to_numpy(dtype=float)
        )
    has_programme = pd.notna(ids)
    given = has_programme & ~np.isnan(own)
    source = np.select(
        [~has_programme, given, ~np.isnan(lo)],
        ["no programme", "assignment", "programme"],
        "not stated",
    )
    return pd.DataFrame(
        {
            "sessions_target_min": np.where(given, own, lo),
            "sessions_target_max": np.where(given, own, hi),
            "target_source": pd.Categorical(source, categories=TARGET_SOURCES),
        },
        index=index,
    )


def frequency_status(
    sessions: np.ndarray,
    target_min: np.ndarray,
    target_max: np.ndarray,
    has_programme: np.ndarray,
    week_complete: np.ndarray,
) -> pd.Categorical:
    """Weekly frequency status, one of :data:`FREQUENCY_STATUSES`.

    Parameters
    ----------
    sessions : ndarray
        Sessions logged in the week [-].
    target_min, target_max : ndarray
        Prescribed sessions per week [1/week]; NaN where the programme states none.
    has_programme : ndarray of bool
        Whether the athlete has an assigned programme.
    week_complete : ndarray of bool
        Whether the week has ended (an unfinished week is ``"week in progress"``).

    Examples
    --------
    >>> frequency_status(np.array([1, 2, 4, 2]), np.array([2, 2, 2, np.nan]),
    ...                  np.array([3, 3, 3, np.nan]), np.ones(4, bool), np.ones(4, bool)).tolist()
    ['below', 'within', 'above', 'not stated']
    """
    sessions = np.asarray(sessions, dtype=float)
    code = np.select(
        [
            ~np.asarray(has_programme, dtype=bool),
            np.isnan(target_min),
            ~np.asarray(week_complete, dtype=bool),
            sessions < target_min,
            sessions > target_max,
        ],
        [FREQUENCY_STATUSES.index(name) for name in
         ("no programme", "not stated", "week in progress", "below", "above")],
        default=FREQUENCY_STATUSES.index("within"),
    )
    return pd.Categorical.from_codes(code, categories=FREQUENCY_STATUSES)


def prescription_table(programmes: Mapping[str, Programme] | None = None) -> pd.DataFrame:
    """One row per programme item with its prescribed ranges.

    Columns: ``programme_id``, ``exercise_id``, ``optional`` and ``<check>_min`` /
    ``<check>_max`` for each of :data:`DOSE_CHECKS` (sets [-], reps [-], hold_s [s],
    work_s [s]; NaN where the source is silent). A ``cycles`` range is used for sets.
    An exercise listed twice in a programme keeps its first entry.

    Examples
    --------
    >>> t = prescription_table()
    >>> row = t[(t.programme_id == "psoas_march_drill")].iloc[0]
    >>> row.exercise_id, float(row.sets_min), float(row.work_s_max)
    ('psoas_march', 3.0, 60.0)
    """
    programmes = read_programmes() if programmes is None else programmes
    rows = []
    for pid, prog in programmes.items():
        for item in prog.items:
            row: dict[str, object] = {
                "programme_id": pid,
                EXERCISE_ID: item.exercise,
                "optional": item.optional,
            }
            for check, field in DOSE_CHECKS.items():
                rng = getattr(item.dose, field)
                if check == "sets" and rng is None:
                    rng = item.dose.cycles
                row[f"{check}_min"] = math.nan if rng is None else float(rng.min)
                row[f"{check}_max"] = math.nan if rng is None else float(rng.max)
            rows.append(row)
    table = pd.DataFrame(rows)
    return table.drop_duplicates(["programme_id", EXERCISE_ID]).reset_index(drop=True)


def check_dose(
    logged: pd.DataFrame,
    programme_of_athlete: pd.Series,
    programmes: Mapping[str, Programme] | None = None,
) -> pd.DataFrame:
    """Compare logged doses per session and exercise with the assigned prescription.

    Parameters
    ----------
    logged : DataFrame
        One row per athlete, session and exercise with ``athlete_id``, ``exercise_id`` and
        the logged ``sets`` [-] (per side), ``reps`` [-] (mean per set), ``hold_s`` [s]
        (mean per rep) and ``work_s`` [s] (mean per set); other columns are kept.
    programme_of_athlete : Series
        Programme id by athlete id (from :func:`assign_programmes`).

    Returns
    -------
    DataFrame
        ``logged`` plus ``programme_id``, ``in_programme`` (bool), the prescribed
        ``<check>_min``/``<check>_max`` and ``<check>_status`` (``below``, ``within``,
        ``above``; NA where nothing is prescribed or nothing was logged).

    Examples
    --------
    >>> logged = pd.DataFrame({"athlete_id": ["A"], "exercise_id": ["psoas_march"],
    ...                        "sets": [2.0], "reps": [np.nan], "hold_s": [np.nan],
    ...                        "work_s": [60.0]})
    >>> out = check_dose(logged, pd.Series({"A": "psoas_march_drill"}))
    >>> out[["sets_status", "work_s_status"]].iloc[0].tolist()
    ['below', 'within']
    """
    table = prescription_table(programmes)
    athletes = _as_category(logged[ATHLETE_ID])
    exercises = _as_category(logged[EXERCISE_ID])
    athlete_names = athletes.cat.categories.astype(str)
    exercise_names = exercises.cat.categories.astype(str)
    # look prescriptions up on the small (athlete category x exercise category) grid
    grid_programme = programme_of_athlete.astype("string").reindex(athlete_names).to_numpy(
        dtype=object, na_value=None
    )
    grid = pd.DataFrame(
        {
            "programme_id": np.repeat(grid_programme, len(exercise_names)),
            EXERCISE_ID: np.tile(np.asarray(exercise_names, dtype=object), len(athlete_names)),
        }
    ).merge(table, on=["programme_id", EXERCISE_ID], how="left")
    cell = (
        athletes.cat.codes.to_numpy().astype(np.int64) * len(exercise_names)
        + exercises.cat.codes.to_numpy()
    )
    programme_codes = pd.Categorical(grid_programme)
    added: dict[str, object] = {
        "programme_id": pd.Categorical.from_codes(
            programme_codes.codes[athletes.cat.codes.to_numpy()], dtype=programme_codes.dtype
        ),
        "in_programme": grid["optional"].notna().to_numpy()[cell],
    }
    for check in DOSE_CHECKS:
        lo = grid[f"{check}_min"].to_numpy(dtype=float)[cell]
        hi = grid[f"{check}_max"].to_numpy(dtype=float)[cell]
        value = logged[check].to_numpy(dtype=float)
        code = np.full(len(value), -1, dtype=np.int8)  # the first that holds: below, above,
        code[value <= hi] = 1  # within; nothing to judge (NaN) stays -1
        code[value > hi] = 2
        code[value < lo] = 0
        added[f"{check}_min"] = lo
        added[f"{check}_max"] = hi
        added[f"{check}_status"] = pd.Categorical.from_codes(code, categories=DOSE_STATUSES)
    # one frame built at once, sharing the columns (no copy into 2-D blocks; pandas' copy on
    # write keeps ``logged`` safe)
    kept = {column: logged[column] for column in logged.columns if column not in added}
    return pd.DataFrame({**kept, **added}, index=logged.index, copy=False)


def _as_category(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    return values.astype(str).astype("category")
