"""Session-level columns: optional, one value per session, conflicts rejected naming both rows."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from psoaskit.logs.api import read_log
from psoaskit.logs.schema import SESSION_COLUMNS

HEAD = "athlete_id,date,session_id,exercise_id,side,set_index,reps,session_duration_min,session_rpe"


def read(rows: list[str]):
    return read_log(io.StringIO("\n".join([HEAD, *rows]) + "\n"))


def test_logs_without_session_columns_stay_valid_and_read_them_as_empty():
    log, report = read_log(io.StringIO(
        "athlete_id,date,exercise_id,reps\n007,2025-03-03,toe_tap,10\n"))
    assert report.ok and len(log) == 1
    assert all(log[c].isna().all() for c in SESSION_COLUMNS)


def test_one_value_per_session_is_kept_and_applied_to_the_sessions_other_rows():
    log, report = read([
        "007,2025-03-03,s1,toe_tap,both,1,10,25,6",
        "007,2025-03-03,s1,toe_tap,both,2,10,,",
        "007,2025-03-04,s2,toe_tap,both,1,10,,",
    ])
    assert report.ok and len(log) == 3
    assert log["session_rpe"].tolist()[:2] == [6.0, 6.0]
    assert log["session_duration_min"].tolist()[:2] == [25.0, 25.0]
    assert np.isnan(log["session_rpe"].iloc[2])  # another session: not filled
    assert any("applied to its other rows" in n for n in report.notes)


def test_conflicting_values_in_one_session_reject_the_row_naming_both_rows():
    log, report = read([
        "007,2025-03-03,s1,toe_tap,both,1,10,25,6",
        "007,2025-03-03,s1,toe_tap,both,2,10,25,8",
        "008,2025-03-03,s1,toe_tap,both,1,10,25,8",  # another athlete: another session
    ])
    assert len(log) == 2 and report.rows_read == report.rows_accepted + report.rows_rejected
    problem = report.problems.iloc[0]
    assert (problem["row"], problem["column"], problem["value"], problem["reason"]) == (
        3, "session_rpe", "8", "session_conflict")
    assert problem["message"] == "differs from 6 in row 2 of the same session"
    assert not report.ok


def test_session_values_out_of_range_are_rejected():
    _, report = read([
        "007,2025-03-03,s1,toe_tap,both,1,10,0,6",
        "007,2025-03-04,s2,toe_tap,both,1,10,601,6",
        "007,2025-03-05,s3,toe_tap,both,1,10,30,11",
    ])
    assert report.reason_counts() == {"out_of_range": 3}
    messages = report.problems["message"].tolist()
    assert messages[0] == "must be more than 0 and at most 600 min"


@given(st.lists(st.tuples(st.sampled_from(["s1", "s2"]), st.sampled_from(["", "5", "7", "12"])),
                min_size=1, max_size=12))
def test_fuzz_session_values_keep_the_accounting_and_one_value_per_session(rows):
    lines = [f"007,2025-03-03,{s},toe_tap,both,{i + 1},10,,{rpe}" for i, (s, rpe) in
             enumerate(rows)]
    log, report = read(lines)
    assert report.rows_read == len(rows) == report.rows_accepted + report.rows_rejected
    per_session = log.groupby("session_id")["session_rpe"].nunique(dropna=True)
    assert (per_session <= 1).all()
    # every accepted session value is one that was written for that session
    written = pd.DataFrame(rows, columns=["s", "rpe"])
    for session, value in log.dropna(subset=["session_rpe"]).groupby("session_id")[
            "session_rpe"].first().items():
        assert f"{value:g}" in set(written.loc[written["s"] == session, "rpe"])


def test_a_column_that_can_only_be_day_first_is_read_day_first_and_says_so():
    text = "athlete_id,date,exercise_id,reps\na,04/03/2024,toe_tap,5\na,13/03/2024,toe_tap,5\n"
    log, report = read_log(io.StringIO(text))
    assert log["date"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-13")]
    assert any("'13/03/2024' in date can only be day first" in n for n in report.notes)
    # a column with dates that can only be month first as well is left to the option
    mixed = text + "a,03/14/2024,toe_tap,5\n"
    log, report = read_log(io.StringIO(mixed))
    assert log["date"].tolist() == [pd.Timestamp("2024-04-03"), pd.Timestamp("2024-03-14")]
    assert report.rejected_rows()["row"].tolist() == [3]


def test_numeric_dates_that_show_no_order_are_read_month_first_and_say_so():
    text = "athlete_id,date,exercise_id,reps\na,04/03/2024,toe_tap,5\na,05/03/2024,toe_tap,5\n"
    log, report = read_log(io.StringIO(text))
    assert log["date"].tolist() == [pd.Timestamp("2024-04-03"), pd.Timestamp("2024-05-03")]
    assert any("such as '04/03/2024' in date read month first" in n for n in report.notes)
    _, report = read_log(io.StringIO(text), dayfirst=True)
    assert not any("month first" in n for n in report.notes)
