"""The course site in Chromium, served on loopback: every figure draws, search finds Korean and
English words, each page's language switch and launch links lead where they should, and the
console stays clean. Nothing is fetched from another host."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from virtlab.course import build_site, hub_link, load_manifest, plan_parameters, run_notebooks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    manifest = load_manifest()
    executed = tmp_path_factory.mktemp("executed")
    modules = list(manifest)
    plan = plan_parameters(modules, {})
    results = run_notebooks(modules, executed, plan, jobs=2, languages=manifest.languages)
    assert all(r.is_ok for r in results), [r.describe_failure() for r in results if not r.is_ok]
    out = tmp_path_factory.mktemp("build") / "site"
    build_site(manifest, executed, out)
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The site on a loopback HTTP server (search reads page text with fetch, which file:// blocks)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def watched(browser: Any, served: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page that records console errors and warnings, and requests to other hosts."""
    page = browser.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in {"error", "warning"} else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith((served, "data:", "blob:")) else outside.append(r.url),
    )
    yield page, problems, outside
    page.close()


def module_pages() -> list[str]:
    manifest = load_manifest()
    return [
        f"{'' if lang == 'en' else lang + '/'}{m.id}.html"
        for lang in manifest.languages
        for m in manifest
    ]


@pytest.mark.parametrize("name", ["index.html", "ko/index.html", *module_pages()])
def test_a_page_draws_every_figure_with_a_clean_console(watched, served: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page, problems, outside = watched
    page.goto(f"{served}/{name}")
    page.wait_for_load_state("load")
    expected = page.locator(".virtlab-figure").count()
    if expected:
        page.wait_for_function(
            "n => document.querySelectorAll('.virtlab-figure .main-svg').length >= n",
            arg=expected,
            timeout=30_000,
        )
    blank = page.evaluate(
        "() => [...document.querySelectorAll('.virtlab-figure')]"
        ".filter(f => !f.querySelector('.main-svg .trace, .main-svg .cell-rect')).map(f => f.id)"
    )
    assert blank == [], f"{name}: blank figures {blank}"
    assert problems == [], f"{name}: console {problems[:5]}"
    assert outside == [], f"{name}: requested other hosts {outside}"


@pytest.mark.parametrize(
    ("search_page", "word", "expected_page"),
    [
        ("ko/search.html", "계층", "ko/02-hypervisors.html"),  # only ever written with a particle
        ("ko/search.html", "반가상화", "ko/03-full-vs-paravirtualization.html"),
        ("search.html", "paravirtualization", "03-full-vs-paravirtualization.html"),
        ("search.html", "namespaces", "04-containers.html"),
    ],
)
def test_search_finds_korean_and_english_words(  # type: ignore[no-untyped-def]
    watched, served: str, search_page: str, word: str, expected_page: str
) -> None:
    page, problems, _ = watched
    page.goto(f"{served}/{search_page}?q={quote(word)}")
    # Sphinx adds the results one by one, then titles the list "Search Results" (translated)
    page.wait_for_function(
        "() => typeof Search !== 'undefined' && Search.title?.innerText"
        " === Documentation.gettext('Search Results')",
        timeout=30_000,
    )
    found = page.evaluate(
        "() => [...document.querySelectorAll('#search-results li a')].map(a => a.href)"
    )
    assert any(href.split("?")[0].split("#")[0].endswith(expected_page) for href in found), found
    assert problems == []


@pytest.mark.parametrize("module_id", [m.id for m in load_manifest()])
def test_the_language_switch_and_launch_links_lead_to_the_same_module(  # type: ignore[no-untyped-def]
    watched, served: str, module_id: str
) -> None:
    manifest = load_manifest()
    page, problems, _ = watched
    page.goto(f"{served}/{module_id}.html")
    page.locator("a.virtlab-edition[hreflang=ko]").first.click()
    page.wait_for_load_state("load")
    assert page.url == f"{served}/ko/{module_id}.html"
    assert page.evaluate("() => document.documentElement.lang") == "ko"
    launch = dict(
        page.evaluate(
            "() => [...document.querySelectorAll('a.virtlab-launch')]"
            ".map(a => [a.dataset.launch, a.href])"
        )
    )
    assert launch["hub"] == hub_link(str(manifest.hub), manifest, module_id, lang="ko")
    notebook = f"notebooks/ko/{module_id}.ipynb"
    assert launch["binder"].endswith("?urlpath=" + quote(f"lab/tree/{notebook}", safe=""))
    assert (ROOT / notebook).is_file(), "the notebook Binder opens is in the repository"
    page.locator("a.virtlab-edition[hreflang=en]").first.click()
    page.wait_for_load_state("load")
    assert page.url == f"{served}/{module_id}.html"
    assert problems == []
