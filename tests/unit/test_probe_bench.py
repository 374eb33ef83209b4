"""Micro-benchmarks: medians with spreads, ratios, a live run, and the model comparison."""

from __future__ import annotations

import platform
import re

import pytest

from virtlab import i18n
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


# --- in Korean: labels, what each crossing shows, ratios, notes, errors

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CODE_LABELS = {"getppid", "clock_read", "unshare_user", "unshare_user_net"}  # code, not words


def test_every_benchmark_is_described_in_korean() -> None:
    with i18n.using("ko"):
        table = dict(BENCHMARKS)
    assert set(table) == set(BENCHMARKS)
    for name, (label, shows) in table.items():
        assert HANGUL.search(shows), name
        if name in CODE_LABELS:
            assert label == BENCHMARKS[name][0]  # os.getppid() reads the same in Korean
        else:
            assert HANGUL.search(label), name
    assert BENCHMARKS["cpuid"] == (
        "CPUID instruction",
        "a VM exit when virtualized: the round trip to the hypervisor",
    )


@pytest.mark.parametrize("run_id", [None, "research-notes-firecracker-kvm"])
def test_a_recording_reads_in_korean(run_id: str | None) -> None:
    with i18n.using("ko"):
        result = benchmarks(environ={"VIRTLAB_LIVE": "0"}, run_id=run_id)
        text = format_bench(result)
    assert all(HANGUL.search(r.meaning) for r in result.data.ratios)
    for m in result.data.measurements:
        assert m.name in CODE_LABELS or HANGUL.search(m.label), m
        assert HANGUL.search(m.shows), m
    assert all(HANGUL.search(n) for n in result.data.notes)  # the run file's own Korean notes
    assert "회 반복" in text and "repeats" not in text
    english = benchmarks(environ={"VIRTLAB_LIVE": "0"}, run_id=run_id)
    assert english.data.measurement("cpuid").label == "CPUID instruction"
    assert not HANGUL.search(format_bench(english))


def test_skipped_items_and_failures_in_korean() -> None:
    with i18n.using("ko"):
        result = summarize(
            {"builtin_call": [30] * 3},
            {"skipped page_fault": "메모리 여유 10 MiB < 4 x 32 MiB"},
        )
        with pytest.raises(KeyError, match="없는 측정 항목입니다: 'fork'"):
            result.measurement("fork")
    assert result.notes == ("page_fault 측정을 건너뛰었습니다: 메모리 여유 10 MiB < 4 x 32 MiB",)
    english = summarize({"builtin_call": [30] * 3}, {"skipped page_fault": "no room"})
    assert english.notes == ("skipped page_fault: no room",)


def test_bad_repeats_are_refused_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match="repeats 값은 3에서 15 사이여야"):
        benchmarks(repeats=2)
    assert main_bench(["--lang", "ko", "--repeats", "99"]) == 2
    assert "--repeats 값은 3에서 15 사이여야 합니다. 받은 값: 99" in capsys.readouterr().err


def test_the_model_comparison_note_in_korean() -> None:
    with i18n.using("ko"):
        comparison = compare_with_model(benchmarks(environ={"VIRTLAB_LIVE": "0"}))
    assert comparison.note.endswith("모델 플랫폼: microvm.")
    assert "기록한 결과입니다" in comparison.note
