"""Figures of the live labs: built from recorded results, they say where their data comes from."""

from __future__ import annotations

import re

import pytest

from virtlab import i18n
from virtlab.figures import bench_figure, limits_figure, ratio_figure, runs_figure
from virtlab.probe import benchmarks, cgroup_limits

RECORDED = {"VIRTLAB_LIVE": "0"}


def test_bench_figure_has_whiskers_on_a_log_axis() -> None:
    result = benchmarks(environ=RECORDED)
    fig = bench_figure(result, names=("syscall", "cpuid"))
    bar = fig.data[0]
    assert list(bar.y) == ["system call (getppid − builtin call)", "CPUID instruction"]
    assert fig.layout.xaxis.type == "log"
    # a second route: median + upper whisker is the maximum of the measurement
    cpuid = result.data.measurement("cpuid")
    assert bar.x[1] + bar.error_x.array[1] == pytest.approx((cpuid.max_ns or 0) / 1000)
    assert "recorded" in fig.layout.title.text


def test_ratio_figure_shows_the_vm_tax() -> None:
    fig = ratio_figure(benchmarks(environ=RECORDED))
    assert "cpuid / syscall" in list(fig.data[0].y)


def test_runs_figure_puts_runs_side_by_side() -> None:
    recorded = benchmarks(environ=RECORDED)
    other = benchmarks(environ=RECORDED, run_id="research-notes-firecracker-kvm")
    fig = runs_figure({"virtlab run": recorded, "research notes": other}, name="syscall")
    assert list(fig.data[0].x) == ["virtlab run", "research notes"]


def test_limits_figure_names_the_cgroup() -> None:
    limits = limits_figure(cgroup_limits(environ=RECORDED))
    assert [trace.name for trace in limits.data][1] == "the cgroup allows"


# --- the Korean edition -------------------------------------------------------------------


def korean(text: str, *names: str) -> None:
    """``text`` is written in Korean: it has Hangul and no English words but ``names``."""
    assert i18n.hangul_share(text) > 0, text
    assert [w for w in i18n.english_words(text) if w not in names] == [], text


def words_of(hover: str) -> str:
    """A hover template without plotly's %{...} fields and its <extra> box."""
    return re.sub(r"%\{[^}]*\}|<extra></extra>", " ", hover)


def test_the_figures_speak_korean() -> None:
    with i18n.using("ko"):
        result = benchmarks(environ=RECORDED)
        bench = bench_figure(result)
        ratios = ratio_figure(result)
        runs = runs_figure({"virtlab": result}, name="cpuid")
        limits = limits_figure(cgroup_limits(environ=RECORDED))
    for fig in (bench, ratios, limits):
        korean(fig.layout.title.text, "firecracker", "kvm")  # the recorded run's id
        assert "firecracker-kvm" in fig.layout.title.text  # which run it was, still said
    korean(runs.layout.title.text, "cpuid")
    korean(bench.layout.xaxis.title.text)
    korean(ratios.layout.xaxis.title.text)
    korean(runs.layout.yaxis.title.text)
    korean(limits.layout.yaxis.title.text)
    korean(words_of(bench.data[0].hovertemplate))
    korean(words_of(ratios.data[0].hovertemplate))
    assert all(text.endswith("배") for text in ratios.data[0].text)
    for trace in limits.data:
        korean(trace.name, "meminfo")
    for kind in limits.data[0].x:
        korean(kind)
    assert [korean(t) for t in limits.data[1].text if t] != []  # "no limit" in Korean


def test_english_figures_stay_english() -> None:
    with i18n.using("en"):
        result = benchmarks(environ=RECORDED)
        fig = bench_figure(result)
    assert fig.layout.title.text == (
        f"What one crossing costs on this machine (recorded ({result.run_id}))"
    )
    assert fig.data[0].hovertemplate == "%{y}<br>median %{x:.3g} µs<extra></extra>"
