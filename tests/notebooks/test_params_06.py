"""06-choose-a-platform runs under papermill with other parameters, and names a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from virtlab.course import NotebookResult, load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

MODULE = "06-choose-a-platform"


def run(given: dict[str, str], output: Path) -> NotebookResult:
    modules = [m for m in load_manifest() if m.id == MODULE]
    [result] = run_notebooks(modules, output, plan_parameters(modules, given), jobs=1)
    return result


def test_the_notebook_runs_with_another_seed_host_and_application(tmp_path: Path) -> None:
    # other questions, a big host and a big application: every cell must still run
    given = {"seed": "3", "host_memory_gb": "512", "app_memory_mb": "4096"}
    result = run(given, tmp_path)
    assert result.is_ok, result.describe_failure()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        # below the density dashboard's slider, which starts at 8 GB
        ({"host_memory_gb": "4"}, "parameter 'host_memory_gb' must be at least 8, got 4.0"),
        # an application needs some memory of its own
        ({"app_memory_mb": "0"}, "parameter 'app_memory_mb' must be at least 16, got 0.0"),
        # seeds are numbers a student can type again
        ({"seed": "-1"}, "parameter 'seed' must be at least 0, got -1"),
    ],
)
def test_a_bad_parameter_stops_the_notebook_naming_it(
    given: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run(given, tmp_path)
    assert not result.is_ok
    assert message in result.error
