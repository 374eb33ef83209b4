"""Why a machine refused a namespace: seccomp, masked /proc, disabled, threads, AppArmor.

Creating namespaces without root fails in a few distinct ways, and each one
teaches something about the sandbox around us. :func:`classify_refusal` turns the
error number and a few facts the child collected into plain words. Taught in
notebook ``04-containers``.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["REFUSAL_KINDS", "Refusal", "bad_answer", "child_failed", "classify_refusal"]

REFUSAL_KINDS: dict[str, str] = {
    "seccomp": (
        "A seccomp filter refused the system call (Seccomp: 2 in /proc/self/status): container "
        "runtimes' default profiles (Docker's, Kubernetes' RuntimeDefault) restrict the calls "
        "that create namespaces, so this process may not make namespaces of its own."
    ),
    "masked_proc": (
        "Mounting a fresh /proc was refused: parts of this /proc are covered (masked), as "
        "container runtimes do, and the kernel will not mount a procfs that would reveal them. "
        "The Python variant, which prints getpid() without mounting /proc, still works."
    ),
    "userns_disabled": (
        "User namespaces are switched off here (user.max_user_namespaces=0 or "
        "kernel.unprivileged_userns_clone=0): the administrator does not let unprivileged "
        "users create them."
    ),
    "threads": (
        "The calling process has more than one thread, and a multi-threaded process may not "
        "enter a new user namespace (EINVAL). A Jupyter kernel is multi-threaded, which is why "
        "the lab always runs in a fresh child process."
    ),
    "apparmor": (
        "AppArmor restricts unprivileged user namespaces "
        "(kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu 23.10 and later): the "
        "namespace is created but holds no capabilities, so writing the ID maps or mounting fails."
    ),
    "not_permitted": (
        "The kernel said 'operation not permitted' without a seccomp filter or a known switch: "
        "a security module (SELinux), a chroot, or a missing capability."
    ),
    "nesting_limit": "Too many nested user namespaces (EUSERS): the limit is 32 levels.",
    "unsupported": (
        "This kernel was built without user namespaces (ENOSYS or no /proc/self/ns/user)."
    ),
    "simulation_failed": (
        "The refusal could not be recreated here: setting up the simulation was itself refused."
    ),
    "low_memory": (
        "Too little memory headroom in this cgroup to start a lab safely: an out-of-memory "
        "kill would most likely hit the notebook kernel, the biggest process."
    ),
    "timeout": "The child did not finish in time; its whole process group was killed.",
    "crashed": "The child process died before reporting.",
    "not_linux": "Namespaces and cgroups are features of the Linux kernel; this is not Linux.",
    "forced": "VIRTLAB_LIVE=0 asks for recorded results.",
}
"""Every kind of refusal, with the plain-words explanation a student reads."""


@dataclass(frozen=True)
class Refusal:
    """Why a live lab could not run: a kind, plain words, and the raw error.

    >>> Refusal("threads", REFUSAL_KINDS["threads"], "EINVAL").errno_name
    'EINVAL'
    """

    kind: str
    explanation: str
    errno_name: str | None = None
    detail: str = ""


def classify_refusal(
    step: str, error_number: int | None, facts: Mapping[str, str], stderr: str = ""
) -> Refusal:
    """Name the reason a namespace step failed, from the errno and facts about the process.

    Args:
        step: what failed: ``"unshare"``, ``"uid_map"``, ``"sethostname"``,
            ``"fork"``, ``"mount_proc"`` or ``"cli"`` (the ``unshare`` command).
        error_number: the errno of the failed call, None when unknown.
        facts: what the child read before trying: ``seccomp`` (``/proc/self/status``
            Seccomp field), ``threads``, ``max_user_namespaces``,
            ``unprivileged_userns_clone``, ``apparmor_restrict_unprivileged_userns``.
        stderr: what the ``unshare`` command printed, for ``step="cli"``.

    Returns:
        A :class:`Refusal`; its ``kind`` is a key of :data:`REFUSAL_KINDS`.

    >>> classify_refusal("unshare", errno.EINVAL, {"threads": "2"}).kind
    'threads'
    >>> classify_refusal("unshare", errno.EPERM, {"seccomp": "2"}).kind
    'seccomp'
    """
    name = errno.errorcode.get(error_number) if error_number is not None else None
    if step == "cli" and error_number is None:
        error_number = _errno_in_message(stderr)
        name = errno.errorcode.get(error_number) if error_number is not None else None
    if step == "simulate":
        kind = "simulation_failed"
    elif step == "mount_proc" or "mount /proc failed" in stderr:
        kind = "masked_proc"
    elif error_number == errno.EINVAL and int(facts.get("threads", "1") or 1) > 1:
        kind = "threads"
    elif error_number == errno.ENOSPC or facts.get("max_user_namespaces") == "0":
        kind = "userns_disabled"
    elif error_number == errno.EUSERS:
        kind = "nesting_limit"
    elif error_number == errno.ENOSYS:
        kind = "unsupported"
    elif error_number in (errno.EPERM, errno.EACCES):
        kind = _why_not_permitted(step, facts)
    else:
        kind = "not_permitted" if error_number is not None else "crashed"
    detail = f"{step} failed" + (f" with {name}" if name else "")
    if stderr.strip():
        detail += f": {stderr.strip().splitlines()[-1]}"
    return Refusal(kind, REFUSAL_KINDS[kind], name, detail)


def _why_not_permitted(step: str, facts: Mapping[str, str]) -> str:
    if facts.get("seccomp") == "2":
        return "seccomp"
    if facts.get("unprivileged_userns_clone") == "0":
        return "userns_disabled"
    if facts.get("apparmor_restrict_unprivileged_userns") == "1":
        return "apparmor"
    return "not_permitted"


def _errno_in_message(message: str) -> int | None:
    """The errno whose text a command printed ("unshare failed: No space left on device")."""
    lowered = message.lower()
    for number in (
        errno.EPERM,
        errno.EACCES,
        errno.ENOSPC,
        errno.EINVAL,
        errno.EUSERS,
        errno.ENOSYS,
    ):
        if os.strerror(number).lower() in lowered:
            return number
    return None


def child_failed(timed_out: bool, why: str) -> Refusal:
    """The refusal for a lab child that timed out or died; ``why`` is the child's story."""
    kind = "timeout" if timed_out else "crashed"
    return Refusal(kind, REFUSAL_KINDS[kind], None, why)


def bad_answer(error: Exception) -> Refusal:
    """The refusal for a lab child whose answer could not be read."""
    return Refusal("crashed", REFUSAL_KINDS["crashed"], None, f"the child answered badly: {error}")
