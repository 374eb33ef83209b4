"""Start-up time, memory overhead and instances per host."""

from __future__ import annotations

import math

import pytest

from virtlab import i18n, model


@pytest.mark.parametrize("pid", model.PLATFORMS)
def test_every_platform_has_startup_memory_and_reserve(pid: str) -> None:
    assert model.startup_seconds(pid) > 0
    assert model.memory_overhead_mb(pid) >= 0
    assert model.host_reserve_mb(pid) > 0


def test_a_container_starts_faster_than_a_full_vm() -> None:
    # Manco 2017 (Docker ~ a few hundred ms) vs a general-purpose guest OS boot (seconds)
    assert model.startup_seconds("container") < model.startup_seconds("hw_assisted")


def test_a_container_uses_less_memory_per_instance_than_a_full_vm() -> None:
    # gVisor guide: an empty runc container ~4 MB; Agache 2020: QEMU alone ~131 MB
    assert model.memory_overhead_mb("container") < model.memory_overhead_mb("hw_assisted")


def test_a_microvm_starts_faster_and_is_lighter_than_a_full_vm() -> None:
    # Agache 2020: Firecracker boots in ~160 ms with ~3 MB of VMM overhead
    assert model.startup_seconds("microvm") < model.startup_seconds("hw_assisted")
    assert model.memory_overhead_mb("microvm") < model.memory_overhead_mb("hw_assisted")


@pytest.mark.parametrize(
    ("pid", "host_gb", "app_mb"),
    [
        ("container", 64, 256),  # the doctest's case
        ("hw_assisted", 64, 256),  # a full VM pays guest OS + QEMU per instance
        ("bare_metal", 16, 100),  # processes of one OS: overhead 0
        ("microvm", 1.5, 0.5),  # fractional sizes are fine
    ],
)
def test_instances_follow_the_formula(pid: str, host_gb: float, app_mb: float) -> None:
    # second route: recompute floor((host - reserve) / (app + overhead)) by hand
    free = host_gb * 1024 - model.host_reserve_mb(pid)
    expected = math.floor(free / (app_mb + model.memory_overhead_mb(pid)))
    assert model.instances_per_host(pid, host_gb, app_mb) == expected


def test_a_host_smaller_than_its_reserve_holds_no_instance() -> None:
    # 1 GB of RAM under a 2 GB dom0 leaves nothing, not a negative count
    assert model.instances_per_host("paravirt", 1, 100) == 0


def test_containers_pack_more_instances_than_full_vms() -> None:
    assert model.instances_per_host("container", 64, 256) > model.instances_per_host(
        "hw_assisted", 64, 256
    )


@pytest.mark.parametrize(
    ("host_gb", "app_mb", "error", "message"),
    [
        (0, 256, ValueError, r"host_memory_gb must be a finite number > 0; got 0"),  # no memory
        (-64, 256, ValueError, r"host_memory_gb .* got -64"),  # negative memory
        (64, 0, ValueError, r"app_memory_mb must be a finite number > 0; got 0"),  # div by zero
        (64, math.nan, ValueError, r"app_memory_mb .* got nan"),  # NaN
        (math.inf, 256, ValueError, r"host_memory_gb .* got inf"),  # infinite host
        ("64", 256, TypeError, r"host_memory_gb must be a number; got str '64'"),  # text
        (64, True, TypeError, r"app_memory_mb must be a number; got bool"),  # bool
    ],
)
def test_bad_sizes_are_rejected(
    host_gb: object, app_mb: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        model.instances_per_host("container", host_gb, app_mb)  # type: ignore[arg-type]


@pytest.mark.parametrize("function", [model.startup_seconds, model.memory_overhead_mb])
def test_unknown_platform_is_rejected(function: object) -> None:
    with pytest.raises(ValueError, match=r"unknown platform 'vmware'.*'type2_hosted'"):
        function("vmware")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("host_gb", "app_mb", "error", "message"),
    [
        (0, 256, ValueError, "host_memory_gb 값은 0보다 큰 유한한 수여야 합니다. 받은 값: 0"),
        (
            64,
            math.nan,
            ValueError,
            "app_memory_mb 값은 0보다 큰 유한한 수여야 합니다. 받은 값: nan",
        ),
        ("64", 256, TypeError, "host_memory_gb 값은 숫자여야 합니다. 받은 값: str '64'"),
    ],
)
def test_bad_sizes_are_rejected_in_korean(
    host_gb: object, app_mb: object, error: type[Exception], message: str
) -> None:
    with i18n.using("ko"), pytest.raises(error) as caught:
        model.instances_per_host("container", host_gb, app_mb)  # type: ignore[arg-type]
    assert str(caught.value) == message
