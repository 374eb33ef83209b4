"""Plotly figure builders: data in, ``go.Figure`` out, no widgets.

Each module draws one part of the course; this package re-exports every
builder. Importing it imports plotly but never ipywidgets.
"""

from __future__ import annotations

from virtlab.figures.capstone import decision_figure, workload_figure
from virtlab.figures.consolidation import (
    call_latency_figure,
    consolidation_figure,
    utilization_figure,
)
from virtlab.figures.containers import DENSITY_PLATFORMS, density_startup_figure
from virtlab.figures.costs import (
    breakdown_figure,
    density_figure,
    model_vs_published_figure,
    ranking_figure,
    startup_figure,
)
from virtlab.figures.course import session_plan_figure
from virtlab.figures.load import load_figure
from virtlab.figures.probe import (
    bench_figure,
    limits_figure,
    ratio_figure,
    runs_figure,
)
from virtlab.figures.stacks import stack_figure
from virtlab.figures.timeline import timeline_figure
from virtlab.figures.virtualization import (
    crossing_layers_figure,
    crossings_vs_model_figure,
    privileged_ops_figure,
    published_benchmark_figure,
)

__all__ = [
    "DENSITY_PLATFORMS",
    "bench_figure",
    "breakdown_figure",
    "call_latency_figure",
    "consolidation_figure",
    "crossing_layers_figure",
    "crossings_vs_model_figure",
    "decision_figure",
    "density_figure",
    "density_startup_figure",
    "limits_figure",
    "load_figure",
    "model_vs_published_figure",
    "privileged_ops_figure",
    "published_benchmark_figure",
    "ranking_figure",
    "ratio_figure",
    "runs_figure",
    "session_plan_figure",
    "stack_figure",
    "startup_figure",
    "timeline_figure",
    "utilization_figure",
    "workload_figure",
]
