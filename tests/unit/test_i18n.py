"""The text catalogue: every entry in every language, placeholders alike, Korean that is Korean,
and every key the library asks for defined (and every defined key asked for)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from virtlab import i18n

ROOT = Path(__file__).resolve().parents[2]
TEXT = ROOT / "data" / "text"
LIB = ROOT / "lib" / "virtlab"


def raw_entries() -> dict[tuple[str, str], object]:
    """(file, key) -> entry, read without the loader's checks, so every problem is listed."""
    found: dict[tuple[str, str], object] = {}
    for path in sorted(TEXT.glob("*.yaml")):
        if path.name != "languages.yaml":
            for key, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
                found[(path.name, key)] = entry
    return found


def keys_asked_for() -> tuple[set[str], set[str]]:
    """Keys the library passes to ``tr`` literally, and prefixes of keys it builds (f-strings)."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    for path in LIB.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name != "tr":
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.add(first.value)
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(str(first.values[0].value))
    return keys, prefixes


def test_the_catalogue_loads_and_has_every_language() -> None:
    assert list(i18n.languages()) == ["en", "ko"]
    assert len(i18n.catalogue()) > 10


def test_every_entry_has_every_language_and_the_same_placeholders() -> None:
    problems = [
        f"{file}: {problem}"
        for (file, key), entry in raw_entries().items()
        for problem in i18n.check_entry(key, entry, i18n.languages())
    ]
    assert problems == []


def test_no_key_is_defined_twice() -> None:
    seen: dict[str, str] = {}
    twice = []
    for file, key in raw_entries():
        if key in seen:
            twice.append(f"{key} in {seen[key]} and {file}")
        seen[key] = file
    assert twice == []


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"en": "Check"}, "k: no text in ko"),
        ({"en": "Check", "ko": ""}, "k: no text in ko"),
        ({"en": "{n} servers", "ko": "서버 {count}대"}, "ko placeholders ['count'] differ"),
        ({"en": "{n} servers", "ko": "서버 {n대"}, "ko text is not a valid template"),
        ({"en": "a", "ko": "가", "ja": "あ"}, "unknown language ja"),
        ("Check", "expected a mapping"),
    ],
)
def test_a_bad_entry_is_named(entry: object, problem: str) -> None:
    found = i18n.check_entry("k", entry, {"en": "English", "ko": "한국어"})
    assert any(problem in p for p in found), found


def test_every_key_the_library_asks_for_is_defined() -> None:
    keys, _ = keys_asked_for()
    assert sorted(keys - i18n.catalogue().keys()) == []


def test_every_defined_key_is_asked_for() -> None:
    keys, prefixes = keys_asked_for()
    unused = [
        k for k in i18n.catalogue() if k not in keys and not any(k.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_korean_text_is_written_in_korean() -> None:
    # an English sentence left in the Korean column is a missing translation
    left_in_english = [
        f"{key}: {entry['ko']!r}"
        for key, entry in i18n.catalogue().items()
        if i18n.english_words(entry["ko"]) and i18n.hangul_share(entry["ko"]) < 0.5
    ]
    assert left_in_english == []
    everything = "\n".join(entry["ko"] for entry in i18n.catalogue().values())
    assert i18n.hangul_share(everything) >= 0.6


def test_the_language_is_checked_and_restored() -> None:
    with pytest.raises(i18n.LanguageError, match=r"unknown language 'kr'; choose one of 'en'"):
        i18n.set_language("kr")
    before = i18n.language()
    with i18n.using("ko"):
        assert i18n.tr("ui.selfcheck.check") == "확인"
        assert i18n.column("title") == "title_ko"
    assert i18n.language() == before


def test_a_missing_key_names_itself() -> None:
    with pytest.raises(i18n.MissingTextError, match="no text 'no.such.key'"):
        i18n.tr("no.such.key")
