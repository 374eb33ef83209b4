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
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "breakdown_figure",
    "component_name",
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


def component_name(component: str) -> str:
    """The name a legend shows for one part of an operation's time, in the current language.

    Args:
        component: one of ``model.COMPONENTS``, e.g. ``"syscall"``.

    >>> component_name("syscall"), component_name("net_round_trip")
    ('system call', 'network round trip')
    """
    if component not in model.COMPONENTS:
        raise ValueError(
            tr("costs.component.unknown", value=component, allowed=", ".join(model.COMPONENTS))
        )
    return tr(f"costs.component.{component}")


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
        A figure with one bar trace per part of the time (cpu, each crossing, wait),
        named by :func:`component_name`; each trace's ``meta`` is the part's id.

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
            "title": title or tr("costs.breakdown.title"),
            "xaxis_title": tr("costs.axis.platform"),
            "yaxis_title": tr("costs.breakdown.y_axis"),
            "legend_title": tr("costs.breakdown.legend"),
        },
    )


def breakdown_bars(workload: model.Workload, platforms: Sequence[str]) -> list[dict[str, Any]]:
    """The bar traces of :func:`breakdown_figure`, one per part of the time, as plain data.

    A trace is named by :func:`component_name` in the current language; its
    ``meta`` is the part's id (``"syscall"``), the same in every language.
    """
    _require_scalar(workload)
    results = [model.evaluate(pid, workload) for pid in platforms]
    names = {component: component_name(component) for component in model.COMPONENTS}
    return [
        {
            "type": "bar",
            "name": names[component],
            "meta": component,
            "x": list(platforms),
            "y": [float(r.breakdown[component]) for r in results],
            "marker": {"color": COMPONENT_COLORS[component]},
            "hovertemplate": "%{x}<br>" + names[component] + ": %{y:.3g} µs<extra></extra>",
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
            "title": title or tr("costs.ranking.title"),
            "xaxis_title": tr("costs.ranking.x_axis"),
            "yaxis_title": tr("costs.axis.platform"),
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
        "hovertemplate": tr("costs.ranking.hover", platform="%{y}", score="%{x:.3f}")
        + "<extra></extra>",
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
    sample_names = {
        "in-sample": tr("costs.published.in_sample"),
        "out-of-sample": tr("costs.published.out_of_sample"),
    }
    points = []
    for sample, sample_name in sample_names.items():
        rows = table[table["sample"] == sample]
        hover = [
            tr(
                "costs.published.hover",
                benchmark=r.benchmark,
                platform=r.platform,
                baseline=r.baseline_platform,
                citation=r.citation,
                mark=r.mark,
                setup=r.setup,
                published=r.published,
                predicted=r.predicted,
            )
            for r in rows.itertuples(index=False)
        ]
        points.append(
            {
                "type": "scatter",
                "name": sample_name,
                "meta": sample,
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
        "name": tr("costs.published.agreement"),
        "x": [low, high],
        "y": [low, high],
        "mode": "lines",
        "line": {"color": "gray", "dash": "dash"},
        "hoverinfo": "skip",
    }
    return go.Figure(
        data=[*points, agreement],
        layout={
            "title": {"text": title or tr("costs.published.title")},
            "xaxis": {"title": {"text": tr("costs.published.x_axis")}, "type": "log"},
            "yaxis": {"title": {"text": tr("costs.published.y_axis")}, "type": "log"},
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
            hovertemplate=tr(
                "costs.density.hover",
                platform="%{x}",
                count="%{y}",
                overhead="%{customdata:.3g}",
            )
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=title
        or tr("costs.density.title", host_memory_gb=host_memory_gb, app_memory_mb=app_memory_mb),
        xaxis_title=tr("costs.axis.platform"),
        yaxis_title=tr("costs.density.y_axis"),
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
        title=title or tr("costs.startup.title"),
        xaxis_title=tr("costs.startup.x_axis"),
        yaxis_title=tr("costs.axis.platform"),
        xaxis_type="log",
    )
    return fig


def _seconds_label(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.0f} s"


def _require_scalar(workload: model.Workload) -> None:
    if not isinstance(workload, model.Workload):
        raise TypeError(tr("costs.workload.not_a_workload", kind=type(workload).__name__))
    if not workload.is_scalar:
        raise ValueError(tr("costs.workload.not_scalar"))
