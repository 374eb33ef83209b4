"""Tables of text: every cell whole and escaped, every URL a link, the same HTML on every run."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pandas as pd
import pytest

from virtlab import history, i18n
from virtlab.ui import TextTable, glossary_table, text_table
from virtlab.ui._tables import _text


class Parsed(HTMLParser):
    """What a browser would show of a table: header texts, rows of cell texts, links, CSS."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self.css = ""
        self._cell: str | None = None
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr" and self._in == "tbody":
            self.rows.append([])
        elif tag in ("thead", "tbody", "style"):
            self._in = tag
        elif tag in ("th", "td"):
            self._cell = ""
        elif tag == "a":
            self.links.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._cell is not None:
            (self.headers if self._in == "thead" else self.rows[-1]).append(self._cell)
            self._cell = None
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in == "style" and self._cell is None:
            self.css += data
        if self._cell is not None:
            self._cell += data


def rule(css: str, selector: str) -> str:
    """The declarations of one CSS rule, found by its exact selector."""
    found = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert found, f"no rule for {selector!r} in {css}"
    return found.group(1)


QUOTES = pd.DataFrame(
    {
        "id": ["Q1", "Q2"],
        "quote": [
            "A <script>alert('x')</script> & a <b>bold</b> claim, " + "and a long one " * 6,
            "짧은 인용",
        ],
        "year": [2013.0, float("nan")],
        "source_url": [
            "https://example.org/a?x=1&y=2 | https://example.org/+/tree",
            "https://example.org/only",
        ],
    }
)
HEADERS = {"id": "#", "quote": "Quote", "year": "Year", "source_url": "Sources"}


@pytest.fixture
def quotes() -> TextTable:
    return text_table(QUOTES, HEADERS, links=["source_url"], name="quotes")


def test_every_url_of_a_cell_becomes_a_link(quotes: TextTable) -> None:
    shown = Parsed(quotes.to_html())
    # three URLs in two cells, the one with '&' and the one with '+' whole
    assert shown.links == [
        "https://example.org/a?x=1&y=2",
        "https://example.org/+/tree",
        "https://example.org/only",
    ]
    assert shown.rows[0][3] == QUOTES["source_url"][0]  # the text a student reads: the URLs
    assert 'target="_blank"' in quotes.to_html()


def test_cell_text_is_escaped_and_shown_whole(quotes: TextTable) -> None:
    html = quotes.to_html()
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    shown = Parsed(html)
    assert shown.rows[0][1] == QUOTES["quote"][0]  # every character, none cut off
    assert "script" not in shown.tags and "b" not in shown.tags


def test_text_wraps_and_is_left_aligned(quotes: TextTable) -> None:
    css = Parsed(quotes.to_html()).css
    cells = rule(css, f"#{quotes.table_id} td")
    assert "white-space: normal" in cells and "text-align: left" in cells
    assert "text-align: left" in rule(css, f"#{quotes.table_id} th")
    # the long quote may wrap; a short id never breaks; a URL may break anywhere
    assert "nowrap" not in rule(css, f"#{quotes.table_id} td.col1")
    assert "min-width" in rule(css, f"#{quotes.table_id} td.col1")
    assert "white-space: nowrap" in rule(css, f"#{quotes.table_id} td.col0")
    assert "overflow-wrap: anywhere" in rule(css, f"#{quotes.table_id} td.col3")


def test_no_index_and_the_headers_given(quotes: TextTable) -> None:
    shown = Parsed(quotes.to_html())
    assert shown.headers == ["#", "Quote", "Year", "Sources"]
    assert [len(row) for row in shown.rows] == [4, 4]  # no index cell before the data
    assert [row[0] for row in shown.rows] == ["Q1", "Q2"]


def test_numbers_and_missing_values_read_as_people_write_them() -> None:
    assert [_text(v) for v in (2013.0, float("nan"), None, pd.NA, 0.1 + 0.2, 7, "x")] == [
        "2013",
        "",
        "",
        "",
        "0.3",
        "7",
        "x",
    ]


def test_the_html_is_the_same_on_every_run() -> None:
    first = text_table(QUOTES, HEADERS, links=["source_url"], name="quotes").to_html()
    again = text_table(QUOTES.copy(), HEADERS, links=["source_url"], name="quotes").to_html()
    assert first == again
    assert "T_virtlab-quotes-" in first
    assert not re.search(r"0x[0-9a-f]{6,}", first)  # no memory address
    other = text_table(QUOTES.iloc[:1], HEADERS, name="quotes")
    assert other.table_id != text_table(QUOTES, HEADERS, name="quotes").table_id


def test_the_css_names_only_this_table_and_loads_nothing(quotes: TextTable) -> None:
    html = quotes.to_html()
    css = Parsed(html).css
    selectors = re.findall(r"([^{}]+)\{", css)
    assert selectors and all(s.strip().startswith(f"#{quotes.table_id}") for s in selectors)
    assert "http" not in css and "@import" not in css
    assert not {"script", "link", "img"} & set(Parsed(html).tags)


def test_a_colored_column_gets_a_background_and_readable_text() -> None:
    table = text_table(
        QUOTES, {"id": "#", "quote": "Quote"}, colors={"id": ["#4C78A8", None]}, name="q"
    )
    css = Parsed(table.to_html()).css
    dark = rule(css, f"#{table.table_id}_row0_col0")
    assert "background-color: #4C78A8" in dark and "color: #FFFFFF" in dark
    assert f"{table.table_id}_row1_col0" not in css  # None: no color


def test_the_bundle_has_html_markdown_and_plain_text(quotes: TextTable) -> None:
    bundle = quotes._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/markdown", "text/plain"}
    assert bundle["text/html"] == quotes.to_html()
    lines = bundle["text/plain"].splitlines()
    assert lines[0] == "| # | Quote | Year | Sources |"
    assert len(lines) == 2 + len(QUOTES)
    # pipes inside a cell are escaped; the links are autolinks, each its own
    assert "<https://example.org/a?x=1&y=2> \\| <https://example.org/+/tree>" in lines[2]
    assert "\\<script>" in lines[2]
    assert repr(quotes) == bundle["text/plain"]


def test_frame_holds_the_cells_by_column_id(quotes: TextTable) -> None:
    frame = quotes.frame()
    assert list(frame.columns) == ["id", "quote", "year", "source_url"]
    assert frame["year"].tolist() == ["2013", ""]
    assert len(quotes) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        # a column the frame does not have: name it and list the ones it has
        ({"columns": {"who": "Who"}}, r"no column 'who' in the table; it has id, quote"),
        # a link column must be one of those shown
        (
            {"columns": {"id": "#"}, "links": ["source_url"]},
            r"column 'source_url' is not one of the columns shown \(id\)",
        ),
        # two headers alike would make two columns a reader cannot tell apart
        ({"columns": {"id": "x", "quote": "x"}}, r"two columns have the same header: x, x"),
        # one color per row, no more, no fewer
        (
            {"columns": {"id": "#"}, "colors": {"id": ["#FFFFFF"]}},
            r"column 'id' needs one color per row \(2\); got 1",
        ),
    ],
)
def test_a_bad_table_is_refused_with_a_reason(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        text_table(QUOTES, **kwargs)


def test_errors_speak_korean_in_korean() -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match=r"표에 'who' 열이 없습니다"):
        text_table(QUOTES, {"who": "누구"})


# --- the glossary ------------------------------------------------------------------------


def test_the_glossary_shows_every_term_with_both_definitions() -> None:
    terms = history.glossary("03-full-vs-paravirtualization")
    table = glossary_table("03-full-vs-paravirtualization")
    shown = Parsed(table.to_html())
    assert shown.headers == ["한국어", "English", "definition", "정의"]
    assert [row[1] for row in shown.rows] == terms["term_en"].tolist()
    assert [row[2] for row in shown.rows] == terms["definition_en"].tolist()  # whole
    assert [row[3] for row in shown.rows] == terms["definition_ko"].tolist()


def test_the_glossary_has_korean_headers_in_korean() -> None:
    with i18n.using("ko"):
        table = glossary_table("00-start-here")
    shown = Parsed(table.to_html())
    assert shown.headers == ["한국어", "영어", "정의", "영어 정의"]
    assert all(i18n.hangul_share(h) == 1.0 for h in shown.headers)
    terms = history.glossary("00-start-here")
    assert [row[2] for row in shown.rows] == terms["definition_ko"].tolist()
