"""04-containers runs end to end under papermill with other parameters, and names a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from virtlab.course import NotebookResult, load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

MODULE = "04-containers"


def run(given: dict[str, str], output: Path) -> NotebookResult:
    containers = [m for m in load_manifest() if m.id == MODULE]
    [result] = run_notebooks(containers, output, plan_parameters(containers, given), jobs=1)
    return result


def test_the_notebook_runs_at_the_edges_of_its_parameters(tmp_path: Path) -> None:
    # a 2 GB host fits no VM at all, and an empty request takes no time: both must still draw
    given = {
        "seed": "3",
        "host_memory_gb": "2",
        "app_memory_mb": "4096",
        "syscalls_per_request": "0",
        "cpu_us_per_request": "0",
    }
    result = run(given, tmp_path)
    assert result.is_ok, result.describe_failure()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        # a seed must be a natural number for numpy's generator
        ({"seed": "-1"}, "parameter 'seed' must be at least 0, got -1"),
        # larger than any host the dashboard is meant for
        ({"host_memory_gb": "5000"}, "parameter 'host_memory_gb' must be at most 4096, got 5000"),
    ],
)
def test_a_bad_parameter_stops_the_notebook_naming_it(
    given: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run(given, tmp_path)
    assert not result.is_ok
    assert message in result.error
