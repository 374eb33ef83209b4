"""The self-checks of notebook ``03-full-vs-paravirtualization``, generated from a seed.

Each function draws its case with ``numpy.random.default_rng(seed)``, computes the
answer with :mod:`virtlab.model` and returns a :class:`~virtlab.ui.Question`; the
same seed always gives the same question, options and answer. A drawn case whose
answer would be a near tie is drawn again, so every answer is clear-cut.
"""

from __future__ import annotations

import itertools

import numpy as np

from virtlab import model
from virtlab.i18n import tr
from virtlab.ui._selfcheck import Question

__all__ = [
    "HYPERVISORS",
    "VM_TAX_BINS",
    "emulation_question",
    "rank_hypervisors_question",
    "vm_tax_question",
    "where_time_goes_question",
]

HYPERVISORS: tuple[str, ...] = ("full_virt_bt", "paravirt", "hw_assisted")
"""The three ways to virtualize a CPU that notebook 03 compares."""

MAX_DRAWS = 1000
"""How many cases a generator may draw before giving up on a clear-cut answer."""


def _seeded_workload(rng: np.random.Generator) -> model.Workload:
    """A request drawn from round numbers, so a student can redo the sum."""
    return model.Workload(
        cpu_us=float(rng.choice([50, 200, 1000])),
        syscalls=float(rng.choice([5, 20, 100])),
        page_faults=float(rng.choice([0, 2, 10, 40])),
        privileged_ops=float(rng.choice([1, 5, 20, 100, 300])),
        disk_ios=float(rng.choice([0, 1, 4, 10])),
    )


def _describe(w: model.Workload) -> str:
    """The request in words: 'CPU work 200 µs, system calls 20, page faults 2, ...'."""
    return tr(
        "virtualization.request.describe",
        cpu_us=float(w.cpu_us),
        syscalls=float(w.syscalls),
        page_faults=float(w.page_faults),
        privileged_ops=float(w.privileged_ops),
        disk_ios=float(w.disk_ios),
    )


def _tolls(crossing: str) -> str:
    """'full_virt_bt 17.38 µs, paravirt 1.25 µs, ...': one crossing's toll on each hypervisor."""
    return ", ".join(f"{p} {model.crossing_cost_us(p, crossing):.2f} µs" for p in HYPERVISORS)


def rank_hypervisors_question(seed: int = 7) -> Question:
    """Check: rank full_virt_bt, paravirt and hw_assisted by time per request for a seeded request.

    Taught in ``03-full-vs-paravirtualization``. The answer is the model's
    ordering; a request whose two closest platforms differ by under 1% is redrawn.

    >>> rank_hypervisors_question(7).answer == rank_hypervisors_question(7).answer
    True
    """
    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        workload = _seeded_workload(rng)
        times = {p: float(model.evaluate(p, workload).time_us) for p in HYPERVISORS}
        ordered = sorted(times.values())
        if all(b > a * 1.01 for a, b in itertools.pairwise(ordered)):
            break
    else:  # pragma: no cover - the draws make ties rare
        raise RuntimeError(tr("virtualization.checks.near_ties", seed=seed, draws=MAX_DRAWS))
    options = tuple(" < ".join(order) for order in itertools.permutations(HYPERVISORS))
    answer = " < ".join(sorted(times, key=times.__getitem__))
    detail = ", ".join(f"{p} {times[p]:,.1f} µs" for p in sorted(times, key=times.__getitem__))
    return Question(
        title=tr("virtualization.rank_check.title"),
        prompt=tr("virtualization.rank_check.prompt", request=_describe(workload)),
        options=options,
        answer=answer,
        explanation=tr(
            "virtualization.rank_check.explanation",
            detail=detail,
            privileged=_tolls("privileged_op"),
            disk=_tolls("disk_io"),
        ),
        seed=seed,
    )


def emulation_question(seed: int = 7) -> Question:
    """Check: which of four products translates every guest instruction (emulation)?

    Taught in ``03-full-vs-paravirtualization``. The answer is the example of
    the platform with the largest CPU factor in the model.

    >>> emulation_question(3).answer in emulation_question(3).options
    True
    """
    rng = np.random.default_rng(seed)
    candidates = ("emulation", *HYPERVISORS)
    examples = {p: str(rng.choice(model.platform(p).example_names())) for p in candidates}
    order = [str(p) for p in rng.permutation(candidates)]
    slowest = max(candidates, key=model.cpu_factor)
    cpu_bound = model.Workload(cpu_us=1000)
    times = {p: float(model.evaluate(p, cpu_bound).time_us) for p in candidates}
    factors = " / ".join(f"{model.cpu_factor(p):g}" for p in HYPERVISORS)
    return Question(
        title=tr("virtualization.emulation_check.title"),
        prompt=tr("virtualization.emulation_check.prompt"),
        options=tuple(examples[p] for p in order),
        answer=examples[slowest],
        explanation=tr(
            "virtualization.emulation_check.explanation",
            product=examples[slowest],
            platform=slowest,
            factor=model.cpu_factor(slowest),
            factors=factors,
            time=times[slowest],
            full_virt_time=times["full_virt_bt"],
        ),
        seed=seed,
    )


def where_time_goes_question(seed: int = 7) -> Question:
    """Check: for a seeded request on a seeded platform, which part of the time is largest?

    Taught in ``03-full-vs-paravirtualization``. A request whose two largest
    parts are within 10% of each other is redrawn.

    >>> q = where_time_goes_question(1)
    >>> q.answer in q.options
    True
    """
    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        pid = str(rng.choice(("emulation", *HYPERVISORS)))
        workload = _seeded_workload(rng)
        parts = {k: float(v) for k, v in model.evaluate(pid, workload).breakdown.items() if v > 0}
        largest, second = sorted(parts.values(), reverse=True)[:2]
        if largest > second * 1.1:
            break
    else:  # pragma: no cover - the draws make ties rare
        raise RuntimeError(tr("virtualization.checks.near_ties", seed=seed, draws=MAX_DRAWS))
    answer = max(parts, key=parts.__getitem__)
    total = sum(parts.values())
    shares = ", ".join(
        f"{k} {v / total:.0%}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])
    )
    return Question(
        title=tr("virtualization.where_check.title"),
        prompt=tr("virtualization.where_check.prompt", platform=pid, request=_describe(workload)),
        options=tuple(parts),
        answer=answer,
        explanation=tr(
            "virtualization.where_check.explanation", platform=pid, total=total, shares=shares
        ),
        seed=seed,
    )


VM_TAX_BINS: tuple[tuple[str, float, float], ...] = (
    ("less than 1", 0.0, 1.0),
    ("1 to 5", 1.0, 5.0),
    ("5 to 50", 5.0, 50.0),
    ("more than 50", 50.0, float("inf")),
)
"""Answer ranges of :func:`vm_tax_question`: one privileged operation in system calls.

The labels are the English options; :func:`vm_tax_question` shows them in the
current language (:func:`vm_tax_labels`)."""


def vm_tax_labels() -> tuple[str, ...]:
    """The options of :func:`vm_tax_question` in the current language, in the order of the bins.

    >>> vm_tax_labels() == tuple(label for label, _, _ in VM_TAX_BINS)
    True
    """
    return (
        tr("virtualization.vm_tax.less_than_1"),
        tr("virtualization.vm_tax.1_to_5"),
        tr("virtualization.vm_tax.5_to_50"),
        tr("virtualization.vm_tax.more_than_50"),
    )


def vm_tax_question(seed: int = 7) -> Question:
    """Check: on a seeded platform, one privileged operation costs how many system calls?

    Taught in ``03-full-vs-paravirtualization``, next to the live CPUID-vs-syscall lab.

    >>> vm_tax_question(7).options[0]
    'less than 1'
    """
    rng = np.random.default_rng(seed)
    pid = str(rng.choice(("emulation", *HYPERVISORS)))
    privileged = model.crossing_cost_us(pid, "privileged_op")
    syscall = model.crossing_cost_us(pid, "syscall")
    ratio = privileged / syscall
    labels = vm_tax_labels()
    answer = next(
        label
        for label, (_, low, high) in zip(labels, VM_TAX_BINS, strict=True)
        if low <= ratio < high
    )
    return Question(
        title=tr("virtualization.vm_tax.title"),
        prompt=tr("virtualization.vm_tax.prompt", platform=pid),
        options=labels,
        answer=answer,
        explanation=tr(
            "virtualization.vm_tax.explanation",
            platform=pid,
            privileged=privileged,
            layers=", ".join(map(model.layer_name, model.layer_costs(pid, "privileged_op"))),
            syscall=syscall,
            ratio=ratio,
        ),
        seed=seed,
    )
