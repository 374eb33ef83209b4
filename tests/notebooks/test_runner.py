"""`virtlab run` with real papermill executions of small fixture notebooks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from virtlab.course import load_manifest, plan_parameters, run_notebooks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MANIFEST = FIXTURES / "course" / "course.toml"

pytestmark = pytest.mark.notebooks


def virtlab(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "virtlab.cli", "--manifest", str(MANIFEST), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_a_raising_notebook_fails_the_run_naming_notebook_and_cell(tmp_path: Path) -> None:
    done = virtlab("run", "01-passes", "02-raises", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert "FAILED en/02-raises, code cell 2: ZeroDivisionError: division by zero" in done.stderr
    # the table lists both, and the passing one was executed and written
    assert "01-passes" in done.stdout and "ok" in done.stdout
    executed = json.loads((tmp_path / "out" / "en" / "01-passes.ipynb").read_text())
    assert executed["cells"][-1]["outputs"][0]["text"] == ["1.0\n"]


def test_sources_are_never_written(tmp_path: Path) -> None:
    before = (FIXTURES / "notebooks" / "01-passes.ipynb").read_bytes()
    virtlab("run", "01-passes", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert (FIXTURES / "notebooks" / "01-passes.ipynb").read_bytes() == before


def test_parameters_pass_through_typed(tmp_path: Path) -> None:
    done = virtlab(
        "run", "01-passes", "-p", "n", "3", "-p", "ratio", "2", "-o", str(tmp_path), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    executed = json.loads((tmp_path / "en" / "01-passes.ipynb").read_text())
    assert executed["metadata"]["papermill"]["parameters"] == {"n": 3, "ratio": 2.0}
    assert executed["cells"][-1]["outputs"][0]["text"] == ["6.0\n"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-p", "levels", "[3]"), "parameter 'levels' has type 'None', which -p cannot pass"),
        (("-p", "n", "many"), "parameter 'n' expects int, got 'many'"),
        (("-p", "colour", "red"), "unknown parameter 'colour': none of 01-passes declares it"),
    ],
)
def test_bad_parameters_are_named_before_anything_runs(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = virtlab("run", "01-passes", *args, "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_cell_over_its_timeout_fails_that_notebook_only(tmp_path: Path) -> None:
    modules = [load_manifest(MANIFEST).module(i) for i in ("03-sleeps", "01-passes")]
    results = run_notebooks(
        modules, tmp_path, plan_parameters(modules, {}), jobs=2, cell_timeout_s=3
    )
    sleeps, passes = results
    assert passes.is_ok
    assert not sleeps.is_ok and sleeps.cell == 2
    assert "timed out" in sleeps.error.lower() or "timeout" in sleeps.error.lower()


def test_the_failing_cell_is_numbered_as_in_the_source_when_parameters_are_injected(
    tmp_path: Path,
) -> None:
    # papermill adds an injected-parameters cell; the number must still match the source notebook
    done = virtlab("run", "02-raises", "-p", "x", "2", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert "FAILED en/02-raises, code cell 2: ZeroDivisionError" in done.stderr
