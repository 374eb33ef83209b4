"""cgroups lab: the tightest limit on v1, v2 and hybrid trees, and the node-versus-limit lesson."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

import pytest

from virtlab import i18n
from virtlab.probe import cgroup_limits, format_cgroups, read_cgroup_limits
from virtlab.probe._words import shown_width

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


# --- in Korean: the lesson, the report's labels, the recorded and the live reading

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("cgroup_docker_v2", "메모리 512 MiB, CPU 1.5개, 태스크 256개"),
        ("cgroup_k8s_v2_hostns", "메모리 1,024 MiB, CPU 2개, 태스크 1024개"),
        ("cgroup_hybrid", "적용되는 cgroup 제한이 없으므로"),
    ],
)
def test_the_lesson_in_korean(fixture: str, words: str) -> None:
    with i18n.using("ko"):
        lesson = read_cgroup_limits(FIXTURES / fixture).lesson
    assert words in lesson
    left = lesson.replace("/proc/meminfo", "").replace("os.cpu_count()", "")
    assert i18n.english_words(left) == ["cgroup"] * left.count("cgroup")
    assert not HANGUL.search(read_cgroup_limits(FIXTURES / fixture).lesson)  # English stays


def test_format_cgroups_in_korean_lines_up() -> None:
    with i18n.using("ko"):
        result = cgroup_limits(FIXTURES / "cgroup_docker_v2", environ={})
        text = format_cgroups(result)
    lines = text.splitlines()
    assert HANGUL.search(lines[0]) and "트리에서 읽었습니다" in result.reason
    for label in (
        "cgroup 모드",
        "메모리 한도",
        "메모리 사용량",
        "CPU 할당량",
        "노드 메모리",
        "노드 CPU",
    ):
        assert label in text
    assert "위치: /sys/fs/cgroup" in text and "CPU 1.5개" in text
    # the values start in one column, however wide the Korean labels are
    values = ("v2", "512 MiB", "100 MiB", "CPU 1.5개", "256", "64,000 MiB")
    columns = {
        shown_width(line[: line.index(v)]) for line, v in zip(lines[1:7], values, strict=True)
    }
    assert len(columns) == 1, lines


def test_recorded_and_live_lessons_follow_the_language() -> None:
    with i18n.using("ko"):
        recorded = cgroup_limits(environ={"VIRTLAB_LIVE": "0"})
    assert recorded.source == "recorded"
    assert recorded.data.lesson.startswith("/proc/meminfo 기준 24,152 MiB")  # made again here
    if platform.system() == "Linux":
        with i18n.using("ko"):
            live = cgroup_limits(environ={})
        assert live.source == "live" and HANGUL.search(live.data.lesson)
        assert HANGUL.search(live.reason)
