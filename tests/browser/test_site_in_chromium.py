"""The course site in Chromium: every page draws every figure, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from virtlab.course import build_site, load_manifest, plan_parameters, run_notebooks


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    manifest = load_manifest()
    executed = tmp_path_factory.mktemp("executed")
    modules = list(manifest)
    plan = plan_parameters(modules, {})
    results = run_notebooks(modules, executed, plan, jobs=2, languages=manifest.languages)
    assert all(r.is_ok for r in results), [r.describe_failure() for r in results if not r.is_ok]
    out = tmp_path_factory.mktemp("site")
    build_site(manifest, executed, out)
    return out


def test_every_page_draws_every_figure(browser: Any, site: Path) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else outside.append(r.url),
    )
    for html in sorted(site.rglob("*.html")):
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(html.as_uri())
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
        assert blank == [], f"{html.name}: blank figures {blank}"
        assert errors == [], f"{html.name}: script errors {errors}"
    assert outside == [], f"the site requested other hosts: {outside}"
    page.close()
