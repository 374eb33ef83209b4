"""The `virtlab` command: its help lists every command; errors are one line with status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def virtlab(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "virtlab.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_lists_the_commands() -> None:
    done = virtlab("--help")
    assert done.returncode == 0
    for command in ("run", "site", "refresh", "hub-link", "where", "modules"):
        assert f"    {command}" in done.stdout


def test_where_prints_both_layers_as_json() -> None:
    done = virtlab("where", "--json", "--no-cpuid")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"hypervisor", "container", "evidence"} <= report.keys()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("hub-link", "--hub", "not a url"), "virtlab hub-link: hub URL must look like"),
        (("run", "99-missing"), "virtlab run: no module '99-missing'"),
        (("--manifest", "/nonexistent/course.toml", "modules"), "cannot read course manifest"),
    ],
)
def test_errors_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = virtlab(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_where_speaks_korean_with_lang() -> None:
    done = virtlab("where", "--lang", "ko", "--no-cpuid")
    assert done.returncode == 0, done.stderr
    assert "가상 머신 계층" in done.stdout and "판정" in done.stdout
    assert "VM layer" not in done.stdout
    report = json.loads(virtlab("where", "--lang", "ko", "--json", "--no-cpuid").stdout)
    assert {"hypervisor", "container", "evidence"} <= report.keys()
    assert any("\uac00" <= c <= "\ud7a3" for c in report["verdict"])
