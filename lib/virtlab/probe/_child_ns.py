"""Child process: make user, UTS and PID namespaces and show PID 1 and a new hostname.

Run as ``python -m virtlab.probe._child_ns [--method python|cli] [--mount-proc]
[--simulate KIND]``. It prints one JSON line: ``{"ok": true, "outcome": {...}}``
or ``{"ok": false, "step": ..., "errno": ..., "stderr": ..., "facts": {...}}``.

The Python route: ``unshare(USER|UTS|PID)``, write the ID maps (root inside =
us outside), ``sethostname("lab-container")``, then fork: the first child in a new
PID namespace is PID 1. It never mounts ``/proc`` unless asked, so it works even
where ``/proc`` is masked. The CLI route runs ``unshare(1)``. Taught in notebook
``04-containers``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
from typing import Any

from virtlab.i18n import tr
from virtlab.probe import _syscalls as sc
from virtlab.probe._simulate import SIMULATIONS, simulate

HOSTNAME = "lab-container"
_REPORT = (
    "import json, os, socket, sys\n"
    "socket.sethostname(sys.argv[1])\n"
    "procs = sum(n.isdigit() for n in os.listdir('/proc'))\n"
    "print(json.dumps({'pid': os.getpid(), 'uid': os.getuid(),"
    " 'hostname': socket.gethostname(), 'procs': procs}))\n"
)


def _read(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def facts() -> dict[str, str]:
    """What the refusal classifier needs to know about this process and machine."""
    status = _read("/proc/self/status")
    seccomp = re.search(r"^Seccomp:\s*(\d)", status, re.MULTILINE)
    return {
        "seccomp": seccomp.group(1) if seccomp else "",
        "threads": str(threading.active_count()),
        "max_user_namespaces": _read("/proc/sys/user/max_user_namespaces"),
        "unprivileged_userns_clone": _read("/proc/sys/kernel/unprivileged_userns_clone"),
        "apparmor_restrict_unprivileged_userns": _read(
            "/proc/sys/kernel/apparmor_restrict_unprivileged_userns"
        ),
    }


class StepFailed(Exception):
    """One step of the demo was refused."""

    def __init__(self, step: str, number: int | None, stderr: str = "") -> None:
        super().__init__(step)
        self.step, self.number, self.stderr = step, number, stderr


def _grandchild(write_fd: int, mount_proc: bool) -> None:
    """In the new PID namespace: report pid, uid, hostname (and visible processes), then exit."""
    answer: dict[str, Any] = {}
    try:
        answer = {"pid": os.getpid(), "uid": os.getuid(), "hostname": socket.gethostname()}
        if mount_proc:
            sc.mount("none", "/", None, sc.MS_REC | sc.MS_PRIVATE)
            sc.mount("proc", "/proc", "proc", 0)
            answer["procs"] = sum(name.isdigit() for name in os.listdir("/proc"))
    except OSError as exc:
        answer["error"] = ["mount_proc", exc.errno, str(exc)]
    finally:  # never return into the parent's code
        os.write(write_fd, json.dumps(answer).encode())
        os._exit(0)


def python_route(mount_proc: bool) -> dict[str, Any]:
    """The demo with system calls from Python; raises StepFailed at the refused step."""
    uid, gid = os.getuid(), os.getgid()
    flags = sc.CLONE_NEWUSER | sc.CLONE_NEWUTS | sc.CLONE_NEWPID
    try:
        sc.unshare(flags | (sc.CLONE_NEWNS if mount_proc else 0))
    except OSError as exc:
        raise StepFailed("unshare", exc.errno) from exc
    try:
        sc.map_root(uid, gid)
    except OSError as exc:
        raise StepFailed("uid_map", exc.errno) from exc
    try:
        socket.sethostname(HOSTNAME)
    except OSError as exc:
        raise StepFailed("sethostname", exc.errno) from exc
    read_fd, write_fd = os.pipe()
    pid = os.fork()  # this is the lab's child process, never the notebook kernel
    if pid == 0:
        os.close(read_fd)
        _grandchild(write_fd, mount_proc)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        answer: dict[str, Any] = json.loads(pipe.read() or b"{}")
    os.waitpid(pid, 0)
    if "error" in answer:
        step, number, message = answer["error"]
        raise StepFailed(step, number, message)
    return {
        "method": f"python ({sc.api_name()})",
        "pid_inside": answer.get("pid"),
        "uid_inside": answer.get("uid"),
        "hostname_inside": answer.get("hostname"),
        "processes_visible": answer.get("procs"),
    }


def cli_route(mount_proc: bool) -> dict[str, Any]:
    """The demo with util-linux ``unshare``; raises StepFailed when it is refused."""
    command = shutil.which("unshare")
    if command is None:
        raise StepFailed("cli", None, tr("probe.child.no_unshare_command"))
    argv = [command, "--user", "--map-root-user", "--uts", "--pid", "--fork"]
    argv += ["--mount-proc"] if mount_proc else []
    argv += [sys.executable, "-c", _REPORT, HOSTNAME]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False)
    if done.returncode != 0:
        raise StepFailed("cli", None, done.stderr.strip())
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "method": "unshare(1)",
        "pid_inside": answer["pid"],
        "uid_inside": answer["uid"],
        "hostname_inside": answer["hostname"],
        "processes_visible": answer["procs"] if mount_proc else None,
    }


def main(argv: list[str] | None = None) -> None:
    """Run the demo as asked and print one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--method", choices=("python", "cli"), default="python")
    parser.add_argument("--mount-proc", action="store_true")
    parser.add_argument("--simulate", choices=SIMULATIONS)
    args = parser.parse_args(argv)
    outside = socket.gethostname()
    try:
        if args.simulate:
            simulate(args.simulate)
        known = facts()
        route = python_route if args.method == "python" else cli_route
        outcome = route(args.mount_proc)
    except StepFailed as failed:
        result = {"ok": False, "step": failed.step, "errno": failed.number, "stderr": failed.stderr}
        print(json.dumps({**result, "facts": facts(), "method": args.method}))
        return
    except OSError as exc:  # the simulation itself could not be set up
        print(
            json.dumps(
                {
                    "ok": False,
                    "step": "simulate",
                    "errno": exc.errno,
                    "stderr": str(exc),
                    "facts": {},
                }
            )
        )
        return
    outcome.update(
        hostname_outside=outside, simulated=args.simulate, python=platform.python_version()
    )
    print(json.dumps({"ok": True, "outcome": outcome, "facts": known}))


if __name__ == "__main__":
    main()
