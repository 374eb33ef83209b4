"""Words of the labs in the current language: tables looked up when read, and text alignment.

The labs' tables of readable names (hypervisors, runtimes, what each namespace
isolates, what each benchmark shows) keep fixed ids as keys, but their words come
from the catalogue (``data/text/probe*.yaml``) each time an entry is read, so they
follow :func:`virtlab.i18n.set_language`. The plain-text reports line up columns
by how wide a text shows on a terminal: a Hangul syllable takes two columns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

from virtlab.i18n import tr

__all__ = ["TextTable", "either", "ljust", "rjust", "shown_width", "with_article"]

V = TypeVar("V")


class TextTable(Mapping[str, V]):
    """A read-only table of fixed ids whose values are made in the current language when read.

    >>> table = TextTable(("a", "b"), str.upper)
    >>> table["b"], list(table), "c" in table
    ('B', ['a', 'b'], False)
    """

    def __init__(self, keys: Iterable[str], lookup: Callable[[str], V]) -> None:
        self._keys = tuple(keys)
        self._lookup = lookup

    def __getitem__(self, key: str) -> V:
        if key not in self._keys:
            raise KeyError(key)
        return self._lookup(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __repr__(self) -> str:
        return f"TextTable({dict(self)!r})"


def article(noun: str) -> str:
    """``a`` or ``an`` before a name, by how it is spoken.

    >>> article("Oracle VirtualBox"), article("LXC container"), article("KVM")
    ('an', 'an', 'a')
    """
    return "an" if noun[0] in "AEIOUaeiou" or noun.startswith("LXC") else "a"


def with_article(noun: str) -> str:
    """A name as a sentence uses it where English puts ``a``/``an`` before it (Korean does not).

    >>> with_article("Oracle VirtualBox")
    'an Oracle VirtualBox'
    """
    return tr(f"probe.words.article_{article(noun)}", noun=noun)


def either(names: Iterable[str]) -> str:
    """Names joined as alternatives: ``evaluate or Workload``.

    >>> either(["evaluate"]), either(["evaluate", "Workload"])
    ('evaluate', 'evaluate or Workload')
    """
    items = list(names)
    if len(items) < 2:
        return "".join(items)
    return tr("probe.words.either", first=", ".join(items[:-1]), last=items[-1])


def shown_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a Hangul syllable or other wide character.

    >>> shown_width("VM"), shown_width("가상 머신")
    (2, 9)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def ljust(text: str, width: int) -> str:
    """``text`` padded on the right to ``width`` terminal columns.

    >>> ljust("계층", 6) + "|"
    '계층  |'
    """
    return text + " " * max(0, width - shown_width(text))


def rjust(text: str, width: int) -> str:
    """``text`` padded on the left to ``width`` terminal columns."""
    return " " * max(0, width - shown_width(text)) + text
