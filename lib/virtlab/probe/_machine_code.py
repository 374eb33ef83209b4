"""Running a few bytes of x86-64 machine code from Python: the CPUID instruction.

CPUID is an unprivileged instruction, but Python has no way to issue it. We put
its machine code in a memory page, make the page executable (never writable and
executable at once) and call it through ``ctypes``, as py-cpuinfo does. Only child
processes import this module (``_child_cpuid``, ``_child_bench``): if a security
policy forbids executable memory, only the child dies. Taught in notebooks
``00-start-here`` and ``03-full-vs-paravirtualization``.
"""

from __future__ import annotations

import ctypes
import mmap
import platform
import struct
from collections.abc import Callable
from typing import Any

from virtlab.i18n import tr

__all__ = ["CPUID_LOOP", "NOP_LOOP", "cpuid", "is_x86_64", "loop_function", "vendor_string"]

_CPUID_CALL = bytes.fromhex(
    "53"  # push rbx            (rbx is callee-saved; CPUID overwrites it)
    "89f8"  # mov eax, edi      leaf
    "89f1"  # mov ecx, esi      subleaf
    "4989d0"  # mov r8, rdx     output pointer
    "0fa2"  # cpuid
    "418900"  # mov [r8], eax
    "41895804"  # mov [r8+4], ebx
    "41894808"  # mov [r8+8], ecx
    "4189500c"  # mov [r8+12], edx
    "5b"  # pop rbx
    "c3"  # ret
)

CPUID_LOOP = bytes.fromhex(
    "53"  # push rbx
    "4989f8"  # mov r8, rdi     count (must be >= 1)
    "31c0"  # loop: xor eax, eax  (leaf 0)
    "31c9"  # xor ecx, ecx
    "0fa2"  # cpuid             a VM exit under VT-x / AMD-V
    "49ffc8"  # dec r8
    "75f5"  # jnz loop
    "5b"  # pop rbx
    "c3"  # ret
)
"""``void f(uint64 n)``: execute CPUID leaf 0 ``n`` times."""

NOP_LOOP = CPUID_LOOP.replace(bytes.fromhex("0fa2"), bytes.fromhex("6690"))
"""The same loop with a 2-byte NOP instead of CPUID: the loop's own cost."""

_pages: list[mmap.mmap] = []  # keep the executable pages alive as long as the functions


def is_x86_64() -> bool:
    """True on a 64-bit x86 CPU, the only one these bytes are written for."""
    return platform.machine().lower() in ("x86_64", "amd64")


def _executable(code: bytes, prototype: Any) -> Callable[..., None]:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    page.write(code)
    address = ctypes.addressof(ctypes.c_char.from_buffer(page))
    if libc.mprotect(address, mmap.PAGESIZE, mmap.PROT_READ | mmap.PROT_EXEC) != 0:
        raise OSError(ctypes.get_errno(), tr("probe.child.no_exec_memory"))
    _pages.append(page)
    function: Callable[..., None] = prototype(address)
    return function


def cpuid(leaf: int, subleaf: int = 0) -> tuple[int, int, int, int]:
    """Registers (EAX, EBX, ECX, EDX) after CPUID ``leaf``; x86-64 only, run in a child."""
    out = (ctypes.c_uint32 * 4)()
    prototype = ctypes.CFUNCTYPE(
        None, ctypes.c_uint32, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32)
    )
    _executable(_CPUID_CALL, prototype)(leaf, subleaf, out)
    return out[0], out[1], out[2], out[3]


def vendor_string(ebx: int, ecx: int, edx: int) -> str:
    """The 12-byte vendor text CPUID leaf 0x40000000 spells in EBX, ECX, EDX.

    >>> vendor_string(0x4B4D564B, 0x564B4D56, 0x0000004D)
    'KVMKVMKVM'
    """
    return struct.pack("<III", ebx, ecx, edx).rstrip(b"\0").decode("ascii", errors="replace")


def loop_function(code: bytes) -> Callable[[int], None]:
    """A callable ``f(n)`` running one of the loops above ``n`` times (``n`` >= 1)."""
    run = _executable(code, ctypes.CFUNCTYPE(None, ctypes.c_uint64))

    def call(count: int) -> None:
        if count < 1:
            raise ValueError(tr("probe.child.bad_count", count=count))
        run(count)

    return call
