"""The graded exercises: every one judged right, wrong, empty and malformed, in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from virtlab import exercises, model, probe
from virtlab.cli import main
from virtlab.course import load_manifest
from virtlab.i18n import hangul_share, tr, using
from virtlab.probe._serial import from_jsonable
from virtlab.probe._signals import Report

IDS = [e.id for e in exercises.EXERCISES]

# A plausible wrong answer to each exercise: the kind of slip a student makes.
WRONG: dict[str, Any] = {
    "00-1": "net_round_trip",  # the largest toll on a plain container, not on gVisor
    "00-2": "container",  # believed /.dockerenv
    "01-1": 40,  # no consolidation at all
    "01-2": 30,
    "02-1": 0,
    "02-2": 1.0,
    "03-1": 1,
    "03-2": ["full_virt_bt", "paravirt", "hw_assisted"],  # the historical order, reversed
    "04-1": lambda cpu_max: float(cpu_max.split()[0]) / 1000,  # microseconds taken for ms
    "04-2": 1.0,
    "05-1": 0,
    "05-2": 0.1,
    "06-1": "cpu",
    "06-2": 256,
}


def test_two_exercises_per_module_in_course_order() -> None:
    modules = [m.id for m in load_manifest()]
    assert exercises.modules() == tuple(modules)
    for module in modules:
        assert sum(e.module == module for e in exercises.EXERCISES) == 2, module
    assert len(set(IDS)) == len(IDS) == 14
    assert set(WRONG) == set(IDS)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("exercise_id", IDS)
def test_right_wrong_and_empty_answers(exercise_id: str, lang: str) -> None:
    with using(lang):
        right = exercises.feedback(exercise_id, exercises.reference(exercise_id))
        wrong = exercises.feedback(exercise_id, WRONG[exercise_id])
        empty = exercises.feedback(exercise_id, None)
        hint = tr(f"exercises.{exercise_id}.hint")
        why = tr(f"exercises.{exercise_id}.why")
    assert right.is_correct and why in right.message
    assert not wrong.is_correct and hint in wrong.message
    assert not empty.is_correct and exercises.exercise(exercise_id).name in empty.message
    if lang == "ko":
        assert hangul_share(wrong.message) >= 0.6, wrong.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_check_prints_a_right_answer_and_raises_on_a_wrong_one(
    exercise_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    exercises.check(exercise_id, exercises.reference(exercise_id))
    assert capsys.readouterr().out.startswith("✓")
    with pytest.raises(AssertionError, match="✗"):
        exercises.check(exercise_id, WRONG[exercise_id])


@pytest.mark.parametrize(
    ("exercise_id", "answer", "key"),
    [
        ("01-1", "six", "not_integer"),
        ("01-1", 6.5, "not_integer"),
        ("01-1", True, "not_integer"),
        ("02-2", float("nan"), "not_number"),
        ("02-2", "2.07", "not_number"),
        ("06-1", "CPU", "not_allowed"),
        ("03-2", "hw_assisted", "not_an_order"),
        ("03-2", ["hw_assisted", "paravirt"], "not_an_order"),
        ("04-1", 0.5, "not_a_function"),
    ],
)
def test_malformed_answers_say_what_is_allowed(exercise_id: str, answer: Any, key: str) -> None:
    chosen = exercises.exercise(exercise_id)
    allowed = ", ".join(repr(a) for a in chosen.allowed)
    expected = tr(f"exercises.feedback.{key}", name=chosen.name, got=repr(answer), allowed=allowed)
    assert exercises.feedback(exercise_id, answer).message == expected


def test_whole_numbers_may_come_as_floats_and_numbers_within_tolerance() -> None:
    assert exercises.feedback("01-1", float(exercises.reference("01-1"))).is_correct
    ratio = exercises.reference("02-2")
    assert exercises.feedback("02-2", ratio * 1.005).is_correct
    assert not exercises.feedback("02-2", ratio * 1.05).is_correct


def test_a_number_says_which_way_it_is_off() -> None:
    right = exercises.reference("01-1")
    assert "too high" in exercises.feedback("01-1", right + 3).message
    assert "too low" in exercises.feedback("01-1", right - 3).message


def test_a_students_function_that_raises_is_feedback_not_a_crash() -> None:
    verdict = exercises.feedback("04-1", lambda cpu_max: 1 / 0)
    assert not verdict.is_correct and "ZeroDivisionError" in verdict.message
    assert "cpus_allowed('50000 100000')" in verdict.message


def test_an_unknown_exercise_lists_the_exercises() -> None:
    with pytest.raises(ValueError, match=r"'09-1'.*00-1, 00-2"):
        exercises.feedback("09-1", 3)


def test_the_reference_answers_come_from_the_library() -> None:
    """Each right answer is what the model, the recorded runs or the history compute."""
    where = probe.recorded_run("firecracker-kvm-2026-11-26").labs["where"]
    assert exercises.reference("00-2") == probe.platform_of(from_jsonable(Report, where))
    gvisor = model.evaluate("gvisor", model.Workload(cpu_us=100, syscalls=50, net_round_trips=2))
    tolls = {k: v for k, v in gvisor.breakdown.items() if k != "cpu"}
    assert exercises.reference("00-1") == max(tolls, key=tolls.__getitem__)
    cpus = exercises.reference("04-1")
    assert cpus("50000 100000") == 0.5 and cpus("max 100000") is None


# Numbers a question uses for its format or to explain, not as the problem's data:
# tolerances ("within 1%"), "type 2", the 50 ms of 100 ms in cpu.max's example, 90% for 0.9.
EXPLAINING = {
    "02-2": {"1"},
    "04-1": {"50", "100"},
    "04-2": {"1"},
    "05-1": {"2"},
    "05-2": {"0", "1", "2"},
    "06-2": {"90"},
}
NUMBER = r"(?<![\w.-])\d+(?:\.\d+)?(?![\w.])"


@pytest.mark.parametrize("exercise_id", IDS)
def test_questions_name_the_numbers_of_their_solution(exercise_id: str) -> None:
    """A question and its solution cannot drift: every number the question gives is used."""
    chosen = exercises.exercise(exercise_id)
    arguments = " ".join(str(a) for case in chosen.cases for a in case)
    used = set(re.findall(NUMBER, f"{chosen.solution} {arguments}"))
    for lang in ("en", "ko"):
        with using(lang):
            question = tr(f"exercises.{exercise_id}.question", name=chosen.name)
        unused = set(re.findall(NUMBER, question)) - used - EXPLAINING.get(exercise_id, set())
        assert unused == set(), (lang, unused)


def test_the_editions_have_the_same_code_cells_apart_from_the_language() -> None:
    for module in exercises.modules():
        english = exercises.assignment_notebook(module, "en")
        korean = exercises.assignment_notebook(module, "ko")
        assert [c.metadata for c in english.cells] == [c.metadata for c in korean.cells]
        for en_cell, ko_cell in zip(english.cells, korean.cells, strict=True):
            if en_cell.cell_type == "code" and "ui.setup" not in en_cell.source:
                without = re.sub(r"  # .*", "", en_cell.source)
                assert without == re.sub(r"  # .*", "", ko_cell.source)
            if en_cell.cell_type == "markdown":
                prose = re.sub(r"`[^`]*`", "", ko_cell.source)
                assert hangul_share(prose) >= 0.6, ko_cell.source


def test_an_unknown_module_or_language_is_refused() -> None:
    with pytest.raises(ValueError, match="01-bare-metal"):
        exercises.assignment_notebook("07-clouds", "en")
    with pytest.raises(ValueError, match="ko"):
        exercises.assignment_notebook("01-bare-metal", "fr")


def test_grading_init_writes_one_nbgrader_course_per_edition(tmp_path: Path) -> None:
    assert main(["grading", "init", str(tmp_path)]) == 0
    for lang in ("en", "ko"):
        config = (tmp_path / lang / "nbgrader_config.py").read_text(encoding="utf-8")
        assert f'course_id = "virtlab-{lang}"' in config
        written = sorted(p.parent.name for p in (tmp_path / lang / "source").glob("*/*.ipynb"))
        assert written == sorted(exercises.modules())
    korean = tmp_path / "ko" / "source" / "04-containers" / "04-containers-exercises.ipynb"
    assert "# 연습 문제: 컨테이너" in korean.read_text(encoding="utf-8")


def test_grading_init_refuses_an_unknown_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["grading", "init", str(tmp_path), "--lang", "fr"]) != 0
    assert "no 'fr' edition; --lang takes all or one of en, ko" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
