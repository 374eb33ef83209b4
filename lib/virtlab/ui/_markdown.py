"""Text a notebook shows as formatted Markdown, whole: the claim cards, small tables.

A :class:`MarkdownView` shows its full text and renders the same on every run,
so nbval can compare it. Tables of long text and sources are
:class:`virtlab.ui.TextTable` (HTML with links).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["MarkdownView", "markdown_table"]


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
