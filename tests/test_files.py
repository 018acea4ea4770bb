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
