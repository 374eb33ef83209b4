"""An executed notebook made ready for the static site: every output drawable without a kernel.

plotly figures are stored as plotly JSON (the ``plotly_mimetype`` renderer),
which Sphinx cannot draw: each becomes a ``<div>`` and a ``Plotly.newPlot`` call,
drawn by the one copy of plotly.js the site loads. A widget's view needs a
kernel: a dashboard keeps the static figure of its default state under a note
that says so, a self-check its own HTML (the question, the answer behind a
click), any other widget the note alone. The title cell's second title (the
other language's) becomes a subtitle, so a page has one title.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from virtlab.course._guide import SELFCHECK_MIME
from virtlab.i18n import tr

__all__ = ["PLOTLY_MIME", "WIDGET_MIME", "for_the_site"]

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_SECOND_TITLE = re.compile(r"\A(# [^\n]+\n)# ([^\n]+)\n", re.MULTILINE)


def for_the_site(nb: Any) -> int:
    """Make ``nb`` (an nbformat notebook, changed in place) drawable offline; return its figures."""
    figures = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and index == 0:
            cell.source = _SECOND_TITLE.sub(r"\1\n*\2*\n", cell.source, count=1)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            is_widget = data.pop(WIDGET_MIME, None) is not None
            data.pop(SELFCHECK_MIME, None)  # the answer key's data; the HTML shows the check
            if PLOTLY_MIME in data:
                figures += 1
                figure = _plotly_html(f"figure-{index}-{figures}", data.pop(PLOTLY_MIME))
                data["text/html"] = (_widget_note() if is_widget else "") + figure
            elif is_widget and "text/html" not in data:
                data["text/html"] = _widget_note()
            if is_widget or "text/html" in data:
                data.pop("text/plain", None)
    nb.metadata.pop("widgets", None)
    return figures


def _widget_note() -> str:
    return f'<p class="virtlab-widget-note">{html.escape(tr("course.site.widget_note"))}</p>'


def _plotly_html(div_id: str, figure: dict[str, Any]) -> str:
    """A ``<div>`` and the script that draws ``figure`` into it with the page's plotly.js."""
    spec = json.dumps({"data": figure.get("data", []), "layout": figure.get("layout", {})})
    spec = spec.replace("</", "<\\/")
    return (
        f'<div id="{div_id}" class="virtlab-figure"></div>'
        f'<script type="text/javascript">(function(){{var f={spec};'
        f'Plotly.newPlot("{div_id}",f.data,f.layout,{{responsive:true}});}})();</script>'
    )
