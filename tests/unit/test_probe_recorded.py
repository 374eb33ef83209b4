"""Recorded reference runs: provenance on every run, every lab readable, live/recorded switch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from virtlab.probe import (
    BenchResult,
    CgroupLimits,
    CpuidReading,
    DemoOutcome,
    NamespaceTable,
    Report,
    recorded_run,
    recorded_runs,
)
from virtlab.probe._recorded import DEFAULT_RUN_ID, why_not_live
from virtlab.probe._serial import from_jsonable, to_jsonable

LABS = {
    "where": Report,
    "namespaces": NamespaceTable,
    "namespace_demo": DemoOutcome,
    "cgroups": CgroupLimits,
    "bench": BenchResult,
}


@pytest.mark.parametrize("run", recorded_runs(), ids=lambda r: r.run_id)
def test_every_run_has_provenance_and_readable_labs(run: object) -> None:
    from virtlab.probe import RecordedRun

    assert isinstance(run, RecordedRun)
    for field in ("title", "machine", "kernel", "python", "date", "made_by", "source"):
        assert getattr(run, field), f"{run.run_id}: empty {field}"
    assert set(run.labs) == set(LABS)
    for lab, kind in LABS.items():
        data = from_jsonable(kind, run.labs[lab], f"{run.run_id}.{lab}")  # type: ignore[type-var]
        assert to_jsonable(data) == run.labs[lab]  # a second route: the round trip is exact


@pytest.mark.parametrize(
    ("run_id", "source"),
    [
        (DEFAULT_RUN_ID, "recorded live with virtlab on this machine"),  # made by our own code
        (
            "research-notes-firecracker-kvm",
            "from the course's research notes",
        ),  # transcribed, marked so
    ],
)
def test_the_two_reference_runs_say_where_they_come_from(run_id: str, source: str) -> None:
    run = recorded_run(run_id)
    assert run.source == source
    where = from_jsonable(Report, run.labs["where"])
    assert (where.hypervisor, where.container) == ("kvm", None)
    assert any("/.dockerenv" in c for c in where.conflicts)


def test_unknown_run_lists_the_known_ones() -> None:
    with pytest.raises(
        ValueError, match=r"no recorded run 'laptop'; choose one of .*research-notes"
    ):
        recorded_run("laptop")


def test_a_run_file_without_provenance_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"run_id": "bad", "labs": {}}))
    with pytest.raises(ValueError, match=r"bad.json: missing title"):
        recorded_runs(tmp_path)


@pytest.mark.parametrize(
    ("environ", "system", "kind"),
    [
        ({"VIRTLAB_LIVE": "0"}, "Linux", "forced"),  # the documented switch
        ({"VIRTLAB_LIVE": "false"}, "Linux", "forced"),  # spelled as a word
        ({"VIRTLAB_LIVE": "1"}, "Linux", None),  # explicitly live
        ({}, "Linux", None),  # the default is live
        ({}, "Windows", "not_linux"),  # no Linux probes on Windows
    ],
)
def test_why_not_live(environ: dict[str, str], system: str, kind: str | None) -> None:
    refusal = why_not_live(environ, system)
    assert (refusal.kind if refusal else None) == kind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"hypervisor_bit": True, "vendor": "KVMKVMKVM"},
            "missing field 'max_leaf'",
        ),  # truncated record
        (
            {"hypervisor_bit": True, "vendor": 7, "max_leaf": 0},
            r"CpuidReading.vendor: expected str, got 7",
        ),
        (
            {"hypervisor_bit": True, "vendor": "", "max_leaf": True},
            "expected int, got True",
        ),  # bool is no int
    ],
)
def test_bad_recorded_data_names_the_field(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        from_jsonable(CpuidReading, data)


def test_importing_probe_loads_no_heavy_library() -> None:
    code = "import sys, virtlab.probe; print([m for m in ('plotly', 'ipywidgets', 'pandas') if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
