"""Latency and throughput under load obey the operational laws, for any workload and load."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from virtlab import model
from virtlab.model import Load, Workload

amounts = st.floats(min_value=0, max_value=2_000, allow_nan=False)
workloads = st.builds(
    Workload,
    cpu_us=amounts,
    syscalls=st.floats(min_value=0, max_value=50),
    page_faults=st.floats(min_value=0, max_value=5),
    privileged_ops=st.floats(min_value=0, max_value=5),
    disk_ios=st.floats(min_value=0, max_value=3),
    net_round_trips=st.floats(min_value=0, max_value=3),
    wait_us=amounts,
)
loads = st.builds(
    Load,
    concurrency=st.floats(min_value=1, max_value=1_000),
    cores=st.integers(min_value=1, max_value=64).map(float),
)
platforms = st.sampled_from(model.PLATFORMS)
SERVERS = {"backend": 1.0, "device": 1.0}


@settings(max_examples=150, deadline=None)
@given(platforms, workloads, loads)
def test_throughput_never_exceeds_what_the_bottleneck_allows(
    platform_id: str, workload: Workload, load: Load
) -> None:
    found = model.performance(platform_id, workload, load)
    for resource in ("cpu", "backend", "device"):
        demand = found.demands_us[resource]
        servers = load.cores if resource == "cpu" else SERVERS[resource]
        if demand > 0:
            assert found.throughput_per_s <= servers / demand * 1e6 * (1 + 1e-9)
            assert found.utilization[resource] <= 1.0


@settings(max_examples=150, deadline=None)
@given(platforms, workloads, st.integers(min_value=1, max_value=16).map(float))
def test_one_client_waits_the_sum_of_the_tolls(
    platform_id: str, workload: Workload, cores: float
) -> None:
    one = model.performance(platform_id, workload, Load(concurrency=1, cores=cores))
    alone = model.evaluate(platform_id, workload)
    assert one.latency_us == pytest.approx(alone.time_us, rel=1e-9, abs=1e-12)
    assert sum(one.demands_us.values()) == pytest.approx(alone.time_us, rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(platforms, workloads, loads)
def test_littles_law_holds_for_a_closed_load(
    platform_id: str, workload: Workload, load: Load
) -> None:
    found = model.performance(platform_id, workload, load)
    if 0 < found.throughput_per_s < np.inf:
        in_flight = found.throughput_per_s * 1e-6 * found.latency_us
        assert in_flight == pytest.approx(load.concurrency, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(platforms, workloads)
def test_more_clients_never_lower_throughput_or_latency(
    platform_id: str, workload: Workload
) -> None:
    assume(model.evaluate(platform_id, workload).time_us > 1e-6)  # no work: infinite throughput
    levels = np.array([1.0, 2.0, 4.0, 16.0, 64.0, 256.0])
    found = model.performance(platform_id, workload, Load(concurrency=levels, cores=4.0))
    assert np.all(np.diff(found.throughput_per_s) >= -1e-6)
    assert np.all(np.diff(found.latency_us) >= -1e-9)


def test_host_networking_takes_bare_metals_path() -> None:
    round_trip = Workload(net_round_trips=1)
    host = model.demands("container", round_trip, network="host")
    assert dict(host) == dict(model.demands("bare_metal", round_trip))
    nat = model.evaluate("container", round_trip).time_us
    pod = model.evaluate("container", round_trip, network="pod").time_us
    assert model.evaluate("bare_metal", round_trip).time_us <= pod <= nat


def test_an_open_load_beyond_capacity_waits_forever() -> None:
    io = Workload(cpu_us=10, disk_ios=1)
    capacity = model.performance("hw_assisted", io, Load(concurrency=1_000)).throughput_per_s
    below = model.performance("hw_assisted", io, Load(rate_per_s=0.5 * capacity))
    beyond = model.performance("hw_assisted", io, Load(rate_per_s=2 * capacity))
    assert below.throughput_per_s == pytest.approx(0.5 * capacity)
    assert (
        np.isfinite(below.latency_us)
        and below.latency_us >= model.evaluate("hw_assisted", io).time_us
    )
    assert beyond.throughput_per_s == pytest.approx(capacity) and beyond.latency_us == np.inf


@pytest.mark.parametrize(
    ("platform_id", "options", "message"),
    [
        (
            "container",
            {"network": "nat"},
            "network of container must be one of bridge_nat, host, pod; got 'nat'",
        ),
        (
            "hw_assisted",
            {"network": "host"},
            "network of hw_assisted must be one of vhost, qemu; got 'host'",
        ),
        ("gvisor", {"disk": "raw"}, "gvisor has no option 'disk' (platforms with it: hw_assisted)"),
        (
            "hw_assisted",
            {"disk": "vmdk"},
            "disk of hw_assisted must be one of raw, qcow2; got 'vmdk'",
        ),
        (
            "container",
            {"storage": "aufs"},
            "storage of container must be one of volume, overlay; got 'aufs'",
        ),
    ],
)
def test_a_bad_option_names_the_allowed_values(
    platform_id: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        model.evaluate(platform_id, Workload(cpu_us=1), **options)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        model.performance(platform_id, Workload(cpu_us=1), Load(), **options)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"concurrency": 0}, "Load.concurrency must be a finite number >= 1; got 0"),
        ({"cores": float("nan")}, "Load.cores must be a finite number >= 1; got nan"),
        ({"rate_per_s": -5}, "Load.rate_per_s must be a finite number >= 0; got -5"),
        ({"concurrency": [1, 2, 0.5]}, "Load.concurrency must be a finite number >= 1; got 0.5"),
    ],
)
def test_a_bad_load_names_the_field(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Load(**arguments)  # type: ignore[arg-type]


def test_a_load_that_is_not_a_number_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="Load.cores must be a number; got str '4'"):
        Load(cores="4")  # type: ignore[arg-type]


def test_the_korean_edition_explains_a_bad_option_in_korean() -> None:
    from virtlab import i18n

    with i18n.using("ko"), pytest.raises(ValueError, match="container의 network 옵션은"):
        model.evaluate("container", Workload(cpu_us=1), network="nat")
