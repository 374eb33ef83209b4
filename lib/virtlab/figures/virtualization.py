"""Figures of full, para- and hardware-assisted virtualization: what a crossing passes through.

Each builder takes model data (a crossing, a workload, the published-results
table) or a live-lab result and returns a new plotly ``go.Figure`` with a title
and axis titles with units. Builders are deterministic: the same input always
gives the same figure.

Taught in notebook ``03-full-vs-paravirtualization``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from virtlab import model
from virtlab.figures._panels import side_by_side
from virtlab.figures.costs import breakdown_bars, ranking_bar
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

    from virtlab.probe import ModelComparison

__all__ = [
    "VIRTUALIZATION_PLATFORMS",
    "crossing_layers_figure",
    "crossings_vs_model_figure",
    "privileged_ops_figure",
    "published_benchmark_figure",
]

VIRTUALIZATION_PLATFORMS: tuple[str, ...] = (
    "bare_metal",
    "full_virt_bt",
    "paravirt",
    "hw_assisted",
    "emulation",
)
"""The platforms notebook 03 compares: the three ways to virtualize a CPU, with two references."""

LAYER_COLORS: tuple[str, ...] = ("#4C78A8", "#F58518", "#E45756", "#72B7B2", "#54A24B")
"""Colors of the first, second, third... layer a crossing passes through."""

PUBLISHED_COLOR = "#BAB0AC"
MODEL_COLOR = "#4C78A8"


def crossing_layers_figure(
    crossing: str = "privileged_op",
    platforms: Sequence[str] = VIRTUALIZATION_PLATFORMS,
    *,
    title: str | None = None,
) -> go.Figure:
    """One bar per platform, cut into the layers one crossing passes through.

    Taught in ``03-full-vs-paravirtualization``.

    Args:
        crossing: one of ``model.CROSSINGS``, e.g. ``"privileged_op"``.
        platforms: platform ids to show, top to bottom.
        title: the figure title; a default names the crossing.

    Returns:
        A horizontal stacked bar chart in microseconds; each segment is a layer
        from ``model.layer_costs``, and each platform's label carries its total.

    Raises:
        ValueError: unknown crossing or platform.

    >>> fig = crossing_layers_figure("privileged_op", ["bare_metal", "paravirt"])
    >>> [trace.name for trace in fig.data]
    ['kernel', 'guest kernel', 'hypercall']
    """
    labels = {pid: f"{pid} ({model.crossing_cost_us(pid, crossing):.2f} µs)" for pid in platforms}
    segments = [
        {
            "type": "bar",
            "name": layer,
            "x": [cost_us],
            "y": [labels[pid]],
            "orientation": "h",
            "marker": {"color": LAYER_COLORS[position % len(LAYER_COLORS)]},
            "text": [model.layer_name(layer)],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "showlegend": False,
            "hovertemplate": f"{pid}<br>{model.layer_name(layer)}: %{{x:.3g}} µs<extra></extra>",
        }
        for pid in platforms
        for position, (layer, cost_us) in enumerate(model.layer_costs(pid, crossing).items())
    ]
    return go.Figure(
        data=segments,
        layout={
            "barmode": "stack",
            "title": {"text": title or tr("virtualization.layers.title", crossing=crossing)},
            "xaxis": {"title": {"text": tr("virtualization.layers.x_axis", crossing=crossing)}},
            "yaxis": {
                "title": {"text": tr("virtualization.layers.y_axis")},
                "autorange": "reversed",
            },
            "uniformtext": {"minsize": 9, "mode": "hide"},
        },
    )


def privileged_ops_figure(
    workload: model.Workload,
    platforms: Sequence[str] = VIRTUALIZATION_PLATFORMS,
    *,
    title: str | None = None,
) -> go.Figure:
    """Where one operation's time goes (left) and which platform runs it fastest (right).

    Taught in ``03-full-vs-paravirtualization``.

    Args:
        workload: one workload (plain numbers, not arrays).
        platforms: platform ids to compare.
        title: the figure title; a default states the privileged operations.

    Returns:
        Two panels: the stacked breakdown of ``breakdown_figure`` and the
        relative-throughput bars of ``ranking_figure``, for the same workload.

    Raises:
        ValueError: the workload holds arrays, or a platform id is unknown.

    >>> fig = privileged_ops_figure(model.Workload(cpu_us=100, privileged_ops=20))
    >>> len(fig.data), fig.data[-1].orientation
    (8, 'h')
    """
    return side_by_side(
        breakdown_bars(workload, platforms),
        [{**ranking_bar(workload, platforms), "showlegend": False}],
        titles=(
            tr("virtualization.privileged.breakdown_panel"),
            tr("virtualization.privileged.ranking_panel"),
        ),
        widths=(0.58, 0.42),
        spacing=0.16,
        left_axes={
            "xaxis": {"title": {"text": tr("costs.axis.platform")}},
            "yaxis": {"title": {"text": tr("costs.breakdown.y_axis")}},
        },
        right_axes={
            "xaxis": {
                "title": {"text": tr("virtualization.privileged.ranking_axis")},
                "range": [0, 1.2],
            }
        },
        layout={
            "barmode": "stack",
            "title": {
                "text": title
                or tr("virtualization.privileged.title", count=float(workload.privileged_ops))
            },
            "legend": {"title": {"text": tr("costs.breakdown.legend")}},
        },
    )


def published_benchmark_figure(
    table: pd.DataFrame, benchmark: str, *, title: str | None = None
) -> go.Figure:
    """Published and predicted relative performance of one benchmark, side by side per result.

    Taught in ``03-full-vs-paravirtualization``.

    Args:
        table: rows of ``virtlab.model.compare_to_published()``.
        benchmark: a value of its ``benchmark`` column, e.g. ``"osdb_oltp"``.
        title: the figure title; a default names the benchmark.

    Returns:
        Grouped bars: for every published row of the benchmark, the published
        value and the model's prediction (native = 1); hovering shows the setup
        (as ``data/published_results.csv`` words it, in English).

    Raises:
        ValueError: no row of ``table`` is about ``benchmark``; the message
            lists the benchmarks there are.

    >>> fig = published_benchmark_figure(model.compare_to_published(), "osdb_oltp")
    >>> [trace.name for trace in fig.data]
    ['published', 'model']
    """
    rows = table[table["benchmark"] == benchmark]
    if rows.empty:
        known = ", ".join(sorted(str(b) for b in table["benchmark"].unique()))
        raise ValueError(
            tr("virtualization.published.unknown_benchmark", benchmark=benchmark, known=known)
        )
    labels = [
        tr("virtualization.published.label", platform=r.platform, citation=r.citation, mark=r.mark)
        for r in rows.itertuples(index=False)
    ]
    setups = [str(s) for s in rows["setup"]]
    fig = go.Figure()
    for name, column, color in (
        (tr("virtualization.published.published"), "published", PUBLISHED_COLOR),
        (tr("virtualization.published.model"), "predicted", MODEL_COLOR),
    ):
        values = [float(v) for v in rows[column]]
        fig.add_trace(
            go.Bar(
                name=name,
                x=labels,
                y=values,
                marker_color=color,
                text=[f"{v:.2f}" for v in values],
                textposition="outside",
                customdata=setups,
                hovertemplate="%{customdata}<br>" + name + ": %{y:.3f}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        title=title or tr("virtualization.published.title", benchmark=benchmark),
        xaxis_title=tr("virtualization.published.x_axis"),
        yaxis_title=tr("virtualization.published.y_axis"),
        yaxis_range=[0, 1.2],
    )
    return fig


def crossings_vs_model_figure(comparison: ModelComparison) -> go.Figure:
    """This machine's crossing costs beside the model's, for its own platform and for bare metal.

    Taught in ``03-full-vs-paravirtualization``.

    Args:
        comparison: the result of ``virtlab.probe.compare_with_model()``.

    Returns:
        Grouped bars per crossing on a log axis: measured here, the model for
        the platform this machine is, and the model for bare metal. The title
        says whether the measurement is live or recorded.

    >>> from virtlab import probe
    >>> bench = probe.benchmarks(environ={"VIRTLAB_LIVE": "0"})
    >>> fig = crossings_vs_model_figure(probe.compare_with_model(bench))
    >>> [trace.name for trace in fig.data][0]
    'measured here'
    """
    rows = comparison.rows
    crossings = [r.crossing for r in rows]
    series = (
        (tr("virtualization.here.measured"), [r.measured_us for r in rows], "#F58518"),
        (
            tr("virtualization.here.model", platform=comparison.platform_id),
            [r.model_us for r in rows],
            MODEL_COLOR,
        ),
        (
            tr("virtualization.here.model", platform="bare_metal"),
            [r.bare_metal_model_us for r in rows],
            PUBLISHED_COLOR,
        ),
    )
    missing = tr("virtualization.here.missing")
    fig = go.Figure()
    for name, values, color in series:
        fig.add_trace(
            go.Bar(
                name=name,
                x=crossings,
                y=values,
                marker_color=color,
                text=[missing if v is None else f"{v:.2g}" for v in values],
                textposition="outside",
                hovertemplate="%{x}<br>" + name + ": %{y:.3g} µs<extra></extra>",
            )
        )
    source = (
        tr("virtualization.here.live")
        if comparison.bench.is_live
        else tr("virtualization.here.recorded")
    )
    fig.update_layout(
        barmode="group",
        title=tr("virtualization.here.title", source=source, platform=comparison.platform_id),
        xaxis_title=tr("virtualization.here.x_axis"),
        yaxis={"title": tr("virtualization.here.y_axis"), "type": "log"},
    )
    return fig
