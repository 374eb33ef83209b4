"""Micro-benchmarks: medians with spreads, ratios, a live run, and the model comparison."""

from __future__ import annotations

import platform

import pytest

from virtlab.probe import (
    BENCHMARKS,
    ModelUnavailableError,
    benchmarks,
    compare_with_model,
    format_bench,
    main_bench,
    summarize,
    where_am_i,
)


@pytest.mark.parametrize(
    ("samples", "name", "median", "low", "high"),
    [
        # a derived crossing subtracts the baseline repeat by repeat: 130, 134, 129
        ({"builtin_call": [30, 31, 29], "getppid": [160, 165, 158]}, "syscall", 130, 129, 134),
        # the vDSO clock read, the same way
        ({"builtin_call": [30, 30, 30], "clock_read": [75, 80, 77]}, "vdso_clock", 47, 45, 50),
        # an even number of repeats: the median lies between the middle two
        ({"cpuid": [1000, 1200, 1400, 5000]}, "cpuid", 1300, 1000, 5000),
        # one repeat: the spread collapses onto it
        ({"spawn": [470_000]}, "spawn", 470_000, 470_000, 470_000),
    ],
)
def test_summarize_medians_and_spreads(
    samples: dict[str, list[float]], name: str, median: float, low: float, high: float
) -> None:
    m = summarize(samples).measurement(name)
    assert (m.median_ns, m.min_ns, m.max_ns) == (median, low, high)
    assert (
        m.q1_ns is not None and m.q3_ns is not None and low <= m.q1_ns <= median <= m.q3_ns <= high
    )


def test_ratios_divide_medians_and_survive_missing_sides() -> None:
    result = summarize({"builtin_call": [30] * 3, "getppid": [160] * 3, "cpuid": [1300] * 3})
    assert result.ratio("vm_tax") == pytest.approx(10.0)  # the VM tax: 1300 / 130
    assert result.ratio("spawn_vs_unshare") is None  # nothing measured on either side


def test_a_failed_item_is_reported_not_raised() -> None:
    result = summarize(
        {"builtin_call": [30] * 3}, {"unshare_user": "unshare(0x10000000): Operation not permitted"}
    )
    failed = result.measurement("unshare_user")
    assert failed.median_ns is None and failed.error is not None and "not permitted" in failed.error
    with pytest.raises(KeyError, match="no measurement 'fork'"):
        result.measurement("fork")


def test_live_benchmarks_here() -> None:
    if platform.system() != "Linux":
        pytest.skip("the live benchmarks are Linux only")
    result = benchmarks(repeats=3, environ={})
    assert result.source == "live", result.reason
    names = {m.name for m in result.data.measurements if m.error is None}
    assert {"syscall", "vdso_clock", "spawn", "unshare_user", "unshare_user_net"} <= names
    syscall = result.data.measurement("syscall").median_ns
    spawn = result.data.measurement("spawn").median_ns
    assert (
        syscall is not None and spawn is not None and spawn > syscall
    )  # ordering facts, never timings
    if (
        platform.machine() == "x86_64"
        and where_am_i(environ={}, cpuid="skip").hypervisor is not None
    ):
        assert (
            result.data.ratio("vm_tax") is not None and result.data.ratio("vm_tax") > 2
        )  # a VM exit
    assert result.data.seconds < 20
    assert "cpuid / syscall" in format_bench(result)


@pytest.mark.parametrize(
    ("environ", "system", "why"),
    [
        ({"VIRTLAB_LIVE": "0"}, None, "VIRTLAB_LIVE=0"),  # CI: byte-stable notebooks
        ({}, "Darwin", "Linux"),  # a Mac: the recording, with the reason shown
    ],
)
def test_recorded_benchmarks(environ: dict[str, str], system: str | None, why: str) -> None:
    result = benchmarks(environ=environ, system=system)
    assert result.source == "recorded"
    assert why in result.reason or (result.refusal is not None and why in result.refusal.detail)
    assert set(BENCHMARKS) == {m.name for m in result.data.measurements}


@pytest.mark.parametrize("repeats", [2, 16])
def test_repeats_are_bounded(repeats: int) -> None:
    with pytest.raises(ValueError, match="repeats must be between 3 and 15"):
        benchmarks(repeats=repeats)


def test_main_bench_rejects_unbounded_repeats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_bench(["--repeats", "99"]) == 2
    assert "between 3 and 15" in capsys.readouterr().err


def test_compare_with_model_on_the_recorded_run() -> None:
    recorded = benchmarks(environ={"VIRTLAB_LIVE": "0"})
    comparison = compare_with_model(recorded)
    assert comparison.platform_id == "microvm"  # a Firecracker VM, from the recorded report
    rows = {r.crossing: r for r in comparison.rows}
    assert set(rows) == {"syscall", "privileged_op", "page_fault"}
    # a second route: the model's microVM pays a VM exit that bare metal does not
    assert rows["privileged_op"].model_us > rows["privileged_op"].bare_metal_model_us
    assert all(r.measured_us is not None and r.measured_us > 0 for r in comparison.rows)


def test_model_unavailable_is_an_import_error() -> None:
    assert issubclass(ModelUnavailableError, ImportError)
