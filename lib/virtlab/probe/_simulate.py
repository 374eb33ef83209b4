"""Recreating, inside one child process, the sandboxes that refuse namespaces.

To see how a refusal looks without owning a Docker host or an Ubuntu 24.04
laptop, the namespace demo can first put its own child process into one of the
situations that refuse it; the machine itself is never changed:

- ``seccomp``: a seccomp filter like Docker's default profile, written as a small
  BPF program, returns EPERM for ``unshare``, ``setns`` and namespace-making ``clone``.
- ``userns_disabled``: ``user.max_user_namespaces=0``, set inside an outer user
  namespace, so the limit applies to this child only.
- ``threads``: a second thread is started, as in every Jupyter kernel.
- ``masked_proc``: a file of ``/proc`` is covered, as container runtimes do, in a
  private mount namespace.

Taught in notebook ``04-containers``.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct
import threading

from virtlab.i18n import tr
from virtlab.probe import _syscalls as sc

__all__ = ["SIMULATIONS", "seccomp_program", "simulate"]

SIMULATIONS = ("seccomp", "userns_disabled", "threads", "masked_proc")

_AUDIT_ARCH_X86_64 = 0xC000003E
_SYS_UNSHARE, _SYS_SETNS, _SYS_CLONE = 272, 308, 56  # x86-64 system call numbers
_CLONE_NEW_MASK = 0x7E020000  # every CLONE_NEW* flag, as Docker's profile tests
_LD_W_ABS, _JEQ_K, _JSET_K, _RET_K = 0x20, 0x15, 0x45, 0x06
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


def seccomp_program() -> bytes:
    """A classic-BPF seccomp filter: EPERM for unshare, setns and clone(CLONE_NEW*).

    Each instruction is ``struct sock_filter {u16 code; u8 jt; u8 jf; u32 k}``; jumps
    count instructions forward from the next one.

    >>> len(seccomp_program()) // 8
    10
    """
    deny = _RET_ERRNO | errno.EPERM
    program = [
        (_LD_W_ABS, 0, 0, 4),  # 0: A = architecture
        (_JEQ_K, 0, 7, _AUDIT_ARCH_X86_64),  # 1: not x86-64 -> allow (9)
        (_LD_W_ABS, 0, 0, 0),  # 2: A = system call number
        (_JEQ_K, 4, 0, _SYS_UNSHARE),  # 3: unshare -> deny (8)
        (_JEQ_K, 3, 0, _SYS_SETNS),  # 4: setns -> deny (8)
        (_JEQ_K, 0, 3, _SYS_CLONE),  # 5: not clone -> allow (9)
        (_LD_W_ABS, 0, 0, 16),  # 6: A = low half of clone's flags
        (_JSET_K, 0, 1, _CLONE_NEW_MASK),  # 7: any CLONE_NEW* -> deny (8), else allow (9)
        (_RET_K, 0, 0, deny),  # 8
        (_RET_K, 0, 0, _RET_ALLOW),  # 9
    ]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in program)


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


def _install_seccomp() -> None:
    if os.uname().machine != "x86_64":
        raise OSError(errno.ENOSYS, tr("probe.simulate.x86_64_only"))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    code = seccomp_program()
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _SockFprog(len(code) // 8, ctypes.addressof(buffer))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise OSError(
            ctypes.get_errno(), tr("probe.simulate.call_refused", call="prctl(PR_SET_NO_NEW_PRIVS)")
        )
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
        number = ctypes.get_errno()
        raise OSError(
            number,
            tr(
                "probe.simulate.call_refused_because",
                call="prctl(PR_SET_SECCOMP)",
                error=os.strerror(number),
            ),
        )


def _disable_user_namespaces() -> None:
    uid, gid = os.getuid(), os.getgid()  # read before: inside, we are nobody until mapped
    sc.unshare(sc.CLONE_NEWUSER)
    sc.map_root(uid, gid)
    with open("/proc/sys/user/max_user_namespaces", "w", encoding="ascii") as handle:
        handle.write("0")


def _mask_proc() -> None:
    uid, gid = os.getuid(), os.getgid()
    sc.unshare(sc.CLONE_NEWUSER | sc.CLONE_NEWNS)
    sc.map_root(uid, gid)
    sc.mount("none", "/", None, sc.MS_REC | sc.MS_PRIVATE)
    for target in ("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug"):
        if os.path.exists(target):
            sc.mount("/dev/null", target, None, sc.MS_BIND)
            return
    raise OSError(errno.ENOENT, tr("probe.simulate.nothing_to_mask"))


def simulate(kind: str) -> threading.Event | None:
    """Put this (child) process into the refusing situation ``kind``.

    Returns:
        For ``"threads"``, the event that ends the extra thread; otherwise None.

    Raises:
        ValueError: ``kind`` is not one of :data:`SIMULATIONS`.
        OSError: the simulation itself could not be set up here.
    """
    if kind == "seccomp":
        _install_seccomp()
    elif kind == "userns_disabled":
        _disable_user_namespaces()
    elif kind == "masked_proc":
        _mask_proc()
    elif kind == "threads":
        stop = threading.Event()
        threading.Thread(target=stop.wait, name="like-an-ipykernel-thread", daemon=True).start()
        return stop
    else:
        raise ValueError(
            tr("probe.namespaces.unknown_simulation", simulate=kind, names=", ".join(SIMULATIONS))
        )
    return None
