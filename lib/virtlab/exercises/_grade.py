"""Grading one answer: compare it with what the reference solution computes, say why in words.

:func:`feedback` never raises on a student's answer, whatever it is: it returns
a :class:`Feedback` whose message says what was wrong and what is allowed.
:func:`check` is what the notebook's locked test cell calls: it prints the
feedback, and raises ``AssertionError`` with it when the answer is not right, which
is how nbgrader's autograder knows to give no points.
"""

from __future__ import annotations

import functools
import io
import math
import numbers
from collections.abc import Callable, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from typing import Any

from virtlab.exercises._bank import EXERCISES, Exercise
from virtlab.i18n import tr

__all__ = ["Feedback", "check", "exercise", "feedback", "reference"]

_BY_ID = {e.id: e for e in EXERCISES}


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer, in the current language."""

    exercise_id: str
    is_correct: bool
    message: str


def exercise(exercise_id: str) -> Exercise:
    """The exercise ``exercise_id``.

    Raises:
        ValueError: no exercise has that id; the message lists the ids there are.
    """
    try:
        return _BY_ID[exercise_id]
    except KeyError:
        raise ValueError(
            tr("exercises.unknown", got=exercise_id, allowed=", ".join(_BY_ID))
        ) from None


@functools.cache
def reference(exercise_id: str) -> Any:
    """What the exercise's reference solution computes: the right answer (or function)."""
    from virtlab import history, model, probe

    chosen = exercise(exercise_id)
    scope: dict[str, Any] = {"model": model, "probe": probe, "history": history}
    with redirect_stdout(io.StringIO()):  # what the solution prints is for the student
        exec(compile(chosen.solution, f"<solution {chosen.id}>", "exec"), scope)  # noqa: S102
    return scope[chosen.name]


def feedback(exercise_id: str, answer: Any) -> Feedback:
    """Judge ``answer`` to exercise ``exercise_id``; never raises on the answer."""
    chosen = exercise(exercise_id)
    if answer is None:
        return Feedback(chosen.id, False, tr("exercises.feedback.empty", name=chosen.name))
    problem = _COMPARE[chosen.kind](chosen, answer, reference(chosen.id))
    if problem is None:
        return Feedback(chosen.id, True, tr("exercises.feedback.correct", why=_text(chosen, "why")))
    return Feedback(chosen.id, False, problem)


def check(exercise_id: str, answer: Any) -> None:
    """Print the feedback on ``answer``; raise ``AssertionError`` with it unless it is right."""
    verdict = feedback(exercise_id, answer)
    if not verdict.is_correct:
        raise AssertionError(verdict.message)
    print(verdict.message)


def _text(chosen: Exercise, part: str) -> str:
    return tr(f"exercises.{chosen.id}.{part}")


def _wrong(chosen: Exercise, got: Any) -> str:
    return tr("exercises.feedback.wrong", got=repr(got), hint=_text(chosen, "hint"))


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _compare_integer(chosen: Exercise, got: Any, want: Any) -> str | None:
    if not _is_number(got) or not math.isfinite(got) or got != int(got):
        return tr("exercises.feedback.not_integer", name=chosen.name, got=repr(got))
    if int(got) == int(want):
        return None
    return _direction(chosen, got, want)


def _compare_number(chosen: Exercise, got: Any, want: Any) -> str | None:
    if not _is_number(got) or not math.isfinite(got):
        return tr("exercises.feedback.not_number", name=chosen.name, got=repr(got))
    if math.isclose(float(got), float(want), rel_tol=chosen.tolerance, abs_tol=1e-9):
        return None
    return _direction(chosen, got, want)


def _direction(chosen: Exercise, got: Any, want: Any) -> str:
    """Too high or too low, with the hint: a number's feedback says which way to look."""
    key = "exercises.feedback.too_high" if got > want else "exercises.feedback.too_low"
    return tr(key, got=repr(got), hint=_text(chosen, "hint"))


def _compare_choice(chosen: Exercise, got: Any, want: Any) -> str | None:
    if got not in chosen.allowed:
        return tr(
            "exercises.feedback.not_allowed",
            name=chosen.name,
            got=repr(got),
            allowed=", ".join(repr(a) for a in chosen.allowed),
        )
    return None if got == want else _wrong(chosen, got)


def _compare_order(chosen: Exercise, got: Any, want: Any) -> str | None:
    if (
        isinstance(got, str)
        or not isinstance(got, Sequence)
        or sorted(map(str, got)) != sorted(chosen.allowed)
    ):
        return tr(
            "exercises.feedback.not_an_order",
            name=chosen.name,
            got=repr(got),
            allowed=", ".join(repr(a) for a in chosen.allowed),
        )
    return None if list(got) == list(want) else _wrong(chosen, list(got))


def _compare_function(chosen: Exercise, got: Any, want: Any) -> str | None:
    if not callable(got):
        return tr("exercises.feedback.not_a_function", name=chosen.name, got=repr(got))
    for args in chosen.cases:
        call = f"{chosen.name}({', '.join(repr(a) for a in args)})"
        expected = want(*args)
        try:
            result = got(*args)
        except Exception as exc:  # the student's code: any error is feedback, not a crash
            return tr("exercises.feedback.function_raised", call=call, error=repr(exc))
        if not _same(result, expected):
            return tr(
                "exercises.feedback.function_wrong",
                call=call,
                got=repr(result),
                want=repr(expected),
                hint=_text(chosen, "hint"),
            )
    return None


def _same(got: Any, want: Any) -> bool:
    if want is None or got is None:
        return got is want
    if _is_number(got) and _is_number(want):
        return math.isclose(float(got), float(want), rel_tol=1e-9)
    return bool(got == want)


_COMPARE: dict[str, Callable[[Exercise, Any, Any], str | None]] = {
    "integer": _compare_integer,
    "number": _compare_number,
    "choice": _compare_choice,
    "order": _compare_order,
    "function": _compare_function,
}
