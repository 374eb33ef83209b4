"""The words an executed notebook shows a student, read from its outputs.

Figure titles, axis titles, legend entries, annotations and menu labels from
plotly JSON; self-check questions; Markdown and plain-text outputs. Used to check
that the Korean edition shows Korean.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat

from virtlab.i18n import english_words, hangul_share

SELFCHECK_MIME = "application/vnd.virtlab.selfcheck+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"


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


def shown_text(notebook: Path) -> list[str]:
    """Every text an executed notebook's outputs show, one string per title, label or output."""
    nb = nbformat.read(notebook, as_version=4)
    found: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME in data:
                found += _figure_text(data[PLOTLY_MIME])
            if SELFCHECK_MIME in data:
                check = data[SELFCHECK_MIME]
                found += [check["title"], check["prompt"], check["explanation"], *check["options"]]
            elif "text/markdown" in data:
                found.append(data["text/markdown"])
            elif "text/plain" in data and PLOTLY_MIME not in data:
                found.append(data["text/plain"])
            if output.get("output_type") == "stream":
                found.append(output.get("text", ""))
    return [text for text in found if text.strip()]


def left_in_english(texts: list[str]) -> list[str]:
    """The texts that read as English: English words and less than half Hangul."""
    return [t for t in texts if english_words(t) and hangul_share(t) < 0.5]
