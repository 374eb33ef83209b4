"""The dashboard and self-checks of a platform under load (``06-choose-a-platform``).

Move the number of clients and watch throughput climb until one resource
saturates (the bottleneck), then only latency grow; compare how each platform's
extra layers cost a lot with one client and little with many, or the reverse.
Every answer comes from :func:`virtlab.model.performance`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from virtlab import model
from virtlab.i18n import tr
from virtlab.ui._controls import SLIDER_STYLE, within
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Question

__all__ = [
    "LOAD_PLATFORMS",
    "bottleneck_question",
    "clients_question",
    "key_value_get",
    "load_dashboard",
    "load_summary",
]

LOAD_PLATFORMS: tuple[str, ...] = ("bare_metal", "container", "hw_assisted", "microvm", "gvisor")
"""The platforms the load dashboard draws, one line each."""

NETWORKS: tuple[str, ...] = ("bridge_nat", "host", "pod")


def key_value_get() -> model.Workload:
    """One GET of an in-memory key-value store over a kept-open connection (Redis's profile)."""
    return model.benchmarks()["redis_get_c120_virtio"]


def load_dashboard(
    workload: model.Workload | None = None, concurrency: int = 1, cores: int = 1
) -> Dashboard:
    """Sliders for the clients in flight and the cores, a menu for the container's network.

    Taught in ``06-choose-a-platform``. The figure is :func:`virtlab.figures.load_figure`;
    the line under it names each platform's bottleneck and throughput at that load.

    Raises:
        ValueError: a start value is outside its slider's range.
    """
    import ipywidgets as widgets

    from virtlab.figures import load_figure

    within("concurrency", concurrency, 1, 256)
    within("cores", cores, 1, 16)
    work = workload if workload is not None else key_value_get()
    controls = {
        "concurrency": widgets.IntSlider(
            value=concurrency,
            min=1,
            max=256,
            description=tr("load.dashboard.clients"),
            **SLIDER_STYLE,
        ),
        "cores": widgets.IntSlider(
            value=cores, min=1, max=16, description=tr("load.dashboard.cores"), **SLIDER_STYLE
        ),
        "network": widgets.Dropdown(
            options=[(tr(f"load.network.{n}"), n) for n in NETWORKS],
            value="bridge_nat",
            description=tr("load.dashboard.network"),
            style=SLIDER_STYLE["style"],
        ),
    }

    def figure(concurrency: int, cores: int, network: str) -> Any:
        options = {"container": {"network": network}}
        return load_figure(work, LOAD_PLATFORMS, concurrency, cores=cores, options=options)

    def summary(concurrency: int, cores: int, network: str) -> str:
        return load_summary(work, concurrency, cores, network)

    return Dashboard(tr("load.dashboard.title"), controls, figure, summary)


def load_summary(workload: model.Workload, concurrency: float, cores: float, network: str) -> str:
    """One line: each platform's throughput relative to bare metal and its bottleneck.

    >>> load_summary(key_value_get(), 120, 1, "host")[:39]
    'Clients in flight: 120. Throughput rela'
    """
    load = model.Load(concurrency=concurrency, cores=cores)
    parts = []
    for pid in LOAD_PLATFORMS:
        options = {"network": network} if pid == "container" else {}
        found = model.performance(pid, workload, load, **options)
        parts.append(
            tr(
                "load.summary.platform",
                platform=pid,
                relative=float(found.relative_throughput),
                resource=tr(f"load.resource.{found.bottleneck}"),
            )
        )
    return tr("load.summary.line", clients=f"{concurrency:g}", platforms=", ".join(parts))


def bottleneck_question(seed: int) -> Question:
    """Which resource caps a platform's throughput when many clients are in flight?

    >>> bottleneck_question(7).answer in bottleneck_question(7).options
    True
    """
    rng = np.random.default_rng([14, seed])
    pid = str(rng.choice(("container", "hw_assisted", "microvm", "gvisor")))
    clients = int(rng.choice((32, 64, 128, 256)))
    work = key_value_get()
    found = model.performance(pid, work, model.Load(concurrency=clients))
    resources = ("cpu", "backend", "device")
    demands = ", ".join(
        tr("load.question.demand", resource=tr(f"load.resource.{r}"), us=float(found.demands_us[r]))
        for r in resources
    )
    return Question(
        title=tr("load.question.bottleneck.title"),
        prompt=tr("load.question.bottleneck.prompt", platform=pid, clients=clients),
        options=tuple(tr(f"load.resource.{r}") for r in resources),
        answer=tr(f"load.resource.{found.bottleneck}"),
        explanation=tr(
            "load.question.bottleneck.explanation",
            demands=demands,
            resource=tr(f"load.resource.{found.bottleneck}"),
            throughput=float(found.throughput_per_s),
        ),
        seed=seed,
    )


def clients_question(seed: int) -> Question:
    """One client or many: when does a VM lose more of bare metal's throughput?

    >>> clients_question(7).answer in clients_question(7).options
    True
    """
    rng = np.random.default_rng([15, seed])
    pid = str(rng.choice(("hw_assisted", "microvm")))
    many = int(rng.choice((64, 128, 256)))
    work = key_value_get()
    one = float(model.performance(pid, work, model.Load(concurrency=1)).relative_throughput)
    lots = float(model.performance(pid, work, model.Load(concurrency=many)).relative_throughput)
    options = (tr("load.question.clients.one"), tr("load.question.clients.many", clients=many))
    return Question(
        title=tr("load.question.clients.title"),
        prompt=tr("load.question.clients.prompt", platform=pid, clients=many),
        options=options,
        answer=options[0] if one < lots else options[1],
        explanation=tr(
            "load.question.clients.explanation",
            platform=pid,
            one=one,
            clients=many,
            many=lots,
        ),
        seed=seed,
    )
