"""evaluate(): the cost model's answer, checked by second routes and against the literature."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from virtlab import i18n, model

# --- strategies -------------------------------------------------------------------------------

counts = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
workloads = st.builds(
    model.Workload,
    cpu_us=counts,
    syscalls=counts,
    page_faults=counts,
    privileged_ops=counts,
    disk_ios=counts,
    net_round_trips=counts,
    memory_mb=counts,
    wait_us=counts,
)
platforms = st.sampled_from(model.PLATFORMS)
COUNT_FIELDS = ("syscalls", "page_faults", "privileged_ops", "disk_ios", "net_round_trips")


# --- the contract -----------------------------------------------------------------------------


def test_result_has_time_relative_throughput_and_breakdown() -> None:
    # design.md: evaluate returns time_us, relative_throughput and breakdown
    result = model.evaluate("hw_assisted", model.Workload(cpu_us=100, disk_ios=1))
    assert result.platform_id == "hw_assisted"
    assert set(result.breakdown) == set(model.COMPONENTS)
    assert result.time_us == pytest.approx(sum(result.breakdown.values()))
    assert 0.0 < result.relative_throughput < 1.0


def test_disk_io_on_hw_assisted_pays_guest_path_vm_exit_and_back_end() -> None:
    # the toll is the sum of the layers the crossing passes through
    layers = model.layer_costs("hw_assisted", "disk_io")
    assert set(layers) == {
        "guest block path and device",
        "storage device latency",
        "VM exit",
        "virtio back-end (QEMU)",
    }
    toll = model.crossing_cost_us("hw_assisted", "disk_io")
    assert toll == pytest.approx(sum(layers.values()))
    assert model.evaluate("hw_assisted", model.Workload(disk_ios=1)).time_us == pytest.approx(toll)


def test_breakdown_is_read_only() -> None:
    # a result is a record of an answer, not a place to edit numbers
    result = model.evaluate("container", model.Workload(cpu_us=1))
    with pytest.raises(TypeError):
        result.breakdown["cpu"] = 0.0  # type: ignore[index]


def test_empty_workload_takes_no_time_and_counts_as_native_speed() -> None:
    # 0 / 0: nothing to do is done equally fast everywhere
    for pid in model.PLATFORMS:
        result = model.evaluate(pid, model.Workload())
        assert result.time_us == 0.0
        assert result.relative_throughput == 1.0


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ("kvm", ValueError, r"unknown platform 'kvm'; choose one of .*hw_assisted"),  # alias hint
        ("Container", ValueError, r"did you mean 'container'"),  # case slip
        (7, TypeError, r"platform id must be a str"),  # not a name at all
    ],
)
def test_bad_platform_ids_are_rejected(bad: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        model.evaluate(bad, model.Workload(cpu_us=1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad_workload",
    [
        {"cpu_us": 1},  # a dict that looks like a workload
        None,  # nothing
        100.0,  # a bare number of microseconds
    ],
)
def test_workload_must_be_a_workload(bad_workload: object) -> None:
    with pytest.raises(TypeError, match=r"workload must be a virtlab.model.Workload"):
        model.evaluate("container", bad_workload)  # type: ignore[arg-type]


@pytest.mark.parametrize(("crossing", "error"), [("sysca11", ValueError), (1, TypeError)])
def test_unknown_crossing_is_rejected(crossing: object, error: type[Exception]) -> None:
    # typo or wrong type: say which crossings exist
    with pytest.raises(error, match=r"crossing"):
        model.crossing_cost_us("container", crossing)  # type: ignore[arg-type]


# --- vectorized evaluation --------------------------------------------------------------------


def test_arrays_broadcast_and_match_one_by_one_evaluation() -> None:
    # second route: the vectorized answer equals the scalar answer element by element
    cpu = np.array([0.0, 10.0, 1000.0])
    syscalls = np.array([[0.0], [5.0]])  # shape (2, 1) broadcasts against (3,)
    result = model.evaluate("gvisor", model.Workload(cpu_us=cpu, syscalls=syscalls, disk_ios=2))
    assert np.shape(result.time_us) == (2, 3)
    for i in range(2):
        for j in range(3):
            one = model.evaluate(
                "gvisor", model.Workload(cpu_us=cpu[j], syscalls=syscalls[i, 0], disk_ios=2)
            )
            assert result.time_us[i, j] == pytest.approx(one.time_us)  # type: ignore[index]
            rel = result.relative_throughput[i, j]  # type: ignore[index]
            assert rel == pytest.approx(one.relative_throughput)
    for part in result.breakdown.values():
        assert np.shape(part) == (2, 3)


def test_a_million_workloads_in_one_call() -> None:
    # the vectorized path is the one that scales (see bench/bench_model.py for timing)
    rng = np.random.default_rng(7)
    n = 1_000_000
    workload = model.Workload(cpu_us=rng.uniform(0, 1000, n), syscalls=rng.integers(0, 50, n))
    result = model.evaluate("paravirt", workload)
    assert np.shape(result.time_us) == (n,)
    assert np.all((result.relative_throughput > 0) & (result.relative_throughput <= 1))


def test_bare_metal_is_exactly_one_for_arrays_too() -> None:
    result = model.evaluate("bare_metal", model.Workload(syscalls=np.arange(5.0)))
    assert np.array_equal(result.relative_throughput, np.ones(5))


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(workloads)
def test_bare_metal_scores_exactly_one(workload: model.Workload) -> None:
    assert model.evaluate("bare_metal", workload).relative_throughput == 1.0


@settings(max_examples=300, deadline=None)
@given(platforms, workloads)
def test_breakdown_sums_to_time(pid: str, workload: model.Workload) -> None:
    result = model.evaluate(pid, workload)
    assert math.isclose(sum(result.breakdown.values()), result.time_us, rel_tol=1e-12, abs_tol=1e-9)
    assert all(part >= 0.0 for part in result.breakdown.values())


@settings(max_examples=300, deadline=None)
@given(platforms, workloads)
def test_no_platform_is_faster_than_bare_metal(pid: str, workload: model.Workload) -> None:
    # relative throughput lies in (0, 1]: every platform's tolls and CPU factor are at
    # least bare metal's (the loader refuses data that breaks this). A container with host
    # networking equals bare metal, so 1.0 is reachable; above 1.0 is not.
    relative = model.evaluate(pid, workload).relative_throughput
    assert 0.0 < relative <= 1.0 + 1e-12


@settings(max_examples=300, deadline=None)
@given(platforms, workloads, st.sampled_from((*COUNT_FIELDS, "cpu_us", "wait_us")), counts)
def test_more_crossings_never_speed_a_platform_up(
    pid: str, workload: model.Workload, field: str, extra: float
) -> None:
    more = model.Workload(
        **{name: getattr(workload, name) for name in model.WORKLOAD_FIELDS}
        | {field: getattr(workload, field) + extra}
    )
    assert model.evaluate(pid, more).time_us >= model.evaluate(pid, workload).time_us


@settings(max_examples=100, deadline=None)
@given(platforms, workloads, st.floats(min_value=0.1, max_value=1000.0))
def test_time_scales_with_the_workload(pid: str, workload: model.Workload, k: float) -> None:
    # k operations' worth of everything take k times as long; relative throughput is unchanged
    scaled = model.Workload(**{n: getattr(workload, n) * k for n in model.WORKLOAD_FIELDS})
    one, many = model.evaluate(pid, workload), model.evaluate(pid, scaled)
    assert math.isclose(many.time_us, k * one.time_us, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(many.relative_throughput, one.relative_throughput, rel_tol=1e-9)


# --- qualitative truths from the literature ---------------------------------------------------

HARDWARE_EXECUTING = tuple(p for p in model.PLATFORMS if p != "emulation")
CPU_BOUND = model.Workload(cpu_us=1_000_000, syscalls=10, privileged_ops=750)  # 1 s of compute


@pytest.mark.parametrize("pid", HARDWARE_EXECUTING)
def test_cpu_bound_work_is_within_a_few_percent_of_native(pid: str) -> None:
    # Felter 2015 (Linpack, STREAM), Barham 2003 (SPEC INT), gVisor guide (sysbench):
    # code that runs directly on the CPU loses at most a few percent
    assert model.evaluate(pid, CPU_BOUND).relative_throughput > 0.97


def test_emulation_is_many_times_slower_on_cpu_bound_work() -> None:
    # every instruction is translated in software
    assert model.evaluate("emulation", CPU_BOUND).relative_throughput < 0.2


def test_gvisor_system_calls_cost_an_order_of_magnitude_more_than_a_containers() -> None:
    # gVisor performance guide: a raw system call loop runs about 20x slower under runsc (ptrace)
    ratio = model.crossing_cost_us("gvisor", "syscall") / model.crossing_cost_us(
        "container", "syscall"
    )
    assert ratio >= 10


@pytest.mark.parametrize(
    ("faster", "slower", "workload", "why"),
    [
        # Barham 2003: Xen's page-fault and context-switch paths beat VMware Workstation's
        ("paravirt", "type2_hosted", model.Workload(page_faults=1), "shadow paging"),
        ("paravirt", "type2_hosted", model.Workload(privileged_ops=1), "hypercall vs BT"),
        # Felter 2015: Docker's NAT doubles round-trip latency; KVM adds about 30 µs (80%)
        ("bare_metal", "container", model.Workload(net_round_trips=1), "NAT"),
        ("bare_metal", "hw_assisted", model.Workload(net_round_trips=1), "virtio"),
        # Felter 2015 fio logs: KVM gets well under half the native 4 KiB IOPS
        ("container", "hw_assisted", model.Workload(disk_ios=1), "virtio-blk"),
        # Adams & Agesen 2006: VT-x runs system calls at native speed, BT does not
        ("hw_assisted", "full_virt_bt", model.Workload(syscalls=1), "syscalls need no exit"),
    ],
)
def test_published_orderings_hold(
    faster: str, slower: str, workload: model.Workload, why: str
) -> None:
    fast = model.evaluate(faster, workload).time_us
    slow = model.evaluate(slower, workload).time_us
    assert fast < slow, why


def test_a_container_round_trip_costs_more_behind_nat_than_on_the_host_network() -> None:
    # Felter 2015's Redis logs: Docker's NAT adds latency (and CPU); --net=host adds none
    def rtt(**options: str) -> float:
        return float(
            model.evaluate("container", model.Workload(net_round_trips=1), **options).time_us
        )

    native = model.crossing_cost_us("bare_metal", "net_round_trip")
    assert rtt(network="host") == pytest.approx(native)
    assert (
        native
        < rtt(network="pod")
        < rtt(network="bridge_nat")
        == pytest.approx(model.crossing_cost_us("container", "net_round_trip"))
    )


# --- the Korean edition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: model.evaluate("container", {"cpu_us": 1}),
            TypeError,
            r"^`workload` 인자는 .*`virtlab\.model\.Workload` 객체여야 합니다\. 받은 값: dict$",
        ),
        (
            lambda: model.crossing_cost_us("container", "sysca11"),
            ValueError,
            r"^알 수 없는 경계 통과 종류입니다: 'sysca11'\. 다음 중 하나를 고르세요: syscall, ",
        ),
        (
            lambda: model.layer_costs("container", 1),
            TypeError,
            r"^`crossing` 값은 .* 문자열\(str\)이어야 합니다\. 받은 값: int 1$",
        ),
    ],
)
def test_errors_are_korean_under_korean(call: object, error: type[Exception], message: str) -> None:
    with i18n.using("ko"), pytest.raises(error, match=message):
        call()  # type: ignore[operator]
