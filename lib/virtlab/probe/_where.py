"""Where am I running? Bare metal or a VM, in a container or not, with the evidence.

:func:`where_am_i` reads the machine through two independent layers (VM and
container), each from many signals, and reports both with every signal it used.
The one instruction that needs machine code, CPUID, runs in a child process.
Taught in notebook ``00-start-here``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from virtlab.probe._child import python_argv, run_child
from virtlab.probe._container import RUNTIME_NAMES, container_signals
from virtlab.probe._decide import LayerVerdict, article, decide_container, decide_vm
from virtlab.probe._recorded import recorded_run, why_not_live
from virtlab.probe._serial import from_jsonable, to_jsonable
from virtlab.probe._signals import CpuidReading, Report, Signal
from virtlab.probe._vm import vm_signals
from virtlab.probe._vm_tables import HYPERVISOR_NAMES

__all__ = ["format_report", "main_where", "read_cpuid", "where_am_i"]

_RANK = {"strong": 0, "medium": 1, "weak": 2, "info": 3}
_OTHER_SYSTEMS = {
    "Darwin": "on a Mac, `sysctl -n kern.hv_vmm_present` prints 1 inside a VM",
    "Windows": "on Windows, PowerShell `Get-CimInstance Win32_ComputerSystem` shows "
    "HypervisorPresent and the Model ('Virtual Machine' for a Hyper-V guest)",
}


def read_cpuid(timeout_s: float = 10.0) -> CpuidReading | str:
    """Ask the CPU, from a child process, for its hypervisor bit and vendor.

    Returns:
        The reading, or a sentence saying why there is none (not x86-64, executable
        memory forbidden, the child timed out).
    """
    outcome = run_child(python_argv("virtlab.probe._child_cpuid"), timeout_s=timeout_s)
    if not outcome.is_ok:
        return f"the CPUID child failed: {outcome.why_failed()}"
    try:
        answer = outcome.json()
        if "error" in answer:
            return f"CPUID not read: {answer['error']}"
        return from_jsonable(CpuidReading, answer)
    except ValueError as exc:
        return f"the CPUID child answered badly: {exc}"


def where_am_i(
    root: str | Path = "/",
    *,
    environ: Mapping[str, str] | None = None,
    cpuid: CpuidReading | Literal["auto", "skip"] = "auto",
    system: str | None = None,
) -> Report:
    """Say where this code runs: which hypervisor (if any) and which container (if any).

    Args:
        root: the file system to read ``/proc`` and ``/sys`` from; ``"/"`` is this
            machine, a folder is a fixture tree.
        environ: our environment variables (default ``os.environ``).
        cpuid: ``"auto"`` reads CPUID in a child process when ``root`` is ``"/"`` on
            x86-64; ``"skip"`` does not; a :class:`CpuidReading` is used as given.
        system: ``platform.system()`` to assume (``"Linux"``, ``"Darwin"``,
            ``"Windows"``); the Linux probes run only on Linux.

    Returns:
        A :class:`Report`. On macOS or Windows it says the probes are not available
        here (``is_available`` False) instead of raising. With ``VIRTLAB_LIVE=0``
        it is the recorded report of the reference machine.

    >>> where_am_i(system="Darwin").is_available
    False
    """
    env = os.environ if environ is None else environ
    shown_system = system or platform.system()
    refusal = why_not_live(env, shown_system)
    if refusal is not None and refusal.kind == "forced":
        run = recorded_run()
        data = dict(run.labs["where"], source="recorded")
        data["reason"] = f"VIRTLAB_LIVE=0: recorded on {run.title} ({run.date})"
        return from_jsonable(Report, data)
    if refusal is not None:
        return _not_available(shown_system)
    is_live = Path(root).resolve() == Path("/")
    if not isinstance(cpuid, str):
        reading: CpuidReading | str = cpuid
    elif cpuid == "skip":
        reading = "skipped by the caller"
    elif not is_live:
        reading = "not read: the files come from a fixture tree, not this CPU"
    else:
        reading = read_cpuid()
    vm = vm_signals(root, reading)
    box = container_signals(root, env)
    vm_verdict, box_verdict = decide_vm(vm), decide_container(box)
    evidence = tuple(sorted(vm, key=lambda s: _RANK[s.strength])) + tuple(
        sorted(box, key=lambda s: _RANK[s.strength])
    )
    reason = (
        "read from this machine's /proc and /sys" if is_live else f"read from the tree at {root}"
    )
    return Report(
        vm_verdict.name,
        box_verdict.name,
        evidence,
        vm_verdict.conflicts + box_verdict.conflicts,
        _verdict(vm_verdict, box_verdict),
        vm_verdict.verdict,
        box_verdict.verdict,
        vm_verdict.product,
        shown_system,
        True,
        "live",
        reason,
    )


def _verdict(vm: LayerVerdict, box: LayerVerdict) -> str:
    if vm.name is None:
        under = "bare metal (no hypervisor found)" if vm.product != "WSL1" else "WSL1 (no VM)"
    elif vm.name == "vm-other":
        under = "a virtual machine of an unnamed hypervisor"
    else:
        name = HYPERVISOR_NAMES.get(vm.name, vm.name)
        under = f"{article(name)} {name} virtual machine" + (
            f" ({vm.product})" if vm.product else ""
        )
    if box.name is None:
        text = f"This code runs directly on {under}, not in a container."
    else:
        runtime = RUNTIME_NAMES[box.name]
        text = f"This code runs in {article(runtime)} {runtime} on {under}."
    count = len(vm.conflicts) + len(box.conflicts)
    if count:
        text += f" {count} signal{'s' if count > 1 else ''} disagreed: see the conflicts."
    return text


def _not_available(system: str) -> Report:
    hint = _OTHER_SYSTEMS.get(system, "look for your system's own hypervisor check")
    signal = Signal(
        "platform.system()",
        system,
        f"not Linux: no /proc or /sys to read; {hint}",
        "info",
        "platform",
    )
    text = (
        f"Not available here: the where-am-I probes read Linux's /proc and /sys, and this is "
        f"{system}. Run this notebook in a Linux VM, container or JupyterHub, or look at the "
        "recorded runs (virtlab.probe.recorded_runs())."
    )
    return Report(
        None,
        None,
        (signal,),
        (),
        text,
        text,
        text,
        None,
        system,
        False,
        "live",
        f"this is {system}",
    )


def format_report(report: Report) -> str:
    """The report as text: both layers, the verdict, conflicts, then the evidence table."""
    lines = [
        f"Where am I?  ({report.source}: {report.reason})",
        f"VM layer       : {report.hypervisor or 'none'}"
        + (f" ({report.product})" if report.product else ""),
        f"                 {report.vm_verdict}",
        f"Container layer: {report.container or 'none'}",
        f"                 {report.container_verdict}",
        f"Verdict        : {report.verdict}",
    ]
    lines += [f"Conflict       : {c}" for c in report.conflicts]
    lines.append("")
    width = max((len(s.name) for s in report.evidence), default=10)
    lines.append(f"{'layer':<9} {'signal':<{width}}  {'strength':<8}  value — meaning")
    for s in report.evidence:
        value = s.value if len(s.value) <= 60 else s.value[:57] + "..."
        lines.append(f"{s.layer:<9} {s.name:<{width}}  {s.strength:<8}  {value} — {s.meaning}")
    return "\n".join(lines)


def main_where(argv: Sequence[str] | None = None) -> int:
    """``virtlab where``: print where this code runs; returns the exit status (0)."""
    parser = argparse.ArgumentParser(prog="virtlab where", description=where_am_i.__doc__)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-cpuid", action="store_true", help="do not run the CPUID child")
    parser.add_argument("--root", default="/", help="read /proc and /sys under this folder")
    args = parser.parse_args(list(argv) if argv is not None else None)
    report = where_am_i(args.root, cpuid="skip" if args.no_cpuid else "auto")
    text = json.dumps(to_jsonable(report), indent=2) if args.json else format_report(report)
    sys.stdout.write(text + "\n")
    return 0
