"""One output that is a live widget in JupyterLab and a static figure everywhere else.

A dashboard's cell output is a single MIME bundle holding three views of it:
the widget view (JupyterLab ranks it first, so students get sliders), the plotly
JSON of the default-state figure (papermill copies, nbval and the course site
draw it), and a short plain-text line (what nbval compares as text). No widget
JavaScript is stored in the notebook.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PLOTLY_MIME", "WIDGET_MIME", "figure_bundle", "widget_bundle"]

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def figure_bundle(figure: Any) -> dict[str, Any]:
    """The ``plotly_mimetype`` renderer's bundle for a figure: its JSON and no config."""
    import plotly.io as pio

    bundle: dict[str, Any] = pio.renderers["plotly_mimetype"].to_mimebundle(figure.to_dict())
    return bundle


def widget_bundle(
    widget: Any, text: str, figure: Any | None = None, html: str | None = None
) -> dict[str, Any]:
    """A bundle with the widget's view, ``text`` as plain text and, optionally, a figure or HTML.

    The HTML is what pages without a kernel show (the course site); JupyterLab
    shows the widget, which it ranks first.
    """
    bundle: dict[str, Any] = dict(widget._repr_mimebundle_() or {})
    bundle["text/plain"] = text
    if html is not None:
        bundle["text/html"] = html
    if figure is not None:
        bundle.update(figure_bundle(figure))
    return bundle
