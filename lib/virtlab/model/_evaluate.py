"""How long one operation takes on a platform, and where the time goes.

The model in one sentence: an operation costs its user-mode CPU time times the
platform's CPU factor, plus a toll for every boundary crossing, plus the time
it waits for a device or the wire. Relative throughput is bare metal's time
divided by this platform's time, so bare metal scores exactly 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from virtlab.i18n import tr
from virtlab.model._costs import PlatformCosts, platform_costs
from virtlab.model._options import resolve_options
from virtlab.model._workload import COUNT_FIELDS, CROSSINGS, Quantity, Workload

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["COMPONENTS", "Evaluation", "evaluate"]

COMPONENTS: tuple[str, ...] = ("cpu", *CROSSINGS, "wait")
"""The parts of an operation's time, in the order of :attr:`Evaluation.breakdown`."""


@dataclass(frozen=True)
class Evaluation:
    """The time one operation takes on a platform, split into its parts.

    ``time_us`` and ``relative_throughput`` are floats for a single workload and
    numpy arrays when the workload's fields are arrays. ``breakdown`` maps each
    of :data:`COMPONENTS` to microseconds; the parts add up to ``time_us``.
    """

    platform_id: str
    workload: Workload
    time_us: Quantity
    relative_throughput: Quantity
    breakdown: Mapping[str, Quantity]


def evaluate(platform_id: str, workload: Workload, **options: str | None) -> Evaluation:
    """Time one operation of ``workload`` on a platform and compare it with bare metal.

    Taught in ``02-what-a-layer-costs`` and ``06-choose-a-platform``.

    Args:
        platform_id: one of ``PLATFORMS``, e.g. ``"hw_assisted"``.
        workload: a :class:`Workload`; its fields may be numpy arrays to
            evaluate many workloads in one call.
        options: the platform's configuration where it has one, e.g.
            ``network="host"`` for a container or ``disk="qcow2"`` for a VM
            (see :func:`~virtlab.model.options`); each left out is the default.

    Returns:
        An :class:`Evaluation` with ``time_us``, ``relative_throughput``
        (bare metal time / this time: 1.0 for bare metal, below 1 elsewhere)
        and ``breakdown``.

    Raises:
        TypeError: ``workload`` is not a Workload, or ``platform_id`` not a str.
        ValueError: unknown ``platform_id`` (the message lists the valid ids), or
            an option the platform does not have or a value it does not take.

    >>> web_request = Workload(cpu_us=300, syscalls=20, net_round_trips=1)
    >>> evaluate("bare_metal", web_request).relative_throughput
    1.0
    >>> round(evaluate("gvisor", web_request).relative_throughput, 2)
    0.65
    >>> round(evaluate("container", web_request, network="host").relative_throughput, 2)
    1.0
    """
    if options:
        costs = platform_costs(platform_id, resolve_options(platform_id, options))
    else:
        costs = platform_costs(platform_id)
    if not isinstance(workload, Workload):
        raise TypeError(tr("model.evaluate.not_a_workload", kind=type(workload).__name__))
    bare = platform_costs("bare_metal")
    if workload.is_scalar:
        return _evaluate_scalar(costs, bare, workload)
    return _evaluate_arrays(costs, bare, workload)


def _evaluate_scalar(costs: PlatformCosts, bare: PlatformCosts, workload: Workload) -> Evaluation:
    counts = [float(getattr(workload, name)) for name in COUNT_FIELDS]
    cpu = float(workload.cpu_us)
    wait = float(workload.wait_us)
    parts = [cpu * costs.cpu_factor]
    parts += [n * toll for n, toll in zip(counts, costs.tolls_us, strict=True)]
    parts.append(wait)
    time_us = sum(parts)
    if costs is bare:
        relative = 1.0
    else:
        bare_time = cpu * bare.cpu_factor + wait
        bare_time += sum(n * toll for n, toll in zip(counts, bare.tolls_us, strict=True))
        relative = bare_time / time_us if time_us > 0.0 else 1.0
    breakdown = MappingProxyType(dict(zip(COMPONENTS, parts, strict=True)))
    return Evaluation(costs.platform_id, workload, time_us, relative, breakdown)


def _evaluate_arrays(costs: PlatformCosts, bare: PlatformCosts, workload: Workload) -> Evaluation:
    counts = [np.asarray(getattr(workload, name), dtype=np.float64) for name in COUNT_FIELDS]
    cpu = np.asarray(workload.cpu_us, dtype=np.float64)
    wait = np.asarray(workload.wait_us, dtype=np.float64)
    parts = [cpu * costs.cpu_factor]
    parts += [n * toll for n, toll in zip(counts, costs.tolls_us, strict=True)]
    parts.append(wait)
    shape = np.broadcast_shapes(*(p.shape for p in parts))
    time_us = np.zeros(shape)
    for part in parts:
        time_us += part
    if costs is bare:
        relative = np.ones(shape)
    else:
        bare_time = cpu * bare.cpu_factor + wait
        for n, toll in zip(counts, bare.tolls_us, strict=True):
            bare_time = bare_time + n * toll
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = np.where(time_us > 0.0, bare_time / time_us, 1.0)
    time_us.flags.writeable = False
    relative.flags.writeable = False
    views = [np.broadcast_to(p, shape) for p in parts]
    breakdown = MappingProxyType(dict(zip(COMPONENTS, views, strict=True)))
    return Evaluation(costs.platform_id, workload, time_us, relative, breakdown)
