"""The course's editions: one notebook per module and language, kept from drifting apart.

The English notebook is the source. Another edition's notebook (``notebooks/ko/``)
has the same cells with the same ids in the same order: code cells identical
except the ``lang`` line of the parameters cell, markdown cells translated. Each
translated markdown cell carries a stamp of the English text it translates
(``metadata.virtlab.translates``); when the English cell changes, the stamp no
longer matches and :func:`parity_problems` names the cell until the translation
is updated and stamped again. ``virtlab editions`` runs these checks, brings an
edition's code in line with English (:func:`sync_edition`) and stamps cells
(:func:`stamp_cells`); ``docs/translation.md`` describes the work flow.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SyncReport",
    "lang_line",
    "parity_problems",
    "stamp_cells",
    "sync_edition",
    "translation_stamp",
]

_LANG_LINE = re.compile(r'^lang: str = "([a-z]{2})"(.*)$', re.MULTILINE)
_OUTPUT_KINDS = {
    "self-check": "application/vnd.virtlab.selfcheck+json",
    "widget": "application/vnd.jupyter.widget-view+json",
    "figure": "application/vnd.plotly.v1+json",
}


def translation_stamp(english: str) -> str:
    """A short fingerprint of an English cell's text, stored with its translation.

    >>> translation_stamp("# Start here")
    '470ed0127983'
    """
    return hashlib.sha256(english.strip().encode("utf-8")).hexdigest()[:12]


def lang_line(lang: str) -> str:
    """The parameters-cell line that sets an edition's language.

    >>> lang_line("ko")
    'lang: str = "ko"'
    """
    return f'lang: str = "{lang}"'


def _code_for(source: str, lang: str) -> str:
    """An English code cell as the ``lang`` edition writes it: only the lang line differs."""
    return _LANG_LINE.sub(lambda m: lang_line(lang) + m.group(2), source)


def _read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


def _stamp_of(cell: Any) -> str | None:
    stamp = cell.get("metadata", {}).get("virtlab", {}).get("translates")
    return str(stamp) if stamp else None


def _kinds(cell: Any) -> dict[str, int]:
    """How many self-checks, dashboards (widgets) and figures a code cell's outputs show."""
    counts = dict.fromkeys(_OUTPUT_KINDS, 0)
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        for kind, mime in _OUTPUT_KINDS.items():
            counts[kind] += mime in data
    return counts


def parity_problems(english: Path, edition: Path, lang: str) -> list[str]:
    """Every way the ``lang`` edition of a notebook has drifted from the English one.

    Checks: the same cell ids and types in the same order; code cells identical
    but for the parameters cell's lang line, which must name ``lang``; the same
    tags; each markdown cell stamped as a translation of the English cell's
    current text; and stored outputs showing the same self-checks, dashboards
    and figures. Empty when the two are in step.
    """
    name = f"{lang}/{edition.name}"
    if not edition.is_file():
        return [f"{name}: {edition} does not exist; run `virtlab editions sync`"]
    en, ed = _read(english), _read(edition)
    en_ids = [(c.get("id"), c.cell_type) for c in en.cells]
    ed_ids = [(c.get("id"), c.cell_type) for c in ed.cells]
    if en_ids != ed_ids:
        return [
            f"{name}: cells differ from {english.name}: English has "
            f"{_describe_cells(en_ids, ed_ids)}; run `virtlab editions sync`"
        ]
    problems = []
    for a, b in zip(en.cells, ed.cells, strict=True):
        where = f"{name} cell {a.get('id')}"
        if a.get("metadata", {}).get("tags", []) != b.get("metadata", {}).get("tags", []):
            problems.append(f"{where}: tags differ from English")
        if a.cell_type == "code":
            problems += _code_problems(a, b, lang, where)
        elif a.cell_type == "markdown":
            stamp = _stamp_of(b)
            if stamp is None:
                problems.append(f"{where}: not translated yet ({_preview(a.source)})")
            elif stamp != translation_stamp(a.source):
                problems.append(
                    f"{where}: translates an older English text; now it reads "
                    f"({_preview(a.source)}): update the translation, then "
                    f"`virtlab editions stamp {edition.stem} {a.get('id')} --lang {lang}`"
                )
    return problems


def _code_problems(a: Any, b: Any, lang: str, where: str) -> list[str]:
    problems = []
    if "parameters" in a.get("metadata", {}).get("tags", []):
        found = _LANG_LINE.search(b.source)
        if found is None or found.group(1) != lang:
            problems.append(f"{where}: the parameters cell must set {lang_line(lang)}")
    if _code_for(a.source, lang) != b.source:
        problems.append(f"{where}: code differs from English; run `virtlab editions sync`")
    elif _kinds(a) != _kinds(b):
        problems.append(
            f"{where}: stored outputs show {_kinds(b)}, English shows {_kinds(a)}; "
            "run `virtlab refresh`"
        )
    return problems


def _describe_cells(en: Sequence[tuple[Any, str]], ed: Sequence[tuple[Any, str]]) -> str:
    missing = [str(i) for i, _ in en if (i, _) not in ed]
    extra = [str(i) for i, _ in ed if (i, _) not in en]
    parts = [f"{len(en)} cells, the edition {len(ed)}"]
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if extra:
        parts.append(f"extra {', '.join(extra)}")
    if not missing and not extra:
        parts.append("the same cells in another order")
    return "; ".join(parts)


def _preview(text: str) -> str:
    first = " ".join(text.split())
    return repr(first[:60] + ("…" if len(first) > 60 else ""))


@dataclass(frozen=True)
class SyncReport:
    """What :func:`sync_edition` changed: cells copied, added and removed, by id."""

    code_updated: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """True when the edition's file was rewritten."""
        return bool(self.code_updated or self.added or self.removed)


def sync_edition(english: Path, edition: Path, lang: str) -> SyncReport:
    """Bring an edition's cells in line with English, keeping its translations.

    Code cells are copied from English (with the edition's lang line), their
    stored outputs dropped where the code changed (``virtlab refresh`` makes
    them again). A markdown cell English added comes over in English, unstamped,
    for a translator to translate; one English removed goes. Creates the edition
    if it does not exist.
    """
    import nbformat

    en = _read(english)
    old = {c.get("id"): c for c in _read(edition).cells} if edition.exists() else {}
    cells, updated, added = [], [], []
    for cell in en.cells:
        kept = old.get(cell.get("id"))
        if kept is not None and kept.cell_type != cell.cell_type:
            kept = None
        if cell.cell_type == "code":
            source = _code_for(cell.source, lang)
            if kept is None or kept.source != source:
                kept = nbformat.from_dict({**cell, "source": source, "outputs": []})
                kept.execution_count = None
                updated.append(str(cell.get("id")))
            kept.metadata = {**kept.metadata, "tags": cell.metadata.get("tags", [])}
        elif kept is None:
            kept = nbformat.from_dict(cell)
            kept.metadata.pop("virtlab", None)
            added.append(str(cell.get("id")))
        cells.append(kept)
    removed = tuple(str(i) for i in old if i not in {c.get("id") for c in en.cells})
    report = SyncReport(tuple(updated), tuple(added), removed)
    if report.changed:
        fresh = nbformat.from_dict({**en, "cells": cells})
        fresh.metadata.pop("papermill", None)
        edition.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(fresh, edition)
    return report


def stamp_cells(english: Path, edition: Path, cell_ids: Iterable[str]) -> list[str]:
    """Mark markdown cells of an edition as translations of English's current text.

    Run it after translating or re-translating a cell. Returns the ids stamped.

    Raises:
        ValueError: an id that is not a markdown cell of both notebooks.
    """
    import nbformat

    en = {c.get("id"): c for c in _read(english).cells if c.cell_type == "markdown"}
    nb = _read(edition)
    ours = {c.get("id"): c for c in nb.cells if c.cell_type == "markdown"}
    wanted = list(cell_ids)
    unknown = [i for i in wanted if i not in en or i not in ours]
    if unknown:
        raise ValueError(
            f"{edition.name}: no markdown cell {', '.join(map(repr, unknown))} in both editions; "
            f"markdown cells are {', '.join(map(str, ours))}"
        )
    for cell_id in wanted:
        ours[cell_id].metadata.setdefault("virtlab", {})["translates"] = translation_stamp(
            en[cell_id].source
        )
    nbformat.write(nb, edition)
    return wanted
