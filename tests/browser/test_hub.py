"""The instructor's hub, for real: a student follows the `virtlab hub-link` link.

A JupyterHub on loopback (configurable-http-proxy, local JupyterLab servers, a
shared class password) and the course published as a git repository. The
student logs in, nbgitpuller clones the course into their home, 00-start-here
opens and runs clean; they edit it and add a file, the instructor pushes a fix,
the same link pulls again, and both the student's work and the fix are there.
The hub's teardown proves that no process it started is left.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from hubdriver import (
    CourseRepository,
    Hub,
    course_repository,
    hub_missing_reason,
    jupyterhub,
    leftovers,
    open_link,
    process_memory,
)
from labdriver import ALL_RAN, KERNEL_IDLE, NO_LOADING, OUTPUT_TYPES, ROOT

from virtlab.i18n import hangul_share

STUDENT = "student1"
KOREAN_STUDENT = "student2"  # a second student, who takes the Korean edition
START = "notebooks/00-start-here.ipynb"
SOURCES = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .map(c => c.model.sharedModel.getSource())"""
NBGRADER_PLUGINS = """() => Object.fromEntries(['assignment-list', 'formgrader', 'create-assignment']
  .map(p => '@jupyter/nbgrader:' + p).map(id => [id, window.jupyterapp.hasPlugin(id)]))"""
EDIT_FIRST_CODE_CELL = """(line) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets
    .find(c => c.model.type === 'code');
  cell.model.sharedModel.setSource(line + '\\n' + cell.model.sharedModel.getSource()); }"""


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> CourseRepository:
    return course_repository(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    reason = hub_missing_reason()
    if reason:
        pytest.fail(f"CI must run the hub test: {reason}")
    with jupyterhub(tmp_path_factory.mktemp("hub"), users=(STUDENT, KOREAN_STUDENT)) as running:
        yield running


def hub_link(hub: Hub, course: CourseRepository, lang: str = "en") -> str:
    """What the instructor hands out: the output of `virtlab hub-link`."""
    command = [
        str(Path(sys.executable).with_name("virtlab")),
        "hub-link",
        f"--hub={hub.url}",
        f"--repo={course.url}",
        "--branch=main",
        f"--lang={lang}",
    ]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def run_all(page: Any) -> list[str]:
    """Run every cell of the open notebook; the errors its outputs show."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RAN, timeout=240_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000)
    page.wait_for_function(NO_LOADING, timeout=60_000)
    return [o for cell in page.evaluate(OUTPUT_TYPES) for o in cell if ":" in o]


def test_the_link_pulls_the_course_runs_it_and_keeps_the_students_work(
    hub: Hub, course: CourseRepository, page: Any
) -> None:
    clone = hub.homes / STUDENT / "virtlab"
    link = hub_link(hub, course)

    # first click: log in, the server starts, nbgitpuller clones, JupyterLab opens 00-start-here
    open_link(page, link, STUDENT, f"virtlab/{START}")
    assert (clone / START).is_file() and (clone / ".git").is_dir()
    assert run_all(page) == []
    assert page.locator(".jupyter-widgets-error-widget").count() == 0
    record_memory(hub, "after running 00-start-here")

    # the hub's Jupyter configuration gives students nbgrader's tools, not the instructor's
    plugins = page.evaluate(NBGRADER_PLUGINS)
    assert plugins["@jupyter/nbgrader:assignment-list"], plugins
    assert not plugins["@jupyter/nbgrader:formgrader"], plugins
    assert not plugins["@jupyter/nbgrader:create-assignment"], plugins

    # the student writes in the first code cell and saves, and keeps notes in a file of their own
    mine = "# my answer: the bare-metal row is the floor"
    page.evaluate(EDIT_FIRST_CODE_CELL, mine)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(
        "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000
    )
    (clone / "notebooks" / "my-notes.md").write_text("what I learned\n", encoding="utf-8")

    # the instructor fixes the last code cell and the README, and pushes
    notebook = nbformat.read(course.work / START, as_version=4)
    last = max(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    fix = "# fixed upstream: a clearer comment"
    notebook.cells[last].source += f"\n{fix}"
    nbformat.write(notebook, course.work / START)
    readme = course.work / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA fix for the class.\n")
    course.publish("A clearer comment in 00-start-here")

    # the same link again: nbgitpuller merges; the student's cell, their file and the fix are all there
    open_link(page, link, STUDENT, f"virtlab/{START}")
    merged = nbformat.read(clone / START, as_version=4)
    assert any(c.source.startswith(mine) for c in merged.cells if c.cell_type == "code")
    assert merged.cells[last].source.endswith(fix)
    shown = page.evaluate(SOURCES)
    assert any(s.startswith(mine) for s in shown) and shown[last].endswith(fix)
    assert (clone / "notebooks" / "my-notes.md").read_text(encoding="utf-8") == "what I learned\n"
    assert (clone / "README.md").read_text(encoding="utf-8").endswith("A fix for the class.\n")


def test_the_korean_link_opens_the_korean_edition(
    hub: Hub, course: CourseRepository, page: Any
) -> None:
    open_link(
        page,
        hub_link(hub, course, "ko"),
        KOREAN_STUDENT,
        "virtlab/notebooks/ko/00-start-here.ipynb",
    )
    heading = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1"
    ).first.inner_text()
    assert hangul_share(heading) >= 0.6, heading
    assert run_all(page) == []
    record_memory(hub, "two students, each after running 00-start-here")


def test_stopping_the_students_servers_stops_their_kernels(hub: Hub) -> None:
    assert len(students_processes(hub)) >= 4  # two servers, a kernel each
    for student in (STUDENT, KOREAN_STUDENT):
        assert hub.api("DELETE", f"/users/{student}/server") in (202, 204)
    deadline = time.monotonic() + 30
    while students_processes(hub) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert students_processes(hub) == []


def students_processes(hub: Hub) -> list[str]:
    """Command lines of the run's JupyterLab servers and kernels still alive."""
    return [c for c in leftovers(hub.run).values() if "singleuser" in c or "kernel" in c]


def record_memory(hub: Hub, when: str) -> None:
    """Add the run's processes' memory and CPU at ``when`` to build/hub-resources.json."""
    out = ROOT / "build" / "hub-resources.json"
    out.parent.mkdir(exist_ok=True)
    record = json.loads(out.read_text()) if out.is_file() else {}
    if record.get("run") != hub.run:
        record = {"run": hub.run, "snapshots": {}}
    record["snapshots"][when] = process_memory(hub.run)
    out.write_text(json.dumps(record, indent=1))
