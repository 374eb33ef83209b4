"""Child process: time the crossings of the benchmark lab and print raw samples as JSON.

Run as ``python -m virtlab.probe._child_bench --repeats 7 [--alloc-mib 32]
[--no-fork]``. Each sample is nanoseconds per operation for one repeat; the
parent (``_bench``) turns them into medians and spreads. Every count is fixed and
small, grandchildren are made one at a time, and each item that fails reports its
error without stopping the others. Taught in notebooks
``03-full-vs-paravirtualization`` and ``04-containers``.
"""

from __future__ import annotations

import argparse
import errno
import json
import mmap
import os
import shutil
import sys
import time
from collections.abc import Callable
from typing import Any

from virtlab.i18n import tr
from virtlab.probe import _syscalls as sc
from virtlab.probe._machine_code import CPUID_LOOP, NOP_LOOP, is_x86_64, loop_function

_CHUNKS = 5  # each repeat keeps the best of 5 short loops: robust to other processes' load
_LOOP_OPS = 4_000
_CPUID_OPS = 400
_SPAWNS_PER_REPEAT = 10
_UNSHARE_SAMPLES = 15
_PAGE = 4096


def _per_op(function: Callable[[], object], count: int) -> float:
    """Best-of-chunks nanoseconds per call: the minimum is what the call itself costs."""
    clock = time.perf_counter_ns
    best = float("inf")
    for _ in range(_CHUNKS):
        start = clock()
        for _ in range(count):
            function()
        best = min(best, (clock() - start) / count)
    return best


def calls(repeats: int) -> dict[str, list[float]]:
    """A builtin call (no system call), getppid (a system call) and the vDSO clock, interleaved."""
    found: dict[str, list[float]] = {"builtin_call": [], "getppid": [], "clock_read": []}
    builtin, getppid, clock = sys.getrecursionlimit, os.getppid, time.perf_counter_ns
    for _ in range(repeats):
        found["builtin_call"].append(_per_op(builtin, _LOOP_OPS))
        found["getppid"].append(_per_op(getppid, _LOOP_OPS))
        found["clock_read"].append(_per_op(clock, _LOOP_OPS))
    return found


def _loop_per_op(run: Callable[[int], None], count: int) -> float:
    best = float("inf")
    for _ in range(_CHUNKS):
        start = time.perf_counter_ns()
        run(count)
        best = min(best, (time.perf_counter_ns() - start) / count)
    return best


def cpuid(repeats: int) -> dict[str, list[float]]:
    """CPUID leaf 0 in a machine-code loop, and the same loop with a NOP instead."""
    if not is_x86_64():
        raise OSError(tr("probe.child.not_x86_64"))
    with_cpuid, with_nop = loop_function(CPUID_LOOP), loop_function(NOP_LOOP)
    with_cpuid(10)  # warm up: page in the code
    found: dict[str, list[float]] = {"cpuid": [], "nop_loop": []}
    for _ in range(repeats):
        found["cpuid"].append(_loop_per_op(with_cpuid, _CPUID_OPS))
        found["nop_loop"].append(_loop_per_op(with_nop, _CPUID_OPS * 100))
    return found


def spawn(repeats: int) -> dict[str, list[float]]:
    """Start ``/bin/true`` with posix_spawn and wait for it, one process at a time."""
    program = shutil.which("true") or "/bin/true"
    found: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for _ in range(_SPAWNS_PER_REPEAT):
            pid = os.posix_spawn(program, [program], {})
            os.waitpid(pid, 0)
        found.append((time.perf_counter_ns() - start) / _SPAWNS_PER_REPEAT)
    return {"spawn": found}


def _one_unshare(flags: int) -> float:
    """Fork (in this child, never the notebook); the grandchild times one unshare()."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the grandchild: whatever happens, it reports and exits here
        answer = -float(errno.EIO)
        try:
            os.close(read_fd)
            sc.unshare(0)  # warm up: page in ctypes and the call path (copy-on-write faults)
            start = time.perf_counter_ns()
            sc.unshare(flags)
            answer = float(time.perf_counter_ns() - start)
        except OSError as exc:
            answer = -float(exc.errno or errno.EIO)
        finally:
            os.write(write_fd, repr(answer).encode())
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        answer = float(pipe.read() or b"-5")
    os.waitpid(pid, 0)
    if answer < 0:
        number = int(-answer)
        raise OSError(number, f"unshare({flags:#x}): {os.strerror(number)}")
    return answer


def unshares(name: str, flags: int) -> dict[str, list[float]]:
    """Time creating namespaces (``flags``), each in a fresh grandchild, one at a time."""
    return {name: [_one_unshare(flags) for _ in range(_UNSHARE_SAMPLES)]}


def page_faults(repeats: int, mib: int) -> dict[str, list[float]]:
    """First touch of fresh anonymous memory: one page fault per 4 KiB page."""
    found: list[float] = []
    pages = mib * 2**20 // _PAGE
    for _ in range(repeats):
        with mmap.mmap(-1, pages * _PAGE) as memory:
            start = time.perf_counter_ns()
            for offset in range(0, pages * _PAGE, _PAGE):
                memory[offset] = 1
            found.append((time.perf_counter_ns() - start) / pages)
    return {"page_fault": found}


def main(argv: list[str] | None = None) -> None:
    """Run every item the arguments allow and print ``{"samples":…, "errors":…}``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7, choices=range(3, 16))
    parser.add_argument("--alloc-mib", type=int, default=0, choices=range(65))
    parser.add_argument("--no-fork", action="store_true")
    args = parser.parse_args(argv)
    items: dict[str, Callable[[], dict[str, list[float]]]] = {
        "calls": lambda: calls(args.repeats),
        "cpuid": lambda: cpuid(args.repeats),
    }
    if not args.no_fork:
        items["spawn"] = lambda: spawn(args.repeats)
        items["unshare_user"] = lambda: unshares("unshare_user", sc.CLONE_NEWUSER)
        user_net = sc.CLONE_NEWUSER | sc.CLONE_NEWNET
        items["unshare_user_net"] = lambda: unshares("unshare_user_net", user_net)
    if args.alloc_mib:
        items["page_fault"] = lambda: page_faults(min(args.repeats, 5), args.alloc_mib)
    samples: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    for name, run in items.items():
        try:
            samples.update(run())
        except OSError as exc:
            errors[name] = str(exc)
    result: dict[str, Any] = {"samples": samples, "errors": errors, "repeats": args.repeats}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
