"""How many servers a set of applications needs: one per application, or packed together.

On bare metal each application gets a server of its own, however little of it
the application uses. **Consolidation** puts many applications, each in its own
virtual machine, on fewer hosts, filled up to a target utilization that
leaves headroom for peaks. The demand is counted in busy cores:

    demand = applications x average utilization x cores per server
    consolidated hosts = ceil(demand / (target utilization x cores per host))

A host may be bigger than the old servers (scale up) or there may be more of
them (scale out); a host's yearly cost is taken in proportion to its cores.

Only CPU is counted: memory, peaks that coincide, licences and the
hypervisor's own share are left out, so the consolidated count is a lower
bound. Typical utilizations measured in data centers are in
``data/server_utilization.csv`` (:func:`server_utilization`).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING

from virtlab.datasets import load_table
from virtlab.i18n import column, tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Consolidation", "consolidate", "server_utilization"]

_ROUNDING_SLACK = 1e-9
"""Room for floating-point error before rounding a server count up (24.0000000001 cores is 24)."""


@dataclass(frozen=True)
class Consolidation:
    """Servers, idle cores and yearly cost of the same applications, dedicated vs consolidated.

    ``dedicated_*`` is bare metal, one application per server of
    ``server_cores``; ``consolidated_*`` is the same applications packed onto
    shared hosts of ``host_cores`` up to the target utilization.
    """

    applications: int
    average_utilization_pct: float
    server_cores: int
    target_utilization_pct: float
    cost_per_server_per_year: float
    host_cores: int
    demand_cores: float
    dedicated_servers: int
    consolidated_servers: int

    @property
    def dedicated_idle_cores(self) -> float:
        """Cores that sit idle on average when every application has a server of its own."""
        return self.dedicated_servers * self.server_cores - self.demand_cores

    @property
    def consolidated_idle_cores(self) -> float:
        """Cores that sit idle on average on the consolidated hosts (headroom included)."""
        return self.consolidated_servers * self.host_cores - self.demand_cores

    @property
    def dedicated_cost_per_year(self) -> float:
        """Yearly cost of one server per application."""
        return self.dedicated_servers * self.cost_per_server_per_year

    @property
    def consolidated_cost_per_year(self) -> float:
        """Yearly cost of the consolidated hosts, each priced in proportion to its cores."""
        cost_per_host = self.cost_per_server_per_year * self.host_cores / self.server_cores
        return self.consolidated_servers * cost_per_host

    @property
    def savings_per_year(self) -> float:
        """What consolidation saves each year: dedicated cost minus consolidated cost."""
        return self.dedicated_cost_per_year - self.consolidated_cost_per_year

    @property
    def applications_per_server(self) -> float:
        """The consolidation ratio: applications per consolidated server."""
        return self.applications / self.consolidated_servers


def consolidate(
    applications: int,
    average_utilization_pct: float,
    server_cores: int,
    target_utilization_pct: float,
    cost_per_server_per_year: float,
    host_cores: int | None = None,
) -> Consolidation:
    """Count the servers that applications need on bare metal and when consolidated.

    Each application keeps ``average_utilization_pct`` of one server busy on
    average. On bare metal it still needs that whole server; consolidated,
    the busy cores of all applications are packed onto hosts of
    ``host_cores`` filled to ``target_utilization_pct``. Taught in ``01-bare-metal``.

    Args:
        applications: how many applications, a whole number >= 1.
        average_utilization_pct: average CPU use of one application on its
            own server, in percent, > 0 and <= 100.
        server_cores: cores of each application's own server, a whole number >= 1.
        target_utilization_pct: how full a consolidated server may be kept,
            in percent, > 0 and <= 100 (the rest is headroom for peaks).
        cost_per_server_per_year: yearly cost of one such server (any currency), >= 0;
            a consolidated host costs this times ``host_cores / server_cores``.
        host_cores: cores of each consolidated host, a whole number >= 1;
            ``None`` means the same size as the servers.

    Returns:
        A :class:`Consolidation` with both server counts; its properties give
        idle cores, yearly costs and the savings.

    Raises:
        TypeError: a count is not a whole number, or a value is not a number.
        ValueError: a value is out of its range; the message names it.

    >>> plan = consolidate(20, 15, 16, 60, 3000)
    >>> plan.dedicated_servers, plan.consolidated_servers, plan.demand_cores
    (20, 5, 48.0)
    >>> plan.savings_per_year
    45000.0
    >>> scaled_up = consolidate(20, 15, 16, 60, 3000, host_cores=64)
    >>> scaled_up.consolidated_servers, scaled_up.consolidated_cost_per_year
    (2, 24000.0)
    """
    count = _whole("applications", applications)
    cores = _whole("server_cores", server_cores)
    host = cores if host_cores is None else _whole("host_cores", host_cores)
    average = _percent("average_utilization_pct", average_utilization_pct)
    target = _percent("target_utilization_pct", target_utilization_pct)
    cost = _number("cost_per_server_per_year", cost_per_server_per_year)
    if cost < 0.0:
        raise ValueError(
            tr(
                "model.value.negative",
                name="cost_per_server_per_year",
                value=cost_per_server_per_year,
            )
        )
    demand = count * average / 100.0 * cores
    usable_per_host = target / 100.0 * host
    consolidated = max(1, math.ceil(demand / usable_per_host - _ROUNDING_SLACK))
    return Consolidation(
        applications=count,
        average_utilization_pct=average,
        server_cores=cores,
        target_utilization_pct=target,
        cost_per_server_per_year=cost,
        host_cores=host,
        demand_cores=demand,
        dedicated_servers=count,
        consolidated_servers=consolidated,
    )


def server_utilization() -> pd.DataFrame:
    """Published figures on how busy servers in data centers typically are.

    One row per source (``data/server_utilization.csv``): what was observed,
    what the percentage measures (``metric``, in the current language; ``metric_en``
    and ``metric_ko`` hold both), the low and high ends of the range in percent,
    the citation and URL, and a verification mark (P primary text seen, S seen
    only secondhand, R recalled, not verified). Taught in ``01-bare-metal``.

    >>> table = server_utilization()
    >>> bool((table["low_pct"] <= table["high_pct"]).all())
    True
    >>> table.loc[0, "metric"] == table.loc[0, "metric_en"]
    True
    """
    table = load_table("server_utilization")
    table.insert(list(table.columns).index("metric_en"), "metric", table[column("metric")])
    return table


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            tr("model.value.not_a_number", name=name, kind=type(value).__name__, value=value)
        )
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(tr("model.value.not_finite", name=name, value=value))
    return number


def _whole(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            tr("model.value.not_whole", name=name, kind=type(value).__name__, value=value)
        )
    if int(value) < 1:
        raise ValueError(tr("model.value.below_one", name=name, value=value))
    return int(value)


def _percent(name: str, value: object) -> float:
    number = _number(name, value)
    if not 0.0 < number <= 100.0:
        raise ValueError(tr("model.value.not_a_percentage", name=name, value=value))
    return number
