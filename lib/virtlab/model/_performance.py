"""Latency and throughput under load, from each resource's demand, by operational laws.

One operation *demands* time from each resource: the cores (its CPU work and the
kernel, hypervisor and translator layers it crosses), a serial back-end thread
(QEMU's I/O thread, vhost-net, Firecracker's device), the storage device, and
delays no queue forms for (the wire, a wait). :func:`evaluate` adds them up:
that is the time of one operation alone. Under load they overlap, and the
operational laws of Denning and Buzen (1978), as Lazowska et al. (1984) teach
them, say what follows:

- **utilisation law**: a resource with ``m`` servers that does ``D`` µs of work
  per operation at ``X`` operations per µs is busy ``U = X·D/m`` of the time;
- **bottleneck bound**: since ``U <= 1``, throughput ``X <= m/D`` for every
  resource: the busiest one (largest ``D/m``) caps it;
- **Little's law**: ``N = X·R``: with ``N`` operations in flight, each takes
  ``R = N/X``.

A **closed** load (``N`` clients, each sending its next request when answered)
gets ``X = min(N / D_total, min m/D)``: at one client the latency is the sum of
the demands, the same as :func:`evaluate`; with many, throughput climbs until
the bottleneck saturates, and then only latency grows. An **open** load at rate
``λ`` gets ``X = λ`` while every ``U < 1``, and each queueing resource holds an
operation ``D/(1-U)`` on average (Lazowska et al., ch. 6). Servers: the cores
of the load (``Load.cores``) for ``cpu``, one for ``backend`` and ``device``,
and unlimited for ``delay``.

References: P. J. Denning and J. P. Buzen, "The Operational Analysis of
Queueing Network Models", ACM Computing Surveys 10(3), 1978; E. D. Lazowska,
J. Zahorjan, G. S. Graham, K. C. Sevcik, *Quantitative System Performance*,
Prentice-Hall, 1984.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from virtlab.model._costs import RESOURCES, PlatformCosts, platform_costs
from virtlab.model._load import Load
from virtlab.model._options import Options, resolve_options
from virtlab.model._workload import COUNT_FIELDS, Quantity, Workload

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["QUEUEING_RESOURCES", "Performance", "demands", "performance"]

QUEUEING_RESOURCES: tuple[str, ...] = tuple(r for r in RESOURCES if r != "delay")
"""The resources a queue can form for (every one but ``delay``)."""


@dataclass(frozen=True)
class Performance:
    """How one platform serves a workload under a load: latency, throughput, the bottleneck.

    ``throughput_per_s`` is operations per second; ``latency_us`` the time one
    operation takes from request to answer (infinite for an open load beyond
    capacity); ``relative_throughput`` this platform's throughput over bare
    metal's under the same load; ``demands_us`` and ``utilization`` are by
    resource; ``bottleneck`` names the resource that caps throughput.
    """

    platform_id: str
    options: Options
    workload: Workload
    load: Load
    latency_us: Quantity
    throughput_per_s: Quantity
    relative_throughput: Quantity
    demands_us: Mapping[str, Quantity]
    utilization: Mapping[str, Quantity]
    bottleneck: Any  # str, or an array of str for array inputs


def demands(platform_id: str, workload: Workload, **options: str | None) -> Mapping[str, Quantity]:
    """Microseconds one operation of ``workload`` demands of each resource on a platform.

    They add up to :func:`evaluate`'s ``time_us`` for the same configuration.

    >>> work = Workload(cpu_us=5, syscalls=3, net_round_trips=1)
    >>> {r: round(us, 2) for r, us in demands("hw_assisted", work).items()}
    {'cpu': 8.35, 'backend': 28.36, 'device': 0.0, 'delay': 37.58}
    """
    costs = platform_costs(platform_id, resolve_options(platform_id, options))
    return _demands(costs, workload)


def performance(
    platform_id: str, workload: Workload, load: Load | None = None, **options: str | None
) -> Performance:
    """Latency and throughput of ``workload`` on a platform under a closed or open load.

    Taught in ``06-choose-a-platform``.

    Args:
        platform_id: one of ``PLATFORMS``.
        workload: one operation; fields may be numpy arrays.
        load: how operations arrive (default: one client, one core).
        options: the platform's configuration, e.g. ``network="host"`` for a
            container (see :func:`~virtlab.model.options`).

    Raises:
        ValueError: unknown platform, or an option the platform does not have or
            a value it does not take (the message lists the allowed ones).

    >>> redis_get = Workload(cpu_us=4, syscalls=3, net_round_trips=1)
    >>> one = performance("hw_assisted", redis_get, Load(concurrency=1))
    >>> many = performance("hw_assisted", redis_get, Load(concurrency=120))
    >>> round(one.relative_throughput, 2), round(many.relative_throughput, 2), many.bottleneck
    (0.59, 0.19, 'backend')
    """
    load = load or Load()
    configured = resolve_options(platform_id, options)
    own = _demands(platform_costs(platform_id, configured), workload)
    bare = _demands(platform_costs("bare_metal"), workload)
    throughput, latency = _serve(own, load)
    bare_throughput, _ = _serve(bare, load)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(
            np.isfinite(bare_throughput) & (bare_throughput > 0), throughput / bare_throughput, 1.0
        )
    servers = _servers(load)
    with np.errstate(invalid="ignore"):
        utilization = {
            r: _scalar(
                np.where(
                    np.asarray(own[r]) > 0,
                    np.minimum(throughput * 1e-6 * np.asarray(own[r]) / servers[r], 1.0),
                    0.0,
                )
            )
            for r in QUEUEING_RESOURCES
        }
    per_server = np.stack([np.asarray(own[r]) / servers[r] for r in QUEUEING_RESOURCES])
    bottleneck = np.take(np.array(QUEUEING_RESOURCES), np.argmax(per_server, axis=0))
    return Performance(
        platform_id=platform_id,
        options=configured,
        workload=workload,
        load=load,
        latency_us=_scalar(latency),
        throughput_per_s=_scalar(throughput),
        relative_throughput=_scalar(relative),
        demands_us=MappingProxyType(dict(own)),
        utilization=MappingProxyType(utilization),
        bottleneck=str(bottleneck) if np.ndim(bottleneck) == 0 else bottleneck,
    )


def _demands(costs: PlatformCosts, workload: Workload) -> dict[str, Quantity]:
    counts = [np.asarray(getattr(workload, name), dtype=np.float64) for name in COUNT_FIELDS]
    found: dict[str, Quantity] = {}
    for resource in RESOURCES:
        total = np.asarray(0.0)
        for n, toll in zip(counts, costs.resource_tolls[resource], strict=True):
            total = total + n * toll
        found[resource] = total
    found["cpu"] = found["cpu"] + np.asarray(workload.cpu_us) * costs.cpu_factor
    found["delay"] = found["delay"] + np.asarray(workload.wait_us)
    return {r: _scalar(v) for r, v in found.items()}


def _servers(load: Load) -> dict[str, Any]:
    return {"cpu": np.asarray(load.cores), "backend": 1.0, "device": 1.0, "delay": np.inf}


def _serve(own: Mapping[str, Quantity], load: Load) -> tuple[Any, Any]:
    """Throughput (per second) and latency (µs) under the load, by the operational laws."""
    servers = _servers(load)
    total = sum(np.asarray(own[r]) for r in RESOURCES)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        capacity = np.min(
            np.stack(
                np.broadcast_arrays(
                    *[
                        np.where(
                            np.asarray(own[r]) > 0,
                            servers[r] / np.asarray(own[r], dtype=np.float64),
                            np.inf,
                        )
                        for r in QUEUEING_RESOURCES
                    ]
                )
            ),
            axis=0,
        )  # operations per µs the busiest resource allows
        if load.kind == "closed":
            rate = np.minimum(np.asarray(load.concurrency) / total, capacity)
            latency = np.where(rate > 0, np.asarray(load.concurrency) / rate, 0.0)
        else:
            offered = np.asarray(load.rate_per_s) * 1e-6
            rate = np.minimum(offered, capacity)
            residence = np.asarray(own["delay"], dtype=np.float64)
            for r in QUEUEING_RESOURCES:
                busy = offered * np.asarray(own[r]) / servers[r]
                residence = residence + np.where(busy < 1, np.asarray(own[r]) / (1 - busy), np.inf)
            latency = np.where(offered < capacity, residence, np.inf)
    no_work = total <= 0
    rate = np.where(no_work, np.inf, rate)
    latency = np.where(no_work, 0.0, latency)
    return rate * 1e6, latency


def _scalar(value: Any) -> Quantity:
    """A plain float for a 0-d result, else a read-only array."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return float(array)
    array = array.copy()
    array.flags.writeable = False
    return array
