"""An nbgrader course folder for one edition, written from the exercise bank.

``virtlab grading init FOLDER --lang ko`` writes ``nbgrader_config.py`` and, for
every module, ``source/<module>/<module>-exercises.ipynb``: the instructor's
version, whose answer cells hold the reference solution between nbgrader's
``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers. nbgrader then does the rest
(``generate_assignment`` strips the solutions, ``autograde`` runs the locked check
cells, ``export`` writes the score table); ``docs/grading.md`` walks through it.
Both editions come from the same bank, so their code cells are the same apart
from the language line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from virtlab.exercises._bank import EXERCISES, Exercise
from virtlab.i18n import check_language, tr, using

__all__ = ["assignment_notebook", "modules", "write_course"]

_CONFIG = '''\
"""nbgrader's settings for the virtlab course, {lang} edition.

Written by `virtlab grading init`; docs/grading.md explains each setting.
"""

c = get_config()  # noqa: F821 - nbgrader defines it when it reads this file
c.CourseDirectory.course_id = "virtlab-{lang}"
# one exchange serves both editions; each keeps its own folder in it
c.Exchange.path_includes_course = True
# what an answer cell holds in the student's version, after the solution is removed
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}
# a notebook's checks finish in seconds; a student's endless loop must not stall grading
c.ExecutePreprocessor.timeout = 120
'''


def modules() -> tuple[str, ...]:
    """The modules that have exercises, in course order: the nbgrader assignments."""
    return tuple(dict.fromkeys(e.module for e in EXERCISES))


def _nbgrader(
    grade_id: str, *, solution: bool = False, points: int | None = None
) -> dict[str, Any]:
    """nbgrader's cell metadata (schema 3): a locked cell, an answer cell or a graded check."""
    return {
        "nbgrader": {
            "grade": points is not None,
            "grade_id": grade_id,
            "locked": not solution,
            "schema_version": 3,
            "solution": solution,
            "task": False,
            **({"points": points} if points is not None else {}),
        }
    }


def _answer_cell(chosen: Exercise) -> str:
    return (
        f"{chosen.name} = None  # {tr('exercises.notebook.your_answer')}\n"
        f"### BEGIN SOLUTION\n{chosen.solution}\n### END SOLUTION"
    )


def assignment_notebook(module: str, lang: str, title: str | None = None) -> nbformat.NotebookNode:
    """The instructor's version of one module's exercises, in ``lang``, headed ``title``."""
    check_language(lang)
    chosen = [e for e in EXERCISES if e.module == module]
    if not chosen:
        raise ValueError(tr("exercises.unknown_module", got=module, allowed=", ".join(modules())))
    with using(lang):
        cells = [
            nbformat.v4.new_markdown_cell(
                tr("exercises.notebook.intro", title=title or module, count=len(chosen)),
                metadata=_nbgrader("intro"),
            ),
            nbformat.v4.new_code_cell(
                "from virtlab import exercises, history, model, probe, ui\n\n"
                f'ui.setup(lang="{lang}")',
                metadata=_nbgrader("setup"),
            ),
        ]
        for number, e in enumerate(chosen, start=1):
            slug = e.id.replace("-", "_")
            cells += [
                nbformat.v4.new_markdown_cell(
                    f"## {number}. {tr(f'exercises.{e.id}.title')}\n\n"
                    f"{tr(f'exercises.{e.id}.question', name=e.name)}",
                    metadata=_nbgrader(f"question_{slug}"),
                ),
                nbformat.v4.new_code_cell(
                    _answer_cell(e), metadata=_nbgrader(f"answer_{slug}", solution=True)
                ),
                nbformat.v4.new_code_cell(
                    f'exercises.check("{e.id}", {e.name})',
                    metadata=_nbgrader(f"check_{slug}", points=e.points),
                ),
            ]
    notebook: nbformat.NotebookNode = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def write_course(folder: str | Path, lang: str, titles: Mapping[str, str] | None = None) -> Path:
    """Write an nbgrader course folder for the ``lang`` edition; return the folder.

    ``titles`` gives each module's title in ``lang`` for the notebooks' headings
    (the module id when missing). Existing notebooks are overwritten, anything else
    in the folder is left alone (the gradebook, submissions, feedback).
    """
    check_language(lang)
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    with using(lang):
        (root / "nbgrader_config.py").write_text(
            _CONFIG.format(
                lang=lang,
                stub=f"# {tr('exercises.notebook.code_stub')}",
                text_stub=tr("exercises.notebook.text_stub"),
            ),
            encoding="utf-8",
        )
    for module in modules():
        target = root / "source" / module / f"{module}-exercises.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        title = (titles or {}).get(module)
        nbformat.write(assignment_notebook(module, lang, title), target)
    return root
