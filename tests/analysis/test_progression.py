"""Weekly bests, ladder level and least-squares trends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import make_log, set_row

from psoaskit.analysis.progression import LADDER, linear_trend, new_bests, progression_table
from psoaskit.analysis.sessions import exercise_week_table, session_table, side_table


def test_linear_trend_by_hand():
    # y = 1, 2, 4 at x = 0, 1, 2: slope = (3 x 10 - 3 x 7) / (3 x 5 - 9) = 9 / 6 = 1.5
    t = pd.DataFrame({"g": ["a", "a", "a", "b", "c", "c"], "x": [0, 1, 2, 5, 3, 3],
                      "y": [1.0, 2.0, 4.0, 7.0, 1.0, 2.0]})
    out = linear_trend(t, ["g"], "x", "y").set_index("g")
    assert out.loc["a", "slope"] == pytest.approx(1.5)
    assert (out.loc["a", "first"], out.loc["a", "last"], out.loc["a", "n"]) == (1.0, 4.0, 3)
    assert np.isnan(out.loc["b", "slope"])  # one point
    assert np.isnan(out.loc["c", "slope"])  # two points at the same x


def test_linear_trend_counts_datetimes_in_weeks_and_skips_missing_y():
    t = pd.DataFrame({"g": ["a"] * 3,
                      "x": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-22"]),
                      "y": [10.0, np.nan, 16.0]})
    out = linear_trend(t, ["g"], "x", "y")
    assert out["slope"].iloc[0] == pytest.approx(2.0)  # 6 s over 3 weeks
    assert out["n"].iloc[0] == 2


def test_progression_table_holds_weekly_bests_and_the_ladder_level():
    log = make_log([
        set_row("A", "2024-01-01", "supine_psoas_activation", side="L", reps=5, hold_s=3.0),
        set_row("A", "2024-01-03", "supine_psoas_activation", side="L", reps=5, hold_s=4.0),
        set_row("A", "2024-01-08", "standing_psoas_activation", side="L", reps=5, hold_s=2.0),
        set_row("A", "2024-01-08", "standing_slumpy_psoas_dumbbell", side="L", reps=5,
                hold_s=5.0, load_kg=4.0),
        set_row("A", "2024-01-10", "standing_slumpy_psoas_dumbbell", side="R", reps=5,
                hold_s=5.0, load_kg=6.0),
    ])
    table = progression_table(exercise_week_table(side_table(log)), session_table(log))
    rows = {(r.exercise_id, r.metric, str(r.week_start.date())): r.value
            for r in table.itertuples()}
    assert rows[("supine_psoas_activation", "hold_s", "2024-01-01")] == 4.0  # best of the week
    assert rows[("standing_slumpy_psoas_dumbbell", "load_kg", "2024-01-08")] == 6.0
    assert rows[(LADDER, "level", "2024-01-01")] == 1.0
    assert rows[(LADDER, "level", "2024-01-08")] == 2.0
    assert not any(k[1] == "work_s" for k in rows)  # nothing timed as continuous work


def test_new_bests_match_a_plain_loop_on_the_sample_squad():
    from psoaskit._data import data_path
    from psoaskit.logs.api import read_log

    log, _ = read_log(data_path("sample/squad_log.csv"))
    sides, sessions = side_table(log), session_table(log)
    weeks = exercise_week_table(sides)
    progression = progression_table(weeks, sessions)
    found = {(str(r.athlete_id), r.week_start, str(r.exercise_id), r.metric, r.value)
             for r in new_bests(progression, weeks).itertuples()}
    sets = (sides.groupby(["athlete_id", "week_start", "exercise_id"], observed=True)["sets"]
            .max().reset_index().assign(metric="sets").rename(columns={"sets": "value"}))
    expected = set()
    for table in (progression, sets):
        for key, rows in table.groupby(["athlete_id", "exercise_id", "metric"], observed=True):
            best = None
            for row in rows.sort_values("week_start").itertuples():
                if best is not None and row.value > best:
                    expected.add((str(key[0]), row.week_start, str(key[1]), key[2],
                                  float(row.value)))
                best = row.value if best is None else max(best, row.value)
    assert found == expected and len(found) > 10
