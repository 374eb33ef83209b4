"""Figures of a platform under load: throughput and latency as the clients grow.

Taught in ``06-choose-a-platform``. Two panels side by side, one line per
platform: throughput (operations per second) on the left, with each platform's
bottleneck bound dotted, and latency (µs) on the right, both against the number
of clients in flight; a marker shows the chosen concurrency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from virtlab import model
from virtlab.figures._panels import side_by_side
from virtlab.i18n import tr

__all__ = ["CLIENTS", "load_curves", "load_figure"]

CLIENTS = np.unique(np.round(np.geomspace(1, 256, 33)))
"""The numbers of clients the curves are drawn at: 1 to 256, evenly on a log scale."""

PALETTE = ("#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2")


def load_curves(
    workload: model.Workload,
    platforms: Sequence[str],
    *,
    cores: float = 1,
    options: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, model.Performance]:
    """Each platform's performance at every number of clients of :data:`CLIENTS`, in one call each.

    ``options`` gives a platform's configuration by platform id
    (``{"container": {"network": "host"}}``).

    >>> curves = load_curves(model.Workload(cpu_us=10, net_round_trips=1), ["bare_metal"])
    >>> curves["bare_metal"].throughput_per_s.shape == CLIENTS.shape
    True
    """
    options = options or {}
    load = model.Load(concurrency=CLIENTS, cores=cores)
    return {p: model.performance(p, workload, load, **options.get(p, {})) for p in platforms}


def load_figure(
    workload: model.Workload,
    platforms: Sequence[str],
    concurrency: float,
    *,
    cores: float = 1,
    options: Mapping[str, Mapping[str, str]] | None = None,
) -> go.Figure:
    """Throughput and latency of ``workload`` on each platform, from 1 to 256 clients.

    Args:
        workload: one operation (plain numbers).
        platforms: platform ids, one line each.
        concurrency: the clients in flight to mark (1-256).
        cores: cores the serving work may use.
        options: platform id -> its configuration, e.g. ``{"container": {"network": "host"}}``.

    >>> fig = load_figure(model.Workload(cpu_us=10, net_round_trips=1), ["bare_metal"], 8)
    >>> [t.type for t in fig.data]
    ['scatter', 'scatter', 'scatter', 'scatter', 'scatter']
    """
    curves = load_curves(workload, platforms, cores=cores, options=options)
    here = {
        p: model.performance(
            p, workload, model.Load(concurrency, cores), **(options or {}).get(p, {})
        )
        for p in platforms
    }
    left, right = [], []
    for index, (pid, perf) in enumerate(curves.items()):
        color = PALETTE[index % len(PALETTE)]
        shown = {"legendgroup": pid, "line": {"color": color}}
        left.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": pid,
                "x": CLIENTS.tolist(),
                "y": np.asarray(perf.throughput_per_s).round(1).tolist(),
                "hovertemplate": tr("load.figure.hover_throughput", platform=pid)
                + "<extra></extra>",
                **shown,
            }
        )
        left.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": tr("load.figure.bound", platform=pid),
                "x": CLIENTS.tolist(),
                "y": np.broadcast_to(perf.throughput_bound_per_s, CLIENTS.shape).round(1).tolist(),
                "showlegend": False,
                "hoverinfo": "skip",
                **{**shown, "line": {"color": color, "dash": "dot", "width": 1}},
            }
        )
        right.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": pid,
                "x": CLIENTS.tolist(),
                "y": np.asarray(perf.latency_us).round(2).tolist(),
                "showlegend": False,
                "hovertemplate": tr("load.figure.hover_latency", platform=pid) + "<extra></extra>",
                **shown,
            }
        )
    left.append(_marks(here, concurrency, "throughput_per_s"))
    right.append(_marks(here, concurrency, "latency_us"))
    return side_by_side(
        left,
        right,
        titles=(tr("load.figure.throughput_panel"), tr("load.figure.latency_panel")),
        layout={
            "title": {"text": tr("load.figure.title", clients=f"{concurrency:g}")},
            "legend": {"title": {"text": tr("load.figure.legend")}},
            "height": 430,
            "margin": {"t": 90},
        },
        left_axes={
            "xaxis": {"type": "log", "title": {"text": tr("load.figure.clients_axis")}},
            "yaxis": {"title": {"text": tr("load.figure.throughput_axis")}, "rangemode": "tozero"},
        },
        right_axes={
            "xaxis": {"type": "log", "title": {"text": tr("load.figure.clients_axis")}},
            "yaxis": {"type": "log", "title": {"text": tr("load.figure.latency_axis")}},
        },
    )


def _marks(
    here: Mapping[str, model.Performance], concurrency: float, what: str
) -> dict[str, object]:
    """One marker per platform at the chosen number of clients."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": tr("load.figure.marker"),
        "x": [concurrency] * len(here),
        "y": [round(float(getattr(p, what)), 2) for p in here.values()],
        "text": list(here),
        "marker": {
            "color": [PALETTE[i % len(PALETTE)] for i in range(len(here))],
            "size": 10,
            "symbol": "diamond",
        },
        "showlegend": False,
        "hovertemplate": "%{text}: %{y:,.3g}<extra></extra>",
    }
