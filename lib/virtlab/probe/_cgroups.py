"""The cgroups lab: how much memory, CPU and how many tasks this process may really use.

A **cgroup** (컨트롤 그룹) limits what a group of processes may use. ``free``,
``/proc/meminfo`` and ``os.cpu_count()`` show the whole node, not the limit: in a
512 MiB pod on a 64 GiB node they still say 64 GiB. The limit lives in the cgroup
files. We find our cgroup in ``/proc/self/cgroup``, map it through the cgroup
mounts in ``/proc/self/mountinfo`` (the mount's root matters inside containers),
and walk up to the top keeping the tightest limit. Works on cgroup v1, v2 and
hybrid hosts. Taught in notebook ``04-containers``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from virtlab.i18n import tr
from virtlab.probe._procfs import Mount, meminfo_bytes, mounts, online_cpus, read_text
from virtlab.probe._recorded import (
    LabResult,
    read_in_child,
    why_not_live,
)

__all__ = ["CgroupLimits", "cgroup_limits", "read_cgroup_limits"]

_V1_UNLIMITED = 1 << 62  # v1 writes 9223372036854771712 (a page-rounded 2**63 - 1) for "none"
Mode = Literal["v1", "v2", "hybrid", "none"]


@dataclass(frozen=True)
class CgroupLimits:
    """The tightest cgroup limits on this process, next to what the node shows.

    Attributes:
        mode: ``"v1"``, ``"v2"``, ``"hybrid"`` (v1 controllers plus a v2 tree) or
            ``"none"`` (no cgroup file system mounted).
        cgroup_paths: the lines of ``/proc/self/cgroup``.
        memory_limit_bytes: the tightest memory limit, None for none.
        memory_limit_at: the cgroup folder that sets it.
        memory_usage_bytes: memory used by our own cgroup.
        memory_usage_at_limit_bytes: memory used under the limiting cgroup (a pod's
            limit covers all its containers).
        cpu_quota_cores: the tightest CPU quota in CPUs (0.5 = half a CPU), None for none.
        cpu_quota_at: the cgroup folder that sets it.
        pids_max: the tightest limit on tasks (processes and threads).
        pids_max_at: the cgroup folder that sets it.
        pids_current: tasks counted under that cgroup.
        nr_throttled: how often the CPU quota has stopped our cgroup so far.
        node_memory_bytes: ``MemTotal`` of ``/proc/meminfo``: the node's memory.
        node_available_bytes: ``MemAvailable`` of ``/proc/meminfo``.
        node_cpus: CPUs online on the node (what ``os.cpu_count()`` says).
        affinity_cpus: CPUs this process may be scheduled on (None from a fixture).
        lesson: one sentence comparing the node's numbers with the limits.
    """

    mode: Mode
    cgroup_paths: tuple[str, ...]
    memory_limit_bytes: int | None
    memory_limit_at: str | None
    memory_usage_bytes: int | None
    memory_usage_at_limit_bytes: int | None
    cpu_quota_cores: float | None
    cpu_quota_at: str | None
    pids_max: int | None
    pids_max_at: str | None
    pids_current: int | None
    nr_throttled: int | None
    node_memory_bytes: int | None
    node_available_bytes: int | None
    node_cpus: int | None
    affinity_cpus: int | None
    lesson: str

    @property
    def memory_headroom_bytes(self) -> int | None:
        """Bytes we may still allocate: the smaller of the cgroup's room and the node's."""
        room = [self.node_available_bytes] if self.node_available_bytes is not None else []
        if self.memory_limit_bytes is not None:
            used = self.memory_usage_at_limit_bytes or self.memory_usage_bytes or 0
            room.append(self.memory_limit_bytes - used)
        return min(room) if room else None


@dataclass(frozen=True)
class _Place:
    version: Literal["v1", "v2"]
    leaf: str  # the cgroup's folder as this process names it
    top: str  # the mount point: the walk stops here


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    value = text.strip().split()[0] if text.strip() else ""
    if value in ("", "max", "-1"):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return None if number >= _V1_UNLIMITED else number


def _folder(path: str, mount: Mount) -> str:
    root = mount.root.rstrip("/")
    if path == mount.root or path.startswith(root + "/"):
        relative = path[len(root) :]
    elif path.startswith("/.."):  # outside our cgroup namespace's root: only the top is visible
        relative = ""
    else:
        relative = path
    return mount.mount_point.rstrip("/") + relative.rstrip("/") or "/"


def _places(root: str | Path) -> tuple[dict[str, _Place], Mode, tuple[str, ...]]:
    lines = tuple((read_text(root, "/proc/self/cgroup") or "").split("\n"))
    lines = tuple(line for line in lines if line.strip())
    table = mounts(root)
    v1 = [m for m in table if m.fstype == "cgroup"]
    v2 = next((m for m in table if m.fstype == "cgroup2"), None)
    places: dict[str, _Place] = {}
    for line in lines:
        hierarchy, controllers, path = line.split(":", 2)
        if hierarchy == "0" and v2 is not None:
            folder = _folder(path, v2)
            available = (read_text(root, f"{v2.mount_point}/cgroup.controllers") or "").split()
            for name in available:
                places.setdefault(name, _Place("v2", folder, v2.mount_point))
            continue
        for name in controllers.split(","):
            mount = next((m for m in v1 if name in m.super_options), None)
            if mount is not None:
                places[name] = _Place("v1", _folder(path, mount), mount.mount_point)
    mode: Mode = "hybrid" if v1 and v2 else "v1" if v1 else "v2" if v2 else "none"
    return places, mode, lines


def _upwards(place: _Place) -> Iterator[str]:
    folder = place.leaf
    while True:
        yield folder
        if folder.rstrip("/") == place.top.rstrip("/") or folder in ("/", ""):
            return
        folder = str(Path(folder).parent)


def _tightest(
    root: str | Path, place: _Place | None, reader: str
) -> tuple[float | None, str | None]:
    if place is None:
        return None, None
    best: tuple[float | None, str | None] = (None, None)
    for folder in _upwards(place):
        value = _READERS[reader](root, folder, place.version)
        if value is not None and (best[0] is None or value < best[0]):
            best = (value, folder)
    return best


def _memory(root: str | Path, folder: str, version: str) -> float | None:
    name = "memory.max" if version == "v2" else "memory.limit_in_bytes"
    return _number(read_text(root, f"{folder}/{name}"))


def _cpu(root: str | Path, folder: str, version: str) -> float | None:
    if version == "v2":
        fields = (read_text(root, f"{folder}/cpu.max") or "").split()
        quota, period = [*fields, "max", "100000"][:2]
    else:
        quota = (read_text(root, f"{folder}/cpu.cfs_quota_us") or "-1").strip()
        period = (read_text(root, f"{folder}/cpu.cfs_period_us") or "100000").strip()
    quota_us, period_us = _number(quota), _number(period)
    return quota_us / period_us if quota_us is not None and period_us else None


def _pids(root: str | Path, folder: str, version: str) -> float | None:
    return _number(read_text(root, f"{folder}/pids.max"))


_READERS = {"memory": _memory, "cpu": _cpu, "pids": _pids}


def _usage(root: str | Path, folder: str | None, place: _Place | None) -> int | None:
    if folder is None or place is None:
        return None
    name = "memory.current" if place.version == "v2" else "memory.usage_in_bytes"
    return _number(read_text(root, f"{folder}/{name}"))


def _throttled(root: str | Path, place: _Place | None) -> int | None:
    text = read_text(root, f"{place.leaf}/cpu.stat") if place else None
    for line in (text or "").splitlines():
        key, _, value = line.partition(" ")
        if key == "nr_throttled":
            return _number(value)
    return None


def _mib(count: int) -> str:
    return f"{count / 2**20:,.0f} MiB"


def _lesson(limits: CgroupLimits) -> str:
    node = []
    if limits.node_memory_bytes is not None:
        node.append(
            tr(
                "probe.cgroups.node_memory",
                file="/proc/meminfo",
                memory=_mib(limits.node_memory_bytes),
            )
        )
    if limits.node_cpus is not None:
        node.append(tr("probe.cgroups.node_cpus", cpus=limits.node_cpus))
    if len(node) == 2:
        shown = tr("probe.cgroups.node_both", memory=node[0], cpus=node[1])
    else:
        shown = node[0] if node else tr("probe.cgroups.node_unreadable")
    caps = []
    if limits.memory_limit_bytes is not None:
        caps.append(tr("probe.cgroups.cap_memory", memory=_mib(limits.memory_limit_bytes)))
    if limits.cpu_quota_cores is not None:
        caps.append(tr("probe.cgroups.cap_cpus", cpus=limits.cpu_quota_cores))
    if limits.pids_max is not None:
        caps.append(tr("probe.cgroups.cap_tasks", tasks=limits.pids_max))
    if not caps:
        return tr("probe.cgroups.lesson_no_limit", node=shown)
    return tr("probe.cgroups.lesson_limited", node=shown, caps=", ".join(caps))


def _in_words(limits: CgroupLimits) -> CgroupLimits:
    """The limits with their lesson made again from the numbers, in the current language."""
    return dataclasses.replace(limits, lesson=_lesson(limits))


def read_cgroup_limits(root: str | Path = "/") -> CgroupLimits:
    """The tightest memory, CPU and task limits on this process, walking up the cgroup tree.

    Args:
        root: ``"/"`` for this machine, or a fixture tree holding ``proc/self/cgroup``,
            ``proc/self/mountinfo`` and the cgroup folders.

    Returns:
        A :class:`CgroupLimits`; missing files give None fields, never an error.

    >>> read_cgroup_limits("/nonexistent").mode
    'none'
    """
    places, mode, lines = _places(root)
    memory, memory_at = _tightest(root, places.get("memory"), "memory")
    cpu, cpu_at = _tightest(root, places.get("cpu"), "cpu")
    pids, pids_at = _tightest(root, places.get("pids"), "pids")
    memory_place, pids_place = places.get("memory"), places.get("pids")
    pids_folder = pids_at or (pids_place.leaf if pids_place else None)
    live = Path(root).resolve() == Path("/")
    limits = CgroupLimits(
        mode=mode,
        cgroup_paths=lines,
        memory_limit_bytes=None if memory is None else int(memory),
        memory_limit_at=memory_at,
        memory_usage_bytes=_usage(root, memory_place.leaf if memory_place else None, memory_place),
        memory_usage_at_limit_bytes=_usage(root, memory_at, memory_place),
        cpu_quota_cores=cpu,
        cpu_quota_at=cpu_at,
        pids_max=None if pids is None else int(pids),
        pids_max_at=pids_at,
        pids_current=_number(read_text(root, f"{pids_folder}/pids.current"))
        if pids_folder
        else None,
        nr_throttled=_throttled(root, places.get("cpu")),
        node_memory_bytes=meminfo_bytes(root, "MemTotal"),
        node_available_bytes=meminfo_bytes(root, "MemAvailable"),
        node_cpus=online_cpus(root),
        affinity_cpus=len(os.sched_getaffinity(0))
        if live and hasattr(os, "sched_getaffinity")
        else None,
        lesson="",
    )
    return dataclasses.replace(limits, lesson=_lesson(limits))


def cgroup_limits(
    root: str | Path = "/",
    *,
    environ: Mapping[str, str] | None = None,
    system: str | None = None,
    run_id: str | None = None,
) -> LabResult[CgroupLimits]:
    """This process's real memory, CPU and task limits, next to the node's numbers.

    Args:
        root: ``"/"`` reads this machine in a child process; a folder is a fixture
            tree, read directly.
        environ: environment to consult for ``VIRTLAB_LIVE``.
        system: ``platform.system()`` to assume; not Linux gives the recording.
        run_id: which recorded run to fall back on.

    Returns:
        A :class:`LabResult` holding :class:`CgroupLimits`.

    >>> cgroup_limits(system="Darwin").source
    'recorded'
    """
    refusal = why_not_live(environ, system)
    if refusal is None and Path(root).resolve() != Path("/"):
        limits = read_cgroup_limits(root)
        return LabResult(
            "cgroups",
            limits,
            "live",
            tr("probe.cgroups.read_from_tree", root=root),
            tr("probe.cgroups.fixture_tree"),
        )
    return read_in_child("cgroups", CgroupLimits, refusal, run_id, words=_in_words)
