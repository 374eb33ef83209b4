"""00-start-here: the session-plan dashboard and the three seeded self-checks."""

from __future__ import annotations

import re

import pytest

from virtlab import i18n, model
from virtlab.course import load_manifest
from virtlab.figures.course import session_plan
from virtlab.ui import (
    course_plan_dashboard,
    kernel_question,
    module_question,
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


# --- the Korean edition -----------------------------------------------------------------------


def korean(text: str, *allowed: str) -> bool:
    """Text with Hangul and no English words left but the ``allowed`` ones."""
    return bool(re.search("[가-힣]", text)) and set(i18n.english_words(text)) <= set(allowed)


def test_the_session_plan_dashboard_speaks_korean() -> None:
    with i18n.using("ko"):
        board = course_plan_dashboard(load_manifest(), session_minutes=90)
        board.controls["session_minutes"].value = 60
        [bars] = board.traces
        texts = [
            board.title,
            board.controls["session_minutes"].description,
            board.figure.layout.title.text,
            board.figure.layout.xaxis.title.text,
            bars.hovertemplate,
            *bars.text,
        ]
    assert all(korean(t) for t in texts), texts
    assert board.figure.layout.title.text.startswith("60분 수업 ")


def test_the_start_questions_speak_korean_with_the_same_answers() -> None:
    manifest = load_manifest()
    with i18n.using("ko"):
        questions = [
            module_question(manifest, 3),
            total_time_question(manifest, 1),
            kernel_question(3),
        ]
    english = [
        module_question(manifest, 3),
        total_time_question(manifest, 1),
        kernel_question(3),
    ]
    for ko, en in zip(questions, english, strict=True):
        for text in (ko.title, ko.prompt, ko.explanation):
            assert korean(text.replace(ko.answer, "")), text  # ids stay ids
        assert ko.options.index(ko.answer) == en.options.index(en.answer)
    module, total, kernel = questions
    # the objective and title come from the manifest's Korean columns
    taught = next(m for m in manifest if m.id == module.answer)
    assert any(objective in module.prompt for objective in taught.objectives_ko)
    assert taught.title_ko in module.explanation
    assert total.answer == f"{manifest.total_minutes}분"
    assert all(option.endswith("분") for option in total.options)
    assert kernel.options == english[2].options  # platform ids are ids in every language
    assert model.platform(kernel.answer).name_ko in kernel.explanation


def test_english_stays_english() -> None:
    manifest = load_manifest()
    question = module_question(manifest, 3)
    taught = next(m for m in manifest if m.id == question.answer)
    assert any(objective in question.prompt for objective in taught.objectives)
    assert taught.title_en in question.explanation
    assert not re.search("[가-힣]", question.prompt + question.explanation)
    assert kernel_question(3).explanation.startswith(
        model.platform(kernel_question(3).answer).name_en
    )


def test_a_bad_session_length_is_refused_in_korean() -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match="session_minutes 값은 양수") as caught:
        session_plan([10], 0)
    assert korean(str(caught.value))
