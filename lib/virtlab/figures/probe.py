"""Figures of the live labs: crossing costs here, their ratios, the limits.

Each builder takes a lab result (live or recorded) and returns a new plotly
``go.Figure``; the title says whether the data was measured live or recorded, so a
figure never hides where its numbers come from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

import plotly.graph_objects as go

from virtlab.i18n import tr
from virtlab.probe import BenchResult, CgroupLimits, LabResult

__all__ = ["bench_figure", "limits_figure", "ratio_figure", "runs_figure"]

T = TypeVar("T")

_DEFAULT_BENCH = (
    "vdso_clock",
    "syscall",
    "cpuid",
    "page_fault",
    "unshare_user",
    "unshare_user_net",
    "spawn",
)


def _source(result: LabResult[T]) -> str:
    if result.is_live:
        return tr("probe_figures.source.live")
    return tr("probe_figures.source.recorded", run_id=result.run_id)


def bench_figure(
    result: LabResult[BenchResult], names: Sequence[str] = _DEFAULT_BENCH
) -> go.Figure:
    """One bar per crossing, median time on a log axis, with whiskers from min to max.

    Taught in ``03-full-vs-paravirtualization`` and ``04-containers``.

    Args:
        result: a benchmark result from :func:`virtlab.probe.benchmarks`.
        names: the measurements to show, cheapest first.

    Returns:
        A horizontal bar figure in microseconds; failed measurements are left out.

    >>> from virtlab.probe import benchmarks
    >>> fig = bench_figure(benchmarks(environ={"VIRTLAB_LIVE": "0"}))
    >>> fig.layout.xaxis.type
    'log'
    """
    shown = [m for m in result.data.measurements if m.name in names and m.median_ns is not None]
    shown.sort(key=lambda m: names.index(m.name))
    medians = [(m.median_ns or 0) / 1000 for m in shown]
    fig = go.Figure(
        go.Bar(
            x=medians,
            y=[m.label for m in shown],
            orientation="h",
            marker_color="#4C78A8",
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [((m.max_ns or 0) - (m.median_ns or 0)) / 1000 for m in shown],
                "arrayminus": [((m.median_ns or 0) - (m.min_ns or 0)) / 1000 for m in shown],
            },
            hovertemplate=tr("probe_figures.bench.hover", label="%{y}", median="%{x:.3g}")
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=tr("probe_figures.bench.title", source=_source(result)),
        xaxis={"title": tr("probe_figures.bench.axis"), "type": "log"},
        yaxis={"autorange": "reversed"},
        margin={"l": 320},
    )
    return fig


def ratio_figure(result: LabResult[BenchResult]) -> go.Figure:
    """How many of one crossing fit in another: the VM tax and its friends.

    Taught in ``03-full-vs-paravirtualization``.

    >>> from virtlab.probe import benchmarks
    >>> ratio_figure(benchmarks(environ={"VIRTLAB_LIVE": "0"})).data[0].orientation
    'h'
    """
    ratios = [r for r in result.data.ratios if r.value is not None]
    fig = go.Figure(
        go.Bar(
            x=[r.value for r in ratios],
            y=[f"{r.numerator} / {r.denominator}" for r in ratios],
            orientation="h",
            marker_color="#F58518",
            text=[
                tr("probe_figures.ratio.times", value=r.value)
                for r in ratios
                if r.value is not None
            ],
            textposition="outside",
            customdata=[r.meaning for r in ratios],
            hovertemplate=tr(
                "probe_figures.ratio.hover", pair="%{y}", value="%{x:.3g}", meaning="%{customdata}"
            )
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=tr("probe_figures.ratio.title", source=_source(result)),
        xaxis={"title": tr("probe_figures.ratio.axis"), "type": "log"},
        yaxis={"autorange": "reversed"},
        margin={"l": 240},
    )
    return fig


def runs_figure(results: Mapping[str, LabResult[BenchResult]], name: str = "cpuid") -> go.Figure:
    """One measurement across machines or runs (this machine next to recorded ones).

    >>> from virtlab.probe import benchmarks
    >>> recorded = benchmarks(environ={"VIRTLAB_LIVE": "0"})
    >>> len(runs_figure({"recorded": recorded}).data[0].x)
    1
    """
    labels, medians, low, high = [], [], [], []
    for label, result in results.items():
        found = [m for m in result.data.measurements if m.name == name and m.median_ns is not None]
        if found:
            m = found[0]
            labels.append(label)
            medians.append((m.median_ns or 0) / 1000)
            low.append(((m.median_ns or 0) - (m.min_ns or 0)) / 1000)
            high.append(((m.max_ns or 0) - (m.median_ns or 0)) / 1000)
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=medians,
            marker_color="#72B7B2",
            error_y={"type": "data", "symmetric": False, "array": high, "arrayminus": low},
        )
    )
    fig.update_layout(
        title=tr("probe_figures.runs.title", name=name),
        yaxis={"title": tr("probe_figures.runs.axis")},
    )
    return fig


def limits_figure(result: LabResult[CgroupLimits]) -> go.Figure:
    """What the node shows against what the cgroup allows: memory and CPUs side by side.

    Taught in ``04-containers``.

    >>> from virtlab.probe import cgroup_limits
    >>> len(limits_figure(cgroup_limits(environ={"VIRTLAB_LIVE": "0"})).data)
    2
    """
    c = result.data
    node = [(c.node_memory_bytes or 0) / 2**30, float(c.node_cpus or 0)]
    limit = [
        c.memory_limit_bytes / 2**30 if c.memory_limit_bytes is not None else None,
        c.cpu_quota_cores,
    ]
    kinds = [tr("probe_figures.limits.memory"), tr("probe_figures.limits.cpus")]
    no_limit = tr("probe_figures.limits.no_limit")
    fig = go.Figure(
        [
            go.Bar(name=tr("probe_figures.limits.node"), x=kinds, y=node, marker_color="#BAB0AC"),
            go.Bar(
                name=tr("probe_figures.limits.cgroup"),
                x=kinds,
                y=limit,
                marker_color="#E45756",
                text=[no_limit if v is None else "" for v in limit],
            ),
        ]
    )
    fig.update_layout(
        barmode="group",
        title=tr("probe_figures.limits.title", source=_source(result)),
        yaxis={"title": tr("probe_figures.limits.axis"), "type": "log"},
    )
    return fig
