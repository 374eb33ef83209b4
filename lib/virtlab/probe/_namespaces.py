"""The namespaces lab: which namespaces we live in, and making new ones in a child.

A **namespace** (네임스페이스) gives a process its own view of one kind of kernel
resource: process IDs, hostname, users, mounts, network. :func:`namespaces` compares
ours with the kernel's initial ones; :func:`namespace_demo` makes new user, UTS and
PID namespaces in a child and shows PID 1 and a new hostname, or says in plain
words why this machine refuses. Taught in notebook ``04-containers``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from virtlab.i18n import tr
from virtlab.probe._child import python_argv, run_child
from virtlab.probe._procfs import INITIAL_NS_INODE, ns_inode, read_text
from virtlab.probe._recorded import (
    LabResult,
    read_in_child,
    recorded_result,
    this_machine,
    why_not_live,
)
from virtlab.probe._refusals import (
    Refusal,
    bad_answer,
    child_failed,
    classify_refusal,
)
from virtlab.probe._serial import from_jsonable
from virtlab.probe._simulate import SIMULATIONS
from virtlab.probe._words import TextTable

__all__ = [
    "DemoOutcome",
    "NamespaceRow",
    "NamespaceTable",
    "namespace_demo",
    "namespaces",
    "read_namespaces",
]

WHAT_IT_ISOLATES: Mapping[str, str] = TextTable(
    ("pid", "user", "uts", "ipc", "mnt", "net", "cgroup", "time"),
    lambda name: tr(f"probe.namespaces.isolates.{name}"),
)
"""Namespace name -> what it gives a process its own view of, in the current language."""
_FIXED_SINCE_3_8 = ("pid", "user", "uts", "ipc", "cgroup", "time")


@dataclass(frozen=True)
class NamespaceRow:
    """One namespace: its inode number, the initial one's, and whether they are the same."""

    name: str
    inode: int | None
    initial_inode: int
    is_initial: bool | None
    isolates: str


@dataclass(frozen=True)
class NamespaceTable:
    """Every namespace of this process against the kernel's initial ones."""

    rows: tuple[NamespaceRow, ...]
    uid_map: str
    is_namespaced: bool
    summary: str


def read_namespaces(root: str | Path = "/") -> NamespaceTable:
    """Our namespaces (``/proc/self/ns``) against the kernel's initial inode numbers.

    ``is_initial`` is None when the link is unreadable, or for net/mnt when the
    numbers differ (older kernels number those two freely, so a difference proves
    nothing there).

    >>> read_namespaces("/nonexistent").summary
    'The namespace links are unreadable here.'
    """
    rows = []
    for name, initial in INITIAL_NS_INODE.items():
        inode = ns_inode(root, name)
        same: bool | None = None if inode is None else inode == initial
        if same is False and name not in _FIXED_SINCE_3_8:
            same = None
        rows.append(NamespaceRow(name, inode, initial, same, WHAT_IT_ISOLATES[name]))
    uid_map = " ".join((read_text(root, "/proc/self/uid_map") or "").split())
    own = [r.name for r in rows if r.is_initial is False]
    return NamespaceTable(tuple(rows), uid_map, bool(own), _summary(rows))


def _summary(rows: list[NamespaceRow] | tuple[NamespaceRow, ...]) -> str:
    own = [r.name for r in rows if r.is_initial is False]
    if all(r.inode is None for r in rows):
        return tr("probe.namespaces.summary_unreadable")
    if own:
        return tr("probe.namespaces.summary_own", names=", ".join(own))
    return tr("probe.namespaces.summary_initial")


def _in_words(table: NamespaceTable) -> NamespaceTable:
    """The table's sentences made again from its data, in the current language."""
    rows = tuple(
        dataclasses.replace(r, isolates=WHAT_IT_ISOLATES[r.name])
        if r.name in WHAT_IT_ISOLATES
        else r
        for r in table.rows
    )
    return dataclasses.replace(table, rows=rows, summary=_summary(rows))


def namespaces(
    *,
    environ: Mapping[str, str] | None = None,
    system: str | None = None,
    run_id: str | None = None,
) -> LabResult[NamespaceTable]:
    """This process's namespaces against the initial ones, read in a child process.

    Args:
        environ: environment to consult for ``VIRTLAB_LIVE`` (default ``os.environ``).
        system: ``platform.system()`` to assume; not Linux gives the recorded table.
        run_id: which recorded run to fall back on (default the reference machine).

    Returns:
        A :class:`LabResult` holding a :class:`NamespaceTable`; a child sees the same
        namespaces as its parent, so the table describes the notebook too.

    >>> namespaces(system="Windows").source
    'recorded'
    """
    refusal = why_not_live(environ, system)
    return read_in_child("namespaces", NamespaceTable, refusal, run_id, words=_in_words)


@dataclass(frozen=True)
class DemoOutcome:
    """What the child saw inside its new namespaces.

    Attributes:
        method: ``"python (ctypes)"``, ``"python (os.unshare)"`` or ``"unshare(1)"``.
        pid_inside: the PID the first process of the new PID namespace sees (1).
        uid_inside: its user ID inside (0: root, but only inside).
        hostname_inside: the hostname it set (``lab-container``).
        hostname_outside: the machine's hostname, unchanged.
        processes_visible: processes in a freshly mounted /proc (with ``mount_proc``).
        simulated: the refusal that was simulated first, if any.
        python: the child's Python version.
    """

    method: str
    pid_inside: int | None
    uid_inside: int | None
    hostname_inside: str | None
    hostname_outside: str | None
    processes_visible: int | None
    simulated: str | None
    python: str


Method = Literal["auto", "python", "cli"]


def namespace_demo(
    *,
    method: Method = "auto",
    mount_proc: bool = False,
    simulate: str | None = None,
    environ: Mapping[str, str] | None = None,
    system: str | None = None,
    timeout_s: float = 20.0,
    run_id: str | None = None,
) -> LabResult[DemoOutcome]:
    """Make new user, UTS and PID namespaces in a child: it becomes PID 1 with its own hostname.

    Args:
        method: ``"python"`` (system calls from Python), ``"cli"`` (util-linux
            ``unshare``), or ``"auto"``: Python first, then the command if refused.
        mount_proc: also mount a fresh ``/proc`` and count the processes it shows.
        simulate: first recreate a refusal in the child, to see how it looks:
            ``"seccomp"``, ``"userns_disabled"``, ``"threads"``, ``"masked_proc"``.
        environ: environment to consult for ``VIRTLAB_LIVE``.
        system: ``platform.system()`` to assume.
        timeout_s: seconds before the child's process group is killed.
        run_id: which recorded run to show when refused.

    Returns:
        A live :class:`LabResult` when it worked; when the machine refused, the
        recorded result with ``refusal`` saying why in plain words.

    Raises:
        ValueError: unknown ``method`` or ``simulate``.

    >>> namespace_demo(environ={"VIRTLAB_LIVE": "0"}).data.pid_inside
    1
    """
    if method not in ("auto", "python", "cli"):
        raise ValueError(tr("probe.namespaces.unknown_method", method=method))
    if simulate is not None and simulate not in SIMULATIONS:
        names = ", ".join(SIMULATIONS)
        raise ValueError(tr("probe.namespaces.unknown_simulation", simulate=simulate, names=names))
    refusal = why_not_live(environ, system)
    if refusal is not None:
        return recorded_result("namespace_demo", DemoOutcome, refusal, run_id)
    refusals: list[Refusal] = []
    for route in ("python", "cli") if method == "auto" else (method,):
        args = ["--method", route] + (["--mount-proc"] if mount_proc else [])
        attempt = _attempt(args + (["--simulate", simulate] if simulate else []), timeout_s)
        if isinstance(attempt, Refusal):
            refusals.append(attempt)
            continue
        first = refusals[0] if refusals else None
        reason = tr("probe.namespaces.made_in_child")
        if first is not None:
            reason = tr("probe.namespaces.made_after_refusal", explanation=first.explanation)
        return LabResult("namespace_demo", attempt, "live", reason, this_machine(), refusal=first)
    return recorded_result("namespace_demo", DemoOutcome, refusals[0], run_id)


def _attempt(args: list[str], timeout_s: float) -> DemoOutcome | Refusal:
    """One run of the demo child: what it saw, or why it was refused."""
    outcome = run_child(python_argv("virtlab.probe._child_ns", *args), timeout_s=timeout_s)
    if not outcome.is_ok:
        return child_failed(outcome.timed_out, outcome.why_failed())
    try:
        answer = outcome.json()
        if answer["ok"]:
            return from_jsonable(DemoOutcome, answer["outcome"])
        return classify_refusal(answer["step"], answer["errno"], answer["facts"], answer["stderr"])
    except (ValueError, KeyError, TypeError) as exc:
        return bad_answer(exc)
