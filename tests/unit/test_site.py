"""Site pages: plotly JSON becomes an offline figure, widgets a note, no outside URLs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import plotly.offline
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from virtlab.course import SiteError, build_site, load_manifest, outside_references


def executed_notebook(path: Path) -> None:
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    nb = new_notebook()
    nb.cells.append(
        new_code_cell(
            "fig",
            outputs=[
                new_output(
                    "display_data",
                    data={"application/vnd.plotly.v1+json": json.loads(fig.to_json())},
                )
            ],
        )
    )
    nb.cells.append(
        new_code_cell(
            "dashboard",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                        "text/plain": "VBox()",
                    },
                )
            ],
        )
    )
    nb.cells.append(
        new_code_cell(
            "check",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": "y"},
                        "text/plain": "Check 1",
                        "text/html": "<details><summary>Reveal the answer</summary>42</details>",
                    },
                )
            ],
        )
    )
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, path)


@pytest.fixture
def one_module(tmp_path: Path):  # type: ignore[no-untyped-def]
    manifest = load_manifest()
    first = manifest.modules[0]
    executed = tmp_path / "executed"
    (executed / "en").mkdir(parents=True)
    executed_notebook(executed / "en" / f"{first.id}.ipynb")
    english_only = {"en": manifest.editions["en"]}
    return dataclasses.replace(manifest, modules=(first,), editions=english_only), executed


def test_plotly_figures_are_drawn_with_inlined_plotly_js(one_module, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    manifest, executed = one_module
    (page,) = build_site(manifest, executed, tmp_path / "site")
    text = page.path.read_text(encoding="utf-8")
    assert page.figures == 1
    assert text.count("Plotly.newPlot(") == 1
    assert plotly.offline.get_plotlyjs()[-2000:] in text, "plotly.js is inlined in the page"
    assert "Interactive dashboard" in text and "VBox()" not in text
    assert "<details><summary>Reveal the answer</summary>42</details>" in text  # a self-check
    assert outside_references(text) == []


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
