"""00-start-here: the session-plan dashboard and the three seeded self-checks."""

from __future__ import annotations

import pytest

from virtlab import model
from virtlab.course import load_manifest
from virtlab.figures.course import session_plan
from virtlab.ui import (
    course_plan_dashboard,
    kernel_question,
    total_time_question,
)


def test_moving_the_session_slider_replans_the_modules() -> None:
    manifest = load_manifest()
    minutes = [m.minutes for m in manifest]
    board = course_plan_dashboard(manifest, session_minutes=240)
    board.controls["session_minutes"].value = 30
    expected = session_plan(minutes, 30)
    [bars] = board.traces
    assert list(bars.text) == [f"session {s}" for s in expected]
    colour_of = dict(zip(expected, bars.marker.color, strict=True))  # one colour per session
    assert list(bars.marker.color) == [colour_of[s] for s in expected]
    assert len(set(colour_of.values())) == max(expected)
    assert board.figure.layout.title.text == f"{max(expected)} sessions of 30 minutes"


@pytest.mark.parametrize(
    ("minutes", "session", "plan"),
    [
        ([10, 20, 30], 60, [1, 1, 1]),  # all fit in one session
        ([50, 20], 60, [1, 2]),  # the second would overflow
        ([90, 10], 60, [1, 2]),  # a module longer than a session gets its own
    ],
)
def test_session_plan(minutes: list[int], session: int, plan: list[int]) -> None:
    assert session_plan(minutes, session) == plan


def test_session_plan_refuses_a_non_positive_session() -> None:
    with pytest.raises(ValueError, match="session_minutes must be positive, got 0"):
        session_plan([10], 0)


def test_the_kernel_answer_shares_the_host_kernel() -> None:
    assert model.platform(kernel_question(3).answer).shares_host_kernel


def test_the_total_time_answer_is_the_manifest_total() -> None:
    assert total_time_question(load_manifest(), 1).answer == f"{load_manifest().total_minutes} min"
