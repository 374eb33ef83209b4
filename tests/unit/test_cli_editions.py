"""The `virtlab` command and the editions: lists in either language, runs chosen editions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from virtlab.course import load_manifest


def virtlab(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "virtlab.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_modules_are_listed_in_korean() -> None:
    done = virtlab("modules", "--lang", "ko")
    assert done.returncode == 0, done.stderr
    manifest = load_manifest()
    for m in manifest:
        assert m.title_ko in done.stdout and m.title_en not in done.stdout
    assert f"모듈 {len(manifest)}개, 모두 {manifest.total_minutes}분" in done.stdout


def test_modules_follow_virtlab_lang_and_default_to_english() -> None:
    import os

    english = virtlab("modules")
    assert "Start here: how this course works" in english.stdout
    korean = virtlab("modules", env={**os.environ, "VIRTLAB_LANG": "ko"})
    assert "시작하기: 이 강의를 듣는 방법" in korean.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("run", "--lang", "fr"),
            "virtlab run: no 'fr' edition; --lang takes all or one of en, ko",
        ),
        (("modules", "--lang", "fr"), "virtlab modules: unknown language 'fr'; choose one of"),
        (
            ("run", "-p", "lang", "ko"),
            "parameter 'lang' is set by the edition; choose editions with --lang",
        ),
        (("editions", "stamp", "00-start-here", "c99"), "no markdown cell 'c99' in both editions"),
    ],
)
def test_a_bad_language_is_one_line_naming_the_choices(args: tuple[str, ...], message: str) -> None:
    done = virtlab(*args)
    assert done.returncode == 2
    assert message in done.stderr


def test_editions_check_passes_on_the_course() -> None:
    done = virtlab("editions", "check")
    assert done.returncode == 0, done.stdout
    assert "0 problem(s) in 7 notebook(s)" in done.stdout


def test_run_writes_each_chosen_edition_into_its_folder(tmp_path: Path) -> None:
    done = virtlab("run", "00-start-here", "--lang", "ko", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "ko/00-start-here: ok" in done.stdout
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ipynb")] == [
        "ko/00-start-here.ipynb"
    ]


def test_the_hub_link_can_open_the_korean_edition() -> None:
    done = virtlab("hub-link", "--hub", "https://hub.example.edu", "--lang", "ko")
    assert done.returncode == 0, done.stderr
    assert "urlpath=lab%2Ftree%2Fvirtlab%2Fnotebooks%2Fko%2F00-start-here.ipynb" in done.stdout
    bad = virtlab("hub-link", "--hub", "https://hub.example.edu", "--lang", "all")
    assert bad.returncode == 2
    assert "virtlab hub-link: a link opens one edition: --lang en or ko" in bad.stderr
