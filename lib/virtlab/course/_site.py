"""Build the course site: one static HTML page per executed notebook, and an index.

Each edition gets its own pages, in its language: English at the top of the
site, another language in a folder named for it (``ko/``), each page linking to
the same module in the other editions.

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
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from virtlab.course._guide import SELFCHECK_MIME
from virtlab.course._manifest import Manifest
from virtlab.i18n import languages, tr, using

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
    lang: str = "en"


def edition_folder(site_dir: Path, lang: str) -> Path:
    """Where an edition's pages go: the site's top for English, ``site_dir/LANG`` otherwise."""
    return site_dir if lang == "en" else site_dir / lang


def build_site(manifest: Manifest, executed_dir: Path, site_dir: Path) -> list[SitePage]:
    """Write an index and one page per module for every edition, from the executed notebooks.

    ``executed_dir/LANG/ID.ipynb`` (what ``virtlab run`` writes) becomes
    ``edition_folder(site_dir, LANG)/ID.html``.

    Raises:
        SiteError: an executed notebook is missing (run ``virtlab run`` first).
    """
    import plotly.offline

    missing = [
        f"{lang}/{m.id}"
        for lang in manifest.languages
        for m in manifest
        if not (executed_dir / lang / f"{m.id}.ipynb").is_file()
    ]
    if missing:
        raise SiteError(
            f"no executed notebook for {', '.join(missing)} in {executed_dir}; "
            "run `virtlab run` first"
        )
    plotly_js = plotly.offline.get_plotlyjs()
    pages = []
    for lang in manifest.languages:
        with using(lang):
            pages += _build_edition(manifest, executed_dir / lang, site_dir, lang, plotly_js)
    return pages


def _build_edition(
    manifest: Manifest, executed: Path, site_dir: Path, lang: str, plotly_js: str
) -> list[SitePage]:
    import nbformat

    folder = edition_folder(site_dir, lang)
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for m in manifest:
        nb = nbformat.read(executed / f"{m.id}.ipynb", as_version=4)
        figures = _make_static(nb)
        nav = _nav(manifest, m.id, lang)
        body = _export(nb, m.title(lang), nav, plotly_js if figures else "", lang)
        page = folder / f"{m.id}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(SitePage(m.id, page, figures, lang))
    (folder / "index.html").write_text(_index(manifest, pages, lang), encoding="utf-8")
    return pages


def outside_references(page: str) -> list[str]:
    """URLs on other hosts that a page loads as a script, style sheet, image or frame."""
    return _OUTSIDE.findall(page)


def _widget_note() -> str:
    return f'<p class="virtlab-widget-note">{html.escape(tr("course.site.widget_note"))}</p>'


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
                data["text/html"] = (_widget_note() if is_widget else "") + figure
            elif is_widget and "text/html" not in data:
                data["text/html"] = _widget_note()
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


def _export(nb: Any, title: str, nav_html: str, plotly_js: str, lang: str) -> str:
    from nbconvert import HTMLExporter

    nb.metadata["title"] = title
    nb.metadata["language"] = lang
    exporter = HTMLExporter(
        template_name="virtlab",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input_prompt=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"plotly_js": plotly_js, "nav_html": nav_html}
    )
    return str(body)


def _other_editions(manifest: Manifest, page: str, lang: str) -> list[str]:
    """Links to ``page`` (a file name) in every other edition, each named in its language."""
    here = edition_folder(Path("."), lang)
    links = []
    for other in manifest.languages:
        if other != lang:
            target = os.path.relpath(edition_folder(Path("."), other) / page, here)
            links.append(f'<a href="{target}" hreflang="{other}">{languages()[other]}</a>')
    return links


def _nav(manifest: Manifest, current: str, lang: str) -> str:
    links = [f'<a href="index.html">{html.escape(tr("course.site.contents"))}</a>']
    for m in manifest:
        label = html.escape(m.id)
        links.append(
            f"<strong>{label}</strong>"
            if m.id == current
            else f'<a href="{label}.html">{label}</a>'
        )
    return " ".join(links + _other_editions(manifest, f"{current}.html", lang))


def _index(manifest: Manifest, pages: Sequence[SitePage], lang: str) -> str:
    rows = []
    for m, page in zip(manifest, pages, strict=True):
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in m.objectives_in(lang))
        rows.append(
            f'<li><a href="{page.path.name}">{html.escape(m.title(lang))}</a>'
            f" ({html.escape(tr('course.site.minutes', minutes=m.minutes))})"
            f"<ul>{objectives}</ul></li>"
        )
    title = html.escape(manifest.title(lang))
    count = tr("course.site.summary", count=len(manifest), minutes=manifest.total_minutes)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}</style>"
        f"</head><body><p>{' '.join(_other_editions(manifest, 'index.html', lang))}</p>"
        f"<h1>{title}</h1><p>{html.escape(count)}</p>"
        f"<ol>{''.join(rows)}</ol></body></html>"
    )
