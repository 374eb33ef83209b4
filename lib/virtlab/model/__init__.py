"""The virtualization cost model: what each layer of a platform costs an application.

An operation of a :class:`Workload` costs its user-mode CPU time (times the
platform's CPU factor) plus a toll for every boundary crossing: system call,
page fault, privileged operation (a VM exit or hypercall on a VM), disk I/O and
network round trip. Each toll is the sum of the layers the crossing passes
through, read from ``data/crossing_costs.csv`` with a source per value.
:func:`evaluate` times a workload on a platform; :func:`compare_to_published`
checks the model against published measurements.

Pure numpy: this package never imports plotly or ipywidgets, and imports
pandas only inside the functions that return DataFrames.

>>> from virtlab import model
>>> model.evaluate("container", model.Workload(cpu_us=1000, syscalls=10)).relative_throughput
1.0
"""

from __future__ import annotations

from virtlab.model._benchmarks import benchmark_justification, benchmarks
from virtlab.model._calibration import accuracy_summary, calibration_row_ids, compare_to_published
from virtlab.model._consolidation import Consolidation, consolidate, server_utilization
from virtlab.model._costs import (
    RESOURCES,
    cpu_factor,
    crossing_cost_us,
    layer_costs,
    layer_name,
    toll_by_layer,
)
from virtlab.model._evaluate import COMPONENTS, Evaluation, evaluate
from virtlab.model._footprint import (
    host_reserve_mb,
    instances_per_host,
    memory_overhead_mb,
    startup_seconds,
)
from virtlab.model._load import Load
from virtlab.model._options import Option, options
from virtlab.model._performance import Performance, demands, performance
from virtlab.model._platforms import PLATFORMS, Platform, platform
from virtlab.model._workload import CROSSINGS, WORKLOAD_FIELDS, Workload

__all__ = [
    "COMPONENTS",
    "CROSSINGS",
    "PLATFORMS",
    "RESOURCES",
    "WORKLOAD_FIELDS",
    "Consolidation",
    "Evaluation",
    "Load",
    "Option",
    "Performance",
    "Platform",
    "Workload",
    "accuracy_summary",
    "benchmark_justification",
    "benchmarks",
    "calibration_row_ids",
    "compare_to_published",
    "consolidate",
    "cpu_factor",
    "crossing_cost_us",
    "demands",
    "evaluate",
    "host_reserve_mb",
    "instances_per_host",
    "layer_costs",
    "layer_name",
    "memory_overhead_mb",
    "options",
    "performance",
    "platform",
    "server_utilization",
    "startup_seconds",
    "toll_by_layer",
]
