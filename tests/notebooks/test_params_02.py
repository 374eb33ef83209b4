"""02-hypervisors runs end to end under papermill with other parameters, and names a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from virtlab.course import NotebookResult, load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

MODULE = "02-hypervisors"


def run(given: dict[str, str], output: Path) -> NotebookResult:
    modules = [m for m in load_manifest() if m.id == MODULE]
    [result] = run_notebooks(modules, output, plan_parameters(modules, given), jobs=1)
    return result


def test_the_notebook_runs_with_another_seed_and_host(tmp_path: Path) -> None:
    given = {"seed": "3", "host_memory_gb": "256", "app_memory_mb": "2048"}
    result = run(given, tmp_path)
    assert result.is_ok, result.describe_failure()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        # a host with no memory holds nothing
        ({"host_memory_gb": "0"}, "parameter 'host_memory_gb' must be at least 1, got 0.0"),
        # below the density slider's smallest application
        ({"app_memory_mb": "8"}, "parameter 'app_memory_mb' must be at least 16, got 8.0"),
    ],
)
def test_a_bad_parameter_stops_the_notebook_naming_it(
    given: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run(given, tmp_path)
    assert not result.is_ok
    assert message in result.error
