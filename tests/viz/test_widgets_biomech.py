"""Explorers respond to their controls; their callbacks are plain functions (no kernel)."""

from __future__ import annotations

import pytest

from psoaskit.biomech.anthropometry import Body
from psoaskit.biomech.mechanics import hip_flexion_moment
from psoaskit.viz.widgets.biomech import LeverExplorer, RangeExplorer, lever_state, range_state
from psoaskit.viz.widgets.quiz import QuizWidget


def _svg(output) -> str:
    (shown,) = output.outputs
    return shown["data"]["image/svg+xml"]


def test_lever_state_matches_the_model() -> None:
    state = lever_state(
        hip_deg=90, knee_deg=90, posture="standing", equipment="dumbbell on knee", weight_kg=5
    )
    expected = (
        hip_flexion_moment(Body(), 90, 90, "standing") + 5 * 9.80665 * Body().limb.thigh.length_m
    )
    assert state.moment_nm == pytest.approx(expected)
    assert f"{expected:.1f} N·m" in state.html
    assert "dumbbell" in set(state.contributions["part"])
    assert state.chart().to_dict()["hconcat"]


def test_lever_state_rejects_unknown_equipment() -> None:
    with pytest.raises(ValueError, match="unknown equipment"):
        lever_state(equipment="kettlebell")


def test_hip_slider_changes_moment_text_and_chart() -> None:
    explorer = LeverExplorer()
    assert explorer.hip.description == "Hip angle"
    before_text, before_svg = explorer.readout.value, _svg(explorer.output)
    assert "40.9 N·m" in before_text
    explorer.hip.value = 60
    assert "20.5 N·m" in explorer.readout.value
    assert explorer.readout.value != before_text
    assert _svg(explorer.output) != before_svg


def test_other_controls_update_and_toggle_their_sliders() -> None:
    explorer = LeverExplorer(hip_deg=90, knee_deg=90, posture="standing")
    base = explorer.state.moment_nm
    assert explorer.weight_kg.disabled and explorer.band.disabled
    explorer.equipment.value = "dumbbell on knee"
    assert not explorer.weight_kg.disabled and explorer.band.disabled
    assert explorer.state.moment_nm > base
    explorer.equipment.value = "band at ankle"
    assert explorer.weight_kg.disabled and not explorer.band.disabled
    explorer.mass.value = 100
    assert "Hip-flexion moment" in explorer.readout.value
    explorer.posture.value = "side_plank"
    assert explorer.state.lever_arm_m == 0.0


def test_range_state_and_explorer() -> None:
    state = range_state(hip_deg=110, knee_deg=0)
    table = state.muscles.set_index("muscle")
    assert table.loc["rectus_femoris", "active_fl"] < table.loc["psoas", "active_fl"]
    explorer = RangeExplorer()
    before = _svg(explorer.output)
    explorer.hip.value = 110
    assert "Hip 110 deg" in explorer.readout.value
    assert _svg(explorer.output) != before
    explorer.curve.value = "OpenSim Rajagopal 2016 equilibrium"
    explorer.knee.value = "knee bent (90 deg)"
    assert explorer.state.curve == "opensim" and explorer.state.knee_deg == 90


def test_quiz_widget_scores_answers() -> None:
    quiz = QuizWidget("iliopsoas_anatomy")
    quiz.check()
    assert quiz.score.value == f"Score: 0 of {len(quiz.quiz.questions)}"
    assert "Pick an answer first" in quiz.feedback[0].value
    for radio, question in zip(quiz.choices, quiz.quiz.questions, strict=True):
        radio.index = question.answer
    quiz.button.click()
    assert quiz.score.value == f"Score: {len(quiz.quiz.questions)} of {len(quiz.quiz.questions)}"
    wrong = (quiz.quiz.questions[0].answer + 1) % len(quiz.quiz.questions[0].options)
    quiz.choices[0].index = wrong
    quiz.check()
    assert "Not quite" in quiz.feedback[0].value


def test_lever_readout_explains_negative_moments_and_a_load_that_cannot_rest():
    from psoaskit.viz.widgets.biomech import lever_state

    # standing, hip 2 deg, knee 90: the shank and foot hang behind the hip (negative moments),
    # and a dumbbell cannot lie on a vertical thigh
    upright = lever_state(hip_deg=2, knee_deg=90, posture="standing",
                          equipment="dumbbell on knee", weight_kg=5)
    assert (upright.contributions["moment_nm"] < 0).any()
    assert "A negative moment means" in upright.html
    assert "cannot rest on a thigh this steep (88 deg from horizontal)" in upright.html
    # thigh level (hip 90): the dumbbell rests, nothing is negative
    level = lever_state(hip_deg=90, knee_deg=90, posture="standing",
                        equipment="dumbbell on knee", weight_kg=5)
    assert "cannot rest" not in level.html and "negative moment" not in level.html
