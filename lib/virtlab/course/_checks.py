"""Check a notebook's parameters at its top, so a bad value stops it with a clear message.

Papermill injects parameters as plain Python values; nothing checks them. Each
course notebook calls :func:`check_parameter` right after its ``parameters`` cell.
"""

from __future__ import annotations

from collections.abc import Collection

from virtlab.course._params import ParameterError
from virtlab.i18n import tr

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

    The message is in the course's current language (the notebook's ``lang``).

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
            tr(
                "course.parameter.type",
                name=name,
                expected=expected.__name__,
                kind=type(value).__name__,
                value=value,
            )
        )
    if allowed is not None and value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ParameterError(
            tr("course.parameter.choices", name=name, choices=choices, value=value)
        )
    if isinstance(value, int | float) and not is_bool:
        if value != value or value in (float("inf"), float("-inf")):
            raise ParameterError(tr("course.parameter.finite", name=name, value=value))
        if minimum is not None and value < minimum:
            raise ParameterError(
                tr("course.parameter.minimum", name=name, minimum=minimum, value=value)
            )
        if maximum is not None and value > maximum:
            raise ParameterError(
                tr("course.parameter.maximum", name=name, maximum=maximum, value=value)
            )
