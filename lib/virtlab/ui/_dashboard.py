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
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, Any],
        figure_for: FigureFunction,
        summary_for: Callable[..., str] | None = None,
    ) -> None:
        import ipywidgets as widgets
        import plotly.graph_objects as go

        self.title = title
        self.controls = dict(controls)
        self._figure_for = figure_for
        self._summary_for = summary_for
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
        """Recompute the figure for the current values and patch the live figure in place."""
        fresh = self._figure_for(**self.values)
        with self.figure.batch_update():
            if len(fresh.data) == len(self.figure.data) and all(
                a.type == b.type for a, b in zip(fresh.data, self.figure.data, strict=True)
            ):
                for live, new in zip(self.figure.data, fresh.data, strict=True):
                    live.update(new.to_plotly_json(), overwrite=True)
            else:
                self.figure.data = ()
                self.figure.add_traces(list(fresh.data))
            layout = fresh.layout.to_plotly_json()
            # The template (colours, fonts) is the same for every state of a figure;
            # re-sending it would cost ~25 ms of validation on each slider move.
            layout.pop("template", None)
            self.figure.layout.update(layout, overwrite=True)
        self.summary.value = self._summary_text()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.update()

    def _summary_text(self) -> str:
        return self._summary_for(**self.values) if self._summary_for else ""

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        text = f"Dashboard: {self.title} ({settings}). Move its controls in JupyterLab."
        return widget_bundle(self.widget, text, self.default_figure)
