"""The VM layer: is there a hypervisor under this kernel, and which one?

Evidence comes in layers, strongest first: what the CPU answers (CPUID), what the
firmware says (DMI), what the kernel found at boot (``/sys/hypervisor``, the
kernel log), then hints from virtual hardware (paravirtual clock, ACPI devices, PCI
vendors). No single file decides: ``_decide`` weighs the signals together. Taught in
notebook ``00-start-here``.
"""

from __future__ import annotations

import re
from pathlib import Path

from virtlab.i18n import tr
from virtlab.probe import _vm_tables as tables
from virtlab.probe._procfs import list_dir, read_kernel_log, read_text
from virtlab.probe._signals import CpuidReading, Signal, Strength

__all__ = ["CPUID", "DMI", "HYPERVISOR_FLAG", "vm_signals"]

CPUID = "CPUID 0x40000000 vendor"
DMI = "/sys/class/dmi/id"
HYPERVISOR_FLAG = "/proc/cpuinfo flag 'hypervisor'"


def _vm(
    name: str, value: str, meaning: str, strength: Strength, points_to: str | None = None
) -> Signal:
    return Signal(name, value, meaning, strength, "vm", points_to)


def _cpu_signals(root: str | Path, cpuid: CpuidReading | str) -> list[Signal]:
    found = []
    cpuinfo = read_text(root, "/proc/cpuinfo")
    flags = re.search(r"^flags\s*:(.*)$", cpuinfo or "", re.MULTILINE)
    if cpuinfo is None:
        found.append(
            _vm(
                HYPERVISOR_FLAG,
                "unreadable",
                tr("probe_where.vm.cpuinfo_unreadable", file="/proc/cpuinfo"),
                "info",
            )
        )
    elif flags is None:
        found.append(
            _vm(
                HYPERVISOR_FLAG,
                "no x86 flags line",
                tr("probe_where.vm.not_x86"),
                "info",
            )
        )
    elif "hypervisor" in flags.group(1).split():
        found.append(
            _vm(
                HYPERVISOR_FLAG,
                "set",
                tr("probe_where.vm.flag_set"),
                "strong",
            )
        )
    else:
        found.append(_vm(HYPERVISOR_FLAG, "clear", tr("probe_where.vm.flag_clear"), "medium"))
    if cpuinfo and re.search(r"^vendor_id\s*:\s*User Mode Linux", cpuinfo, re.MULTILINE):
        found.append(
            _vm(
                "/proc/cpuinfo vendor_id",
                "User Mode Linux",
                tr("probe_where.vm.uml"),
                "strong",
                "uml",
            )
        )
    if isinstance(cpuid, str):
        found.append(_vm(CPUID, "not read", cpuid, "info"))
    elif cpuid.vendor:
        target = tables.CPUID_VENDORS.get(cpuid.vendor, "vm-other")
        meaning = tr("probe_where.vm.cpuid_vendor", name=tables.HYPERVISOR_NAMES[target])
        found.append(_vm(CPUID, cpuid.vendor, meaning, "strong", target))
    else:
        found.append(_vm(CPUID, "empty", tr("probe_where.vm.cpuid_empty"), "info"))
    return found


def _dmi_signals(root: str | Path) -> list[Signal]:
    values = {f: (read_text(root, f"{DMI}/{f}") or "").strip() for f in tables.DMI_FIELDS}
    values = {f: v for f, v in values.items() if v}
    if not values:
        meaning = tr("probe_where.vm.dmi_absent")
        return [_vm(DMI, "absent", meaning, "info")]
    shown = ", ".join(f"{f}={v}" for f, v in values.items())
    named = [h for v in values.values() if (h := tables.hypervisor_from_dmi(v))]
    if values.get("sys_vendor", "").startswith("Amazon EC2") and ".metal" in values.get(
        "product_name", ""
    ):
        return [_vm(DMI, shown, tr("probe_where.vm.dmi_aws_metal"), "strong", "bare-metal")]
    signals = []
    if named:
        meaning = tr("probe_where.vm.dmi_names", name=tables.HYPERVISOR_NAMES[named[0]])
        signals.append(_vm(DMI, shown, meaning, "strong", named[0]))
    else:
        signals.append(_vm(DMI, shown, tr("probe_where.vm.dmi_names_none"), "medium"))
    tag = (read_text(root, f"{DMI}/chassis_asset_tag") or "").strip()
    if tag == tables.AZURE_ASSET_TAG:
        signals.append(_vm(f"{DMI}/chassis_asset_tag", tag, "Microsoft Azure", "strong", "hyperv"))
    return signals


def _kernel_signals(root: str | Path) -> list[Signal]:
    found = []
    hv_type = (read_text(root, "/sys/hypervisor/type") or "").strip()
    if hv_type:
        target = "xen" if hv_type == "xen" else "vm-other"
        found.append(
            _vm(
                "/sys/hypervisor/type",
                hv_type,
                tr("probe_where.vm.sys_hypervisor"),
                "strong",
                target,
            )
        )
    if list_dir(root, "/proc/xen") is not None:
        found.append(_vm("/proc/xen", "exists", tr("probe_where.vm.proc_xen"), "medium", "xen"))
    compatible = (read_text(root, "/proc/device-tree/hypervisor/compatible") or "").strip("\0\n ")
    if compatible:
        target = next((h for h in ("kvm", "xen", "vmware") if h in compatible.lower()), "vm-other")
        found.append(
            _vm(
                "device tree hypervisor",
                compatible,
                tr("probe_where.vm.device_tree"),
                "strong",
                target,
            )
        )
    osrelease = (read_text(root, "/proc/sys/kernel/osrelease") or "").strip()
    if "microsoft" in osrelease.lower():
        if "wsl2" in osrelease.lower() or "microsoft-standard" in osrelease.lower():
            meaning = tr("probe_where.vm.wsl2")
            found.append(_vm("/proc/sys/kernel/osrelease", osrelease, meaning, "strong", "hyperv"))
        else:
            meaning = tr("probe_where.vm.wsl1")
            found.append(_vm("/proc/sys/kernel/osrelease", osrelease, meaning, "strong", "wsl1"))
    log = read_kernel_log(root)
    if log is None:
        found.append(
            _vm(
                "kernel log (dmesg)",
                "not readable",
                tr("probe_where.vm.dmesg_restricted"),
                "info",
            )
        )
    else:
        match = re.search(r"Hypervisor detected: ([^\n]+)", log)
        if match:
            name = match.group(1).strip()
            target = next(
                (h for p, h in tables.DMESG_HYPERVISORS if name.startswith(p)), "vm-other"
            )
            found.append(
                _vm(
                    "kernel log (dmesg)",
                    f"Hypervisor detected: {name}",
                    tr("probe_where.vm.dmesg_detected"),
                    "strong",
                    target,
                )
            )
        else:
            found.append(
                _vm(
                    "kernel log (dmesg)",
                    "no 'Hypervisor detected' line",
                    tr("probe_where.vm.dmesg_none"),
                    "medium",
                )
            )
    return found


def _hardware_signals(root: str | Path) -> list[Signal]:
    found = []
    base = "/sys/devices/system/clocksource/clocksource0"
    available = (read_text(root, f"{base}/available_clocksource") or "").split()
    current = (read_text(root, f"{base}/current_clocksource") or "").strip()
    paravirtual = [c for c in available if c in tables.CLOCKSOURCES]
    if paravirtual:
        target = tables.CLOCKSOURCES[paravirtual[0]]
        value = f"available {' '.join(available)}; current {current or '?'}"
        found.append(
            _vm(
                "clock source",
                value,
                tr("probe_where.vm.clocksource"),
                "medium",
                target,
            )
        )
    acpi = list_dir(root, "/sys/bus/acpi/devices") or ()
    vm_devices = [d for d in acpi if d.startswith(("VMGENCTR", "AMZNC10C", "VMGENID"))]
    if vm_devices:
        meaning = tr("probe_where.vm.acpi_devices")
        found.append(
            _vm("/sys/bus/acpi/devices", " ".join(vm_devices), meaning, "medium", "vm-other")
        )
    if list_dir(root, "/sys/bus/vmbus/devices"):
        found.append(
            _vm(
                "/sys/bus/vmbus/devices",
                "non-empty",
                tr("probe_where.vm.vmbus"),
                "medium",
                "hyperv",
            )
        )
    vendors = set()
    for device in list_dir(root, "/sys/bus/pci/devices") or ():
        vendor = (read_text(root, f"/sys/bus/pci/devices/{device}/vendor") or "").strip().lower()
        if vendor in tables.PCI_VENDORS:
            vendors.add(vendor)
    for vendor in sorted(vendors):
        target, meaning = tables.PCI_VENDORS[vendor]
        found.append(_vm("PCI vendor", vendor, meaning, "medium", target))
    cmdline = read_text(root, "/proc/cmdline") or ""
    if "reboot=k" in cmdline and "panic=1" in cmdline:
        found.append(
            _vm(
                "/proc/cmdline",
                "reboot=k panic=1",
                tr("probe_where.vm.firecracker_cmdline"),
                "weak",
                "vm-other",
            )
        )
    return found


def vm_signals(root: str | Path, cpuid: CpuidReading | str) -> tuple[Signal, ...]:
    """Every VM-layer signal under ``root``; ``cpuid`` is a reading or why none was taken."""
    return tuple(
        _cpu_signals(root, cpuid)
        + _dmi_signals(root)
        + _kernel_signals(root)
        + _hardware_signals(root)
    )
