"""The built wheel carries the data and works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from psoaskit._data import list_data_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("psoaskit-*.whl")
    return path


def test_wheel_ships_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in list_data_files() if f"psoaskit/data/{f}" not in names]
    assert not missing
    assert "psoaskit/data/exercises.toml" in names


def test_installed_wheel_works_outside_the_repo(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import psoaskit, sys\n"
        "from psoaskit.cli import main\n"
        "print(psoaskit.__file__)\n"
        "sys.exit(main(['check-data']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(site))
    assert "FAIL" not in result.stdout


def test_installed_wheel_writes_a_report_outside_the_repo(wheel, tmp_path):
    """The report notebook and the sample squad ship in the wheel; the kernel imports it too."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    sample = site / "psoaskit" / "data" / "sample"
    out = tmp_path / "reports"
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-m", "psoaskit.cli", "report", str(sample / "squad_log.csv"),
         "--assignments", str(sample / "assignments.csv"), "--athletes", "001",
         "--out", str(out), "--workers", "1", "--no-progress"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "001.html").is_file() and (out / "index.html").is_file()
