"""The vocabulary of the where-am-I lab: a signal, a CPUID reading and the report.

A **signal** is one fact read from the machine (a file, a flag, an instruction's
answer) with what it means and how much it proves. The **report** weighs the
signals of two independent layers, the virtual machine (VM) layer and the
container layer, and says where we run. Taught in notebook ``00-start-here``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from virtlab.i18n import tr

__all__ = [
    "CpuidReading",
    "Layer",
    "Report",
    "Signal",
    "Source",
    "Strength",
    "signal_label",
    "value_label",
]

Strength = Literal["strong", "medium", "weak", "info"]
"""How much a signal proves: strong decides alone, weak needs support, info decides nothing."""

Layer = Literal["vm", "container", "platform"]
"""Which question a signal answers: is there a hypervisor, a container, or what OS is this."""

Source = Literal["live", "recorded"]
"""Whether a result was measured on this machine now, or taken from a recorded run."""


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: what we looked at, what we found, what it means, how strong.

    ``points_to`` names the hypervisor or container runtime the signal suggests
    (``"kvm"``, ``"docker"``), or None when it only says "some VM" / "some container"
    or nothing at all.

    >>> Signal("/.dockerenv", "exists", "Docker created this file system", "weak",
    ...        "container", "docker").strength
    'weak'
    """

    name: str
    value: str
    meaning: str
    strength: Strength
    layer: Layer = "vm"
    points_to: str | None = None

    @property
    def label(self) -> str:
        """The signal's name as a student reads it, in the current language.

        ``name`` is the signal's fixed id; file paths and CPUID leaves read the
        same in every language, descriptions (``clock source``) are translated.

        >>> Signal("clock source", "kvm-clock", "", "medium").label
        'clock source'
        """
        return signal_label(self.name)

    @property
    def shown_value(self) -> str:
        """The value as a student reads it: the lab's own words (``exists``, ``set``) in the
        current language, what the machine said (``KVMKVMKVM``, a path) as it is.

        >>> Signal("/.dockerenv", "exists", "", "weak").shown_value
        'exists'
        """
        return value_label(self.value)


_HYPERVISOR_FLAG = "/proc/cpuinfo flag 'hypervisor'"
_BIND_MOUNT = "bind mount on "


def signal_label(name: str) -> str:
    """A signal name (an id such as ``kernel log (dmesg)``) in the current language."""
    if name == _HYPERVISOR_FLAG:
        return tr("probe_where.signal.cpuinfo_flag", path="/proc/cpuinfo", flag="hypervisor")
    if name == "kernel log (dmesg)":
        return tr("probe_where.signal.dmesg", command="dmesg")
    if name == "clock source":
        return tr("probe_where.signal.clock_source")
    if name == "root file system":
        return tr("probe_where.signal.root_fs")
    if name == "PCI vendor":
        return tr("probe_where.signal.pci_vendor")
    if name == "device tree hypervisor":
        return tr("probe_where.signal.device_tree")
    if name.startswith(_BIND_MOUNT):
        return tr("probe_where.signal.bind_mount", path=name.removeprefix(_BIND_MOUNT))
    return name


@dataclass(frozen=True)
class CpuidReading:
    """What the CPU answered to CPUID leaf 1 (hypervisor bit) and leaf 0x40000000 (vendor).

    >>> CpuidReading(hypervisor_bit=True, vendor="KVMKVMKVM", max_leaf=0x40000001).vendor
    'KVMKVMKVM'
    """

    hypervisor_bit: bool
    vendor: str
    max_leaf: int


@dataclass(frozen=True)
class Report:
    """Where this code runs: the hypervisor under it, the container around it, and why.

    Attributes:
        hypervisor: ``"kvm"``, ``"xen"``, ``"vmware"``, ``"hyperv"``,
            ``"virtualbox"``, ``"qemu-tcg"``, ``"qemu"``, ``"parallels"``,
            ``"bhyve"``, ``"apple"``, ``"vm-other"`` or None (no VM found).
        container: ``"kubernetes"``, ``"podman"``, ``"lxc"``, ``"systemd-nspawn"``,
            ``"openvz"``, ``"docker"``, ``"containerd"``, ``"cri-o"``,
            ``"container-other"`` (namespaced, make unknown) or None.
        evidence: every signal looked at, strongest first within each layer.
        conflicts: signals that disagree, in plain words (a teaching moment).
        verdict: one sentence for both layers.
        vm_verdict: one sentence for the VM layer.
        container_verdict: one sentence for the container layer.
        product: the product or cloud when known (``"Firecracker microVM (likely)"``,
            ``"WSL2"``, ``"Amazon EC2"``), else None.
        system: ``platform.system()`` of the machine looked at (``"Linux"``...).
        is_available: False when the Linux probes cannot run here (macOS, Windows).
        source: ``"live"`` (read now) or ``"recorded"`` (a stored reference run).
        reason: why this source: what was read, or why a recording is shown.
    """

    hypervisor: str | None
    container: str | None
    evidence: tuple[Signal, ...]
    conflicts: tuple[str, ...]
    verdict: str
    vm_verdict: str
    container_verdict: str
    product: str | None
    system: str
    is_available: bool
    source: Source
    reason: str

    def signals(self, layer: Layer) -> tuple[Signal, ...]:
        """The signals that answer one layer's question (``"vm"``, ``"container"``...)."""
        return tuple(s for s in self.evidence if s.layer == layer)


_VALUE_KEYS = {
    "exists": "exists",
    "absent": "absent",
    "set": "set",
    "clear": "clear",
    "unreadable": "unreadable",
    "not read": "not_read",
    "not readable": "not_readable",
    "empty": "empty",
    "non-empty": "non_empty",
    "permission denied": "permission_denied",
}
_ALL_INITIAL = re.compile(r"all initial \((?P<names>[^)]*)\)")
_NON_INITIAL = "non-initial: "


def value_label(value: str) -> str:
    """A signal value in the current language when it is one of the lab's own words."""
    if value in _VALUE_KEYS:
        return tr(f"probe_where.value.{_VALUE_KEYS[value]}")
    if value == "no x86 flags line":
        return tr("probe_where.value.no_line", line="x86 flags")
    if value == "no 'Hypervisor detected' line":
        return tr("probe_where.value.no_line", line="'Hypervisor detected'")
    if value == "exists, /proc/bc absent":
        return tr("probe_where.value.exists_but", path="/proc/bc")
    if match := _ALL_INITIAL.fullmatch(value):
        return tr("probe_where.value.all_initial", names=match["names"])
    if value.startswith(_NON_INITIAL):
        return tr("probe_where.value.non_initial", names=value.removeprefix(_NON_INITIAL))
    return value
