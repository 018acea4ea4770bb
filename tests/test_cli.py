"""The ``psoaskit`` command: catalogue and programme commands, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psoaskit.catalogue.exercises import read_catalogue
from psoaskit.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exercises_json_lists_every_exercise_with_its_source_file(capsys):
    code, out, _ = run(capsys, "exercises", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert {r["id"] for r in rows} == set(read_catalogue())
    march = next(r for r in rows if r["id"] == "psoas_march")
    assert march["source_files"] == ["000_12a14955105ba096.txt", "001_b51315688936497d.txt"]
    assert march["dose"] == {"sets": [3, 3], "work_s": [60, 60], "per_side": False}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--level", "3"), {"half_kneeling_banded_psoas_hold"}),
        (("--position", "side_lying"), {"side_lying_hip_ere"}),
        (("--equipment", "dumbbell"), {"standing_slumpy_psoas_dumbbell"}),
    ],
)
def test_exercises_filters(capsys, args, expected):
    code, out, _ = run(capsys, "exercises", *args, "--format", "csv")
    ids = {line.split(",")[0] for line in out.splitlines()[1:]}
    assert (code, ids) == (0, expected)


def test_exercises_table_has_header_and_one_line_per_exercise(capsys):
    code, out, _ = run(capsys, "exercises")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("id ") and len(lines) == len(read_catalogue()) + 1


def test_exercise_card_shows_dose_cues_safety_and_source(capsys):
    code, out, _ = run(capsys, "exercise", "standing_slumpy_psoas")
    assert code == 0
    assert "2-3 sets x 4-6 reps x 5-10 s hold" in out
    assert "Cues:" in out and "Safety:" in out and "sharp pain" in out
    assert "003_bfc9b04dd7f16ad2.txt" in out


def test_not_recommended_exercise_says_so_first(capsys):
    _, out, _ = run(capsys, "exercise", "kneeling_lunge_static_stretch")
    assert out.splitlines()[1].startswith("NOT RECOMMENDED:")


@pytest.mark.parametrize("command", ["exercise", "programme"])
def test_unknown_id_is_one_line_with_close_matches_and_exit_2(capsys, command):
    word = "toe_tapp" if command == "exercise" else "psoas_ladder"
    code, out, err = run(capsys, command, word)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "did you mean" in err


def test_programmes_and_programme(capsys):
    code, out, _ = run(capsys, "programmes", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 4
    code, out, _ = run(capsys, "programme", "foundational_to_advanced")
    assert code == 0
    assert "Progression: sets -> hold -> resistance." in out
    assert "(optional)" in out and "Safety:" in out


def test_check_data_passes_on_packaged_files(capsys):
    code, out, _ = run(capsys, "check-data")
    assert code == 0
    assert "ok    exercises.toml" in out and "FAIL" not in out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["exercises", "--format", "xml"])
    assert exc.value.code == 2


def test_no_command_overwrites_its_input_or_writes_two_outputs_to_one_file(tmp_path, capsys):
    """The reproductions of issue 16 item 2: each exits 2 with one line and loses nothing."""
    from psoaskit._data import data_path

    example = data_path("example_log.csv").read_text(encoding="utf-8")
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "weekly.csv").write_text(example, encoding="utf-8")
    (folder / "index.html").write_text(example, encoding="utf-8")
    (folder / "summary.json").write_text(
        '{"athlete_id": "007", "date": "2025-03-03", "exercise_id": "toe_tap", "reps": 5}\n')
    cases = [
        ["analyse", str(folder / "weekly.csv"), "--out", str(folder)],
        ["report", str(folder / "index.html"), "--out", str(folder), "--no-progress"],
        ["report", str(folder / "summary.json"), "--out", str(folder), "--no-progress"],
        ["simulate", "--programme", "psoas_march_drill", "--athletes", "2", "--weeks", "2",
         "--out", str(tmp_path / "x.csv"), "--summary", str(tmp_path / "x.csv")],
        ["import", str(data_path("example_log.csv")), "--out", str(tmp_path / "s.csv"),
         "--quarantine", str(tmp_path / "s.csv")],
    ]
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for argv in cases:
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "s.csv").exists()


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1"])
def test_report_timeout_must_be_positive_and_finite(value, capsys, tmp_path):
    from psoaskit.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["report", "data/example_log.csv", "--out", str(tmp_path), "--timeout", value])
    assert stop.value.code == 2
    assert "must be a positive finite number" in capsys.readouterr().err


def test_report_with_a_csv_as_notebook_is_one_usage_line(capsys, tmp_path):
    from psoaskit.cli import main

    code = main(["report", "data/example_log.csv", "--out", str(tmp_path / "r"),
                 "--notebook", "data/example_log.csv"])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        "psoaskit: error: data/example_log.csv is not a Jupyter notebook (NotJSONError)")
    assert not (tmp_path / "r").exists()


def test_a_closed_pipe_ends_quietly_with_exit_0():
    import subprocess
    import sys

    # ``true`` exits at once without reading, long before psoaskit writes: its first write fails
    shell = (f"{sys.executable} -m psoaskit next data/sample/squad_log.csv "
             "--assignments data/sample/assignments.csv | true")
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[1], check=False)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert done.returncode == 0


@pytest.mark.parametrize(("argv", "message"), [
    (["simulate", "--programme", "psoas_march_drill", "--seed", "-1"], "--seed must be 0 or more"),
    (["simulate", "--programme", "psoas_march_drill", "--weeks", "1000000000"], "--weeks must be"),
    (["simulate", "--programme", "psoas_march_drill", "--athletes", "1000000000"],
     "--athletes must be"),
    (["simulate", "--programme", "psoas_march_drill", "--athletes", "5000", "--weeks", "300"],
     "athlete-weeks"),
    (["compare-programmes", "--seed", "-3"], "--seed must be 0 or more"),
    (["sample", "--weeks", "200"], "runs past today"),
])
def test_simulation_sizes_and_seeds_out_of_bounds_are_one_line(argv, message, tmp_path, capsys):
    out = ["--out", str(tmp_path / ("x" if argv[0] == "sample" else "x.csv"))]
    code, _, err = run(capsys, *argv, *([] if argv[0] == "compare-programmes" else out))
    assert code == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())  # nothing written
