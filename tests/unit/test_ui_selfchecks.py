"""Every seeded self-check of the course: its answer is accepted, every other option refused.

The generators are found in ``virtlab.ui`` by name (``*_question``), so a new one
is checked without being listed here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest

from virtlab import ui
from virtlab.course import load_manifest
from virtlab.ui import Question, SelfCheck

SEEDS = [0, 1, 7, 42, 2024]


def seeded_generators() -> dict[str, Callable[[int], Question]]:
    """Name -> a function of the seed alone (the manifest's questions get the course's manifest)."""
    found: dict[str, Callable[[int], Question]] = {}
    for name in ui.__all__:
        if not name.endswith("_question"):
            continue
        make = getattr(ui, name)
        parameters = inspect.signature(make).parameters
        if "manifest" in parameters:
            found[name] = lambda seed, make=make: make(load_manifest(), seed)
        elif "seed" in parameters:
            found[name] = make
    return found


GENERATORS = seeded_generators()


def test_the_course_has_many_seeded_checks() -> None:
    assert len(GENERATORS) >= 20


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_a_check_accepts_its_answer_and_refuses_every_other_option(name: str, seed: int) -> None:
    question = GENERATORS[name](seed)
    check = SelfCheck(question)
    assert check.check(question.answer).is_correct
    assert not any(check.check(o).is_correct for o in question.options if o != question.answer)
    assert question.heading.endswith(f"(seed {seed})"), (
        "the seed is shown, so the check can be redone"
    )


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_a_seed_always_gives_the_same_question(name: str) -> None:
    assert GENERATORS[name](11) == GENERATORS[name](11)
