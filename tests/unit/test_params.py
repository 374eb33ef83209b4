"""Notebook parameters: typed as the notebook declares them; bad ones named with what is allowed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from virtlab.course import ParameterError, check_parameter, notebook_parameters, resolve_parameters

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks" / "01-passes.ipynb"


def test_declared_parameters_are_read_from_the_parameters_cell() -> None:
    declared = notebook_parameters(FIXTURE)
    assert {name: p["inferred_type_name"] for name, p in declared.items()} == {
        "n": "int",
        "ratio": "float",
        "levels": "None",
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"n": "007"}, {"n": 7}),  # an int stays an int even with leading zeros
        ({"ratio": "1"}, {"ratio": 1.0}),  # an int literal is a fine float
        ({"n": "3", "ratio": "0.25"}, {"n": 3, "ratio": 0.25}),
    ],
)
def test_values_take_the_declared_type(given: dict[str, str], expected: dict[str, object]) -> None:
    resolved = resolve_parameters(FIXTURE, given)
    assert resolved == expected
    assert all(type(resolved[k]) is type(v) for k, v in expected.items())


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"m": "1"}, "unknown parameter 'm'; its parameters are levels, n, ratio"),
        ({"n": "three"}, "parameter 'n' expects int, got 'three'"),
        ({"ratio": "half"}, "parameter 'ratio' expects float, got 'half'"),
        # a parameter without an annotation has no type -p can produce
        ({"levels": "[1]"}, "parameter 'levels' has type 'None', which -p cannot pass"),
    ],
)
def test_bad_values_name_the_parameter(given: dict[str, str], message: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        resolve_parameters(FIXTURE, given)


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        ("7", {}, "must be int, got str '7'"),  # text is not a number
        (True, {}, "must be int, got bool True"),  # bool is an int subclass, but not a count
        (-1, {"minimum": 0}, "must be at least 0, got -1"),
        (11, {"maximum": 10}, "must be at most 10, got 11"),
        (3, {"allowed": (1, 2)}, "must be one of 1, 2, got 3"),
    ],
)
def test_check_parameter_refuses_bad_values(
    value: object, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ParameterError, match=re.escape(f"parameter 'seed' {message}")):
        check_parameter("seed", value, int, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_check_parameter_refuses_non_finite_floats(value: float) -> None:
    with pytest.raises(ParameterError, match="must be a finite number"):
        check_parameter("share", value, float)


def test_check_parameter_accepts_an_int_where_a_float_is_expected() -> None:
    check_parameter("share", 1, float, minimum=0, maximum=1)
