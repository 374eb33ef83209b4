"""The labs' results as plain text, for the ``virtlab`` command and quick looks.

Notebooks show the same data as tables and figures; here each result becomes a
few aligned lines. Taught in notebooks ``03-full-vs-paravirtualization`` and
``04-containers``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from virtlab.probe._bench import BenchResult, benchmarks
from virtlab.probe._cgroups import CgroupLimits
from virtlab.probe._namespaces import NamespaceTable
from virtlab.probe._recorded import LabResult
from virtlab.probe._serial import to_jsonable

__all__ = ["format_bench", "format_cgroups", "format_duration", "format_namespaces", "main_bench"]


def format_duration(ns: float | None) -> str:
    """Nanoseconds in the unit that reads best.

    >>> format_duration(132.4), format_duration(1250.0), format_duration(470_000.0)
    ('132 ns', '1.25 µs', '470 µs')
    """
    if ns is None:
        return "—"
    if ns < 1000:
        return f"{ns:.3g} ns" if ns < 10 else f"{ns:.0f} ns"
    if ns < 1_000_000:
        return f"{ns / 1000:.3g} µs"
    return f"{ns / 1_000_000:.3g} ms"


def format_bench(result: LabResult[BenchResult]) -> str:
    """The benchmark table (median, min–max) and the ratios, under the live/recorded note."""
    lines = [result.note, ""]
    for m in result.data.measurements:
        if m.error:
            lines.append(f"{m.label:<50} {'—':>10}   {m.error}")
            continue
        spread = f"{format_duration(m.min_ns)} – {format_duration(m.max_ns)}"
        lines.append(
            f"{m.label:<50} {format_duration(m.median_ns):>10}   ({spread}, {m.repeats} repeats)"
        )
    lines.append("")
    for r in result.data.ratios:
        shown = "—" if r.value is None else f"{r.value:,.1f}x"
        pair = f"{r.numerator} / {r.denominator}"
        lines.append(f"{pair:<32} {shown:>9}   {r.meaning}")
    lines += [f"note: {n}" for n in result.data.notes]
    return "\n".join(lines)


def format_namespaces(result: LabResult[NamespaceTable]) -> str:
    """One line per namespace: inode, initial inode, same or not, what it isolates."""
    lines = [result.note, result.data.summary, ""]
    for row in result.data.rows:
        same = {True: "initial", False: "OWN", None: "?"}[row.is_initial]
        inode = "—" if row.inode is None else str(row.inode)
        lines.append(
            f"{row.name:<7} {inode:>11}  {row.initial_inode:>11}  {same:<8} {row.isolates}"
        )
    return "\n".join(lines)


def _mib(count: int | None) -> str:
    return "none" if count is None else f"{count / 2**20:,.0f} MiB"


def format_cgroups(result: LabResult[CgroupLimits]) -> str:
    """The tightest limits and where they are set, then the node-versus-limit lesson."""
    c = result.data
    cpus = "none" if c.cpu_quota_cores is None else f"{c.cpu_quota_cores:g} CPUs"
    lines = [
        result.note,
        f"cgroup mode       {c.mode}",
        f"memory limit      {_mib(c.memory_limit_bytes)}"
        + (f"  at {c.memory_limit_at}" if c.memory_limit_at else ""),
        f"memory used       {_mib(c.memory_usage_bytes)}",
        f"CPU quota         {cpus}" + (f"  at {c.cpu_quota_at}" if c.cpu_quota_at else ""),
        f"pids.max          {'none' if c.pids_max is None else c.pids_max}",
        f"node memory       {_mib(c.node_memory_bytes)}   node CPUs {c.node_cpus}",
        c.lesson,
    ]
    return "\n".join(lines)


def main_bench(argv: Sequence[str] | None = None) -> int:
    """``virtlab bench``: run the micro-benchmarks and print them; returns the exit status."""
    parser = argparse.ArgumentParser(prog="virtlab bench", description=benchmarks.__doc__)
    parser.add_argument("--repeats", type=int, default=7, help="repeats per benchmark, 3 to 15")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not 3 <= args.repeats <= 15:
        sys.stderr.write(f"virtlab bench: --repeats must be between 3 and 15, got {args.repeats}\n")
        return 2
    result = benchmarks(repeats=args.repeats)
    text = (
        json.dumps(to_jsonable(result), indent=2, ensure_ascii=False)
        if args.json
        else format_bench(result)
    )
    sys.stdout.write(text + "\n")
    return 0
