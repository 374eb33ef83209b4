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

from virtlab.i18n import language, languages, tr, using
from virtlab.probe._bench import BenchResult, benchmarks
from virtlab.probe._cgroups import CgroupLimits
from virtlab.probe._namespaces import NamespaceTable
from virtlab.probe._recorded import LabResult
from virtlab.probe._serial import to_jsonable
from virtlab.probe._words import ljust, shown_width

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
    width = max([50, *(shown_width(m.label) for m in result.data.measurements)])
    for m in result.data.measurements:
        if m.error:
            lines.append(f"{ljust(m.label, width)} {'—':>10}   {m.error}")
            continue
        spread = f"{format_duration(m.min_ns)} – {format_duration(m.max_ns)}"
        repeats = tr("probe.text.repeats", spread=spread, repeats=m.repeats)
        lines.append(f"{ljust(m.label, width)} {format_duration(m.median_ns):>10}   {repeats}")
    lines.append("")
    for r in result.data.ratios:
        shown = "—" if r.value is None else f"{r.value:,.1f}x"
        pair = f"{r.numerator} / {r.denominator}"
        lines.append(f"{pair:<32} {shown:>9}   {r.meaning}")
    lines += [tr("probe.text.note", note=n) for n in result.data.notes]
    return "\n".join(lines)


def format_namespaces(result: LabResult[NamespaceTable]) -> str:
    """One line per namespace: inode, initial inode, same or not, what it isolates."""
    lines = [result.note, result.data.summary, ""]
    same_words = {
        True: tr("probe.text.ns_initial"),
        False: tr("probe.text.ns_own"),
        None: "?",
    }
    width = max([8, *(shown_width(w) for w in same_words.values())])
    for row in result.data.rows:
        same = same_words[row.is_initial]
        inode = "—" if row.inode is None else str(row.inode)
        lines.append(
            f"{row.name:<7} {inode:>11}  {row.initial_inode:>11}  {ljust(same, width)} "
            f"{row.isolates}"
        )
    return "\n".join(lines)


def _mib(count: int | None) -> str:
    return tr("probe.text.none") if count is None else f"{count / 2**20:,.0f} MiB"


def format_cgroups(result: LabResult[CgroupLimits]) -> str:
    """The tightest limits and where they are set, then the node-versus-limit lesson."""
    c = result.data
    none = tr("probe.text.none")
    cpus = none if c.cpu_quota_cores is None else tr("probe.text.cpus", cpus=c.cpu_quota_cores)
    labels = {
        key: tr(f"probe.text.cgroups.{key}", cgroup="cgroup")
        for key in ("mode", "memory_limit", "memory_used", "cpu_quota", "node_memory", "node_cpus")
    }
    width = max([18, *(shown_width(label) + 1 for label in labels.values())])

    def at(path: str | None) -> str:
        return "  " + tr("probe.text.at", path=path) if path else ""

    lines = [
        result.note,
        f"{ljust(labels['mode'], width)}{c.mode}",
        f"{ljust(labels['memory_limit'], width)}{_mib(c.memory_limit_bytes)}"
        + at(c.memory_limit_at),
        f"{ljust(labels['memory_used'], width)}{_mib(c.memory_usage_bytes)}",
        f"{ljust(labels['cpu_quota'], width)}{cpus}" + at(c.cpu_quota_at),
        f"{ljust('pids.max', width)}{none if c.pids_max is None else c.pids_max}",
        f"{ljust(labels['node_memory'], width)}{_mib(c.node_memory_bytes)}   "
        f"{labels['node_cpus']} {c.node_cpus}",
        c.lesson,
    ]
    return "\n".join(lines)


def main_bench(argv: Sequence[str] | None = None) -> int:
    """``virtlab bench``: run the micro-benchmarks and print them; returns the exit status.

    ``--lang ko`` prints them in Korean (default: the current language).
    """
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _ = early.parse_known_args(list(argv) if argv is not None else None)
    with using(known.lang if known.lang in languages() else language()):
        parser = argparse.ArgumentParser(
            prog="virtlab bench", description=tr("probe.text.bench_description")
        )
        parser.add_argument(
            "--repeats", type=int, default=7, help=tr("probe.text.bench_repeats_help")
        )
        parser.add_argument("--json", action="store_true", help=tr("probe.text.bench_json_help"))
        parser.add_argument("--lang", choices=list(languages()), help=tr("probe_where.cli.lang"))
        args = parser.parse_args(list(argv) if argv is not None else None)
        if not 3 <= args.repeats <= 15:
            sys.stderr.write(
                tr(
                    "probe.text.bench_bad_repeats",
                    command="virtlab bench",
                    option="--repeats",
                    repeats=args.repeats,
                )
                + "\n"
            )
            return 2
        result = benchmarks(repeats=args.repeats)
        text = (
            json.dumps(to_jsonable(result), indent=2, ensure_ascii=False)
            if args.json
            else format_bench(result)
        )
    sys.stdout.write(text + "\n")
    return 0
