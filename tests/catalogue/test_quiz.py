"""Quiz files and answer checking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoaskit.catalogue.anatomy import anatomy_sources
from psoaskit.catalogue.quiz import Question, QuizError, check_answer, parse_quiz, read_quiz


def test_packaged_quiz_loads_and_cites_sources() -> None:
    quiz = read_quiz("iliopsoas_anatomy")
    assert len(quiz.questions) >= 5
    assert all(0 <= q.answer < len(q.options) for q in quiz.questions)
    import tomllib

    from psoaskit._data import read_text

    raw = tomllib.loads(read_text("quiz_iliopsoas_anatomy.toml"))
    keys = set(anatomy_sources()["key"])
    assert all(set(q["sources"]) <= keys for q in raw["question"])


@given(
    st.integers(2, 6).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n - 1), st.integers(0, n - 1))
    )
)
def test_check_answer_is_right_only_for_the_answer(case) -> None:
    n, answer, choice = case
    question = Question("q", "?", tuple(f"option {i}" for i in range(n)), answer, "because")
    correct, message = check_answer(question, choice)
    assert correct == (choice == answer)
    assert message.endswith("because")


def test_check_answer_refuses_impossible_choice() -> None:
    with pytest.raises(ValueError, match="not an option"):
        check_answer(Question("q", "?", ("a", "b"), 0, ""), 5)


GOOD = '[[question]]\nid = "a"\nprompt = "?"\noptions = ["x", "y"]\nanswer = 0\nexplain = "x"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no questions"),
        ("[[question", "not valid TOML"),
        (GOOD.replace("answer = 0", "answer = 2"), "option index"),
        (GOOD.replace("answer = 0", "answer = true"), "option index"),
        (GOOD.replace('options = ["x", "y"]', 'options = ["x"]'), "at least two"),
        (GOOD.replace('explain = "x"\n', ""), "explain"),
        (GOOD + GOOD, "duplicate"),
    ],
)
def test_bad_quiz_files_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(QuizError, match=message):
        parse_quiz(text, "test")
