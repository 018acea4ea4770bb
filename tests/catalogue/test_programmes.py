"""Programmes of the sources, checked against the catalogue."""

from __future__ import annotations

import pytest

from psoaskit._data import read_text
from psoaskit.catalogue.exercises import CatalogueError, Range, read_catalogue
from psoaskit.catalogue.programmes import get_programme, parse_programmes, read_programmes


@pytest.fixture(scope="module")
def programmes():
    return read_programmes()


def test_the_four_source_programmes_are_present(programmes):
    assert {p: programmes[p].sources for p in programmes} == {
        "psoas_march_drill": ("000",),
        "precision_movement_routine": ("003",),
        "foundational_to_advanced": ("002",),
        "psoas_level_ladder": ("004",),
    }


def test_march_drill_is_three_by_sixty_seconds(programmes):
    (item,) = programmes["psoas_march_drill"].items
    assert item.exercise == "psoas_march"
    assert (item.dose.sets, item.dose.work_s) == (Range(3, 3), Range(60, 60))
    assert programmes["psoas_march_drill"].sessions_per_week is None  # the source is silent


def test_routine_003_frequency_length_and_five_exercises(programmes):
    prog = programmes["precision_movement_routine"]
    assert prog.sessions_per_week == Range(2, 3) and prog.weeks == Range(4, 8)
    assert len(prog.items) == 5
    fshf = prog.items[-1]
    assert (fshf.exercise, fshf.dose.reps, fshf.dose.hold_s) == (
        "front_support_hip_flexion",
        Range(6, 10),
        Range(2, 2),
    )


def test_plan_002_progresses_by_sets_then_hold_then_resistance(programmes):
    prog = programmes["foundational_to_advanced"]
    assert prog.progression == ("sets", "hold", "resistance")
    assert prog.phases() == ["foundational", "advanced"]


def test_ladder_004_is_levels_one_to_five(programmes):
    catalogue = read_catalogue()
    prog = programmes["psoas_level_ladder"]
    assert [catalogue[e].level for e in prog.exercise_ids] == [1, 2, 3, 4, 5]
    assert prog.progression == ("level",)


def test_programme_with_unknown_exercise_is_rejected():
    text = read_text("programmes.toml").replace('exercise = "toe_tap"', "").replace(
        'exercise = "psoas_march"', 'exercise = "psoas_marhc"'
    )
    with pytest.raises(CatalogueError, match=r"psoas_march_drill'\.item #1\.exercise.*psoas_march"):
        parse_programmes(text, read_catalogue())


def test_programme_with_unknown_progression_step_is_rejected():
    text = read_text("programmes.toml").replace('progression = ["level"]', 'progression = ["lvl"]')
    with pytest.raises(CatalogueError, match=r"psoas_level_ladder'\.progression: unknown step"):
        parse_programmes(text, read_catalogue())


def test_get_programme_unknown_id_names_close_matches():
    with pytest.raises(KeyError, match="psoas_level_ladder"):
        get_programme("psoas_ladder")
