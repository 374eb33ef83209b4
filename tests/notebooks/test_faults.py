"""Faults: a hanging lab, a killed worker, two runs into one folder. Nothing is lost or mixed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest

from virtlab.course import load_manifest, plan_parameters, run_notebooks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MANIFEST = FIXTURES / "course" / "course.toml"

pytestmark = pytest.mark.notebooks


def modules(*ids: str):  # type: ignore[no-untyped-def]
    manifest = load_manifest(MANIFEST)
    return [manifest.module(i) for i in ids]


def stdout_of(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_a_lab_whose_child_hangs_is_killed_and_the_notebook_goes_on(tmp_path: Path) -> None:
    chosen = modules("04-hangs")
    (result,) = run_notebooks(chosen, tmp_path, plan_parameters(chosen, {}), cell_timeout_s=60)
    assert result.is_ok, result.describe_failure()
    text = stdout_of(tmp_path / "en" / "04-hangs.ipynb")
    assert "timed out: True within 10 s: True" in text
    assert "source: recorded" in text  # the timed-out benchmark fell back to the recorded run
    assert "the notebook went on" in text


def worker_pid(module_id: str, deadline_s: float = 60) -> int:
    """The pid of the worker process executing ``module_id``, from the pid file of its job."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        for pid_file in Path(tempfile.gettempdir()).glob(f"virtlab-run-*/en-{module_id}.pid"):
            text = pid_file.read_text(encoding="utf-8")
            if text:
                return int(text)
        time.sleep(0.1)
    raise AssertionError(f"no worker for {module_id} appeared")


def test_a_killed_worker_fails_its_notebook_and_the_others_finish(tmp_path: Path) -> None:
    chosen = modules("03-sleeps", "01-passes")
    killer = threading.Thread(target=lambda: os.kill(worker_pid("03-sleeps"), signal.SIGKILL))
    killer.start()
    sleeps, passes = run_notebooks(chosen, tmp_path, plan_parameters(chosen, {}), jobs=2)
    killer.join()
    assert not sleeps.is_ok and "killed by signal SIGKILL" in sleeps.error
    assert passes.is_ok and (tmp_path / "en" / "01-passes.ipynb").is_file()


def test_two_runs_into_one_folder_leave_whole_notebooks(tmp_path: Path) -> None:
    out = tmp_path / "build"

    def start(n: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "virtlab.cli",
                "--manifest",
                str(MANIFEST),
                "run",
                "01-passes",
                "-p",
                "n",
                n,
                "-o",
                str(out),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    runs = [start("2"), start("3")]
    assert [r.wait(timeout=300) for r in runs] == [0, 0]
    executed = json.loads((out / "en" / "01-passes.ipynb").read_text())  # whole, valid JSON
    assert executed["cells"][-1]["outputs"][0]["text"] in (["1.0\n"], ["1.5\n"])
    assert not [p.name for p in (out / "en").iterdir() if p.name.startswith(".")], (
        "no temporary files left"
    )
