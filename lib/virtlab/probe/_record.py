"""Recording a reference run: every lab measured live on this machine, saved as JSON.

Maintainers run ``python -m virtlab.probe._record OUT.json --run-id ID --machine
"..."`` on a machine worth keeping (a laptop on bare metal, a hub pod, a cloud VM)
and commit the file to ``data/probe_runs/``. Labs that this machine refuses are
left out and named in the file, never filled in from elsewhere.

A run is read in every language of the course: the where-am-I report is made once
per language from the same readings and its sentences stored side by side
(``verdict`` and ``verdict_ko``); ``--translation title_ko="..."`` gives the
title's and the machine's translations. The other labs' sentences are made again
from their data when the run is read.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from virtlab.i18n import languages, tr, using
from virtlab.probe._bench import benchmarks
from virtlab.probe._cgroups import cgroup_limits
from virtlab.probe._namespaces import namespace_demo, namespaces
from virtlab.probe._serial import to_jsonable
from virtlab.probe._signals import CpuidReading
from virtlab.probe._where import read_cpuid, where_am_i

__all__ = ["main_record", "record_run", "with_translation"]


def with_translation(text: Any, translated: Any, lang: str) -> Any:
    """``text`` (JSON) with the texts ``translated`` words differently beside them as ``x_<lang>``.

    >>> with_translation({"a": "yes", "n": 1}, {"a": "예", "n": 1}, "ko")
    {'a': 'yes', 'a_ko': '예', 'n': 1}
    """
    if isinstance(text, list) and isinstance(translated, list) and len(text) == len(translated):
        return [with_translation(a, b, lang) for a, b in zip(text, translated, strict=True)]
    if not isinstance(text, dict) or not isinstance(translated, dict):
        return text
    out = {}
    for key, value in text.items():
        out[key] = with_translation(value, translated.get(key), lang)
        other = translated.get(key)
        is_text = isinstance(value, str) or (
            isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
        )
        if is_text and other is not None and other != value:
            out[f"{key}_{lang}"] = other
    return out


def _where_in_every_language(env: dict[str, str]) -> dict[str, Any]:
    """The where-am-I report in English with every other language's sentences beside it."""
    reading = read_cpuid()
    cpuid: CpuidReading | Literal["auto"] = reading if isinstance(reading, CpuidReading) else "auto"
    first, *others = languages()
    with using(first):
        report: dict[str, Any] = to_jsonable(where_am_i(environ=env, cpuid=cpuid))
    for lang in others:
        with using(lang):
            translated = to_jsonable(where_am_i(environ=env, cpuid=cpuid))
        report = with_translation(report, translated, lang)
    return report


def _in_every_language(text: Callable[[], str]) -> dict[str, str]:
    """``{"": ..., "_ko": ...}``: the text ``text()`` makes, in every language (its suffix)."""
    first, *others = languages()
    with using(first):
        found = {"": text()}
    for lang in others:
        with using(lang):
            found[f"_{lang}"] = text()
    return found


def record_run(
    run_id: str,
    title: str,
    machine: str,
    *,
    repeats: int = 9,
    translations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run every lab live here and return the recorded run as a JSON-ready dict.

    Args:
        run_id: the run's id (also its file name without ``.json``).
        title: one line a student reads in a list of runs.
        machine: what this machine is (hardware, hypervisor, how the OS was built).
        repeats: benchmark repeats (3 to 15).
        translations: ``title_ko``, ``machine_ko``...: the title and machine in the
            course's other languages.
    """
    env = {k: v for k, v in os.environ.items() if k != "VIRTLAB_LIVE"}  # always live here
    labs: dict[str, Any] = {"where": _where_in_every_language(env)}
    refused = []
    with using(next(iter(languages()))):  # a run file's own words are the first language's
        for name, result in (
            ("namespaces", namespaces(environ=env)),
            ("namespace_demo", namespace_demo(environ=env)),
            ("cgroups", cgroup_limits(environ=env)),
            ("bench", benchmarks(environ=env, repeats=repeats)),
        ):
            if result.is_live:
                labs[name] = to_jsonable(result.data)
            else:
                refused.append(f"{name}: {result.reason}")
    if refused:
        shown = "; ".join(refused)
        made_by = _in_every_language(lambda: tr("probe.record.made_by_refused", refused=shown))
    else:
        made_by = _in_every_language(lambda: tr("probe.record.made_by"))
    source = _in_every_language(lambda: tr("probe.record.source"))
    extra = {
        key: value
        for key, value in (translations or {}).items()
        if key.rpartition("_")[0] in ("title", "machine")
    }
    return {
        "run_id": run_id,
        "title": title,
        "machine": machine,
        "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "date": datetime.date.today().isoformat(),
        **{f"made_by{suffix}": text for suffix, text in made_by.items()},
        **{f"source{suffix}": text for suffix, text in source.items()},
        **extra,
        "labs": labs,
    }


def main_record(argv: Sequence[str] | None = None) -> int:
    """Record a run to a JSON file; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m virtlab.probe._record", description=record_run.__doc__
    )
    parser.add_argument("output", type=Path)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--machine", required=True)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument(
        "--translation",
        action="append",
        default=[],
        metavar="FIELD_LANG=TEXT",
        help="the title or machine in another language, e.g. title_ko=...",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    translations = dict(item.split("=", 1) for item in args.translation)
    run = record_run(
        args.run_id, args.title, args.machine, repeats=args.repeats, translations=translations
    )
    args.output.write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(f"recorded {args.run_id} to {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main_record())
