"""where_am_i(): the right verdict on every kind of machine, from fixture trees and live."""

from __future__ import annotations

import dataclasses
import platform
import re
from pathlib import Path

import pytest

from virtlab.probe import CpuidReading, Report, Signal, format_report, main_where, where_am_i

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
