"""Figures of notebook ``04-containers``: how many instances fit, and how fast they start.

Each builder takes sizes or a platform list and returns a new plotly ``go.Figure``
computed by :mod:`virtlab.model`; the same input always gives the same figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from virtlab import model
from virtlab.figures._panels import side_by_side
from virtlab.i18n import tr

__all__ = ["DENSITY_PLATFORMS", "density_startup_figure"]

DENSITY_PLATFORMS: tuple[str, ...] = ("container", "gvisor", "microvm", "hw_assisted")
"""The platforms notebook ``04-containers`` compares: a container, two sandboxes, a VM."""

_HIGHLIGHT = "#54A24B"
_OTHER = "#BAB0AC"


def density_startup_figure(
    host_memory_gb: float = 64.0,
    app_memory_mb: float = 256.0,
    platforms: Sequence[str] = DENSITY_PLATFORMS,
) -> go.Figure:
    """Instances per host on the left, start-up time on a log axis on the right.

    Taught in ``04-containers``: a container's small per-instance overhead packs more
    instances into a host, and its lack of a guest kernel starts it fast.

    Args:
        host_memory_gb: the host's memory (GB, 1 GB = 1024 MB), > 0.
        app_memory_mb: the application's own memory per instance (MB), > 0.
        platforms: platform ids to compare, in order.

    Returns:
        A figure with two bar traces: instances per host, and start-up seconds.

    Raises:
        ValueError: a size is not a finite number > 0, or a platform is unknown.

    >>> fig = density_startup_figure(64, 256)
    >>> list(fig.data[0].y)
    [248, 230, 231, 118]
    >>> fig.layout.yaxis2.type
    'log'
    """
    ids = list(platforms)
    counts = [model.instances_per_host(pid, host_memory_gb, app_memory_mb) for pid in ids]
    overheads = [model.memory_overhead_mb(pid) for pid in ids]
    seconds = [model.startup_seconds(pid) for pid in ids]
    colors = [_HIGHLIGHT if pid == "container" else _OTHER for pid in ids]
    density = {
        "type": "bar",
        "name": tr("containers.figure.instances"),
        "x": ids,
        "y": counts,
        "marker": {"color": colors},
        "text": [str(n) for n in counts],
        "textposition": "outside",
        "customdata": overheads,
        "hovertemplate": tr(
            "containers.figure.instances_hover",
            platform="%{x}",
            count="%{y}",
            overhead="%{customdata:.3g}",
        )
        + "<extra></extra>",
    }
    startup = {
        "type": "bar",
        "name": tr("containers.figure.startup"),
        "x": ids,
        "y": seconds,
        "marker": {"color": colors},
        "text": [_seconds_label(s) for s in seconds],
        "textposition": "outside",
        "hovertemplate": "%{x}: %{y:.3g} s<extra></extra>",
    }
    top = max(counts) if counts and max(counts) > 0 else 1
    low, high = math.log10(min(seconds)), math.log10(max(seconds))
    platform_axis = {"title": {"text": tr("containers.figure.platform_axis")}}
    return side_by_side(
        [density],
        [startup],
        titles=(tr("containers.figure.instances_panel"), tr("containers.figure.startup_panel")),
        left_axes={
            "xaxis": platform_axis,
            "yaxis": {
                "title": {"text": tr("containers.figure.instances_axis")},
                "range": [0, top * 1.15],
            },
        },
        right_axes={
            "xaxis": platform_axis,
            "yaxis": {
                "title": {"text": tr("containers.figure.startup_axis")},
                "type": "log",
                "range": [low - 0.3, high + 0.5],
            },
        },
        layout={
            "title": {
                "text": tr("containers.figure.title", host_gb=host_memory_gb, app_mb=app_memory_mb)
            },
            "showlegend": False,
        },
    )


def _seconds_label(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.0f} s"
