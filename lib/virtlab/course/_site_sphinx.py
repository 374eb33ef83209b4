"""The Sphinx extension of the course site: language switch, launch links, Korean search.

Loaded by :mod:`virtlab.course._site` as the extension ``virtlab.course._site_sphinx``.
It adds to every page of an edition, through the template ``virtlab-links.html``
in the theme's article header:

- a link to the same page in each other edition (``virtlab_editions``);
- on a module's page, "Open on your JupyterHub" (the nbgitpuller link of
  ``virtlab hub-link``) and "Binder" (``virtlab_launch``: page name -> links).

It registers :class:`~virtlab.course._search_korean.SearchKorean`, so a Korean
edition's search finds a word whatever particle follows it. The templates and
the style sheet it uses live in ``site/`` beside this module.
"""

from __future__ import annotations

from typing import Any

from virtlab.course._search_korean import SearchKorean

__all__ = ["setup"]


def _page_links(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Put this page's edition and launch links into the template's context."""
    config = app.config
    context["virtlab_editions"] = [
        {"name": name, "lang": lang, "href": f"{root}/{pagename}.html"}
        for lang, name, root in config.virtlab_editions
    ]
    context["virtlab_launch"] = config.virtlab_launch.get(pagename, [])


def setup(app: Any) -> dict[str, Any]:
    """Register the configuration values, the template hook and the Korean search."""
    app.add_config_value("virtlab_editions", [], "html", types=[list])
    app.add_config_value("virtlab_launch", {}, "html", types=[dict])
    app.add_search_language(SearchKorean)
    app.connect("html-page-context", _page_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
