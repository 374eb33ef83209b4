"""A dashboard: sliders that recompute a plotly figure from the model, in place.

:class:`Dashboard` joins named controls (ipywidgets sliders, dropdowns) with a
pure function ``figure_for(**values) -> go.Figure`` from ``virtlab.figures``. When
a control moves, the figure is rebuilt in Python and only what differs (as dotted
paths such as ``title.text`` or a trace's ``y``) is sent, in one message, to the
``FigureWidget`` drawn in the browser: patching in place repaints about twice as
fast as displaying a new figure, and one small message means one redraw.
The cell output also carries a static figure of the default state (see ``_bundle``).

Tests drive a dashboard without a browser: set ``dashboard.controls[name].value``
and read ``dashboard.traces`` and ``dashboard.figure``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from plotly.basedatatypes import BasePlotlyType

from virtlab.i18n import tr
from virtlab.ui._bundle import widget_bundle

__all__ = ["Dashboard"]

FigureFunction = Callable[..., Any]


class Dashboard:
    """Controls and a live figure that follows them.

    Args:
        title: what the dashboard shows, one line.
        controls: name -> widget with a ``value``; names are the figure function's arguments.
        figure_for: builds the figure for given control values (pure, from ``virtlab.figures``).
        summary_for: optional; builds a one-line text (shown under the figure) from the values.
        patch_for: optional; changes the live figure in place for new values (e.g. an
            axis range), for figures too big to rebuild on every move. It must give the
            same figure as ``figure_for`` would.
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, Any],
        figure_for: FigureFunction,
        summary_for: Callable[..., str] | None = None,
        patch_for: Callable[..., None] | None = None,
    ) -> None:
        import ipywidgets as widgets
        import plotly.graph_objects as go

        self.title = title
        self.controls = dict(controls)
        self._figure_for = figure_for
        self._summary_for = summary_for
        self._patch_for = patch_for
        self.default_figure = figure_for(**self.values)
        self.figure = go.FigureWidget(
            data=self.default_figure.data,
            layout=_for_live(self.default_figure.layout.to_plotly_json()),
        )
        self._drawn = len(self.default_figure.data)
        self.summary = widgets.HTML(self._summary_text())
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [widgets.HTML(f"<b>{title}</b>"), *self.controls.values(), self.figure, self.summary]
        )
        self.widget.add_class("virtlab-dashboard")

    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values by name."""
        return {name: control.value for name, control in self.controls.items()}

    @property
    def traces(self) -> tuple[Any, ...]:
        """The live figure's traces for the current values.

        After a move that needs fewer traces, the spare ones stay in the live
        figure, hidden, so that a later move can reuse them.
        """
        return tuple(self.figure.data[: self._drawn])

    def update(self) -> None:
        """Recompute the figure for the current values and patch the live figure in place.

        The browser gets one message with only what changed, as dotted paths
        (``title.text``, ``yaxis.range``, a trace's ``y``), so plotly.js redraws the
        figure once: deleting and adding traces would cost a redraw each. (It still
        recomputes the whole figure for that one redraw; the FigureWidget marks every
        update in a way plotly.js answers with a full replot.)
        """
        if self._patch_for is not None:
            with self.figure.batch_update():
                self._patch_for(self.figure, **self.values)
            self.summary.value = self._summary_text()
            return
        fresh = self._figure_for(**self.values)
        live = self.figure
        if any(a.type != b.type for a, b in zip(fresh.data, live.data, strict=False)):
            live.data = ()  # a different kind of chart: start again
        if len(fresh.data) > len(live.data):
            live.add_traces(list(fresh.data[len(live.data) :]))
        wanted = [t.to_plotly_json() for t in fresh.data]
        # fewer traces now: hide the spare ones rather than delete them
        wanted += [{**t.to_plotly_json(), "visible": False} for t in live.data[len(wanted) :]]
        changes = [_changes(t, w, skip={"uid"}) for t, w in zip(live.data, wanted, strict=True)]
        _same_depth(changes, wanted)
        with live.batch_update():
            for trace, changed in zip(live.data, changes, strict=True):
                _apply(trace, changed)
            self._drawn = len(fresh.data)
            layout = _for_live(fresh.layout.to_plotly_json())
            # The template (colours, fonts) is the same for every state of a figure.
            layout.pop("template", None)
            _apply(live.layout, _changes(live.layout, layout, skip={"template"}))
        self.summary.value = self._summary_text()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.update()

    def _summary_text(self) -> str:
        return self._summary_for(**self.values) if self._summary_for else ""

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        text = tr("ui.dashboard.plain_text", title=self.title, settings=settings)
        return widget_bundle(self.widget, text, self.default_figure)


def _for_live(layout: dict[str, Any]) -> dict[str, Any]:
    """A figure's layout as the live figure draws it: tick labels may overflow.

    By default plotly.js measures every tick label of a numeric axis on each
    redraw to hide the ones that would spill past the figure (13 of the 52 ms a
    timeline move took in Chromium); letting them overflow skips that. An axis
    that sets its own overflow keeps it.
    """
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis.setdefault("ticklabeloverflow", "allow")
    for key in ("xaxis", "yaxis"):  # plotly's default axes, when the layout names none
        layout.setdefault(key, {"ticklabeloverflow": "allow"})
    return layout


def _changes(
    live: Any,
    wanted: Mapping[str, Any],
    skip: set[str] = set(),  # noqa: B006 - never mutated
    current: Mapping[str, Any] | None = None,
    prefix: str = "",
) -> dict[str, Any]:
    """The dotted paths at which ``wanted`` differs from the plotly object ``live``.

    Nested plotly objects (``title``, ``xaxis``) and tuples of them of the same
    length (``annotations``) are compared member by member; anything else (data
    arrays, a button's arguments) as a whole. A path that only ``live`` has maps
    to None, which resets it to plotly's default. ``current`` is ``live`` as JSON,
    read once at the top.
    """
    current = live.to_plotly_json() if current is None else current
    changed: dict[str, Any] = {}
    for key in current.keys() - wanted.keys() - skip:
        changed[prefix + key] = None
    for key, new in wanted.items():
        path, old = prefix + key, current.get(key)
        if _same(old, new):
            continue
        member = live[key] if key in current else None
        if isinstance(new, dict) and isinstance(member, BasePlotlyType):
            changed.update(_changes(member, new, current=old, prefix=path + "."))
        elif isinstance(member, tuple) and isinstance(old, list) and _objects_alike(member, new):
            for index, (a, b, c) in enumerate(zip(member, new, old, strict=True)):
                changed.update(_changes(a, b, current=c, prefix=f"{path}[{index}]."))
        else:
            changed[path] = new
    return changed


def _objects_alike(member: Any, new: Any) -> bool:
    """``member`` is a tuple of plotly objects, ``new`` a list of dicts of the same length."""
    return (
        isinstance(member, tuple)
        and isinstance(new, list | tuple)
        and len(member) == len(new) > 0
        and all(isinstance(m, BasePlotlyType) for m in member)
        and all(isinstance(n, dict) for n in new)
    )


def _same_depth(changes: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> None:
    """Set a container whole in every trace where any trace sets it whole.

    The traces' changes travel to plotly.js as one restyle, keyed by path, and it
    refuses a path together with its parent (``marker`` and ``marker.color``).
    """
    while True:
        paths = {path for changed in changes for path in changed}
        parents = {p for p in paths if any(q.startswith((p + ".", p + "[")) for q in paths)}
        if not parents:
            return
        for changed, whole in zip(changes, wanted, strict=True):
            for parent in parents:
                inside = [q for q in changed if q.startswith((parent + ".", parent + "["))]
                for path in inside:
                    del changed[path]
                if inside:
                    changed[parent] = _at(whole, parent)


def _at(tree: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path such as ``marker.line.color`` or ``annotations[2].text``."""
    node: Any = tree
    for part in re.findall(r"[^.\[\]]+", path):
        if node is None:
            return None
        node = node[int(part)] if part.isdigit() else node.get(part)
    return node


def _apply(live: Any, changes: Mapping[str, Any]) -> None:
    """Set each dotted path of ``changes`` on a live trace or layout."""
    for path, value in changes.items():
        live[path] = value


def _same(a: Any, b: Any) -> bool:
    """Equality that also works for numpy arrays (plotly keeps data as arrays)."""
    try:
        return bool(a == b)
    except ValueError:  # arrays compare element-wise
        import numpy as np

        try:
            return bool(np.array_equal(np.asarray(a), np.asarray(b)))
        except ValueError:  # arrays nested in dicts: treat as changed and send them
            return False
