"""Figures of notebook 03: the model's numbers on them, and what they refuse."""

from __future__ import annotations

import pytest

from virtlab import model, probe
from virtlab.figures import virtualization as vfig

REQUEST = model.Workload(cpu_us=200, syscalls=20, page_faults=2, privileged_ops=20)
RECORDED = {"VIRTLAB_LIVE": "0"}


def recorded_comparison() -> probe.ModelComparison:
    return probe.compare_with_model(probe.benchmarks(environ=RECORDED))


@pytest.mark.parametrize("crossing", model.CROSSINGS)
def test_each_bar_of_layers_adds_up_to_the_toll(crossing: str) -> None:
    # second route: the segments of a platform's bar sum to crossing_cost_us
    fig = vfig.crossing_layers_figure(crossing)
    for pid in vfig.VIRTUALIZATION_PLATFORMS:
        segments = [t.x[0] for t in fig.data if t.y[0].split(" ")[0] == pid]
        assert sum(segments) == pytest.approx(model.crossing_cost_us(pid, crossing))


def test_privileged_ops_figure_joins_breakdown_and_ranking() -> None:
    fig = vfig.privileged_ops_figure(REQUEST)
    parts = {t.name: t for t in fig.data[: len(model.COMPONENTS)]}
    assert list(parts) == list(model.COMPONENTS)
    paravirt = model.evaluate("paravirt", REQUEST)
    column = list(parts["privileged_op"].x).index("paravirt")
    assert parts["privileged_op"].y[column] == pytest.approx(paravirt.breakdown["privileged_op"])
    ranking = fig.data[-1]
    assert list(ranking.x) == sorted(ranking.x) and ranking.y[-1] == "bare_metal"
    assert fig.layout.xaxis2.range == (0, 1.2)


def test_published_figure_refuses_an_unknown_benchmark() -> None:
    with pytest.raises(ValueError, match="no published result for benchmark 'tetris'"):
        vfig.published_benchmark_figure(model.compare_to_published(), "tetris")


def test_crossings_vs_model_says_it_is_recorded_and_shows_the_rows() -> None:
    comparison = recorded_comparison()
    fig = vfig.crossings_vs_model_figure(comparison)
    assert "recorded" in fig.layout.title.text
    measured, modelled, bare = fig.data
    assert list(measured.x) == [row.crossing for row in comparison.rows]
    assert list(modelled.y) == [row.model_us for row in comparison.rows]
    assert list(bare.y) == [row.bare_metal_model_us for row in comparison.rows]
    assert fig.layout.yaxis.type == "log"
