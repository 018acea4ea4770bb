"""The canonical log schema, read_log, validation, the ingest report and quarantine."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoaskit._data import data_path
from psoaskit.errors import LogError
from psoaskit.logs.api import read_log, write_log
from psoaskit.logs.cells import parse_dates
from psoaskit.logs.schema import (
    LB_TO_KG,
    LOG_COLUMNS,
    LOG_DTYPES,
    REASONS,
    SKIP_REASONS,
    IngestReport,
    empty_log,
)

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 1, 1)
HEADER = ",".join(LOG_COLUMNS)


def csv(*rows: str, header: str = HEADER) -> io.StringIO:
    return io.StringIO("\n".join([header, *rows]) + "\n")


def row(**values: object) -> str:
    base = {
        "athlete_id": "007",
        "date": "2025-03-03",
        "session_id": "s1",
        "exercise_id": "toe_tap",
        "side": "both",
        "set_index": "1",
        "reps": "10",
    }
    base.update({k: str(v) for k, v in values.items()})
    return ",".join(base.get(c, "") for c in LOG_COLUMNS)


def assert_accounted(report: IngestReport) -> None:
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert report.rows_rejected == report.rows_invalid + report.rows_skipped
    assert set(report.problems["reason"]) <= set(REASONS)


def assert_canonical(log: pd.DataFrame) -> None:
    assert list(log.columns) == list(LOG_COLUMNS)
    for column, dtype in LOG_DTYPES.items():
        if dtype == "category":
            assert isinstance(log[column].dtype, pd.CategoricalDtype), column
        else:
            assert log[column].dtype == pd.Series(dtype=dtype).dtype, column


# --- schema and the example file --------------------------------------------------------------


def test_empty_log_has_the_schema():
    assert_canonical(empty_log())


def test_example_log_is_accepted_whole_with_ids_as_text():
    log, report = read_log(data_path("example_log.csv"), today=TODAY)
    assert_accounted(report)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (11, 11, 0)
    assert_canonical(log)
    assert list(log["athlete_id"].cat.categories) == ["007", "012"]
    assert log.loc[0, "work_s"] == 60 and pd.isna(log.loc[0, "reps"])
    assert log.loc[4, "load_kg"] == 4.0 and log.loc[6, "band"] == "red"
    assert log.loc[3, "date"] == pd.Timestamp("2025-03-03 07:30")
    assert any("'source'" in note for note in report.notes)  # extra column named, not lost


# --- the messy fixture: every reason names row, column and value ------------------------------


@pytest.fixture(scope="module")
def messy():
    return read_log(FIXTURES / "log_messy.csv", today=TODAY)


def test_messy_log_accounts_for_every_row(messy):
    log, report = messy
    assert_accounted(report)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (10, 2, 8)
    assert (report.rows_invalid, report.rows_skipped) == (7, 1)
    assert not report.ok
    assert report.reason_counts() == {
        "bad_date": 1,
        "bad_side": 1,
        "blank_row": 1,
        "duplicate": 1,
        "future_date": 1,
        "malformed_row": 1,
        "missing_value": 1,
        "no_dose": 1,
        "not_a_number": 1,
        "not_whole": 1,
        "out_of_range": 1,
        "unknown_exercise": 1,
    }
    assert list(log["exercise_id"]) == ["supine_psoas_activation", "psoas_march"]
    assert log.loc[1, "notes"] == "left hip tight, eased off"


def test_messy_log_reasons_name_spreadsheet_row_column_and_value(messy):
    problems = messy[1].problems.set_index(["row", "column"])
    assert problems.loc[(6, "reps"), "value"] == "-3"
    assert problems.loc[(6, "reps"), "message"] == "must be between 0 and 500"
    assert problems.loc[(6, "hold_s"), "message"] == "must be between 0 and 600 s"
    assert problems.loc[(6, "rpe"), "value"] == "11"
    assert problems.loc[(6, "load_kg"), "reason"] == "not_a_number"
    assert problems.loc[(6, "set_index"), "reason"] == "not_whole"
    assert problems.loc[(6, "side"), "value"] == "X"
    assert problems.loc[(6, "date"), "reason"] == "future_date"
    assert problems.loc[(7, "date"), "reason"] == "bad_date"
    assert "did you mean 'psoas_march'" in problems.loc[(8, "exercise_id"), "message"]
    assert problems.loc[(11, "athlete_id"), "reason"] == "missing_value"
    rejected = messy[1].rejected_rows().set_index("row")["reason"]
    assert rejected[3] == "exact duplicate of row 2"
    assert rejected[9] == "no reps, hold_s or work_s: a set needs one"
    assert rejected[10].startswith("1 fields, the header has 14")


def test_report_text_has_totals_reasons_and_first_rows(messy):
    text = messy[1].to_text(max_rows=3)
    assert "read 10 rows = 2 accepted + 8 rejected (7 invalid, 1 skipped)" in text
    assert "unknown_exercise  1" in text
    assert "row 3: exact duplicate of row 2" in text and "... and 5 more" in text
    assert "'Psoas March' -> psoas_march" in text


# --- source never modified; quarantine verbatim and atomic -----------------------------------


def test_quarantine_holds_rejected_rows_verbatim_and_source_is_untouched(tmp_path):
    source = tmp_path / "log.csv"
    source.write_bytes((FIXTURES / "log_messy.csv").read_bytes())
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    quarantine = tmp_path / "rejected.csv"
    _, report = read_log(source, today=TODAY, quarantine=quarantine)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv", "rejected.csv"]  # no temp
    q = pd.read_csv(quarantine, dtype=str, keep_default_na=False)
    assert list(q["row"].astype(int)) == sorted(report.problems["row"].unique())
    assert list(q.columns[:2]) == ["row", "reason"] and "raw" in q.columns
    by_row = q.set_index(q["row"].astype(int))
    assert by_row.loc[6, "reps"] == "-3" and by_row.loc[6, "load_kg"] == "abc"
    assert by_row.loc[7, "date"] == "31/02/2025" and by_row.loc[8, "exercise_id"] == "psoas marchh"
    assert by_row.loc[10, "raw"] == "this line was typed into the sheet by hand"


def test_typed_fast_path_still_reports_values_as_written(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(f"{HEADER}\n{row(reps='-3.0', load_kg='2.50')}\n{row(set_index=2)}\n")
    quarantine = tmp_path / "q.csv"
    _, report = read_log(path, today=TODAY, quarantine=quarantine)
    assert report.problems.loc[0, "value"] == "-3.0"
    q = pd.read_csv(quarantine, dtype=str)
    assert q.loc[0, "reps"] == "-3.0" and q.loc[0, "load_kg"] == "2.50"


def test_clean_run_replaces_a_stale_quarantine(tmp_path):
    quarantine = tmp_path / "q.csv"
    quarantine.write_text("row,reason\n5,old\n")
    read_log(csv(row()), today=TODAY, quarantine=quarantine)
    lines = quarantine.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith("row,reason,athlete_id,date")


def test_quarantine_may_not_overwrite_the_source(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(f"{HEADER}\n{row()}\n")
    with pytest.raises(LogError, match="overwrite the source"):
        read_log(path, quarantine=path)
    assert path.read_text() == f"{HEADER}\n{row()}\n"


# --- formats: CSV, Parquet, JSON Lines and DataFrames give the same log ----------------------


def test_formats_round_trip_to_the_same_log(tmp_path):
    log, _ = read_log(data_path("example_log.csv"), today=TODAY)
    for name in ("log.parquet", "log.csv"):
        write_log(log, tmp_path / name)
        again, report = read_log(tmp_path / name, today=TODAY)
        assert report.rows_rejected == 0
        pd.testing.assert_frame_equal(again, log)
    lines = [
        json.dumps(
            {k: (None if pd.isna(v) else str(v) if k == "date" else v) for k, v in r.items()},
            default=int,
        )
        for r in log.astype(object).to_dict("records")
    ]
    (tmp_path / "log.jsonl").write_text("\n".join(lines) + "\n")
    again, report = read_log(tmp_path / "log.jsonl", today=TODAY)
    assert report.rows_rejected == 0
    pd.testing.assert_frame_equal(again, log)
    again, _ = read_log(log, today=TODAY)
    pd.testing.assert_frame_equal(again, log)


def test_jsonl_lines_that_are_not_objects_are_rejected_with_their_line_number():
    text = (
        '{"athlete_id": "007", "date": "2025-03-03", "exercise_id": "toe_tap", "reps": 8}\n'
        "\n[1, 2]\n{not json\n"
        '{"athlete_id": 7, "date": "2025-03-03", "exercise_id": "toe_tap", "reps": "8"}\n'
    )
    log, report = read_log(io.BytesIO(text.encode()), format="jsonl", today=TODAY)
    assert_accounted(report)
    assert report.problems.set_index("row")["reason"].to_dict() == {
        2: "blank_row",
        3: "bad_json",
        4: "bad_json",
    }
    assert list(log["athlete_id"]) == ["007", "7"]


def test_dataframe_in_memory_with_mixed_types():
    frame = pd.DataFrame(
        {
            "athlete_id": [7, "007", None],
            "date": pd.to_datetime(["2025-01-02", "2025-01-03", None]),
            "exercise_id": ["toe_tap", "toe_tap", "toe_tap"],
            "reps": [8, 9.5, 3],
        }
    )
    log, report = read_log(frame, today=TODAY)
    assert_accounted(report)
    assert list(log["athlete_id"]) == ["7"]
    assert report.problems.set_index("row")["reason"].to_dict() == {
        1: "not_whole",
        2: "missing_value",
    }
    assert report.row_numbering.startswith("0-based")


def test_semicolon_csv_windows_1252_and_quoted_line_breaks():
    data = (
        "athlete_id;date;exercise_id;reps;notes\n"
        '007;2025-03-03;toe_tap;8;"caf\xe9\nsecond line"\n'
        "007;2025-03-03;toe_tap;-1;\n"
    ).encode("cp1252")
    log, report = read_log(io.BytesIO(data), today=TODAY)
    assert log.loc[0, "notes"] == "café\nsecond line"
    assert report.problems.loc[0, "row"] == 3  # spreadsheet row, not line number
    assert any("Windows-1252" in n for n in report.notes)


def test_quoted_line_breaks_across_pyarrow_blocks_keep_rows_exact():
    rows = [row(set_index=i % 900 + 1, session_id=f"s{i // 900}",
                notes='"first line\nsecond, line"' if i % 7 == 0 else "ok")
            for i in range(30_000)]
    log, report = read_log(csv(*rows, row(reps=-2, session_id="last")), today=TODAY)
    assert len(log) == 30_000 and log.loc[7, "notes"] == "first line\nsecond, line"
    assert report.problems["row"].tolist() == [30_002]  # header is row 1


# --- options and derived values ----------------------------------------------------------------


def test_pounds_are_converted_and_checked_in_kg():
    log, report = read_log(
        csv(row(load_kg=10), row(set_index=2, load_kg=3000)), weight_unit="lb", today=TODAY
    )
    assert log.loc[0, "load_kg"] == pytest.approx(10 * LB_TO_KG)
    assert report.problems.loc[0, "message"] == "must be between 0 and 1000 kg"
    assert any("pounds" in n for n in report.notes)


def test_dayfirst_and_date_forms():
    text = pd.Series(
        ["03/04/2025", "2025-04-03T09:15:00+02:00", "2025-4-3 7:05 PM", "2025-02-30", "April 3"]
    )
    assert list(parse_dates(text)) == [
        pd.Timestamp("2025-03-04"),
        pd.Timestamp("2025-04-03 09:15"),
        pd.Timestamp("2025-04-03 19:05"),
        pd.NaT,
        pd.NaT,
    ]
    assert parse_dates(text, dayfirst=True)[0] == pd.Timestamp("2025-04-03")
    log, _ = read_log(csv(row(date="03/04/2025")), dayfirst=True, today=TODAY)
    assert log.loc[0, "date"] == pd.Timestamp("2025-04-03")


def test_future_dates_depend_on_today():
    rows = csv(row(date="2025-06-01"), row(date="2025-06-02 23:59", set_index=2))
    _, report = read_log(rows, today=dt.date(2025, 6, 1))
    assert report.problems["row"].tolist() == [3]
    assert report.problems.loc[0, "message"] == "in the future (today is 2025-06-01)"


def test_strict_mode_raises_with_the_report():
    with pytest.raises(LogError, match="strict mode: 1 row") as err:
        read_log(csv(row(), row(reps=-1, set_index=2)), strict=True, today=TODAY)
    assert err.value.report is not None and err.value.report.rows_accepted == 1
    log, _ = read_log(csv(row(), ",,,,,,,,,,,,,"), strict=True, today=TODAY)  # skipped: fine
    assert len(log) == 1


def test_missing_session_side_and_set_index_are_derived_and_noted():
    text = io.StringIO(
        "athlete_id,date,exercise_id,reps\n007,2025-03-03 08:00,toe_tap,8\n"
        "007,2025-03-03 08:00,toe_tap,8\n007,2025-03-04,toe_tap,6\n"
    )
    log, report = read_log(text, today=TODAY)
    assert list(log["session_id"]) == ["007 2025-03-03", "007 2025-03-03", "007 2025-03-04"]
    assert list(log["set_index"]) == [1, 2, 1] and set(log["side"]) == {"both"}
    assert report.rows_rejected == 0  # the two equal sets differ in set_index once numbered
    assert (
        sum("derived" in n or "numbered" in n or "recorded as 'both'" in n for n in report.notes)
        == 3
    )


def test_duplicates_are_exact_only():
    rows = csv(
        row(notes="a"), row(notes="a"), row(notes="b"), row(notes="a", reps=11), row(notes="a")
    )
    log, report = read_log(rows, today=TODAY)
    assert len(log) == 3
    assert report.rejected_rows().set_index("row")["reason"].to_dict() == {
        3: "exact duplicate of row 2",
        6: "exact duplicate of row 2",
    }


def test_side_spellings_and_names_for_ids():
    rows = csv(
        row(side="left", exercise_id="Psoas March"),
        row(side="r", set_index=2),
        row(side="Both", set_index=3),
    )
    log, _ = read_log(rows, today=TODAY)
    assert list(log["side"]) == ["L", "R", "both"]
    assert log.loc[0, "exercise_id"] == "psoas_march"


# --- unreadable input: one documented error, clear message ------------------------------------


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty file"),
        (b"athlete_id,date,reps\n007,2025-01-01,3\n", "missing required column.*exercise_id"),
        (b"athlete,date,exercise_id,reps\n", r"athlete_id \(is 'athlete' meant\?\)"),
        (b"athlete_id,date,exercise_id,notes\n", "no dose column"),
        (b"athlete_id,date,exercise_id,reps,reps\n", "more than once"),
        (b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n", "strong export"),
    (b"# a comment\nathlete_id,date\n", "missing required column.*the header has '# a comment'"),
    ],
)
def test_unreadable_logs_raise_log_error(content, match):
    with pytest.raises(LogError, match=match):
        read_log(io.BytesIO(content))


def test_missing_files_and_bad_parquet(tmp_path):
    with pytest.raises(LogError, match="no such file"):
        read_log(tmp_path / "nope.csv")
    with pytest.raises(LogError, match="is a folder, not a file"):
        read_log(tmp_path)
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    with pytest.raises(LogError, match="Parquet"):
        read_log(bad)
    with pytest.raises(LogError, match="weight unit"):
        read_log(csv(row()), weight_unit="stone")


def test_unknown_columns_are_noted_with_a_hint():
    _, report = read_log(
        io.StringIO("athlete_id,date,exercise_id,reps,rep,painn\n007,2025-01-01,toe_tap,3,4,1\n"),
        today=TODAY,
    )
    assert "'painn' (did you mean 'pain'?)" in report.notes[0]


# --- fuzzing: only a result with a consistent report, or LogError ------------------------------

NASTY = [
    "",
    " ",
    "007",
    "7",
    "-1",
    "0",
    "1.5",
    "501",
    "1e309",
    "nan",
    "NA",
    "inf",
    "x",
    "2025-03-03",
    "2025-02-30",
    "03/04/2025",
    "2999-01-01",
    "toe_tap",
    "Psoas March",
    "other",
    "L",
    "R",
    "both",
    "left",
    '"',
    "a,b",
    "a\nb",
    "é",
    "\x00",
    "🏋️",
    ";",
    "0x10",
]
# budget from the "psoaskit" profile in conftest.py (PSOASKIT_FUZZ_EXAMPLES)
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_outcome(call) -> None:
    try:
        log, report = call()
    except LogError as exc:
        assert str(exc)
        return
    assert_accounted(report)
    assert len(log) == report.rows_accepted
    assert_canonical(log)


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data):
    for fmt in ("auto", "csv", "jsonl", "parquet"):
        check_outcome(lambda fmt=fmt: read_log(io.BytesIO(data), format=fmt, today=TODAY))


@FUZZ
@given(
    st.lists(st.sampled_from([*LOG_COLUMNS, "x", "", "Reps", "date"]), min_size=1, max_size=16),
    st.lists(st.lists(st.sampled_from(NASTY), max_size=18), max_size=12),
    st.sampled_from([",", ";"]),
)
def test_fuzz_random_headers_and_values(header, rows, delimiter):
    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',;"\n') else cell

    text = "\n".join(delimiter.join(map(quote, r)) for r in [header, *rows])
    check_outcome(lambda: read_log(io.StringIO(text), today=TODAY))


@FUZZ
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "athlete_id": st.one_of(st.sampled_from(NASTY), st.integers(-5, 5), st.none()),
                "date": st.one_of(
                    st.sampled_from(NASTY),
                    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)),
                    st.none(),
                ),
                "exercise_id": st.sampled_from(NASTY),
                "side": st.sampled_from(NASTY),
                "reps": st.one_of(
                    st.floats(allow_nan=True), st.integers(-10, 1000), st.sampled_from(NASTY)
                ),
                "hold_s": st.one_of(st.floats(), st.none()),
                "notes": st.one_of(st.text(string.printable, max_size=5), st.none()),
            }
        ),
        max_size=10,
    )
)
def test_fuzz_dataframes_with_mixed_values(records):
    frame = pd.DataFrame.from_records(
        records, columns=["athlete_id", "date", "exercise_id", "side", "reps", "hold_s", "notes"]
    )
    check_outcome(lambda: read_log(frame, today=TODAY))
    check_outcome(lambda: read_log(frame.astype(object), today=TODAY))


def test_skip_reasons_are_reasons():
    assert set(REASONS) >= SKIP_REASONS
    pounds_per_kg = 2.20462262
    assert np.isclose(LB_TO_KG * pounds_per_kg, 1.0)


def _small_log(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame({
        "athlete_id": [r[0] for r in rows], "session_id": [r[1] for r in rows],
        "exercise_id": "toe_tap", "side": "both", "set_index": [r[2] for r in rows],
        "reps": [r[3] for r in rows], "source": "export",
    })


def test_merging_an_export_again_adds_nothing_and_a_correction_replaces():
    from psoaskit.logs.api import merge_logs

    log = _small_log([("A", "s1", 1, 8), ("A", "s1", 2, 8), ("B", "s1", 1, 6)])
    again, counts = merge_logs(log, log.assign(source="a newer export"))
    assert counts == {"new": 0, "already_present": 3, "changed": 0, "kept": 0}
    pd.testing.assert_frame_equal(again, log)
    newer = _small_log([("A", "s1", 1, 8), ("A", "s1", 2, 9), ("A", "s2", 1, 10)])
    merged, counts = merge_logs(log, newer)
    assert counts == {"new": 1, "already_present": 1, "changed": 1, "kept": 1}
    assert merged[["athlete_id", "session_id", "set_index", "reps"]].values.tolist() == [
        ["A", "s1", 1, 8], ["A", "s1", 2, 9], ["B", "s1", 1, 6], ["A", "s2", 1, 10]]


@given(st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(["s1", "s2"]),
                          st.integers(1, 3), st.integers(0, 20)), max_size=12),
       st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(["s1", "s3"]),
                          st.integers(1, 3), st.integers(0, 20)), max_size=12))
def test_merging_is_idempotent_and_never_duplicates_a_set(old_rows, new_rows):
    from psoaskit.logs.api import SET_KEY, merge_logs

    def unique(rows):
        seen = {}
        for row in rows:
            seen.setdefault(row[:3], row)
        return list(seen.values())

    old, new = _small_log(unique(old_rows)), _small_log(unique(new_rows))
    once, counts = merge_logs(old, new)
    twice, again = merge_logs(once, new)
    pd.testing.assert_frame_equal(once, twice)
    assert again["new"] == 0 and again["changed"] == 0
    assert not once.duplicated(subset=list(SET_KEY)).any()
    assert len(once) == len(old) + counts["new"]
    assert counts["new"] + counts["already_present"] + counts["changed"] == len(new)


def test_import_into_a_log_twice_writes_each_set_once(tmp_path, capsys):
    from psoaskit.cli import main

    export = FIXTURES / "strong_v4.csv"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert main(["import", str(export), "--athlete", "kim", "--out", str(first)]) == 0
    before = first.read_bytes()
    assert main(["import", str(export), "--athlete", "kim", "--into", str(first),
                 "--out", str(second)]) == 0
    out = capsys.readouterr().out
    assert "0 new set(s), 7 already in the log" in out
    assert first.read_bytes() == before  # the log merged into is not changed
    assert len(pd.read_csv(second)) == len(pd.read_csv(first))
    assert main(["import", str(export), "--athlete", "kim", "--into", str(first),
                 "--out", str(first)]) == 2  # --out may not replace the log it reads
