"""The syllabus and the instructor guide's generated parts match the course; answers are complete."""

from __future__ import annotations

import pytest

from virtlab.course import answer_key, load_manifest
from virtlab.course._guide import render_syllabus, update_guide


def test_the_syllabus_is_up_to_date() -> None:
    manifest = load_manifest()
    committed = (manifest.path.parent / "syllabus.md").read_text(encoding="utf-8")
    assert committed == render_syllabus(manifest), "run `virtlab guide` and commit the result"


def test_the_instructor_guide_is_up_to_date() -> None:
    manifest = load_manifest()
    committed = (manifest.path.parent / "instructor-guide.md").read_text(encoding="utf-8")
    assert committed == update_guide(committed, manifest), "run `virtlab guide` and commit"


def test_every_module_has_at_least_three_self_checks_with_answers() -> None:
    for module_id, checks in answer_key(load_manifest()).items():
        assert len(checks) >= 3, f"{module_id} has {len(checks)} self-checks"
        for check in checks:
            assert check["answer"] in check["options"], (module_id, check["title"])
            assert check["explanation"], (module_id, check["title"])


def test_a_guide_without_its_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no '<!-- generated: timing -->' section"):
        update_guide("# A guide with no generated sections\n", load_manifest())
