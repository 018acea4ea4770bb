"""Reading a source before validation: what is refused before parsing, and what a bad row costs."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from psoaskit.cli import main
from psoaskit.errors import LogError
from psoaskit.logs.api import read_log
from psoaskit.logs.readers import MAX_COLUMNS, read_source

HEADER = "athlete_id,date,exercise_id,side,reps,notes\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", ["validate", "import"])
def test_a_named_pipe_is_refused_at_once_instead_of_hanging(tmp_path, command):
    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    args = [sys.executable, "-m", "psoaskit", command, str(fifo)]
    if command == "import":
        args += ["--out", str(tmp_path / "out.csv")]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"psoaskit: error: {fifo} is a named pipe (FIFO), not a file; export or save it as a file"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_before_anything_is_read(capsys):
    assert main(["validate", "/dev/zero"]) == 2
    assert "is a device, not a file" in capsys.readouterr().err


def test_a_folder_is_refused_with_one_line(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == f"psoaskit: error: {tmp_path} is a folder, not a file"


@pytest.mark.parametrize("command", ["validate", "import"])
def test_a_million_column_header_fails_fast_and_small(tmp_path, command, capsys):
    wide = tmp_path / "wide.csv"
    names = ",".join(f"c{i}" for i in range(1_000_000))
    wide.write_text("athlete_id,date,exercise_id,reps," + names + "\n007,2024-01-01,x,1\n")
    start = time.perf_counter()
    args = [command, str(wide)] + (["--out", str(tmp_path / "o.csv")] if command == "import"
                                   else [])
    assert main(args) == 2
    assert time.perf_counter() - start < 10  # was 64-107 s and 3.5 GB
    assert "the header row is longer than 64 KiB" in capsys.readouterr().err


def test_a_header_with_too_many_columns_is_named(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("athlete_id,date,exercise_id,reps,"
                    + ",".join(f"c{i}" for i in range(MAX_COLUMNS)) + "\n")
    with pytest.raises(Exception, match=f"the header has {MAX_COLUMNS + 4} columns"):
        read_log(wide)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_long_note_beside_a_malformed_row_costs_only_that_row(tmp_path, encoding):
    note = "x" * 200_000  # over the csv module's 128 KiB field limit
    path = tmp_path / "log.csv"
    path.write_bytes((HEADER + f"007,2024-03-01,psoas_march,both,5,{note}\n"
                      "007,2024-03-02,psoas_march,both,5,ok,EXTRA\n"
                      "007,2024-03-03,psoas_march,both,5,caf\u00e9\n").encode(encoding))
    log, report = read_log(path)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (3, 2, 1)
    assert report.problems["reason"].tolist() == ["malformed_row"]
    assert log["notes"].str.len().tolist() == [200_000, 4]


def test_a_json_record_naming_a_column_twice_is_one_rejected_row(tmp_path):
    path = tmp_path / "log.jsonl"
    base = '"athlete_id": "007", "exercise_id": "psoas_march", "reps": 5'
    path.write_text(
        f'{{{base}, "date": "2024-03-01", "side": "both"}}\n'
        f'{{{base}, "date": "2024-03-02", "side ": "both"}}\n'  # a spelling of side: kept
        f'{{{base}, "date": "2024-03-03", "side ": "both", "side": "L"}}\n'
    )
    log, report = read_log(path)
    assert (report.rows_accepted, report.rows_rejected) == (2, 1)
    assert log["side"].tolist() == ["both", "both"]
    assert report.problems["message"].tolist() == [
        "keys 'side ' and 'side' both give column 'side'"]


@pytest.mark.parametrize("head, what", [
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel workbook"),
    (b"\x1f\x8b\x08\x00", "gzip-compressed"),
    (b"%PDF-1.7", "PDF document"),
])
def test_a_workbook_archive_or_pdf_named_csv_is_one_clear_error(tmp_path, head, what):
    from psoaskit.cli import main

    path = tmp_path / "export.csv"
    path.write_bytes(head + b"\x00" * 64)
    with pytest.raises(LogError, match=what):
        read_source(path)
    assert main(["validate", str(path)]) == 2
    assert main(["import", str(path), "--out", str(tmp_path / "log.csv")]) == 2
    assert not (tmp_path / "log.csv").exists()


def test_utf16_text_with_its_byte_order_mark_is_read_and_said(tmp_path):
    text = "athlete_id,date,exercise_id,reps\nA,2024-01-01,toe_tap,8\n"
    for encoding in ("utf-16", "utf-16-be"):
        path = tmp_path / f"{encoding}.csv"
        data = text.encode(encoding)
        path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
        source, _ = read_source(path)
        assert source.frame["exercise_id"].tolist() == ["toe_tap"]
        assert any("UTF-16" in note for note in source.notes)
