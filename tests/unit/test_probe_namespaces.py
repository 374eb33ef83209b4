"""Namespaces lab: the inode table, the PID-1 demo, and every refusal simulated for real."""

from __future__ import annotations

import errno
import os
import platform
import re
import shutil
from pathlib import Path

import pytest

from virtlab import i18n
from virtlab.probe import (
    REFUSAL_KINDS,
    SIMULATIONS,
    classify_refusal,
    format_namespaces,
    namespace_demo,
    namespaces,
    read_namespaces,
)
from virtlab.probe._simulate import seccomp_program

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "probe"


def _user_namespaces_work() -> bool:
    text = Path("/proc/sys/user/max_user_namespaces")
    return platform.system() == "Linux" and text.exists() and text.read_text().strip() != "0"


needs_userns = pytest.mark.skipif(
    not _user_namespaces_work(), reason="this machine does not allow user namespaces"
)
needs_x86_64 = pytest.mark.skipif(
    platform.machine() != "x86_64", reason="the seccomp simulation is written for x86-64"
)


@pytest.mark.parametrize(
    ("fixture", "own"),
    [
        ("bare_metal", []),  # the host's view: every namespace initial
        ("docker_container", ["pid", "uts", "ipc", "cgroup"]),  # Docker leaves user and time alone
        (
            "podman_rootless",
            ["pid", "user", "uts", "ipc", "cgroup"],
        ),  # rootless: a user namespace too
    ],
)
def test_namespace_table_on_fixtures(fixture: str, own: list[str]) -> None:
    table = read_namespaces(FIXTURES / fixture)
    assert [r.name for r in table.rows if r.is_initial is False] == own
    assert table.is_namespaced == bool(own)
    # net and mnt differ in the container fixtures, but a different number proves nothing there
    assert all(r.is_initial is not False for r in table.rows if r.name in ("net", "mnt"))


def test_namespaces_live_here_are_the_initial_ones() -> None:
    if platform.system() != "Linux":
        pytest.skip("namespaces are Linux only")
    result = namespaces(environ={})
    assert result.source == "live"
    # a second route: the child's table equals what this process reads itself
    assert result.data == read_namespaces("/")
    assert "initial" in format_namespaces(result) or "OWN" in format_namespaces(result)


@needs_userns
def test_demo_shows_pid_1_and_a_new_hostname() -> None:
    result = namespace_demo(method="python", environ={})
    assert result.source == "live", result.reason
    assert result.data.pid_inside == 1
    assert result.data.uid_inside == 0
    assert result.data.hostname_inside == "lab-container"
    assert result.data.hostname_outside == platform.node()  # the machine's name is untouched
    assert platform.node() != "lab-container"


@needs_userns
@pytest.mark.skipif(shutil.which("unshare") is None, reason="no unshare(1) command here")
def test_demo_with_the_unshare_command_and_a_fresh_proc() -> None:
    result = namespace_demo(method="cli", mount_proc=True, environ={})
    assert result.source == "live", result.reason
    assert result.data.method == "unshare(1)"
    assert result.data.pid_inside == 1
    assert result.data.processes_visible is not None and result.data.processes_visible <= 3


# (simulate, method, mount_proc, kind, plain words expected) - each refusal made for real in a child
REFUSALS = [
    # Docker's default seccomp profile: a BPF filter returns EPERM for unshare
    pytest.param(
        "seccomp", "python", False, "seccomp", r"seccomp", marks=needs_x86_64, id="seccomp"
    ),
    # the unshare command under the same filter: the classifier reads its message instead of errno
    pytest.param(
        "seccomp", "cli", False, "seccomp", r"seccomp", marks=needs_x86_64, id="seccomp-cli"
    ),
    # user.max_user_namespaces=0 inside an outer user namespace: ENOSPC
    pytest.param(
        "userns_disabled", "python", False, "userns_disabled", r"switched off", id="userns-off"
    ),
    # a second thread (like ipykernel's): unshare(CLONE_NEWUSER) gives EINVAL
    pytest.param("threads", "python", False, "threads", r"more than one thread", id="threads"),
    # a covered /proc file: mounting a fresh /proc is refused
    pytest.param("masked_proc", "python", True, "masked_proc", r"masked", id="masked-proc"),
]


@needs_userns
@pytest.mark.parametrize(("simulate", "method", "mount_proc", "kind", "words"), REFUSALS)
def test_each_refusal_is_classified_in_plain_words(
    simulate: str, method: str, mount_proc: bool, kind: str, words: str
) -> None:
    if method == "cli" and shutil.which("unshare") is None:
        pytest.skip("no unshare(1) command here")
    result = namespace_demo(method=method, simulate=simulate, mount_proc=mount_proc, environ={})  # type: ignore[arg-type]
    assert result.source == "recorded"  # a refusal never raises: the recording is shown
    assert result.refusal is not None and result.refusal.kind == kind, result.refusal
    assert re.search(words, result.refusal.explanation)
    assert result.refusal.explanation in result.reason
    assert result.data.pid_inside == 1  # the recorded demo, shown instead


@needs_userns
def test_masked_proc_spares_the_python_variant() -> None:
    # without mounting /proc, the Python route still shows PID 1 under a masked /proc
    result = namespace_demo(method="python", simulate="masked_proc", environ={})
    assert result.source == "live", result.reason
    assert result.data.pid_inside == 1


@needs_userns
@pytest.mark.skipif(shutil.which("unshare") is None, reason="no unshare(1) command here")
def test_auto_falls_back_to_the_command_when_threads_refuse_python() -> None:
    # a fresh unshare(1) process has one thread, so it succeeds where the threaded child failed
    result = namespace_demo(method="auto", simulate="threads", environ={})
    assert result.source == "live"
    assert result.data.method == "unshare(1)"
    assert result.refusal is not None and result.refusal.kind == "threads"


def test_every_simulation_has_a_refusal_kind() -> None:
    assert set(SIMULATIONS) <= set(REFUSAL_KINDS)


@pytest.mark.parametrize(
    ("step", "number", "facts", "stderr", "kind"),
    [
        ("unshare", errno.EPERM, {"seccomp": "2"}, "", "seccomp"),  # a filter answered
        (
            "unshare",
            errno.EPERM,
            {"seccomp": "0", "unprivileged_userns_clone": "0"},
            "",
            "userns_disabled",
        ),  # Debian switch
        (
            "uid_map",
            errno.EPERM,
            {"apparmor_restrict_unprivileged_userns": "1"},
            "",
            "apparmor",
        ),  # Ubuntu 24.04
        ("unshare", errno.EPERM, {"seccomp": "0"}, "", "not_permitted"),  # no known cause: say so
        (
            "unshare",
            errno.ENOSPC,
            {"max_user_namespaces": "0"},
            "",
            "userns_disabled",
        ),  # RHEL-style limit
        ("unshare", errno.EINVAL, {"threads": "3"}, "", "threads"),  # ipykernel
        ("unshare", errno.EUSERS, {}, "", "nesting_limit"),  # 32 levels deep
        ("unshare", errno.ENOSYS, {}, "", "unsupported"),  # kernel without CONFIG_USER_NS
        ("mount_proc", errno.EPERM, {}, "", "masked_proc"),  # the Python variant with mount_proc
        ("cli", None, {}, "unshare: mount /proc failed: Operation not permitted", "masked_proc"),
        (
            "cli",
            None,
            {"seccomp": "2"},
            "unshare: unshare failed: Operation not permitted",
            "seccomp",
        ),
        ("cli", None, {}, "unshare: unshare failed: No space left on device", "userns_disabled"),
        ("simulate", errno.EPERM, {}, "", "simulation_failed"),  # could not even set the scene
    ],
)
def test_classify_refusal_table(
    step: str, number: int | None, facts: dict[str, str], stderr: str, kind: str
) -> None:
    refusal = classify_refusal(step, number, facts, stderr)
    assert refusal.kind == kind
    assert refusal.explanation == REFUSAL_KINDS[kind]


def test_seccomp_program_is_ten_instructions_ending_in_allow() -> None:
    code = seccomp_program()
    assert len(code) == 10 * 8
    assert int.from_bytes(code[-4:], "little") == 0x7FFF0000  # SECCOMP_RET_ALLOW


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "docker"}, r"unknown method 'docker'; choose one of auto, python, cli"),
        ({"simulate": "selinux"}, r"unknown simulation 'selinux'; choose one of seccomp"),
    ],
)
def test_demo_rejects_bad_arguments(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        namespace_demo(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("environ", "system", "kind"),
    [
        ({"VIRTLAB_LIVE": "0"}, "Linux", "forced"),  # CI asks for recordings
        ({}, "Darwin", "not_linux"),  # a Mac: no namespaces to make
        ({}, "Windows", "not_linux"),  # Windows: the same, no exception
    ],
)
def test_recorded_when_live_is_not_possible(
    environ: dict[str, str], system: str, kind: str
) -> None:
    demo = namespace_demo(environ=environ, system=system)
    table = namespaces(environ=environ, system=system)
    for result in (demo, table):
        assert result.source == "recorded"
        assert result.refusal is not None and result.refusal.kind == kind
        assert result.note.startswith("Recorded on")
    assert demo.data.pid_inside == 1


def test_the_notebook_process_never_changes_namespace() -> None:
    before = os.readlink("/proc/self/ns/user") if platform.system() == "Linux" else None
    namespace_demo(method="python", environ={})
    after = os.readlink("/proc/self/ns/user") if platform.system() == "Linux" else None
    assert before == after


# --- in Korean: what each namespace isolates, the summary, refusals, notes and errors

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _is_korean(text: str, *names: str) -> bool:
    """Hangul in ``text``, and no English word left but ``names`` (ids, paths, program names)."""
    left = re.sub(r"(?<![\w.])/[\w./*-]+|\S+=\S+", " ", text)  # paths and kernel settings
    return bool(HANGUL.search(text)) and set(i18n.english_words(left)) <= set(names)


@pytest.mark.parametrize("fixture", ["bare_metal", "docker_container", "podman_rootless"])
def test_namespace_table_in_korean(fixture: str) -> None:
    with i18n.using("ko"):
        table = read_namespaces(FIXTURES / fixture)
    english = read_namespaces(FIXTURES / fixture)
    assert [r.name for r in table.rows] == [r.name for r in english.rows]  # ids stay
    assert _is_korean(table.summary, "pid", "uts", "ipc", "cgroup", "user")
    for row in table.rows:
        assert _is_korean(row.isolates, "cgroup"), row
    assert not HANGUL.search(english.summary + "".join(r.isolates for r in english.rows))


def test_recorded_and_live_tables_are_worded_in_the_current_language() -> None:
    # the recording stores English; its sentences are made again from its data
    with i18n.using("ko"):
        recorded = namespaces(environ={"VIRTLAB_LIVE": "0"})
        text = format_namespaces(recorded)
        note = recorded.note  # made when read, in the language of that moment
    assert _is_korean(note)
    assert all(_is_korean(r.isolates, "cgroup") for r in recorded.data.rows)
    assert "초기" in text and "initial" not in text
    english = namespaces(environ={"VIRTLAB_LIVE": "0"})
    assert english.data.rows[0].isolates == "process IDs (who is PID 1)"
    if platform.system() == "Linux":
        with i18n.using("ko"):
            live = namespaces(environ={})  # read in a child, which gets the language too
            note = live.note
        assert live.source == "live", live.reason
        assert _is_korean(live.data.summary, "pid", "uts", "ipc", "cgroup", "user")
        assert _is_korean(note.replace(live.machine, ""))  # the kernel's name is the kernel's


def test_every_refusal_is_explained_in_korean() -> None:
    with i18n.using("ko"):
        explanations = dict(REFUSAL_KINDS)
        refusal = classify_refusal("unshare", errno.EPERM, {"seccomp": "2"})
    for kind, text in explanations.items():
        names = ("seccomp", "procfs", "chroot", "capability", "masked", "getpid")
        assert _is_korean(text, *names), kind
    assert refusal.explanation == explanations["seccomp"]
    assert _is_korean(refusal.detail, "unshare")  # "unshare 단계가 실패했습니다 (EPERM)"
    assert "seccomp filter" in REFUSAL_KINDS["seccomp"]  # English stays English


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"method": "docker"}, "알 수 없는 방법입니다: 'docker'"),
        ({"simulate": "selinux"}, "알 수 없는 재현 상황입니다: 'selinux'"),
    ],
)
def test_bad_arguments_are_refused_in_korean(kwargs: dict[str, str], words: str) -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match=words):
        namespace_demo(**kwargs)  # type: ignore[arg-type]


def test_the_recorded_demo_says_why_in_korean() -> None:
    with i18n.using("ko"):
        demo = namespace_demo(environ={}, system="Darwin")
        note = demo.note
    assert demo.refusal is not None and demo.refusal.kind == "not_linux"
    assert "기록한 결과입니다" in note and "Darwin" in note
    assert _is_korean(demo.refusal.explanation)


@needs_userns
@needs_x86_64
def test_a_refusal_made_for_real_is_told_in_korean() -> None:
    with i18n.using("ko"):
        result = namespace_demo(method="python", simulate="seccomp", environ={})
    assert result.refusal is not None and result.refusal.kind == "seccomp"
    assert result.refusal.explanation in result.reason
    assert _is_korean(result.reason, "seccomp")
