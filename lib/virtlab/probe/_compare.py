"""Measured crossings next to the cost model's: does the model describe this machine?

The model (``virtlab.model``) prices each boundary crossing per platform from
published measurements. Here we put this machine's numbers beside it: a system
call, a privileged instruction (CPUID: a VM exit under a hypervisor) and a page
fault. The model is imported only when this is called. Taught in notebook
``03-full-vs-paravirtualization``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from virtlab.i18n import tr
from virtlab.probe._bench import BenchResult, benchmarks
from virtlab.probe._recorded import LabResult, recorded_run
from virtlab.probe._serial import from_jsonable
from virtlab.probe._signals import Report
from virtlab.probe._where import where_am_i
from virtlab.probe._words import either

__all__ = [
    "CROSSINGS",
    "ComparisonRow",
    "ModelComparison",
    "ModelUnavailableError",
    "compare_with_model",
    "platform_of",
]

CROSSINGS: dict[str, tuple[str, str]] = {
    "syscall": ("syscall", "syscalls"),
    "privileged_op": ("cpuid", "privileged_ops"),
    "page_fault": ("page_fault", "page_faults"),
}
"""Model crossing → (our measurement, the ``Workload`` field that counts it)."""


class ModelUnavailableError(ImportError):
    """The cost model (``virtlab.model``) cannot be imported or lacks ``evaluate``/``Workload``."""


@dataclass(frozen=True)
class ComparisonRow:
    """One crossing: measured here, the model for this platform, and for bare metal."""

    crossing: str
    measurement: str
    measured_us: float | None
    model_us: float
    bare_metal_model_us: float
    measured_over_model: float | None


@dataclass(frozen=True)
class ModelComparison:
    """This machine's crossings against the model of the platform it runs on."""

    platform_id: str
    rows: tuple[ComparisonRow, ...]
    bench: LabResult[BenchResult]
    note: str


def platform_of(report: Report) -> str:
    """The model's platform id for a where-am-I report.

    >>> from virtlab.probe._signals import Report
    >>> platform_of(Report(None, "docker", (), (), "", "", "", None, "Linux", True, "live", ""))
    'container'
    """
    if report.container is not None:
        return "container"
    if report.hypervisor is None:
        return "bare_metal"
    if report.hypervisor == "qemu-tcg":
        return "emulation"
    if report.product and "Firecracker" in report.product:
        return "microvm"
    return "hw_assisted"


def _model() -> Any:
    try:
        model = importlib.import_module("virtlab.model")
    except ImportError as exc:
        raise ModelUnavailableError(tr("probe.compare.cannot_import", error=exc)) from exc
    missing = [name for name in ("evaluate", "Workload") if not hasattr(model, name)]
    if missing:
        raise ModelUnavailableError(
            tr("probe.compare.incomplete", module="virtlab.model", names=either(missing))
        )
    return model


def _crossing_us(model: Any, platform_id: str, field: str) -> float:
    """Microseconds one crossing adds on a platform: one crossing minus none."""
    one = model.evaluate(platform_id, model.Workload(**{field: 1})).time_us
    none = model.evaluate(platform_id, model.Workload()).time_us
    return float(one - none)


def compare_with_model(
    bench: LabResult[BenchResult] | None = None, *, platform_id: str | None = None
) -> ModelComparison:
    """Put this machine's crossing costs beside the model's for the platform it runs on.

    Args:
        bench: a benchmark result (default: run :func:`benchmarks` now, or the
            recording when live is not possible).
        platform_id: the model platform to compare with (default: from
            :func:`where_am_i`, or the recorded run's report for a recorded bench).

    Returns:
        A :class:`ModelComparison` with one row per crossing.

    Raises:
        ModelUnavailableError: ``virtlab.model`` cannot be imported or lacks
            ``evaluate``/``Workload``.
    """
    model = _model()
    result = bench if bench is not None else benchmarks()
    if platform_id is None:
        if result.is_live:
            report = where_am_i()
        else:
            report = from_jsonable(Report, recorded_run(result.run_id).labs["where"])
        platform_id = platform_of(report)
    rows = []
    for crossing, (name, field) in CROSSINGS.items():
        medians = {m.name: m.median_ns for m in result.data.measurements}
        measured = medians.get(name)
        measured_us = None if measured is None else measured / 1000
        model_us = _crossing_us(model, platform_id, field)
        bare = _crossing_us(model, "bare_metal", field)
        ratio = measured_us / model_us if measured_us is not None and model_us else None
        rows.append(ComparisonRow(crossing, name, measured_us, model_us, bare, ratio))
    note = tr("probe.compare.note", note=result.note, platform=platform_id)
    return ModelComparison(platform_id, tuple(rows), result, note)
