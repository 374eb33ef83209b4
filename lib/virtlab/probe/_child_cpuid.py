"""Child process: ask the CPU whether a hypervisor is present, print the answer as JSON.

Run as ``python -m virtlab.probe._child_cpuid``. Prints
``{"hypervisor_bit": true, "vendor": "KVMKVMKVM", "max_leaf": 1073741825}`` or
``{"error": "..."}``. Taught in notebook ``00-start-here``.
"""

from __future__ import annotations

import json

from virtlab.i18n import tr
from virtlab.probe._machine_code import cpuid, is_x86_64, vendor_string


def read() -> dict[str, object]:
    """The hypervisor bit (leaf 1, ECX bit 31) and the vendor of leaf 0x40000000."""
    if not is_x86_64():
        return {"error": tr("probe.child.not_x86_64")}
    _, _, ecx, _ = cpuid(1)
    bit = bool(ecx >> 31 & 1)
    max_leaf, ebx, ecx, edx = cpuid(0x40000000)
    vendor = vendor_string(ebx, ecx, edx) if bit else ""
    return {"hypervisor_bit": bit, "vendor": vendor, "max_leaf": max_leaf if bit else 0}


def main() -> None:
    """Print the reading as one line of JSON."""
    try:
        print(json.dumps(read()))
    except OSError as exc:
        print(json.dumps({"error": str(exc)}))


if __name__ == "__main__":
    main()
