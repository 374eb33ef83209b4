"""Layer-stack diagrams: each platform drawn as boxes from the hardware up to the application.

The layers come from ``virtlab.model.platform(id).layers`` (``data/platforms.csv``),
labelled in the current language (:meth:`~virtlab.model.Platform.layer_names`);
each box is colored by the kind of layer it is (hardware, host OS, hypervisor,
guest OS, runtime, application), so the extra layers of a hosted hypervisor
stand out against bare metal. Taught in ``02-hypervisors``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from virtlab import model
from virtlab.i18n import tr

__all__ = ["LAYER_KINDS", "layer_kind", "stack_figure"]

LAYER_KINDS: dict[str, str] = {
    "hardware": "#8C8C8C",
    "host OS / kernel": "#4C78A8",
    "hypervisor / VMM": "#F58518",
    "guest OS": "#54A24B",
    "runtime / userland": "#B279A2",
    "application": "#EECA3B",
}
"""Each kind of layer and its color, bottom to top."""

_KIND_KEYS: dict[str, str] = {
    "hardware": "hardware",
    "host OS / kernel": "host_os",
    "hypervisor / VMM": "hypervisor",
    "guest OS": "guest_os",
    "runtime / userland": "runtime",
    "application": "application",
}
"""Each kind of layer and the catalogue key of its name in a legend."""

_HYPERVISOR_WORDS = ("hypervisor", "monitor", "vmm", "emulator", "kvm", "sentry")


def layer_kind(layer: str) -> str:
    """Which kind of layer a layer's name describes: one of :data:`LAYER_KINDS`.

    >>> layer_kind("host operating system"), layer_kind("hypervisor (user process + driver)")
    ('host OS / kernel', 'hypervisor / VMM')
    """
    name = layer.lower()
    if name.startswith("application"):
        return "application"
    if name.startswith("hardware"):
        return "hardware"
    if "guest" in name:
        return "guest OS"
    if any(word in name for word in _HYPERVISOR_WORDS):
        return "hypervisor / VMM"
    if "operating system" in name or "kernel" in name:
        return "host OS / kernel"
    return "runtime / userland"


def stack_figure(
    platforms: Sequence[str] = ("bare_metal", "type2_hosted", "hw_assisted"),
    *,
    title: str | None = None,
) -> go.Figure:
    """The layer stacks of some platforms side by side, hardware at the bottom.

    Taught in ``02-hypervisors``.

    Args:
        platforms: platform ids, drawn left to right.
        title: the figure title.

    Returns:
        A stacked bar chart: one box (height 1) per layer, labelled with the
        layer's name in the current language and colored by :func:`layer_kind`
        (of its English name); one legend entry per kind.

    Raises:
        ValueError: a platform id is unknown.

    >>> fig = stack_figure(("bare_metal", "type2_hosted"))
    >>> [len(model.platform(p).layers) for p in ("bare_metal", "type2_hosted")]
    [3, 5]
    >>> fig.data[0].text
    ('hardware', 'hardware')
    """
    described = [model.platform(pid) for pid in platforms]
    stacks = [p.layers for p in described]  # English: what layer_kind reads
    shown = [p.layer_names() for p in described]
    labels = [
        tr("bare_metal.stacks.platform_label", id=pid, count=len(layers))
        for pid, layers in zip(platforms, stacks, strict=True)
    ]
    fig = go.Figure()
    for level in range(max(len(layers) for layers in stacks)):
        names = [layers[level] if level < len(layers) else None for layers in stacks]
        texts = [layers[level] if level < len(layers) else "" for layers in shown]
        fig.add_trace(
            go.Bar(
                name=tr("bare_metal.stacks.layer", number=level + 1),
                x=labels,
                y=[1.0 if name else 0.0 for name in names],
                text=[_wrapped(text) if text else "" for text in texts],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 11},
                marker_color=[LAYER_KINDS[layer_kind(name)] if name else "white" for name in names],
                marker_line={"color": "white", "width": 2},
                hovertext=texts,
                hovertemplate="%{x}<br>%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    for kind, color in LAYER_KINDS.items():
        fig.add_trace(
            go.Bar(
                name=tr(f"bare_metal.stacks.kind.{_KIND_KEYS[kind]}"),
                x=[None],
                y=[None],
                marker_color=color,
                showlegend=True,
            )
        )
    fig.update_layout(
        barmode="stack",
        bargap=0.15,
        title=title or tr("bare_metal.stacks.title"),
        xaxis_title=tr("bare_metal.stacks.platform_axis"),
        yaxis_title=tr("bare_metal.stacks.layers_axis"),
        yaxis={"dtick": 1},
        legend_title=tr("bare_metal.stacks.legend"),
        height=560,
    )
    return fig


def _wrapped(name: str, width: int = 24) -> str:
    """A layer name broken into short lines for a box (Korean, denser, at 2/3 the width)."""
    if any("\uac00" <= ch <= "\ud7a3" for ch in name):
        width = width * 2 // 3
    return "<br>".join(textwrap.wrap(name, width)) or name
