"""Reading Linux's ``/proc`` and ``/sys`` under a root folder, never raising.

Every probe reads through these helpers with a ``root``: ``/`` on a live machine,
a fixture folder in the tests. A file that is missing or unreadable gives None
(and the probe says so as evidence), because on a real machine "permission
denied" is itself a fact worth showing. Taught in notebooks ``00-start-here``
and ``04-containers``.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "INITIAL_NS_INODE",
    "Mount",
    "list_dir",
    "meminfo_bytes",
    "mounts",
    "ns_inode",
    "online_cpus",
    "path_under",
    "read_error",
    "read_kernel_log",
    "read_text",
]

INITIAL_NS_INODE: dict[str, int] = {
    "pid": 0xEFFFFFFC,
    "user": 0xEFFFFFFD,
    "uts": 0xEFFFFFFE,
    "ipc": 0xEFFFFFFF,
    "cgroup": 0xEFFFFFFB,
    "time": 0xEFFFFFFA,
    "net": 0xEFFFFFF9,
    "mnt": 0xEFFFFFF8,
}
"""Inode numbers of the kernel's initial namespaces (``include/uapi/linux/nsfs.h``).

pid, user, uts, ipc, cgroup and time have had these fixed numbers since Linux 3.8;
net and mnt only on very new kernels (6.x), so a different net/mnt number proves
nothing on older kernels.
"""

_NS_LINK = re.compile(r"^(\w+):\[(\d+)\]$")


def path_under(root: str | Path, path: str) -> Path:
    """The file ``path`` (as the probed machine names it) inside the tree at ``root``.

    >>> path_under("/tmp/fixture", "/proc/self/cgroup").as_posix()
    '/tmp/fixture/proc/self/cgroup'
    """
    return Path(root) / path.lstrip("/")


def read_text(root: str | Path, path: str, limit: int = 1 << 20) -> str | None:
    """The text of a file under ``root``, or None when it is missing or unreadable."""
    try:
        with open(path_under(root, path), "rb") as handle:
            return handle.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return None


def read_error(root: str | Path, path: str) -> str | None:
    """Why a file cannot be read (``"permission denied"``, ``"absent"``), or None if it can."""
    try:
        with open(path_under(root, path), "rb") as handle:
            handle.read(1)
    except FileNotFoundError:
        return "absent"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return os.strerror(exc.errno or errno.EIO).lower()
    return None


def list_dir(root: str | Path, path: str) -> tuple[str, ...] | None:
    """Sorted names in a folder under ``root``, or None when it is missing or unreadable."""
    try:
        return tuple(sorted(os.listdir(path_under(root, path))))
    except OSError:
        return None


def ns_inode(root: str | Path, name: str, pid: str = "self") -> int | None:
    """The inode number of a namespace of a process, from ``/proc/<pid>/ns/<name>``.

    The kernel shows it as a symbolic link ``pid:[4026531836]``; a fixture tree may
    store that text in a plain file instead. None when unreadable.
    """
    where = path_under(root, f"/proc/{pid}/ns/{name}")
    try:
        target = os.readlink(where)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # EINVAL: a plain file, not a link
            return None
        text = read_text(root, f"/proc/{pid}/ns/{name}")
        if text is None:
            return None
        target = text.strip()
    match = _NS_LINK.match(target)
    return int(match.group(2)) if match else None


@dataclass(frozen=True)
class Mount:
    """One line of ``/proc/self/mountinfo``: what is mounted where, and from which subtree."""

    root: str
    mount_point: str
    fstype: str
    source: str
    super_options: tuple[str, ...]


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mounts(root: str | Path) -> tuple[Mount, ...]:
    """Every mount in ``/proc/self/mountinfo`` under ``root`` (empty if unreadable).

    >>> mounts("/nonexistent")
    ()
    """
    text = read_text(root, "/proc/self/mountinfo")
    if text is None:
        return ()
    found = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        options = tuple(tail[2].split(",")) if len(tail) > 2 else ()
        found.append(Mount(_unescape(fields[3]), _unescape(fields[4]), tail[0], tail[1], options))
    return tuple(found)


def read_kernel_log(root: str | Path, max_records: int = 5000) -> str | None:
    """The kernel's boot messages (what ``dmesg`` shows), or None when not readable.

    Reads ``/dev/kmsg`` without blocking; when ``kernel.dmesg_restrict=1`` and we are
    not root, or a container's seccomp profile forbids it, the answer is None.
    """
    try:
        fd = os.open(path_under(root, "/dev/kmsg"), os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    chunks: list[bytes] = []
    try:
        for _ in range(max_records):
            try:
                chunk = os.read(fd, 8192)
            except BlockingIOError:
                break
            except BrokenPipeError:  # a record was overwritten while we read: skip it
                continue
            except OSError:
                return None if not chunks else b"".join(chunks).decode("utf-8", "replace")
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode("utf-8", errors="replace")


def meminfo_bytes(root: str | Path, key: str) -> int | None:
    """A ``/proc/meminfo`` field in bytes (``MemTotal``: the node's memory, not our limit)."""
    for line in (read_text(root, "/proc/meminfo") or "").splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    return None


def online_cpus(root: str | Path) -> int | None:
    """CPUs online on the node (``/sys/devices/system/cpu/online``), as ``os.cpu_count()`` says."""
    text = (read_text(root, "/sys/devices/system/cpu/online") or "").strip()
    count = 0
    for part in filter(None, text.split(",")):
        low, _, high = part.partition("-")
        count += int(high or low) - int(low) + 1
    return count or (os.cpu_count() if Path(root).resolve() == Path("/") else None)
