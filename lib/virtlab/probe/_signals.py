"""The vocabulary of the where-am-I lab: a signal, a CPUID reading and the report.

A **signal** is one fact read from the machine (a file, a flag, an instruction's
answer) with what it means and how much it proves. The **report** weighs the
signals of two independent layers, the virtual machine (VM) layer and the
container layer, and says where we run. Taught in notebook ``00-start-here``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CpuidReading", "Layer", "Report", "Signal", "Source", "Strength"]

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
