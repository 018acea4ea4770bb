"""Short self-check quizzes: questions from a data file, answers checked by plain functions.

A quiz is a TOML file in ``data/`` (``quiz_<name>.toml``) with a ``title`` and ``[[question]]``
tables (``id``, ``prompt``, ``options``, ``answer`` = 0-based index, ``explain``). The widget in
:mod:`psoaskit.viz.widgets` only displays; checking lives here so it is testable without a kernel.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from psoaskit._data import read_text
from psoaskit.errors import ParameterError, QuizError

__all__ = ["Question", "Quiz", "QuizError", "check_answer", "parse_quiz", "read_quiz"]




@dataclass(frozen=True)
class Question:
    """One multiple-choice question.

    Attributes
    ----------
    id : str
        Unique within the quiz.
    prompt : str
        The question.
    options : tuple of str
        Answer choices, at least two.
    answer : int
        Index of the correct option.
    explain : str
        Feedback shown after checking.

    Examples
    --------
    >>> Question("q", "Left or right?", ("left", "right"), 0, "Left.").options[0]
    'left'
    """

    id: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    explain: str


@dataclass(frozen=True)
class Quiz:
    """A titled list of questions.

    Examples
    --------
    >>> read_quiz("iliopsoas_anatomy").title
    'Iliopsoas: quick self-check'
    """

    title: str
    questions: tuple[Question, ...]


def _question(raw: object, index: int, name: str) -> Question:
    if not isinstance(raw, dict):
        raise QuizError(f"quiz {name!r}: question #{index + 1} is not a table")
    where = f"quiz {name!r}, question {raw.get('id', f'#{index + 1}')!r}"
    for key in ("id", "prompt", "options", "answer", "explain"):
        if key not in raw:
            raise QuizError(f"{where}: missing field {key!r}")
    options = raw["options"]
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, str) for o in options)
    ):
        raise QuizError(f"{where}: options must be a list of at least two strings")
    answer = raw["answer"]
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(options):
        raise QuizError(
            f"{where}: answer must be an option index 0..{len(options) - 1}, got {answer!r}"
        )
    return Question(str(raw["id"]), str(raw["prompt"]), tuple(options), answer, str(raw["explain"]))


def parse_quiz(text: str, name: str = "quiz") -> Quiz:
    """Parse and check quiz TOML text.

    Raises
    ------
    QuizError
        Not TOML, no questions, a missing field, fewer than two options, an answer that is
        not an option index, or duplicate ids; the message names the question and field.

    Examples
    --------
    >>> parse_quiz('''
    ... [[question]]
    ... id = "q1"
    ... prompt = "Which?"
    ... options = ["a", "b"]
    ... answer = 1
    ... explain = "b."
    ... ''').questions[0].options
    ('a', 'b')
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuizError(f"quiz {name!r} is not valid TOML: {exc}") from None
    questions = tuple(_question(q, i, name) for i, q in enumerate(raw.get("question", [])))
    if not questions:
        raise QuizError(f"quiz {name!r} has no questions")
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise QuizError(f"quiz {name!r}: duplicate question ids {duplicates}")
    return Quiz(str(raw.get("title", name)), questions)


def read_quiz(name: str) -> Quiz:
    """Load the packaged quiz ``data/quiz_<name>.toml``.

    Examples
    --------
    >>> quiz = read_quiz("iliopsoas_anatomy")
    >>> quiz.questions[0].id
    'psoas_insertion'
    """
    return parse_quiz(read_text(f"quiz_{name}.toml"), name)


def check_answer(question: Question, choice: int | None) -> tuple[bool, str]:
    """Whether ``choice`` (an option index, or None for no answer) is right, and the feedback.

    Examples
    --------
    >>> q = Question("q", "2 + 2?", ("3", "4"), 1, "Two and two make four.")
    >>> check_answer(q, 1)
    (True, 'Correct. Two and two make four.')
    >>> check_answer(q, None)[1]
    'Pick an answer first.'
    """
    if choice is None:
        return False, "Pick an answer first."
    if not 0 <= choice < len(question.options):
        raise ParameterError(f"choice {choice} is not an option of question {question.id!r}")
    if choice == question.answer:
        return True, f"Correct. {question.explain}"
    return (
        False,
        f"Not quite: the answer is '{question.options[question.answer]}'. {question.explain}",
    )
