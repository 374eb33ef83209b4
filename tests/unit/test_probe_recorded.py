"""Recorded reference runs: provenance on every run, every lab readable, live/recorded switch."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from virtlab import i18n
from virtlab.probe import (
    BenchResult,
    CgroupLimits,
    CpuidReading,
    DemoOutcome,
    NamespaceTable,
    Report,
    recorded_run,
    recorded_runs,
    where_am_i,
)
from virtlab.probe._record import with_translation
from virtlab.probe._recorded import (
    DEFAULT_RUN_ID,
    in_language,
    recorded_result,
    runs_dir,
    why_not_live,
)
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


# --- a recorded run in Korean: its words are stored beside the English ones

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("run_id", [r.run_id for r in recorded_runs()])
def test_every_run_reads_in_korean(run_id: str) -> None:
    with i18n.using("ko"):
        run = recorded_run(run_id)
        note = recorded_result("where", Report, why_not_live({"VIRTLAB_LIVE": "0"}), run_id).note
    for field in ("title", "machine", "made_by", "source"):
        assert HANGUL.search(getattr(run, field)), field
    where = from_jsonable(Report, run.labs["where"])
    sentences = [where.verdict, where.vm_verdict, where.container_verdict, *where.conflicts]
    sentences += [where.reason, *(s.meaning for s in where.evidence)]
    assert all(HANGUL.search(s) for s in sentences), sentences
    assert (where.hypervisor, where.container) == ("kvm", None)  # ids stay
    assert note.startswith(run.title) and "기록한 결과입니다" in note
    # English stays English, and no translation leaks into the lab data
    english = recorded_run(run_id)
    assert not HANGUL.search(json.dumps(to_jsonable(english), ensure_ascii=False))


def test_every_text_of_a_where_report_has_its_korean_beside_it() -> None:
    for path in sorted(runs_dir().glob("*.json")):
        where = json.loads(path.read_text(encoding="utf-8"))["labs"]["where"]
        for key in ("verdict", "vm_verdict", "container_verdict", "conflicts", "reason", "product"):
            assert f"{key}_ko" in where, (path.name, key)
        assert all("meaning_ko" in s for s in where["evidence"]), path.name


def test_in_language_picks_the_translation_and_drops_the_rest() -> None:
    raw = {"title": "A run", "title_ko": "실행", "labs": {"notes": ["x"], "notes_ko": ["엑스"]}}
    assert in_language(raw, "ko") == {"title": "실행", "labs": {"notes": ["엑스"]}}
    assert in_language(raw, "en") == {"title": "A run", "labs": {"notes": ["x"]}}
    # a field that merely ends like a language code is kept
    assert in_language({"made_by": "x", "by_ko": "y"}, "ko") == {"made_by": "x", "by_ko": "y"}


def test_a_translated_report_round_trips() -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "probe" / "wsl2"
    english = to_jsonable(where_am_i(fixture, environ={}, cpuid="skip"))
    with i18n.using("ko"):
        korean = to_jsonable(where_am_i(fixture, environ={}, cpuid="skip"))
    both = with_translation(english, korean, "ko")
    assert in_language(both, "en") == english
    assert in_language(both, "ko") == korean
    assert english != korean


def test_an_unknown_run_is_refused_in_korean() -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match="기록된 실행 결과 가운데 'laptop'"):
        recorded_run("laptop")
