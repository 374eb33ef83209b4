"""The container layer: does this process run in a container, and whose?

The strongest test needs no privilege: compare this process's namespace inode
numbers with the kernel's initial ones. Runtime files (``/.dockerenv``), an
overlay root or a container-style PID 1 are weak: they come with a disk image and
survive when that image boots as a VM. They count only when some namespace is not
the initial one; otherwise the report shows a conflict. Taught in notebooks
``00-start-here`` and ``04-containers``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from virtlab.i18n import tr
from virtlab.probe._procfs import (
    INITIAL_NS_INODE,
    list_dir,
    mounts,
    ns_inode,
    path_under,
    read_error,
    read_text,
)
from virtlab.probe._signals import Signal, Strength
from virtlab.probe._words import TextTable

__all__ = ["DECIDING_NAMESPACES", "NAMESPACES", "RUNTIME_NAMES", "container_signals"]

NAMESPACES = "/proc/self/ns/*"
DECIDING_NAMESPACES = ("pid", "user", "uts", "ipc", "cgroup", "time")
"""Namespaces whose initial inode number is fixed on every kernel since 3.8."""

_RUNTIME_PRODUCTS: dict[str, str] = {
    "kubernetes": "Kubernetes",
    "podman": "Podman",
    "lxc": "LXC",
    "systemd-nspawn": "systemd-nspawn",
    "openvz": "OpenVZ",
    "docker": "Docker",
    "containerd": "containerd",
    "cri-o": "CRI-O",
}


def _runtime_name(runtime: str) -> str:
    if runtime == "kubernetes":
        return tr("probe_where.runtime.pod", product=_RUNTIME_PRODUCTS[runtime])
    if runtime in _RUNTIME_PRODUCTS:
        return tr("probe_where.runtime.container", product=_RUNTIME_PRODUCTS[runtime])
    return tr("probe_where.runtime.other")


RUNTIME_NAMES: Mapping[str, str] = TextTable((*_RUNTIME_PRODUCTS, "container-other"), _runtime_name)
"""A readable name for every value ``Report.container`` can take, most specific first,
in the current language (``Docker container``, ``Docker 컨테이너``)."""

_CGROUP_PATTERNS = (
    (r"kubepods", "kubernetes"),
    (r"/libpod-|libpod_parent", "podman"),
    (r"/lxc/|lxc\.payload", "lxc"),
    (r"/docker/|docker-[0-9a-f]{12,}\.scope", "docker"),
    (r"cri-containerd-", "containerd"),
    (r"crio-", "cri-o"),
)
_BIND_PATTERNS = (
    (r"/pods/[0-9a-f-]{36}/etc-hosts", "kubernetes"),
    (r"io\.containerd\.grpc\.v1\.cri/sandboxes/[0-9a-f]{64}/", "containerd"),
    (r"/overlay-containers/[0-9a-f]{64}/userdata/", "podman"),
    (r"/containers/[0-9a-f]{64}/(hostname|hosts|resolv\.conf)", "docker"),
)
_CONTAINER_INITS = (
    "tini",
    "dumb-init",
    "catatonit",
    "pause",
    "jupyterhub-singleuser",
    "sh",
    "bash",
)


def _c(
    name: str, value: str, meaning: str, strength: Strength, points_to: str | None = None
) -> Signal:
    return Signal(name, value, meaning, strength, "container", points_to)


def _namespace_signal(root: str | Path) -> Signal:
    inodes = {ns: ns_inode(root, ns) for ns in DECIDING_NAMESPACES}
    readable = {ns: ino for ns, ino in inodes.items() if ino is not None}
    if not readable:
        return _c(NAMESPACES, "unreadable", tr("probe_where.container.ns_unreadable"), "info")
    other = [ns for ns, ino in readable.items() if ino != INITIAL_NS_INODE[ns]]
    if other:
        meaning = tr("probe_where.container.ns_own")
        return _c(NAMESPACES, "non-initial: " + ", ".join(other), meaning, "strong")
    meaning = tr("probe_where.container.ns_initial")
    return _c(NAMESPACES, "all initial (" + " ".join(readable) + ")", meaning, "strong")


def _file_signals(root: str | Path, environ: Mapping[str, str]) -> list[Signal]:
    found = []
    uid_map = " ".join((read_text(root, "/proc/self/uid_map") or "").split())
    if uid_map and uid_map != "0 0 4294967295":
        found.append(
            _c("/proc/self/uid_map", uid_map, tr("probe_where.container.uid_map"), "medium")
        )
    for path in ("/run/host/container-manager", "/run/systemd/container"):
        text = (read_text(root, path) or "").strip()
        if text:
            found.append(
                _c(
                    path,
                    text,
                    tr("probe_where.container.manager"),
                    "strong",
                    _runtime(text),
                )
            )
    if environ.get("container"):
        value = environ["container"]
        found.append(
            _c(
                "$container",
                value,
                tr("probe_where.container.variable"),
                "strong",
                _runtime(value),
            )
        )
    pid1 = read_text(root, "/proc/1/environ")
    if pid1 is None:
        error = read_error(root, "/proc/1/environ") or "unreadable"
        found.append(_c("/proc/1/environ", error, tr("probe_where.container.pid1_private"), "info"))
    elif match := re.search(r"(?:^|\0)container=([^\0]+)", pid1):
        found.append(
            _c(
                "/proc/1/environ container=",
                match.group(1),
                tr("probe_where.container.pid1_runtime"),
                "strong",
                _runtime(match.group(1)),
            )
        )
    if path_under(root, "/run/.containerenv").exists():
        found.append(
            _c(
                "/run/.containerenv",
                "exists",
                tr("probe_where.container.containerenv"),
                "strong",
                "podman",
            )
        )
    if path_under(root, "/.dockerenv").exists():
        found.append(
            _c(
                "/.dockerenv",
                "exists",
                tr("probe_where.container.dockerenv"),
                "weak",
                "docker",
            )
        )
    if list_dir(root, "/proc/vz") is not None and list_dir(root, "/proc/bc") is None:
        found.append(
            _c(
                "/proc/vz",
                "exists, /proc/bc absent",
                tr("probe_where.container.openvz"),
                "strong",
                "openvz",
            )
        )
    return found


def _runtime(text: str) -> str:
    lowered = text.lower()
    for key in ("podman", "lxc", "systemd-nspawn", "docker", "kubernetes"):
        if key in lowered:
            return key
    return "container-other"


def _cgroup_and_mount_signals(root: str | Path) -> list[Signal]:
    found = []
    cgroups = read_text(root, "/proc/self/cgroup") or ""
    for pattern, runtime in _CGROUP_PATTERNS:
        match = re.search(r"^[^\n]*(" + pattern + r")[^\n]*$", cgroups, re.MULTILINE)
        if match:
            found.append(
                _c(
                    "/proc/self/cgroup",
                    match.group(0).split(":", 2)[-1],
                    tr("probe_where.container.cgroup_path"),
                    "strong",
                    runtime,
                )
            )
            break
    table = mounts(root)
    root_mount = next((m for m in reversed(table) if m.mount_point == "/"), None)
    if root_mount is not None:
        if root_mount.fstype == "overlay":
            found.append(
                _c(
                    "root file system",
                    "overlay",
                    tr("probe_where.container.overlay"),
                    "weak",
                    "docker",
                )
            )
        else:
            found.append(
                _c(
                    "root file system",
                    root_mount.fstype,
                    tr("probe_where.container.not_overlay"),
                    "info",
                )
            )
    for m in table:
        if m.mount_point in ("/etc/hostname", "/etc/hosts", "/etc/resolv.conf"):
            for pattern, runtime in _BIND_PATTERNS:
                if re.search(pattern, m.root):
                    found.append(
                        _c(
                            f"bind mount on {m.mount_point}",
                            m.root,
                            tr("probe_where.container.bind_mount"),
                            "strong",
                            runtime,
                        )
                    )
                    break
            else:
                continue
            break
    return found


def _orchestrator_signals(root: str | Path, environ: Mapping[str, str]) -> list[Signal]:
    found = []
    if environ.get("KUBERNETES_SERVICE_HOST"):
        found.append(
            _c(
                "$KUBERNETES_SERVICE_HOST",
                environ["KUBERNETES_SERVICE_HOST"],
                tr("probe_where.container.kubernetes_variable"),
                "strong",
                "kubernetes",
            )
        )
    if list_dir(root, "/var/run/secrets/kubernetes.io/serviceaccount") is not None:
        found.append(
            _c(
                "/var/run/secrets/kubernetes.io/serviceaccount",
                "exists",
                tr("probe_where.container.service_account"),
                "strong",
                "kubernetes",
            )
        )
    hub = sorted(k for k in environ if k.startswith("JUPYTERHUB_"))
    if hub:
        found.append(
            _c(
                "$JUPYTERHUB_*",
                " ".join(hub[:4]),
                tr("probe_where.container.jupyterhub"),
                "info",
            )
        )
    comm = (read_text(root, "/proc/1/comm") or "").strip()
    if comm:
        if comm in _CONTAINER_INITS or comm.startswith("python"):
            found.append(
                _c(
                    "/proc/1/comm",
                    comm,
                    tr("probe_where.container.pid1_container_style"),
                    "weak",
                    "container-other",
                )
            )
        else:
            found.append(
                _c("/proc/1/comm", comm, tr("probe_where.container.pid1_ordinary"), "info")
            )
    status = read_text(root, "/proc/self/status") or ""
    fields = dict(re.findall(r"^(Seccomp|NoNewPrivs|CapEff):\s*(\S+)", status, re.MULTILINE))
    if fields:
        shown = " ".join(f"{k}={v}" for k, v in fields.items())
        sandboxed = fields.get("Seccomp", "0") != "0" or fields.get("NoNewPrivs", "0") != "0"
        meaning = (
            tr("probe_where.container.sandboxed")
            if sandboxed
            else tr("probe_where.container.no_seccomp")
        )
        found.append(_c("/proc/self/status", shown, meaning, "info"))
    return found


def container_signals(root: str | Path, environ: Mapping[str, str]) -> tuple[Signal, ...]:
    """Every container-layer signal under ``root``, with ``environ`` as our environment."""
    return (
        _namespace_signal(root),
        *_file_signals(root, environ),
        *_cgroup_and_mount_signals(root),
        *_orchestrator_signals(root, environ),
    )
