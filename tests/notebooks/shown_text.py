"""The words an executed notebook shows a student, read from its outputs, code set aside.

Each text is a *label* (a figure's title, axis titles, legend entries,
annotations and menu labels; a self-check's question, options and explanation;
a table's header; a Markdown sentence) or *data* (a table's cells, pandas'
plain-text output). Labels are the library's words, so in the Korean edition
each must be Korean; data may hold English by design (an event's English title
beside its Korean one, a benchmark's published set-up). Python reprs
(``Workload(cpu_us=...)``, tuples, dicts) are code and left out; so are the ids
the course's code uses (platform, module and namespace ids, and the column
names and values that code selects by, which must be the same in both
editions because the code is).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat

from virtlab.i18n import english_words, hangul_share

SELFCHECK_MIME = "application/vnd.virtlab.selfcheck+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
_REPR = re.compile(r"^\s*(?:[A-Za-z_][\w.]*\(|[(\[{])")


@cache
def course_ids() -> re.Pattern[str]:
    """A pattern of every id the course's code and data use as a value: code, not prose."""
    from virtlab import datasets, model
    from virtlab.course import load_manifest
    from virtlab.ui._capstone_choice import ISOLATION_LABELS

    ids = {*model.PLATFORMS, *model.COMPONENTS, *model.CROSSINGS, *ISOLATION_LABELS}
    ids |= {m.id for m in load_manifest()}
    ids |= {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}  # namespace kinds
    tables = {name: datasets.load_table(name) for name in datasets.dataset_names()}
    tables |= {"compared": model.compare_to_published(), "accuracy": model.accuracy_summary()}
    for table in tables.values():
        ids |= {str(c) for c in table.columns} | {str(i) for i in table.index.names if i}
        for column in (
            "id",
            "kind",
            "category",
            "era",
            "verdict",
            "source_id",
            "benchmark_id",
            "how",
            "sample",
            "quantity",
            "bound",
            "mark",
        ):
            if column in table.columns:
                ids |= {str(v) for v in table[column].dropna()}
    ids |= {str(i) for i in tables["accuracy"].index}
    words = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])")


def without_ids(text: str) -> str:
    """``text`` with the course's ids (whole words) taken out."""
    return course_ids().sub(" ", text)


class _Cells(HTMLParser):
    """The text of each cell of an HTML table: (``label``, text) for a header, (``data``, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("td", "th"):
            self._open = True
            self.cells.append(("label" if tag == "th" else "data", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            kind, text = self.cells[-1]
            self.cells[-1] = (kind, text + data)


def _markdown(text: str) -> Iterator[tuple[str, str]]:
    """A Markdown output: a table's header row is labels, its other rows data; prose is a label."""
    lines = text.splitlines()
    is_table = len(lines) > 1 and lines[0].startswith("|") and set(lines[1]) <= set("|-: ")
    if not is_table:
        yield "label", text
        return
    yield "label", lines[0]
    yield from (("data", line) for line in lines[2:])


def _figure_text(figure: dict[str, Any]) -> Iterator[str]:
    layout = figure.get("layout", {})
    title = layout.get("title", {})
    yield title.get("text", "") if isinstance(title, dict) else str(title)
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis_title = axis.get("title", {})
            yield axis_title.get("text", "") if isinstance(axis_title, dict) else str(axis_title)
    legend = layout.get("legend", {}).get("title", {})
    yield legend.get("text", "") if isinstance(legend, dict) else ""
    for note in layout.get("annotations", []):
        yield str(note.get("text", ""))
    for menu in layout.get("updatemenus", []):
        for button in menu.get("buttons", []):
            yield str(button.get("label", ""))
    for trace in figure.get("data", []):
        if trace.get("showlegend", True) is not False and trace.get("name"):
            yield str(trace["name"])
        if trace.get("type") == "table":
            yield from (str(v) for v in trace.get("header", {}).get("values", []))


def _output_text(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if PLOTLY_MIME in data:
        yield from (("label", text) for text in _figure_text(data[PLOTLY_MIME]))
    elif SELFCHECK_MIME in data:
        check = data[SELFCHECK_MIME]
        texts = (check["title"], check["prompt"], check["explanation"], *check["options"])
        yield from (("label", text) for text in texts)
    elif "text/markdown" in data:
        yield from _markdown(data["text/markdown"])
    elif "text/html" in data:
        cells = _Cells()
        cells.feed(data["text/html"])
        yield from cells.cells
    elif "text/plain" in data and not _REPR.match(data["text/plain"]):
        yield "data", data["text/plain"]


def shown_text(notebook: Path) -> list[tuple[str, str]]:
    """Every (kind, text) an executed notebook's outputs show, ids and code taken out."""
    nb = nbformat.read(notebook, as_version=4)
    found: list[tuple[str, str]] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            found += _output_text(output.get("data", {}))
            if output.get("output_type") == "stream":
                found.append(("label", output.get("text", "")))
    return [(kind, kept) for kind, text in found if (kept := without_ids(text)).strip()]


def left_in_english(shown: list[tuple[str, str]]) -> list[str]:
    """The labels left untranslated: English words and no Hangul at all.

    (A Korean label may carry an English name or title in parentheses, for
    students who will meet the English term: the catalogue test checks that the
    library's own words are Korean.)
    """
    return [t for kind, t in shown if kind == "label" and english_words(t) and not hangul_share(t)]


def share_of_hangul(shown: list[tuple[str, str]]) -> float:
    """Hangul's share of the letters of everything shown, labels and data."""
    return hangul_share("\n".join(text for _, text in shown))
