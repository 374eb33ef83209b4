"""Check a notebook's parameters at its top, so a bad value stops it with a clear message.

Papermill injects parameters as plain Python values; nothing checks them. Each
course notebook calls :func:`check_parameter` right after its ``parameters`` cell.
"""

from __future__ import annotations

from collections.abc import Collection

from virtlab.course._params import ParameterError

__all__ = ["check_parameter"]


def check_parameter(
    name: str,
    value: object,
    expected: type,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    allowed: Collection[object] | None = None,
) -> None:
    """Raise ParameterError unless ``value`` has the expected type and lies in range.

    >>> check_parameter("seed", 7, int, minimum=0)
    >>> check_parameter("seed", -1, int, minimum=0)
    Traceback (most recent call last):
    ...
    virtlab.course._params.ParameterError: parameter 'seed' must be at least 0, got -1
    """
    is_bool = isinstance(value, bool)
    numeric_ok = expected is float and isinstance(value, int) and not is_bool
    if not (isinstance(value, expected) and (expected is bool or not is_bool)) and not numeric_ok:
        raise ParameterError(
            f"parameter {name!r} must be {expected.__name__}, got {type(value).__name__} {value!r}"
        )
    if allowed is not None and value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ParameterError(f"parameter {name!r} must be one of {choices}, got {value!r}")
    if isinstance(value, int | float) and not is_bool:
        if value != value or value in (float("inf"), float("-inf")):
            raise ParameterError(f"parameter {name!r} must be a finite number, got {value!r}")
        if minimum is not None and value < minimum:
            raise ParameterError(f"parameter {name!r} must be at least {minimum}, got {value!r}")
        if maximum is not None and value > maximum:
            raise ParameterError(f"parameter {name!r} must be at most {maximum}, got {value!r}")
