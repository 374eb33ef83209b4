"""The whole course executes under papermill, and its site builds offline from the results."""

from __future__ import annotations

from pathlib import Path

import pytest
from shown_text import left_in_english, share_of_hangul, shown_text

from virtlab.course import (
    build_site,
    load_manifest,
    outside_references,
    plan_parameters,
    run_notebooks,
)

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    manifest = load_manifest()
    out = tmp_path_factory.mktemp("executed")
    modules = list(manifest)
    plan = plan_parameters(modules, {})
    results = run_notebooks(modules, out, plan, jobs=2, languages=manifest.languages)
    failures = [r.describe_failure() for r in results if not r.is_ok]
    assert not failures, failures
    return out


def test_every_module_was_executed_in_every_edition(executed: Path) -> None:
    manifest = load_manifest()
    for lang in manifest.languages:
        assert sorted(p.stem for p in (executed / lang).glob("*.ipynb")) == [m.id for m in manifest]


@pytest.mark.parametrize("module_id", [m.id for m in load_manifest()])
def test_the_korean_edition_shows_korean(executed: Path, module_id: str) -> None:
    shown = shown_text(executed / "ko" / f"{module_id}.ipynb")
    assert shown, "the notebook shows something"
    assert left_in_english(shown) == []
    assert share_of_hangul(shown) >= 0.5


def test_each_edition_shows_its_language(executed: Path) -> None:
    def shown(lang: str) -> list[tuple[str, str]]:
        return [t for m in load_manifest() for t in shown_text(executed / lang / f"{m.id}.ipynb")]

    assert share_of_hangul(shown("ko")) >= 0.6
    assert share_of_hangul(shown("en")) < 0.2


def test_site_has_a_page_per_module_and_loads_nothing_from_outside(
    executed: Path, tmp_path: Path
) -> None:
    manifest = load_manifest()
    site = tmp_path / "site"
    pages = build_site(manifest, executed, site)
    assert [(p.lang, p.module_id) for p in pages] == [
        (lang, m.id) for lang in manifest.languages for m in manifest
    ]
    index = (site / "index.html").read_text(encoding="utf-8")
    korean_index = (site / "ko" / "index.html").read_text(encoding="utf-8")
    for m in manifest:
        assert f'href="{m.id}.html"' in index and m.title_en in index
        assert f'href="{m.id}.html"' in korean_index and m.title_ko in korean_index
    for page in [*site.rglob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert outside_references(text) == [], page.name
        assert page.stat().st_size < 1_500_000, f"{page.name} is {page.stat().st_size} bytes"
    assert sum(p.figures for p in pages) == sum(
        p.path.read_text(encoding="utf-8").count("Plotly.newPlot(") for p in pages
    )
    assert len(list(site.rglob("plotly.min.js"))) == 1, "one plotly.js for the whole site"


def test_no_notebook_carries_widget_state(executed: Path) -> None:
    # a FigureWidget's saved state holds megabytes of plotly.js; neither the stored
    # notebooks nor the executed copies may keep it
    import json

    for path in [
        *sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb")),
        *sorted((Path(__file__).resolve().parents[2] / "notebooks" / "ko").glob("*.ipynb")),
        *executed.rglob("*.ipynb"),
    ]:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        assert "widgets" not in notebook["metadata"], path.name
        assert path.stat().st_size < 1_500_000, f"{path.name} is {path.stat().st_size} bytes"
