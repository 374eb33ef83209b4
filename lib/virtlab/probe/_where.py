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

from virtlab.i18n import language, languages, tr, using
from virtlab.probe._child import python_argv, run_child
from virtlab.probe._container import RUNTIME_NAMES, container_signals
from virtlab.probe._decide import LayerVerdict, decide_container, decide_vm
from virtlab.probe._recorded import recorded_run, why_not_live
from virtlab.probe._serial import from_jsonable, to_jsonable
from virtlab.probe._signals import CpuidReading, Report, Signal
from virtlab.probe._vm import vm_signals
from virtlab.probe._vm_tables import HYPERVISOR_NAMES
from virtlab.probe._words import ljust, shown_width, with_article

__all__ = ["format_report", "main_where", "read_cpuid", "where_am_i"]

_RANK = {"strong": 0, "medium": 1, "weak": 2, "info": 3}


def read_cpuid(timeout_s: float = 10.0) -> CpuidReading | str:
    """Ask the CPU, from a child process, for its hypervisor bit and vendor.

    Returns:
        The reading, or a sentence saying why there is none (not x86-64, executable
        memory forbidden, the child timed out).
    """
    outcome = run_child(python_argv("virtlab.probe._child_cpuid"), timeout_s=timeout_s)
    if not outcome.is_ok:
        return tr("probe_where.cpuid.child_failed", why=outcome.why_failed())
    try:
        answer = outcome.json()
        if "error" in answer:
            return tr("probe_where.cpuid.not_read", error=answer["error"])
        return from_jsonable(CpuidReading, answer)
    except ValueError as exc:
        return tr("probe_where.cpuid.bad_answer", error=exc)


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
        data["reason"] = tr("probe_where.reason.forced", title=run.title, date=run.date)
        return from_jsonable(Report, data)
    if refusal is not None:
        return _not_available(shown_system)
    is_live = Path(root).resolve() == Path("/")
    if not isinstance(cpuid, str):
        reading: CpuidReading | str = cpuid
    elif cpuid == "skip":
        reading = tr("probe_where.cpuid.skipped")
    elif not is_live:
        reading = tr("probe_where.cpuid.fixture")
    else:
        reading = read_cpuid()
    vm = vm_signals(root, reading)
    box = container_signals(root, env)
    vm_verdict, box_verdict = decide_vm(vm), decide_container(box)
    evidence = tuple(sorted(vm, key=lambda s: _RANK[s.strength])) + tuple(
        sorted(box, key=lambda s: _RANK[s.strength])
    )
    reason = (
        tr("probe_where.reason.this_machine")
        if is_live
        else tr("probe_where.reason.tree", root=root)
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
    if vm.name is None and vm.product == "WSL1":
        under = tr("probe_where.verdict.under_wsl1")
    elif vm.name is None:
        under = tr("probe_where.verdict.under_bare_metal")
    elif vm.name == "vm-other":
        under = tr("probe_where.verdict.under_unnamed")
    else:
        name = HYPERVISOR_NAMES.get(vm.name, vm.name)
        under = tr(
            "probe_where.verdict.under_vm",
            name=with_article(name),
            product=f" ({vm.product})" if vm.product else "",
        )
    if box.name is None:
        text = tr("probe_where.verdict.no_container", under=under)
    else:
        runtime = with_article(RUNTIME_NAMES[box.name])
        text = tr("probe_where.verdict.in_container", runtime=runtime, under=under)
    count = len(vm.conflicts) + len(box.conflicts)
    if count == 1:
        text += " " + tr("probe_where.verdict.one_conflict")
    elif count:
        text += " " + tr("probe_where.verdict.conflicts", count=count)
    return text


def _other_system_hint(system: str) -> str:
    if system == "Darwin":
        return tr("probe_where.not_available.hint_mac")
    if system == "Windows":
        return tr("probe_where.not_available.hint_windows")
    return tr("probe_where.not_available.hint_other")


def _not_available(system: str) -> Report:
    signal = Signal(
        "platform.system()",
        system,
        tr("probe_where.not_available.meaning", hint=_other_system_hint(system)),
        "info",
        "platform",
    )
    text = tr("probe_where.not_available.verdict", system=system)
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
        tr("probe_where.not_available.reason", system=system),
    )


def format_report(report: Report) -> str:
    """The report as text: both layers, the verdict, conflicts, then the evidence table.

    Labels, sentences and the lab's own words (``Signal.label``, ``Signal.shown_value``)
    are in the current language; file paths, what the machine answered and the ids
    of hypervisors and runtimes (``kvm``, ``docker``) stay as they are.
    """
    labels = {
        "vm": tr("probe_where.report.vm_layer"),
        "container": tr("probe_where.report.container_layer"),
        "verdict": tr("probe_where.report.verdict"),
        "conflict": tr("probe_where.report.conflict"),
    }
    label_width = max(shown_width(label) for label in labels.values())
    indent = " " * (label_width + 2)
    none = tr("probe_where.report.none")
    lines = [
        tr(
            "probe_where.report.heading",
            source=tr(f"probe.source.{report.source}"),
            reason=report.reason,
        ),
        f"{ljust(labels['vm'], label_width)}: {report.hypervisor or none}"
        + (f" ({report.product})" if report.product else ""),
        f"{indent}{report.vm_verdict}",
        f"{ljust(labels['container'], label_width)}: {report.container or none}",
        f"{indent}{report.container_verdict}",
        f"{ljust(labels['verdict'], label_width)}: {report.verdict}",
    ]
    lines += [f"{ljust(labels['conflict'], label_width)}: {c}" for c in report.conflicts]
    lines.append("")
    rows = [
        (
            tr(f"probe_where.layer.{s.layer}"),
            s.label,
            tr(f"probe_where.strength.{s.strength}"),
            s.shown_value if len(s.shown_value) <= 60 else s.shown_value[:57] + "...",
            s.meaning,
        )
        for s in report.evidence
    ]
    heading = (
        tr("probe_where.report.layer"),
        tr("probe_where.report.signal"),
        tr("probe_where.report.strength"),
        tr("probe_where.report.value_meaning"),
    )
    layer_width = max([9, shown_width(heading[0]), *(shown_width(r[0]) for r in rows)])
    name_width = max((shown_width(r[1]) for r in rows), default=10)
    name_width = max(name_width, shown_width(heading[1]))
    strength_width = max([8, shown_width(heading[2]), *(shown_width(r[2]) for r in rows)])
    lines.append(
        f"{ljust(heading[0], layer_width)} {ljust(heading[1], name_width)}  "
        f"{ljust(heading[2], strength_width)}  {heading[3]}"
    )
    for layer, name, strength, value, meaning in rows:
        lines.append(
            f"{ljust(layer, layer_width)} {ljust(name, name_width)}  "
            f"{ljust(strength, strength_width)}  {value} — {meaning}"
        )
    return "\n".join(lines)


def _wanted_language(argv: Sequence[str] | None) -> str | None:
    """The ``--lang`` of a command line, read before the parser is built so its help is in it."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _ = early.parse_known_args(list(argv) if argv is not None else None)
    return known.lang if known.lang in languages() else None


def main_where(argv: Sequence[str] | None = None) -> int:
    """``virtlab where``: print where this code runs; returns the exit status (0).

    ``--lang ko`` prints it in Korean (default: the current language, ``VIRTLAB_LANG``).
    """
    with using(_wanted_language(argv) or language()):
        parser = argparse.ArgumentParser(
            prog="virtlab where", description=tr("probe_where.cli.description")
        )
        parser.add_argument("--json", action="store_true", help=tr("probe_where.cli.json"))
        parser.add_argument("--no-cpuid", action="store_true", help=tr("probe_where.cli.no_cpuid"))
        parser.add_argument("--root", default="/", help=tr("probe_where.cli.root"))
        parser.add_argument("--lang", choices=list(languages()), help=tr("probe_where.cli.lang"))
        args = parser.parse_args(list(argv) if argv is not None else None)
        report = where_am_i(args.root, cpuid="skip" if args.no_cpuid else "auto")
        text = (
            json.dumps(to_jsonable(report), indent=2, ensure_ascii=False)
            if args.json
            else format_report(report)
        )
    sys.stdout.write(text + "\n")
    return 0
