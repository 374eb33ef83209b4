"""Figures of the live labs: built from recorded results, they say where their data comes from."""

from __future__ import annotations

import pytest

from virtlab.figures import bench_figure, evidence_figure, limits_figure, ratio_figure, runs_figure
from virtlab.probe import benchmarks, cgroup_limits, where_am_i

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


def test_evidence_and_limits_figures() -> None:
    report = where_am_i(environ=RECORDED)
    table = evidence_figure(report)
    assert len(table.data[0].cells.values[0]) == len(report.evidence)
    limits = limits_figure(cgroup_limits(environ=RECORDED))
    assert [trace.name for trace in limits.data][1] == "the cgroup allows"
