"""Figures of the cost model: where time goes, which platform wins, how the model fares.

Each builder takes data (a workload, a table, a host size) and returns a new
plotly ``go.Figure`` with a title and axis titles with units. Builders are
deterministic: the same input always gives the same figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from virtlab import model

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "breakdown_figure",
    "density_figure",
    "model_vs_published_figure",
    "ranking_figure",
    "startup_figure",
]

COMPONENT_COLORS: dict[str, str] = {
    "cpu": "#4C78A8",
    "syscall": "#F58518",
    "page_fault": "#E45756",
    "privileged_op": "#72B7B2",
    "disk_io": "#54A24B",
    "net_round_trip": "#EECA3B",
    "wait": "#B279A2",
}
"""One fixed color per part of an operation's time, so every figure agrees."""

SAMPLE_COLORS: dict[str, str] = {"in-sample": "#4C78A8", "out-of-sample": "#E45756"}


def breakdown_figure(
    workload: model.Workload,
    platforms: Sequence[str] = model.PLATFORMS,
    *,
    title: str | None = None,
) -> go.Figure:
    """A stacked bar per platform showing where one operation's time goes.

    Taught in ``02-what-a-layer-costs``.

    Args:
        workload: one workload (plain numbers, not arrays).
        platforms: platform ids to show, in order.
        title: the figure title; a default names the parts.

    Returns:
        A figure with one bar trace per part of the time (cpu, each crossing, wait).

    Raises:
        ValueError: the workload holds arrays, or a platform id is unknown.

    >>> fig = breakdown_figure(model.Workload(cpu_us=100, syscalls=50))
    >>> len(fig.data), fig.layout.barmode
    (7, 'stack')
    """
    return go.Figure(
        data=breakdown_bars(workload, platforms),
        layout={
            "barmode": "stack",
            "title": title or "Where one operation's time goes: CPU work plus a toll per crossing",
            "xaxis_title": "platform",
            "yaxis_title": "time per operation (µs)",
            "legend_title": "part of the time",
        },
    )


def breakdown_bars(workload: model.Workload, platforms: Sequence[str]) -> list[dict[str, Any]]:
    """The bar traces of :func:`breakdown_figure`, one per part of the time, as plain data."""
    _require_scalar(workload)
    results = [model.evaluate(pid, workload) for pid in platforms]
    return [
        {
            "type": "bar",
            "name": component,
            "x": list(platforms),
            "y": [float(r.breakdown[component]) for r in results],
            "marker": {"color": COMPONENT_COLORS[component]},
            "hovertemplate": "%{x}<br>" + component + ": %{y:.3g} µs<extra></extra>",
        }
        for component in model.COMPONENTS
    ]


def ranking_figure(
    workload: model.Workload,
    platforms: Sequence[str] = model.PLATFORMS,
    *,
    title: str | None = None,
) -> go.Figure:
    """Platforms ranked by relative throughput for one workload, best at the top.

    Taught in ``06-choose-a-platform``.

    Args:
        workload: one workload (plain numbers, not arrays).
        platforms: platform ids to rank.
        title: the figure title.

    Returns:
        A horizontal bar chart of relative throughput (bare metal = 1).

    Raises:
        ValueError: the workload holds arrays, or a platform id is unknown.

    >>> fig = ranking_figure(model.Workload(cpu_us=100, syscalls=50))
    >>> fig.data[0].y[-1]
    'bare_metal'
    """
    return go.Figure(
        data=[ranking_bar(workload, platforms)],
        layout={
            "title": title or "Relative throughput for this workload (bare metal = 1)",
            "xaxis_title": "relative throughput (bare metal time / platform time, no unit)",
            "yaxis_title": "platform",
            "xaxis_range": [0.0, 1.15],
        },
    )


def ranking_bar(workload: model.Workload, platforms: Sequence[str]) -> dict[str, Any]:
    """The bar trace of :func:`ranking_figure`, best platform at the top, as plain data."""
    _require_scalar(workload)
    scores = {pid: float(model.evaluate(pid, workload).relative_throughput) for pid in platforms}
    order = {pid: i for i, pid in enumerate(platforms)}
    ranked = sorted(scores, key=lambda pid: (scores[pid], -order[pid]))  # ties keep input order
    return {
        "type": "bar",
        "x": [scores[pid] for pid in ranked],
        "y": ranked,
        "orientation": "h",
        "marker": {"color": "#4C78A8"},
        "text": [f"{scores[pid]:.2f}" for pid in ranked],
        "textposition": "outside",
        "hovertemplate": "%{y}: %{x:.3f} of bare metal<extra></extra>",
    }


def model_vs_published_figure(
    table: pd.DataFrame | None = None, *, title: str | None = None
) -> go.Figure:
    """Model predictions against published relative performance, with the line where they agree.

    Taught in ``04-measuring-overhead``.

    Args:
        table: the output of ``virtlab.model.compare_to_published()``; computed
            when omitted.
        title: the figure title.

    Returns:
        A log-log scatter, one trace per sample (in-sample, out-of-sample),
        plus the line y = x; hovering a point shows its citation and setup.

    >>> fig = model_vs_published_figure()
    >>> [trace.name for trace in fig.data]
    ['in-sample', 'out-of-sample', 'model = published']
    """
    if table is None:
        table = model.compare_to_published()
    points = []
    for sample in ("in-sample", "out-of-sample"):
        rows = table[table["sample"] == sample]
        hover = [
            f"{r.benchmark} on {r.platform} (vs {r.baseline_platform})"
            f"<br>{r.citation}, mark {r.mark}"
            f"<br>{r.setup}<br>published {r.published:.3f}, model {r.predicted:.3f}"
            for r in rows.itertuples(index=False)
        ]
        points.append(
            {
                "type": "scatter",
                "name": sample,
                "x": [float(v) for v in rows["published"]],
                "y": [float(v) for v in rows["predicted"]],
                "mode": "markers",
                "marker": {"color": SAMPLE_COLORS[sample], "size": 9, "opacity": 0.8},
                "text": hover,
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    values = [float(v) for v in table["published"]] + [float(v) for v in table["predicted"]]
    low, high = min(values) * 0.8, max(values) * 1.25
    agreement = {
        "type": "scatter",
        "name": "model = published",
        "x": [low, high],
        "y": [low, high],
        "mode": "lines",
        "line": {"color": "gray", "dash": "dash"},
        "hoverinfo": "skip",
    }
    return go.Figure(
        data=[*points, agreement],
        layout={
            "title": {"text": title or "Model vs published relative performance (native = 1)"},
            "xaxis": {
                "title": {"text": "published relative performance (native = 1, log scale)"},
                "type": "log",
            },
            "yaxis": {"title": {"text": "model prediction (native = 1, log scale)"}, "type": "log"},
        },
    )


def density_figure(
    host_memory_gb: float = 64,
    app_memory_mb: float = 256,
    platforms: Sequence[str] = model.PLATFORMS,
    *,
    title: str | None = None,
) -> go.Figure:
    """How many instances of an application fit on one host, platform by platform.

    Taught in ``06-choose-a-platform``.

    Args:
        host_memory_gb: the host's memory (GB).
        app_memory_mb: the application's own memory per instance (MB).
        platforms: platform ids to show.
        title: the figure title; a default states the host and app sizes.

    Returns:
        A bar chart of instances per host.

    Raises:
        ValueError: a size is not a finite number > 0, or a platform is unknown.

    >>> density_figure(64, 256).data[0].y[0] > 0
    True
    """
    counts = [model.instances_per_host(pid, host_memory_gb, app_memory_mb) for pid in platforms]
    overheads = [model.memory_overhead_mb(pid) for pid in platforms]
    fig = go.Figure(
        go.Bar(
            x=list(platforms),
            y=counts,
            marker_color="#54A24B",
            text=[str(n) for n in counts],
            textposition="outside",
            customdata=overheads,
            hovertemplate=(
                "%{x}: %{y} instances<br>overhead %{customdata:.3g} MB each<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        title=title
        or f"Instances per host: {host_memory_gb:g} GB host, {app_memory_mb:g} MB application",
        xaxis_title="platform",
        yaxis_title="instances per host (count)",
    )
    return fig


def startup_figure(
    platforms: Sequence[str] = model.PLATFORMS, *, title: str | None = None
) -> go.Figure:
    """Start-up time of a new instance on each platform, on a log scale.

    Taught in ``04-containers`` and ``06-choose-a-platform``.

    Args:
        platforms: platform ids to show, fastest first in the figure.
        title: the figure title.

    Returns:
        A horizontal bar chart with a logarithmic time axis.

    >>> startup_figure().layout.xaxis.type
    'log'
    """
    seconds = {pid: model.startup_seconds(pid) for pid in platforms}
    ranked = sorted(seconds, key=lambda pid: (-seconds[pid], pid))
    fig = go.Figure(
        go.Bar(
            x=[seconds[pid] for pid in ranked],
            y=ranked,
            orientation="h",
            marker_color="#F58518",
            text=[_seconds_label(seconds[pid]) for pid in ranked],
            textposition="outside",
            hovertemplate="%{y}: %{x:.3g} s<extra></extra>",
        )
    )
    fig.update_layout(
        title=title or "Time to start a new instance (log scale)",
        xaxis_title="start-up time (s, log scale)",
        yaxis_title="platform",
        xaxis_type="log",
    )
    return fig


def _seconds_label(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.0f} s"


def _require_scalar(workload: model.Workload) -> None:
    if not isinstance(workload, model.Workload):
        raise TypeError(f"workload must be a virtlab.model.Workload; got {type(workload).__name__}")
    if not workload.is_scalar:
        raise ValueError(
            "this figure shows one workload: give a Workload of plain numbers, not arrays"
        )
