"""Live labs on the machine the notebook runs on: where am I, namespaces, cgroups, timings.

Each lab runs its risky part (machine code, ``unshare``, ``fork``) in a child
process with a timeout, never in the notebook's kernel, and returns a frozen
result that says whether it was measured ``live`` or taken from a ``recorded``
reference run, and why. ``VIRTLAB_LIVE=0`` forces recorded results (CI does this).

- :func:`where_am_i` (notebook ``00-start-here``): hypervisor and container
  layers, every signal with its meaning and strength, conflicts, a verdict.
- :func:`namespaces`, :func:`namespace_demo` (``04-containers``): our namespaces
  against the initial ones; PID 1 and a new hostname in a child, or the reason
  this machine refuses (:func:`classify_refusal`).
- :func:`cgroup_limits` (``04-containers``): the real memory, CPU and task limits.
- :func:`benchmarks`, :func:`compare_with_model`
  (``03-full-vs-paravirtualization``): crossing costs here, next to the model.

Errors::

    ValueError                  a bad argument (unknown method, repeats out of range)
    ImportError
      ModelUnavailableError     compare_with_model() without a usable virtlab.model

A machine that refuses a lab never raises: the lab returns the recorded result
with a :class:`Refusal`.

Every sentence a lab returns (verdicts, meanings, notes, reasons, error messages)
is in the current language of :mod:`virtlab.i18n`; a lab's child process gets it
too, and a recorded run keeps its Korean beside its English. Ids (``kvm``,
``docker``, ``seccomp``) and what the machine answered stay as they are.

This package imports only the standard library and :mod:`virtlab.i18n`: no plotly,
ipywidgets or pandas.
"""

from __future__ import annotations

from virtlab.probe._bench import BENCHMARKS, BenchResult, Measurement, Ratio, benchmarks, summarize
from virtlab.probe._cgroups import CgroupLimits, cgroup_limits, read_cgroup_limits
from virtlab.probe._child import ChildOutcome, run_child
from virtlab.probe._compare import (
    ComparisonRow,
    ModelComparison,
    ModelUnavailableError,
    compare_with_model,
    platform_of,
)
from virtlab.probe._namespaces import (
    DemoOutcome,
    NamespaceRow,
    NamespaceTable,
    namespace_demo,
    namespaces,
    read_namespaces,
)
from virtlab.probe._recorded import LabResult, RecordedRun, recorded_run, recorded_runs
from virtlab.probe._refusals import REFUSAL_KINDS, Refusal, classify_refusal
from virtlab.probe._signals import CpuidReading, Report, Signal
from virtlab.probe._simulate import SIMULATIONS
from virtlab.probe._text import format_bench, format_cgroups, format_namespaces, main_bench
from virtlab.probe._where import format_report, main_where, read_cpuid, where_am_i

__all__ = [
    "BENCHMARKS",
    "REFUSAL_KINDS",
    "SIMULATIONS",
    "BenchResult",
    "CgroupLimits",
    "ChildOutcome",
    "ComparisonRow",
    "CpuidReading",
    "DemoOutcome",
    "LabResult",
    "Measurement",
    "ModelComparison",
    "ModelUnavailableError",
    "NamespaceRow",
    "NamespaceTable",
    "Ratio",
    "RecordedRun",
    "Refusal",
    "Report",
    "Signal",
    "benchmarks",
    "cgroup_limits",
    "classify_refusal",
    "compare_with_model",
    "format_bench",
    "format_cgroups",
    "format_namespaces",
    "format_report",
    "main_bench",
    "main_where",
    "namespace_demo",
    "namespaces",
    "platform_of",
    "read_cgroup_limits",
    "read_cpuid",
    "read_namespaces",
    "recorded_run",
    "recorded_runs",
    "run_child",
    "summarize",
    "where_am_i",
]
