"""The course vocabulary: every technical term in Korean and English, defined once.

The terms live in ``data/glossary.csv`` (descriptor
``data/glossary.schema.yaml``), each with a one-line definition in both
languages and the module that introduces it; the closing glossary of every
notebook is generated from it.

Taught first in notebook ``00-start-here``; each notebook ends with its own terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from virtlab.datasets import allowed_values, load_table
from virtlab.history._events import _unknown
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Term", "define", "glossary", "modules"]


@dataclass(frozen=True)
class Term:
    """One term of the course vocabulary, in Korean and English, with its definitions."""

    term_ko: str
    term_en: str
    module: str
    definition_en: str
    definition_ko: str


def modules() -> tuple[str, ...]:
    """The course modules, in teaching order, that a term can belong to.

    Read from the descriptor ``data/glossary.schema.yaml``. Taught in notebook ``00-start-here``.

    >>> modules()[0], modules()[-1]
    ('00-start-here', '06-choose-a-platform')
    """
    return allowed_values("glossary", "module")


def glossary(module: str | None = None) -> pd.DataFrame:
    """The glossary terms a module introduces, or every term when no module is given.

    Args:
        module: a course module such as ``"03-full-vs-paravirtualization"``
            (see :func:`modules`), or None for the whole glossary.

    Returns:
        A new DataFrame with columns term_ko, term_en, seed_form, module,
        definition_en, definition_ko and source_url, in teaching order.

    Raises:
        ValueError: ``module`` is not a course module; the message lists them.

    Taught in every notebook's closing glossary.

    >>> glossary("03-full-vs-paravirtualization")["term_en"].tolist()[:2]
    ['full virtualization', 'paravirtualization']
    """
    allowed = modules()
    if module is not None and module not in allowed:
        raise ValueError(_unknown("module", module, allowed))
    terms = load_table("glossary")
    rank = {name: i for i, name in enumerate(allowed)}
    terms = terms.assign(_rank=terms["module"].map(rank)).sort_values("_rank", kind="stable")
    if module is not None:
        terms = terms[terms["module"] == module]
    return terms.drop(columns="_rank").reset_index(drop=True)


def define(term: str) -> Term:
    """Look up a term, in Korean or in English, and return its definitions.

    Args:
        term: the term as the glossary writes it in either language, or as the
            source text spells it (``seed_form``); case and spaces do not
            matter, so ``"가상머신"`` finds ``"가상 머신"``. E.g. ``"반가상화"`` or
            ``"hypercall"``.

    Returns:
        The :class:`Term`.

    Raises:
        ValueError: the term is not in the glossary; the message suggests close ones.

    Taught in notebook ``00-start-here``.

    >>> define("반가상화").term_en
    'paravirtualization'
    >>> define("Hypercall").term_ko
    '하이퍼콜'
    >>> define("가상머신").term_ko
    '가상 머신'
    """
    terms = load_table("glossary")
    wanted = _folded(term)
    match = terms[
        (terms["term_ko"].map(_folded) == wanted)
        | (terms["term_en"].map(_folded) == wanted)
        | (terms["seed_form"].map(_folded) == wanted)
    ]
    if match.empty:
        known = tuple(terms["term_ko"]) + tuple(terms["term_en"])
        raise ValueError(tr("history.glossary.not_found", term=term) + _hint(term, known))
    row = match.iloc[0]
    return Term(
        term_ko=str(row["term_ko"]),
        term_en=str(row["term_en"]),
        module=str(row["module"]),
        definition_en=str(row["definition_en"]),
        definition_ko=str(row["definition_ko"]),
    )


def _folded(term: object) -> str:
    """A term as :func:`define` compares it: no case, no spaces; empty for an empty cell."""
    return "".join(term.casefold().split()) if isinstance(term, str) else ""


def _hint(term: str, known: tuple[str, ...]) -> str:
    """'; did you mean ...' with up to three close terms, or a pointer to glossary()."""
    import difflib

    close = difflib.get_close_matches(term, known, n=3, cutoff=0.5)
    if close:
        terms = tr("history.glossary.or").join(repr(c) for c in close)
        return tr("history.glossary.did_you_mean", terms=terms)
    return tr("history.glossary.see_all")
