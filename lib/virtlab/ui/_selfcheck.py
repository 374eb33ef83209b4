"""Self-checks: predict, then check or reveal; the answer comes from the library, not the cell.

In the spirit of OSTEP's homework simulators: a :class:`Question` is generated
from a seed (so every student and every run sees the same one for that seed) and
shown with its parameters; :class:`SelfCheck` puts it in a widget with **Check**
(instant feedback on the chosen option) and **Reveal** (the answer and why). Under
papermill nothing is clicked: the question shows with its answer closed, and
nothing waits for input.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from virtlab.course._guide import SELFCHECK_MIME
from virtlab.i18n import tr
from virtlab.ui._bundle import widget_bundle

__all__ = ["Feedback", "Question", "SelfCheck"]


@dataclass(frozen=True)
class Question:
    """A multiple-choice question whose answer was computed, with the reason."""

    title: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.answer not in self.options:
            raise ValueError(
                tr("ui.selfcheck.answer_not_an_option", answer=self.answer, options=self.options)
            )
        if len(set(self.options)) != len(self.options):
            raise ValueError(tr("ui.selfcheck.options_repeat", options=self.options))

    @property
    def heading(self) -> str:
        """The title with its seed, so a question can be reproduced."""
        if self.seed is None:
            return self.title
        return tr("ui.selfcheck.heading_with_seed", title=self.title, seed=self.seed)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one response."""

    is_correct: bool
    message: str


class SelfCheck:
    """A question in a widget: choose, Check for instant feedback, Reveal for the answer."""

    def __init__(self, question: Question) -> None:
        import ipywidgets as widgets

        self.question = question
        self.choice = widgets.RadioButtons(options=question.options, value=None)
        self.check_button = widgets.Button(
            description=tr("ui.selfcheck.check"), button_style="primary"
        )
        self.reveal_button = widgets.Button(description=tr("ui.selfcheck.reveal"))
        self.feedback = widgets.HTML("")
        self.check_button.on_click(lambda _button: self._show_check())
        self.reveal_button.on_click(lambda _button: self._show_reveal())
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<b>{question.heading}</b><br>{question.prompt}"),
                self.choice,
                widgets.HBox([self.check_button, self.reveal_button]),
                self.feedback,
            ]
        )
        self.widget.add_class("virtlab-selfcheck")

    def check(self, response: str | None) -> Feedback:
        """Say whether ``response`` is the answer, without giving the answer away."""
        if response is None:
            return Feedback(False, tr("ui.selfcheck.choose_first"))
        if response not in self.question.options:
            raise ValueError(
                tr("ui.selfcheck.not_an_option", response=response, options=self.question.options)
            )
        if response == self.question.answer:
            return Feedback(True, tr("ui.selfcheck.correct", explanation=self.question.explanation))
        return Feedback(False, tr("ui.selfcheck.not_quite"))

    def reveal(self) -> str:
        """The answer and the reason for it."""
        q = self.question
        return tr("ui.selfcheck.answer", answer=q.answer, explanation=q.explanation)

    def _show_check(self) -> None:
        result = self.check(self.choice.value)
        mark = "✔" if result.is_correct else "✘"
        self.feedback.value = f"{mark} {result.message}"

    def _show_reveal(self) -> None:
        self.feedback.value = self.reveal()

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        options = "\n".join(f"  ( ) {o}" for o in self.question.options)
        buttons = f"[{tr('ui.selfcheck.check')}] [{tr('ui.selfcheck.reveal')}]"
        text = f"{self.question.heading}: {self.question.prompt}\n{options}\n  {buttons}"
        bundle = widget_bundle(self.widget, text, html=self._static_html())
        # the question and answer as data, for the instructor guide's answer key;
        # front ends ignore a MIME type they do not know
        bundle[SELFCHECK_MIME] = {
            "title": self.question.heading,
            "prompt": self.question.prompt,
            "options": list(self.question.options),
            "answer": self.question.answer,
            "explanation": self.question.explanation,
        }
        return bundle

    def _static_html(self) -> str:
        """The question for a page without a kernel: options listed, the answer behind a click."""
        q = self.question
        items = "".join(f"<li>{escape(o)}</li>" for o in q.options)
        return (
            f'<div class="virtlab-selfcheck-static"><p><b>{escape(q.heading)}</b>: '
            f"{escape(q.prompt)}</p><ul>{items}</ul>"
            f"<details><summary>{escape(tr('ui.selfcheck.reveal_static'))}</summary>"
            f"<p>{escape(self.reveal())}</p>"
            "</details></div>"
        )
