"""Dashboards and self-checks of notebook ``01-bare-metal``.

Two dashboards: the consolidation dashboard (how many servers applications need
with one server each, and packed together in virtual machines) and the latency
dashboard (a request calling a service on the same server or across the
network). Three question generators make self-checks from a seed; every answer
is computed by :mod:`virtlab.model`, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from virtlab import figures, model
from virtlab.figures.consolidation import SYSCALLS_PER_LOCAL_CALL, call_workloads
from virtlab.i18n import tr
from virtlab.ui._controls import SLIDER_STYLE, within
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Question

__all__ = [
    "consolidation_dashboard",
    "consolidation_question",
    "consolidation_summary",
    "latency_dashboard",
    "latency_question",
    "latency_summary",
    "savings_question",
]


def consolidation_dashboard(
    applications: int = 20,
    average_utilization_pct: float = 15.0,
    server_cores: int = 16,
    target_utilization_pct: float = 60.0,
    cost_per_server_per_year: float = 3000.0,
    host_cores: int = 16,
) -> Dashboard:
    """Sliders for applications, utilization, server and host size, target and cost, over the count.

    Taught in ``01-bare-metal``: moving the utilization slider shows the idle
    capacity that one-application-per-server leaves, and what consolidation saves;
    moving the host size shows scale-up (bigger hosts) against scale-out (more hosts).

    Args:
        applications: start value of the applications slider (1-200).
        average_utilization_pct: start value of the average utilization slider (1-100%).
        server_cores: start value of the cores-per-server slider (1-128).
        target_utilization_pct: start value of the target utilization slider (10-100%).
        cost_per_server_per_year: start value of the yearly cost per server (0-50,000).
        host_cores: start value of the cores-per-consolidated-host slider (1-256).

    Returns:
        A :class:`~virtlab.ui.Dashboard` whose figure is
        :func:`virtlab.figures.consolidation_figure` of :func:`virtlab.model.consolidate`.

    Raises:
        ValueError: a start value is outside its slider's range (message names it).
    """
    import ipywidgets as widgets

    within("applications", applications, 1, 200)
    within("average_utilization_pct", average_utilization_pct, 1, 100)
    within("server_cores", server_cores, 1, 128)
    within("target_utilization_pct", target_utilization_pct, 10, 100)
    within("cost_per_server_per_year", cost_per_server_per_year, 0, 50_000)
    within("host_cores", host_cores, 1, 256)
    controls = {
        "applications": widgets.IntSlider(
            value=applications,
            min=1,
            max=200,
            description=tr("bare_metal.consolidation.applications"),
            **SLIDER_STYLE,
        ),
        "average_utilization_pct": widgets.FloatSlider(
            value=average_utilization_pct,
            min=1,
            max=100,
            step=1,
            description=tr("bare_metal.consolidation.average_utilization"),
            **SLIDER_STYLE,
        ),
        "server_cores": widgets.IntSlider(
            value=server_cores,
            min=1,
            max=128,
            description=tr("bare_metal.consolidation.server_cores"),
            **SLIDER_STYLE,
        ),
        "target_utilization_pct": widgets.FloatSlider(
            value=target_utilization_pct,
            min=10,
            max=100,
            step=5,
            description=tr("bare_metal.consolidation.target_utilization"),
            **SLIDER_STYLE,
        ),
        "cost_per_server_per_year": widgets.FloatSlider(
            value=cost_per_server_per_year,
            min=0,
            max=50_000,
            step=500,
            description=tr("bare_metal.consolidation.cost_per_server"),
            **SLIDER_STYLE,
        ),
        "host_cores": widgets.IntSlider(
            value=host_cores,
            min=1,
            max=256,
            description=tr("bare_metal.consolidation.host_cores"),
            **SLIDER_STYLE,
        ),
    }
    return Dashboard(
        tr("bare_metal.consolidation.title"),
        controls,
        _consolidation_figure,
        consolidation_summary,
    )


def consolidation_summary(**values: Any) -> str:
    """One line under the consolidation dashboard: servers, idle share and yearly savings.

    >>> consolidation_summary(applications=20, average_utilization_pct=15, server_cores=16,
    ...                       target_utilization_pct=60, cost_per_server_per_year=3000,
    ...                       host_cores=16)
    '20 servers (85% of cores idle) become 5 hosts (40% idle, with headroom): 45,000 saved a year.'
    """
    plan = model.consolidate(**values)
    dedicated_idle = (
        100.0 * plan.dedicated_idle_cores / (plan.dedicated_servers * plan.server_cores)
    )
    shared_idle = (
        100.0 * plan.consolidated_idle_cores / (plan.consolidated_servers * plan.server_cores)
    )
    return tr(
        "bare_metal.consolidation.summary",
        servers=plan.dedicated_servers,
        idle=dedicated_idle,
        hosts=plan.consolidated_servers,
        shared_idle=shared_idle,
        saved=plan.savings_per_year,
    )


def latency_dashboard(calls_per_request: int = 5, cpu_us: float = 300.0) -> Dashboard:
    """Sliders for calls per request and CPU work, over the time per request near and far.

    Taught in ``01-bare-metal``: the source text's point that bare metal avoids
    network hops between machines, measured with the model's tolls.

    Args:
        calls_per_request: start value of the calls slider (0-50).
        cpu_us: start value of the CPU work slider (0-5,000 µs).

    Returns:
        A :class:`~virtlab.ui.Dashboard` whose figure is
        :func:`virtlab.figures.call_latency_figure`.

    Raises:
        ValueError: a start value is outside its slider's range.
    """
    import ipywidgets as widgets

    within("calls_per_request", calls_per_request, 0, 50)
    within("cpu_us", cpu_us, 0, 5000)
    controls = {
        "calls_per_request": widgets.IntSlider(
            value=calls_per_request,
            min=0,
            max=50,
            description=tr("bare_metal.latency.calls"),
            **SLIDER_STYLE,
        ),
        "cpu_us": widgets.FloatSlider(
            value=cpu_us,
            min=0,
            max=5000,
            step=50,
            description=tr("bare_metal.latency.cpu_work"),
            **SLIDER_STYLE,
        ),
    }
    return Dashboard(
        tr("bare_metal.latency.title"),
        controls,
        figures.call_latency_figure,
        latency_summary,
    )


def latency_summary(calls_per_request: float, cpu_us: float) -> str:
    """One line under the latency dashboard: how much slower the remote request is.

    >>> latency_summary(5, 300)
    'Same server: 309 µs per request; one network hop per call on bare metal: 488 µs (1.6x).'
    """
    local, remote = call_workloads(calls_per_request, cpu_us)
    near = float(model.evaluate("bare_metal", local).time_us)
    far = float(model.evaluate("bare_metal", remote).time_us)
    ratio = " " + tr("bare_metal.latency.ratio", ratio=far / near) if near > 0 else ""
    return tr("bare_metal.latency.summary", near=near, far=far, ratio=ratio)


def consolidation_question(seed: int = 7) -> Question:
    """Self-check: how many consolidated servers do these applications need?

    Taught in ``01-bare-metal``. The numbers are drawn from ``seed``; the answer
    is :func:`virtlab.model.consolidate`'s, the wrong options are the usual slips
    (forgetting the target, keeping one server per application, off by one).

    >>> question = consolidation_question(7)
    >>> question.answer in question.options, question.seed
    (True, 7)
    """
    rng = np.random.default_rng(seed)
    applications = int(rng.integers(8, 61))
    utilization = float(rng.choice([5, 10, 15, 20, 25]))
    cores = int(rng.choice([8, 16, 32, 64]))
    target = float(rng.choice([50, 60, 70, 80]))
    plan = model.consolidate(applications, utilization, cores, target, 0.0)
    answer = plan.consolidated_servers
    slips = {
        applications,  # one server per application: bare metal
        max(1, int(np.ceil(plan.demand_cores / cores - 1e-9))),  # servers filled to 100%
        answer + 1,
        max(1, answer - 1),
        answer + 2,
    }
    options = _numeric_options(answer, slips, rng, unit="servers")
    return Question(
        title=tr("bare_metal.consolidation_check.title"),
        prompt=tr(
            "bare_metal.consolidation_check.prompt",
            applications=applications,
            utilization=utilization,
            cores=cores,
            target=target,
        ),
        options=options,
        answer=_servers(answer),
        explanation=tr(
            "bare_metal.consolidation_check.explanation",
            applications=applications,
            utilization=utilization,
            cores=cores,
            demand=plan.demand_cores,
            target=target,
            usable=target / 100 * cores,
            answer=answer,
        ),
        seed=seed,
    )


def savings_question(seed: int = 7, cost_per_server_per_year: float = 3000.0) -> Question:
    """Self-check: how much does consolidation save per year?

    Taught in ``01-bare-metal``; the cost per server is the notebook's parameter,
    the rest is drawn from ``seed`` and the answer comes from the model.

    >>> question = savings_question(3, 3000.0)
    >>> question.answer in question.options
    True
    """
    within("cost_per_server_per_year", cost_per_server_per_year, 1, 1_000_000)
    rng = np.random.default_rng(seed + 1000)
    applications = int(rng.integers(10, 81))
    utilization = float(rng.choice([8, 10, 12, 15, 18]))
    cores = int(rng.choice([16, 32, 48]))
    target = float(rng.choice([60, 70, 80]))
    cost = cost_per_server_per_year
    plan = model.consolidate(applications, utilization, cores, target, cost)
    answer = plan.savings_per_year
    slips = [
        plan.dedicated_cost_per_year,  # forgot to subtract the consolidated servers
        plan.consolidated_cost_per_year,  # gave the new bill, not the saving
        answer - cost,
        answer + cost,
    ]
    values = sorted({answer, *(s for s in slips if s > 0)} - {answer})
    picked = [answer, *_pick(values, 3, rng)]
    options = tuple(tr("bare_metal.savings_check.per_year", cost=v) for v in sorted(picked))
    return Question(
        title=tr("bare_metal.savings_check.title"),
        prompt=tr(
            "bare_metal.savings_check.prompt",
            applications=applications,
            utilization=utilization,
            cores=cores,
            cost=cost,
            target=target,
        ),
        options=options,
        answer=tr("bare_metal.savings_check.per_year", cost=answer),
        explanation=tr(
            "bare_metal.savings_check.explanation",
            servers=plan.dedicated_servers,
            cost=cost,
            dedicated=plan.dedicated_cost_per_year,
            hosts=plan.consolidated_servers,
            consolidated=plan.consolidated_cost_per_year,
            saved=answer,
        ),
        seed=seed,
    )


def latency_question(seed: int = 7) -> Question:
    """Self-check: how much slower does a request get when its database moves to another server?

    Taught in ``01-bare-metal``; the answer is the model's time on bare metal
    with one network round trip per call minus the same-server time.

    >>> question = latency_question(7)
    >>> question.answer in question.options
    True
    """
    rng = np.random.default_rng(seed + 2000)
    calls = int(rng.integers(2, 21))
    cpu_us = float(rng.choice([100, 200, 300, 500, 1000]))
    local, remote = call_workloads(calls, cpu_us)
    near = float(model.evaluate("bare_metal", local).time_us)
    far = float(model.evaluate("bare_metal", remote).time_us)
    answer = round(far - near)
    round_trip = model.crossing_cost_us("bare_metal", "net_round_trip")
    slips = {
        round(round_trip),  # one round trip for the whole request
        round(calls * round_trip + cpu_us),  # the remote total, not the difference
        round(calls * round_trip * 2),  # counted each direction as a round trip
        round(answer / 2),
    }
    slips.discard(answer)
    picked = [answer, *_pick(sorted(slips), 3, rng)]
    options = tuple(f"{v:,} µs" for v in sorted(picked))
    syscall = model.crossing_cost_us("bare_metal", "syscall")
    return Question(
        title=tr("bare_metal.latency_check.title"),
        prompt=tr("bare_metal.latency_check.prompt", cpu_us=cpu_us, calls=calls),
        options=options,
        answer=f"{answer:,} µs",
        explanation=tr(
            "bare_metal.latency_check.explanation",
            calls=calls,
            syscalls=SYSCALLS_PER_LOCAL_CALL,
            syscall=syscall,
            round_trip=round_trip,
            near=near,
            far=far,
        ),
        seed=seed,
    )


def _consolidation_figure(**values: Any) -> Any:
    return figures.consolidation_figure(model.consolidate(**values))


def _servers(count: int) -> str:
    if count == 1:
        return tr("bare_metal.servers.one", count=count)
    return tr("bare_metal.servers.many", count=count)


def _numeric_options(
    answer: int, slips: set[int], rng: np.random.Generator, *, unit: str
) -> tuple[str, ...]:
    """Four options: the answer and three distinct slips, in increasing order."""
    others = sorted(s for s in slips if s != answer and s >= 1)
    picked = sorted([answer, *_pick(others, 3, rng)])
    return tuple(_servers(n) if unit == "servers" else f"{n} {unit}" for n in picked)


def _pick(values: list[Any], count: int, rng: np.random.Generator) -> list[Any]:
    """Up to ``count`` of ``values``, chosen by ``rng`` (deterministic for a seed)."""
    if len(values) <= count:
        return list(values)
    chosen = rng.choice(len(values), size=count, replace=False)
    return [values[int(i)] for i in sorted(chosen)]
