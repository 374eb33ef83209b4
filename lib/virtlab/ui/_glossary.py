"""The glossary every notebook ends with, as a table of text with every definition whole."""

from __future__ import annotations

from virtlab.ui._tables import TextTable, text_table

__all__ = ["glossary_table"]


def glossary_table(module: str) -> TextTable:
    """The Korean–English glossary of a module, from ``data/glossary.csv``, definitions in full.

    Every notebook ends with it; the definition in the current language comes first,
    then the one in the other language.

    Raises:
        ValueError: an unknown module (the message lists them).

    Taught at the end of every notebook.

    >>> glossary_table("03-full-vs-paravirtualization").frame()["term_en"].tolist()[:2]
    ['full virtualization', 'paravirtualization']
    """
    from virtlab import history, i18n

    terms = history.glossary(module)
    other = "definition_ko" if i18n.language() == "en" else "definition_en"
    return text_table(
        terms,
        {
            "term_ko": i18n.tr("ui.glossary.term_ko"),
            "term_en": i18n.tr("ui.glossary.term_en"),
            i18n.column("definition"): i18n.tr("ui.glossary.definition"),
            other: i18n.tr("ui.glossary.definition_other"),
        },
        name="glossary",
    )
