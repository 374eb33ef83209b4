"""Binder (repo2docker) builds the same environment as CI and the hub image."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"


def test_python_is_pinned_to_the_locks_python() -> None:
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert "--python-version 3.11" in (ROOT / "requirements.lock").read_text()


def test_requirements_point_at_the_lock() -> None:
    lines = [
        line
        for line in (BINDER / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines == ["-r ../requirements.lock"]
    assert (BINDER / "../requirements.lock").resolve().is_file()


def test_post_build_stops_on_error_and_installs_the_package() -> None:
    script = (BINDER / "postBuild").read_text()
    assert "set -euo pipefail" in script, "repo2docker ignores postBuild errors without set -e"
    assert "pip install --no-cache-dir --no-deps --no-build-isolation ." in script
    assert (BINDER / "postBuild").stat().st_mode & 0o111
