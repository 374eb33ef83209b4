"""The course manifest: the real one loads; each kind of mistake names the module and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from virtlab.course import ManifestError, load_manifest

ROOT = Path(__file__).resolve().parents[2]
GOOD_MODULE = """
[[modules]]
id = "00-start-here"
notebook = "notebooks/00-start-here.ipynb"
title_en = "Start"
title_ko = "시작"
minutes = 10
objectives = ["Begin"]
objectives_ko = ["시작하기"]
"""
HEADER = """
[course]
title_en = "T"
title_ko = "티"
repository = "https://example.org/r"
branch = "main"
"""


def write_course(
    tmp_path: Path, text: str, notebooks: tuple[str, ...] = ("00-start-here",)
) -> Path:
    (tmp_path / "course").mkdir()
    (tmp_path / "notebooks").mkdir()
    for name in notebooks:
        (tmp_path / "notebooks" / f"{name}.ipynb").write_text("{}")
    path = tmp_path / "course" / "course.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_course_manifest_loads_with_notebooks_in_order() -> None:
    manifest = load_manifest(ROOT / "course" / "course.toml")
    ids = [m.id for m in manifest]
    assert ids == sorted(ids), "modules are listed in teaching order NN-"
    assert all(m.notebook.is_file() for m in manifest)
    assert manifest.total_minutes == sum(m.minutes for m in manifest)
    assert list(manifest.table()["module"]) == ids
    assert manifest.languages == ("en", "ko")
    for m in manifest:
        assert m.notebook_in("en") == m.notebook
        assert m.notebook_in("ko") == ROOT / "notebooks" / "ko" / m.notebook.name
        assert len(m.objectives_in("ko")) == len(m.objectives)


def test_titles_objectives_and_table_follow_the_language() -> None:
    from virtlab.i18n import using

    manifest = load_manifest(ROOT / "course" / "course.toml")
    first = manifest.modules[0]
    with using("ko"):
        assert first.title() == first.title_ko
        assert first.objectives_in() == first.objectives_ko
        assert list(manifest.table().columns) == ["모듈", "제목", "시간(분)", "학습 목표"]
    assert first.title() == first.title_en
    with pytest.raises(ValueError, match="unknown language 'fr'; choose one of 'en'"):
        first.title("fr")


def test_default_path_is_found_from_the_notebooks_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # notebooks run with notebooks/ as working folder; they must find the same manifest
    monkeypatch.chdir(ROOT / "notebooks")
    assert load_manifest().path == ROOT / "course" / "course.toml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # a field of the wrong type is named with its module
        (
            HEADER + GOOD_MODULE.replace("minutes = 10", 'minutes = "ten"'),
            "module 00-start-here, field minutes: 'ten' is not of type 'integer'",
        ),
        # a required field left out
        (
            HEADER + GOOD_MODULE.replace('title_ko = "시작"\n', ""),
            "module 00-start-here: 'title_ko' is a required property",
        ),
        # a typo in a field name is not silently ignored
        (HEADER + GOOD_MODULE.replace("minutes", "minuts"), "module 00-start-here"),
        # the same id twice
        (HEADER + GOOD_MODULE + GOOD_MODULE, "module 00-start-here: duplicate id"),
        # an id that breaks the NN-slug rule
        (
            HEADER + GOOD_MODULE.replace('id = "00-start-here"', 'id = "Start Here"'),
            "module Start Here, field id",
        ),
        # not TOML at all
        (HEADER + "[[modules]\n", "is not valid TOML"),
        # the course table is required
        (GOOD_MODULE, "'course' is a required property"),
    ],
)
def test_a_bad_manifest_names_module_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ManifestError, match=re.escape(message)):
        load_manifest(write_course(tmp_path, text))


def test_a_missing_notebook_is_named(tmp_path: Path) -> None:
    path = write_course(tmp_path, HEADER + GOOD_MODULE, notebooks=())
    with pytest.raises(
        ManifestError,
        match="module 00-start-here: notebook notebooks/00-start-here.ipynb does not exist",
    ):
        load_manifest(path)


def test_a_notebook_named_unlike_its_id_is_refused(tmp_path: Path) -> None:
    path = write_course(tmp_path, HEADER + GOOD_MODULE, notebooks=("00-start-here", "00-other"))
    path.write_text(
        HEADER
        + GOOD_MODULE.replace(
            'notebook = "notebooks/00-start-here', 'notebook = "notebooks/00-other'
        )
    )
    with pytest.raises(ManifestError, match="should be named 00-start-here.ipynb"):
        load_manifest(path)


def test_an_unknown_module_lists_the_known_ones() -> None:
    manifest = load_manifest(ROOT / "course" / "course.toml")
    with pytest.raises(ManifestError, match="no module '99-x'.*modules are 00-start-here"):
        manifest.module("99-x")
