"""Grading for real, with nbgrader: the instructor's workflow from `virtlab grading init` to scores.

For each edition: write the course folder, let nbgrader generate the student
version (no answers left in it), fill it in as three students would (right,
wrong, untouched), autograde every assignment and export the score table. A
fourth test walks one assignment through nbgrader's exchange: release, a
student's fetch and submit, the instructor's collect.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from virtlab import exercises
from virtlab.i18n import tr, using

BIN = Path(sys.executable).parent
STUDENTS = ("right", "wrong", "empty")
WRONG_ANSWER: dict[str, str] = {  # code a student with the wrong idea would write
    "00-1": 'largest_toll = "net_round_trip"',
    "00-2": 'recorded_platform = "container"',
    "01-1": "servers_after = 40",
    "01-2": "break_even_pct = 30",
    "02-1": "extra_containers = 0",
    "02-2": "hosted_slowdown = 1.0",
    "03-1": "half_speed_ops = 1",
    "03-2": 'fastest_first = ["full_virt_bt", "paravirt", "hw_assisted"]',
    "04-1": "def cpus_allowed(cpu_max):\n    return float(cpu_max.split()[0])",
    "04-2": "gvisor_slowdown = 1.0",
    "05-1": "years_before_hosted = 0",
    "05-2": "share_since_docker = 0.1",
    "06-1": 'bottleneck = "cpu"',
    "06-2": "clients_for_90pct = 256",
}


def nbgrader(*args: str, cwd: Path) -> str:
    """Run nbgrader from the course environment (it runs `alembic` from PATH) in ``cwd``."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def virtlab_grading_init(folder: Path, lang: str) -> Path:
    subprocess.run(
        [str(BIN / "virtlab"), "grading", "init", str(folder), f"--lang={lang}"],
        check=True,
        capture_output=True,
    )
    return folder


def answered(release: nbformat.NotebookNode, student: str) -> nbformat.NotebookNode:
    """The released notebook as ``student`` hands it in: right answers, wrong ones, or none."""
    notebook = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if not grade_id.startswith("answer_") or student == "empty":
            continue
        exercise_id = grade_id.removeprefix("answer_").replace("_", "-")
        answer = exercises.exercise(exercise_id).solution
        cell.source += "\n" + (answer if student == "right" else WRONG_ANSWER[exercise_id])
    return notebook


@pytest.fixture(scope="module", params=["en", "ko"])
def graded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """A course folder in one edition after generate, submissions, autograde and export."""
    lang = request.param
    course = virtlab_grading_init(tmp_path_factory.mktemp(f"grading-{lang}"), lang)
    nbgrader("generate_assignment", "*", cwd=course)
    for module in exercises.modules():
        name = f"{module}-exercises.ipynb"
        release = nbformat.read(course / "release" / module / name, as_version=4)
        for student in STUDENTS:
            target = course / "submitted" / student / module / name
            target.parent.mkdir(parents=True)
            nbformat.write(answered(release, student), target)
    nbgrader("autograde", "*", cwd=course)
    nbgrader("export", cwd=course)
    yield lang, course


def test_the_student_version_has_no_answers(graded: Any) -> None:
    lang, course = graded
    with using(lang):
        blank = "{} = None  # " + tr("exercises.notebook.your_answer")
        blank += "\n# " + tr("exercises.notebook.code_stub")
    for module in exercises.modules():
        path = course / "release" / module / f"{module}-exercises.ipynb"
        cells = nbformat.read(path, as_version=4).cells
        chosen = [e for e in exercises.EXERCISES if e.module == module]
        answers = [c.source for c in cells if "answer_" in c.metadata["nbgrader"]["grade_id"]]
        assert answers == [blank.format(e.name) for e in chosen]
        checks = [c.source for c in cells if c.metadata["nbgrader"].get("points")]
        assert checks == [f'exercises.check("{e.id}", {e.name})' for e in chosen]
        assert "SOLUTION" not in path.read_text(encoding="utf-8")


def test_the_score_table_gives_full_marks_only_to_right_answers(graded: Any) -> None:
    _, course = graded
    with (course / "grades.csv").open(encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    scores = {(r["student_id"], r["assignment"]): float(r["score"]) for r in rows}
    for module in exercises.modules():
        full = sum(e.points for e in exercises.EXERCISES if e.module == module)
        assert scores[("right", module)] == full, module
        assert scores[("wrong", module)] == 0, module
        assert scores[("empty", module)] == 0, module
    assert {float(r["max_score"]) for r in rows} == {2.0}


def test_a_wrong_answer_gets_its_hint_in_the_students_language(graded: Any) -> None:
    lang, course = graded
    for e in exercises.EXERCISES:
        path = course / "autograded" / "wrong" / e.module / f"{e.module}-exercises.ipynb"
        notebook = nbformat.read(path, as_version=4)
        check = next(
            c for c in notebook.cells if c.source == f'exercises.check("{e.id}", {e.name})'
        )
        [error] = [o for o in check.outputs if o.output_type == "error"]
        with using(lang):
            assert error.ename == "AssertionError" and tr(f"exercises.{e.id}.hint") in error.evalue


def test_the_exchange_releases_collects_and_grades(tmp_path: Path) -> None:
    """One assignment through nbgrader's exchange, as on a shared hub."""
    course = virtlab_grading_init(tmp_path / "instructor", "en")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    # on a hub these two come from the global nbgrader_config.py every user reads
    everywhere = (f"--Exchange.root={exchange}", "--Exchange.path_includes_course=True")
    module = "04-containers"
    nbgrader("generate_assignment", module, cwd=course)
    nbgrader("release_assignment", module, *everywhere, cwd=course)
    student = tmp_path / "student-home"
    student.mkdir()
    nbgrader("fetch_assignment", module, "--course=virtlab-en", *everywhere, cwd=student)
    path = student / "virtlab-en" / module / f"{module}-exercises.ipynb"
    nbformat.write(answered(nbformat.read(path, as_version=4), "right"), path)
    nbgrader("submit", module, "--course=virtlab-en", *everywhere, cwd=student)
    nbgrader("collect", module, *everywhere, cwd=course)
    [submitted] = (course / "submitted").iterdir()
    nbgrader("autograde", module, cwd=course)
    nbgrader("generate_feedback", module, cwd=course)
    assert list((course / "feedback" / submitted.name / module).glob("*.html"))
    nbgrader("export", cwd=course)
    [row] = list(csv.DictReader((course / "grades.csv").open(encoding="utf-8")))
    assert row["student_id"] == submitted.name and float(row["score"]) == 2.0
