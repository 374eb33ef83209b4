"""The syllabus and the instructor guide's generated parts match the course; answers are complete."""

from __future__ import annotations

import pytest

from virtlab.course import answer_key, load_manifest
from virtlab.course._guide import guide_paths, render_syllabus, update_guide
from virtlab.i18n import hangul_share

LANGUAGES = load_manifest().languages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_syllabus_is_up_to_date(lang: str) -> None:
    manifest = load_manifest()
    committed = guide_paths(manifest, lang)[0].read_text(encoding="utf-8")
    assert committed == render_syllabus(manifest, lang=lang), "run `virtlab guide` and commit"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_instructor_guide_is_up_to_date(lang: str) -> None:
    manifest = load_manifest()
    committed = guide_paths(manifest, lang)[1].read_text(encoding="utf-8")
    assert committed == update_guide(committed, manifest, lang), "run `virtlab guide` and commit"


def test_the_korean_syllabus_and_guide_are_korean() -> None:
    for path in guide_paths(load_manifest(), "ko"):
        assert hangul_share(path.read_text(encoding="utf-8")) >= 0.6, path.name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_module_has_at_least_three_self_checks_with_answers(lang: str) -> None:
    for module_id, checks in answer_key(load_manifest(), lang).items():
        assert len(checks) >= 3, f"{module_id} has {len(checks)} self-checks"
        for check in checks:
            assert check["answer"] in check["options"], (module_id, check["title"])
            assert check["explanation"], (module_id, check["title"])


def test_a_guide_without_its_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no '<!-- generated: timing -->' section"):
        update_guide("# A guide with no generated sections\n", load_manifest())
