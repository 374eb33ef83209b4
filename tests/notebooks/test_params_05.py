"""05-history runs end to end under papermill with other parameters, and names a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from virtlab.course import NotebookResult, load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

MODULE = "05-history"


def run(given: dict[str, str], output: Path) -> NotebookResult:
    history = [m for m in load_manifest() if m.id == MODULE]
    [result] = run_notebooks(history, output, plan_parameters(history, given), jobs=1)
    return result


def test_the_notebook_runs_in_korean_with_another_seed_and_years(tmp_path: Path) -> None:
    given = {"seed": "3", "language": "ko", "start_year": "2000", "end_year": "2020"}
    result = run(given, tmp_path)
    assert result.is_ok, result.describe_failure()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        # a language the figures cannot show
        ({"language": "fr"}, "parameter 'language' must be one of 'en', 'ko', got 'fr'"),
        # a year after the last era of the history
        ({"end_year": "2100"}, "parameter 'end_year' must be at most 2026, got 2100"),
        # the range backwards: the start must not pass the end
        ({"start_year": "2015", "end_year": "2010"}, "parameter 'start_year' must be at most 2010"),
    ],
)
def test_a_bad_parameter_stops_the_notebook_naming_it(
    given: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run(given, tmp_path)
    assert not result.is_ok
    assert message in result.error
