"""Running children safely: own process group, killed on time, one at a time."""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from pathlib import Path

import pytest

from virtlab import i18n
from virtlab.probe import run_child

SLEEPER = (
    "import subprocess, sys, time\n"
    "grandchild = subprocess.Popen(['sleep', '30'])\n"
    "print(grandchild.pid, flush=True)\n"
    "time.sleep(30)\n"
)


def _state_and_group(pid: int) -> tuple[str, int] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return fields[0], int(fields[2])


def _is_gone(pid: int) -> bool:
    """True when ``pid`` has exited (gone, or a zombie awaiting its new parent's wait)."""
    found = _state_and_group(pid)
    return found is None or found[0] in ("Z", "X")


def _running_members(pgid: int) -> list[int]:
    """Processes of group ``pgid`` that still run (zombies only wait to be reaped)."""
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    return [
        p
        for p in pids
        if (found := _state_and_group(p)) and found[1] == pgid and found[0] not in "ZX"
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="process groups are checked through /proc")
def test_timeout_kills_the_whole_process_group() -> None:
    start = time.perf_counter()
    outcome = run_child([sys.executable, "-c", SLEEPER], timeout_s=1.0)
    elapsed = time.perf_counter() - start
    assert outcome.timed_out and not outcome.is_ok
    assert elapsed < 5, "the child was not killed on time"
    assert "timed out" in outcome.why_failed()
    grandchild = int(outcome.stdout.split()[0])
    deadline = time.monotonic() + 3
    while not _is_gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _is_gone(grandchild), "the grandchild outlived the timeout"
    assert outcome.pgid is not None
    assert _running_members(outcome.pgid) == []  # nothing of the group runs any more


def test_child_runs_in_its_own_session_and_a_temporary_folder() -> None:
    code = "import os; print(os.getsid(0) == os.getpid(), os.getcwd())"
    outcome = run_child([sys.executable, "-c", code])
    in_own_session, folder = outcome.stdout.split()
    assert in_own_session == "True"
    assert "virtlab-lab-" in folder and not Path(folder).exists()  # removed afterwards


def test_only_one_child_at_a_time() -> None:
    spans: list[tuple[float, float]] = []

    def run() -> None:
        outcome = run_child(
            [
                sys.executable,
                "-c",
                "import time; print(time.time()); time.sleep(0.3); print(time.time())",
            ]
        )
        first, last = (float(x) for x in outcome.stdout.split())
        spans.append((first, last))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (_, a_end), (b_start, _) = sorted(spans)
    assert b_start >= a_end, "two lab children overlapped"


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        ([sys.executable, "-c", "import sys; sys.exit(3)"], "exit status 3"),  # a failing child
        (
            [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"],
            "SIGKILL",
        ),  # killed
        (["/nonexistent/virtlab-command"], "cannot start"),  # never started: no exception either
    ],
)
def test_failures_are_described_not_raised(argv: list[str], phrase: str) -> None:
    outcome = run_child(argv)
    assert not outcome.is_ok
    assert phrase in outcome.why_failed()


@pytest.mark.parametrize("timeout_s", [0, -1, 601])
def test_timeout_must_be_sane(timeout_s: float) -> None:
    with pytest.raises(ValueError, match=r"timeout_s must be in \(0, 600\] seconds"):
        run_child([sys.executable, "-c", "pass"], timeout_s=timeout_s)


def test_json_protocol_reads_the_last_line() -> None:
    outcome = run_child([sys.executable, "-c", "print('noise'); print('{\"a\": 1}')"])
    assert outcome.json() == {"a": 1}
    with pytest.raises(ValueError, match="printed nothing"):
        run_child([sys.executable, "-c", "pass"]).json()


# --- the child's words are in the notebook's language

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_a_child_gets_the_language_of_the_notebook() -> None:
    code = "from virtlab.i18n import language, tr; print(language()); print(tr('probe.child.busy'))"
    with i18n.using("ko"):
        korean = run_child([sys.executable, "-c", code])
    assert korean.stdout.splitlines()[0] == "ko"
    assert HANGUL.search(korean.stdout.splitlines()[1])
    english = run_child([sys.executable, "-c", code], env={"VIRTLAB_LANG": "en"})
    assert english.stdout.splitlines() == ["en", "another lab's child is still running"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ([sys.executable, "-c", "import sys; sys.exit(3)"], "종료 상태 3"),
        (
            [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"],
            "시그널을 받고 종료됨: SIGKILL",
        ),
        (
            ["/nonexistent/virtlab-command"],
            "명령을 시작할 수 없습니다: '/nonexistent/virtlab-command'",
        ),
    ],
)
def test_failures_are_described_in_korean(argv: list[str], words: str) -> None:
    with i18n.using("ko"):
        outcome = run_child(argv)
        why = outcome.why_failed()
    assert words in why


def test_errors_of_the_child_runner_in_korean() -> None:
    with i18n.using("ko"):
        with pytest.raises(ValueError, match=r"timeout_s 값은 \(0, 600\] 초 범위여야 합니다"):
            run_child([sys.executable, "-c", "pass"], timeout_s=0)
        with pytest.raises(ValueError, match="출력이 없습니다"):
            run_child([sys.executable, "-c", "pass"]).json()
