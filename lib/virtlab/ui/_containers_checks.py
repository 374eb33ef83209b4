"""The self-checks of notebook ``04-containers``, generated from a seed.

Each function draws its case with ``numpy.random.default_rng(seed)``, computes the
answer with :mod:`virtlab.model` (or from what the kernel reports, for the cgroup
check) and returns a :class:`~virtlab.ui.Question`; the same seed always gives the
same question, options and answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from virtlab import model
from virtlab.i18n import tr
from virtlab.probe._namespaces import WHAT_IT_ISOLATES
from virtlab.ui._selfcheck import Question

__all__ = [
    "STARTUP_CANDIDATES",
    "cgroup_view_question",
    "containers_vs_vms_question",
    "gvisor_slowdown_question",
    "namespace_question",
    "startup_rank_question",
]

STARTUP_CANDIDATES: tuple[str, ...] = (
    "bare_metal",
    "type2_hosted",
    "hw_assisted",
    "container",
    "microvm",
    "gvisor",
    "emulation",
)
"""Platforms whose start-up times differ clearly enough to rank."""


def _unique(options: Sequence[str]) -> tuple[str, ...]:
    """The options without repeats, first occurrence kept."""
    return tuple(dict.fromkeys(options))


def _shuffled(rng: np.random.Generator, options: Sequence[str]) -> tuple[str, ...]:
    unique = _unique(options)
    return tuple(unique[int(i)] for i in rng.permutation(len(unique)))


def containers_vs_vms_question(seed: int) -> Question:
    """How many containers and how many hardware-assisted VMs fit on this host?

    Taught in ``04-containers``.

    >>> q = containers_vs_vms_question(7)
    >>> q.answer in q.options, q.seed
    (True, 7)
    """
    rng = np.random.default_rng(seed)
    host_gb = int(rng.choice([16, 32, 64, 128, 256]))
    app_mb = int(rng.choice([128, 256, 512, 1024, 2048]))
    containers = model.instances_per_host("container", host_gb, app_mb)
    vms = model.instances_per_host("hw_assisted", host_gb, app_mb)
    naive = math.floor(host_gb * 1024 / app_mb)

    def fit(containers: int, vms: int) -> str:
        return tr("containers.density_check.option", containers=containers, vms=vms)

    answer = fit(containers, vms)
    options = [answer, fit(vms, containers), fit(naive, naive), fit(containers, containers)]
    explanation = tr(
        "containers.density_check.explanation",
        host_gb=host_gb,
        app_mb=app_mb,
        container_reserve=model.host_reserve_mb("container"),
        container_overhead=model.memory_overhead_mb("container"),
        containers=containers,
        vm_reserve=model.host_reserve_mb("hw_assisted"),
        vm_overhead=model.memory_overhead_mb("hw_assisted"),
        vms=vms,
    )
    return Question(
        title=tr("containers.density_check.title"),
        prompt=tr("containers.density_check.prompt", host_gb=host_gb, app_mb=app_mb),
        options=_shuffled(rng, options),
        answer=answer,
        explanation=explanation,
        seed=seed,
    )


def namespace_question(seed: int) -> Question:
    """Which namespace gives a process its own view of this resource?

    Taught in ``04-containers``.

    >>> namespace_question(7).answer in WHAT_IT_ISOLATES
    True
    """
    rng = np.random.default_rng(seed)
    names = sorted(WHAT_IT_ISOLATES)
    answer = names[int(rng.integers(len(names)))]
    others = [n for n in names if n != answer]
    picked = [others[int(i)] for i in rng.choice(len(others), size=3, replace=False)]
    resource = WHAT_IT_ISOLATES[answer]  # in the current language
    return Question(
        title=tr("containers.namespace_check.title"),
        prompt=tr("containers.namespace_check.prompt", resource=resource),
        options=tuple(sorted([answer, *picked])),
        answer=answer,
        explanation=tr("containers.namespace_check.explanation", name=answer, resource=resource),
        seed=seed,
    )


def startup_rank_question(seed: int) -> Question:
    """Rank three platforms by start-up time, fastest first.

    Taught in ``04-containers``.

    >>> q = startup_rank_question(7)
    >>> len(q.options), q.answer in q.options
    (4, True)
    """
    rng = np.random.default_rng(seed)
    picked = [STARTUP_CANDIDATES[int(i)] for i in rng.choice(7, size=3, replace=False)]
    seconds = {pid: model.startup_seconds(pid) for pid in picked}
    ranked = sorted(picked, key=seconds.__getitem__)
    answer = " < ".join(ranked)
    orders = [
        [ranked[0], ranked[2], ranked[1]],
        [ranked[1], ranked[0], ranked[2]],
        [ranked[1], ranked[2], ranked[0]],
        [ranked[2], ranked[0], ranked[1]],
        [ranked[2], ranked[1], ranked[0]],
    ]
    wrong = [" < ".join(orders[int(i)]) for i in rng.choice(5, size=3, replace=False)]
    shown = ", ".join(f"{pid} {seconds[pid]:.3g} s" for pid in ranked)
    return Question(
        title=tr("containers.startup_check.title"),
        prompt=tr("containers.startup_check.prompt", platforms=", ".join(sorted(picked))),
        options=_shuffled(rng, [answer, *wrong]),
        answer=answer,
        explanation=tr("containers.startup_check.explanation", seconds=shown),
        seed=seed,
    )


def gvisor_slowdown_question(seed: int) -> Question:
    """How many times as long does a syscall-heavy request take in gVisor as in a container?

    Taught in ``04-containers``.

    >>> q = gvisor_slowdown_question(7)
    >>> q.answer in q.options
    True
    """
    rng = np.random.default_rng(seed)
    syscalls = int(rng.choice([200, 500, 1000, 2000, 5000]))
    cpu_us = int(rng.choice([100, 200, 500, 1000, 2000]))
    request = model.Workload(cpu_us=cpu_us, syscalls=syscalls)
    plain = float(model.evaluate("container", request).time_us)
    boxed = float(model.evaluate("gvisor", request).time_us)
    ratio = boxed / plain
    toll = model.crossing_cost_us("gvisor", "syscall") / model.crossing_cost_us(
        "container", "syscall"
    )
    answer = tr("containers.gvisor_check.times", ratio=ratio)
    candidates = [ratio, 1.0, toll, 1.0 + (ratio - 1.0) / 3.0]
    options = _unique([tr("containers.gvisor_check.times", ratio=v) for v in sorted(candidates)])
    return Question(
        title=tr("containers.gvisor_check.title"),
        prompt=tr("containers.gvisor_check.prompt", cpu_us=cpu_us, syscalls=syscalls),
        options=options,
        answer=answer,
        explanation=tr("containers.gvisor_check.explanation", plain=plain, boxed=boxed, toll=toll),
        seed=seed,
    )


def cgroup_view_question(seed: int) -> Question:
    """What do /proc/meminfo and os.cpu_count() report inside a limited container?

    Taught in ``04-containers``: both describe the node, not the cgroup's limits.

    >>> q = cgroup_view_question(7)
    >>> q.answer.startswith("MemTotal")
    True
    """
    rng = np.random.default_rng(seed)
    node_gib = int(rng.choice([32, 64, 128, 256]))
    node_cpus = int(rng.choice([8, 16, 32, 64]))
    limit_mib = int(rng.choice([256, 512, 1024, 2048]))
    quota = float(rng.choice([0.5, 1.0, 2.0, 4.0]))
    seen_memory, seen_cpus = _what_the_process_sees(node_gib, node_cpus)

    def said(memory: str, cpus: int | float) -> str:
        return f"MemTotal {memory}, os.cpu_count() {cpus:g}"

    answer = said(seen_memory, seen_cpus)
    options = [
        answer,
        said(f"{limit_mib} MiB", quota),
        said(f"{limit_mib} MiB", node_cpus),
        said(seen_memory, math.ceil(quota)),
    ]
    if quota == 1:
        cpu_time = tr("containers.cgroup_check.one_cpu", quota=quota)
    else:
        cpu_time = tr("containers.cgroup_check.cpus", quota=quota)
    return Question(
        title=tr("containers.cgroup_check.title"),
        prompt=tr(
            "containers.cgroup_check.prompt",
            limit_mib=limit_mib,
            cpu_time=cpu_time,
            node_gib=node_gib,
            node_cpus=node_cpus,
        ),
        options=_shuffled(rng, options),
        answer=answer,
        explanation=tr("containers.cgroup_check.explanation"),
        seed=seed,
    )


def _what_the_process_sees(node_gib: int, node_cpus: int) -> tuple[str, int]:
    """MemTotal and os.cpu_count() in a container: the node's numbers, whatever the limits."""
    return f"{node_gib} GiB", node_cpus
