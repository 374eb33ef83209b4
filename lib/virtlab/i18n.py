"""The course's languages: every learner-facing string, in English and Korean, from one catalogue.

The catalogue is ``data/text/*.yaml``: one file per part of the library, each a
mapping from a key (``bare_metal.consolidation.title``) to the text in every
language of ``data/text/languages.yaml``::

    bare_metal.consolidation.title:
      en: "Consolidation: one server per application vs virtual machines"
      ko: "서버 통합: 애플리케이션마다 서버 한 대 vs 공유 서버 위의 가상 머신"

Code asks for text by key with :func:`tr`, in the current language. The current
language is the one global setting virtlab keeps: it starts as ``VIRTLAB_LANG``
or English, :func:`set_language` changes it (``ui.setup(lang="ko")`` calls it),
and :func:`using` changes it for a ``with`` block (tests, the command line).
Text that comes with data rows (``title_en``, ``title_ko``) is picked with
:func:`column`.

Errors::

    ValueError
     ├── LanguageError      an unknown language code
     └── CatalogueError     a catalogue file or entry that is malformed
    KeyError
     └── MissingTextError   a key the catalogue does not have
"""

from __future__ import annotations

import functools
import os
import re
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from virtlab.datasets import data_dir

__all__ = [
    "CatalogueError",
    "LanguageError",
    "MissingTextError",
    "catalogue",
    "check_entry",
    "check_language",
    "column",
    "english_words",
    "hangul_share",
    "language",
    "languages",
    "placeholders",
    "set_language",
    "tr",
    "using",
]


class LanguageError(ValueError):
    """A language code the course has no edition in."""


class CatalogueError(ValueError):
    """A catalogue file or entry that is malformed; the message names file and key."""


class MissingTextError(KeyError):
    """A key that no catalogue file defines."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def text_dir() -> Path:
    """The folder of the catalogue files, ``data/text``."""
    return data_dir() / "text"


@functools.cache
def languages() -> dict[str, str]:
    """Language code -> the language's own name, in the order editions are listed.

    >>> languages()
    {'en': 'English', 'ko': '한국어'}
    """
    import yaml

    loaded = yaml.safe_load((text_dir() / "languages.yaml").read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not loaded:
        raise CatalogueError("data/text/languages.yaml must map language codes to names")
    return {str(code): str(name) for code, name in loaded.items()}


_current: str | None = None


def language() -> str:
    """The language text is shown in now: ``en``, ``ko`` ...

    Until :func:`set_language` is called it is ``VIRTLAB_LANG`` when that names a
    language, else English.
    """
    if _current is not None:
        return _current
    wanted = os.environ.get("VIRTLAB_LANG", "")
    return wanted if wanted in languages() else next(iter(languages()))


def check_language(lang: str) -> str:
    """Return ``lang`` if the course has an edition in it.

    Raises:
        LanguageError: it has not; the message lists the languages.

    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    virtlab.i18n.LanguageError: unknown language 'fr'; choose one of 'en' (English), 'ko' (한국어)
    """
    if lang not in languages():
        allowed = ", ".join(f"{code!r} ({name})" for code, name in languages().items())
        raise LanguageError(f"unknown language {lang!r}; choose one of {allowed}")
    return lang


def set_language(lang: str) -> str:
    """Show every learner-facing string in ``lang`` from now on; return it.

    Raises:
        LanguageError: ``lang`` is not one of :func:`languages` (the message lists them).
    """
    global _current
    _current = check_language(lang)
    return _current


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Show text in ``lang`` inside a ``with`` block, then go back to the language before.

    >>> with using("ko"):
    ...     tr("ui.selfcheck.check")
    '확인'
    """
    global _current
    before = _current
    _current = check_language(lang)
    try:
        yield lang
    finally:
        _current = before


def tr(key: str, /, **values: Any) -> str:
    """The text of ``key`` in the current language, with ``values`` put in its placeholders.

    Args:
        key: a catalogue key, e.g. ``"ui.selfcheck.check"``.
        values: one value per ``{placeholder}`` of the text; format specs such as
            ``{count:,}`` apply.

    Raises:
        MissingTextError: no catalogue file defines ``key``.
        KeyError: a placeholder was given no value.

    >>> tr("ui.selfcheck.check")
    'Check'
    """
    try:
        entry = catalogue()[key]
    except KeyError:
        raise MissingTextError(f"no text {key!r} in data/text/*.yaml") from None
    template = entry[language()]
    return template.format(**values) if values else template


def column(name: str) -> str:
    """The data column that holds ``name`` in the current language: ``title`` -> ``title_ko``.

    >>> with using("ko"):
    ...     column("title")
    'title_ko'
    """
    return f"{name}_{language()}"


def placeholders(template: str) -> set[str]:
    """The names of the ``{placeholders}`` in a text.

    >>> sorted(placeholders("{count:,} servers ({idle:.0%} idle), {{braces}}"))
    ['count', 'idle']
    """
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def check_entry(key: str, entry: object, langs: Mapping[str, str]) -> list[str]:
    """What is wrong with one catalogue entry: missing or extra languages, empty text,
    placeholders that differ from the English text's. Empty when it is well formed.
    """
    if not isinstance(entry, dict):
        return [f"{key}: expected a mapping of language to text, got {entry!r}"]
    problems = []
    missing = [lang for lang in langs if not isinstance(entry.get(lang), str) or not entry[lang]]
    if missing:
        problems.append(f"{key}: no text in {', '.join(missing)}")
    extra = sorted(set(entry) - set(langs))
    if extra:
        problems.append(f"{key}: unknown language {', '.join(map(str, extra))}")
    first = next(iter(langs))
    if not missing:
        wanted = placeholders(entry[first])
        for lang in langs:
            try:
                got = placeholders(entry[lang])
            except ValueError as exc:
                problems.append(f"{key}: {lang} text is not a valid template ({exc})")
                continue
            if got != wanted:
                problems.append(
                    f"{key}: {lang} placeholders {sorted(got)} differ from {first} {sorted(wanted)}"
                )
    return problems


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every catalogue entry, key -> language -> text, read and checked once per process.

    Raises:
        CatalogueError: a file that is not a mapping, a key defined twice, or an
            entry :func:`check_entry` finds fault with (file and key named).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    langs = languages()
    entries: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in sorted(text_dir().glob("*.yaml")):
        if path.name == "languages.yaml":
            continue
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
        if not isinstance(loaded, dict):
            raise CatalogueError(f"data/text/{path.name}: expected a mapping of keys to texts")
        for key, entry in loaded.items():
            if key in entries:
                raise CatalogueError(
                    f"data/text/{path.name}: key {key!r} is already defined in {where[key]}"
                )
            problems = check_entry(str(key), entry, langs)
            if problems:
                raise CatalogueError(f"data/text/{path.name}: {problems[0]}")
            entries[str(key)] = entry
            where[str(key)] = path.name
    return entries


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_SET_ASIDE = re.compile(
    r"```.*?```"  # code blocks
    r"|`[^`]*`"  # inline code
    r"|<[^>]+>"  # HTML tags
    r"|https?://\S+"  # URLs
    r"|\{[a-z_]+[^}]*\}"  # placeholders
    r"|\b[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\b"  # names and acronyms: Xen, KVM, Popek-Goldberg
    r"|\b[a-z0-9]+_[a-z0-9_]+\b",  # identifiers: bare_metal
    re.DOTALL,
)


def _letters_left(text: str) -> str:
    return _SET_ASIDE.sub(" ", text)


def english_words(text: str) -> list[str]:
    """The lowercase English words of three letters or more left in ``text``, names and code aside.

    >>> english_words("가상 머신(virtual machine), `evaluate()`, KVM, 10 ms")
    ['virtual', 'machine']
    """
    return re.findall(r"\b[a-z]{3,}\b", _letters_left(text))


def hangul_share(text: str) -> float:
    """The share of Hangul among the letters of ``text``, code, URLs and proper names aside.

    Proper names are taken to be the words that start with a capital letter.
    Returns 1.0 for a text with no letters left.

    >>> hangul_share("가상 머신(virtual machine)과 `evaluate()`, KVM")  # 5 Hangul, 14 Latin
    0.2631578947368421
    >>> hangul_share("가상 머신과 `evaluate()`, KVM, https://www.linux-kvm.org/")
    1.0
    """
    rest = _letters_left(text)
    hangul = len(_HANGUL.findall(rest))
    latin = sum(c.isascii() and c.isalpha() for c in rest)
    return hangul / (hangul + latin) if hangul + latin else 1.0
