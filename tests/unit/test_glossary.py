"""The course glossary: every term of the source text in Korean and English."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from virtlab import history

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT.parent / "shared" / "seed"
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def terms() -> pd.DataFrame:
    return history.glossary()


def test_glossary_is_big_enough_and_unique(terms: pd.DataFrame) -> None:
    assert len(terms) >= 50
    assert terms["term_ko"].is_unique
    assert terms["term_en"].is_unique


def test_definitions_are_one_line_in_both_languages(terms: pd.DataFrame) -> None:
    for column in ("definition_en", "definition_ko"):
        assert not terms[column].str.contains("\n").any(), column
    assert terms["definition_ko"].map(lambda text: bool(HANGUL.search(text))).all()


@pytest.mark.parametrize(
    "term",
    [
        # every term the brief names from the source text; each must be in the glossary
        "물리서버",
        "베어메탈",
        "가상머신",
        "하이퍼바이저",
        "호스트 가상화",
        "하이퍼바이저 가상화",
        "전가상화",
        "반가상화",
        "하이퍼콜",
        "DOM0",
        "게스트 OS",
        "호스트 OS",
        "에뮬레이션",
        "컨테이너",
        "이미지",
        "네임스페이스",
        "cgroup",
        "오케스트레이션",
        "스케일 업",
        "스케일 아웃",
        "라이브러리 종속성",
        "트랩 앤 에뮬레이트",
        "바이너리 변환",
        "VM exit",
        "virtio",
        "시스템 콜",
    ],
)
def test_required_term_is_defined(terms: pd.DataFrame, term: str) -> None:
    assert terms["term_ko"].str.contains(term, regex=False).any()


def test_seed_forms_appear_in_the_source_text(terms: pd.DataFrame) -> None:
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        pytest.skip(f"the course's source text is not beside the checkout ({SEED_DIR})")
    seed = files[0].read_text(encoding="utf-8")
    for form in terms["seed_form"].dropna():
        assert form in seed, form


@pytest.mark.parametrize("module", history.modules())
def test_each_module_returns_only_its_terms(module: str) -> None:
    subset = history.glossary(module)
    assert len(subset) > 0, module
    assert (subset["module"] == module).all()


def test_modules_partition_the_glossary(terms: pd.DataFrame) -> None:
    # second route: the per-module tables add up to the whole, in teaching order
    parts = [history.glossary(m) for m in history.modules()]
    assert sum(len(p) for p in parts) == len(terms)
    assert pd.concat(parts)["term_en"].tolist() == terms["term_en"].tolist()


def test_modules_cover_the_course_manifest() -> None:
    manifest = ROOT / "course" / "course.toml"
    if not manifest.exists():
        pytest.skip("no course manifest in this checkout")
    ids = [m["id"] for m in tomllib.loads(manifest.read_text(encoding="utf-8"))["modules"]]
    assert set(ids) <= set(history.modules())


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        # a half-typed module name gets the full one suggested
        ("03-full-vs-para", "did you mean '03-full-vs-paravirtualization'"),
        # a module number alone is not a module
        ("03", "choose one of 00-start-here, 01-bare-metal"),
    ],
)
def test_glossary_rejects_unknown_modules(bad: str, message: str) -> None:
    with pytest.raises(ValueError, match=rf"unknown module '{bad}'; .*{message}"):
        history.glossary(bad)


@pytest.mark.parametrize(
    ("query", "term_en"),
    [
        # Korean, as the course writes it
        ("반가상화", "paravirtualization"),
        # English, any case, surrounding spaces ignored
        ("  Hypercall ", "hypercall"),
        ("VM EXIT", "VM exit"),
    ],
)
def test_define_finds_terms_in_either_language(query: str, term_en: str) -> None:
    term = history.define(query)
    assert isinstance(term, history.Term)
    assert term.term_en == term_en


def test_define_suggests_close_terms() -> None:
    with pytest.raises(
        ValueError, match=r"'hypercal' is not in the glossary; did you mean 'hypercall'"
    ):
        history.define("hypercal")
