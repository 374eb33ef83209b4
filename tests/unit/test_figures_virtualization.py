"""Figures of notebook 03: the model's numbers on them, and what they refuse."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from virtlab import i18n, model, probe
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
    parts = {t.meta: t for t in fig.data[: len(model.COMPONENTS)]}
    assert list(parts) == list(model.COMPONENTS)
    assert parts["privileged_op"].name == "privileged operation"
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


# --- the Korean edition -------------------------------------------------------------


def korean(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Text written in Korean: some Hangul, and no English word but the ``allowed`` ones."""
    return i18n.hangul_share(text) > 0 and set(i18n.english_words(text)) <= allowed


def a_comparison(is_live: bool) -> Any:
    """A stand-in for ``probe.compare_with_model()``: two crossings, one not measured."""
    rows = (
        SimpleNamespace(
            crossing="syscall", measured_us=0.1, model_us=0.45, bare_metal_model_us=0.45
        ),
        SimpleNamespace(
            crossing="privileged_op", measured_us=None, model_us=1.05, bare_metal_model_us=0.05
        ),
    )
    return SimpleNamespace(
        platform_id="hw_assisted", rows=rows, bench=SimpleNamespace(is_live=is_live)
    )


def test_in_korean_the_layers_figure_is_titled_in_korean() -> None:
    with i18n.using("ko"):
        fig = vfig.crossing_layers_figure("page_fault")
    for text in (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text):
        assert korean(text), text
    assert "page_fault" in fig.layout.title.text  # the crossing's id stays


def test_in_korean_the_privileged_ops_figure_is_korean_panels_and_all() -> None:
    with i18n.using("ko"):
        fig = vfig.privileged_ops_figure(REQUEST)
    texts = [
        fig.layout.title.text,
        fig.layout.legend.title.text,
        fig.layout.xaxis.title.text,
        fig.layout.yaxis.title.text,
        fig.layout.xaxis2.title.text,
        *(a.text for a in fig.layout.annotations),  # the panels' titles
        *(t.name for t in fig.data[: len(model.COMPONENTS)]),
    ]
    assert [t for t in texts if not korean(t)] == []
    assert fig.layout.title.text.startswith("요청 하나에 특권 연산 20회")


def test_in_korean_the_published_figure_labels_marks_in_korean() -> None:
    with i18n.using("ko"):
        fig = vfig.published_benchmark_figure(model.compare_to_published(), "fork_proc")
    published, modelled = fig.data
    assert (published.name, modelled.name) == ("발표값", "모델")
    assert "hw_assisted<br>Adams & Agesen 2006, 검증 표시 S" in list(published.x)
    for text in (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text):
        assert korean(text), text
    assert "발표값: %{y:.3f}" in published.hovertemplate


@pytest.mark.parametrize(("is_live", "source"), [(False, "기록된 값"), (True, "지금 측정한 값")])
def test_in_korean_the_measured_crossings_say_where_they_come_from(
    is_live: bool, source: str
) -> None:
    with i18n.using("ko"):
        fig = vfig.crossings_vs_model_figure(a_comparison(is_live))
    assert source in fig.layout.title.text
    assert [t.name for t in fig.data] == [
        "이 머신에서 측정",
        "모델: hw_assisted",
        "모델: bare_metal",
    ]
    assert list(fig.data[0].text) == ["0.1", "없음"]
    for text in (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text):
        assert korean(text), text


def test_in_korean_an_unknown_benchmark_is_refused_in_korean() -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match="발표된 결과가 없는 벤치마크") as raised:
        vfig.published_benchmark_figure(model.compare_to_published(), "tetris")
    assert "'tetris'" in str(raised.value)


def test_english_stays_english() -> None:
    with i18n.using("en"):
        fig = vfig.crossings_vs_model_figure(a_comparison(False))
        layers = vfig.crossing_layers_figure("privileged_op")
    assert fig.layout.title.text == "One crossing here (recorded) and in the model (hw_assisted)"
    assert list(fig.data[0].text) == ["0.1", "n/a"]
    assert layers.layout.title.text == "What one privileged_op passes through, layer by layer"
