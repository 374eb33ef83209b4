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
can get at most ``X = min(N / D_total, min m/D)``: at one client the latency is
the sum of the demands, the same as :func:`evaluate`; with many, throughput
climbs until the bottleneck saturates, and then only latency grows. Mean value
analysis, built on the same laws, gives the throughput below that bound that
queues at the resources leave. An **open** load at rate
``λ`` gets ``X = λ`` while every ``U < 1``, and each queueing resource holds an
operation ``D/(1-U)`` on average (Lazowska et al., ch. 6). Servers: the cores
of the load (``Load.cores``) for ``cpu``, one for ``backend``, the device's
queues (``Load.devices``) for ``device``, and unlimited for ``delay``.

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

    ``throughput_per_s`` is operations per second; ``throughput_bound_per_s``
    the bottleneck bound it can never exceed (the busiest resource's servers
    over its demand); ``latency_us`` the time one operation takes from request
    to answer (infinite for an open load beyond capacity);
    ``relative_throughput`` this platform's throughput over bare
    metal's under the same load; ``demands_us`` and ``utilization`` are by
    resource; ``bottleneck`` names the resource that caps throughput.
    """

    platform_id: str
    options: Options
    workload: Workload
    load: Load
    latency_us: Quantity
    throughput_per_s: Quantity
    throughput_bound_per_s: Quantity
    relative_throughput: Quantity
    demands_us: Mapping[str, Quantity]
    utilization: Mapping[str, Quantity]
    bottleneck: Any  # str, or an array of str for array inputs


def demands(platform_id: str, workload: Workload, **options: str | None) -> Mapping[str, Quantity]:
    """Microseconds one operation of ``workload`` demands of each resource on a platform.

    They add up to :func:`evaluate`'s ``time_us`` for the same configuration.

    >>> work = Workload(cpu_us=5, syscalls=3, net_round_trips=1)
    >>> {r: round(us, 2) for r, us in demands("hw_assisted", work).items()}
    {'cpu': 11.34, 'backend': 10.13, 'device': 0.0, 'delay': 50.82}
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

    A Redis GET on KVM: one client waits for every round trip's extra layers;
    120 clients keep the vhost-net thread busy, and lose far less:

    >>> redis_get = Workload(cpu_us=2, syscalls=4, privileged_ops=0.3, net_round_trips=1)
    >>> one = performance("hw_assisted", redis_get, Load(concurrency=1))
    >>> many = performance("hw_assisted", redis_get, Load(concurrency=120))
    >>> round(one.relative_throughput, 2), round(many.relative_throughput, 2), many.bottleneck
    (0.59, 0.87, 'backend')
    """
    load = load or Load()
    configured = resolve_options(platform_id, options)
    own = _demands(platform_costs(platform_id, configured), workload)
    bare = _demands(platform_costs("bare_metal"), workload)
    throughput, latency = _serve(own, load)
    bare_throughput, _ = _serve(bare, load)
    bound = _bound(own, load) * 1e6
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
        throughput_bound_per_s=_scalar(bound),
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
    # a vanishing demand (a subnormal float) is no work: it would overflow the divisions
    return {r: _scalar(np.where(np.asarray(v) < 1e-100, 0.0, v)) for r, v in found.items()}


def _servers(load: Load) -> dict[str, Any]:
    return {
        "cpu": np.asarray(load.cores),
        "backend": 1.0,
        "device": np.asarray(load.devices),
        "delay": np.inf,
    }


def _bound(own: Mapping[str, Quantity], load: Load) -> Any:
    """Operations per µs the busiest resource allows: min over resources of servers / demand."""
    servers = _servers(load)
    with np.errstate(divide="ignore", over="ignore"):
        limits = [
            np.where(
                np.asarray(own[r]) > 0, servers[r] / np.asarray(own[r], dtype=np.float64), np.inf
            )
            for r in QUEUEING_RESOURCES
        ]
    return np.min(np.stack(np.broadcast_arrays(*limits)), axis=0)


def _serve(own: Mapping[str, Quantity], load: Load) -> tuple[Any, Any]:
    """Throughput (per second) and latency (µs) under the load.

    A closed load is solved by mean value analysis (Lazowska et al. 1984, ch. 6):
    for n = 1, 2, ... clients, each queueing resource holds an operation
    ``D·(1 + Q)`` µs, where ``Q`` is its queue with one client fewer (the
    arrival theorem); ``X = n / R`` (Little's law) and ``Q = X·R`` at that
    resource. A resource with ``m`` servers (the cores, a device's queues) is a
    single server of demand ``D/m`` plus a delay of ``D·(m-1)/m`` (Seidmann's
    approximation). The result never exceeds the bottleneck bound, and at one
    client the latency is the sum of the demands.
    """
    servers = _servers(load)
    total = sum(np.asarray(own[r], dtype=np.float64) for r in RESOURCES)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if load.kind == "closed":
            rate, latency = _mean_value_analysis(own, servers, np.asarray(load.concurrency))
        else:
            capacity = _bound(own, load)
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


def _mean_value_analysis(
    own: Mapping[str, Quantity], servers: Mapping[str, Any], clients: Any
) -> tuple[Any, Any]:
    """Throughput (per µs) and latency (µs) of ``clients`` in a closed loop, by exact MVA."""
    queues = [
        np.asarray(own[r], dtype=np.float64) / servers[r] for r in QUEUEING_RESOURCES
    ]  # single-server demands
    delay = np.asarray(own["delay"], dtype=np.float64) + sum(
        np.asarray(own[r], dtype=np.float64) * (servers[r] - 1) / servers[r]
        for r in QUEUEING_RESOURCES
    )
    shape = np.broadcast_shapes(delay.shape, *(d.shape for d in queues))
    top = int(np.ceil(np.max(clients)))
    rates = (_rates_by_clients if shape == () else _rates_by_clients_arrays)(queues, delay, top)
    # the rates depend on the demands only; the clients pick from them
    full = np.broadcast_shapes(shape, clients.shape)
    rates = np.broadcast_to(
        rates.reshape(top + 1, *(1,) * (len(full) - len(shape)), *shape), (top + 1, *full)
    )
    low = np.broadcast_to(np.floor(clients).astype(int), full)
    high = np.broadcast_to(np.ceil(clients).astype(int), full)
    low_rate = np.take_along_axis(rates, low[None], axis=0)[0]
    high_rate = np.take_along_axis(rates, high[None], axis=0)[0]
    rate = low_rate + (high_rate - low_rate) * np.broadcast_to(clients - low, full)
    return rate, np.where(rate > 0, np.broadcast_to(clients, full) / rate, 0.0)


def _rates_by_clients(queues: list[Any], delay: Any, top: int) -> np.ndarray:
    """MVA's throughput for 0..top clients when every demand is one number (plain floats: fast)."""
    demands = [float(d) for d in queues]
    think = float(delay)
    held = [0.0] * len(demands)
    rates = [0.0] * (top + 1)
    for n in range(1, top + 1):
        residence = [d * (1 + q) for d, q in zip(demands, held, strict=True)]
        response = think + sum(residence)
        rates[n] = n / response if response > 0 else np.inf
        held = [rates[n] * r for r in residence]
    return np.array(rates)


def _rates_by_clients_arrays(queues: list[Any], delay: Any, top: int) -> np.ndarray:
    """MVA's throughput for 0..top clients, element-wise over arrays of demands."""
    shape = np.broadcast_shapes(delay.shape, *(d.shape for d in queues))
    held = [np.zeros(shape) for _ in queues]
    rates = np.zeros((top + 1, *shape))
    for n in range(1, top + 1):
        residence = [d * (1 + q) for d, q in zip(queues, held, strict=True)]
        response = delay + sum(residence)
        rates[n] = np.where(response > 0, n / response, np.inf)
        held = [rates[n] * r for r in residence]
    return rates


def _scalar(value: Any) -> Quantity:
    """A plain float for a 0-d result, else a read-only array."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return float(array)
    array = array.copy()
    array.flags.writeable = False
    return array
