"""The editions stay in step: same cells, same code, every markdown cell a current translation.

The course's own notebooks are checked edition by edition, and each kind of drift
is shown to be caught on a small pair of notebooks.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from virtlab.course import load_manifest, parity_problems, stamp_cells, sync_edition
from virtlab.i18n import hangul_share

MANIFEST = load_manifest()
EDITIONS = [(m, lang) for m in MANIFEST for lang in MANIFEST.languages if lang != "en"]


def ids(pair: tuple[object, str]) -> str:
    module, lang = pair
    return f"{lang}/{getattr(module, 'id', module)}"


@pytest.mark.parametrize("edition", EDITIONS, ids=ids)
def test_each_edition_has_the_english_code_and_current_translations(edition) -> None:  # type: ignore[no-untyped-def]
    module, lang = edition
    assert parity_problems(module.notebook_in("en"), module.notebook_in(lang), lang) == []


@pytest.mark.parametrize("edition", EDITIONS, ids=ids)
def test_korean_prose_is_mostly_hangul(edition) -> None:  # type: ignore[no-untyped-def]
    module, lang = edition
    nb = nbformat.read(module.notebook_in(lang), as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert hangul_share(prose) >= 0.6


def english_notebook(path: Path) -> Path:
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Start here", id="m0"),
        new_code_cell(
            'lang: str = "en"\nseed: int = 7', id="p0", metadata={"tags": ["parameters"]}
        ),
        new_code_cell(
            "ui.SelfCheck(q)",
            id="c1",
            outputs=[
                new_output("display_data", data={"application/vnd.virtlab.selfcheck+json": {}})
            ],
        ),
        new_markdown_cell("Move the slider.", id="m1"),
    ]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    english = english_notebook(tmp_path / "00-x.ipynb")
    korean = tmp_path / "ko" / "00-x.ipynb"
    sync_edition(english, korean, "ko")
    return english, korean


def edit(path: Path, cell_id: str, **changes: object) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.id == cell_id)
    for key, value in changes.items():
        cell[key] = value
    nbformat.write(nb, path)


def test_a_new_edition_has_english_code_and_every_cell_to_translate(pair) -> None:  # type: ignore[no-untyped-def]
    english, korean = pair
    nb = nbformat.read(korean, as_version=4)
    assert nb.cells[1].source == 'lang: str = "ko"\nseed: int = 7'
    problems = parity_problems(english, korean, "ko")
    assert sum("not translated yet" in p for p in problems) == 2
    # sync copies code without outputs: `virtlab refresh` makes them
    assert sum("stored outputs show" in p for p in problems) == 1
    assert len(problems) == 3


def translated(pair: tuple[Path, Path]) -> tuple[Path, Path]:
    english, korean = pair
    edit(korean, "m0", source="# 시작하기")
    edit(korean, "m1", source="슬라이더를 움직이세요.")
    edit(korean, "c1", outputs=nbformat.read(english, as_version=4).cells[2].outputs)
    stamp_cells(english, korean, ["m0", "m1"])
    assert parity_problems(english, korean, "ko") == []
    return english, korean


def test_a_changed_english_sentence_marks_its_translation_stale(pair) -> None:  # type: ignore[no-untyped-def]
    english, korean = translated(pair)
    edit(english, "m1", source="Move both sliders.")
    [problem] = parity_problems(english, korean, "ko")
    assert "cell m1: translates an older English text" in problem
    assert "virtlab editions stamp 00-x m1 --lang ko" in problem


def test_changed_code_is_caught_and_sync_copies_it(pair) -> None:  # type: ignore[no-untyped-def]
    english, korean = translated(pair)
    edit(korean, "c1", source="ui.SelfCheck(other)")
    [problem] = parity_problems(english, korean, "ko")
    assert "cell c1: code differs from English" in problem
    report = sync_edition(english, korean, "ko")
    assert report.code_updated == ("c1",) and report.added == () and report.removed == ()
    assert nbformat.read(korean, as_version=4).cells[0].source == "# 시작하기", "translation kept"


def test_the_parameters_cell_must_name_the_editions_language(pair) -> None:  # type: ignore[no-untyped-def]
    english, korean = translated(pair)
    edit(korean, "p0", source='lang: str = "en"\nseed: int = 7')
    problems = parity_problems(english, korean, "ko")
    assert any('must set lang: str = "ko"' in p for p in problems)


def test_a_missing_self_check_in_the_stored_outputs_is_caught(pair) -> None:  # type: ignore[no-untyped-def]
    english, korean = translated(pair)
    edit(korean, "c1", outputs=[])
    [problem] = parity_problems(english, korean, "ko")
    assert "stored outputs show" in problem and "'self-check': 0" in problem


def test_an_added_or_removed_cell_is_caught_and_synced(pair) -> None:  # type: ignore[no-untyped-def]
    english, korean = translated(pair)
    nb = nbformat.read(english, as_version=4)
    nb.cells.insert(3, new_markdown_cell("A new paragraph.", id="m9"))
    del nb.cells[0]
    nbformat.write(nb, english)
    [problem] = parity_problems(english, korean, "ko")
    assert "missing m9" in problem and "extra m0" in problem
    report = sync_edition(english, korean, "ko")
    assert report.added == ("m9",) and report.removed == ("m0",)
    [left] = parity_problems(english, korean, "ko")
    assert "cell m9: not translated yet" in left


def test_stamping_an_unknown_cell_names_the_cells(pair) -> None:  # type: ignore[no-untyped-def]
    english, korean = pair
    with pytest.raises(ValueError, match="no markdown cell 'c1' in both editions"):
        stamp_cells(english, korean, ["c1"])


def test_a_missing_edition_says_how_to_make_it(tmp_path: Path) -> None:
    english = english_notebook(tmp_path / "00-x.ipynb")
    [problem] = parity_problems(english, tmp_path / "ko" / "00-x.ipynb", "ko")
    assert "does not exist; run `virtlab editions sync`" in problem
