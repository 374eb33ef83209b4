"""What every figure builder promises: a title, axis titles with a unit, the same figure
for the same input, and a place in ``virtlab.figures``."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import plotly.graph_objects as go
import pytest

from virtlab import figures, model, probe

WEB = model.Workload(cpu_us=300, syscalls=20, page_faults=5, net_round_trips=1)
REQUEST = model.Workload(cpu_us=200, syscalls=20, page_faults=2, privileged_ops=20)


def recorded_comparison() -> probe.ModelComparison:
    return probe.compare_with_model(probe.benchmarks(environ={"VIRTLAB_LIVE": "0"}))


# Builders with a value axis; the others (tables, timelines, stacks) have their own tests.
BUILDERS: dict[str, Callable[[], go.Figure]] = {
    "breakdown": lambda: figures.breakdown_figure(WEB),
    "ranking": lambda: figures.ranking_figure(WEB),
    "model_vs_published": figures.model_vs_published_figure,
    "density": lambda: figures.density_figure(64, 256),
    "startup": figures.startup_figure,
    "layers": figures.crossing_layers_figure,
    "privileged_ops": lambda: figures.privileged_ops_figure(REQUEST),
    "published": lambda: figures.published_benchmark_figure(
        model.compare_to_published(), "osdb_oltp"
    ),
    "crossings_vs_model": lambda: figures.crossings_vs_model_figure(recorded_comparison()),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_figure_has_a_title_and_axis_titles_with_units(name: str) -> None:
    fig = BUILDERS[name]()
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    # the numeric axis names its unit in parentheses
    assert "(" in fig.layout.xaxis.title.text or "(" in fig.layout.yaxis.title.text


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_figures_are_deterministic(name: str) -> None:
    assert BUILDERS[name]().to_json() == BUILDERS[name]().to_json()


MODULES = sorted(
    m.name for m in pkgutil.iter_modules(figures.__path__) if not m.name.startswith("_")
)


@pytest.mark.parametrize("module", MODULES)
def test_the_package_exports_every_builder(module: str) -> None:
    found = importlib.import_module(f"virtlab.figures.{module}")
    for name in found.__all__:
        if name.endswith("_figure"):
            assert name in figures.__all__, f"{module}.{name}"
            assert getattr(figures, name) is getattr(found, name)
