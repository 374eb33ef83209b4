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
MEASURES: tuple[str, ...] = ("instances per host", "start-up time")
TYPE_1 = "type 1 (bare-metal hypervisor)"
TYPE_2 = "type 2 (hosted hypervisor)"
_TYPE_OF_PLATFORM = {"type2_hosted": TYPE_2, "hw_assisted": TYPE_1}
_CROSSING_NAMES = {
    "syscall": "system calls",
    "page_fault": "page faults",
    "privileged_op": "privileged operations",
    "disk_io": "disk I/Os",
    "net_round_trip": "network round trips",
}


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
        raise ValueError(f"view must be one of {', '.join(map(repr, VIEWS))}; got {view!r}")
    style = SLIDER_STYLE
    controls = {
        "cpu_us": widgets.FloatSlider(
            value=cpu_us, min=0, max=5000, step=50, description="CPU work (µs)", **style
        ),
        "syscalls": widgets.IntSlider(
            value=syscalls, min=0, max=200, description="system calls", **style
        ),
        "disk_ios": widgets.IntSlider(
            value=disk_ios, min=0, max=50, description="disk I/Os", **style
        ),
        "net_round_trips": widgets.IntSlider(
            value=net_round_trips, min=0, max=50, description="network round trips", **style
        ),
        "view": widgets.Dropdown(options=VIEWS, value=view, description="view"),
    }
    return Dashboard(
        "One operation on bare metal and under each hypervisor",
        controls,
        _workload_figure,
        hypervisor_workload_summary,
    )


def hypervisor_workload_summary(
    cpu_us: float, syscalls: float, disk_ios: float, net_round_trips: float, view: str = VIEWS[0]
) -> str:
    """One line under the workload dashboard: each hypervisor's relative throughput.

    >>> hypervisor_workload_summary(200, 20, 2, 1)[:60]
    'Relative throughput (bare metal = 1): type2_hosted 0.75, ful'
    """
    del view  # the summary is the same in both views
    work = model.Workload(
        cpu_us=cpu_us, syscalls=syscalls, disk_ios=disk_ios, net_round_trips=net_round_trips
    )
    scores = ", ".join(
        f"{pid} {float(model.evaluate(pid, work).relative_throughput):.2f}"
        for pid in HYPERVISOR_PLATFORMS[1:]
    )
    return f"Relative throughput (bare metal = 1): {scores}."


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
            f"measure must be one of {', '.join(map(repr, MEASURES))}; got {measure!r}"
        )
    controls = {
        **memory_sliders(host_memory_gb, app_memory_mb),
        "measure": widgets.Dropdown(options=MEASURES, value=measure, description="measure"),
    }
    return Dashboard(
        "How many instances fit on one host, and how fast a new one starts",
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
        title="Check: rank the platforms",
        prompt=(
            f"One operation does {_describe(work)}. Rank {', '.join(RANKED_PLATFORMS)} "
            "from fastest to slowest."
        ),
        options=tuple(" > ".join(order) for order in orders),
        answer=" > ".join(ranked),
        explanation="Relative throughput (bare metal = 1): "
        + ", ".join(f"{pid} {scores[pid]:.3f}" for pid in ranked)
        + ". Page faults and privileged operations are dear under binary translation "
        "(shadow page tables); disk and network I/O are dear where a request must "
        "leave the VM for a host process (type2_hosted's host OS, hw_assisted's QEMU back-end).",
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
        f"{layer} {cost:g} µs"
        for layer, cost in model.layer_costs(platform_id, worst).items()
        if layer not in model.layer_costs("bare_metal", worst)
        and not layer.startswith(("guest", "kernel"))
    ]
    return Question(
        title="Check: which crossing costs most",
        prompt=(
            f"One operation does {_describe(work)}. On {platform_id}, which kind of crossing "
            "adds the most time compared with bare metal?"
        ),
        options=tuple(_CROSSING_NAMES[c] for c in model.CROSSINGS),
        answer=_CROSSING_NAMES[worst],
        explanation=(
            "Added µs per operation: "
            + ", ".join(f"{_CROSSING_NAMES[c]} {added[c]:.1f}" for c in model.CROSSINGS)
            + f". Each of the {_CROSSING_NAMES[worst]} passes through "
            + (", ".join(extra_layers) or "no extra layer")
            + " on top of what bare metal pays."
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
        (example, _TYPE_OF_PLATFORM[pid])
        for pid in ("type2_hosted", "hw_assisted")
        for example in model.platform(pid).examples
    ]
    rng = np.random.default_rng(seed + 5000)
    product, answer = products[int(rng.integers(len(products)))]
    kvm_note = (
        " KVM is the borderline case: the Linux kernel itself becomes the hypervisor, so it "
        "is usually called type 1, yet the host stays a general-purpose OS and QEMU runs as "
        "an ordinary process on it."
        if "KVM" in product
        else ""
    )
    return Question(
        title="Check: type 1 or type 2",
        prompt=f"What kind of hypervisor is {product}?",
        options=(TYPE_1, TYPE_2),
        answer=answer,
        explanation=(
            f"data/platforms.csv lists {product} as an example of "
            f"{'type2_hosted' if answer == TYPE_2 else 'hw_assisted'}: "
            + (
                "it runs as an application (plus a driver) on a host OS."
                if answer == TYPE_2
                else "it runs directly on the hardware, with no host OS beneath it."
            )
            + kvm_note
        ),
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
        title="Check: instances per host",
        prompt=(
            f"A {host_memory_gb:g} GB host runs copies of an application that needs "
            f"{app_mb:g} MB, each in its own VM on hw_assisted (type 1, KVM). "
            "How many copies fit, in the model?"
        ),
        options=tuple(str(n) for n in picked),
        answer=str(answer),
        explanation=(
            f"floor(({host_memory_gb:g} × 1024 − {reserve:g} MB host reserve) / "
            f"({app_mb:g} + {overhead:g} MB per VM)) = {answer}. For comparison "
            f"type2_hosted fits {hosted}: its desktop host OS keeps "
            f"{model.host_reserve_mb('type2_hosted'):g} MB, but its assumed per-VM "
            f"overhead ({model.memory_overhead_mb('type2_hosted'):g} MB) is below QEMU's "
            "measured one, so memory density is not where type 1 wins."
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
        f"{pid} {model.instances_per_host(pid, host_memory_gb, app_memory_mb)}"
        f" ({model.startup_seconds(pid):.3g} s to start)"
        for pid in HYPERVISOR_PLATFORMS
    )
    return f"Instances per host: {counts}."


def _describe(work: model.Workload) -> str:
    """A workload in words: '200 µs of CPU work, 20 system calls, 2 disk I/Os'."""
    parts = [f"{work.cpu_us:g} µs of CPU work"]
    fields = ("syscalls", "page_faults", "privileged_ops", "disk_ios", "net_round_trips")
    for name, crossing in zip(fields, model.CROSSINGS, strict=True):
        count = float(getattr(work, name))
        if count:
            parts.append(f"{count:g} {_CROSSING_NAMES[crossing]}")
    return ", ".join(parts)
