"""Offline proof: every notebook of the course runs in a network namespace with no interface up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from virtlab.course import load_manifest

CHILD = Path(__file__).with_name("offline_child.py")

pytestmark = pytest.mark.notebooks


def unshare_refusal() -> str | None:
    if shutil.which("unshare") is None:
        return "unshare(1) is not installed"
    done = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True, check=False)
    return None if done.returncode == 0 else f"unshare -rn is refused here: {done.stderr.strip()}"


def test_every_notebook_runs_with_no_network() -> None:
    reason = unshare_refusal()
    if reason:
        pytest.skip(reason)
    notebooks = [str(m.notebook) for m in load_manifest()]
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, str(CHILD), *notebooks],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("no network: ")
    assert lines[1:] == [f"ok {Path(n).name}" for n in notebooks]
