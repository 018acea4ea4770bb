"""Importers of app exports (Strong, Hevy, FitNotes, Fitbod, JEFIT, column maps) and the
import/validate commands."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoaskit.cli import main
from psoaskit.errors import LogError
from psoaskit.logs.api import import_export, merge_logs, read_any, read_log
from psoaskit.logs.apps.common import resolve_exercise
from psoaskit.logs.apps.hevy import parse_hevy_time
from psoaskit.logs.apps.names import read_mapping
from psoaskit.logs.formats import detect_format, export_formats
from psoaskit.logs.schema import LB_TO_KG, LOG_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 1, 1)


def load(name: str, **options):
    log, report = import_export(FIXTURES / name, today=TODAY, **options)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert list(log.columns) == list(LOG_COLUMNS)
    assert log["pain"].isna().all()  # apps record no pain
    return log, report


# --- one fixture per real header variant: counts, then the values that matter -----------------

EXPECTED = {  # file: (format, read, accepted, reasons of rejected rows)
    "strong_v1.csv": ("strong (V1)", 4, 4, {}),
    "strong_v2.csv": ("strong (V2)", 4, 4, {}),
    "strong_v3_semicolon.csv": ("strong (V3)", 5, 4, {"bad_unit": 1}),
    "strong_v3_headerless.csv": ("strong (V3)", 3, 3, {}),
    "strong_v3b_quoted.csv": ("strong (V3b)", 3, 3, {}),
    "strong_v4.csv": ("strong (V4)", 8, 7, {"rest_timer": 1}),
    "strong_v5.csv": ("strong (V5)", 5, 4, {"not_a_number": 1}),
    "hevy_kg.csv": ("hevy (kg)", 6, 6, {}),
    "hevy_us_dates.csv": ("hevy (kg)", 3, 2, {"bad_date": 1}),
    "hevy_semicolon_2023.csv": ("hevy (kg)", 3, 3, {}),
    "hevy_lbs.csv": ("hevy (lbs)", 3, 3, {}),
    "fitnotes_old_lbs.csv": ("fitnotes", 5, 5, {}),
    "fitnotes_kgs_comment.csv": ("fitnotes", 3, 3, {}),
    "fitnotes_new.csv": ("fitnotes", 4, 3, {"malformed_row": 1}),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_header_variant_is_imported_and_accounted_for(name):
    fmt, read, accepted, reasons = EXPECTED[name]
    _, report = load(name)
    assert (report.format, report.rows_read, report.rows_accepted) == (fmt, read, accepted)
    assert report.reason_counts() == reasons


def test_exports_are_never_modified(tmp_path):
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in FIXTURES.iterdir()}
    for name in EXPECTED:
        load(name, quarantine=tmp_path / f"{name}.rejected.csv")
    assert digests == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in FIXTURES.iterdir()
    }


def test_strong_v1_catalogue_names_other_rows_and_timed_sets():
    log, report = load("strong_v1.csv")
    assert list(log["exercise_id"]) == ["other", "other", "hanging_alternating_leg_raise", "other"]
    assert log.loc[0, "notes"] == "exercise: Bench Press (Barbell)"
    assert pd.isna(log.loc[3, "reps"]) and log.loc[3, "work_s"] == 60  # Plank: 0 reps, 60 s
    assert log["date"].iloc[0] == pd.Timestamp("2017-05-12 19:00:00")
    assert set(log["session_id"]) == {"2017-05-12 19:00:00"}
    assert any("weights read as kg" in n for n in report.notes)
    assert any("'Bench Press (Barbell)' x2" in n for n in report.notes)


def test_strong_weight_unit_option_for_unstated_units():
    log, _ = load("strong_v1.csv", weight_unit="lb")
    assert log.loc[0, "load_kg"] == pytest.approx(50 * LB_TO_KG)


def test_strong_v2_cardio_and_rpe():
    log, _ = load("strong_v2.csv")
    assert log.loc[0, "work_s"] == 330 and pd.isna(log.loc[0, "reps"])
    assert log.loc[0, "notes"] == "exercise: Elliptical Machine; distance 2.0"
    assert list(log["rpe"].iloc[2:]) == [7.0, 8.5]
    assert log.loc[3, "load_kg"] == pytest.approx(6.80388555)


def test_strong_v3_units_per_row_decimal_comma_and_side_in_the_name():
    log, report = load("strong_v3_semicolon.csv")
    assert log.loc[0, "load_kg"] == pytest.approx(90 * LB_TO_KG)
    hold = log[log["exercise_id"] == "standing_banded_psoas_hold"].iloc[0]
    assert hold["side"] == "R" and hold["load_kg"] == 12.5
    bad = report.problems.iloc[0]
    assert (bad["row"], bad["column"], bad["value"]) == (6, "Weight Unit", "stone")
    assert any("1 row(s) without a weight unit read as kg" in n for n in report.notes)


def test_strong_v3_without_its_header_row():
    log, report = load("strong_v3_headerless.csv")
    assert "no header row" in report.row_numbering
    assert log.loc[2, "exercise_id"] == "psoas_march" and log.loc[2, "work_s"] == 60
    assert detect_format(list(export_formats()["strong"].headless_header)) == "strong"


def test_strong_v3b_units_in_header():
    log, report = load("strong_v3b_quoted.csv")
    assert list(log["load_kg"].fillna(-1)) == [40.0, -1, 19.0]
    assert not any("weight unit" in n for n in report.notes)
    assert any("Workout #" in n for n in report.notes)  # named as not carried


def test_strong_variants_seen_only_in_other_importers():
    # 12-hour clock with a narrow no-break space, a trailing Workout Duration column, decimal
    # commas; and a semicolon export with the unit in the weight header
    text = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
        "2024-01-05 7:03:00\u202fPM;Hips;Psoas March;1;0;kg;0;;;;60;;;25m\n"
        "2024-01-05 7:03:00\u202fPM;Hips;Standing Hip Flexion (left leg);1;2,5;kg;10;8;;;0;;;25m\n"
    )
    log, report = import_export(io.StringIO(text), athlete_id="a", today=TODAY)
    assert report.rows_rejected == 0
    assert set(log["date"]) == {pd.Timestamp("2024-01-05 19:03")}
    assert log.loc[1, ["exercise_id", "side", "load_kg", "rpe"]].tolist() == [
        "standing_hip_flexion", "L", 2.5, 8.0]
    assert log["session_duration_min"].tolist() == [25.0, 25.0]  # the workout's duration
    text = "Date;Workout Name;Exercise Name;Set Order;Weight (kg);Reps;Seconds\n" \
           "2024-01-05 07:03:00;Hips;Toe Taps;1;82,5;5;0\n"
    log, report = import_export(io.StringIO(text), athlete_id="a", weight_unit="lb", today=TODAY)
    assert log.loc[0, "load_kg"] == 82.5  # the header's unit wins over the option
    assert not any("weight unit" in n for n in report.notes)


def test_strong_v4_rest_timers_skipped_and_set_index_in_order():
    log, report = load("strong_v4.csv")
    assert report.ok and report.rows_skipped == 1
    assert report.problems.loc[0, "row"] == 8
    incline = log[log["notes"] == "exercise: Incline Bench Press (Dumbbell)"]
    assert list(incline["set_index"]) == [1]  # the rest timer is not a set
    assert log.loc[1, "notes"] == "exercise: Squat (Barbell); 3x 8-10 RPE7"
    assert log.loc[2, "exercise_id"] == "deep_lunge_side_bend_stretch"
    assert log.loc[2, "side"] == "both"
    assert any("one-sided" in n for n in report.notes)


def test_strong_v5_warm_up_and_drop_sets():
    log, report = load("strong_v5.csv")
    assert list(log["set_index"]) == [1, 2, 1, 2]
    assert log.loc[0, "notes"].endswith("warm-up set") and log.loc[3, "notes"].endswith("drop set")
    assert list(log["reps"]) == [12, 13, 10, 4]
    assert report.problems.loc[0, ["row", "column", "value"]].tolist() == [6, "Reps", "ten"]


def test_hevy_newest_first_is_put_in_date_order_with_notes_kept():
    log, report = load("hevy_kg.csv")
    assert log["date"].is_monotonic_increasing
    assert any("newest first" in n for n in report.notes)
    knee = log[log["exercise_id"] == "hanging_alternating_leg_raise"]
    assert list(knee["set_index"]) == [1, 2] and list(knee["rpe"]) == [8.0, 9.5]
    assert knee.iloc[0]["notes"] == "slow on the way down\nkept pelvis still"
    running = log[log["notes"].str.contains("Running", na=False)].iloc[0]
    assert running["work_s"] == 1800 and running["notes"].endswith("distance 5 km")
    assert log["notes"].str.contains("failure set").sum() == 1
    assert pd.isna(knee.iloc[0]["load_kg"])  # bodyweight: no weight


def test_hevy_dates_in_several_styles():
    assert parse_hevy_time("7 Apr 2025, 10:14") == pd.Timestamp("2025-04-07 10:14")
    assert parse_hevy_time("Jun 11, 2025, 12:01 AM") == pd.Timestamp("2025-06-11 00:01")
    assert parse_hevy_time("Jun 31, 2025, 1:01 PM") == "Jun 31, 2025, 1:01 PM"
    log, report = load("hevy_us_dates.csv")
    assert log.loc[0, "date"] == pd.Timestamp("2025-06-11 13:01")
    assert report.problems.loc[0, ["row", "column"]].tolist() == [4, "start_time"]
    log, _ = load("hevy_semicolon_2023.csv")
    assert log.loc[1, "load_kg"] == 62.5 and log.loc[2, "date"] == pd.Timestamp("2024-07-25 14:21")


def test_hevy_pounds_and_side_from_the_name():
    log, _ = load("hevy_lbs.csv")
    assert log.loc[0, "load_kg"] == pytest.approx(135 * LB_TO_KG)
    assert log.loc[1, ["exercise_id", "side"]].tolist() == ["standing_slumpy_psoas_dumbbell", "L"]
    assert log.loc[2, "notes"].endswith("distance 1.5 mi")


def test_fitnotes_both_header_forms():
    log, _ = load("fitnotes_old_lbs.csv")
    assert log.loc[1, "work_s"] == 9 * 60 + 21
    holds = log[log["exercise_id"] == "half_kneeling_banded_psoas_hold"]
    assert list(holds["set_index"]) == [1, 2] and list(holds["work_s"]) == [30, 30]
    assert log.loc[4, "load_kg"] == pytest.approx(5 * LB_TO_KG)
    assert log["session_id"].tolist()[-1] == "2017-06-24"
    log, _ = load("fitnotes_kgs_comment.csv")
    assert (
        log.loc[0, "notes"] == "slow, controlled" and log.loc[2, "exercise_id"] == "supine_marching"
    )


def test_fitnotes_unquoted_comma_is_rejected_not_shifted(tmp_path):
    log, report = load("fitnotes_new.csv", quarantine=tmp_path / "q.csv")
    assert "Overhead Press" not in " ".join(log["notes"].dropna())
    assert "unquoted comma" in report.problems.loc[0, "message"]
    assert report.problems.loc[0, "row"] == 3
    assert log.loc[1, "load_kg"] == pytest.approx(2 * LB_TO_KG)
    quarantine = pd.read_csv(tmp_path / "q.csv", dtype=str, keep_default_na=False)
    assert (
        quarantine.loc[0, "raw"]
        == "2025-04-29,Overhead Press (Each Side, Dumbbells),Shoulders,10.0,kgs,8,,,"
    )


def test_quarantine_of_an_export_keeps_its_own_columns(tmp_path):
    load("strong_v5.csv", quarantine=tmp_path / "q.csv")
    q = pd.read_csv(tmp_path / "q.csv", dtype=str, keep_default_na=False)
    assert q.loc[0, "Exercise Name"] == "Toe Tap" and q.loc[0, "Reps"] == "ten"
    assert q.loc[0, "reason"] == "Reps = 'ten': not a number"


# --- exercise names, mapping file, sides --------------------------------------------------------


def test_mapping_file_sets_ids_and_sides():
    text = (
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n"
        "2025-01-02,Psoas Hold Left,Core,0,5,,,\n2025-01-02,Psoas Hold Right,Core,0,5,,,\n"
        "2025-01-02,Plank,Core,0,,,,0:01:00\n"
    )
    log, report = import_export(
        io.StringIO(text), mapping=FIXTURES / "mapping.csv", athlete_id="jo", today=TODAY
    )
    assert log[["exercise_id", "side"]].values.tolist() == [
        ["standing_banded_psoas_hold", "L"],
        ["standing_banded_psoas_hold", "R"],
        ["other", "both"],
    ]
    assert set(log["athlete_id"]) == {"jo"}
    assert not any("one-sided" in n for n in report.notes)


def test_bad_mappings_name_the_row(tmp_path):
    bad = tmp_path / "map.csv"
    bad.write_text("name,exercise_id\nPsoas Hold,psoas_hols\n")
    with pytest.raises(LogError, match=r"row 2: unknown exercise 'psoas_hols'; did you mean"):
        read_mapping(bad)
    with pytest.raises(LogError, match="side 'left'"):
        read_mapping({"x": ("toe_tap", "left")})


def test_resolve_exercise_names():
    from psoaskit.catalogue.exercises import read_catalogue

    cat = read_catalogue()
    assert resolve_exercise("Left Standing Banded Psoas Hold", cat) == (
        "standing_banded_psoas_hold",
        "L",
    )
    assert resolve_exercise("Psoas March - R", cat) == ("psoas_march", "R")
    assert resolve_exercise("psoas_march", cat) == ("psoas_march", None)
    assert resolve_exercise("Right", cat) == ("other", None)


# --- detection and errors ----------------------------------------------------------------------


def test_detect_format():
    assert detect_format(["title", "start_time", "exercise_title"]) == "hevy"
    assert detect_format(list(LOG_COLUMNS)) == "canonical"
    assert detect_format(["a", "b"]) == "unknown"


@pytest.mark.parametrize(
    ("text", "options", "match"),
    [
        ("", {}, "empty file"),
        ("a,b,c\n1,2,3\n", {}, "matches no known export"),
        (",".join(LOG_COLUMNS) + "\n", {}, "psoaskit log already"),
        ("title,start_time,exercise_title\n", {"format": "strong"}, "hevy export, not strong"),
        ("title,start_time,exercise_title\n", {"format": "gymbook"}, "unknown export format"),
        ("title,start_time,exercise_title\n", {"weight_unit": "st"}, "unknown weight unit"),
    ],
)
def test_unreadable_exports_raise_log_error(text, options, match):
    with pytest.raises(LogError, match=match):
        import_export(io.StringIO(text), **options)


def test_strict_import_raises_with_report():
    with pytest.raises(LogError, match="strict") as err:
        import_export(FIXTURES / "strong_v5.csv", strict=True, today=TODAY)
    assert err.value.report.rows_invalid == 1
    log, _ = import_export(FIXTURES / "strong_v4.csv", strict=True, today=TODAY)  # skips only
    assert len(log) == 7


def test_read_any_dispatches_on_content():
    assert read_any(FIXTURES / "hevy_lbs.csv", today=TODAY).report.format == "hevy (lbs)"
    assert read_any(FIXTURES / "log_messy.csv", today=TODAY).report.format == "csv"


# --- command line -------------------------------------------------------------------------------


def test_cli_import_writes_a_log_that_reads_back_clean(tmp_path, capsys):
    out = tmp_path / "ana.parquet"
    code = main(["import", str(FIXTURES / "strong_v4.csv"), "--out", str(out), "--athlete", "ana"])
    printed = capsys.readouterr().out
    assert code == 0 and "read 8 rows = 7 accepted + 1 rejected" in printed
    assert f"wrote {out} (7 rows)" in printed
    log, report = read_log(out)
    assert len(log) == 7 and report.rows_rejected == 0 and set(log["athlete_id"]) == {"ana"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.parquet"]


def test_cli_import_exit_codes(tmp_path, capsys):
    out = tmp_path / "log.csv"
    assert main(["import", str(FIXTURES / "fitnotes_new.csv"), "--out", str(out)]) == 1
    assert out.exists()  # accepted rows written, rejected ones reported
    assert "row 3: 10 fields" in capsys.readouterr().out
    assert (
        main(
            [
                "import",
                str(FIXTURES / "strong_v5.csv"),
                "--strict",
                "--out",
                str(tmp_path / "s.parquet"),
            ]
        )
        == 1
    )
    assert not (tmp_path / "s.parquet").exists()
    assert "nothing written" in capsys.readouterr().err
    assert main(["import", str(FIXTURES / "log_messy.csv"), "--out", str(out)]) == 2
    assert main(["import", str(tmp_path / "missing.csv"), "--out", str(out)]) == 2
    assert (
        main(
            [
                "import",
                str(FIXTURES / "strong_v4.csv"),
                "--out",
                str(tmp_path / "no" / "dir.parquet"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "psoaskit log already" in err and "Traceback" not in err
    assert all(line.startswith("psoaskit: error:") for line in err.strip().splitlines())


def test_cli_validate_names_each_bad_row(tmp_path, capsys):
    quarantine = tmp_path / "q.csv"
    assert (
        main(
            [
                "validate",
                str(FIXTURES / "log_messy.csv"),
                "--quarantine",
                str(quarantine),
                "--show",
                "20",
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    for expected in (
        "row 3: exact duplicate of row 2",
        "row 6: date = '2030-03-01'",
        "row 7: date = '31/02/2025'",
        "row 8: exercise_id = 'psoas marchh'",
        "row 10: 1 fields",
        "row 11: athlete_id = '': athlete_id is required",
    ):
        assert expected in out
    assert len(pd.read_csv(quarantine)) == 8
    assert main(["validate", str(FIXTURES / "hevy_kg.csv")]) == 0
    assert main(["validate", str(FIXTURES / "strong_v4.csv")]) == 0  # skipped rows only


def test_cli_validate_unreadable_is_one_line_exit_2(tmp_path, capsys):
    garbage = tmp_path / "x.parquet"
    garbage.write_bytes(b"\x00\x01garbage")
    for target in (garbage, tmp_path / "missing.csv"):
        assert main(["validate", str(target)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("psoaskit: error:")


# --- fuzzing: app-like headers with random values ------------------------------------------------

HEADERS = {
    "strong": [
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Weight Unit",
        "Reps",
        "Distance",
        "Seconds",
        "Notes",
        "RPE",
    ],
    "hevy": [
        "title",
        "start_time",
        "exercise_title",
        "set_index",
        "set_type",
        "weight_kg",
        "weight_lbs",
        "reps",
        "distance_km",
        "duration_seconds",
        "rpe",
        "exercise_notes",
    ],
    "fitnotes": [
        "Date",
        "Exercise",
        "Category",
        "Weight (lbs)",
        "Weight",
        "Weight Unit",
        "Reps",
        "Distance",
        "Distance Unit",
        "Time",
        "Comment",
    ],
    "fitbod": [
        "Date", "Exercise", "Reps", "Weight(kg)", "Duration(s)", "Distance(m)", "Incline",
        "Resistance", "isWarmup", "Note", "multiplier",
    ],
}
VALUES = [
    "",
    "0",
    "1",
    "-2",
    "8.0",
    "12,5",
    "W",
    "D",
    "Rest Timer",
    "lbs",
    "kg",
    "stone",
    "2024-01-02 10:00:00",
    "7 Apr 2025, 10:14",
    "Jun 31, 2025, 1:01 PM",
    "2025-04-29",
    "0:00:30",
    "1h 5m",
    "Psoas March",
    "Toe Tap (left)",
    "Bench, Press",
    "x",
    '"',
    "\n",
    "warmup",
    "nan",
    "1e9",
    "🏋️",
]


@settings(suppress_health_check=[HealthCheck.too_slow])  # budget: conftest profile
@given(st.sampled_from(sorted(HEADERS)), st.data(), st.sampled_from([",", ";"]))
def test_fuzz_exports(app, data, delimiter):
    names = HEADERS[app]
    header = data.draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True)
    )
    rows = data.draw(
        st.lists(st.lists(st.sampled_from(VALUES), max_size=len(header) + 2), max_size=8)
    )

    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',;"\n') else cell

    text = "\n".join(delimiter.join(map(quote, r)) for r in [header, *rows])
    records = len(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))) - 1
    for fmt in ("auto", app):
        try:
            log, report = import_export(io.StringIO(text), format=fmt, today=TODAY)
        except LogError as exc:
            assert str(exc)
            continue
        assert report.rows_read == report.rows_accepted + report.rows_rejected == records
        assert len(log) == report.rows_accepted and list(log.columns) == list(LOG_COLUMNS)


@given(st.binary(max_size=300))
def test_fuzz_export_bytes(data):
    try:
        _, report = import_export(io.BytesIO(data), today=TODAY)
    except LogError as exc:
        assert str(exc)
    else:
        assert report.rows_read == report.rows_accepted + report.rows_rejected


# --- session-level fields the apps carry ---------------------------------------------------------


def test_workout_durations_become_session_durations():
    log, _ = load("strong_v4.csv")
    assert log["session_duration_min"].iloc[0] == 56.0  # "56m"
    log, _ = load("strong_v3b_quoted.csv")
    assert log["session_duration_min"].iloc[0] == pytest.approx(1267 / 60)  # Duration (sec)
    log, _ = load("hevy_kg.csv")  # end_time - start_time
    first = log[log["date"] == pd.Timestamp("2025-04-07 10:14")]
    assert first["session_duration_min"].unique().tolist() == [60.0]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1h 5m", 65.0), ("45m", 45.0), ("2h", 120.0), ("1h 0m 30s", 60.5), ("", None),
     ("264h 1m", None), ("soon", None)],
)
def test_strong_duration_text(text, minutes):
    export = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        f"Workout Notes,RPE\n2024-01-05 07:00:00,Hips,{text},Psoas March,1,0,0,0,60,,,\n"
    )
    log, report = import_export(io.StringIO(export), athlete_id="a", today=TODAY)
    assert report.rows_accepted == 1  # the set is kept whatever the duration says
    got = log["session_duration_min"].iloc[0]
    assert (pd.isna(got) and minutes is None) or got == pytest.approx(minutes)
    if text in ("264h 1m", "soon"):
        assert any("workout duration" in n for n in report.notes)


def test_unit_named_columns_of_early_strong_exports_carry_their_values():
    text = ("Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n"
            "2017-03-01 18:00:00,Legs,Leg Raise,1,5,12,,0,\n"
            "2017-03-01 18:00:00,Legs,Leg Raise,2,7.5,10,,0,\n"
            "2017-03-01 18:00:00,Legs,Running,1,,0,2.5,900,\n")
    log, report = import_export(io.StringIO(text), athlete_id="a", today=TODAY)
    assert report.rows_rejected == 0
    assert log["load_kg"].tolist()[:2] == [5.0, 7.5]  # was: empty on every row
    assert not any("does not state the weight unit" in n for n in report.notes)
    assert "distance 2.5 km" in str(log.loc[2, "notes"])
    lbs = text.replace(",kg,", ",lbs,")
    log, _ = import_export(io.StringIO(lbs), athlete_id="a", today=TODAY)
    assert log.loc[0, "load_kg"] == pytest.approx(5 * LB_TO_KG)


def test_a_column_with_values_that_maps_to_nothing_is_named():
    text = ("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Seconds,Bodyweight\n"
            "2024-01-05 07:03:00,Hips,Toe Taps,1,0,5,0,81\n")
    _, report = import_export(io.StringIO(text), athlete_id="a", today=TODAY)
    assert any("not carried" in n and "Bodyweight" in n for n in report.notes)


HEVY_HEADER = ('"title","start_time","end_time","description","exercise_title","superset_id",'
               '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
               '"duration_seconds","rpe"\n')


def hevy_row(exercise: str, index: int, reps: int, weight: float = 0) -> str:
    return (f'"Hips","6 Jul 2024, 19:13","6 Jul 2024, 20:00","","{exercise}",,"",{index},'
            f'"normal",{weight},{reps},,,\n')


def test_a_second_block_of_the_same_exercise_numbers_on_and_is_no_duplicate():
    rows = ([hevy_row("Hanging Knee Raise", k, 10) for k in range(4)]
            + [hevy_row("Bench Press", k, 8, 60) for k in range(2)]
            + [hevy_row("Hanging Knee Raise", k, 10) for k in range(4)])
    log, report = import_export(io.StringIO(HEVY_HEADER + "".join(rows)), athlete_id="a",
                                today=TODAY)
    assert report.rows_rejected == 0 and len(log) == 10
    knee = log[log["exercise_id"] != "other"]
    assert knee["set_index"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert set(log["session_id"]) == {"2024-07-06T19:13:00"}  # a key, not "6 Jul 2024, 19:13"
    # a whole source row repeated is still a duplicate
    repeated = HEVY_HEADER + "".join(rows) + rows[0]
    _, report = import_export(io.StringIO(repeated), athlete_id="a", today=TODAY)
    assert report.reason_counts() == {"duplicate": 1}


def test_the_count_of_sets_kept_as_other_is_the_log_s():
    # two Squat sets accepted, a rest timer skipped and a Squat row rejected (bad reps)
    text = ("Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
            "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
            "2024-01-05 07:03:00;Legs;Squat (Barbell);1;60;kg;5;;;;0;;;20m\n"
            "2024-01-05 07:03:00;Legs;Squat (Barbell);Rest Timer;;;;;;;90;;;20m\n"
            "2024-01-05 07:03:00;Legs;Squat (Barbell);2;60;kg;5;;;;0;;;20m\n"
            "2024-01-05 07:03:00;Legs;Squat (Barbell);3;60;kg;-4;;;;0;;;20m\n")
    log, report = import_export(io.StringIO(text), athlete_id="a", today=TODAY)
    kept = int((log["exercise_id"] == "other").sum())
    assert kept == 2 == report.rows_accepted and report.rows_rejected == 2
    assert report.reason_counts().get("rest_timer") == 1
    (note,) = [n for n in report.notes if "kept as 'other'" in n]
    assert note.startswith("2 set(s)") and "'Squat (Barbell)' x2" in note


def test_unlabelled_pound_weights_are_flagged_with_evidence_and_strict_refuses_them():
    rows = "".join(f"2024-01-0{d} 07:03:00,Legs,Leg Press,{k},{w},8,0,\n"
                   for d, loads in ((2, (135, 185, 225)), (4, (225, 275, 315)), (6, (365, 45)))
                   for k, w in enumerate(loads, 1))
    text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Seconds,Notes\n" + rows
    _, report = import_export(io.StringIO(text), athlete_id="a", today=TODAY)
    (warning,) = [n for n in report.notes if "look like pounds" in n]
    assert "8 of 8 weights" in warning and "--weight-unit lb" in warning
    with pytest.raises(LogError, match="strict mode: weights read as kg look like pounds"):
        import_export(io.StringIO(text), athlete_id="a", today=TODAY, strict=True)
    # read as pounds (the option) there is nothing to warn about; nor for kilogram loadings
    _, report = import_export(io.StringIO(text), athlete_id="a", today=TODAY, weight_unit="lb")
    assert not any("look like pounds" in n for n in report.notes)
    kilos = text
    for lb, kg in (("135", "60"), ("185", "80"), ("225", "100"), ("275", "120"), ("315", "140"),
                   ("365", "160")):
        kilos = kilos.replace(f",{lb},", f",{kg},")
    _, report = import_export(io.StringIO(kilos), athlete_id="a", today=TODAY)
    assert not any("look like pounds" in n for n in report.notes)


def test_a_folder_of_exports_from_different_apps_becomes_one_log(tmp_path, capsys):
    folder = tmp_path / "squad"
    folder.mkdir()
    for app, athlete in (("strong_v4.csv", "anna"), ("hevy_kg.csv", "ben"),
                         ("fitnotes_new.csv", "cara")):
        (folder / f"{athlete}.csv").write_bytes((FIXTURES / app).read_bytes())
    older = tmp_path / "older"  # an earlier export of anna's: the same sets again
    older.mkdir()
    (older / "anna.csv").write_bytes((FIXTURES / "strong_v4.csv").read_bytes())
    out = tmp_path / "all.csv"
    code = main(["import", str(folder), str(older), "--out", str(out)])
    printed = capsys.readouterr().out
    expected = {}
    for name in ("anna", "ben", "cara"):
        log, report = import_export(folder / f"{name}.csv", today=TODAY)
        expected[name] = report.rows_accepted
    log, report = read_log(out, today=TODAY)
    assert report.rows_rejected == 0
    assert log.groupby("athlete_id", observed=True).size().to_dict() == expected
    assert f"{expected['anna']} set(s) in more than one export kept once" in printed
    assert printed.count("== ") == 4 and "total: 4 file(s), 4 imported" in printed
    assert code == 1  # one of the exports has a rejected row
    # one athlete name for several exports is refused, as is a quarantine
    assert main(["import", str(folder), "--out", str(out), "--athlete", "x"]) == 2
    assert main(["import", str(folder), "--out", str(out), "--quarantine",
                 str(tmp_path / "q.csv")]) == 2


# --- mutation fuzz: every real-format fixture, damaged the ways files get damaged -----------

_EXPORT_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.csv")
                          if p.name not in ("mapping.csv", "log_messy.csv"))
_MUTATIONS = ("delete", "insert", "duplicate_line", "drop_line", "truncate", "swap_lines")
_NOISE = [",", ";", '"', "\n", "\r\n", "\t", "\x00", "é", "lbs", "-", "1e9", " ", "'"]


@settings(suppress_health_check=[HealthCheck.too_slow])  # budget: conftest profile
@given(st.sampled_from(_EXPORT_FIXTURES), st.lists(
    st.tuples(st.sampled_from(_MUTATIONS), st.floats(0, 1), st.sampled_from(_NOISE)),
    min_size=1, max_size=4))
def test_fuzz_mutated_real_exports_keep_every_row_accounted(name, mutations):
    """Every fixture (each app and header variant), with characters deleted or inserted,
    lines doubled, dropped, swapped or cut off: either one clear error, or every record
    accepted or rejected, the log canonical, with no traceback."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for kind, where, noise in mutations:
        at = int(where * len(text))
        lines = text.split("\n")
        line = min(int(where * len(lines)), len(lines) - 1)
        if kind == "delete":
            text = text[:at] + text[at + 1:]
        elif kind == "insert":
            text = text[:at] + noise + text[at:]
        elif kind == "duplicate_line":
            text = "\n".join(lines[:line + 1] + lines[line:])
        elif kind == "drop_line" and line > 0:
            text = "\n".join(lines[:line] + lines[line + 1:])
        elif kind == "truncate":
            text = text[:max(at, 1)]
        elif kind == "swap_lines" and line > 1:
            lines[line - 1], lines[line] = lines[line], lines[line - 1]
            text = "\n".join(lines)
    try:
        log, report = read_any(io.BytesIO(text.encode("utf-8")), athlete_id="fuzz",
                               today=TODAY)
    except LogError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert len(log) == report.rows_accepted
    assert list(log.columns) == list(LOG_COLUMNS)


def test_a_skipped_rest_timer_is_quarantined_in_the_exports_columns(tmp_path):
    quarantine = tmp_path / "rejected.csv"
    import_export(FIXTURES / "strong_v4.csv", athlete_id="kim", quarantine=quarantine,
                  today=TODAY)
    rows = list(csv.DictReader(quarantine.open(encoding="utf-8", newline="")))
    (rest,) = [r for r in rows if r["reason"] == "rest timer, not a set"]
    assert rest["Set Order"] == "Rest Timer" and rest["Seconds"] == "120.0"
    assert rest["Exercise Name"] == "Incline Bench Press (Dumbbell)"
    assert rest["raw"] == ""  # split, not a whole line


def test_fitbod_export_sets_sessions_and_what_goes_to_notes():
    log, report = load("fitbod.csv", athlete_id="kim")
    assert (report.format, report.rows_read, report.rows_accepted) == ("fitbod", 6, 5)
    assert report.rejected_rows()["row"].tolist() == [7]  # reps 'abc'
    assert log["session_id"].unique().tolist() == ["2024-03-04"]  # each date one session
    assert log["date"].iloc[0] == pd.Timestamp("2024-03-04 18:02:11")  # as written (+0000)
    notes = log["notes"].fillna("").tolist()
    assert "warm-up set" in notes[0] and "slow down" in notes[1]
    assert "Fitbod multiplier 2" in notes[2] and log["load_kg"].iloc[2] == 16.0
    assert log["work_s"].iloc[3] == 45.0 and pd.isna(log["reps"].iloc[3])  # the timed plank
    assert "distance 1500 m" in notes[4] or "distance 1500.0 m" in notes[4]
    assert any("after midnight UTC" in n for n in report.notes)
    assert any("Incline, Resistance" in n for n in report.notes)


def test_fitbods_older_export_with_a_sets_count_is_one_clear_line(tmp_path):
    path = tmp_path / "old_fitbod.csv"
    path.write_text("Date,Exercise,Sets,Reps,Weight,isWarmup,Note\n"
                    "2019-05-01,Leg Raise,3,12,0,false,\n", encoding="utf-8")
    with pytest.raises(LogError, match="older export"):
        import_export(path, athlete_id="kim", today=TODAY)
    assert detect_format(["Date", "Exercise", "Reps", "Weight(kg)", "isWarmup"]) == "fitbod"


# --- JEFIT: sections, packed sets -----------------------------------------------------------------


def test_jefit_export_unpacks_each_packed_set_and_accounts_for_it(tmp_path):
    quarantine = tmp_path / "rejected.csv"
    log, report = load("jefit.csv", athlete_id="kim", quarantine=quarantine)
    # 6 exercise rows: 3 sets + (an entry 'abc': the row) + 1 + (no sets) + (cut off) + 2
    assert (report.format, report.rows_read, report.rows_accepted) == ("jefit", 9, 6)
    hanging = log[log["exercise_id"] == "hanging_alternating_leg_raise"]
    assert hanging["reps"].tolist() == [12, 10, 8, 6]
    assert hanging["set_index"].tolist() == [1, 2, 3, 4]  # the second block numbers on
    march = log[log["exercise_id"] == "psoas_march"]
    assert march["reps"].tolist() == [15, 12]
    assert march["load_kg"].tolist() == pytest.approx([10 * LB_TO_KG, 12.5 * LB_TO_KG])
    assert log["session_id"].unique().tolist() == ["1709575200", "1709757000"]
    assert log.groupby("session_id")["session_duration_min"].first().fillna(-1).tolist() == [
        45.0, -1]  # total_time 2700 s; 0 means not timed
    assert log["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2024-03-04", "2024-03-06"]
    assert any("lbs (the mass of its SETTING table), converted to kg" in n for n in report.notes)
    rows = {r["row"]: r for r in csv.DictReader(quarantine.open(encoding="utf-8", newline=""))}
    assert set(rows) == {"4", "6", "7"}
    assert rows["4"]["reason"] == ("file line 20: logs '20x10,abc,25x8' has 'abc', not weight x "
                                   "reps (a decimal comma?); none of its 3 entries read")
    assert rows["6"]["reason"] == "file line 22: no sets in logs"
    assert "file line 23" in rows["7"]["reason"]


def test_jefit_entries_that_are_not_weight_x_reps_and_repeated_rows_are_rejected():
    text = ("### EXERCISE LOGS ###\n_id,mydate,ename,logs\n"
            '1,2024-03-04,Psoas March,"62,5x8"\n'  # a decimal comma splits one set in two
            '2,2024-03-04,Psoas March,"10"\n'
            '3,2024-03-04,Psoas March,"5x10"\n'
            '3,2024-03-04,Psoas March,"5x10"\n')
    log, report = import_export(io.StringIO(text), athlete_id="kim", today=TODAY)
    assert (report.rows_read, len(log)) == (4, 1)
    reasons = report.rejected_rows()["reason"].tolist()
    assert "'62', not weight x reps (a decimal comma?)" in reasons[0]
    assert reasons[2] == "file line 6: exact duplicate of file line 5"


def test_jefit_session_starts_are_unix_time_read_in_the_time_zone_given():
    log, report = load("jefit.csv", athlete_id="kim", tz="America/New_York")
    # 1709575200 is 2024-03-04 18:00 UTC, 13:00 in New York (EST, UTC-5)
    assert log["date"].iloc[0] == pd.Timestamp("2024-03-04 13:00")
    # 1709757000 is 2024-03-06 20:30 UTC: 15:30 in New York, the same calendar day as mydate
    assert log["date"].iloc[-1] == pd.Timestamp("2024-03-06 15:30")
    assert any("read in America/New_York" in n for n in report.notes)


def test_jefit_exercise_logs_table_alone_and_a_missing_column():
    table = ("_id,mydate,ename,logs,belongsession\n"
             '1,2024-03-04,Psoas March,"5x10,5x10",7\n')
    log, report = import_export(io.StringIO(table), athlete_id="kim", today=TODAY)
    assert (report.format, len(log), log["set_index"].tolist()) == ("jefit", 2, [1, 2])
    with pytest.raises(LogError, match="EXERCISE LOGS table has no logs column"):
        import_export(io.StringIO("### EXERCISE LOGS ###\nmydate,ename\n2024-03-04,x\n"),
                      today=TODAY)
    for text in (table, "### EXERCISE LOGS ###\n" + table):
        with pytest.raises(LogError, match="looks like a JEFIT export, not hevy"):
            import_export(io.StringIO(text), format="hevy", today=TODAY)


@settings(suppress_health_check=[HealthCheck.too_slow])  # budget: conftest profile
@given(st.lists(st.tuples(
    st.sampled_from(["2024-03-04", "2024-02-30", "", "x"]),
    st.sampled_from(["Psoas March", "", "Plank, side"]),
    st.lists(st.sampled_from(["5x10", "0x12", "12.5x8", "abc", "x", "-1x3", "7", " "]),
             max_size=4).map(",".join)), max_size=6))
def test_fuzz_jefit_every_packed_set_is_accepted_or_rejected(rows):
    from psoaskit.logs.apps.jefit import unpack_sets

    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    def records(cell: str) -> int:  # a set each, or one rejected record for the row
        entries = unpack_sets(cell)
        good = all(re.fullmatch(r"-?\d+(?:\.\d+)?x-?\d+(?:\.\d+)?", e) for e in entries)
        return len(entries) if entries and good else 1

    text = "### EXERCISE LOGS ###\nmydate,ename,logs\n" + "".join(
        f"{d},{quote(n)},{quote(s)}\n" for d, n, s in rows)
    log, report = import_export(io.StringIO(text), athlete_id="fuzz", today=TODAY)
    first = {row: i for i, row in reversed(list(enumerate(rows)))}
    blank = [not any(f.strip() for f in row) for row in rows]
    assert report.rows_read == sum(
        1 if blank[i] or first[row] != i else records(row[2]) for i, row in enumerate(rows))
    assert report.rows_read == report.rows_accepted + report.rows_rejected == (
        len(log) + report.rows_rejected)
    assert list(log.columns) == list(LOG_COLUMNS)


# --- column maps: a coach's own sheet, an export with translated headers ---------------------


def test_a_sheet_read_through_a_column_map():
    log, report = import_export(FIXTURES / "sheet_de.csv", columns=FIXTURES / "sheet_de.toml",
                                today=TODAY)
    assert (report.format, report.rows_read, report.rows_accepted) == ("column map", 5, 3)
    assert log["athlete_id"].tolist() == ["ana", "ana", "ben"]  # from its Athlet column
    assert log["side"].tolist() == ["L", "R", "both"]  # "right" read as R
    assert log["load_kg"].tolist() == [2.5, 2.5, 0.0]  # decimal commas
    assert log["date"].tolist() == [pd.Timestamp("2024-03-04")] * 2 + [pd.Timestamp("2024-03-06")]
    assert log["session_id"].tolist() == ["2024-03-04", "2024-03-04", "2024-03-06"]
    assert log["exercise_id"].iloc[2] == "standing_banded_psoas_hold"  # its [exercises]
    assert log["notes"].iloc[0] == "locker" and log["hold_s"].iloc[2] == 30.0
    problems = dict(zip(report.rejected_rows()["row"], report.rejected_rows()["reason"],
                        strict=True))
    assert problems == {4: "Seite = 'links': side must be L, R or both",
                        5: "Wdh. = 'zehn': not a number"}  # the sheet's own headers
    assert any("not carried: Farbe" in n for n in report.notes)


def test_an_export_with_translated_headers_is_read_by_its_apps_importer():
    log, report = import_export(FIXTURES / "strong_fr.csv", columns=FIXTURES / "strong_fr.toml",
                                athlete_id="kim", today=TODAY)
    assert (report.format, report.rows_read, report.rows_accepted) == ("strong (V4)", 4, 2)
    assert log["work_s"].tolist()[-1] == 45.0 and log["session_duration_min"].iloc[0] == 35.0
    reasons = report.rejected_rows().set_index("row")["reason"]
    assert reasons[3] == "Répétitions = 'dix': not a number"  # named as the file names it
    assert reasons[4] == "rest timer, not a set"


@pytest.mark.parametrize(
    ("column_map", "match"),
    [
        ({"columns": {"date": "Datum"}}, "must name the exercise column"),
        ({"columns": {"date": "Datum", "exercise": "Übung", "kilos": "Gewicht (kg)"}},
         "'kilos' is not a log column"),
        ({"columns": {"date": "Datum", "exercise": "Exercise"}}, "'Exercise', which the file"),
        ({"format": "gymbook", "columns": {}}, "format 'gymbook' is not"),
        ({"columns": {"date": "Datum", "exercise": "Übung"}, "options": {"dayfirst": "yes"}},
         "option dayfirst = 'yes'"),
        ({"colums": {}}, "unknown key"),
    ],
)
def test_bad_column_maps_are_one_clear_error(column_map, match):
    with pytest.raises(LogError, match=match):
        import_export(FIXTURES / "sheet_de.csv", columns=column_map, today=TODAY)


def test_a_column_map_file_that_is_not_toml(tmp_path):
    bad = tmp_path / "map.toml"
    bad.write_text("[columns\ndate = ", encoding="utf-8")
    with pytest.raises(LogError, match="not valid TOML"):
        import_export(FIXTURES / "sheet_de.csv", columns=bad, today=TODAY)


def test_cli_import_takes_a_column_map_and_an_unknown_header_points_to_one(tmp_path, capsys):
    out = tmp_path / "club.csv"
    code = main(["import", str(FIXTURES / "sheet_de.csv"), "--map",
                 str(FIXTURES / "sheet_de.toml"), "--out", str(out)])
    assert code == 1  # two rows rejected, the rest written
    assert len(read_log(out).log) == 3
    code = main(["import", str(FIXTURES / "sheet_de.csv"), "--out", str(out)])
    assert code == 2 and "write a column map" in capsys.readouterr().err


# --- time zones -----------------------------------------------------------------------------


def test_fitbod_times_are_converted_to_the_athletes_time_zone():
    log, report = load("fitbod.csv", athlete_id="kim", tz="Asia/Tokyo")
    # 2024-03-04 18:02:11 +0000 is 03:02 on 5 March in Tokyo (UTC+9): the next day's session
    assert log["date"].iloc[0] == pd.Timestamp("2024-03-05 03:02:11")
    assert log["session_id"].iloc[0] == "2024-03-05"
    assert any("converted to Asia/Tokyo" in n for n in report.notes)


def test_times_without_a_zone_stay_as_written_and_say_so():
    plain, _ = load("hevy_kg.csv", athlete_id="kim")
    zoned, report = load("hevy_kg.csv", athlete_id="kim", tz="Asia/Tokyo")
    assert zoned["date"].tolist() == plain["date"].tolist()
    assert any("Hevy times carry no time zone" in n and "Asia/Tokyo changes nothing" in n
               for n in report.notes)
    with pytest.raises(LogError, match="unknown time zone 'Mars/Olympus'"):
        load("hevy_kg.csv", tz="Mars/Olympus")


def test_the_command_line_knows_every_export_format():
    from psoaskit.cli.logs import APP_FORMATS
    from psoaskit.logs.apps import EXPORT_FORMATS

    assert APP_FORMATS == EXPORT_FORMATS


def test_reimporting_sets_of_several_exercises_outside_the_catalogue_changes_nothing():
    export = ("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
              "RPE\n" + "".join(f"2024-01-16 16:46:08,A,50m,{name},1,{kg},{reps},0,0,\n"
                                for name, kg, reps in (("Squat (Barbell)", 100, 5),
                                                       ("Bench Press (Barbell)", 60, 8),
                                                       ("Deadlift (Barbell)", 140, 3))))
    first, _ = import_export(io.StringIO(export), athlete_id="kim", today=TODAY)
    again, _ = import_export(io.StringIO(export), athlete_id="kim", today=TODAY)
    merged, counts = merge_logs(first, again)
    assert counts == {"new": 0, "already_present": 3, "changed": 0, "kept": 0}
    assert merged["load_kg"].tolist() == [100.0, 60.0, 140.0]


def test_jefit_session_starts_in_milliseconds_or_out_of_range_do_not_break_the_import():
    text = ("### WORKOUT SESSIONS ###\n_id,starttime,total_time\n"
            "7,1709575200000,600\n8,99999999999999999,600\n"
            "### EXERCISE LOGS ###\nmydate,ename,logs,belongsession\n"
            '2024-03-04,Psoas March,"5x10",7\n2024-03-05,Psoas March,"5x10",8\n')
    log, report = import_export(io.StringIO(text), athlete_id="kim", tz="Europe/Berlin",
                                today=TODAY)
    # 1709575200000 ms is 18:00 UTC; the other start is past 2096: no time, the calendar day
    assert log["date"].tolist() == [pd.Timestamp("2024-03-04 19:00"), pd.Timestamp("2024-03-05")]
    assert report.rows_accepted == 2


def test_column_map_sides_units_and_encodings(tmp_path):
    sheet = tmp_path / "hoja.csv"
    sheet.write_text("Fecha,Ejercicio,Lado,Reps,Carga (lb)\n"
                     "2024-03-04,Psoas March,izquierda,10,5.5\n"
                     "2024-03-04,Psoas March,derecha,10,5.5\n"
                     "2024-03-04,Psoas March,D,10,5.5\n", encoding="utf-8")
    column_map = tmp_path / "hoja.toml"
    column_map.write_bytes(
        '# hoja de entrenamiento (Windows-1252)\n[columns]\ndate = "Fecha"\n'
        'exercise = "Ejercicio"\nside = "Lado"\nreps = "Reps"\nload_kg = "Carga (lb)"\n'
        '[sides]\nizquierda = "L"\nderecha = "R"\n'.encode("cp1252"))
    log, report = import_export(sheet, columns=column_map, athlete_id="eva", today=TODAY)
    assert log["side"].tolist() == ["L", "R"]
    assert log["load_kg"].tolist() == pytest.approx([5.5 * LB_TO_KG] * 2)
    assert any("weights in pounds (the header 'Carga (lb)'), converted to kg" in n
               for n in report.notes)
    assert any("side words not known, e.g. 'D'" in n for n in report.notes)
    with pytest.raises(LogError, match=r"\[sides\] maps words to L, R or both, not izq = 'left'"):
        import_export(sheet, columns={"columns": {"date": "Fecha", "exercise": "Ejercicio"},
                                      "sides": {"izq": "left"}}, today=TODAY)
    log, _ = import_export(sheet, columns={"columns": {"date": "Fecha", "exercise": "Ejercicio",
                                                       "reps": "Reps", "load_kg": "Carga (lb)"},
                                           "options": {"weight_unit": "lbs"}}, today=TODAY)
    assert len(log) == 3


def test_a_folder_import_uses_the_column_map_where_it_fits(tmp_path, capsys):
    for name in ("sheet_de.csv", "hevy_kg.csv", "jefit.csv"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    out = tmp_path / "squad.parquet"
    main(["import", str(tmp_path), "--map", str(FIXTURES / "sheet_de.toml"), "--out", str(out)])
    printed = capsys.readouterr().out
    assert "it has no 'Datum' column), which is a Hevy export: read as one" in printed
    assert "which is a JEFIT export: read as one" in printed
    log = read_log(out).log
    assert set(log["athlete_id"]) == {"ana", "ben", "hevy_kg", "jefit"}


def test_an_unknown_header_names_the_closest_export_and_what_it_lacks():
    with pytest.raises(LogError, match="closest: Strong, which also needs 'set order'"):
        import_export(io.StringIO("Date,Exercise Name,Weight,Reps\n2024-01-01,x,1,1\n"),
                      today=TODAY)
    with pytest.raises(LogError, match=r"'a', 'b'; to read your own sheet"):  # nothing shared
        import_export(io.StringIO("a,b\n1,2\n"), today=TODAY)


_TOML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(
        ["Datum", "Übung", "kg", "lbs", "L", "strong", "mapped", "date", "exercise", ""])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["date", "exercise", "reps", "x",
                                                             "weight_unit", "dayfirst"]),
                                            inner, max_size=3)),
    max_leaves=8)


@given(st.dictionaries(st.sampled_from(["format", "columns", "options", "exercises", "sides",
                                        "other"]), _TOML_VALUES, max_size=4))
def test_fuzz_column_maps_are_read_or_refused_with_one_line(raw):
    from psoaskit.logs.apps.mapped import read_column_map

    try:
        column_map = read_column_map({k: v for k, v in raw.items() if v is not None})
    except LogError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    try:
        import_export(FIXTURES / "sheet_de.csv", columns=column_map, today=TODAY)
    except LogError as exc:
        assert str(exc)


def test_a_repeated_header_name_reads_the_first_column_and_names_the_other():
    export = ("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Reps,Distance,Seconds,Notes,"
              "Workout Notes\n2017-05-12 19:00:00,A,Psoas March,1,0,10,9,0,0,,\n")
    log, report = import_export(io.StringIO(export), athlete_id="kim", today=TODAY)
    assert log["reps"].tolist() == [10]
    assert any("column 7 is kept as 'Reps (column 7)'" in n for n in report.notes)
    assert any("not carried: Reps (column 7)" in n for n in report.notes)


def test_a_weight_header_naming_another_unit_says_so_and_one_column_feeds_one_log_column():
    sheet = io.StringIO("Datum,Übung,Gewicht (Pfund),Wdh.\n2024-03-04,Psoas March,10,5\n")
    columns = {"date": "Datum", "exercise": "Übung", "load_kg": "Gewicht (Pfund)",
               "reps": "Wdh."}
    log, report = import_export(sheet, columns={"columns": columns}, athlete_id="kim",
                                today=TODAY)
    assert log["load_kg"].tolist() == [10.0]
    assert any("names the unit 'pfund', not kg or lb: weights read as kg" in n
               for n in report.notes)
    with pytest.raises(LogError, match=r"maps the column 'Wdh\.' to reps and hold_s"):
        import_export(io.StringIO("Datum,Übung,Wdh.\n2024-03-04,Psoas March,5\n"),
                      columns={"columns": {"date": "Datum", "exercise": "Übung",
                                           "reps": "Wdh.", "hold_s": "Wdh."}}, today=TODAY)


def test_jefit_lines_outside_sections_and_sessions_missing_from_workout_sessions_are_noted():
    text = ("### WORKOUT SESSIONS ###\n_id,starttime,total_time\n1,1709575200,600\n"
            "##########\n### EXERCISE LOGS ###\nmydate,ename,logs,belongsession\n"
            '2024-03-04,Psoas March,"5x10",9\n##########\n2024-03-05,Psoas March,"5x10",9\n')
    log, report = import_export(io.StringIO(text), athlete_id="kim", today=TODAY)
    assert len(log) == 1
    assert any("1 line(s) outside every section not read (e.g. file line 9" in n
               for n in report.notes)
    assert any("1 session(s) of EXERCISE LOGS are not in WORKOUT SESSIONS" in n
               for n in report.notes)


def test_a_sheets_sessions_are_the_days_its_dates_are_read_as():
    sheet = "Datum,Übung,Wdh.,Athlet\n04.03.2024,Psoas March,5,\n05.03.2024,Psoas March,5,\n"
    columns = {"columns": {"date": "Datum", "exercise": "Übung", "reps": "Wdh.",
                           "athlete_id": "Athlet"}}
    log, report = import_export(io.StringIO(sheet), columns=columns, dayfirst=True, today=TODAY)
    assert log["date"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-05")]
    assert log["session_id"].tolist() == ["2024-03-04", "2024-03-05"]  # the same days
    # an empty athlete column: the file name is the athlete, and the report says so
    assert any("taken from the file name" in n for n in report.notes)
    assert not any("athlete ids from the column" in n for n in report.notes)
