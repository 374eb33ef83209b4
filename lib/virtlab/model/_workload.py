"""What one operation of an application does, counted in boundary crossings.

A **workload** is the cost of one operation (one request, one query, one job
step): microseconds of user-mode CPU work plus how many times it crosses each
boundary between the application and the layers below it. Every field may be a
number or a numpy array (many workloads at once, broadcast together).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from virtlab.i18n import tr

__all__ = ["CROSSINGS", "WORKLOAD_FIELDS", "Quantity", "Workload"]

Quantity: TypeAlias = float | npt.NDArray[np.float64]
"""A number, or a numpy array of numbers (one per workload)."""

CROSSINGS: tuple[str, ...] = (
    "syscall",
    "page_fault",
    "privileged_op",
    "disk_io",
    "net_round_trip",
)
"""The kinds of boundary crossing, in the order of the Workload fields that count them."""

COUNT_FIELDS: tuple[str, ...] = (
    "syscalls",
    "page_faults",
    "privileged_ops",
    "disk_ios",
    "net_round_trips",
)
"""Workload fields that count crossings, in the order of :data:`CROSSINGS`."""


@dataclass(frozen=True)
class Workload:
    """One operation of an application: CPU microseconds and how often it crosses each boundary.

    ``cpu_us`` is user-mode CPU time on bare metal; the counts are per
    operation and may be fractional (an average). ``memory_mb`` is the resident
    memory of one instance. ``wait_us`` is time spent waiting for a device or
    the wire, which no platform changes (an extension of the course contract).
    Fields may be numpy arrays, broadcast together. Negative, NaN or infinite
    values raise ``ValueError`` naming the field; non-numbers raise ``TypeError``.

    Taught in ``02-what-a-layer-costs``.

    >>> Workload(cpu_us=100, syscalls=2).syscalls
    2.0
    >>> Workload(syscalls=-1)
    Traceback (most recent call last):
    ...
    ValueError: Workload.syscalls must be a finite number >= 0; got -1
    """

    cpu_us: Quantity = 0.0
    syscalls: Quantity = 0.0
    page_faults: Quantity = 0.0
    privileged_ops: Quantity = 0.0
    disk_ios: Quantity = 0.0
    net_round_trips: Quantity = 0.0
    memory_mb: Quantity = 0.0
    wait_us: Quantity = 0.0

    def __post_init__(self) -> None:
        is_scalar = True
        for name in WORKLOAD_FIELDS:
            value = _checked(name, getattr(self, name))
            is_scalar = is_scalar and isinstance(value, float)
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_is_scalar", is_scalar)

    @property
    def is_scalar(self) -> bool:
        """True when every field is a plain number (one workload, not an array of them)."""
        return bool(self.__dict__["_is_scalar"])


WORKLOAD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Workload))
"""Every field of :class:`Workload`, in order."""


def _checked(name: str, value: object) -> Quantity:
    """The value as a float or a read-only float64 array, or an error naming the field."""
    if isinstance(value, bool | np.bool_):
        raise TypeError(tr("model.workload.not_a_number", name=name, kind="bool", value=value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not (math.isfinite(number) and number >= 0.0):
            item = getattr(value, "item", None)  # numpy scalars show as plain numbers
            shown = item() if callable(item) else value
            raise ValueError(tr("model.workload.negative", name=name, value=shown))
        return number
    if isinstance(value, np.ndarray | list | tuple):
        return _checked_array(name, value)
    raise TypeError(
        tr("model.workload.not_a_number", name=name, kind=type(value).__name__, value=value)
    )


def _checked_array(name: str, value: object) -> Quantity:
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(tr("model.workload.bad_dtype", name=name, dtype=array.dtype))
    array = np.array(array, dtype=np.float64, copy=True)
    if array.ndim == 0:
        return _checked(name, float(array))
    if array.size and not (array.min() >= 0.0 and array.max() < math.inf):
        bad = ~(np.isfinite(array) & (array >= 0.0))
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        shown = index[0] if len(index) == 1 else index
        raise ValueError(
            tr(
                "model.workload.negative_in_array",
                name=name,
                value=float(array[index]),
                index=shown,
            )
        )
    array.flags.writeable = False
    return array
