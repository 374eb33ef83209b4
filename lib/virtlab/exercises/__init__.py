"""Graded exercises: two per module, scored by nbgrader, with feedback in the student's language.

Where the self-checks of the notebooks ask a student to predict and then reveal,
an exercise asks them to *compute* an answer with the course's own tools (the
cost model, the recorded live-lab runs, the history table) and is scored: each
answer cell sets one variable, and a locked cell calls :func:`check`, which
prints why the answer is right, or raises ``AssertionError`` saying what is wrong
and where to look. The right answer is never stored: it is what the exercise's
reference solution computes (:mod:`virtlab.exercises._bank`).

>>> feedback("01-1", None).is_correct
False
>>> feedback("01-1", reference("01-1")).is_correct
True
>>> feedback("01-1", "six").message
"`servers_after` should be a whole number; it is 'six'."

Errors::

    ValueError      an unknown exercise id or module (the message lists the valid ones)
    AssertionError  check() on an answer that is not right (the feedback is the message)
"""

from virtlab.exercises._bank import EXERCISES, Exercise
from virtlab.exercises._grade import Feedback, check, exercise, feedback, reference
from virtlab.exercises._nbgrader import assignment_notebook, modules, write_course

__all__ = [
    "EXERCISES",
    "Exercise",
    "Feedback",
    "assignment_notebook",
    "check",
    "exercise",
    "feedback",
    "modules",
    "reference",
    "write_course",
]
