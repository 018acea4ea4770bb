"""The data checks: every packaged file passes, and the provenance index lists every file."""

from __future__ import annotations

from psoaskit.catalogue import checks


def test_every_packaged_data_file_passes() -> None:
    problems = {name: problem for name, problem in checks.check_data_files() if problem}
    assert problems == {}


def test_a_file_missing_from_the_provenance_index_is_named(monkeypatch) -> None:
    monkeypatch.setattr(checks, "read_text", lambda name: "| `exercises.toml` | ... |")
    problem = checks._check_index(["README.md", "exercises.toml", "new_table.csv"])
    assert problem == "not in the provenance index README.md: new_table.csv"
