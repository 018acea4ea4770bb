"""The synthetic sample squad: committed files, realism, reproducibility, the messy file."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from psoaskit._data import data_path
from psoaskit.catalogue.checks import check_data_files
from psoaskit.cli import main
from psoaskit.logs.api import read_log
from psoaskit.logs.schema import REASONS
from psoaskit.simulation.ladder import build_ladder
from psoaskit.simulation.sample import (
    MESSY_FAULTS,
    SAMPLE_SEED,
    SAMPLE_START,
    make_sample,
    write_sample,
)

FILES = ("squad_log.csv", "messy_log.csv", "assignments.csv")
#: Reasons that a canonical CSV cannot produce (other formats: Strong exports, JSON Lines).
NOT_FROM_CANONICAL_CSV = {"rest_timer", "bad_json", "bad_unit", "bad_sets"}  # exports only
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def squad():
    return make_sample(12, 12, SAMPLE_SEED)


@pytest.fixture(scope="module")
def clean(squad):
    return read_log(data_path("sample/squad_log.csv"), today=TODAY)


def test_committed_sample_is_exactly_what_the_command_writes(tmp_path):
    write_sample(tmp_path, athletes=12, weeks=12, seed=SAMPLE_SEED)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == data_path(f"sample/{name}").read_bytes(), name


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    for folder, seed in (("a", 5), ("b", 5), ("c", 6)):
        write_sample(tmp_path / folder, athletes=4, weeks=3, seed=seed)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "squad_log.csv").read_bytes() != \
        (tmp_path / "c" / "squad_log.csv").read_bytes()


def test_clean_log_is_accepted_whole_with_ids_kept_as_text(clean):
    log, report = clean
    assert report.rows_rejected == 0 and report.rows_accepted == report.rows_read > 2000
    assert sorted(log["athlete_id"].unique()) == [f"{i:03d}" for i in range(1, 13)]
    assert any("source" in note for note in report.notes)  # provenance column, ignored


def test_dates_are_real_days_from_the_fixed_start(clean):
    log, _ = clean
    first, last = log["date"].min(), log["date"].max()
    assert first.date() >= SAMPLE_START
    assert last.date() < SAMPLE_START + dt.timedelta(weeks=12, days=2)
    assert (log["date"] == log["date"].dt.normalize()).all()
    sessions = log.groupby("session_id")["date"].nunique()
    assert (sessions == 1).all()


def test_athletes_follow_their_assigned_programme(squad):
    assignments = squad.assignments.set_index("athlete_id")
    assert assignments["programme"].nunique() >= 3
    assert set(assignments["sessions_per_week"]) <= {2, 3}
    for athlete, rows in squad.log.groupby("athlete_id", observed=True):
        ladder = build_ladder(assignments.loc[athlete, "programme"])
        allowed = {p.exercise for s in ladder.stages for p in s.items}
        assert set(rows["exercise_id"].astype(str)) <= allowed, athlete


def test_squad_looks_like_real_coaching_data(squad):
    log, summary = squad.log, squad.summary
    # varied adherence and progression
    assert summary["adherence"].max() - summary["adherence"].min() > 0.25
    assert (summary["stage_max"] > 1).sum() >= 6
    assert log["notes"].str.startswith("moved up").sum() >= 10
    # left/right asymmetry visible in the unilateral sets
    uni = log[log["side"] != "both"]
    by_side = uni.groupby(["athlete_id", "side"], observed=True)["rpe"].mean().unstack()
    assert ((by_side["L"] - by_side["R"]).abs() > 0.5).sum() >= 2
    # pain mostly low, with the odd flare-up; RPE and pain sometimes left blank; casual notes
    assert log["pain"].median() == 0 and (log["pain"] >= 5).any()
    assert (log["notes"] == "pain flare-up").any()
    assert 0 < log["rpe"].isna().mean() < 0.15 and log["pain"].isna().any()
    assert log["notes"].isin(["felt strong today", "slept badly", "trained at home",
                              "good control, no back arching"]).any()
    assert log["band"].notna().any() and log["load_kg"].notna().any()


def test_messy_file_has_every_kind_of_rejection_exactly_as_listed(squad):
    _, report = read_log(data_path("sample/messy_log.csv"), today=TODAY)
    expected = Counter(reason for reason, _ in MESSY_FAULTS)
    assert report.reason_counts() == dict(expected)
    assert set(expected) == set(REASONS) - NOT_FROM_CANONICAL_CSV
    assert report.rows_rejected == len(MESSY_FAULTS)
    assert any("mapped" in note for note in report.notes)  # a display name and 'left' pass


def test_messy_rows_are_copies_of_clean_rows_otherwise(squad):
    messy = pd.read_csv(io.StringIO(squad.messy_text), dtype=str, keep_default_na=False,
                        on_bad_lines="skip")
    clean_rows = set(map(tuple, pd.read_csv(
        data_path("sample/squad_log.csv"), dtype=str, keep_default_na=False).to_numpy()))
    untouched = [tuple(r) for r in messy.to_numpy() if tuple(r) in clean_rows]
    assert len(untouched) > 150


def test_files_carry_their_provenance_and_pass_check_data():
    for name in FILES:
        header = data_path(f"sample/{name}").read_text("utf-8").splitlines()[0]
        assert header.split(",")[-1] == "source"
    results = dict(check_data_files())
    assert all(results[f"sample/{name}"] == "" for name in FILES)
    readme = data_path("sample/README.md").read_text("utf-8")
    assert "synthetic" in readme and f"--seed {SAMPLE_SEED}" in readme
    assert all(f"`{reason}`" in readme for reason, _ in MESSY_FAULTS)


def test_cli_sample(tmp_path, capsys):
    assert main(["sample", "--athletes", "3", "--weeks", "2", "--seed", "1",
                 "--out", str(tmp_path / "squad")]) == 0
    assert sorted(p.name for p in (tmp_path / "squad").iterdir()) == sorted(FILES)
    assert main(["sample", "--athletes", "0", "--out", str(tmp_path / "x")]) == 2
    assert "--athletes" in capsys.readouterr().err


def test_bigger_squads_keep_the_programme_mix():
    squad = make_sample(athletes=30, weeks=2, seed=3)
    counts = squad.assignments["programme"].value_counts()
    assert counts.min() >= 4 and np.isclose(counts.sum(), 30)
