"""Fixtures for browser tests: one JupyterLab server and one Chromium for the session.

Without Chromium (or, for the hub test, git and the pinned configurable-http-proxy)
the tests skip with the reason; under CI (CI=true) they fail instead, because CI
installs them and must run them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hubdriver import hub_missing_reason
from labdriver import ROOT, chromium, chromium_missing_reason, jupyterlab, lab_root

FLOOR = ROOT / "tests" / "fixtures" / "browser" / "floor.ipynb"


collect_ignore = ["hub_config.py"]  # JupyterHub's config file, not a module to import


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)
            reason = chromium_missing_reason()
            if item.path.name == "test_hub.py":
                reason = reason or hub_missing_reason()
            if reason and os.environ.get("CI") != "true":
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = lab_root(tmp_path_factory.mktemp("lab"), extra_notebooks=(FLOOR,))
    with jupyterlab(root, root / "jupyterlab.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = chromium_missing_reason()
    if reason:
        pytest.fail(f"CI must run the browser tests: {reason}")
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def latencies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[float]]]:
    """Painted latencies (ms) gathered by the tests, written to build/ for the record."""
    samples: dict[str, list[float]] = {}
    yield samples
    out = ROOT / "build" / "browser-latency.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(samples, indent=2), encoding="utf-8")


def notebook_names() -> list[str]:
    """Every notebook of every edition, as a path under notebooks/: ``ko/01-bare-metal.ipynb``."""
    folder = ROOT / "notebooks"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.ipynb"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "notebook" in metafunc.fixturenames:
        metafunc.parametrize("notebook", notebook_names())
