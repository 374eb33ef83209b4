"""Weighing the evidence: from signals to a verdict for each layer, with its conflicts.

Collecting signals (``_vm``, ``_container``) and judging them are kept apart, so a
student can read the rules in one place: the VM layer follows systemd's order
(CPUID, with firmware overriding a few hypervisors that imitate KVM); in the
container layer weak hints count only when some namespace is not the initial one.
Taught in notebook ``00-start-here``.
"""

from __future__ import annotations

from dataclasses import dataclass

from virtlab.i18n import tr
from virtlab.probe import _vm_tables as tables
from virtlab.probe._container import NAMESPACES, RUNTIME_NAMES
from virtlab.probe._signals import Signal
from virtlab.probe._vm import CPUID, DMI, HYPERVISOR_FLAG
from virtlab.probe._words import article, with_article

__all__ = ["LayerVerdict", "article", "decide_container", "decide_vm"]


@dataclass(frozen=True)
class LayerVerdict:
    """The answer for one layer: its name, the product when known, a sentence, conflicts."""

    name: str | None
    product: str | None
    verdict: str
    conflicts: tuple[str, ...]


_COMPATIBLE = {frozenset({"kvm", "qemu"}), frozenset({"qemu", "qemu-tcg"})}
_NOT_HYPERVISORS = frozenset({"wsl1", "bare-metal"})


def _agrees(a: str, b: str | None) -> bool:
    return b is None or a == b or "vm-other" in (a, b) or frozenset({a, b}) in _COMPATIBLE


def _choose(signals: tuple[Signal, ...]) -> Signal | None:
    """The deciding signal, in systemd's order: CPUID, with DMI overriding a few."""
    strong = [s for s in signals if s.strength == "strong" and s.points_to]
    strong = [s for s in strong if s.points_to not in _NOT_HYPERVISORS]
    cpuid = next((s for s in strong if s.name == CPUID), None)
    dmi = next((s for s in strong if s.name == DMI), None)
    overridden = dmi is not None and (
        dmi.points_to in tables.DMI_OVERRIDES or (cpuid is not None and cpuid.points_to == "hyperv")
    )
    if cpuid and dmi and cpuid.points_to != dmi.points_to and overridden:
        return dmi  # VirtualBox/Parallels/Xen can show KVM's CPUID; QEMU can fake Hyper-V
    if cpuid or strong:
        return cpuid or strong[0]
    named = [s for s in signals if s.strength == "medium" and s.points_to not in (None, "vm-other")]
    return named[0] if named else None


def _product(signals: tuple[Signal, ...], hypervisor: str | None) -> str | None:
    for s in signals:
        if s.name == "/proc/sys/kernel/osrelease":
            return tr("probe_where.product.wsl2") if s.points_to == "hyperv" else "WSL1"
        if s.name.endswith("chassis_asset_tag"):
            return "Microsoft Azure"
    dmi = next((s for s in signals if s.name == DMI), None)
    if dmi and dmi.value != "absent":
        for prefix, product in tables.DMI_PRODUCTS:
            if f"={prefix}" in dmi.value:
                return product
        if hypervisor == "kvm" and "=QEMU" in dmi.value:
            return "QEMU/KVM"
    firecracker_hints = [s for s in signals if s.name in ("/sys/bus/acpi/devices", "/proc/cmdline")]
    if hypervisor == "kvm" and (dmi is None or dmi.value == "absent") and firecracker_hints:
        return tr("probe_where.product.firecracker")
    return None


def decide_vm(signals: tuple[Signal, ...]) -> LayerVerdict:
    """Weigh the VM-layer signals: which hypervisor, which product, and what disagrees."""
    flag = next((s for s in signals if s.name == HYPERVISOR_FLAG), None)
    special = next((s for s in signals if s.points_to in _NOT_HYPERVISORS), None)
    choice = _choose(signals)
    hypervisor = choice.points_to if choice else None
    unnamed_hints = [s for s in signals if s.strength == "medium" and s.points_to == "vm-other"]
    if hypervisor is None and flag is not None and flag.value == "set":
        hypervisor, why = "vm-other", tr("probe_where.vm_verdict.why_flag")
    elif hypervisor is None and len(unnamed_hints) >= 2:
        hypervisor, why = "vm-other", tr("probe_where.vm_verdict.why_hardware")
    else:
        why = ""
    conflicts = [
        tr(
            "probe_where.conflict.hypervisors",
            signal=s.label,
            value=s.shown_value,
            hypervisor=tables.HYPERVISOR_NAMES.get(s.points_to, s.points_to),
            chosen=choice.label,
            chosen_value=choice.shown_value,
        )
        for s in signals
        if choice and s.strength == "strong" and s.points_to and s.points_to not in _NOT_HYPERVISORS
        if not _agrees(s.points_to, hypervisor)
    ]
    if hypervisor and flag is not None and flag.value == "clear":
        what = choice.label if choice else tr("probe_where.conflict.the_hardware")
        conflicts.append(tr("probe_where.conflict.flag_clear", signal=what))
    product = _product(signals, hypervisor)
    if special is not None and special.points_to == "bare-metal":
        return LayerVerdict(
            None,
            tr("probe_where.product.aws_metal"),
            tr("probe_where.vm_verdict.no_hypervisor", meaning=special.meaning),
            (),
        )
    if hypervisor is None:
        if special is not None:
            text = tr("probe_where.vm_verdict.no_vm", meaning=special.meaning)
        elif flag is not None and flag.value == "clear":
            text = tr("probe_where.vm_verdict.bare_metal_flag_clear")
        else:
            text = tr("probe_where.vm_verdict.bare_metal")
        return LayerVerdict(None, product, text, tuple(conflicts))
    name = tables.HYPERVISOR_NAMES.get(hypervisor, hypervisor)
    if hypervisor == "vm-other" or choice is None:
        why = why or tr("probe_where.vm_verdict.why_hardware")
        text = tr("probe_where.vm_verdict.unnamed", why=why)
    else:
        text = tr(
            f"probe_where.vm_verdict.named_{article(name)}",
            name=name,
            product=f" ({product})" if product else "",
            signal=choice.label,
            value=choice.shown_value,
        )
    return LayerVerdict(hypervisor, product, text, tuple(conflicts))


def decide_container(signals: tuple[Signal, ...]) -> LayerVerdict:
    """Weigh the container signals; weak ones count only when a namespace is not initial."""
    ns = next(s for s in signals if s.name == NAMESPACES)
    namespaced = ns.value.startswith("non-initial")
    host_view = ns.value.startswith("all initial")
    strong = [s for s in signals if s.strength == "strong" and s.points_to]
    weak = [s for s in signals if s.strength == "weak" and s.points_to]
    counted = strong + (weak if namespaced else [])
    named = [s.points_to for s in counted if s.points_to]
    order = list(RUNTIME_NAMES)
    container = (
        min(named, key=order.index) if named else ("container-other" if namespaced else None)
    )
    hub = any(s.name == "$JUPYTERHUB_*" for s in signals)
    conflicts = []
    if weak and not namespaced and host_view:
        shown = ", ".join(f"{s.label} ({s.shown_value})" for s in weak)
        if len(weak) == 1:
            conflicts.append(tr("probe_where.conflict.image_hint", signals=shown))
        else:
            conflicts.append(tr("probe_where.conflict.image_hints", signals=shown))
    if strong and host_view:
        shown = ", ".join(s.label for s in strong)
        if len(strong) == 1:
            conflicts.append(tr("probe_where.conflict.host_namespaces_one", signals=shown))
        else:
            conflicts.append(tr("probe_where.conflict.host_namespaces", signals=shown))
    if container is None:
        if host_view and conflicts:
            text = tr("probe_where.container_verdict.not_in_container_image")
        elif host_view:
            text = tr("probe_where.container_verdict.not_in_container")
        else:
            text = tr("probe_where.container_verdict.cannot_tell")
        return LayerVerdict(None, None, text, tuple(conflicts))
    why = next((s for s in counted if s.points_to == container), ns)
    extra = (
        tr("probe_where.container_verdict.namespaces", value=ns.shown_value)
        if namespaced and why is not ns
        else ""
    )
    product = tr("probe_where.product.jupyterhub") if hub else None
    text = tr(
        "probe_where.container_verdict.inside",
        runtime=with_article(RUNTIME_NAMES[container]),
        signal=why.label,
        value=why.shown_value,
        extra=extra,
    )
    if hub:
        text += " " + tr("probe_where.container_verdict.jupyterhub")
    return LayerVerdict(container, product, text, tuple(conflicts))
