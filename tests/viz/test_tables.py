"""Tables for people: headers, rounding, dashes, names and alignment, checked on tiny frames."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from psoaskit.viz.tables import column_label, readable


def _cells(styler) -> list[list[str]]:
    """The displayed text of every body cell, row by row."""
    return [[cell["display_value"] for cell in row if cell["type"] == "td"]
            for row in styler._translate(False, False)["body"]]


def test_headers_say_what_and_in_which_unit():
    assert column_label("tut_s") == "Time under tension [s]"
    assert column_label("peak_moment_nm") == "Peak moment [N·m]"
    assert column_label("psoas_force_n") == "Psoas force [N]"
    assert column_label("activation_low_pct") == "Activation low [%]"
    assert column_label("exercise_id") == "Exercise"
    assert column_label("Already a header") == "Already a header"


def test_numbers_are_rounded_to_what_they_carry_and_gaps_are_dashes():
    table = pd.DataFrame({"rpe_mean": [5.863636, np.nan], "asymmetry_pct": [-8.333333, 20.0],
                          "acwr_ewma": [1.23456, 0.8], "tut_s": [123.4, 60.0],
                          "value": [20.0, 1.43], "sessions": pd.array([3, None], dtype="Int64")})
    assert _cells(readable(table)) == [["5.9", "-8", "1.23", "123", "20", "3"],
                                       ["–", "20", "0.80", "60", "1.43", "–"]]
    assert _cells(readable(table, decimals={"tut_s": 1}))[0][3] == "123.4"
    assert _cells(readable(pd.DataFrame({"gain": [3.231e-4, 0.0]}))) == [["0.000323"], ["0"]]


def test_ids_become_names_even_inside_reasons_and_text_is_never_cut():
    long_note = "Stop straight away if you feel sharp pain in the low back or groin. " * 3
    table = pd.DataFrame({
        "exercise_id": ["toe_tap"], "programme_id": ["psoas_march_drill"],
        "flag": ["missed_sessions"], "metric": ["volume_load_kg"],
        "reason": ["1 session(s); programme psoas_march_drill asks for 3 a week"],
        "note": [long_note], "current": [True],
        "week_start": pd.to_datetime(["2024-01-01"]),
    })
    styler = readable(table)
    assert _cells(styler) == [["Toe Tap", "Psoas march drill", "Missed sessions",
                               "Volume load [kg]",
                               "1 session(s); programme Psoas march drill asks for 3 a week",
                               long_note, "yes", "2024-01-01"]]
    html = styler.to_html()
    assert "..." not in html and "white-space: normal" in html and "white-space: nowrap" in html
    assert "text-align: left" in html and "text-align: right" not in html  # all text here


def test_a_repeated_index_from_concat_is_shown_not_refused():
    table = pd.concat([pd.DataFrame({"hip_deg": [0]}), pd.DataFrame({"hip_deg": [45]})])
    assert _cells(readable(table)) == [["0"], ["45"]]


def test_the_frame_is_not_modified():
    table = pd.DataFrame({"exercise_id": ["toe_tap"], "rpe_mean": [5.86]})
    before = table.copy()
    readable(table).to_html()
    pd.testing.assert_frame_equal(table, before)


@given(st.lists(st.one_of(st.none(), st.just(float("nan")), st.floats(allow_infinity=False,
                                               min_value=-1e9, max_value=1e9)),
                min_size=1, max_size=8))
def test_any_numbers_render_without_nan_or_long_tails(values):
    table = pd.DataFrame({"load": pd.array(values, dtype="Float64"),
                          "score": np.array([np.nan if v is None else v for v in values])})
    for row in _cells(readable(table)):
        for text in row:
            assert "nan" not in text.lower() and "<NA>" not in text
            # a dash, a number with at most 2 decimals, or a small one to 3 significant digits
            assert re.fullmatch(r"–|-?[\d,]+(\.\d{1,2})?|-?0\.0+[1-9]\d{0,2}|"
                                r"-?\d(\.\d{1,2})?e-\d+", text), text
