"""The course site built with Sphinx from executed notebooks: figures drawn from one shared
plotly.js, widgets noted, both editions linked to each other, launch links, Korean search."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from virtlab.course import SiteError, build_site, hub_link, load_manifest, outside_references
from virtlab.course._search_korean import SearchKorean, stem

HUB = "https://hub.example.edu"


def executed_notebook(path: Path, title: str) -> None:
    """A small executed notebook with a figure, a dashboard, a self-check and a table."""
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    plotly_json = json.loads(fig.to_json())
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell(f"# {title}\n# 두 번째 제목\n\n하이퍼바이저는 계층이다.", id="m0"),
        new_code_cell(
            "fig",
            id="c1",
            outputs=[
                new_output("display_data", data={"application/vnd.plotly.v1+json": plotly_json})
            ],
        ),
        new_code_cell(
            "dashboard",
            id="c2",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                        "application/vnd.plotly.v1+json": plotly_json,
                        "text/plain": "Dashboard: bars",
                    },
                )
            ],
        ),
        new_code_cell(
            "check",
            id="c3",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": "y"},
                        "application/vnd.virtlab.selfcheck+json": {"answer": "42"},
                        "text/plain": "Check 1",
                        "text/html": "<details><summary>Reveal the answer</summary>42</details>",
                    },
                )
            ],
        ),
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of the course's first module in both editions, built once for these tests."""
    manifest = load_manifest()
    first = manifest.modules[0]
    executed = tmp_path_factory.mktemp("executed")
    for lang in manifest.languages:
        (executed / lang).mkdir()
        executed_notebook(executed / lang / f"{first.id}.ipynb", first.title(lang))
    one_module = dataclasses.replace(manifest, modules=(first,))
    out = tmp_path_factory.mktemp("build") / "site"
    pages = build_site(one_module, executed, out, hub=HUB)
    assert [(p.lang, p.module_id, p.figures) for p in pages] == [
        ("en", first.id, 2),
        ("ko", first.id, 2),
    ]
    return out


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_figures_are_drawn_by_one_shared_plotly_js(site: Path) -> None:
    english, korean = page(site, "00-start-here.html"), page(site, "ko/00-start-here.html")
    for text in (english, korean):
        assert text.count("Plotly.newPlot(") == 2
        assert "plotly.js v" not in text, "plotly.js is not inlined in a page"
    assert '<script src="_static/plotly.min.js' in english
    assert '<script src="_static/../../_static/plotly.min.js' in korean
    assert [p.relative_to(site).as_posix() for p in site.rglob("plotly.min.js")] == [
        "_static/plotly.min.js"
    ]


def test_a_widget_says_it_needs_a_kernel_and_keeps_its_static_view(site: Path) -> None:
    english, korean = page(site, "00-start-here.html"), page(site, "ko/00-start-here.html")
    # the dashboard: a note over its static figure; the self-check: its own static HTML
    assert english.count("Interactive dashboard: open this notebook in JupyterLab") == 1
    assert korean.count("대화형 대시보드입니다") == 1
    assert "<details><summary>Reveal the answer</summary>42</details>" in english
    assert "Dashboard: bars" not in english and "widget-view" not in english


def test_each_page_links_to_its_twin_and_opens_on_the_hub_and_binder(site: Path) -> None:
    manifest = load_manifest()
    english, korean = page(site, "00-start-here.html"), page(site, "ko/00-start-here.html")
    assert 'hreflang="ko" lang="ko" href="ko/00-start-here.html"' in english
    assert 'hreflang="en" lang="en" href="../00-start-here.html"' in korean
    for lang, text in (("en", english), ("ko", korean)):
        link = hub_link(HUB, manifest, "00-start-here", lang=lang).replace("&", "&amp;")
        assert f'data-launch="hub" href="{link}"' in text
    assert (
        'data-launch="binder" href="https://mybinder.org/v2/gh/virtlab-course/virtlab/main'
        "?urlpath=lab%2Ftree%2Fnotebooks%2Fko%2F00-start-here.ipynb" in korean
    )


def test_the_sidebar_lists_modules_with_minutes_and_a_page_has_one_title(site: Path) -> None:
    korean = page(site, "ko/00-start-here.html")
    assert "시작하기: 이 강의를 듣는 방법 (15분)" in page(site, "ko/index.html")
    assert "<em>두 번째 제목</em>" in korean and "<h1>두 번째 제목" not in korean
    assert '<html lang="ko"' in korean


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    for html in site.rglob("*.html"):
        assert outside_references(html.read_text(encoding="utf-8")) == [], html.name


def test_korean_search_indexes_words_without_their_particles(site: Path) -> None:
    text = page(site, "ko/searchindex.js")
    terms = json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))["terms"]
    assert "하이퍼바이저" in terms and "계층" in terms
    assert "하이퍼바이저는" not in terms
    assert "stemWord" in page(site, "ko/_static/language_data.js")


def test_the_korean_stemmer_keeps_short_words_and_names() -> None:
    assert [stem(w) for w in ("컨테이너를", "가상화에서", "사이", "이다")] == [
        "컨테이너",
        "가상화",
        "사이",
        "이다",
    ]
    assert SearchKorean({}).stem("Hypervisor") == "hypervisor"


def test_a_missing_executed_notebook_says_to_run_first(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="run `virtlab run` first"):
        build_site(load_manifest(), tmp_path, tmp_path / "site")


@pytest.mark.parametrize(
    ("html", "found"),
    [
        (
            '<script src="https://cdn.plot.ly/plotly.js"></script>',
            ["https://cdn.plot.ly/plotly.js"],
        ),
        ('<link rel="stylesheet" href="//fonts.example.org/a.css">', ["//fonts.example.org/a.css"]),
        ('<script src="local.js"></script>', []),  # a relative path stays on the site
        ('<a href="https://example.org">a link is not loaded</a>', []),
    ],
)
def test_outside_references_finds_scripts_and_styles_from_other_hosts(
    html: str, found: list[str]
) -> None:
    assert outside_references(html) == found
