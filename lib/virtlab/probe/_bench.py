"""Micro-benchmarks of boundary crossings on this machine, and how they compare with the model.

What does one crossing cost here? A system call enters the kernel; a vDSO clock
read does not; CPUID leaves a virtual machine for the hypervisor (a VM exit); a
process spawn and a namespace cost far more. Each number is a median over
repeats with its spread, measured in a child process. Ratios are the lesson:
absolute times drift by up to 2x between runs on a shared VM, ratios do not.
Taught in notebooks ``03-full-vs-paravirtualization`` and ``04-containers``.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from virtlab.i18n import tr
from virtlab.probe._cgroups import read_cgroup_limits
from virtlab.probe._child import python_argv, run_child
from virtlab.probe._recorded import LabResult, recorded_result, this_machine, why_not_live
from virtlab.probe._refusals import REFUSAL_KINDS, Refusal, bad_answer, child_failed
from virtlab.probe._words import TextTable

__all__ = ["BENCHMARKS", "BenchResult", "Measurement", "Ratio", "benchmarks", "summarize"]

_CODE_LABELS: dict[str, str] = {
    "getppid": "os.getppid()",
    "clock_read": "time.perf_counter_ns()",
    "unshare_user": "unshare(CLONE_NEWUSER)",
    "unshare_user_net": "unshare(CLONE_NEWUSER | CLONE_NEWNET)",
}


def _label(name: str) -> str:
    """A measurement's label: the code it times, or words around the code."""
    if name in _CODE_LABELS:
        return _CODE_LABELS[name]
    if name == "builtin_call":
        return tr("probe.bench.label.builtin_call", call="sys.getrecursionlimit")
    if name == "syscall":
        return tr("probe.bench.label.syscall", getppid="getppid")
    if name == "spawn":
        return tr("probe.bench.label.spawn", command="posix_spawn /bin/true + wait")
    return tr(f"probe.bench.label.{name}")


BENCHMARKS: Mapping[str, tuple[str, str]] = TextTable(
    (
        "builtin_call",
        "getppid",
        "syscall",
        "clock_read",
        "vdso_clock",
        "cpuid",
        "nop_loop",
        "spawn",
        "unshare_user",
        "unshare_user_net",
        "page_fault",
    ),
    lambda name: (_label(name), tr(f"probe.bench.shows.{name}")),
)
"""Every measurement: name → (label, what it shows), in the current language."""

_DERIVED = {"syscall": ("getppid", "builtin_call"), "vdso_clock": ("clock_read", "builtin_call")}
_RATIOS = (
    ("vm_tax", "cpuid", "syscall"),
    ("syscall_vs_vdso", "syscall", "vdso_clock"),
    ("getppid_vs_builtin", "getppid", "builtin_call"),
    ("spawn_vs_unshare", "spawn", "unshare_user"),
    ("net_namespace", "unshare_user_net", "unshare_user"),
)
"""Every ratio: name, numerator, denominator; its meaning is ``probe.bench.ratio.<name>``."""
_ALLOC_MIB = 32
_MIN_TASKS = 100
_MIN_CHILD_MIB = 64


@dataclass(frozen=True)
class Measurement:
    """One benchmark: the median nanoseconds per operation over repeats, with its spread."""

    name: str
    label: str
    shows: str
    median_ns: float | None
    min_ns: float | None
    max_ns: float | None
    q1_ns: float | None
    q3_ns: float | None
    repeats: int
    error: str | None = None


@dataclass(frozen=True)
class Ratio:
    """How many of one crossing fit in another: ``numerator`` median / ``denominator`` median."""

    name: str
    numerator: str
    denominator: str
    value: float | None
    meaning: str


@dataclass(frozen=True)
class BenchResult:
    """Every measurement and ratio of a benchmark run, with what was skipped and why."""

    measurements: tuple[Measurement, ...]
    ratios: tuple[Ratio, ...]
    notes: tuple[str, ...]
    seconds: float

    def measurement(self, name: str) -> Measurement:
        """The measurement called ``name``.

        Raises:
            KeyError: no such measurement; the message lists the names there are.
        """
        for m in self.measurements:
            if m.name == name:
                return m
        raise KeyError(
            tr(
                "probe.bench.no_measurement",
                name=name,
                names=", ".join(m.name for m in self.measurements),
            )
        )

    def ratio(self, name: str) -> float | None:
        """The value of ratio ``name`` (``"vm_tax"``...), None when a side is missing."""
        return next((r.value for r in self.ratios if r.name == name), None)


def _spread(name: str, values: Sequence[float], error: str | None = None) -> Measurement:
    label, shows = BENCHMARKS[name]
    if not values:
        return Measurement(
            name,
            label,
            shows,
            None,
            None,
            None,
            None,
            None,
            0,
            error or tr("probe.bench.not_measured"),
        )
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return Measurement(
        name, label, shows, statistics.median(values), min(values), max(values), q1, q3, len(values)
    )


def summarize(
    samples: Mapping[str, Sequence[float]],
    errors: Mapping[str, str] | None = None,
    seconds: float = 0.0,
) -> BenchResult:
    """Medians, spreads and ratios from raw per-repeat samples (nanoseconds per operation).

    Derived crossings subtract the builtin-call baseline repeat by repeat:
    ``syscall = getppid − builtin_call``, ``vdso_clock = clock_read − builtin_call``.

    >>> raw = {"builtin_call": [30, 31, 29], "getppid": [160, 165, 158]}
    >>> result = summarize({**raw, "cpuid": [1250, 1300, 1200]})
    >>> result.measurement("syscall").median_ns
    130
    >>> round(result.ratio("vm_tax"), 1)
    9.6
    """
    errors = dict(errors or {})
    values = {k: list(v) for k, v in samples.items()}
    for name, (minuend, baseline) in _DERIVED.items():
        if minuend in values and baseline in values:
            values[name] = [a - b for a, b in zip(values[minuend], values[baseline], strict=False)]
    measurements = tuple(
        _spread(name, values.get(name, ()), errors.get(name) or errors.get(_item_of(name)))
        for name in BENCHMARKS
        if name in values or errors.get(name) or errors.get(_item_of(name))
    )
    medians = {m.name: m.median_ns for m in measurements}
    ratios = []
    for name, top, bottom in _RATIOS:
        a, b = medians.get(top), medians.get(bottom)
        value = a / b if a is not None and b else None
        ratios.append(Ratio(name, top, bottom, value, tr(f"probe.bench.ratio.{name}")))
    notes = tuple(
        tr("probe.bench.skipped", items=k.removeprefix("skipped "), why=v)
        for k, v in errors.items()
        if k.startswith("skipped")
    )
    return BenchResult(measurements, tuple(ratios), notes, seconds)


def _in_words(result: BenchResult) -> BenchResult:
    """Labels, what each measurement shows and what each ratio means, in the current language.

    Notes and errors are the run's own words and stay as recorded (a run file may
    carry their translation beside them).
    """
    measurements = tuple(
        dataclasses.replace(m, label=BENCHMARKS[m.name][0], shows=BENCHMARKS[m.name][1])
        if m.name in BENCHMARKS
        else m
        for m in result.measurements
    )
    known = {name for name, _, _ in _RATIOS}
    ratios = tuple(
        dataclasses.replace(r, meaning=tr(f"probe.bench.ratio.{r.name}")) if r.name in known else r
        for r in result.ratios
    )
    return dataclasses.replace(result, measurements=measurements, ratios=ratios)


def _item_of(name: str) -> str:
    """The child's item that produces a measurement (its errors are reported per item)."""
    return {
        "builtin_call": "calls",
        "getppid": "calls",
        "clock_read": "calls",
        "syscall": "calls",
        "vdso_clock": "calls",
        "nop_loop": "cpuid",
    }.get(name, name)


def benchmarks(
    *,
    repeats: int = 7,
    environ: Mapping[str, str] | None = None,
    system: str | None = None,
    timeout_s: float = 60.0,
    run_id: str | None = None,
) -> LabResult[BenchResult]:
    """Time a system call, a vDSO clock read, CPUID, a process spawn and namespace creation.

    Runs in one child process (its own process group, killed after ``timeout_s``).
    The page-fault item allocates 32 MiB and runs only when the cgroup leaves 4x
    that much headroom; spawn and unshare run only when ``pids.max`` leaves 100 tasks.

    Args:
        repeats: repeats per benchmark, 3 to 15 (each a loop of many operations).
        environ: environment to consult for ``VIRTLAB_LIVE``.
        system: ``platform.system()`` to assume.
        timeout_s: seconds before the child's process group is killed.
        run_id: which recorded run to show when live is not possible.

    Returns:
        A :class:`LabResult` holding a :class:`BenchResult`.

    Raises:
        ValueError: ``repeats`` outside 3..15.

    >>> benchmarks(environ={"VIRTLAB_LIVE": "0"}).data.ratio("vm_tax") > 3
    True
    """
    if not 3 <= repeats <= 15:
        raise ValueError(tr("probe.bench.repeats_out_of_range", repeats=repeats))
    refusal = why_not_live(environ, system)
    if refusal is not None:
        return recorded_result("bench", BenchResult, refusal, run_id, words=_in_words)
    limits = read_cgroup_limits("/")
    headroom = limits.memory_headroom_bytes
    args, skipped = ["--repeats", str(repeats)], {}
    if headroom is not None and headroom < _MIN_CHILD_MIB * 2**20:
        detail = tr("probe.bench.low_memory", headroom=headroom / 2**20)
        return recorded_result(
            "bench",
            BenchResult,
            Refusal("low_memory", REFUSAL_KINDS["low_memory"], None, detail),
            run_id,
            words=_in_words,
        )
    if headroom is None or headroom >= 4 * _ALLOC_MIB * 2**20:
        args += ["--alloc-mib", str(_ALLOC_MIB)]
    else:
        skipped["skipped page_fault"] = tr(
            "probe.bench.headroom_too_small", headroom=headroom / 2**20, alloc=_ALLOC_MIB
        )
    if limits.pids_max is not None and limits.pids_max - (limits.pids_current or 0) < _MIN_TASKS:
        args.append("--no-fork")
        skipped["skipped spawn, unshare"] = tr("probe.bench.too_few_tasks", tasks=_MIN_TASKS)
    outcome = run_child(python_argv("virtlab.probe._child_bench", *args), timeout_s=timeout_s)
    if not outcome.is_ok:
        refused = child_failed(outcome.timed_out, outcome.why_failed())
        return recorded_result("bench", BenchResult, refused, run_id, words=_in_words)
    try:
        answer = outcome.json()
        result = summarize(
            answer["samples"], {**answer["errors"], **skipped}, round(outcome.seconds, 2)
        )
    except (ValueError, KeyError, TypeError) as exc:
        return recorded_result("bench", BenchResult, bad_answer(exc), run_id, words=_in_words)
    reason = tr("probe.bench.measured_in_child", repeats=repeats)
    return LabResult("bench", result, "live", reason, this_machine())
