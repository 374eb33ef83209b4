"""Text tables a notebook shows as formatted Markdown, whole: no cell cut at 50 characters.

pandas' notebook display shortens long text (definitions, quotes) and its styled
tables carry random ids; a :class:`MarkdownView` shows the full text and renders
the same on every run, so nbval can compare it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["MarkdownView", "glossary_table", "markdown_table"]


@dataclass(frozen=True)
class MarkdownView:
    """Text that a notebook shows as formatted markdown, and as the same text elsewhere."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def markdown_table(header: Sequence[str], rows: Iterable[Iterable[object]]) -> MarkdownView:
    """A Markdown table; pipes and line breaks inside cells are escaped.

    >>> print(markdown_table(["a", "b"], [[1, "x|y"]]).text)
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return MarkdownView("\n".join(lines))


def glossary_table(module: str) -> MarkdownView:
    """The Korean–English glossary of a module, from ``data/glossary.csv``, definitions in full.

    Every notebook ends with it; the definition in the current language comes first.
    Raises ValueError for an unknown module (listing them).
    """
    from virtlab import history, i18n

    terms = history.glossary(module)
    other = "definition_ko" if i18n.language() == "en" else "definition_en"
    return markdown_table(
        [
            i18n.tr("ui.glossary.term_ko"),
            i18n.tr("ui.glossary.term_en"),
            i18n.tr("ui.glossary.definition"),
            i18n.tr("ui.glossary.definition_other"),
        ],
        terms[["term_ko", "term_en", i18n.column("definition"), other]].itertuples(index=False),
    )
