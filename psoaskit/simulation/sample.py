"""The synthetic sample squad: logs that follow the programmes of the sources.

Built on :mod:`psoaskit.simulation`: each athlete is assigned one of the sources' programmes and
a weekly frequency the source allows, trains on their own weekdays from a fixed start date,
progresses (or not) by the simulation's rules, and logs RPE, pain and the odd note the way
people do: now and then a value is left blank. A second, deliberately messy file holds one
example of every kind of row :func:`psoaskit.logs.read_log` rejects from a canonical CSV, for
teaching validation (:data:`MESSY_FAULTS` lists them).

Every file carries a ``source`` column saying that it is synthetic and how it was made (the
log reader ignores columns outside the schema, and says so). The same arguments always give
the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from psoaskit._files import atomic_write, claim_outputs, spreadsheet_safe
from psoaskit.catalogue.exercises import read_catalogue
from psoaskit.catalogue.programmes import read_programmes
from psoaskit.errors import ParameterError
from psoaskit.logs.schema import (
    ATHLETE_ID,
    DATE,
    EXERCISE_ID,
    LOG_COLUMNS,
    NOTES,
    PAIN,
    REPS,
    RPE,
    SESSION_ID,
    SET_INDEX,
    SIDE,
)
from psoaskit.simulation.config import SimulationConfig
from psoaskit.simulation.runs import simulate
from psoaskit.simulation.synthetic_log import athlete_ids

__all__ = [
    "MESSY_FAULTS",
    "SAMPLE_SEED",
    "SAMPLE_START",
    "SampleSquad",
    "make_sample",
    "write_sample",
]

#: First day of the sample squad's training (a Monday), fixed so output never depends on today.
SAMPLE_START = dt.date(2025, 1, 6)
#: Seed of the committed sample under ``data/sample/``.
SAMPLE_SEED = 2025
#: How the programmes are mixed across the squad (repeated for larger squads).
_PROGRAMME_MIX = (
    "foundational_to_advanced",
    "precision_movement_routine",
    "psoas_level_ladder",
    "foundational_to_advanced",
    "psoas_march_drill",
    "precision_movement_routine",
    "psoas_level_ladder",
    "foundational_to_advanced",
    "precision_movement_routine",
    "psoas_level_ladder",
    "psoas_march_drill",
    "foundational_to_advanced",
)
#: Weekly frequencies for programmes whose source gives none (our choice).
_DEFAULT_FREQUENCIES = (2, 3)
#: Athletes differ more left to right than the simulation's default (a visible teaching signal).
_SAMPLE_CONFIG = SimulationConfig(asymmetry_sd=0.12)
#: Range of the athletes' mean adherence: some keep nearly every session, some half (ours).
_ADHERENCE_RANGE = (0.5, 0.95)
#: Things athletes write in the notes column now and then (our own words).
_CASUAL_NOTES = (
    "short on time, kept rests short",
    "felt strong today",
    "hips tight at the start, eased off after the first set",
    "slept badly",
    "trained at home",
    "good control, no back arching",
    "lower back felt a bit tired",
    "rushed the last set",
)
_MESSY_ATHLETES = 3
_MESSY_WEEKS = 2

#: The faults of the messy file: (reason code of read_log, what was done to one row).
MESSY_FAULTS: tuple[tuple[str, str], ...] = (
    ("blank_row", "an empty line of commas (skipped, not a data problem)"),
    ("malformed_row", "a comment line typed into the sheet: the wrong number of fields"),
    ("missing_value", "athlete id left blank"),
    ("missing_value", "date left blank"),
    ("no_dose", "reps, hold_s and work_s all blank"),
    ("unknown_exercise", "an exercise id with a typo"),
    ("unknown_exercise", "an exercise that is not in the catalogue"),
    ("not_a_number", "reps written as a word"),
    ("not_whole", "half a repetition"),
    ("out_of_range", "negative reps"),
    ("out_of_range", "pain 11 on a 0-10 scale"),
    ("out_of_range", "RPE 12 on a 0-10 scale"),
    ("bad_side", "a side that is not L, R or both"),
    ("bad_date", "a day that does not exist"),
    ("bad_date", "a date in words"),
    ("future_date", "the year's digits swapped"),
    ("duplicate", "the same set entered twice"),
    ("session_conflict", "two session RPEs for one session (6 on one set, 8 on another)"),
)


@dataclass(frozen=True)
class SampleSquad:
    """The sample squad: clean log, assignments, messy log text and per-athlete summary.

    Attributes
    ----------
    log : pandas.DataFrame
        The clean log: canonical columns plus ``source``.
    assignments : pandas.DataFrame
        One row per athlete: programme, frequency, start date.
    messy_text : str
        The messy log as CSV text.
    summary : pandas.DataFrame
        The simulation's per-athlete summary (capacity, stages, sessions).
    """

    log: pd.DataFrame
    assignments: pd.DataFrame
    messy_text: str
    summary: pd.DataFrame


def _provenance(athletes: int, weeks: int, seed: int) -> str:
    return f"synthetic: psoaskit sample {athletes}x{weeks} seed {seed}"


def _assign(athletes: int, rng: np.random.Generator) -> pd.DataFrame:
    """Programme, weekly frequency and weekday shift of each athlete."""
    programmes = read_programmes()
    mix = [_PROGRAMME_MIX[i % len(_PROGRAMME_MIX)] for i in range(athletes)]
    order = rng.permutation(athletes)
    chosen = [mix[i] for i in order]
    frequencies = []
    for programme_id in chosen:
        stated = programmes[programme_id].sessions_per_week
        options = (
            _DEFAULT_FREQUENCIES
            if stated is None
            else tuple(range(int(stated.min), int(stated.max) + 1))
        )
        frequencies.append(int(rng.choice(options)))
    return pd.DataFrame(
        {
            ATHLETE_ID: athlete_ids(athletes),
            "programme": chosen,
            "sessions_per_week": frequencies,
            "day_shift": rng.integers(0, 2, athletes),
            "adherence": rng.uniform(*_ADHERENCE_RANGE, athletes),
        }
    )


def _humanise(log: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Blank RPE or pain now and then, and add casual notes to some sessions."""
    n = len(log)
    athlete_code = log[ATHLETE_ID].cat.codes.to_numpy()
    n_athletes = len(log[ATHLETE_ID].cat.categories)
    rpe_habit = rng.uniform(0.85, 1.0, n_athletes)  # how reliably each athlete logs RPE
    pain_habit = rng.uniform(0.9, 1.0, n_athletes)
    rpe_blank = rng.random(n) > rpe_habit[athlete_code]
    pain_blank = rng.random(n) > pain_habit[athlete_code]
    log = log.copy()
    log.loc[rpe_blank, RPE] = np.nan
    log.loc[pain_blank, PAIN] = np.nan
    first_row = ~log[SESSION_ID].duplicated().to_numpy()
    chance = rng.random(n)
    pick = rng.integers(0, len(_CASUAL_NOTES), n)
    casual = first_row & (chance < 0.07) & log[NOTES].isna().to_numpy()
    notes = log[NOTES].astype(object).to_numpy().copy()
    notes[casual] = np.asarray(_CASUAL_NOTES, dtype=object)[pick[casual]]
    log[NOTES] = pd.array(notes, dtype="string")
    return log


def make_sample(
    athletes: int = 12,
    weeks: int = 12,
    seed: int = SAMPLE_SEED,
    start: dt.date = SAMPLE_START,
) -> SampleSquad:
    """Build the sample squad (nothing is written).

    Parameters
    ----------
    athletes : int
        Squad size [-]; ids ``'001'``, ``'002'``...
    weeks : int
        Length [week].
    seed : int
        Random seed: the same arguments give the same squad.
    start : datetime.date
        First day of training.

    Returns
    -------
    SampleSquad

    Examples
    --------
    >>> squad = make_sample(athletes=4, weeks=3, seed=1)
    >>> squad.assignments["athlete_id"].tolist()
    ['001', '002', '003', '004']
    >>> sorted(set(squad.log["side"]))
    ['L', 'R', 'both']
    """
    if athletes < 1 or weeks < 1:
        raise ParameterError("need at least one athlete and one week")
    root = np.random.SeedSequence(seed)
    assign_seed, human_seed, *group_seeds = root.spawn(2 + athletes)
    assignments = _assign(athletes, np.random.default_rng(assign_seed))
    logs, summaries = [], []
    groups = assignments.groupby(["programme", "sessions_per_week"], sort=True)
    for k, ((programme_id, per_week), group) in enumerate(groups):
        sim = simulate(
            programme_id,
            weeks=weeks,
            athletes=len(group),
            sessions_per_week=int(per_week),
            adherence=group["adherence"].to_numpy(),
            seed=group_seeds[k],
            start=start,
            config=_SAMPLE_CONFIG,
            ids=group[ATHLETE_ID].tolist(),
            day_shift=group["day_shift"].to_numpy(),
        )
        logs.append(sim.to_log())
        summaries.append(sim.summary())
    ids = assignments[ATHLETE_ID].tolist()
    log = pd.concat(logs, ignore_index=True)
    for column in (ATHLETE_ID, EXERCISE_ID):
        log[column] = log[column].astype(str)
    log = log.sort_values([ATHLETE_ID, DATE], kind="stable", ignore_index=True)
    log[ATHLETE_ID] = pd.Categorical(log[ATHLETE_ID], categories=ids)
    log[EXERCISE_ID] = log[EXERCISE_ID].astype("category")
    log = _humanise(log, np.random.default_rng(human_seed))
    provenance = _provenance(athletes, weeks, seed)
    log["source"] = provenance
    summary = pd.concat(summaries, ignore_index=True)
    summary = summary.sort_values(ATHLETE_ID, ignore_index=True)
    programmes = read_programmes()
    table = assignments.assign(
        programme_name=[programmes[p].name for p in assignments["programme"]],
        programme_sources=[" ".join(programmes[p].sources) for p in assignments["programme"]],
        start_date=[
            (start + dt.timedelta(days=int(s))).isoformat() for s in assignments["day_shift"]
        ],
        weeks=weeks,
        source=provenance,
    ).drop(columns=["day_shift", "adherence"])
    return SampleSquad(log, table, _messy(log), summary)


# --- the messy file ---------------------------------------------------------------------------


def _csv_text(frame: pd.DataFrame) -> str:
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\n", float_format="%g",
                                          date_format="%Y-%m-%d")


def _messy(log: pd.DataFrame) -> str:
    """A short slice of the clean log with one faulty row per entry of MESSY_FAULTS."""
    first_days = log[DATE] < log[DATE].min() + pd.Timedelta(weeks=_MESSY_WEEKS)
    keep = log[ATHLETE_ID].cat.codes < _MESSY_ATHLETES
    rows = list(csv.reader(io.StringIO(_csv_text(log[first_days & keep]))))
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    numbered = [i for i, r in enumerate(body) if r[col[REPS]]]  # rows that have reps

    def faulty(index: int, **changes: str) -> list[str]:
        row = list(body[index])
        for name, value in changes.items():
            row[col[name]] = value
        return row

    def date_of(index: int) -> str:
        return body[index][col[DATE]]

    def typo(word: str) -> str:
        return word[:-2] + word[-1]  # a dropped letter

    # accepted, but only after mapping: a display name instead of an id, a side in words
    catalogue = read_catalogue()
    named = numbered[len(numbered) // 2]
    body[named][col[EXERCISE_ID]] = catalogue[body[named][col[EXERCISE_ID]]].name
    left = next(i for i in numbered[::-1] if body[i][col[SIDE]] == "L")
    body[left][col[SIDE]] = "left"

    a, b, c, d, e = (numbered[int(len(numbered) * f)] for f in (0.1, 0.35, 0.6, 0.85, 0.5))
    year = date_of(a)[:4]
    swapped = year[:2] + year[3] + year[2] + date_of(a)[4:]
    faults: dict[int, list[list[str]]] = {
        a: [
            faulty(a, athlete_id=""),
            faulty(a, exercise_id=typo(body[a][col[EXERCISE_ID]])),
            faulty(a, reps="ten"),
        ],
        b: [
            faulty(b, date=""),
            faulty(b, reps="", hold_s="", work_s=""),
            faulty(b, exercise_id="hip flexor machine"),
            faulty(b, reps=body[b][col[REPS]] + ".5"),
            [""] * len(header),
        ],
        c: [
            faulty(c, reps="-" + body[c][col[REPS]]),
            faulty(c, pain="11"),
            faulty(c, rpe="12"),
            faulty(c, side="middle"),
            ["# week 2: gym closed on Thursday so trained at home"],
        ],
        d: [
            faulty(d, date=date_of(d)[:4] + "-02-30"),
            faulty(d, date="last tuesday"),
            faulty(a, date=swapped),
            list(body[d]),  # the same set again
        ],
        e: [faulty(e, set_index=str(int(body[e][col[SET_INDEX]]) + 50), session_rpe="8")],
    }
    out: list[list[str]] = [header]
    for i, row in enumerate(body):
        out.append(row)
        out.extend(faults.get(i, []))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    return buffer.getvalue()


def write_sample(
    folder: str | Path,
    athletes: int = 12,
    weeks: int = 12,
    seed: int = SAMPLE_SEED,
    start: dt.date = SAMPLE_START,
) -> list[Path]:
    """Write ``squad_log.csv``, ``messy_log.csv`` and ``assignments.csv`` into ``folder``.

    Files are written atomically (the folder is created if missing); the same arguments give
    the same bytes.

    Parameters
    ----------
    folder : str or Path
        Output folder.
    athletes, weeks, seed, start
        As :func:`make_sample`.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in write_sample(tempfile.mkdtemp(), athletes=3, weeks=2, seed=0)]
    ['squad_log.csv', 'messy_log.csv', 'assignments.csv']
    """
    squad = make_sample(athletes, weeks, seed, start)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "squad_log.csv": _csv_text(squad.log[[*LOG_COLUMNS, "source"]]),
        "messy_log.csv": squad.messy_text,
        "assignments.csv": _csv_text(squad.assignments),
    }
    claim_outputs(*(folder / name for name in texts))
    written = []
    for name, text in texts.items():
        data = text.encode("utf-8")
        written.append(atomic_write(folder / name, lambda tmp, data=data: tmp.write_bytes(data)))
    return written
