"""Atomic writes (the old file survives a failed write) and the guard of a command's inputs."""

from __future__ import annotations

import os
import stat

import pytest

from psoaskit._files import (
    OutputConflictError,
    atomic_write,
    atomic_write_text,
    claim_outputs,
    command_scope,
    remove_output,
)


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "r.html"
    atomic_write_text(target, "old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "new \ud800")  # a lone surrogate cannot be encoded
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_failing_writer_leaves_nothing_behind(tmp_path):
    def fail(tmp):
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "log.csv", fail)
    assert list(tmp_path.iterdir()) == []


def test_new_files_get_the_usual_permissions_not_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        path = atomic_write(tmp_path / "sub" / "a.csv", lambda tmp: tmp.write_text("x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_no_write_or_removal_may_touch_an_input_through_any_name(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("input")
    (tmp_path / "link.csv").symlink_to(log)
    os.link(log, tmp_path / "hard.csv")
    with command_scope([tmp_path / "link.csv"]):
        for name in ("log.csv", "link.csv", "hard.csv", "./sub/../log.csv"):
            with pytest.raises(OutputConflictError, match="input of this command"):
                atomic_write_text(tmp_path / name, "output")
        with pytest.raises(OutputConflictError):
            remove_output(log)
        atomic_write_text(tmp_path / "other.csv", "fine")
    assert log.read_text() == "input"
    atomic_write_text(log, "outside a command: allowed")  # library use is not restricted


def test_two_outputs_of_one_command_may_not_share_a_file(tmp_path):
    with command_scope([]):
        with pytest.raises(OutputConflictError, match="one file"):
            claim_outputs(tmp_path / "x.csv", tmp_path / "." / "x.csv")
        claim_outputs(tmp_path / "a.csv")
        claim_outputs(tmp_path / "a.csv")  # the caller and the writer claim the same output
        atomic_write_text(tmp_path / "a.csv", "first")
        with pytest.raises(OutputConflictError, match="one file"):
            atomic_write_text(tmp_path / "a.csv", "second")
    assert (tmp_path / "a.csv").read_text() == "first"


# --- CSV for spreadsheets (OWASP CSV injection) ------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from psoaskit._files import (  # noqa: E402
    FORMULA_STARTS,
    neutralise_formula,
    restore_formula,
    spreadsheet_safe,
)

_TRICKY = st.text(alphabet=st.sampled_from([*FORMULA_STARTS, "'", "a", "1", ".", " "]))


@given(st.one_of(_TRICKY, st.text()))
def test_neutralised_text_never_starts_a_formula_and_restores_exactly(text):
    safe = neutralise_formula(text)
    assert restore_formula(safe) == text
    if safe and safe[0] in FORMULA_STARTS:  # only plain numbers such as -3 or +1.5 stay
        assert float(safe) == float(safe)


def test_formula_cells_in_a_log_are_safe_in_csv_and_exact_after_reading(tmp_path):
    import pandas as pd

    from psoaskit.cli import main
    from psoaskit.logs.api import read_log, write_log

    notes = ['=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0", "@SUM(1)", "+cmd",
             "-2+3", "\tTAB", "fine"]
    quoted = [n.replace('"', '""') for n in notes]
    rows = "".join(f'007,2024-03-0{i + 1},psoas_march,both,60,"{n}"\n'
                   for i, n in enumerate(quoted))
    source = tmp_path / "log.csv"
    source.write_text("athlete_id,date,exercise_id,side,work_s,notes\n" + rows,
                      encoding="utf-8")
    log, _ = read_log(source)
    assert log["notes"].tolist() == notes
    # a note that itself starts with the guard reads back too (a CSV cell "'=..." is read as
    # written by this guard: spreadsheets drop a typed leading ' and never save it)
    notes = [*notes[:-1], "'=already quoted", "fine"]
    log = pd.concat([log.iloc[:1], log], ignore_index=True)
    log["notes"] = pd.array(notes, dtype=log["notes"].dtype)
    log["date"] = pd.to_datetime([f"2024-03-{i + 1:02d}" for i in range(len(log))])
    csv_out = write_log(log, tmp_path / "copy.csv")
    cells = pd.read_csv(csv_out, dtype=str, keep_default_na=False)["notes"].tolist()
    assert all(not c or c[0] not in FORMULA_STARTS for c in cells)
    assert cells[-2:] == ["''=already quoted", "fine"]
    assert read_log(csv_out).log["notes"].tolist() == notes  # round trip
    parquet = write_log(log, tmp_path / "copy.parquet")
    assert pd.read_parquet(parquet)["notes"].tolist() == notes  # Parquet: exact text
    # tables for coaches: the id of an athlete called "=1+1" cannot run in squad.csv
    evil = source.read_text(encoding="utf-8").replace("\n007,", '\n"=1+1",', 1)
    source.write_text(evil, encoding="utf-8")
    assert main(["analyse", str(source), "--out", str(tmp_path / "tables")]) in (0, 1)
    squad = pd.read_csv(tmp_path / "tables" / "squad.csv", dtype=str)
    assert "'=1+1" in squad["athlete_id"].tolist()
    assert "=1+1" in pd.read_parquet(tmp_path / "tables" / "squad.parquet")[
        "athlete_id"].astype(str).tolist()


def test_numbers_stay_numbers_in_csv():
    import pandas as pd

    table = pd.DataFrame({"asymmetry_pct": [-8.3], "text_number": ["-3"]})
    assert spreadsheet_safe(table).values.tolist() == [[-8.3, "-3"]]


def test_a_folder_or_a_full_disk_is_one_clear_error_and_leaves_nothing(tmp_path):
    import errno

    from psoaskit._files import OutputWriteError, atomic_write

    folder = tmp_path / "taken"
    folder.mkdir()
    with pytest.raises(OutputWriteError, match="it is a folder"):
        atomic_write_text(folder, "x")

    def full(tmp):
        tmp.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputWriteError, match="No space left on device"):
        atomic_write(tmp_path / "out.csv", full)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_simulate_into_an_existing_folder_is_one_line(tmp_path, capsys):
    from psoaskit.cli import main

    code = main(["simulate", "--programme", "psoas_level_ladder", "--athletes", "2",
                 "--weeks", "2", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "it is a folder" in err and "Traceback" not in err
