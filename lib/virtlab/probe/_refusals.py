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

from virtlab.i18n import tr
from virtlab.probe._words import TextTable

__all__ = ["REFUSAL_KINDS", "Refusal", "bad_answer", "child_failed", "classify_refusal"]

REFUSAL_KINDS: Mapping[str, str] = TextTable(
    (
        "seccomp",
        "masked_proc",
        "userns_disabled",
        "threads",
        "apparmor",
        "not_permitted",
        "nesting_limit",
        "unsupported",
        "simulation_failed",
        "low_memory",
        "timeout",
        "crashed",
        "not_linux",
        "forced",
    ),
    lambda kind: tr(f"probe.refusal.{kind}"),
)
"""Every kind of refusal, with the plain-words explanation a student reads (current language)."""


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
    detail = (
        tr("probe.refusal_detail.step_failed_with", step=step, errno=name)
        if name
        else tr("probe.refusal_detail.step_failed", step=step)
    )
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
    detail = tr("probe.refusal_detail.bad_answer", error=error)
    return Refusal("crashed", REFUSAL_KINDS["crashed"], None, detail)
