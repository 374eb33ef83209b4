"""Pieces the dashboards' controls share: one slider style, start-value checks, memory sliders."""

from __future__ import annotations

from typing import Any

from virtlab.i18n import tr

__all__ = ["SLIDER_STYLE", "memory_sliders", "within"]

SLIDER_STYLE: dict[str, Any] = {"style": {"description_width": "150px"}, "continuous_update": False}
"""Room for a label with its unit, and a recompute when the slider is released, not at
every step of a drag."""


def within(name: str, value: float, low: float, high: float) -> None:
    """Refuse a start value that is not a number in [low, high], naming the range.

    >>> within("syscalls", 500, 0, 200)
    Traceback (most recent call last):
    ...
    ValueError: syscalls must be between 0 and 200; got 500
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(
            tr("ui.controls.not_a_number", name=name, kind=type(value).__name__, value=value)
        )
    if not low <= value <= high:
        raise ValueError(tr("ui.controls.out_of_range", name=name, low=low, high=high, value=value))


def memory_sliders(host_memory_gb: float, app_memory_mb: float) -> dict[str, Any]:
    """Sliders for the host's memory (GB) and one application's (MB), by argument name.

    They run over 1-2,048 GB and 16-16,384 MB, and widen to take a start value
    outside that (a notebook parameter may be), rather than clamping it.

    >>> sliders = memory_sliders(64, 8)
    >>> sliders["app_memory_mb"].min, sliders["app_memory_mb"].value
    (8.0, 8.0)
    """
    import ipywidgets as widgets

    return {
        "host_memory_gb": widgets.FloatSlider(
            value=host_memory_gb,
            min=min(1.0, host_memory_gb),
            max=max(2048.0, host_memory_gb),
            step=1,
            description=tr("ui.controls.host_memory"),
            **SLIDER_STYLE,
        ),
        "app_memory_mb": widgets.FloatSlider(
            value=app_memory_mb,
            min=min(16.0, app_memory_mb),
            max=max(16_384.0, app_memory_mb),
            step=16,
            description=tr("ui.controls.app_memory"),
            **SLIDER_STYLE,
        ),
    }
