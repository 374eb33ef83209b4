"""where_am_i(): the right verdict on every kind of machine, from fixture trees and live."""

from __future__ import annotations

import dataclasses
import json
import platform
import re
from pathlib import Path

import pytest

from virtlab import i18n
from virtlab.probe import CpuidReading, Report, Signal, format_report, main_where, where_am_i
from virtlab.probe._words import shown_width

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "probe"

KVM = CpuidReading(hypervisor_bit=True, vendor="KVMKVMKVM", max_leaf=0x40000001)
NO_VM = CpuidReading(hypervisor_bit=False, vendor="", max_leaf=0)
HUB_ENV = {
    "KUBERNETES_SERVICE_HOST": "10.96.0.1",
    "KUBERNETES_SERVICE_PORT": "443",
    "JUPYTERHUB_USER": "ada",
    "JUPYTERHUB_API_URL": "http://hub:8081/hub/api",
}

# (fixture, cpuid, environ, hypervisor, container, product contains, conflict matches)
CASES = [
    # a Dell server: hypervisor bit clear, firmware names no hypervisor -> nothing at all
    ("bare_metal", NO_VM, {}, None, None, None, None),
    # Firecracker has no DMI; CPUID skipped, so the kernel log and kvm-clock must name KVM
    ("kvm_firecracker", "skip", {}, "kvm", None, "Firecracker", None),
    # the build machine's case: /.dockerenv in a VM's image is a conflict, not a container
    ("vm_from_docker_image", KVM, {}, "kvm", None, "Firecracker", r"/\.dockerenv"),
    # Docker on cgroup v2 (private cgroupns shows 0::/): the bind mount of /etc/hostname names it
    ("docker_container", KVM, {}, "kvm", "docker", "QEMU/KVM", None),
    # z2jh pod: the kubelet's variable and etc-hosts win over the containerd sandbox path
    ("kubernetes_jupyterhub", KVM, HUB_ENV, "kvm", "kubernetes", "Google Compute Engine", None),
    # WSL2 is a Hyper-V VM; its kernel release says so even without CPUID
    ("wsl2", "skip", {}, "hyperv", None, "WSL2", None),
    # the same with CPUID read: 'Microsoft Hv' agrees with the kernel release
    ("wsl2", CpuidReading(True, "Microsoft Hv", 0x4000000B), {}, "hyperv", None, "WSL2", None),
    # WSL1 has no Linux kernel and no VM: the kernel release says Microsoft without WSL2
    ("wsl1", NO_VM, {}, None, None, "WSL1", None),
    # rootless Podman on a laptop: user namespace plus /run/.containerenv, no hypervisor
    ("podman_rootless", NO_VM, {"container": "podman"}, None, "podman", None, None),
    # LXC's PID 1 environment says container=lxc; /sys/hypervisor/type says Xen
    ("lxc_on_xen", "skip", {}, "xen", "lxc", None, None),
    # VirtualBox can present KVM's CPUID interface: DMI overrides, and the conflict is shown
    ("virtualbox_kvm_interface", KVM, {}, "virtualbox", None, None, r"KVMKVMKVM"),
    # QEMU without KVM: CPUID says TCG, the DMI 'QEMU' agrees
    ("qemu_tcg", CpuidReading(True, "TCGTCGTCGTCG", 0x40000001), {}, "qemu-tcg", None, None, None),
    # a stray Kubernetes variable on bare metal: reported, but with a conflict (host namespaces)
    (
        "bare_metal",
        NO_VM,
        {"KUBERNETES_SERVICE_HOST": "10.0.0.1"},
        None,
        "kubernetes",
        None,
        r"host's",
    ),
]


@pytest.mark.parametrize(
    ("fixture", "cpuid", "environ", "hypervisor", "container", "product", "conflict"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_verdict_on_fixture_tree(
    fixture: str,
    cpuid: CpuidReading | str,
    environ: dict[str, str],
    hypervisor: str | None,
    container: str | None,
    product: str | None,
    conflict: str | None,
) -> None:
    report = where_am_i(FIXTURES / fixture, environ=environ, cpuid=cpuid)  # type: ignore[arg-type]
    assert (report.hypervisor, report.container) == (hypervisor, container), report.verdict
    if product is None:
        assert report.product is None
    else:
        assert report.product is not None and product in report.product
    if conflict is None:
        assert report.conflicts == ()
    else:
        assert len(report.conflicts) == 1
        assert re.search(conflict, report.conflicts[0]), report.conflicts
    assert report.source == "live" and report.is_available and report.system == "Linux"
    assert report.verdict and report.vm_verdict and report.container_verdict


@pytest.mark.parametrize(
    ("system", "hint"),
    [
        ("Darwin", "kern.hv_vmm_present"),  # macOS: no /proc; tell the student the sysctl to try
        ("Windows", "Get-CimInstance"),  # Windows: the PowerShell query
        ("FreeBSD", "own hypervisor check"),  # anything else: still no exception
    ],
)
def test_other_systems_say_not_available(system: str, hint: str) -> None:
    report = where_am_i(system=system, environ={})
    assert not report.is_available
    assert (report.hypervisor, report.container) == (None, None)
    assert report.verdict.startswith("Not available here")
    assert hint in report.evidence[0].meaning


def test_this_machine_is_a_kvm_vm_not_a_container() -> None:
    if platform.system() != "Linux" or not Path("/.dockerenv").exists():
        pytest.skip("this check describes the course's build machine (a KVM VM with /.dockerenv)")
    report = where_am_i(environ={})
    assert report.hypervisor == "kvm"
    assert report.container is None
    assert any("/.dockerenv" in c for c in report.conflicts), report.conflicts
    assert report.signals("vm")[0].strength == "strong"  # strongest first
    cpuid = next(s for s in report.evidence if s.name.startswith("CPUID"))
    assert cpuid.value == "KVMKVMKVM"  # the CPUID child really ran


def test_recorded_mode_returns_the_reference_report() -> None:
    report = where_am_i(environ={"VIRTLAB_LIVE": "0"})
    assert report.source == "recorded"
    assert report.reason.startswith("VIRTLAB_LIVE=0")
    assert (report.hypervisor, report.container) == ("kvm", None)


def test_weak_signals_sort_after_strong_ones() -> None:
    report = where_am_i(FIXTURES / "vm_from_docker_image", environ={}, cpuid=KVM)
    ranks = ["strong", "medium", "weak", "info"]
    for layer in ("vm", "container"):
        strengths = [ranks.index(s.strength) for s in report.signals(layer)]  # type: ignore[arg-type]
        assert strengths == sorted(strengths)


def test_signals_and_reports_are_frozen() -> None:
    signal = Signal(
        "/.dockerenv", "exists", "Docker built this image", "weak", "container", "docker"
    )
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign"):
        signal.value = "absent"  # type: ignore[misc]
    assert isinstance(where_am_i(system="Darwin"), Report)


def test_format_report_lists_layers_conflicts_and_evidence() -> None:
    report = where_am_i(FIXTURES / "vm_from_docker_image", environ={}, cpuid=KVM)
    text = format_report(report)
    assert "VM layer       : kvm" in text
    assert "Container layer: none" in text
    assert "Conflict" in text and "/.dockerenv" in text
    assert text.count("\n") >= len(report.evidence) + 6


def test_main_where_prints_json_for_a_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    status = main_where(["--json", "--no-cpuid", "--root", str(FIXTURES / "kvm_firecracker")])
    out = capsys.readouterr().out
    assert status == 0
    assert '"hypervisor": "kvm"' in out


def test_main_where_rejects_an_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match="2"):
        main_where(["--frobnicate"])
    assert "unrecognized arguments" in capsys.readouterr().err


# --- the report in Korean: sentences translated, signal names, values and ids as they are

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# lowercase names of Linux programs and features, written as they are in Korean too
LINUX_TERMS = {"cgroup", "containerd", "dmesg", "init", "seccomp", "systemd", "virtio"}


def _words_left(text: str, report: Report) -> list[str]:
    """English words of ``text`` once the report's signal names, values and ids are taken out."""
    with i18n.using("ko"):
        facts = [s.name for s in report.evidence] + [s.label for s in report.evidence]
        facts += [s.shown_value for s in report.evidence]
    facts += [s.value for s in report.evidence]
    facts += [report.hypervisor or "", report.container or "", report.reason]
    for fact in sorted(filter(None, facts), key=len, reverse=True):
        text = text.replace(fact, " ")
    text = re.sub(r"(?<![\w.])/[\w./*-]+|[\w.]+\(\)", " ", text)  # paths, calls
    return [w for w in i18n.english_words(text) if w not in LINUX_TERMS]


@pytest.mark.parametrize(
    ("fixture", "cpuid", "environ", "hypervisor", "container", "product", "conflict"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_the_report_is_korean_on_every_fixture_tree(
    fixture: str,
    cpuid: CpuidReading | str,
    environ: dict[str, str],
    hypervisor: str | None,
    container: str | None,
    product: str | None,
    conflict: str | None,
) -> None:
    with i18n.using("ko"):
        report = where_am_i(FIXTURES / fixture, environ=environ, cpuid=cpuid)  # type: ignore[arg-type]
        text = format_report(report)
    # the ids and the verdict's facts are the same in every language
    assert (report.hypervisor, report.container) == (hypervisor, container)
    assert len(report.conflicts) == (0 if conflict is None else 1)
    sentences = [report.verdict, report.vm_verdict, report.container_verdict, *report.conflicts]
    sentences += [s.meaning for s in report.evidence]
    for sentence in sentences:
        assert HANGUL.search(sentence), sentence
        assert _words_left(sentence, report) == [], sentence
    if report.product is not None and i18n.english_words(report.product):
        assert HANGUL.search(report.product), report.product  # a description, not a name
    if product is not None:
        assert report.product is not None and product in report.product  # names stay
    for label in ("가상 머신 계층", "컨테이너 계층", "판정", "계층", "신호", "강도", "값 — 의미"):
        assert label in text
    assert "VM layer" not in text and "Verdict" not in text


def test_the_korean_table_lines_up_under_its_heading() -> None:
    with i18n.using("ko"):
        text = format_report(where_am_i(FIXTURES / "vm_from_docker_image", environ={}, cpuid=KVM))
    table = text.split("\n\n", 1)[1].splitlines()
    # the strength column starts at the same terminal column on every line (Hangul is 2 wide)
    starts = set()
    for line in table:
        word = next(w for w in ("강도", "강함", "중간", "약함", "참고") if w in line)
        starts.add(shown_width(line[: line.index(word)]))
    assert len(starts) == 1, table


def test_signal_labels_translate_descriptions_not_paths() -> None:
    clock = Signal("clock source", "kvm-clock", "", "medium")
    dockerenv = Signal("/.dockerenv", "exists", "", "weak", "container", "docker")
    bind = Signal("bind mount on /etc/hostname", "/x", "", "strong", "container", "docker")
    namespaced = Signal("/proc/self/ns/*", "non-initial: pid, uts", "", "strong", "container")
    with i18n.using("ko"):
        assert (clock.label, dockerenv.label) == ("클록 소스", "/.dockerenv")
        assert bind.label == "/etc/hostname 바인드 마운트"
        # the lab's own words are translated for display; what the machine said is not
        assert (dockerenv.shown_value, clock.shown_value) == ("있음", "kvm-clock")
        assert namespaced.shown_value == "초기가 아닌 네임스페이스: pid, uts"
    assert (clock.label, bind.label) == ("clock source", "bind mount on /etc/hostname")
    assert (dockerenv.value, dockerenv.shown_value) == ("exists", "exists")


def test_a_korean_report_keeps_its_ids_and_values() -> None:
    with i18n.using("ko"):
        korean = where_am_i(FIXTURES / "vm_from_docker_image", environ={}, cpuid=KVM)
    english = where_am_i(FIXTURES / "vm_from_docker_image", environ={}, cpuid=KVM)
    facts = [(s.name, s.value, s.strength, s.layer, s.points_to) for s in english.evidence]
    assert [(s.name, s.value, s.strength, s.layer, s.points_to) for s in korean.evidence] == facts
    assert (korean.hypervisor, korean.container, korean.source) == ("kvm", None, "live")


@pytest.mark.parametrize("system", ["Darwin", "Windows", "FreeBSD"])
def test_other_systems_are_told_in_korean(system: str) -> None:
    with i18n.using("ko"):
        report = where_am_i(system=system, environ={})
    assert report.verdict.startswith("여기서는 쓸 수 없습니다")
    assert system in report.verdict and HANGUL.search(report.evidence[0].meaning)
    assert _words_left(report.verdict, report) == []


def test_the_recorded_report_is_korean_and_the_english_one_unchanged() -> None:
    with i18n.using("ko"):
        korean = where_am_i(environ={"VIRTLAB_LIVE": "0"})
    english = where_am_i(environ={"VIRTLAB_LIVE": "0"})
    assert (korean.hypervisor, korean.container) == (english.hypervisor, english.container)
    assert [s.name for s in korean.evidence] == [s.name for s in english.evidence]
    assert korean.reason.startswith("VIRTLAB_LIVE=0") and HANGUL.search(korean.reason)
    for sentence in (korean.verdict, korean.container_verdict, *korean.conflicts):
        assert HANGUL.search(sentence) and _words_left(sentence, korean) == [], sentence
    assert all(HANGUL.search(s.meaning) for s in korean.evidence)
    # English stays English, word for word the recorded run
    assert english.verdict.startswith("This code runs directly on a KVM virtual machine")
    assert not HANGUL.search(format_report(english))


def test_main_where_speaks_korean_with_lang(capsys: pytest.CaptureFixture[str]) -> None:
    root = str(FIXTURES / "kvm_firecracker")
    assert main_where(["--lang", "ko", "--no-cpuid", "--root", root]) == 0
    text = capsys.readouterr().out
    assert "가상 머신 계층: kvm" in text and "판정" in text
    assert main_where(["--json", "--lang", "ko", "--no-cpuid", "--root", root]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["hypervisor"] == "kvm" and report["evidence"][0]["strength"] == "strong"
    assert HANGUL.search(report["verdict"])
    assert i18n.language() == "en"  # the command's language does not leak


def test_main_where_rejects_an_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match="2"):
        main_where(["--lang", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err
