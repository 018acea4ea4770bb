"""The exercise catalogue: every exercise of the sources, and a loader that rejects bad edits."""

from __future__ import annotations

import re

import pytest

from psoaskit._data import read_text
from psoaskit.catalogue.exercises import (
    CONTRACTIONS,
    LATERALITIES,
    CatalogueError,
    Range,
    parse_catalogue,
    read_catalogue,
)

# Every exercise the issue lists, by source, as (source id, catalogue id).
EXPECTED = [
    ("000", "psoas_march"),
    ("001", "toe_tap"),
    ("001", "deep_lunge_side_bend_stretch"),
    ("002", "supine_marching"),
    ("002", "controlled_straight_leg_raise"),
    ("002", "standing_hip_flexion"),
    ("002", "front_support_hip_flexion"),
    ("002", "hanging_alternating_leg_raise"),
    ("002", "supine_alternating_leg_raise"),
    ("002", "high_knee_runs"),
    ("002", "mountain_climbers"),
    ("003", "active_self_myofascial_release"),
    ("003", "standing_glute_contraction"),
    ("003", "standing_slumpy_psoas"),
    ("003", "standing_slumpy_psoas_dumbbell"),
    ("003", "side_lying_hip_ere"),
    ("003", "front_support_hip_flexion"),
    ("003", "kneeling_lunge_static_stretch"),
    ("004", "supine_psoas_activation"),
    ("004", "standing_psoas_activation"),
    ("004", "half_kneeling_banded_psoas_hold"),
    ("004", "side_plank_banded_psoas_hold"),
    ("004", "standing_banded_psoas_hold"),
]


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue()


@pytest.mark.parametrize(("source", "exercise_id"), EXPECTED)
def test_every_source_exercise_is_catalogued_with_its_source(catalogue, source, exercise_id):
    assert source in catalogue[exercise_id].sources


def test_catalogue_has_nothing_the_sources_do_not_name(catalogue):
    assert set(catalogue) == {eid for _, eid in EXPECTED}


def test_sources_point_at_real_seed_files(catalogue):
    for sid, source in catalogue.sources.items():
        assert source.file.startswith(f"{sid}_"), source


def test_level_ladder_is_one_to_five_from_source_004(catalogue):
    ladder = catalogue.ladder()
    assert [e.level for e in ladder] == [1, 2, 3, 4, 5]
    assert all(e.sources == ("004",) for e in ladder)
    assert all(e.dose.hold_s == Range(2, 5) and e.dose.reps == Range(3, 5) for e in ladder)


def test_doses_match_the_sources(catalogue):
    march = catalogue["psoas_march"].dose
    assert (march.sets, march.work_s) == (Range(3, 3), Range(60, 60))
    slumpy = catalogue["standing_slumpy_psoas"].dose
    assert (slumpy.sets, slumpy.reps, slumpy.hold_s) == (Range(2, 3), Range(4, 6), Range(5, 10))
    ere = catalogue["side_lying_hip_ere"].dose
    assert (ere.cycles, ere.hold_s, ere.per_side) == (Range(2, 4), Range(10, 15), True)
    assert catalogue["toe_tap"].dose.work_s == Range(30, 60)


def test_static_stretch_is_kept_but_not_recommended_with_reason(catalogue):
    stretch = catalogue["kneeling_lunge_static_stretch"]
    assert stretch.recommended is False
    assert "strength" in stretch.not_recommended_reason
    assert all(e.recommended for e in catalogue.values() if e.id != stretch.id)


def test_every_exercise_carries_the_common_safety_notes(catalogue):
    notes = " ".join(catalogue.safety_common).lower()
    assert "sharp pain" in notes and "physiotherapist" in notes
    common = catalogue.safety_common
    assert catalogue.safety_for("toe_tap")[: len(common)] == common


def test_enumerations_and_links_are_consistent(catalogue):
    for ex in catalogue.values():
        assert ex.contraction in CONTRACTIONS and ex.laterality in LATERALITIES
        assert set(ex.progressions) | set(ex.regressions) <= set(catalogue)
        assert ex.posture.hip_deg.min <= ex.posture.hip_deg.max


def test_soft_tissue_and_stretches_are_not_modelled(catalogue):
    for ex in catalogue.values():
        if ex.contraction in ("soft_tissue", "stretch"):
            assert not ex.modelled, ex.id


def test_cues_are_our_own_words_not_copied_sentences(catalogue):
    """No cue or fault shares a run of eight words with any source document."""
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("source documents not beside the checkout")
    words = re.compile(r"[a-z0-9]+")
    source_grams: set[tuple[str, ...]] = set()
    for path in seeds.glob("*.txt"):
        tokens = words.findall(path.read_text(encoding="utf-8").lower())
        source_grams |= {tuple(tokens[i : i + 8]) for i in range(len(tokens) - 7)}
    for ex in catalogue.values():
        for text in (*ex.cues, *ex.faults):
            tokens = words.findall(text.lower())
            grams = {tuple(tokens[i : i + 8]) for i in range(len(tokens) - 7)}
            assert not grams & source_grams, (ex.id, text)


def test_alias_index_maps_names_and_aliases(catalogue):
    index = catalogue.alias_index()
    assert index["slr"] == "controlled_straight_leg_raise"
    assert index["level 5 standing banded psoas hold"] == "standing_banded_psoas_hold"


def test_unknown_id_suggests_close_matches(catalogue):
    with pytest.raises(KeyError, match="did you mean 'toe_tap'"):
        catalogue["toe_tapp"]


# --- broken edits: each names the entry and the field -------------------------------------


def _edit(old: str, new: str, count: int = 1) -> str:
    text = read_text("exercises.toml")
    assert old in text, old
    return text.replace(old, new, count)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "toe_tap"', 'id = "psoas_march"', r"exercise 'psoas_march': duplicate id"),
        (
            'progressions = ["standing_slumpy_psoas_dumbbell"]',
            'progressions = ["standing_slumpy_psoas_dumbell"]',
            r"exercise 'standing_slumpy_psoas'\.progressions: dangling link.*did you mean",
        ),
        (
            "dose = { sets = [3, 3], work_s = [60, 60] }",
            "dose = { sets = [4, 3], work_s = [60, 60] }",
            r"exercise 'psoas_march'\.dose\.sets: min 4 > max 3",
        ),
        (
            'contraction = "eccentric"',
            'contraction = "plyometric"',
            r"exercise 'toe_tap'\.contraction: unknown value 'plyometric'",
        ),
        ('sources = ["001"]\nposition = "supine"', 'sources = []\nposition = "supine"',
         r"exercise 'toe_tap'\.sources: at least one source"),
        ('sources = ["001"]\nposition = "supine"', 'sources = ["009"]\nposition = "supine"',
         r"exercise 'toe_tap'\.sources: unknown source '009'"),
        ('model = "plank", hip_deg = [0, 100]', 'model = "prone", hip_deg = [0, 100]',
         r"exercise 'front_support_hip_flexion'\.posture\.model: unknown value 'prone'"),
        ("recommended = false\n", "recommended = false\nnot_recommended_reason = ''\n#",
         r"kneeling_lunge_static_stretch.*not_recommended_reason"),
        ('name = "Toe Tap"\n', "", r"exercise 'toe_tap': missing field\(s\) name"),
        ("level = 3", "level = 0", r"half_kneeling_banded_psoas_hold'\.level"),
        ("per_side = true }\nposture = { model = \"supine\", hip_deg = [45",
         "per_side = \"yes\" }\nposture = { model = \"supine\", hip_deg = [45",
         r"supine_marching'\.dose\.per_side"),
    ],
)
def test_broken_catalogue_edit_names_entry_and_field(old, new, message):
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(_edit(old, new))


def test_invalid_toml_is_a_catalogue_error():
    with pytest.raises(CatalogueError, match="not valid TOML"):
        parse_catalogue("[[exercise]\n")


def test_load_catalogue_from_a_user_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(_edit('name = "Toe Tap"', 'name = "Toe Taps (mine)"'), encoding="utf-8")
    assert read_catalogue(path)["toe_tap"].name == "Toe Taps (mine)"
