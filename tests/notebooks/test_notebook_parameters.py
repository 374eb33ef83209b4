"""Each notebook runs under papermill with non-default parameters, and stops on a bad one by name.

Every parameter of every notebook is also given wrong types and extreme values in
test_bad_parameters.py; here whole papermill runs go through ``virtlab``'s runner.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from virtlab.course import NotebookResult, load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

# module -> parameters for a run that must pass, with why the values are interesting
OTHER_VALUES = [
    ("00-start-here", {"seed": "3", "session_minutes": "45"}),  # more, shorter sessions
    (
        "01-bare-metal",
        {"seed": "3", "applications": "120", "utilization_pct": "35", "yearly_server_cost": "4500"},
    ),
    ("02-hypervisors", {"seed": "3", "host_memory_gb": "256", "app_memory_mb": "2048"}),
    ("03-full-vs-paravirtualization", {"seed": "3", "cpu_us": "500", "privileged_ops": "150"}),
    # a 2 GB host fits no VM at all, and an empty request takes no time: both must still draw
    (
        "04-containers",
        {
            "seed": "3",
            "host_memory_gb": "2",
            "app_memory_mb": "4096",
            "syscalls_per_request": "0",
            "cpu_us_per_request": "0",
        },
    ),
    ("05-history", {"seed": "3", "start_year": "2000", "end_year": "2020"}),
    ("06-choose-a-platform", {"seed": "3", "host_memory_gb": "512", "app_memory_mb": "4096"}),
]

# module, bad parameters, the message that must name the parameter
BAD_VALUES = [
    (
        "00-start-here",
        {"session_minutes": "10"},
        "parameter 'session_minutes' must be at least 30, got 10",
    ),
    # no applications: nothing to consolidate
    ("01-bare-metal", {"applications": "0"}, "parameter 'applications' must be at least 1, got 0"),
    # a utilization above 100% of a server is not a utilization
    (
        "01-bare-metal",
        {"utilization_pct": "150"},
        "parameter 'utilization_pct' must be at most 100, got 150.0",
    ),
    (
        "02-hypervisors",
        {"host_memory_gb": "0"},
        "parameter 'host_memory_gb' must be at least 1, got 0.0",
    ),
    # beyond the dashboard's slider, which stops at 500
    (
        "03-full-vs-paravirtualization",
        {"privileged_ops": "1000"},
        "parameter 'privileged_ops' must be at most 500, got 1000",
    ),
    (
        "04-containers",
        {"host_memory_gb": "5000"},
        "parameter 'host_memory_gb' must be at most 4096, got 5000",
    ),
    # the range backwards: the start must not pass the end
    (
        "05-history",
        {"start_year": "2015", "end_year": "2010"},
        "parameter 'start_year' must be at most 2010",
    ),
    ("06-choose-a-platform", {"seed": "-1"}, "parameter 'seed' must be at least 0, got -1"),
]


def run(module_id: str, given: dict[str, str], output: Path, lang: str = "en") -> NotebookResult:
    modules = [load_manifest().module(module_id)]
    plan = plan_parameters(modules, given)
    [result] = run_notebooks(modules, output, plan, jobs=1, languages=(lang,))
    return result


def test_every_module_is_run_with_other_values() -> None:
    assert sorted(m for m, _ in OTHER_VALUES) == [m.id for m in load_manifest()]


@pytest.mark.parametrize(("module_id", "given"), OTHER_VALUES, ids=[m for m, _ in OTHER_VALUES])
def test_the_notebook_runs_with_other_values(
    module_id: str, given: dict[str, str], tmp_path: Path
) -> None:
    result = run(module_id, given, tmp_path)
    assert result.is_ok, result.describe_failure()


@pytest.mark.parametrize(
    ("module_id", "given", "message"), BAD_VALUES, ids=[m for m, _, _ in BAD_VALUES]
)
def test_a_bad_value_stops_the_notebook_naming_the_parameter(
    module_id: str, given: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run(module_id, given, tmp_path)
    assert not result.is_ok
    assert message in result.error


def test_the_korean_edition_names_a_bad_value_in_korean(tmp_path: Path) -> None:
    result = run("05-history", {"start_year": "2015", "end_year": "2010"}, tmp_path, "ko")
    assert not result.is_ok
    assert "매개변수 'start_year'의 값은 2010 이하여야 합니다. 받은 값: 2015" in result.error


def test_the_language_is_chosen_by_edition_not_by_parameter() -> None:
    modules = [load_manifest().module("00-start-here")]
    with pytest.raises(ValueError, match="parameter 'lang' is set by the edition; choose"):
        plan_parameters(modules, {"lang": "ko"})
