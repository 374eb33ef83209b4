"""Figures of bare metal's economics: idle servers, consolidation, and the cost of a network hop.

Each builder takes model results or plain numbers and returns a new plotly
``go.Figure`` with a title and axis titles with units; the same input always
gives the same figure. Taught in ``01-bare-metal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from virtlab import model
from virtlab.figures._panels import side_by_side
from virtlab.figures.costs import COMPONENT_COLORS, component_name
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SYSCALLS_PER_LOCAL_CALL",
    "call_latency_figure",
    "call_workloads",
    "consolidation_figure",
    "utilization_figure",
]

BUSY_COLOR = "#4C78A8"
IDLE_COLOR = "#BAB0AC"
COST_COLOR = "#F58518"
MARK_COLORS: dict[str, str] = {"P": "#54A24B", "S": "#4C78A8", "R": "#BAB0AC"}
"""Verification marks: primary text seen, seen secondhand, recalled."""

SYSCALLS_PER_LOCAL_CALL = 4.0
"""A call to a process on the same server over a local socket: send and receive on each side.

A modelling choice, not a measurement: it leaves out the scheduler's wake-up of
the other process, so the local call is a lower bound.
"""


def consolidation_figure(plan: model.Consolidation, *, title: str | None = None) -> go.Figure:
    """Busy and idle cores, and yearly cost, of one server per application vs consolidated.

    Taught in ``01-bare-metal``.

    Args:
        plan: the result of :func:`virtlab.model.consolidate`.
        title: the figure title; a default states the server counts.

    Returns:
        Two panels: stacked busy/idle cores per plan (left) and yearly cost (right),
        three traces in all (busy, idle, cost).

    >>> plan = model.consolidate(20, 15, 16, 60, 3000)
    >>> [trace.name for trace in consolidation_figure(plan).data]
    ['busy cores', 'idle cores', 'cost per year']
    """
    plans = [
        tr("bare_metal.consolidation.dedicated_label", servers=plan.dedicated_servers),
        tr(
            "bare_metal.consolidation.consolidated_label",
            cores=plan.host_cores,
            target=plan.target_utilization_pct,
            hosts=plan.consolidated_servers,
        ),
    ]
    busy = [plan.demand_cores, plan.demand_cores]
    idle = [plan.dedicated_idle_cores, plan.consolidated_idle_cores]
    costs = [plan.dedicated_cost_per_year, plan.consolidated_cost_per_year]
    cores = [
        {
            "type": "bar",
            "name": tr("bare_metal.consolidation.busy"),
            "x": plans,
            "y": busy,
            "marker": {"color": BUSY_COLOR},
            "hovertemplate": tr("bare_metal.consolidation.busy_hover", cores="%{y:.1f}")
            + "<extra></extra>",
        },
        {
            "type": "bar",
            "name": tr("bare_metal.consolidation.idle"),
            "x": plans,
            "y": idle,
            "marker": {"color": IDLE_COLOR},
            "text": [_share(i, b + i) for b, i in zip(busy, idle, strict=True)],
            "textposition": "inside",
            "hovertemplate": tr("bare_metal.consolidation.idle_hover", cores="%{y:.1f}")
            + "<extra></extra>",
        },
    ]
    cost = {
        "type": "bar",
        "name": tr("bare_metal.consolidation.cost"),
        "x": plans,
        "y": costs,
        "marker": {"color": COST_COLOR},
        "text": [f"{c:,.0f}" for c in costs],
        "textposition": "outside",
        "hovertemplate": tr("bare_metal.consolidation.cost_hover", cost="%{y:,.0f}")
        + "<extra></extra>",
    }
    return side_by_side(
        cores,
        [cost],
        titles=(
            tr("bare_metal.consolidation.cores_panel"),
            tr("bare_metal.consolidation.cost_panel"),
        ),
        left_axes={"yaxis": {"title": {"text": tr("bare_metal.consolidation.cores_axis")}}},
        right_axes={
            "yaxis": {
                "title": {"text": tr("bare_metal.consolidation.cost_axis")},
                "range": [0.0, max(max(costs), 1.0) * 1.2],
            }
        },
        layout={
            "barmode": "stack",
            "title": {
                "text": title
                or tr(
                    "bare_metal.consolidation.figure_title",
                    applications=plan.applications,
                    utilization=plan.average_utilization_pct,
                    servers=plan.dedicated_servers,
                    hosts=plan.consolidated_servers,
                )
            },
            "legend": {"title": {"text": tr("bare_metal.consolidation.legend")}},
        },
    )


def utilization_figure(table: pd.DataFrame | None = None, *, title: str | None = None) -> go.Figure:
    """Published ranges of server utilization, one bar per source, colored by how it was verified.

    Taught in ``01-bare-metal``.

    Args:
        table: the output of :func:`virtlab.model.server_utilization`; read when omitted.
        title: the figure title.

    Returns:
        A horizontal range chart (percent of capacity), one trace per verification mark;
        hovering a bar shows its ``metric`` (in the current language) and citation.

    >>> fig = utilization_figure()
    >>> fig.layout.xaxis.range
    (0.0, 100.0)
    """
    if table is None:
        table = model.server_utilization()
    fig = go.Figure()
    for mark, rows in table.groupby("mark", sort=True):
        fig.add_trace(
            go.Bar(
                name=tr("bare_metal.utilization.mark", mark=mark),
                y=[str(r) for r in rows["id"]],
                x=[float(h - lo) for lo, h in zip(rows["low_pct"], rows["high_pct"], strict=True)],
                base=[float(v) for v in rows["low_pct"]],
                orientation="h",
                marker_color=MARK_COLORS.get(str(mark), "#999999"),
                text=[
                    f"{lo:g}–{h:g}%"
                    for lo, h in zip(rows["low_pct"], rows["high_pct"], strict=True)
                ],
                textposition="outside",
                customdata=[
                    [str(m), str(c)] for m, c in zip(rows["metric"], rows["citation"], strict=True)
                ],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(
        title=title or tr("bare_metal.utilization.title"),
        xaxis_title=tr("bare_metal.utilization.x_axis"),
        yaxis_title=tr("bare_metal.utilization.y_axis"),
        xaxis_range=[0.0, 100.0],
        legend_title=tr("bare_metal.utilization.legend"),
    )
    return fig


def call_workloads(
    calls_per_request: float, cpu_us: float
) -> tuple[model.Workload, model.Workload]:
    """One request that calls another service: on the same server, and across the network.

    The same-server version pays :data:`SYSCALLS_PER_LOCAL_CALL` system calls per
    call; the remote version pays one network round trip per call.

    >>> local, remote = call_workloads(3, 100)
    >>> local.syscalls, remote.net_round_trips
    (12.0, 3.0)
    """
    local = model.Workload(cpu_us=cpu_us, syscalls=calls_per_request * SYSCALLS_PER_LOCAL_CALL)
    remote = model.Workload(cpu_us=cpu_us, net_round_trips=calls_per_request)
    return local, remote


def call_latency_figure(
    calls_per_request: float,
    cpu_us: float,
    remote_platforms: Sequence[str] = ("bare_metal", "hw_assisted"),
    *,
    title: str | None = None,
) -> go.Figure:
    """Time per request when the service it calls is on the same server or across the network.

    Taught in ``01-bare-metal``.

    Args:
        calls_per_request: calls to the other service per request (>= 0).
        cpu_us: the request's own CPU work in microseconds (>= 0).
        remote_platforms: platforms to show the network version on.
        title: the figure title.

    Returns:
        Stacked bars (cpu, syscall, net_round_trip, named by
        :func:`~virtlab.figures.costs.component_name` in the current language):
        the same-server request on bare metal first, then the remote request on
        each platform.

    >>> fig = call_latency_figure(5, 300)
    >>> list(fig.data[0].x)
    ['same server', 'network hop, bare_metal', 'network hop, hw_assisted']
    """
    local, remote = call_workloads(calls_per_request, cpu_us)
    cases = [(tr("bare_metal.latency.same_server"), model.evaluate("bare_metal", local))]
    cases += [
        (tr("bare_metal.latency.network_hop", id=pid), model.evaluate(pid, remote))
        for pid in remote_platforms
    ]
    labels = [label for label, _ in cases]
    fig = go.Figure()
    for component in ("cpu", "syscall", "net_round_trip"):
        name = component_name(component)
        fig.add_trace(
            go.Bar(
                name=name,
                x=labels,
                y=[float(result.breakdown[component]) for _, result in cases],
                marker_color=COMPONENT_COLORS[component],
                hovertemplate="%{x}<br>" + name + ": %{y:.3g} µs<extra></extra>",
            )
        )
    totals = [float(result.time_us) for _, result in cases]
    fig.add_trace(
        go.Scatter(
            name="total",
            x=labels,
            y=totals,
            mode="text",
            text=[f"{t:,.0f} µs" for t in totals],
            textposition="top center",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.update_layout(
        barmode="stack",
        title=title or tr("bare_metal.latency.figure_title", calls=calls_per_request),
        xaxis_title=tr("bare_metal.latency.x_axis"),
        yaxis_title=tr("bare_metal.latency.y_axis"),
        yaxis_range=[0.0, max(totals) * 1.2 if max(totals) > 0 else 1.0],
        legend_title=tr("bare_metal.latency.legend"),
    )
    return fig


def _share(part: float, whole: float) -> str:
    return (
        tr("bare_metal.consolidation.idle_share", share=100.0 * part / whole) if whole > 0 else ""
    )
