"""How operations arrive at a platform: a closed loop of clients, or an open stream.

A **closed** load keeps ``concurrency`` operations in flight: each client sends
its next request as soon as the last one is answered (a benchmark with 120
connections, fio at queue depth 32). An **open** load sends ``rate_per_s``
operations per second whatever the answers (users on the internet). ``cores``
is how many processor cores the platform's work may use at once: the
application's threads and the kernel work done for them; ``devices`` how many
requests the storage device serves at once (a fast NVMe drive serves several). Every field may be a
number or a numpy array, broadcast with the workload's.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Literal

import numpy as np

from virtlab.i18n import tr
from virtlab.model._workload import Quantity

__all__ = ["Load"]


@dataclass(frozen=True)
class Load:
    """A closed loop of ``concurrency`` clients, or (``rate_per_s`` set) an open stream.

    >>> Load(concurrency=120).kind
    'closed'
    >>> Load(rate_per_s=5000).kind
    'open'
    >>> Load(concurrency=0)
    Traceback (most recent call last):
    ...
    ValueError: Load.concurrency must be a finite number >= 1; got 0
    """

    concurrency: Quantity = 1.0
    cores: Quantity = 1.0
    rate_per_s: Quantity | None = None
    devices: Quantity = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "concurrency", _at_least("concurrency", self.concurrency, 1.0))
        object.__setattr__(self, "cores", _at_least("cores", self.cores, 1.0))
        object.__setattr__(self, "devices", _at_least("devices", self.devices, 1.0))
        if self.rate_per_s is not None:
            object.__setattr__(self, "rate_per_s", _at_least("rate_per_s", self.rate_per_s, 0.0))

    @property
    def kind(self) -> Literal["closed", "open"]:
        """``"closed"`` (a fixed number in flight) or ``"open"`` (a fixed arrival rate)."""
        return "closed" if self.rate_per_s is None else "open"


def _at_least(name: str, value: object, low: float) -> Quantity:
    """A float or read-only float64 array, every element finite and at least ``low``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | np.ndarray | list | tuple):
        raise TypeError(
            tr("model.load.not_a_number", name=name, kind=type(value).__name__, value=value)
        )
    array = np.asarray(value, dtype=np.float64)
    if array.size and not (np.all(np.isfinite(array)) and array.min() >= low):
        shown = (
            value if array.ndim == 0 else float(array[~(np.isfinite(array) & (array >= low))][0])
        )
        raise ValueError(tr("model.load.too_small", name=name, low=f"{low:g}", value=shown))
    if array.ndim == 0:
        return float(array)
    array = array.copy()
    array.flags.writeable = False
    return array
