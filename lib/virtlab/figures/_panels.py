"""Two panels side by side in one figure, built in a single pass.

``make_subplots`` followed by ``update_xaxes``/``update_yaxes`` validates the
layout again at every step: about 20 ms for a two-panel figure, most of a
dashboard's time per slider move. :func:`side_by_side` lays out the same grid
(the same domains and panel titles as ``make_subplots(rows=1, cols=2)``) as
plain data and validates it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

__all__ = ["side_by_side"]


def side_by_side(
    left: Sequence[Any],
    right: Sequence[Any],
    *,
    titles: tuple[str, str],
    layout: Mapping[str, Any],
    left_axes: Mapping[str, Mapping[str, Any]] | None = None,
    right_axes: Mapping[str, Mapping[str, Any]] | None = None,
    widths: tuple[float, float] = (0.5, 0.5),
    spacing: float = 0.14,
) -> go.Figure:
    """A figure with the ``left`` traces in a left panel and the ``right`` ones beside it.

    Args:
        left, right: traces (plotly trace objects or dicts) for each panel.
        titles: the panels' titles, shown above them.
        layout: the rest of the layout (title, barmode, legend, height...).
        left_axes, right_axes: ``{"xaxis": {...}, "yaxis": {...}}`` settings of a panel's axes.
        widths: the panels' relative widths.
        spacing: the gap between the panels, as a fraction of the figure's width.

    >>> fig = side_by_side([go.Bar(y=[1])], [go.Bar(y=[2])], titles=("a", "b"), layout={})
    >>> fig.data[1].xaxis, [round(d, 2) for d in fig.layout.xaxis2.domain]
    ('x2', [0.57, 1.0])
    """
    usable = 1.0 - spacing
    split = usable * widths[0] / (widths[0] + widths[1])
    domains = ([0.0, split], [split + spacing, 1.0])
    axes: dict[str, Any] = {}
    for suffix, domain, settings in zip(("", "2"), domains, (left_axes, right_axes), strict=True):
        settings = settings or {}
        axes[f"xaxis{suffix}"] = {
            **settings.get("xaxis", {}),
            "anchor": f"y{suffix}",
            "domain": domain,
        }
        axes[f"yaxis{suffix}"] = {
            **settings.get("yaxis", {}),
            "anchor": f"x{suffix}",
            "domain": [0.0, 1.0],
        }
    panel_titles = [
        {
            "text": text,
            "x": (domain[0] + domain[1]) / 2,
            "y": 1.0,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "center",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 16},
        }
        for text, domain in zip(titles, domains, strict=True)
    ]
    data = [{**_as_dict(t), "xaxis": "x", "yaxis": "y"} for t in left]
    data += [{**_as_dict(t), "xaxis": "x2", "yaxis": "y2"} for t in right]
    return go.Figure(
        data=data,
        layout={**layout, **axes, "annotations": [*panel_titles, *layout.get("annotations", ())]},
    )


def _as_dict(trace: Any) -> dict[str, Any]:
    return dict(trace) if isinstance(trace, Mapping) else dict(trace.to_plotly_json())
