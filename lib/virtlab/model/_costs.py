"""What each crossing costs on each platform, read once from ``data/``.

The toll of a crossing on a platform is the sum of the layers it passes
through (``data/crossing_costs.csv``): on ``hw_assisted`` a disk I/O pays the
guest's block path and the device, a VM exit, and the virtio back-end. Each
layer's time is spent on one resource (the cores, a serial back-end thread, the
storage device, or a delay no queue forms for), which sets throughput under
concurrency (``_performance``). The CPU factor, start-up time, memory overhead
and host reserve come from ``data/platform_overheads.csv``. A row whose ``when``
names a platform option (``network=bridge_nat``) counts only in that
configuration (``_options``). Both files are loaded on first use and kept as
plain tuples of floats, so evaluating a workload never touches pandas.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from virtlab.datasets import DataError, load_table
from virtlab.i18n import tr
from virtlab.model._options import Options, options, resolve_options
from virtlab.model._platforms import PLATFORMS, check_platform_id
from virtlab.model._workload import CROSSINGS

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "OVERHEAD_QUANTITIES",
    "RESOURCES",
    "PlatformCosts",
    "cost_table",
    "cpu_factor",
    "crossing_cost_us",
    "forget_loaded_costs",
    "layer_costs",
    "layer_name",
    "platform_costs",
    "toll_by_layer",
]

OVERHEAD_QUANTITIES: tuple[str, ...] = (
    "cpu_factor",
    "startup_s",
    "memory_overhead_mb",
    "host_reserve_mb",
)
"""The per-platform quantities of ``data/platform_overheads.csv``."""

RESOURCES: tuple[str, ...] = ("cpu", "backend", "device", "delay")
"""Where a layer's time is spent: the cores, a serial back-end thread, the storage device,
or a delay (the wire, a wait) that overlapping requests do not queue for."""

Layers = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PlatformCosts:
    """Everything the model knows about one configured platform's costs, as plain numbers.

    ``resource_tolls`` splits each crossing's toll by resource: resource -> one
    float per crossing, in the order of ``CROSSINGS``; they add up to ``tolls_us``.
    """

    platform_id: str
    cpu_factor: float
    tolls_us: tuple[float, ...]
    crossing_layers: Mapping[str, Layers]
    overhead_layers: Mapping[str, Layers]
    options: Options = ()
    resource_tolls: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    def total(self, quantity: str) -> float:
        """Sum of the layers of one overhead quantity (``startup_s``, ``memory_overhead_mb``...)."""
        return sum(value for _, value in self.overhead_layers[quantity])


def crossing_cost_us(platform_id: str, crossing: str) -> float:
    """Microseconds one boundary crossing of this kind costs on this platform.

    Taught in ``02-what-a-layer-costs``.

    Args:
        platform_id: one of ``PLATFORMS``.
        crossing: one of ``CROSSINGS``: ``"syscall"``, ``"page_fault"``,
            ``"privileged_op"``, ``"disk_io"``, ``"net_round_trip"``.

    Returns:
        The toll: the sum of the costs of every layer the crossing passes through.

    Raises:
        ValueError: unknown platform or crossing.

    >>> crossing_cost_us("bare_metal", "syscall")
    0.45
    """
    costs = platform_costs(platform_id)
    return costs.tolls_us[_crossing_index(crossing)]


def layer_costs(platform_id: str, crossing: str) -> Mapping[str, float]:
    """The layers one crossing passes through on this platform, each with its microseconds.

    Taught in ``03-full-vs-paravirtualization``.

    Args:
        platform_id: one of ``PLATFORMS``.
        crossing: one of ``CROSSINGS``.

    Returns:
        A read-only mapping from layer to microseconds, in data order; its
        values sum to :func:`crossing_cost_us`.

    Raises:
        ValueError: unknown platform or crossing.

    >>> dict(layer_costs("paravirt", "syscall"))
    {'guest kernel': 0.45, 'Xen hypervisor': 0.01}
    """
    _crossing_index(crossing)
    return MappingProxyType(dict(platform_costs(platform_id).crossing_layers[crossing]))


def toll_by_layer(platform_id: str, crossing: str) -> dict[str, float]:
    """The toll of one crossing on a platform, layer by layer, each layer named in the current
    language: :func:`layer_costs` for reading (a new dict each call).

    >>> from virtlab.i18n import using
    >>> with using("ko"):
    ...     toll_by_layer("paravirt", "syscall")
    {'게스트 커널': 0.45, 'Xen 하이퍼바이저': 0.01}
    """
    return {layer_name(layer): us for layer, us in layer_costs(platform_id, crossing).items()}


def layer_name(layer: str) -> str:
    """A layer of :func:`layer_costs` named in the current language.

    Raises:
        ValueError: ``layer`` is not a layer of ``data/crossing_costs.csv``.

    >>> from virtlab.i18n import using
    >>> with using("ko"):
    ...     layer_name("guest kernel")
    '게스트 커널'
    """
    from virtlab.i18n import language

    names = _layer_names()
    if layer not in names:
        raise ValueError(tr("model.costs.unknown_layer", layer=layer))
    return layer if language() == "en" else names[layer]


@functools.cache
def _layer_names() -> Mapping[str, str]:
    """English layer name -> Korean, from ``data/crossing_costs.csv`` (one name per layer)."""
    table = load_table("crossing_costs")
    names: dict[str, str] = {}
    for index, (english, korean) in enumerate(zip(table["layer"], table["layer_ko"], strict=True)):
        if names.setdefault(str(english), str(korean)) != korean:
            raise DataError(
                "data/crossing_costs.csv",
                tr("model.costs.two_korean_names", layer=english, first=names[str(english)]),
                row=index + 2,
                column="layer_ko",
                value=korean,
            )
    return MappingProxyType(names)


def cpu_factor(platform_id: str) -> float:
    """How many times longer user-mode code takes on this platform than on bare metal.

    >>> cpu_factor("container"), cpu_factor("emulation") > 1
    (1.0, True)
    """
    return platform_costs(platform_id).cpu_factor


def platform_costs(platform_id: str, configured: Options | None = None) -> PlatformCosts:
    """The cost record of one platform in a configuration (default: the platform's defaults).

    ``configured`` is what :func:`~virtlab.model._options.resolve_options` returns.
    """
    check_platform_id(platform_id)
    if configured is None:
        return cost_table()[platform_id]
    return _configured(platform_id, configured)


def _crossing_index(crossing: object) -> int:
    if not isinstance(crossing, str):
        raise TypeError(
            tr("model.crossing.not_a_str", kind=type(crossing).__name__, value=crossing)
        )
    try:
        return CROSSINGS.index(crossing)
    except ValueError:
        raise ValueError(
            tr("model.crossing.unknown", value=crossing, allowed=", ".join(CROSSINGS))
        ) from None


@functools.cache
def cost_table() -> Mapping[str, PlatformCosts]:
    """Every platform's costs in its default configuration, loaded once and then reused.

    Every configuration of every platform is checked when the table is first
    loaded: none may be cheaper than bare metal.
    """
    table = {pid: _configured(pid, resolve_options(pid, {})) for pid in PLATFORMS}
    for pid in PLATFORMS:
        for configured in _every_configuration(pid):
            _check_nothing_beats_bare_metal(table["bare_metal"], _configured(pid, configured))
    return MappingProxyType(table)


def forget_loaded_costs() -> None:
    """Drop every cached cost table, so the next call reads ``data/`` again (for tests)."""
    for cached in (cost_table, _configured, _rows):
        cached.cache_clear()


def _every_configuration(platform_id: str) -> list[Options]:
    """Every combination of the platform's option values."""
    combos: list[Options] = [()]
    for name, option in options(platform_id).items():
        combos = [(*c, (name, v)) for c in combos for v in option.values]
    return [tuple(sorted(c)) for c in combos]


@functools.cache
def _configured(platform_id: str, configured: Options) -> PlatformCosts:
    """One platform's costs in one configuration, from the rows that apply to it."""
    chosen = {""} | {f"{name}={value}" for name, value in configured}
    crossing_rows = _rows("crossing_costs", "crossing", "cost_us")
    overhead_rows = _rows("platform_overheads", "quantity", "value")
    crossing_layers = {
        c: _required(crossing_rows, platform_id, c, chosen, "crossing_costs") for c in CROSSINGS
    }
    overhead_layers = {
        q: tuple(
            (layer, amount)
            for layer, amount, _ in _required(
                overhead_rows, platform_id, q, chosen, "platform_overheads"
            )
        )
        for q in OVERHEAD_QUANTITIES
    }
    factor_layers = overhead_layers["cpu_factor"]
    if len(factor_layers) != 1:
        raise DataError(
            "data/platform_overheads.csv",
            tr("model.costs.one_cpu_factor", platform=platform_id, count=len(factor_layers)),
            column="quantity",
        )
    resource_tolls = {
        r: tuple(sum(v for _, v, res in crossing_layers[c] if res == r) for c in CROSSINGS)
        for r in RESOURCES
    }
    return PlatformCosts(
        platform_id=platform_id,
        cpu_factor=factor_layers[0][1],
        tolls_us=tuple(sum(v for _, v, _ in crossing_layers[c]) for c in CROSSINGS),
        crossing_layers=MappingProxyType(
            {c: tuple((layer, v) for layer, v, _ in rows) for c, rows in crossing_layers.items()}
        ),
        overhead_layers=MappingProxyType(overhead_layers),
        options=configured,
        resource_tolls=MappingProxyType(resource_tolls),
    )


Rows = dict[tuple[str, str], list[tuple[str, str, float, str]]]


@functools.cache
def _rows(name: str, key: str, value: str) -> Rows:
    """(platform, crossing or quantity) -> its rows: (when, layer, amount, resource)."""
    frame = load_table(name)
    resources = frame["resource"] if "resource" in frame else ["cpu"] * len(frame)
    grouped: Rows = {}
    for pid, when, what, layer, amount, resource in zip(
        frame["platform"],
        frame["when"].fillna(""),
        frame[key],
        frame["layer"],
        frame[value],
        resources,
        strict=True,
    ):
        grouped.setdefault((str(pid), str(what)), []).append(
            (str(when), str(layer), float(amount), str(resource))
        )
    return grouped


def _required(
    rows: Rows, pid: str, what: str, chosen: set[str], name: str
) -> tuple[tuple[str, float, str], ...]:
    """The layers of (platform, what) in the chosen configuration: (layer, amount, resource)."""
    if (pid, what) not in rows:
        raise DataError(
            f"data/{name}.csv",
            tr("model.costs.no_row", platform=pid, what=what),
            column="platform",
        )
    return tuple(
        (layer, amount, resource)
        for when, layer, amount, resource in rows[(pid, what)]
        if when in chosen
    )


def _check_nothing_beats_bare_metal(bare: PlatformCosts, costs: PlatformCosts) -> None:
    """No configuration may run code faster or cross a boundary cheaper than bare metal."""
    pid = costs.platform_id
    if costs.cpu_factor < bare.cpu_factor:
        raise DataError(
            "data/platform_overheads.csv",
            tr(
                "model.costs.cpu_factor_below_bare_metal",
                platform=pid,
                value=costs.cpu_factor,
                bare=bare.cpu_factor,
            ),
            column="value",
        )
    for crossing, toll, bare_toll in zip(CROSSINGS, costs.tolls_us, bare.tolls_us, strict=True):
        if toll < bare_toll:
            raise DataError(
                "data/crossing_costs.csv",
                tr(
                    "model.costs.toll_below_bare_metal",
                    platform=pid,
                    toll=toll,
                    crossing=crossing,
                    bare=bare_toll,
                ),
                column="cost_us",
            )
