"""The self-check quiz of notebook 01."""

from __future__ import annotations

import html

import ipywidgets as w

from psoaskit.catalogue.quiz import Quiz, check_answer, read_quiz
from psoaskit.viz.widgets.base import DisplayedWidget

__all__ = ["QuizWidget"]


# --- quiz ----------------------------------------------------------------------------------


class QuizWidget(DisplayedWidget):
    """Multiple-choice self-check: one radio group and a Check button per question.

    Examples
    --------
    >>> quiz = QuizWidget("iliopsoas_anatomy")
    >>> quiz.choices[0].index = quiz.quiz.questions[0].answer
    >>> quiz.check()
    >>> quiz.feedback[0].value.startswith("✔ Correct")
    True
    >>> quiz.score.value
    'Score: 1 of 6'
    """

    def __init__(self, name: str | Quiz) -> None:
        self.quiz = read_quiz(name) if isinstance(name, str) else name
        self.choices: list[w.RadioButtons] = []
        self.feedback: list[w.HTML] = []
        rows = []
        for number, question in enumerate(self.quiz.questions, start=1):
            radio = w.RadioButtons(
                options=list(question.options), value=None, layout=w.Layout(width="auto")
            )
            note = w.HTML()
            self.choices.append(radio)
            self.feedback.append(note)
            rows.append(
                w.VBox([w.HTML(f"<b>{number}. {html.escape(question.prompt)}</b>"), radio, note])
            )
        self.button = w.Button(description="Check answers", button_style="primary")
        self.button.on_click(lambda _button: self.check())
        self.score = w.Label()
        self.widget = w.VBox(
            [
                w.HTML(f"<h4>{html.escape(self.quiz.title)}</h4>"),
                *rows,
                w.HBox([self.button, self.score]),
            ]
        )

    def check(self) -> None:
        """Mark every question and show the feedback and the score."""
        right = 0
        for question, radio, note in zip(
            self.quiz.questions, self.choices, self.feedback, strict=True
        ):
            correct, message = check_answer(question, radio.index)
            right += correct
            note.value = f"{'✔' if correct else '✘'} {html.escape(message)}"
        self.score.value = f"Score: {right} of {len(self.quiz.questions)}"
