"""The course glossary: every term of the source text in Korean and English."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from virtlab import history, i18n

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
        "가상 머신",
        "하이퍼바이저",
        "호스트 가상화",
        "하이퍼바이저 가상화",
        "전가상화",
        "반가상화",
        "하이퍼콜",
        "dom0",
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


@pytest.mark.parametrize(
    ("term_en", "term_ko"),
    [
        # the term list of docs/translation.md: the glossary writes each term the same way
        ("virtual machine (VM)", "가상 머신"),
        ("hosted virtualization (type 2 hypervisor)", "호스트 가상화"),
        ("bare-metal virtualization (type 1 hypervisor)", "하이퍼바이저 가상화"),
        ("full virtualization", "전가상화"),
        ("paravirtualization", "반가상화"),
        ("hardware-assisted virtualization", "하드웨어 지원 가상화"),
        ("emulation", "에뮬레이션"),
        ("binary translation", "바이너리 변환"),
        ("trap-and-emulate", "트랩 앤 에뮬레이트"),
        ("privileged instruction", "특권 명령어"),
        ("sensitive instruction", "민감 명령어"),
        ("hypercall", "하이퍼콜"),
        ("container", "컨테이너"),
        ("namespace", "네임스페이스"),
        ("control group (cgroup)", "cgroup"),
        ("container image", "이미지"),
        ("orchestration", "오케스트레이션"),
        ("system call", "시스템 콜"),
        ("isolation boundary", "격리 경계"),
        ("overhead", "오버헤드"),
        ("startup time", "시작 시간"),
        ("density (instances per host)", "집적도"),
        ("network latency", "네트워크 지연 시간"),  # latency is 지연 시간
        ("Kata Containers", "Kata Containers"),  # a project name stays as it is
        ("jail (FreeBSD jail)", "FreeBSD jail"),  # as FreeBSD names it, like chroot and cgroup
    ],
)
def test_terms_follow_the_term_list(terms: pd.DataFrame, term_en: str, term_ko: str) -> None:
    assert terms.set_index("term_en").loc[term_en, "term_ko"] == term_ko


def test_definitions_use_the_course_terms(terms: pd.DataFrame) -> None:
    # 가상 머신 with a space, 집적도 for density, product names as they are spelled
    for word in ("가상머신", "밀도", "쿠버네티스", "리눅스", "구글"):
        assert not terms["definition_ko"].str.contains(word).any(), word
    # the source text's own spelling is kept where it is quoted
    assert terms.set_index("term_ko").loc["가상 머신", "seed_form"] == "가상머신"


@pytest.mark.parametrize(
    ("query", "term_ko"),
    [
        # as the source text spells it
        ("가상머신", "가상 머신"),
        ("DOM0", "관리용 가상 머신(dom0)"),
        # spaces do not matter
        ("네트워크지연 시간", "네트워크 지연 시간"),
        ("freebsd JAIL", "FreeBSD jail"),
    ],
)
def test_define_finds_seed_forms_and_ignores_spaces(query: str, term_ko: str) -> None:
    assert history.define(query).term_ko == term_ko


def test_no_two_terms_read_alike() -> None:
    # define() ignores case and spaces: two rows that read alike would be ambiguous
    from virtlab.history._glossary import _folded

    table = history.glossary()
    owner: dict[str, str] = {}
    for row in table.itertuples(index=False):
        for spelling in {_folded(row.term_ko), _folded(row.term_en), _folded(row.seed_form)} - {""}:
            assert owner.setdefault(spelling, row.term_en) == row.term_en, spelling


def test_lookup_errors_are_korean_in_korean() -> None:
    with i18n.using("ko"), pytest.raises(ValueError) as caught:
        history.define("hypercal")
    assert (
        str(caught.value)
        == "용어집에 없는 용어입니다: 'hypercal'. 혹시 'hypercall' 또는 'system call'인가요?"
    )
    with (
        i18n.using("ko"),
        pytest.raises(ValueError, match=r"^용어집에 없는 용어입니다: 'zzzz'\. 전체"),
    ):
        history.define("zzzz")
    with (
        i18n.using("ko"),
        pytest.raises(ValueError, match=r"^알 수 없는 모듈입니다: '03'\. 다음 중"),
    ):
        history.glossary("03")
