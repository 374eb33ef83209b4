"""A real JupyterHub on loopback, a course repository to pull, and a student in Chromium.

Shared by ``test_hub.py`` and ``bench/bench_hub.py``. The hub (``hub_config.py``)
starts configurable-http-proxy (npm, pinned in ``course/hub/proxy``) and one
JupyterLab per student from the course's own environment. The repository is a
bare git repository of this checkout's tracked files as they are now, pulled
over ``file://`` by nbgitpuller, exactly as ``virtlab hub-link`` tells it to.
Every process the hub starts carries a marker in its environment, so that
:func:`leftovers` can prove none outlives the hub.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labdriver import KERNEL_IDLE, ROOT, free_port

PROXY = ROOT / "course" / "hub" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
STUDENT_CONFIG = ROOT / "course" / "hub" / "jupyter"  # what the image installs in etc/jupyter
CONFIG = Path(__file__).with_name("hub_config.py")
PASSWORD = "virtlab-class-password"  # noqa: S105 - a loopback test hub's shared password
GIT_IDENTITY = ("-c", "user.name=Course Staff", "-c", "user.email=staff@example.invalid")


def hub_missing_reason() -> str | None:
    """Why the hub test cannot run here, or None when it can."""
    if shutil.which("git") is None:
        return "git is not installed (Debian package 'git')"
    if not PROXY.exists():
        return (
            f"{PROXY.relative_to(ROOT)} is missing "
            "(run 'npm ci --prefix course/hub/proxy'; .ci/run does)"
        )
    return None


def git(*args: str, cwd: Path) -> str:
    """Run git in ``cwd`` as the course staff; return its output."""
    done = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=cwd, check=True, capture_output=True, text=True
    )
    return done.stdout


@dataclass(frozen=True)
class CourseRepository:
    """The course as an instructor publishes it: a bare repository and a clone to change it."""

    url: str  # file:///.../virtlab.git, what hub-link's --repo gets
    work: Path  # a clone the "instructor" commits to and pushes from

    def publish(self, message: str) -> None:
        """Commit every change in the work clone and push it to the bare repository."""
        git("commit", "-qam", message, cwd=self.work)
        git("push", "-q", "origin", "main", cwd=self.work)


def course_repository(folder: Path) -> CourseRepository:
    """A bare repository holding this checkout's tracked files as they are on disk now."""
    work = folder / "work"
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted in the checkout is left out
            (work / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, work / os.fsdecode(name))
    git("init", "-q", "-b", "main", cwd=work)
    git("add", "-A", cwd=work)
    git("commit", "-qm", "The course as published", cwd=work)
    bare = folder / "virtlab.git"
    git("clone", "-q", "--bare", str(work), str(bare), cwd=folder)
    git("remote", "add", "origin", str(bare), cwd=work)
    return CourseRepository(url=bare.as_uri(), work=work)


@dataclass(frozen=True)
class Hub:
    """A running hub: where students reach it, the test's API token, the students' homes."""

    url: str
    token: str
    homes: Path
    log: Path
    run: str  # the marker every process of this hub carries

    def api(self, method: str, path: str) -> int:
        """Call the hub's REST API (``/hub/api`` + ``path``) as the test's service; the status."""
        request = urllib.request.Request(  # noqa: S310 - the loopback hub started here
            f"{self.url}/hub/api{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=90) as reply:  # noqa: S310
            return int(reply.status)


@contextmanager
def jupyterhub(folder: Path, users: tuple[str, ...]) -> Iterator[Hub]:
    """Start a hub for ``users``; yield it; stop it and prove nothing it started is left.

    Raises:
        RuntimeError: the hub did not answer within 90 s (its log's end is in the message),
            or a process of the run outlived the hub (named in the message).
    """
    (folder / "state").mkdir(parents=True)
    # the students' Jupyter configuration, as the hub's image installs it
    shutil.copytree(STUDENT_CONFIG, folder / "jupyter-config")
    run = secrets.token_hex(8)
    port = free_port()
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "HUBTEST_RUN": run,
        "HUBTEST_DIR": str(folder),
        "HUBTEST_JUPYTER_CONFIG": str(folder / "jupyter-config"),
        "HUBTEST_VENV_BIN": str(Path(sys.executable).parent),
        "HUBTEST_CHP": str(PROXY),
        "HUBTEST_PORT": str(port),
        "HUBTEST_HUB_PORT": str(free_port()),
        "HUBTEST_PROXY_API_PORT": str(free_port()),
        "HUBTEST_PROXY_TOKEN": secrets.token_hex(16),
        "HUBTEST_API_TOKEN": token,
        "HUBTEST_PASSWORD": PASSWORD,
        "HUBTEST_USERS": ",".join(users),
    }
    log = folder / "jupyterhub.log"
    with log.open("w") as out:
        hub = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
            cwd=folder / "state",
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    found = Hub(
        url=f"http://127.0.0.1:{port}", token=token, homes=folder / "homes", log=log, run=run
    )
    try:
        _wait_until_healthy(found, hub)
        yield found
    finally:
        hub.send_signal(signal.SIGTERM)  # the hub stops the servers (and kernels), then the proxy
        try:
            hub.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.kill()
        left = _sweep(run)
        if left:
            raise RuntimeError(f"processes outlived the hub (now killed): {left}")


def _wait_until_healthy(hub: Hub, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while True:  # answers through the proxy only once the hub's route is in it
        try:
            urllib.request.urlopen(f"{hub.url}/hub/health", timeout=2).close()  # noqa: S310
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = hub.log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"JupyterHub did not start:\n{tail}") from None
            time.sleep(0.2)


def leftovers(run: str) -> dict[int, str]:
    """Live processes (not zombies) that carry the run's marker: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            environ = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if f"HUBTEST_RUN={run}".encode() in environ and state != "Z":
                found[int(entry.name)] = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                )
    return found


def _sweep(run: str) -> dict[int, str]:
    """Wait up to 15 s for the run's processes to end; kill and return any that did not."""
    deadline = time.monotonic() + 15
    while leftovers(run) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = leftovers(run)
    for pid in left:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


ROLES = (
    ("kernel", "ipykernel_launcher"),
    ("server", "jupyterhub-singleuser"),
    ("proxy", "configurable-http-proxy"),
    ("hub", "jupyterhub"),
)


def process_memory(run: str) -> list[dict[str, Any]]:
    """Each process of the run: its role, resident and peak memory (MB), CPU time (s)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = []
    for pid, command in leftovers(run).items():
        role = next((name for name, mark in ROLES if mark in command), "other")
        with suppress(OSError):
            status = dict(
                line.split(":", 1)
                for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                if ":" in line
            )
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found.append(
                {
                    "role": role,
                    "pid": pid,
                    "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
                    "peak_mb": int(status["VmHWM"].split()[0]) / 1024,
                    "cpu_s": (int(fields[11]) + int(fields[12])) / ticks,
                }
            )
    return found


def open_link(page: Any, link: str, user: str, notebook: str) -> None:
    """Follow an nbgitpuller link as ``user`` until JupyterLab shows ``notebook`` with a kernel.

    Logs in when the hub asks; fails with nbgitpuller's message if the pull fails.
    """
    page.goto(link)
    deadline = time.monotonic() + 150
    while f"/lab/tree/{notebook}" not in page.url:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the link never reached the notebook; stuck at {page.url}")
        if "/hub/login" in page.url and page.locator("#username_input").count():
            page.fill("#username_input", user)
            page.fill("#password_input", PASSWORD)
            with page.expect_navigation():
                page.click("#login_submit")
        status = ""
        with suppress(Exception):  # nbgitpuller's status page, while it is shown
            status = page.locator("#status-panel-title").inner_text(timeout=300)
        if status.startswith("Error"):
            raise RuntimeError(f"nbgitpuller failed: {page.locator('body').inner_text()}")
        page.wait_for_timeout(200)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
    page.wait_for_function(
        "p => window.jupyterapp?.shell.currentWidget?.context?.path === p",
        arg=notebook,
        timeout=60_000,
    )
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
