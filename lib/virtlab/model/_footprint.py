"""How fast a platform starts an instance and how many instances fit on one host.

Start-up time and per-instance memory overhead are sums of layers in
``data/platform_overheads.csv`` (e.g. a microVM's overhead is its VMM process
plus its minimal guest kernel). Density follows from memory alone:
instances = floor((host memory - host reserve) / (app memory + overhead)).
"""

from __future__ import annotations

import math
import numbers

from virtlab.i18n import tr
from virtlab.model._costs import platform_costs

__all__ = [
    "MB_PER_GB",
    "host_reserve_mb",
    "instances_per_host",
    "memory_overhead_mb",
    "startup_seconds",
]

MB_PER_GB = 1024
"""Unit conversion used for host memory: 1 GB = 1024 MB (binary units, as RAM is sold)."""


def startup_seconds(platform_id: str) -> float:
    """Seconds from asking for a new instance to its first line of application code.

    Taught in ``04-containers`` and ``06-choose-a-platform``.

    Args:
        platform_id: one of ``PLATFORMS``.

    Returns:
        The sum of the start-up layers in ``data/platform_overheads.csv``.

    Raises:
        ValueError: unknown ``platform_id``.

    >>> startup_seconds("container") < startup_seconds("hw_assisted")
    True
    """
    return platform_costs(platform_id).total("startup_s")


def memory_overhead_mb(platform_id: str) -> float:
    """Megabytes of memory one instance needs beyond the application's own.

    Taught in ``04-containers`` and ``06-choose-a-platform``.

    Args:
        platform_id: one of ``PLATFORMS``.

    Returns:
        The sum of the per-instance memory layers (runtime, VMM, guest OS...).

    Raises:
        ValueError: unknown ``platform_id``.

    >>> memory_overhead_mb("container")
    4.09
    """
    return platform_costs(platform_id).total("memory_overhead_mb")


def host_reserve_mb(platform_id: str) -> float:
    """Megabytes the host keeps for itself (host OS, hypervisor, dom0) on this platform.

    >>> host_reserve_mb("bare_metal")
    1024.0
    """
    return platform_costs(platform_id).total("host_reserve_mb")


def instances_per_host(platform_id: str, host_memory_gb: float, app_memory_mb: float) -> int:
    """How many instances of an application fit in one host's memory on this platform.

    instances = floor((host memory - host reserve) / (app memory + per-instance overhead)).
    On bare metal the instances are processes of one OS, with no isolation
    between tenants. CPU and I/O limits are not modelled.

    Taught in ``06-choose-a-platform``.

    Args:
        platform_id: one of ``PLATFORMS``.
        host_memory_gb: the host's memory in GB (1 GB = 1024 MB), > 0.
        app_memory_mb: the application's own memory per instance in MB, > 0.

    Returns:
        A whole number of instances, 0 when even one does not fit.

    Raises:
        TypeError: a size is not a number.
        ValueError: unknown platform, or a size that is not a finite number > 0.

    >>> instances_per_host("container", host_memory_gb=64, app_memory_mb=256)
    248
    >>> instances_per_host("hw_assisted", host_memory_gb=64, app_memory_mb=256)
    118
    """
    costs = platform_costs(platform_id)
    host_mb = _positive("host_memory_gb", host_memory_gb) * MB_PER_GB
    app_mb = _positive("app_memory_mb", app_memory_mb)
    free_mb = host_mb - costs.total("host_reserve_mb")
    if free_mb <= 0.0:
        return 0
    return math.floor(free_mb / (app_mb + costs.total("memory_overhead_mb")))


def _positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            tr("model.value.not_a_number", name=name, kind=type(value).__name__, value=value)
        )
    number = float(value)
    if not (math.isfinite(number) and number > 0.0):
        raise ValueError(tr("model.value.not_positive", name=name, value=value))
    return number
