"""What the names a machine shows mean: CPUID vendors, firmware (DMI) strings, PCI vendors.

These are lookup tables of the detection lab, copied from the tools that do the
same job (systemd ``src/basic/virt.c``, virt-what, cloud-init, pci.ids); they are
facts about hardware and firmware, not model numbers. Taught in notebook
``00-start-here``.
"""

from __future__ import annotations

from collections.abc import Mapping

from virtlab.i18n import tr
from virtlab.probe._words import TextTable

__all__ = [
    "AZURE_ASSET_TAG",
    "CLOCKSOURCES",
    "CPUID_VENDORS",
    "DMESG_HYPERVISORS",
    "DMI_FIELDS",
    "DMI_HYPERVISORS",
    "DMI_OVERRIDES",
    "DMI_PRODUCTS",
    "HYPERVISOR_NAMES",
    "PCI_VENDORS",
    "hypervisor_from_dmi",
]

_PRODUCT_NAMES: dict[str, str] = {
    "kvm": "KVM",
    "xen": "Xen",
    "vmware": "VMware",
    "hyperv": "Microsoft Hyper-V",
    "virtualbox": "Oracle VirtualBox",
    "qemu": "QEMU",
    "parallels": "Parallels",
    "bhyve": "bhyve",
    "apple": "Apple Virtualization framework",
    "acrn": "ACRN",
    "uml": "User Mode Linux",
}


def _hypervisor_name(hypervisor: str) -> str:
    if hypervisor in _PRODUCT_NAMES:
        return _PRODUCT_NAMES[hypervisor]
    return tr(f"probe_where.hypervisor.{hypervisor}")


HYPERVISOR_NAMES: Mapping[str, str] = TextTable(
    (
        "kvm",
        "xen",
        "vmware",
        "hyperv",
        "virtualbox",
        "qemu-tcg",
        "qemu",
        "parallels",
        "bhyve",
        "apple",
        "acrn",
        "uml",
        "vm-other",
    ),
    _hypervisor_name,
)
"""A readable name for every value ``Report.hypervisor`` can take: a product name as it is,
the two descriptions (``qemu-tcg``, ``vm-other``) in the current language."""

CPUID_VENDORS: dict[str, str] = {
    "KVMKVMKVM": "kvm",
    "Linux KVM Hv": "kvm",
    "TCGTCGTCGTCG": "qemu-tcg",
    "VMwareVMware": "vmware",
    "Microsoft Hv": "hyperv",
    "XenVMMXenVMM": "xen",
    "VBoxVBoxVBox": "virtualbox",
    "bhyve bhyve": "bhyve",
    "ACRNACRNACRN": "acrn",
    "Apple VZ": "apple",
    "LKVMLKVMLKVM": "kvm",
    "QNXQVMBSQG": "vm-other",
    "OpenBSDVMM58": "vm-other",
    "SRESRESRESRE": "vm-other",
    " prl hyperv ": "parallels",
    " lrpepyh vr": "parallels",
}
"""CPUID leaf 0x40000000 vendor string (EBX, ECX, EDX) → hypervisor."""

DMI_FIELDS = ("sys_vendor", "product_name", "product_version", "board_vendor", "bios_vendor")
"""Files of ``/sys/class/dmi/id`` that anyone may read and that name a hypervisor."""

DMI_HYPERVISORS: tuple[tuple[str, str], ...] = (
    ("KVM", "kvm"),
    ("OpenStack", "kvm"),
    ("KubeVirt", "kvm"),
    ("Amazon EC2", "kvm"),
    ("Google Compute Engine", "kvm"),
    ("Google", "kvm"),
    ("QEMU", "qemu"),
    ("Bochs", "qemu"),
    ("VMware", "vmware"),
    ("VMW", "vmware"),
    ("innotek GmbH", "virtualbox"),
    ("VirtualBox", "virtualbox"),
    ("Oracle Corporation", "virtualbox"),
    ("Xen", "xen"),
    ("Parallels", "parallels"),
    ("BHYVE", "bhyve"),
    ("Hyper-V", "hyperv"),
    ("Apple Virtualization", "apple"),
)
"""Prefix of a DMI string → hypervisor (systemd's ``dmi_vendor_table``)."""

DMI_PRODUCTS: tuple[tuple[str, str], ...] = (
    ("Amazon EC2", "Amazon EC2"),
    ("Google Compute Engine", "Google Compute Engine"),
    ("Google", "Google Compute Engine"),
    ("OpenStack", "OpenStack"),
    ("KubeVirt", "KubeVirt"),
    ("Alibaba", "Alibaba Cloud"),
    ("Nutanix", "Nutanix AHV"),
)
"""Prefix of a DMI string → the cloud or product that runs the VM."""

DMI_OVERRIDES = frozenset({"virtualbox", "parallels", "xen"})
"""Hypervisors whose DMI name wins over CPUID (they can present KVM's CPUID interface)."""

AZURE_ASSET_TAG = "7783-7084-3265-9085-8269-3286-77"
"""``chassis_asset_tag`` of every Azure VM (cloud-init ``ChassisAssetTag.AZURE_CLOUD``)."""

_PCI_TARGETS: dict[str, str] = {
    "0x1af4": "vm-other",  # virtio devices (QEMU/KVM, Firecracker, cloud VMs)
    "0x15ad": "vmware",
    "0x80ee": "virtualbox",
    "0x1414": "hyperv",
    "0x5853": "xen",  # XenSource platform device
    "0x1d0f": "vm-other",  # Amazon (ENA/NVMe on EC2)
    "0x1ae0": "vm-other",  # Google (gVNIC on GCE)
}
PCI_VENDORS: Mapping[str, tuple[str, str]] = TextTable(
    _PCI_TARGETS, lambda vendor: (_PCI_TARGETS[vendor], tr(f"probe_where.pci.{vendor}"))
)
"""PCI vendor id → (hypervisor it names, what it is)."""

CLOCKSOURCES: dict[str, str] = {
    "kvm-clock": "kvm",
    "xen": "xen",
    "hyperv_clocksource_tsc_page": "hyperv",
    "hyperv_clocksource_msr": "hyperv",
}
"""Paravirtual clock source → the hypervisor that provides it."""

DMESG_HYPERVISORS: tuple[tuple[str, str], ...] = (
    ("KVM", "kvm"),
    ("Xen", "xen"),
    ("VMware", "vmware"),
    ("Microsoft Hyper-V", "hyperv"),
    ("ACRN", "acrn"),
    ("Jailhouse", "vm-other"),
)
"""Name after ``Hypervisor detected:`` in the kernel log → hypervisor."""


def hypervisor_from_dmi(text: str) -> str | None:
    """The hypervisor a DMI string names, or None.

    >>> hypervisor_from_dmi("innotek GmbH")
    'virtualbox'
    >>> hypervisor_from_dmi("Dell Inc.") is None
    True
    """
    for prefix, hypervisor in DMI_HYPERVISORS:
        if text.startswith(prefix):
            return hypervisor
    return None
