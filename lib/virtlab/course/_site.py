"""Build the course site: one static HTML page per executed notebook, and an index.

The pages work offline. plotly figures are stored in notebooks as plotly JSON
(the ``plotly_mimetype`` renderer), which nbconvert cannot draw; the builder turns
each into a ``<div>`` and a ``Plotly.newPlot`` call, and inlines plotly.js from
the installed plotly package once per page. Widget views, which need a kernel, are
replaced by a note (each dashboard also shows a static figure of its default
state). No page loads a script or style sheet from another host;
:func:`outside_references` checks that.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from virtlab.course._guide import SELFCHECK_MIME
from virtlab.course._manifest import Manifest

__all__ = ["SiteError", "build_site", "outside_references"]

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_TEMPLATES = Path(__file__).parent / "templates"
_OUTSIDE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']((?:https?:)?//[^\"']+)",
    re.IGNORECASE,
)


class SiteError(RuntimeError):
    """The site cannot be built, e.g. a notebook has not been executed yet."""


@dataclass(frozen=True)
class SitePage:
    """One built page: which module, where it was written, how many figures it draws."""

    module_id: str
    path: Path
    figures: int


def build_site(manifest: Manifest, executed_dir: Path, site_dir: Path) -> list[SitePage]:
    """Write ``site_dir/index.html`` and one page per module from the executed notebooks.

    Raises:
        SiteError: an executed notebook is missing (run ``virtlab run`` first).
    """
    import nbformat
    import plotly.offline

    missing = [m.id for m in manifest if not (executed_dir / f"{m.id}.ipynb").is_file()]
    if missing:
        raise SiteError(
            f"no executed notebook for {', '.join(missing)} in {executed_dir}; "
            "run `virtlab run` first"
        )
    site_dir.mkdir(parents=True, exist_ok=True)
    plotly_js = plotly.offline.get_plotlyjs()
    pages = []
    for m in manifest:
        nb = nbformat.read(executed_dir / f"{m.id}.ipynb", as_version=4)
        figures = _make_static(nb)
        body = _export(nb, m.title_en, _nav(manifest, m.id), plotly_js if figures else "")
        page = site_dir / f"{m.id}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(SitePage(m.id, page, figures))
    (site_dir / "index.html").write_text(_index(manifest, pages), encoding="utf-8")
    return pages


def outside_references(page: str) -> list[str]:
    """URLs on other hosts that a page loads as a script, style sheet, image or frame."""
    return _OUTSIDE.findall(page)


_WIDGET_NOTE = (
    '<p class="virtlab-widget-note">Interactive dashboard: open this notebook in JupyterLab '
    "to move its sliders. Its default state is drawn here.</p>"
)


def _make_static(nb: Any) -> int:
    """Draw plotly outputs as HTML; show widgets by their static view; return the figure count.

    A dashboard's output carries its default figure (drawn, after a note that the
    sliders need JupyterLab); a self-check carries its own HTML (the question, with
    the answer behind a click); any other widget becomes the note.
    """
    count = 0
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            is_widget = data.pop(WIDGET_MIME, None) is not None
            data.pop(SELFCHECK_MIME, None)  # the answer key's data; the HTML shows the check
            if PLOTLY_MIME in data:
                count += 1
                figure = _plotly_html(f"figure-{index}-{count}", data.pop(PLOTLY_MIME))
                data["text/html"] = (_WIDGET_NOTE if is_widget else "") + figure
            elif is_widget and "text/html" not in data:
                data["text/html"] = _WIDGET_NOTE
            if is_widget:
                data.pop("text/plain", None)
    nb.metadata.pop("widgets", None)
    return count


def _plotly_html(div_id: str, figure: dict[str, Any]) -> str:
    spec = json.dumps({"data": figure.get("data", []), "layout": figure.get("layout", {})}).replace(
        "</", "<\\/"
    )
    return (
        f'<div id="{div_id}" class="virtlab-figure" style="min-height:360px"></div>'
        f'<script type="text/javascript">(function(){{var f={spec};'
        f'Plotly.newPlot("{div_id}",f.data,f.layout,{{responsive:true}});}})();</script>'
    )


def _export(nb: Any, title: str, nav_html: str, plotly_js: str) -> str:
    from nbconvert import HTMLExporter

    nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="virtlab",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input_prompt=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"plotly_js": plotly_js, "nav_html": nav_html}
    )
    return str(body)


def _nav(manifest: Manifest, current: str) -> str:
    links = ['<a href="index.html">Contents</a>']
    for m in manifest:
        label = html.escape(m.id)
        links.append(
            f"<strong>{label}</strong>"
            if m.id == current
            else f'<a href="{label}.html">{label}</a>'
        )
    return " ".join(links)


def _index(manifest: Manifest, pages: Sequence[SitePage]) -> str:
    rows = []
    for m, page in zip(manifest, pages, strict=True):
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in m.objectives)
        rows.append(
            f'<li><a href="{page.path.name}">{html.escape(m.title_en)}</a>'
            f" — {html.escape(m.title_ko)} ({m.minutes} min)<ul>{objectives}</ul></li>"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(manifest.title_en)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}</style>"
        f"</head><body><h1>{html.escape(manifest.title_en)}</h1>"
        f"<p>{html.escape(manifest.title_ko)}</p>"
        f"<p>{len(manifest)} modules, about {manifest.total_minutes} minutes in all.</p>"
        f"<ol>{''.join(rows)}</ol></body></html>"
    )
