"""Build the course website with Sphinx: both editions, offline, one plotly.js for the site.

Each edition is a Sphinx project made from the executed notebooks
(``build/executed/LANG/``) and built with myst-nb and sphinx-book-theme: the
English one at the top of the site, another in a folder named for its language
(``ko/``). Every page has the theme's sidebar of modules (with their minutes),
its own table of contents, previous/next links and full-text search, plus the
course's links (``_site_sphinx``): the same page in the other edition, and on a
module's page "Open on your JupyterHub" (the nbgitpuller link of
``virtlab hub-link``) and Binder. ``docs/site.md`` says why Sphinx.

The site works offline from ``file://`` or any static server. plotly.js is one
file in ``_static/`` that every page with a figure loads; no page loads a script
or style sheet from another host (:func:`outside_references`).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from virtlab.course._hublink import hub_link
from virtlab.course._manifest import Manifest
from virtlab.course._site_notebook import for_the_site
from virtlab.i18n import languages, tr, using

__all__ = ["SiteError", "SitePage", "build_site", "edition_folder", "outside_references"]

_OUTSIDE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']((?:https?:)?//[^\"']+)",
    re.IGNORECASE,
)
PLOTLY_JS = "plotly.min.js"
SITE_FILES = Path(__file__).parent / "site"
"""Templates and static files of the site (``templates/``, ``static/``)."""


class SiteError(RuntimeError):
    """The site cannot be built: a notebook was not executed, or Sphinx failed."""


@dataclass(frozen=True)
class SitePage:
    """One built page: which module and edition, where it was written, how many figures."""

    module_id: str
    path: Path
    figures: int
    lang: str = "en"


def edition_folder(site_dir: Path, lang: str) -> Path:
    """Where an edition's pages go: the site's top for English, ``site_dir/LANG`` otherwise."""
    return site_dir if lang == "en" else site_dir / lang


def build_site(
    manifest: Manifest, executed_dir: Path, site_dir: Path, hub: str | None = None
) -> list[SitePage]:
    """Build every edition's pages and search index from the executed notebooks.

    Args:
        manifest: the course; its editions, titles, minutes and repository.
        executed_dir: what ``virtlab run`` wrote, ``executed_dir/LANG/ID.ipynb``.
        site_dir: the site's folder (its Sphinx sources go to ``site_dir.parent/site-src``).
        hub: the class's JupyterHub for the "open on your JupyterHub" links
            (default: the manifest's ``hub``; no link without one).

    Raises:
        SiteError: an executed notebook is missing (run ``virtlab run`` first), or
            Sphinx reported an error (its message is included).
    """
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
    site_dir = site_dir.resolve()
    sources = site_dir.parent / "site-src"
    _write_plotly(sources / "_shared")
    pages = []
    for lang in manifest.languages:
        with using(lang):
            figures = _write_sources(manifest, executed_dir / lang, sources / lang, lang)
            config = _config(manifest, site_dir, sources, lang, hub or manifest.hub)
            _sphinx(sources / lang, edition_folder(site_dir, lang), config)
        folder = edition_folder(site_dir, lang)
        pages += [SitePage(m.id, folder / f"{m.id}.html", figures[m.id], lang) for m in manifest]
    return pages


def outside_references(page: str) -> list[str]:
    """URLs on other hosts that a page loads as a script, style sheet, image or frame."""
    return _OUTSIDE.findall(page)


def _write_plotly(folder: Path) -> None:
    """The installed plotly's plotly.js, once, for the English edition to publish in _static/."""
    import plotly.offline

    folder.mkdir(parents=True, exist_ok=True)
    script = folder / PLOTLY_JS
    text = plotly.offline.get_plotlyjs()
    if not script.is_file() or script.read_text(encoding="utf-8") != text:
        script.write_text(text, encoding="utf-8")


def _write_sources(manifest: Manifest, executed: Path, source: Path, lang: str) -> dict[str, int]:
    """Write one edition's Sphinx sources: its notebooks made static, and its index page."""
    import nbformat

    source.mkdir(parents=True, exist_ok=True)
    figures = {}
    for m in manifest:
        nb = nbformat.read(executed / f"{m.id}.ipynb", as_version=4)
        figures[m.id] = for_the_site(nb)
        nb.metadata.pop("papermill", None)
        nbformat.write(nb, source / f"{m.id}.ipynb")
    (source / "index.md").write_text(_index(manifest, lang), encoding="utf-8")
    return figures


def _index(manifest: Manifest, lang: str) -> str:
    """The edition's home page: the course, its modules with minutes and objectives."""
    lines = [
        f"# {manifest.title(lang)}",
        "",
        tr("course.site.summary", count=len(manifest), minutes=manifest.total_minutes),
        "",
        tr("course.site.intro"),
        "",
    ]
    for m in manifest:
        minutes = tr("course.site.minutes", minutes=m.minutes)
        lines += [f"## [{m.title(lang)}]({m.id}.ipynb)", "", f"*{minutes}*", ""]
        lines += [f"- {o}" for o in m.objectives_in(lang)] + [""]
    lines += ["```{toctree}", ":hidden:", f":caption: {tr('course.site.modules')}", ""]
    for m in manifest:
        minutes = tr("course.site.minutes", minutes=m.minutes)
        lines.append(f"{m.title(lang)} ({minutes}) <{m.id}>")
    return "\n".join([*lines, "```", ""])


def _config(
    manifest: Manifest, site_dir: Path, sources: Path, lang: str, hub: str | None
) -> dict[str, Any]:
    """Sphinx's configuration for one edition (there is no conf.py: it is all here)."""
    here = edition_folder(site_dir, lang)
    plotly = os.path.relpath(site_dir / "_static" / PLOTLY_JS, here / "_static")
    static = [str(SITE_FILES / "static")] + ([str(sources / "_shared")] if lang == "en" else [])
    return {
        "project": manifest.title(lang),
        "language": lang,
        "extensions": ["myst_nb", "virtlab.course._site_sphinx"],
        "nb_execution_mode": "off",
        "nb_merge_streams": True,
        "html_theme": "sphinx_book_theme",
        "html_title": manifest.title(lang),
        "html_favicon": str(SITE_FILES / "static" / "favicon.svg"),
        "html_theme_options": {
            "article_header_end": ["virtlab-links.html"],
            "home_page_in_toc": True,
            "show_toc_level": 2,
            "use_download_button": False,
            "use_fullscreen_button": False,
        },
        # pydata's script logs an error for a page with no mode set (file:// pages)
        "html_context": {"default_mode": "light"},
        "templates_path": [str(SITE_FILES / "templates")],
        "html_static_path": static,
        "html_css_files": ["virtlab.css"],
        "html_js_files": [plotly],
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_search_language": lang,
        "exclude_patterns": ["_shared"],
        "virtlab_editions": _editions(manifest, site_dir, lang),
        "virtlab_launch": _launch_links(manifest, lang, hub),
    }


def _editions(manifest: Manifest, site_dir: Path, lang: str) -> list[tuple[str, str, str]]:
    """(language, its name, the path from this edition's pages to its) for each other edition."""
    here = edition_folder(site_dir, lang)
    return [
        (other, languages()[other], os.path.relpath(edition_folder(site_dir, other), here))
        for other in manifest.languages
        if other != lang
    ]


def _launch_links(
    manifest: Manifest, lang: str, hub: str | None
) -> dict[str, list[dict[str, str]]]:
    """Page name -> the links that open that module with a kernel: the class's hub, Binder."""
    links: dict[str, list[dict[str, str]]] = {}
    for m in manifest:
        found = []
        if hub:
            href = hub_link(hub, manifest, m.id, lang=lang)
            found.append({"kind": "hub", "label": tr("course.site.open_on_hub"), "href": href})
        binder = _binder_link(manifest, m.notebook_in(lang).relative_to(manifest.root))
        found.append({"kind": "binder", "label": tr("course.site.open_on_binder"), "href": binder})
        links[m.id] = found
    return links


def _binder_link(manifest: Manifest, notebook: Path) -> str:
    """mybinder.org's link that builds the course's repository and opens ``notebook``."""
    parts = urlsplit(manifest.repository)
    path = quote(f"lab/tree/{notebook.as_posix()}", safe="")
    if parts.hostname == "github.com":
        owner_repo = parts.path.strip("/").removesuffix(".git")
        return f"https://mybinder.org/v2/gh/{owner_repo}/{manifest.branch}?urlpath={path}"
    repo = quote(manifest.repository, safe="")
    return f"https://mybinder.org/v2/git/{repo}/{manifest.branch}?urlpath={path}"


def _sphinx(source: Path, out: Path, config: Mapping[str, Any]) -> None:
    """Build one edition's HTML with Sphinx; raise SiteError with Sphinx's errors if it fails."""
    from sphinx.application import Sphinx

    warnings = io.StringIO()
    app = Sphinx(
        str(source),
        None,
        str(out),
        str(source / ".doctrees"),
        "html",
        confoverrides=dict(config),
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    errors = [line for line in warnings.getvalue().splitlines() if "ERROR" in line]
    if app.statuscode or errors:
        raise SiteError(f"Sphinx could not build {source.name}: " + "; ".join(errors[:5]))
