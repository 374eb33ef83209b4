"""01-bare-metal runs end to end under papermill with other parameters, and names a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from virtlab.course import NotebookResult, load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

MODULE = "01-bare-metal"


def run(given: dict[str, str], output: Path) -> NotebookResult:
    modules = [m for m in load_manifest() if m.id == MODULE]
    [result] = run_notebooks(modules, output, plan_parameters(modules, given), jobs=1)
    return result


def test_the_notebook_runs_with_another_seed_and_example(tmp_path: Path) -> None:
    given = {
        "seed": "3",
        "applications": "120",
        "utilization_pct": "35",
        "yearly_server_cost": "4500",
    }
    result = run(given, tmp_path)
    assert result.is_ok, result.describe_failure()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        # no applications: nothing to consolidate
        ({"applications": "0"}, "parameter 'applications' must be at least 1, got 0"),
        # a utilization above 100% of a server is not a utilization
        (
            {"utilization_pct": "150"},
            "parameter 'utilization_pct' must be at most 100, got 150.0",
        ),
    ],
)
def test_a_bad_parameter_stops_the_notebook_naming_it(
    given: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run(given, tmp_path)
    assert not result.is_ok
    assert message in result.error
