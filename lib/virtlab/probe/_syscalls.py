"""The few Linux system calls the namespace labs need: unshare, ID maps, mount.

Python 3.12 added ``os.unshare``; on 3.11 we call the C library through
``ctypes``. Only child processes call these (a Jupyter kernel must never move into
new namespaces). Taught in notebook ``04-containers``.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import sys

__all__ = [
    "CLONE_NEWCGROUP",
    "CLONE_NEWIPC",
    "CLONE_NEWNET",
    "CLONE_NEWNS",
    "CLONE_NEWPID",
    "CLONE_NEWUSER",
    "CLONE_NEWUTS",
    "api_name",
    "map_root",
    "mount",
    "unshare",
]

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 1 << 18


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def api_name() -> str:
    """Which route :func:`unshare` takes: ``"os.unshare"`` (3.12+) or ``"ctypes"``."""
    return "os.unshare" if hasattr(os, "unshare") else "ctypes"


def unshare(flags: int) -> None:
    """Move this process into new namespaces (``flags`` of ``CLONE_NEW*``).

    Raises:
        OSError: the kernel refused; ``errno`` says why (EPERM, EINVAL, ENOSPC...).
    """
    if hasattr(os, "unshare") and sys.version_info >= (3, 12):
        os.unshare(flags)
        return
    if _libc().unshare(ctypes.c_int(flags)) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as handle:
        handle.write(text)


def map_root(uid: int, gid: int) -> None:
    """After unshare(CLONE_NEWUSER): become root inside, mapped to ``uid``/``gid`` outside.

    Raises:
        OSError: writing ``setgroups``, ``uid_map`` or ``gid_map`` was refused.
    """
    with contextlib.suppress(FileNotFoundError):  # kernels before 3.19 have no setgroups file
        _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"0 {uid} 1")
    _write("/proc/self/gid_map", f"0 {gid} 1")


def mount(source: str, target: str, fstype: str | None, flags: int) -> None:
    """Call mount(2) through the C library.

    Raises:
        OSError: the kernel refused the mount.
    """
    libc = _libc()
    libc.mount.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_ulong,
        ctypes.c_void_p,
    ]
    kind = fstype.encode() if fstype else None
    if libc.mount(source.encode(), target.encode(), kind, flags, None) != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"mount {target}: {os.strerror(number)}")
