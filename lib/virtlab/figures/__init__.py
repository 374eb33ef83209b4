"""Plotly figure builders: data in, ``go.Figure`` out, no widgets.

Each module draws one part of the course; this package re-exports every
builder. Importing it imports plotly but never ipywidgets.
"""

from __future__ import annotations

from virtlab.figures.costs import (
    breakdown_figure,
    density_figure,
    model_vs_published_figure,
    ranking_figure,
    startup_figure,
)
from virtlab.figures.course import session_plan_figure
from virtlab.figures.probe import (
    bench_figure,
    evidence_figure,
    limits_figure,
    ratio_figure,
    runs_figure,
)
from virtlab.figures.timeline import claims_table_figure, timeline_figure

__all__ = [
    "bench_figure",
    "breakdown_figure",
    "claims_table_figure",
    "density_figure",
    "evidence_figure",
    "limits_figure",
    "model_vs_published_figure",
    "ranking_figure",
    "ratio_figure",
    "runs_figure",
    "session_plan_figure",
    "startup_figure",
    "timeline_figure",
]
