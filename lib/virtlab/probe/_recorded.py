"""Live or recorded: every lab's result says which, and why.

A lab measures this machine when it can. When it cannot (not Linux, a sandbox
refuses, a timeout) or must not (``VIRTLAB_LIVE=0``, as CI sets for byte-stable
notebooks), it shows a recorded reference run from ``data/probe_runs/`` instead,
and says so: "recorded on <machine>, because <reason>". Nothing is substituted
silently. Taught in notebooks ``00-start-here`` and ``04-containers``.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from virtlab.i18n import language, languages, tr
from virtlab.probe._refusals import REFUSAL_KINDS, Refusal
from virtlab.probe._serial import from_jsonable
from virtlab.probe._signals import Source

__all__ = [
    "DEFAULT_RUN_ID",
    "LabResult",
    "RecordedRun",
    "in_language",
    "recorded_result",
    "recorded_run",
    "recorded_runs",
    "runs_dir",
    "this_machine",
    "why_not_live",
]

T = TypeVar("T")

DEFAULT_RUN_ID = "firecracker-kvm-2026-11-26"
"""The run shown when a lab falls back and no other run is named."""

LAB_NAMES = ("where", "namespaces", "namespace_demo", "cgroups", "bench")


@dataclass(frozen=True)
class LabResult(Generic[T]):
    """A lab's answer, with where it came from: measured ``live`` or ``recorded``, and why.

    Attributes:
        lab: which lab (``"namespaces"``, ``"cgroups"``, ``"bench"``...).
        data: the lab's own result object.
        source: ``"live"`` or ``"recorded"``.
        reason: why this source, in words a student can read.
        machine: the machine the data describes.
        recorded_on: the date of a recorded run, None when live.
        run_id: the recorded run's id, None when live.
        refusal: when live failed, the classified reason; None otherwise.
    """

    lab: str
    data: T
    source: Source
    reason: str
    machine: str
    recorded_on: str | None = None
    run_id: str | None = None
    refusal: Refusal | None = None

    @property
    def is_live(self) -> bool:
        """True when measured on this machine just now."""
        return self.source == "live"

    @property
    def note(self) -> str:
        """The sentence a notebook shows above the result."""
        if self.is_live:
            return tr("probe.recorded.note_live", machine=self.machine, reason=self.reason)
        return tr(
            "probe.recorded.note_recorded",
            machine=self.machine,
            date=self.recorded_on,
            reason=self.reason.rstrip("."),
        )


@dataclass(frozen=True)
class RecordedRun:
    """One stored reference run: the machine, how and when it was made, every lab's data.

    Its words (``title``, ``machine``, the labs' sentences) are in the language that
    was current when it was read: a run file keeps the translation of a text ``x``
    beside it as ``x_ko`` (see :func:`in_language`).
    """

    run_id: str
    title: str
    machine: str
    kernel: str
    python: str
    date: str
    made_by: str
    source: str
    labs: Mapping[str, Any]


def runs_dir() -> Path:
    """The folder of recorded runs, ``data/probe_runs``."""
    from virtlab.datasets import data_dir

    return data_dir() / "probe_runs"


def in_language(value: Any, lang: str | None = None) -> Any:
    """A run file's JSON with every text ``x`` replaced by its translation ``x_<lang>``, if any.

    The translations themselves (``x_ko`` beside ``x``) are left out, so the result
    has the fields of the lab's dataclass only. ``lang`` defaults to the current
    language.

    >>> run = {"title": "A run", "title_ko": "실행 기록", "labs": [{"a": "x", "a_ko": "엑스"}]}
    >>> in_language(run, "ko")
    {'title': '실행 기록', 'labs': [{'a': '엑스'}]}
    >>> in_language({"title": "A run", "title_ko": "실행 기록"}, "en")
    {'title': 'A run'}
    """
    wanted = lang or language()
    if isinstance(value, list):
        return [in_language(v, wanted) for v in value]
    if not isinstance(value, dict):
        return value
    siblings = {f"{key}_{code}" for key in value for code in languages()}
    return {
        key: in_language(value.get(f"{key}_{wanted}", v), wanted)
        for key, v in value.items()
        if key not in siblings
    }


def recorded_runs(folder: Path | None = None) -> tuple[RecordedRun, ...]:
    """Every recorded reference run, sorted by id, its words in the current language.

    Raises:
        ValueError: a run file lacks a field; the message names the file.

    >>> DEFAULT_RUN_ID in [run.run_id for run in recorded_runs()]
    True
    """
    runs = []
    for path in sorted((folder or runs_dir()).glob("*.json")):
        raw = in_language(json.loads(path.read_text(encoding="utf-8")))
        fields = {k: raw.get(k) for k in RecordedRun.__dataclass_fields__}
        missing = [k for k, v in fields.items() if v is None]
        if missing:
            raise ValueError(
                tr("probe.recorded.missing_fields", file=path.name, fields=", ".join(missing))
            )
        unknown = sorted(set(raw["labs"]) - set(LAB_NAMES))
        if unknown:
            raise ValueError(
                tr(
                    "probe.recorded.unknown_labs",
                    file=path.name,
                    unknown=unknown,
                    allowed=", ".join(LAB_NAMES),
                )
            )
        runs.append(RecordedRun(**fields))
    return tuple(sorted(runs, key=lambda r: r.run_id))


def recorded_run(run_id: str | None = None) -> RecordedRun:
    """The recorded run ``run_id`` (default :data:`DEFAULT_RUN_ID`).

    Raises:
        ValueError: no run has this id; the message lists the ids there are.
    """
    wanted = run_id or DEFAULT_RUN_ID
    runs = recorded_runs()
    for run in runs:
        if run.run_id == wanted:
            return run
    raise ValueError(
        tr("probe.recorded.no_run", run=wanted, runs=", ".join(r.run_id for r in runs))
    )


def this_machine() -> str:
    """A short description of this machine without its name (names stay private)."""
    kernel = f"{platform.system()} {platform.release()} {platform.machine()}"
    return tr("probe.recorded.this_machine", kernel=kernel, python=platform.python_version())


def why_not_live(
    environ: Mapping[str, str] | None = None, system: str | None = None
) -> Refusal | None:
    """Why a lab must show a recording instead of measuring, or None when it may go live.

    >>> why_not_live({"VIRTLAB_LIVE": "0"}).kind
    'forced'
    >>> why_not_live({}, system="Darwin").kind
    'not_linux'
    """
    env = os.environ if environ is None else environ
    if env.get("VIRTLAB_LIVE", "").strip().lower() in ("0", "false", "no", "off"):
        return Refusal("forced", REFUSAL_KINDS["forced"], None, "VIRTLAB_LIVE=0")
    shown = system or platform.system()
    if shown != "Linux":
        detail = tr("probe.recorded.not_linux", system=shown)
        return Refusal("not_linux", REFUSAL_KINDS["not_linux"], None, detail)
    return None


def recorded_result(
    lab: str,
    kind: type[T],
    refusal: Refusal,
    run_id: str | None = None,
    *,
    words: Callable[[T], T] | None = None,
) -> LabResult[T]:
    """The recorded result of ``lab`` from a reference run, saying why it is shown.

    ``words`` rewrites the result's sentences in the current language from its
    data (the lab's own function), so a recording reads like a live result.

    Raises:
        ValueError: the run has no data for this lab.
    """
    run = recorded_run(run_id)
    if lab not in run.labs:
        raise ValueError(
            tr("probe.recorded.no_lab", run=run.run_id, lab=lab, labs=", ".join(run.labs))
        )
    data = from_jsonable(kind, run.labs[lab], f"{run.run_id}.{lab}")
    if words is not None:
        data = words(data)
    reason = refusal.detail or refusal.explanation
    if refusal.kind not in ("forced", "not_linux"):
        reason = tr("probe.recorded.refused", explanation=refusal.explanation)
    elif refusal.kind == "forced":
        reason = tr("probe.recorded.forced")
    return LabResult(
        lab,
        data,
        "recorded",
        reason,
        run.title,
        run.date,
        run.run_id,
        refusal,
    )


def read_in_child(
    lab: str,
    kind: type[T],
    refusal: Refusal | None,
    run_id: str | None,
    *,
    words: Callable[[T], T] | None = None,
) -> LabResult[T]:
    """Run the ``_child_read`` reader for ``lab`` unless already refused; else the recorded run.

    Shared by the namespaces and cgroups labs: the child reads /proc and /sys and
    prints JSON; a child that fails, times out or answers nonsense becomes the
    recorded result with the reason. ``words`` puts the sentences of the child's
    data, or the recording's, in the current language.
    """
    from virtlab.probe._child import python_argv, run_child
    from virtlab.probe._refusals import bad_answer, child_failed

    if refusal is None:
        outcome = run_child(python_argv("virtlab.probe._child_read", lab), timeout_s=15)
        refusal = child_failed(outcome.timed_out, outcome.why_failed())
        if outcome.is_ok:
            try:
                data = from_jsonable(kind, outcome.json())
            except ValueError as exc:
                refusal = bad_answer(exc)
            else:
                data = words(data) if words is not None else data
                reason = tr("probe.recorded.read_in_child")
                return LabResult(lab, data, "live", reason, this_machine())
    return recorded_result(lab, kind, refusal, run_id, words=words)
