"""Tables of text a notebook shows whole: wrapped, left-aligned, every source a link.

pandas' notebook display cuts a long text at 50 characters and a plotly table
cuts its cells; a :class:`TextTable` shows every word of every cell, wrapped,
and each URL as a link a student can follow. pandas' Styler writes the HTML and
escapes the text; the table's id is made from its content, so the same table
renders the same on every run (nbval compares it) and two tables on one page
keep their styles apart. Its CSS names only its own id.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler
    from pandas.io.formats.style_render import CSSDict

__all__ = ["LINK_SEPARATOR", "TextTable", "text_table"]

LINK_SEPARATOR = " | "
"""How several URLs share one cell in the course's data (``source_url`` columns)."""

_SHORT = 12  # a column whose longest cell is at most this wide (ids, years, verdicts) never wraps
_LONG = 40  # a column with a cell wider than this gets room to wrap in (a quote, a definition)
_CELL = (
    "text-align: left; white-space: normal; overflow-wrap: break-word; "
    "word-break: keep-all; padding: 0.35em 0.6em"
)


@dataclass(frozen=True, eq=False)
class TextTable:
    """A table of text: columns by id, headers in the current language, each cell as shown.

    Jupyter shows it as an HTML table (:meth:`to_html`); plain-text and Markdown
    views hold the same cells (:meth:`to_markdown`). Make one with :func:`text_table`.
    """

    columns: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    links: frozenset[str]
    colors: Mapping[str, tuple[str | None, ...]]
    name: str

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        """The cells as a new DataFrame, one column per column id (the text shown)."""
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.columns), dtype=object)

    @property
    def table_id(self) -> str:
        """The HTML id of the table: its name and a digest of its content, the same every run."""
        colors = [[c, self.colors[c]] for c in sorted(self.colors)]
        content = [self.columns, self.headers, self.rows, sorted(self.links), colors]
        digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
        return f"T_virtlab-{self.name}-{digest[:10]}"

    def styler(self) -> Styler:
        """The pandas Styler that writes the HTML: text escaped, URLs linked, index hidden."""
        from pandas.io.formats.style import Styler

        shown = self.frame()
        shown.columns = list(self.headers)
        linked: list[Hashable] = [
            h for c, h in zip(self.columns, self.headers, strict=True) if c in self.links
        ]
        styler = (
            Styler(shown, cell_ids=False)
            .set_uuid(self.table_id.removeprefix("T_"))
            .hide(axis="index")
            .format(escape="html")
            .format(_linked, escape="html", subset=linked)
            .format_index(escape="html", axis="columns")
            .set_table_styles(self._css(), overwrite=True)
        )
        for column, backgrounds in self.colors.items():
            css = [_cell_color(b) for b in backgrounds]
            header = self.headers[self.columns.index(column)]
            styler = styler.apply(lambda _, css=css: css, subset=[header])
        return styler

    def to_html(self) -> str:
        """The table as HTML with its own ``<style>``: no script, nothing loaded from elsewhere.

        >>> table = text_table(_demo(), {"term": "term", "source": "source"}, links=["source"])
        >>> '<a href="https://example.org/a?x=1&amp;y=2"' in table.to_html()
        True
        """
        return self.styler().to_html()

    def to_markdown(self) -> str:
        """The table as Markdown, every cell whole; URLs as autolinks.

        >>> print(text_table(_demo(), {"term": "term"}).to_markdown())
        | term |
        |---|
        | a \\| b |
        """
        lines = [
            "| " + " | ".join(_markdown_cell(h) for h in self.headers) + " |",
            "|" + "---|" * len(self.headers),
        ]
        for row in self.rows:
            cells = [
                _markdown_links(text) if column in self.links else _markdown_cell(text)
                for column, text in zip(self.columns, row, strict=True)
            ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def _css(self) -> list[CSSDict]:
        """Styles for this table only (Styler puts its id before every selector)."""
        css: list[CSSDict] = [
            {
                "selector": "",
                "props": "border-collapse: collapse; table-layout: auto; max-width: 100%; "
                "margin: 0 0 1em 0",
            },
            {"selector": "th", "props": f"{_CELL}; vertical-align: bottom; font-weight: bold"},
            {"selector": "thead th", "props": "border-bottom: 2px solid rgba(128, 128, 128, 0.6)"},
            {"selector": "td", "props": f"{_CELL}; vertical-align: top"},
            {"selector": "tbody tr", "props": "border-top: 1px solid rgba(128, 128, 128, 0.3)"},
        ]
        for i, column in enumerate(self.columns):
            widest = max((_width(row[i]) for row in self.rows), default=0)
            if column in self.links:
                props = "min-width: 12em; overflow-wrap: anywhere; word-break: normal"
            elif widest > _LONG:
                props = "min-width: 10em"
            elif widest <= _SHORT:
                props = "white-space: nowrap"
            else:
                continue
            css.append({"selector": f"td.col{i}", "props": props})
        return css

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        markdown = self.to_markdown()
        return {"text/html": self.to_html(), "text/markdown": markdown, "text/plain": markdown}

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return self.to_markdown()


def text_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    links: Collection[str] = (),
    colors: Mapping[str, Sequence[str | None]] | None = None,
    name: str = "table",
) -> TextTable:
    """A table of text from ``frame``: the columns named, in that order, under their headers.

    Every cell is shown whole as text (a missing value as an empty cell, a whole
    number without ``.0``). Cells of the ``links`` columns hold URLs, several
    separated by ``" | "``, and each becomes a link.

    Args:
        frame: the rows to show, in order; its index is not shown.
        columns: column id of ``frame`` -> its header, already in the current language.
        links: the column ids whose cells are URLs.
        colors: column id -> a background color for each row's cell (None for none).
        name: a word for the table's HTML id, e.g. ``"claims"``.

    Returns:
        A new :class:`TextTable`.

    Raises:
        ValueError: a column is not in ``frame``, a link or color column is not
            shown, two headers are the same, or a color list does not have one
            color per row.

    Taught in every notebook that shows a table of text (the glossaries at their end).

    >>> table = text_table(_demo(), {"term": "Term", "source": "Source"}, links=["source"])
    >>> table.headers, len(table)
    (('Term', 'Source'), 1)
    """
    known = [str(c) for c in frame.columns]
    for column in columns:
        if column not in known:
            raise ValueError(tr("ui.table.unknown_column", column=column, allowed=", ".join(known)))
    colors = dict(colors or {})
    for column in [*links, *colors]:
        if column not in columns:
            raise ValueError(
                tr("ui.table.column_not_shown", column=column, shown=", ".join(columns))
            )
    headers = tuple(columns.values())
    if len(set(headers)) != len(headers):
        raise ValueError(tr("ui.table.headers_repeat", headers=", ".join(headers)))
    for column, backgrounds in colors.items():
        if len(backgrounds) != len(frame):
            raise ValueError(
                tr("ui.table.colors_per_row", column=column, got=len(backgrounds), rows=len(frame))
            )
    picked = frame[list(columns)]
    return TextTable(
        columns=tuple(columns),
        headers=headers,
        rows=tuple(tuple(_text(v) for v in row) for row in picked.itertuples(index=False)),
        links=frozenset(links),
        colors={column: tuple(backgrounds) for column, backgrounds in colors.items()},
        name=name,
    )


def _text(value: Any) -> str:
    """A cell's value as text: '' for a missing value, 6 for 6.0, 0.3 for 0.30000000000000004."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    return str(value)


def _linked(escaped: object) -> str:
    """Each URL of an (already escaped) cell as a link; Styler escaped the text first."""
    urls = [u.strip() for u in str(escaped).split(LINK_SEPARATOR) if u.strip()]
    links = (f'<a href="{u}" target="_blank" rel="noopener">{u}</a>' for u in urls)
    return LINK_SEPARATOR.join(links)


def _markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes, tags and line breaks escaped."""
    for char in ("\\", "|", "<", "`", "*"):
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _markdown_links(text: str) -> str:
    """A cell of URLs as Markdown autolinks, separated by an escaped pipe."""
    urls = [u.strip() for u in text.split(LINK_SEPARATOR) if u.strip()]
    return " \\| ".join(f"<{u}>" for u in urls)


def _width(text: str) -> int:
    """How many columns ``text`` takes in a monospace font (a Hangul letter takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell_color(background: str | None) -> str:
    """CSS for a colored cell: the background and a text color that reads on it."""
    if background is None:
        return ""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    text = "#111111" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#FFFFFF"
    return f"background-color: {background}; color: {text}"


def _demo() -> pd.DataFrame:
    """A one-row table for the doctests."""
    import pandas as pd

    return pd.DataFrame({"term": ["a | b"], "source": ["https://example.org/a?x=1&y=2"]})
