"""Running a lab's child process safely: own process group, timeout, one at a time.

Every live lab runs in a fresh child interpreter, never in the notebook's kernel
process. The child starts in its own session (so its process group holds every
grandchild too), in a temporary working folder that is removed afterwards, with a
timeout; on timeout the whole group gets SIGKILL. A module lock lets at most one
child run at a time, so two cells cannot pile up processes. The child gets the
notebook's language (``VIRTLAB_LANG``), so any words it writes are the student's.
Taught in notebook ``04-containers``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from virtlab.i18n import language, tr

__all__ = ["ChildOutcome", "python_argv", "run_child"]

_LOCK = threading.Lock()
_MAX_OUTPUT = 1 << 20
_LIB_DIR = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class ChildOutcome:
    """How a child process ended: exit code, output, whether it ran out of time."""

    argv: tuple[str, ...]
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool
    pgid: int | None
    error: str | None = None

    @property
    def is_ok(self) -> bool:
        """True when the child exited with status 0 in time."""
        return self.returncode == 0 and not self.timed_out and self.error is None

    def json(self) -> Any:
        """The last line of standard output parsed as JSON (the protocol of our children).

        Raises:
            ValueError: the child printed no JSON line.
        """
        lines = [line for line in self.stdout.splitlines() if line.strip()]
        if not lines:
            raise ValueError(
                tr("probe.child.printed_nothing", child=self.argv[-1], stderr=self.stderr[-300:])
            )
        return json.loads(lines[-1])

    def why_failed(self) -> str:
        """One phrase saying why the child did not succeed ("" when it did)."""
        if self.error:
            return self.error
        if self.timed_out:
            return tr("probe.child.timed_out", seconds=self.seconds)
        if self.returncode is not None and self.returncode < 0:
            return tr("probe.child.killed", signal=signal.Signals(-self.returncode).name)
        if self.returncode:
            last = (self.stderr.strip().splitlines() or [""])[-1]
            status = tr("probe.child.exit_status", status=self.returncode)
            return status + (f": {last}" if last else "")
        return ""


def python_argv(module: str, *args: str) -> list[str]:
    """The command that runs one of our child modules with this interpreter."""
    return [sys.executable, "-m", module, *args]


def _child_env(extra: Mapping[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env["VIRTLAB_LANG"] = language()  # a child's words are in the notebook's language
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_LIB_DIR, env.get("PYTHONPATH", "")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # write nothing outside the temporary folder
    env.update(extra or {})
    return env


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run_child(
    argv: Sequence[str], timeout_s: float = 20.0, env: Mapping[str, str] | None = None
) -> ChildOutcome:
    """Run ``argv`` as a child in its own process group, killing the group on timeout.

    Args:
        argv: the command as a list (never a shell string).
        timeout_s: seconds before the child and all its descendants get SIGKILL.
        env: extra environment variables for the child.

    Returns:
        A :class:`ChildOutcome`; a child that cannot start gives ``error`` set, not
        an exception.

    Raises:
        ValueError: ``timeout_s`` is not a positive number of at most 600 seconds.

    >>> run_child([sys.executable, "-c", "print(6 * 7)"]).stdout.strip()
    '42'
    """
    if not 0 < timeout_s <= 600:
        raise ValueError(tr("probe.child.bad_timeout", timeout=timeout_s))
    args = tuple(str(a) for a in argv)
    if not _LOCK.acquire(timeout=timeout_s + 30):
        busy = tr("probe.child.busy")
        return ChildOutcome(args, None, "", "", 0.0, False, None, busy)
    try:
        with tempfile.TemporaryDirectory(prefix="virtlab-lab-") as workdir:
            return _run_locked(args, timeout_s, _child_env(env), workdir)
    finally:
        _LOCK.release()


def _run_locked(
    args: tuple[str, ...], timeout_s: float, env: dict[str, str], cwd: str
) -> ChildOutcome:
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        failed = tr("probe.child.cannot_start", command=args[0], error=exc.strerror)
        return ChildOutcome(args, None, "", "", 0.0, False, None, failed)
    pgid = proc.pid  # a new session's leader: its pid is the group id
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(pgid)
        try:
            out, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # a descendant escaped the group and holds the pipe
            proc.kill()
            out, err = b"", b""
    finally:
        _kill_group(pgid)  # leftovers (a daemonised grandchild) never outlive the lab
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    seconds = time.perf_counter() - start
    return ChildOutcome(
        args,
        proc.returncode,
        out[:_MAX_OUTPUT].decode("utf-8", "replace"),
        err[:_MAX_OUTPUT].decode("utf-8", "replace"),
        seconds,
        timed_out,
        pgid,
    )
