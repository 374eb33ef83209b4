"""cgroups lab: the tightest limit on v1, v2 and hybrid trees, and the node-versus-limit lesson."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import pytest

from virtlab.probe import cgroup_limits, format_cgroups, read_cgroup_limits

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "probe"
MiB = 2**20
SLICE = (
    "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/"
    "kubepods-burstable-pod0b4e1c52_8a6f_4d3e_9b21_7f0c5a2d6e81.slice"
)

# (fixture, mode, memory MiB, memory set at, CPUs, pids.max, nr_throttled, node CPUs)
CASES = [
    # Docker on v2 with a private cgroupns: the limits sit on the namespace's root, "0::/"
    ("cgroup_docker_v2", "v2", 512, "/sys/fs/cgroup", 1.5, 256, 7, 16),
    # k8s on v2 with the host cgroupns: the container scope says max, so the walk finds the pod slice
    ("cgroup_k8s_v2_hostns", "v2", 1024, SLICE, 2.0, 1024, 0, 16),
    # Docker on v1: the mount root /docker/<id> maps our path onto the mount point itself
    ("cgroup_docker_v1", "v1", 256, "/sys/fs/cgroup/memory", 0.5, 64, 3, 4),
    # a hybrid host like the build machine: v1 memory, v2 tree holding only hugetlb, no limits
    ("cgroup_hybrid", "hybrid", None, None, None, None, None, 2),
]


@pytest.mark.parametrize(
    ("fixture", "mode", "memory_mib", "at", "cpus", "pids", "throttled", "node_cpus"), CASES
)
def test_tightest_limits_on_fixture_trees(
    fixture: str,
    mode: str,
    memory_mib: int | None,
    at: str | None,
    cpus: float | None,
    pids: int | None,
    throttled: int | None,
    node_cpus: int,
) -> None:
    limits = read_cgroup_limits(FIXTURES / fixture)
    assert limits.mode == mode
    assert limits.memory_limit_bytes == (None if memory_mib is None else memory_mib * MiB)
    assert limits.memory_limit_at == at
    assert limits.cpu_quota_cores == cpus
    assert limits.pids_max == pids
    assert limits.nr_throttled == throttled
    assert limits.node_cpus == node_cpus
    assert limits.affinity_cpus is None  # a fixture has no scheduler to ask


def test_the_k8s_walk_ignores_looser_limits_further_up() -> None:
    # kubepods.slice allows 60 GiB, the pod slice 1 GiB: the tighter one wins, wherever it is
    limits = read_cgroup_limits(FIXTURES / "cgroup_k8s_v2_hostns")
    assert limits.memory_limit_bytes == 1024 * MiB
    # headroom counts the whole pod's usage (400 MiB), not only our container's (300 MiB)
    assert limits.memory_usage_bytes == 300 * MiB
    assert limits.memory_usage_at_limit_bytes == 400 * MiB
    assert limits.memory_headroom_bytes == 624 * MiB


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        (
            "cgroup_docker_v2",
            "512 MiB of memory, 1.5 CPUs, 256 tasks: those are the node's numbers",
        ),
        ("cgroup_hybrid", "no cgroup limit applies"),
    ],
)
def test_the_lesson_compares_node_and_limit(fixture: str, words: str) -> None:
    assert words in read_cgroup_limits(FIXTURES / fixture).lesson


def test_a_missing_tree_gives_nones_not_errors(tmp_path: Path) -> None:
    limits = read_cgroup_limits(tmp_path)
    assert limits.mode == "none"
    assert limits.memory_limit_bytes is None and limits.node_memory_bytes is None


def test_live_limits_match_a_second_reading_in_this_process() -> None:
    if platform.system() != "Linux":
        pytest.skip("cgroups are Linux only")
    result = cgroup_limits(environ={})
    here = read_cgroup_limits("/")
    assert result.source == "live"
    assert (result.data.mode, result.data.memory_limit_bytes, result.data.cpu_quota_cores) == (
        here.mode,
        here.memory_limit_bytes,
        here.cpu_quota_cores,
    )
    assert result.data.node_cpus == os.cpu_count()  # the node's count, not a limit
    assert "cgroup mode" in format_cgroups(result)


def test_fixture_root_is_read_directly_and_labelled() -> None:
    result = cgroup_limits(FIXTURES / "cgroup_docker_v1", environ={})
    assert result.source == "live" and "tree at" in result.reason
    assert result.data.cpu_quota_cores == 0.5


def test_recorded_when_forced() -> None:
    result = cgroup_limits(environ={"VIRTLAB_LIVE": "0"})
    assert result.source == "recorded"
    assert result.data.mode == "hybrid"
