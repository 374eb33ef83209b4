"""03-full-vs-paravirtualization runs under papermill with other parameters, and names a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from virtlab.course import NotebookResult, load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

MODULE = "03-full-vs-paravirtualization"


def run(given: dict[str, str], output: Path) -> NotebookResult:
    modules = [m for m in load_manifest() if m.id == MODULE]
    [result] = run_notebooks(modules, output, plan_parameters(modules, given), jobs=1)
    return result


def test_the_notebook_runs_with_another_seed_and_request(tmp_path: Path) -> None:
    # a heavier request and other questions: every cell must still run
    given = {"seed": "3", "cpu_us": "500", "privileged_ops": "150"}
    result = run(given, tmp_path)
    assert result.is_ok, result.describe_failure()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        # beyond the dashboard's slider, which stops at 500
        ({"privileged_ops": "1000"}, "parameter 'privileged_ops' must be at most 500, got 1000"),
        # a request cannot do negative work
        ({"cpu_us": "-1"}, "parameter 'cpu_us' must be at least 0.0, got -1.0"),
        # seeds are numbers a student can type again
        ({"seed": "-7"}, "parameter 'seed' must be at least 0, got -7"),
    ],
)
def test_a_bad_parameter_stops_the_notebook_naming_it(
    given: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run(given, tmp_path)
    assert not result.is_ok
    assert message in result.error
