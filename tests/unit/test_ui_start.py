"""00-start-here: the session-plan dashboard, the three seeded self-checks, the evidence table."""

from __future__ import annotations

import re

import pytest

from virtlab import i18n, model
from virtlab.course import load_manifest
from virtlab.figures.course import session_plan
from virtlab.probe import where_am_i
from virtlab.ui import (
    STRENGTH_COLORS,
    course_plan_dashboard,
    evidence_table,
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


# --- the where-am-I evidence ------------------------------------------------------------

RECORDED = {"VIRTLAB_LIVE": "0"}


def test_the_evidence_table_has_every_signal_in_order() -> None:
    report = where_am_i(environ=RECORDED)
    table = evidence_table(report)
    frame = table.frame()
    assert len(table) == len(report.evidence) > 5
    assert frame["signal"].tolist() == [s.label for s in report.evidence]
    assert frame["value"].tolist() == [s.shown_value for s in report.evidence]
    assert frame["meaning"].tolist() == [s.meaning for s in report.evidence]  # whole, not cut
    assert frame["strength"].tolist() == [s.strength for s in report.evidence]
    assert table.headers == ("layer", "signal", "value", "strength", "meaning")
    html = table.to_html()
    assert all(s.meaning.replace("'", "&#39;") in html for s in report.evidence)


def test_the_strength_cell_is_colored_by_strength() -> None:
    report = where_am_i(environ=RECORDED)
    table = evidence_table(report)
    assert table.colors["strength"] == tuple(STRENGTH_COLORS[s.strength] for s in report.evidence)
    # Styler writes one rule for all the cells that look alike: selectors, then declarations
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", table.to_html())
    style = {sel.strip(): body for sels, body in rules for sel in sels.split(",")}
    strength = table.columns.index("strength")
    for row, signal in enumerate(report.evidence):
        cell = style[f"#{table.table_id}_row{row}_col{strength}"]
        assert f"background-color: {STRENGTH_COLORS[signal.strength]}" in cell
    # one color per strength, and the strengths differ
    assert len(set(STRENGTH_COLORS.values())) == len(STRENGTH_COLORS)


def test_the_evidence_table_speaks_korean() -> None:
    report = where_am_i(environ=RECORDED)
    with i18n.using("ko"):
        table = evidence_table(report)
        labels = [s.label for s in report.evidence]
    assert table.headers == ("계층", "신호", "값", "강도", "의미")
    frame = table.frame()
    for word in {*frame["layer"], *frame["strength"]}:
        assert korean(word), word
    # each signal is named in Korean; a path or a vendor string as the machine gave it
    assert frame["signal"].tolist() == labels
    assert labels[0] == "/proc/cpuinfo의 'hypervisor' 플래그"
    assert frame["strength"][0] == "강함" and report.evidence[0].strength == "strong"
