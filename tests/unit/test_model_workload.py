"""Workload: one operation's CPU time and crossing counts, validated on the way in."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from virtlab import i18n, model


def test_defaults_are_an_empty_operation() -> None:
    # every field defaults to 0, so Workload() is a valid (empty) operation
    empty = model.Workload()
    assert all(getattr(empty, name) == 0.0 for name in model.WORKLOAD_FIELDS)
    assert empty.is_scalar


def test_contract_fields_are_present_in_order() -> None:
    # design.md: Workload(cpu_us, syscalls, page_faults, privileged_ops, disk_ios,
    # net_round_trips, memory_mb); wait_us is an extension at the end
    assert model.WORKLOAD_FIELDS[:7] == (
        "cpu_us",
        "syscalls",
        "page_faults",
        "privileged_ops",
        "disk_ios",
        "net_round_trips",
        "memory_mb",
    )


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("syscalls", -1, r"-1"),  # a negative count makes no sense
        ("cpu_us", -0.5, r"-0\.5"),  # negative time neither
        ("page_faults", math.nan, r"nan"),  # NaN would poison every sum
        ("disk_ios", math.inf, r"inf"),  # infinity is not a workload
        ("net_round_trips", -math.inf, r"-inf"),  # nor minus infinity
        ("memory_mb", np.float64(-2.0), r"-2\.0"),  # numpy scalars are checked too
    ],
)
def test_bad_scalar_names_the_field_and_the_value(field: str, value: float, shown: str) -> None:
    with pytest.raises(
        ValueError, match=rf"Workload\.{field} must be a finite number >= 0; got {shown}"
    ):
        model.Workload(**{field: value})


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([1.0, -1.0, 2.0], r"got -1\.0 at index 1"),  # negative inside an array
        ([0.0, 0.0, math.nan], r"got nan at index 2"),  # NaN inside an array
        ([[1.0, 2.0], [math.inf, 0.0]], r"got inf at index \(1, 0\)"),  # 2-D arrays say where
    ],
)
def test_bad_array_element_names_the_field_value_and_index(
    values: list[object], message: str
) -> None:
    with pytest.raises(
        ValueError, match=rf"Workload\.syscalls must be finite numbers >= 0; {message}"
    ):
        model.Workload(syscalls=np.array(values))


@pytest.mark.parametrize(
    "value",
    [
        "10",  # a string that looks like a number is still a string
        True,  # bool is an int in Python, but never a count here
        None,  # missing values must be spelled 0
        {"n": 1},  # a mapping is not a number
        np.array(["a", "b"]),  # an array of text
    ],
)
def test_non_numbers_are_type_errors(value: object) -> None:
    with pytest.raises(
        TypeError, match=r"Workload\.cpu_us must be a number or an array of numbers"
    ):
        model.Workload(cpu_us=value)  # type: ignore[arg-type]


def test_arrays_are_copied_and_read_only() -> None:
    # the caller's array may change later; the workload must not
    counts = np.array([1, 2, 3])
    workload = model.Workload(syscalls=counts)
    counts[0] = 100
    assert workload.syscalls[0] == 1.0  # type: ignore[index]
    with pytest.raises(ValueError, match="read-only"):
        workload.syscalls[0] = 5.0  # type: ignore[index]
    assert not workload.is_scalar


def test_lists_become_arrays_and_zero_dim_arrays_become_numbers() -> None:
    # friendly inputs: a list is an array, np.array(3) is the number 3
    assert isinstance(model.Workload(syscalls=[1, 2]).syscalls, np.ndarray)
    assert model.Workload(syscalls=np.array(3)).syscalls == 3.0


# --- the Korean edition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: model.Workload(syscalls=-1),
            ValueError,
            r"^Workload\.syscalls 값은 .* 받은 값: -1$",
        ),
        (
            lambda: model.Workload(cpu_us=np.array([1.0, math.nan])),
            ValueError,
            r"^Workload\.cpu_us 값은 .* 인덱스 1에서 받은 값: nan$",
        ),
        (lambda: model.Workload(disk_ios="2"), TypeError, r"^Workload\.disk_ios 값은 .*: str '2'$"),
        (
            lambda: model.Workload(page_faults=True),
            TypeError,
            r"^Workload\.page_faults .*: bool True$",
        ),
        (
            lambda: model.Workload(memory_mb=np.array(["a"])),
            TypeError,
            r"^Workload\.memory_mb 값은 .* dtype이 <U1인 배열$",
        ),
    ],
)
def test_errors_are_korean_and_name_the_same_field_and_value(
    make: object, error: type[Exception], message: str
) -> None:
    with i18n.using("ko"), pytest.raises(error, match=message) as caught:
        make()  # type: ignore[operator]
    assert re.search("[가-힣]", str(caught.value))
    # the value and its type as Python shows them, and nothing else in English
    assert set(i18n.english_words(str(caught.value))) <= {"nan", "str", "bool"}
