"""Dashboards, tables and self-checks of notebook ``02-hypervisors``.

Hosted (type 2) and bare-metal (type 1) hypervisors compared with the cost
model: a workload dashboard (where one operation's time goes on each
platform, or how they rank), a density dashboard (instances per host or
start-up time), the source text's claims about hypervisors with their
verdicts, and four question generators whose answers come from the model or
the platform data.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from virtlab import figures, history, model
from virtlab.i18n import tr
from virtlab.ui._controls import SLIDER_STYLE, memory_sliders, within
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Question

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CLAIM_IDS",
    "HYPERVISOR_PLATFORMS",
    "MILESTONE_IDS",
    "hypervisor_claims",
    "hypervisor_density_dashboard",
    "hypervisor_density_question",
    "hypervisor_milestones",
    "hypervisor_ranking_question",
    "hypervisor_type_question",
    "hypervisor_workload_dashboard",
    "hypervisor_workload_summary",
    "largest_toll_question",
]

HYPERVISOR_PLATFORMS: tuple[str, ...] = (
    "bare_metal",
    "type2_hosted",
    "full_virt_bt",
    "paravirt",
    "hw_assisted",
)
"""Bare metal and the four hypervisor platforms of the model, in the notebook's order."""

RANKED_PLATFORMS: tuple[str, ...] = ("bare_metal", "type2_hosted", "full_virt_bt", "hw_assisted")
"""The platforms the ranking self-check asks about: no VM, type 2, and two kinds of type 1."""

CLAIM_IDS: tuple[str, ...] = ("S01", "S02", "S03", "S04", "S05", "S06", "S07")
"""The source text's claims about why virtualization came and about the two hypervisor types."""

MILESTONE_IDS: tuple[str, ...] = (
    "cp-40",
    "cp-67",
    "vm-370",
    "goldberg-thesis",
    "vmware-workstation",
    "vmware-esx-gsx",
    "xen-sosp",
    "ec2-beta",
    "kvm-mainline",
    "hyper-v",
    "aws-nitro-c5",
)
"""History events (``data/history.csv``) that date the hypervisor types."""

VIEWS: tuple[str, ...] = ("where the time goes", "ranking")
"""The workload dashboard's views (the menu's values; its labels are in the current language)."""
MEASURES: tuple[str, ...] = ("instances per host", "start-up time")
"""The density dashboard's measures (the menu's values; its labels are in the current language)."""
TYPE_1 = "type 1 (bare-metal hypervisor)"
TYPE_2 = "type 2 (hosted hypervisor)"
"""The type check's options in English; :func:`hypervisor_type_question` words them in the
current language."""
_WORKLOAD_FIELDS = ("syscalls", "page_faults", "privileged_ops", "disk_ios", "net_round_trips")


def _view_options() -> list[tuple[str, str]]:
    """The workload dashboard's menu: (label in the current language, view)."""
    labels = (tr("hypervisors.view.breakdown"), tr("hypervisors.view.ranking"))
    return list(zip(labels, VIEWS, strict=True))


def _measure_options() -> list[tuple[str, str]]:
    """The density dashboard's menu: (label in the current language, measure)."""
    labels = (tr("hypervisors.measure.instances"), tr("hypervisors.measure.startup"))
    return list(zip(labels, MEASURES, strict=True))


def _hypervisor_types() -> dict[str, str]:
    """Platform id -> its hypervisor type, as the type check's options word it."""
    return {
        "hw_assisted": tr("hypervisors.type.type_1"),
        "type2_hosted": tr("hypervisors.type.type_2"),
    }


def _crossing_name(crossing: str) -> str:
    """A kind of crossing as the self-checks word it, in the plural: 'system calls'."""
    return tr(f"hypervisors.crossing.{crossing}")


def hypervisor_workload_dashboard(
    cpu_us: float = 200.0,
    syscalls: int = 20,
    disk_ios: int = 2,
    net_round_trips: int = 1,
    view: str = VIEWS[0],
) -> Dashboard:
    """Sliders for CPU work and I/O crossings, over each hypervisor platform's time per operation.

    Taught in ``02-hypervisors``: slide from CPU-heavy to I/O-heavy work and
    watch the hosted hypervisor's host-OS I/O path grow.

    Args:
        cpu_us: start value of the CPU slider (0-5,000 µs).
        syscalls: start value of the system call slider (0-200).
        disk_ios: start value of the disk I/O slider (0-50).
        net_round_trips: start value of the network round trip slider (0-50).
        view: ``"where the time goes"`` (breakdown) or ``"ranking"``.

    Returns:
        A :class:`~virtlab.ui.Dashboard` drawing :func:`virtlab.figures.breakdown_figure`
        or :func:`virtlab.figures.ranking_figure` for :data:`HYPERVISOR_PLATFORMS`.

    Raises:
        ValueError: a start value is outside its slider's range, or an unknown view.
    """
    import ipywidgets as widgets

    within("cpu_us", cpu_us, 0, 5000)
    within("syscalls", syscalls, 0, 200)
    within("disk_ios", disk_ios, 0, 50)
    within("net_round_trips", net_round_trips, 0, 50)
    if view not in VIEWS:
        raise ValueError(
            tr("hypervisors.workload.bad_view", allowed=", ".join(map(repr, VIEWS)), value=view)
        )
    style = SLIDER_STYLE
    controls = {
        "cpu_us": widgets.FloatSlider(
            value=cpu_us,
            min=0,
            max=5000,
            step=50,
            description=tr("hypervisors.workload.cpu_us"),
            **style,
        ),
        "syscalls": widgets.IntSlider(
            value=syscalls,
            min=0,
            max=200,
            description=tr("hypervisors.workload.syscalls"),
            **style,
        ),
        "disk_ios": widgets.IntSlider(
            value=disk_ios,
            min=0,
            max=50,
            description=tr("hypervisors.workload.disk_ios"),
            **style,
        ),
        "net_round_trips": widgets.IntSlider(
            value=net_round_trips,
            min=0,
            max=50,
            description=tr("hypervisors.workload.net_round_trips"),
            **style,
        ),
        "view": widgets.Dropdown(
            options=_view_options(), value=view, description=tr("hypervisors.workload.view")
        ),
    }
    return Dashboard(
        tr("hypervisors.workload.title"),
        controls,
        _workload_figure,
        hypervisor_workload_summary,
    )


def hypervisor_workload_summary(
    cpu_us: float, syscalls: float, disk_ios: float, net_round_trips: float, view: str = VIEWS[0]
) -> str:
    """One line under the workload dashboard: each hypervisor's relative throughput.

    >>> hypervisor_workload_summary(200, 20, 2, 1)[:60]
    'Relative throughput (bare metal = 1): type2_hosted 0.79, ful'
    """
    del view  # the summary is the same in both views
    work = model.Workload(
        cpu_us=cpu_us, syscalls=syscalls, disk_ios=disk_ios, net_round_trips=net_round_trips
    )
    scores = ", ".join(
        f"{pid} {float(model.evaluate(pid, work).relative_throughput):.2f}"
        for pid in HYPERVISOR_PLATFORMS[1:]
    )
    return tr("hypervisors.workload.summary", scores=scores)


def hypervisor_density_dashboard(
    host_memory_gb: float = 64.0, app_memory_mb: float = 512.0, measure: str = MEASURES[0]
) -> Dashboard:
    """Sliders for host and application memory, over instances per host (or start-up time).

    Taught in ``02-hypervisors``: every VM carries a guest OS, and a hosted
    hypervisor's host OS keeps memory for itself.

    Args:
        host_memory_gb: start value of the host memory slider (1-1,024 GB).
        app_memory_mb: start value of the application memory slider (16-16,384 MB).
        measure: ``"instances per host"`` or ``"start-up time"``.

    Returns:
        A :class:`~virtlab.ui.Dashboard` drawing :func:`virtlab.figures.density_figure`
        or :func:`virtlab.figures.startup_figure` for :data:`HYPERVISOR_PLATFORMS`.

    Raises:
        ValueError: a start value is outside its slider's range, or an unknown measure.
    """
    import ipywidgets as widgets

    within("host_memory_gb", host_memory_gb, 1, 1024)
    within("app_memory_mb", app_memory_mb, 16, 16_384)
    if measure not in MEASURES:
        raise ValueError(
            tr(
                "hypervisors.density.bad_measure",
                allowed=", ".join(map(repr, MEASURES)),
                value=measure,
            )
        )
    controls = {
        **memory_sliders(host_memory_gb, app_memory_mb),
        "measure": widgets.Dropdown(
            options=_measure_options(),
            value=measure,
            description=tr("hypervisors.density.measure"),
        ),
    }
    return Dashboard(
        tr("hypervisors.density.title"),
        controls,
        _density_figure,
        _density_summary,
    )


def hypervisor_milestones() -> pd.DataFrame:
    """The dated events behind the hypervisor types, oldest first, from ``data/history.csv``.

    Taught in ``02-hypervisors``.

    >>> hypervisor_milestones()["year"].tolist()[:2]
    [1964, 1967]
    """
    events = history.load().set_index("id").loc[list(MILESTONE_IDS)]
    return events.reset_index()[["year", "month", "title_en", "title_ko", "source_url"]]


def hypervisor_claims() -> pd.DataFrame:
    """The source text's claims about hypervisors, each with its verdict and correction.

    Taught in ``02-hypervisors``; read from ``data/seed_claims.csv``.

    >>> hypervisor_claims()["claim_id"].tolist() == list(CLAIM_IDS)
    True
    """
    claims = history.seed_claims()
    return claims[claims["claim_id"].isin(CLAIM_IDS)].reset_index(drop=True)


def hypervisor_ranking_question(seed: int = 7) -> Question:
    """Self-check: rank bare metal, a type 2 and two type 1 platforms for an I/O-heavy workload.

    Taught in ``02-hypervisors``. The workload is drawn from ``seed``; the
    ranking is :func:`virtlab.model.evaluate`'s relative throughput.

    >>> question = hypervisor_ranking_question(7)
    >>> question.answer.startswith("bare_metal > ")
    True
    """
    rng = np.random.default_rng(seed + 3000)
    work = model.Workload(
        cpu_us=float(rng.choice([50, 100, 200, 400])),
        syscalls=int(rng.integers(5, 41)),
        page_faults=int(rng.integers(0, 21)),
        privileged_ops=int(rng.integers(0, 6)),
        disk_ios=int(rng.integers(1, 7)),
        net_round_trips=int(rng.integers(0, 4)),
    )
    scores = {pid: float(model.evaluate(pid, work).relative_throughput) for pid in RANKED_PLATFORMS}
    ranked = tuple(sorted(RANKED_PLATFORMS, key=lambda pid: -scores[pid]))
    others = [p for p in itertools.permutations(RANKED_PLATFORMS) if p != ranked]
    chosen = rng.choice(len(others), size=3, replace=False)
    orders = sorted([ranked, *(others[int(i)] for i in chosen)])
    return Question(
        title=tr("hypervisors.ranking_check.title"),
        prompt=tr(
            "hypervisors.ranking_check.prompt",
            work=_describe(work),
            platforms=", ".join(RANKED_PLATFORMS),
        ),
        options=tuple(" > ".join(order) for order in orders),
        answer=" > ".join(ranked),
        explanation=tr(
            "hypervisors.ranking_check.explanation",
            scores=", ".join(f"{pid} {scores[pid]:.3f}" for pid in ranked),
        ),
        seed=seed,
    )


def largest_toll_question(seed: int = 7, platform_id: str = "type2_hosted") -> Question:
    """Self-check: which kind of crossing adds the most time over bare metal on this platform?

    Taught in ``02-hypervisors``. The answer is the largest difference between
    the platform's :attr:`~virtlab.model.Evaluation.breakdown` and bare metal's;
    the explanation names the layers from :func:`virtlab.model.layer_costs`.

    >>> question = largest_toll_question(7)
    >>> question.answer in question.options
    True
    """
    rng = np.random.default_rng(seed + 4000)
    work = model.Workload(
        cpu_us=float(rng.choice([100, 200, 500])),
        syscalls=int(rng.integers(0, 101)),
        page_faults=int(rng.integers(0, 11)),
        privileged_ops=int(rng.integers(0, 6)),
        disk_ios=int(rng.integers(0, 6)),
        net_round_trips=int(rng.integers(0, 4)),
    )
    on_platform = model.evaluate(platform_id, work).breakdown
    on_bare = model.evaluate("bare_metal", work).breakdown
    added = {c: float(on_platform[c]) - float(on_bare[c]) for c in model.CROSSINGS}
    worst = max(model.CROSSINGS, key=lambda c: added[c])
    extra_layers = [
        f"{model.layer_name(layer)} {cost:g} µs"
        for layer, cost in model.layer_costs(platform_id, worst).items()
        if layer not in model.layer_costs("bare_metal", worst)
        and not layer.startswith(("guest", "kernel"))
    ]
    names = {c: _crossing_name(c) for c in model.CROSSINGS}
    return Question(
        title=tr("hypervisors.toll_check.title"),
        prompt=tr("hypervisors.toll_check.prompt", work=_describe(work), platform=platform_id),
        options=tuple(names[c] for c in model.CROSSINGS),
        answer=names[worst],
        explanation=tr(
            "hypervisors.toll_check.explanation",
            added=", ".join(f"{names[c]} {added[c]:.1f}" for c in model.CROSSINGS),
            crossing=names[worst],
            layers=", ".join(extra_layers) or tr("hypervisors.toll_check.no_extra_layer"),
        ),
        seed=seed,
    )


def hypervisor_type_question(seed: int = 7) -> Question:
    """Self-check: is this product a type 1 or a type 2 hypervisor?

    Taught in ``02-hypervisors``. The product is drawn from the examples of
    ``type2_hosted`` and ``hw_assisted`` in ``data/platforms.csv``; the answer
    is the type of the platform that lists it.

    >>> hypervisor_type_question(7).options
    ('type 1 (bare-metal hypervisor)', 'type 2 (hosted hypervisor)')
    """
    products = [
        (example, pid)
        for pid in ("type2_hosted", "hw_assisted")
        for example in model.platform(pid).example_names()
    ]
    rng = np.random.default_rng(seed + 5000)
    product, pid = products[int(rng.integers(len(products)))]
    types = _hypervisor_types()
    reason = (
        tr("hypervisors.type_check.hosted")
        if pid == "type2_hosted"
        else tr("hypervisors.type_check.bare_metal")
    )
    kvm_note = " " + tr("hypervisors.type_check.kvm_note") if "KVM" in product else ""
    return Question(
        title=tr("hypervisors.type_check.title"),
        prompt=tr("hypervisors.type_check.prompt", product=product),
        options=(types["hw_assisted"], types["type2_hosted"]),
        answer=types[pid],
        explanation=tr(
            "hypervisors.type_check.explanation", product=product, platform=pid, reason=reason
        )
        + kvm_note,
        seed=seed,
    )


def hypervisor_density_question(
    seed: int = 7, host_memory_gb: float = 64.0, app_memory_mb: float = 512.0
) -> Question:
    """Self-check: how many copies of an application fit on a type 1 (KVM) host?

    Taught in ``02-hypervisors``; the host size is the notebook's parameter,
    the application size is the parameter scaled by a factor drawn from
    ``seed``, and the answer is :func:`virtlab.model.instances_per_host`. The
    wrong options are the usual slips: forgetting the host's own reserve,
    forgetting each VM's overhead, or giving the hosted hypervisor's count.

    >>> question = hypervisor_density_question(7, 64.0, 512.0)
    >>> question.answer in question.options
    True
    """
    within("host_memory_gb", host_memory_gb, 1, 1024)
    within("app_memory_mb", app_memory_mb, 16, 16_384)
    rng = np.random.default_rng(seed + 6000)
    app_mb = app_memory_mb * float(rng.choice([0.5, 1.0, 2.0]))
    host_mb = host_memory_gb * 1024
    reserve = model.host_reserve_mb("hw_assisted")
    overhead = model.memory_overhead_mb("hw_assisted")
    answer = model.instances_per_host("hw_assisted", host_memory_gb, app_mb)
    hosted = model.instances_per_host("type2_hosted", host_memory_gb, app_mb)
    slips = {
        math.floor(host_mb / (app_mb + overhead)),  # forgot the host's reserve
        math.floor(max(host_mb - reserve, 0.0) / app_mb),  # forgot each VM's overhead
        hosted,  # the hosted hypervisor's count
        answer + 1,
    }
    slips.discard(answer)
    others = sorted(slips)
    chosen = rng.choice(len(others), size=min(3, len(others)), replace=False)
    picked = sorted([answer, *(others[int(i)] for i in chosen)])
    return Question(
        title=tr("hypervisors.density_check.title"),
        prompt=tr(
            "hypervisors.density_check.prompt",
            host_memory_gb=float(host_memory_gb),
            app_mb=app_mb,
        ),
        options=tuple(str(n) for n in picked),
        answer=str(answer),
        explanation=tr(
            "hypervisors.density_check.explanation",
            host_memory_gb=float(host_memory_gb),
            reserve=reserve,
            app_mb=app_mb,
            overhead=overhead,
            answer=answer,
            hosted=hosted,
            hosted_reserve=model.host_reserve_mb("type2_hosted"),
            hosted_overhead=model.memory_overhead_mb("type2_hosted"),
        ),
        seed=seed,
    )


def _workload_figure(
    cpu_us: float, syscalls: float, disk_ios: float, net_round_trips: float, view: str
) -> Any:
    work = model.Workload(
        cpu_us=cpu_us, syscalls=syscalls, disk_ios=disk_ios, net_round_trips=net_round_trips
    )
    if view == "ranking":
        return figures.ranking_figure(work, HYPERVISOR_PLATFORMS)
    return figures.breakdown_figure(work, HYPERVISOR_PLATFORMS)


def _density_figure(host_memory_gb: float, app_memory_mb: float, measure: str) -> Any:
    if measure == "start-up time":
        return figures.startup_figure(HYPERVISOR_PLATFORMS)
    return figures.density_figure(host_memory_gb, app_memory_mb, HYPERVISOR_PLATFORMS)


def _density_summary(host_memory_gb: float, app_memory_mb: float, measure: str) -> str:
    del measure  # the summary gives both measures
    counts = ", ".join(
        tr(
            "hypervisors.density.summary_item",
            platform=pid,
            count=model.instances_per_host(pid, host_memory_gb, app_memory_mb),
            seconds=model.startup_seconds(pid),
        )
        for pid in HYPERVISOR_PLATFORMS
    )
    return tr("hypervisors.density.summary", counts=counts)


def _describe(work: model.Workload) -> str:
    """A workload in words: '200 µs of CPU work, 20 system calls, 2 disk I/Os'."""
    parts = [tr("hypervisors.describe.cpu_us", cpu_us=float(work.cpu_us))]
    for name in _WORKLOAD_FIELDS:
        count = float(getattr(work, name))
        if count:
            parts.append(tr(f"hypervisors.describe.{name}", count=count))
    return ", ".join(parts)
