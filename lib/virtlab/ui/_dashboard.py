"""A dashboard: sliders that recompute a plotly figure from the model, in place.

:class:`Dashboard` joins named controls (ipywidgets sliders, dropdowns) with a
pure function ``figure_for(**values) -> go.Figure`` from ``virtlab.figures``. When
a control moves, the figure is rebuilt and copied into a ``FigureWidget`` trace
by trace, which repaints about twice as fast as displaying a new figure. The
cell output also carries a static figure of the default state (see ``_bundle``).

Tests drive a dashboard without a browser: set ``dashboard.controls[name].value``
and read ``dashboard.figure``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

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
        self.figure = go.FigureWidget(self.default_figure)
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

    def update(self) -> None:
        """Recompute the figure for the current values and patch the live figure in place.

        Only what changed is sent: a trace's or the layout's properties that differ
        from the live figure (validating a whole figure again costs tens of ms).
        """
        if self._patch_for is not None:
            with self.figure.batch_update():
                self._patch_for(self.figure, **self.values)
            self.summary.value = self._summary_text()
            return
        fresh = self._figure_for(**self.values)
        with self.figure.batch_update():
            if len(fresh.data) == len(self.figure.data) and all(
                a.type == b.type for a, b in zip(fresh.data, self.figure.data, strict=True)
            ):
                for live, new in zip(self.figure.data, fresh.data, strict=True):
                    _patch(live, new.to_plotly_json())
            else:
                self.figure.data = ()
                self.figure.add_traces(list(fresh.data))
            layout = fresh.layout.to_plotly_json()
            # The template (colours, fonts) is the same for every state of a figure.
            layout.pop("template", None)
            _patch(self.figure.layout, layout, keep={"template"})
        self.summary.value = self._summary_text()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.update()

    def _summary_text(self) -> str:
        return self._summary_for(**self.values) if self._summary_for else ""

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        text = f"Dashboard: {self.title} ({settings}). Move its controls in JupyterLab."
        return widget_bundle(self.widget, text, self.default_figure)


def _patch(
    live: Any, wanted: dict[str, Any], keep: frozenset[str] | set[str] = frozenset()
) -> None:
    """Set on ``live`` the top-level properties that differ from ``wanted``; clear the rest."""
    current = live.to_plotly_json()
    changed = {k: v for k, v in wanted.items() if not _same(current.get(k), v)}
    if changed:
        live.update(changed, overwrite=True)
    for key in current.keys() - wanted.keys() - keep - {"uid"}:
        live[key] = None


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
