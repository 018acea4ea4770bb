"""analyse_log end to end, the squad-wide pass against per-athlete passes, writing, the CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import make_log, routine_session

from psoaskit._data import data_path
from psoaskit.analysis.adherence import read_assignments
from psoaskit.analysis.log_analysis import (
    analyse_log,
    athlete_overview,
    flags,
    squad_summary,
    weekly_summary,
    write_tables,
)
from psoaskit.analysis.thresholds import AnalysisConfig
from psoaskit.cli import main
from psoaskit.logs.api import read_log


@pytest.fixture(scope="module")
def sample():
    log, report = read_log(data_path("sample/squad_log.csv"))
    assert report.ok
    return log, read_assignments(data_path("sample/assignments.csv"))


@pytest.fixture(scope="module")
def sample_analysis(sample):
    log, assignments = sample
    return analyse_log(log, assignments=assignments, as_of="2025-03-30")


def test_tiny_log_end_to_end():
    log = make_log(routine_session("A", "2024-01-01", hold_left=8, hold_right=6, rpe=4, pain=2)
                   + routine_session("A", "2024-01-04", rpe=6, pain=1))
    result = analyse_log(log, programme="precision_movement_routine", as_of="2024-01-07")
    week = result.weekly.iloc[0]
    # 2 sessions x 6 sets x 5 reps; tut 3x5x8 + 3x5x6 + 6x5x8 = 120 + 90 + 240 s
    assert (week["sessions"], week["sets"], week["reps"], week["tut_s"]) == (2, 12, 60, 450.0)
    assert week["rpe_mean"] == 5.0 and week["pain_max"] == 2.0
    assert week["frequency_status"] == "within"
    # no session RPE logged: the set-RPE proxy 4 x 210/60 + 6 x 240/60 = 14 + 24 = 38 AU
    assert week["load"] == pytest.approx(38.0) and week["load_measure"] == "set_rpe_work"
    assert result.sessions["set_rpe_work_au"].tolist() == pytest.approx([14.0, 24.0])
    assert result.sessions["srpe_au"].isna().all()
    asym = result.asymmetry.iloc[0]
    assert (asym["left"], asym["right"]) == (240.0, 210.0)  # 120 + 120 vs 90 + 120
    assert asym["asymmetry_pct"] == pytest.approx(-12.5)
    assert result.squad["athlete_id"].tolist() == ["A"]


def test_the_squad_pass_equals_one_pass_per_athlete(sample, sample_analysis):
    log, assignments = sample
    for athlete in ("001", "004", "005", "009"):  # one athlete per programme
        alone = analyse_log(log[log["athlete_id"] == athlete], assignments=assignments,
                            as_of=sample_analysis.as_of)
        narrowed = sample_analysis.athlete(athlete)
        for name in ("weekly", "daily", "sessions", "asymmetry", "progression", "trends",
                     "flags", "squad", "doses"):
            ours = getattr(narrowed, name).astype({"athlete_id": str})
            theirs = getattr(alone, name).astype({"athlete_id": str})
            for table in (ours, theirs):
                for column in table.columns:
                    if isinstance(table[column].dtype, pd.CategoricalDtype):
                        table[column] = table[column].astype(object)
            pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, obj=f"{athlete} {name}")


def test_the_log_is_not_modified(sample):
    log, assignments = sample
    before = log.copy()
    analyse_log(log, assignments=assignments)
    pd.testing.assert_frame_equal(log, before)


def test_athlete_overview_and_narrowing(sample, sample_analysis):
    log, assignments = sample
    view = athlete_overview(log, "007", assignments=assignments)
    assert set(view.weekly["athlete_id"].astype(str)) == {"007"}
    assert view.programmes.tolist() == ["precision_movement_routine"]
    assert view.targets.index.tolist() == ["007"]
    with pytest.raises(KeyError, match="did you mean '007'"):
        sample_analysis.athlete("07")
    with pytest.raises(KeyError, match="unknown athlete"):
        athlete_overview(log, "999")


def test_the_convenience_functions_match_analyse_log(sample):
    log, _ = sample
    full = analyse_log(log, programme="foundational_to_advanced")
    pd.testing.assert_frame_equal(weekly_summary(log, programme="foundational_to_advanced"),
                                  full.weekly)
    pd.testing.assert_frame_equal(flags(log, programme="foundational_to_advanced"), full.flags)
    pd.testing.assert_frame_equal(squad_summary(log, programme="foundational_to_advanced"),
                                  full.squad)


def test_errors(sample):
    log, _ = sample
    with pytest.raises(ValueError, match="no rows to analyse on or before as_of"):
        analyse_log(log, as_of="2020-01-01")
    with pytest.raises(ValueError, match="lacks column"):
        analyse_log(log.drop(columns="date"))


def test_write_tables_csv_and_parquet_atomically(tmp_path, sample_analysis):
    (tmp_path / "squad.csv").write_text("old", encoding="utf-8")
    written = write_tables(sample_analysis, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written) == [
        "flags.csv", "flags.parquet", "squad.csv", "squad.parquet", "weekly.csv",
        "weekly.parquet"]
    back = pd.read_parquet(tmp_path / "weekly.parquet")
    assert len(back) == len(sample_analysis.weekly)
    assert back["tut_s"].equals(sample_analysis.weekly["tut_s"])
    csv = pd.read_csv(tmp_path / "squad.csv", dtype={"athlete_id": str})
    assert csv["athlete_id"].tolist() == sample_analysis.athletes


# --- the command -----------------------------------------------------------------------------


def test_cli_analyse_on_the_sample_squad(tmp_path, capsys):
    out = tmp_path / "tables"
    code = main(["analyse", str(data_path("sample/squad_log.csv")), "--assignments",
                 str(data_path("sample/assignments.csv")), "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0
    n_rows = len(pd.read_csv(data_path("sample/squad_log.csv")))
    assert f"read {n_rows} rows = {n_rows} accepted + 0 rejected" in text
    assert "squad of 12 athlete(s)" in text
    assert "not an injury-risk score" in text
    for name in ("weekly", "squad", "flags"):
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
    squad = pd.read_parquet(out / "squad.parquet")
    lines = [line for line in text.splitlines() if line[:3].isdigit()]
    assert len(lines) == len(squad) == 12


def test_cli_analyse_reports_rejected_rows_and_exits_1(tmp_path, capsys):
    code = main(["analyse", str(data_path("sample/messy_log.csv")), "--programme",
                 "foundational_to_advanced", "--out", str(tmp_path)])
    text = capsys.readouterr().out
    assert code == 1
    assert "rejected rows by reason" in text and "unknown_exercise" in text
    assert (tmp_path / "weekly.csv").is_file()  # the accepted rows are still analysed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "no such file"),
        (["{log}", "--programme", "psoas_ladder"], "did you mean 'psoas_level_ladder'"),
        (["{log}", "--as-of", "2020-01-01"], "no rows to analyse"),
        (["{log}", "--as-of", "yesterday"], "--as-of: not a date (YYYY-MM-DD): 'yesterday'"),
        (["{log}", "--assignments", "missing.csv"], "cannot read assignments"),
    ],
)
def test_cli_analyse_usage_errors_exit_2(tmp_path, capsys, args, message):
    log = str(data_path("sample/squad_log.csv"))
    argv = ["analyse", *[a.format(log=log) for a in args], "--out", str(tmp_path / "o")]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_cli_analyse_programme_and_assignments_exclude_each_other(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["analyse", "x.csv", "--programme", "a", "--assignments", "b", "--out", "o"])
    assert exc.value.code == 2


def test_foster_session_rpe_where_logged_and_the_named_proxy_elsewhere():
    # A logs session RPE and duration (Foster: 7 x 40 min = 280 AU); B does not
    a = [dict(r, session_rpe=7.0, session_duration_min=40.0)
         for r in routine_session("A", "2024-01-01", rpe=4)]
    log = make_log(a + routine_session("B", "2024-01-01", rpe=4))
    result = analyse_log(log, as_of="2024-01-07")
    weekly = result.weekly.set_index("athlete_id")
    assert weekly.loc["A", "load_measure"] == "srpe"
    assert weekly.loc["A", "load"] == pytest.approx(280.0)
    assert weekly.loc["B", "load_measure"] == "set_rpe_work"
    assert weekly.loc["B", "load"] == pytest.approx(4 * 240 / 60)  # RPE 4 x 6 x 5 x 8 s
    # asking for Foster's on B gives an unknown load, never the proxy under Foster's name
    foster = analyse_log(log, config=AnalysisConfig(load_measure="srpe"), as_of="2024-01-07")
    b = foster.weekly.set_index("athlete_id").loc["B"]
    assert np.isnan(b["load"]) and b["sessions_unknown_load"] == 1
