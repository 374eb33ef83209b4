"""The history query helpers: load, by_category, between, eras, claim."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from virtlab import history, i18n


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return history.load()


def test_importing_history_loads_neither_pandas_nor_plotly() -> None:
    code = (
        "import sys, virtlab.history; "
        "print(sorted(m for m in ('pandas', 'pandera', 'plotly', 'ipywidgets') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_public_names_are_exported() -> None:
    assert set(history.__all__) == {
        "Claim",
        "Era",
        "Term",
        "between",
        "by_category",
        "categories",
        "claim",
        "define",
        "eras",
        "glossary",
        "load",
        "modules",
        "seed_claims",
    }


def test_load_returns_a_fresh_copy(events: pd.DataFrame) -> None:
    # mutating one result must not leak into the next
    first = history.load()
    first.loc[0, "title_en"] = "changed"
    assert history.load().loc[0, "title_en"] == events.loc[0, "title_en"]


@pytest.mark.parametrize("category", history.categories())
def test_by_category_keeps_only_that_category(events: pd.DataFrame, category: str) -> None:
    subset = history.by_category(category)
    assert len(subset) > 0
    assert (subset["category"] == category).all()
    # second route: counting with pandas gives the same number
    assert len(subset) == (events["category"] == category).sum()


def test_categories_partition_the_events(events: pd.DataFrame) -> None:
    total = sum(len(history.by_category(c)) for c in history.categories())
    assert total == len(events)


@pytest.mark.parametrize(
    ("bad", "hint"),
    [
        # a plural: the close match is offered
        ("hypervisors", "did you mean 'hypervisor'"),
        # a word that is close to nothing: only the list
        ("quantum", "choose one of mainframe, hypervisor"),
        # wrong case: categories are lower-case ids
        ("Cloud", "did you mean 'cloud'"),
    ],
)
def test_by_category_rejects_unknown_categories(bad: str, hint: str) -> None:
    with pytest.raises(ValueError, match=rf"unknown category '{bad}'; .*{hint}"):
        history.by_category(bad)


@pytest.mark.parametrize(
    ("start", "end", "first_id", "last_id"),
    [
        # one year: both ends are included
        (2013, 2013, "user-namespaces-complete", "lmctfy"),
        # the very first and last years of the data
        (1964, 1967, "cp-40", "cp-67"),
        (2024, 2026, "kubernetes-cgroup-v1-maintenance", "kubernetes-cgroup-v1-maintenance"),
        # years with no events give an empty table, not an error
        (1980, 1996, None, None),
    ],
)
def test_between_includes_both_ends(
    start: int, end: int, first_id: str | None, last_id: str | None
) -> None:
    subset = history.between(start, end)
    if first_id is None:
        assert subset.empty
    else:
        assert (subset["id"].iloc[0], subset["id"].iloc[-1]) == (first_id, last_id)
        assert subset["year"].between(start, end).all()


@settings(max_examples=20, deadline=None)
@given(st.integers(1960, 2026), st.integers(0, 66))
def test_between_matches_a_direct_filter(start: int, span: int) -> None:
    end = min(start + span, 2026)
    events = history.load()
    # second route: a plain comparison on the full table
    expected = events[(events["year"] >= start) & (events["year"] <= end)]["id"].tolist()
    assert history.between(start, end)["id"].tolist() == expected


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        # reversed arguments
        (2016, 2013, "start_year 2016 is after end_year 2013"),
        # a typo with an extra digit
        (2013, 20016, "end_year 20016 is outside the history; choose years from 1960 to 2026"),
        # before the first era
        (1950, 1970, "start_year 1950 is outside the history"),
        # a string where a number belongs
        ("2013", 2016, "start_year must be a whole number of years, got '2013'"),
        # a fractional year
        (2013.5, 2016, "start_year must be a whole number"),
        # True is an int in Python, but not a year
        (True, 2016, "start_year must be a whole number"),
    ],
)
def test_between_rejects_bad_years(start: object, end: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        history.between(start, end)  # type: ignore[arg-type]


def test_eras_are_ordered_records() -> None:
    eras = history.eras()
    assert [e.id for e in eras] == [
        "mainframe",
        "unix_isolation",
        "x86_virtualization",
        "hardware_assist",
        "container_boom",
        "cloud_native",
    ]
    assert all(isinstance(e, history.Era) for e in eras)
    with pytest.raises(AttributeError):
        eras[0].title_en = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("year", "era_id"),
    [
        # boundaries: the last year of one era and the first of the next
        (1978, "mainframe"),
        (1979, "unix_isolation"),
        (2012, "hardware_assist"),
        (2013, "container_boom"),
        (2016, "container_boom"),
        (2017, "cloud_native"),
    ],
)
def test_era_boundaries_are_inclusive(year: int, era_id: str) -> None:
    matching = [e.id for e in history.eras() if e.contains(year)]
    assert matching == [era_id]


def test_claim_returns_a_record() -> None:
    kubernetes = history.claim("S31")
    assert kubernetes.verdict == "wrong"
    assert not kubernetes.is_correct
    assert "kubernetes-open-sourced" in kubernetes.event_ids
    assert all(url.startswith("http") for url in kubernetes.source_urls)


def test_claim_rejects_unknown_ids() -> None:
    with pytest.raises(ValueError, match=r"unknown claim id 'S99'; choose one of S01, S02"):
        history.claim("S99")


def test_seed_claims_keeps_every_claim_column() -> None:
    claims = history.seed_claims()
    assert list(claims.columns[:4]) == ["claim_id", "kind", "claim_ko", "claim_en"]
    assert {"evidence_en", "evidence_ko", "event_ids", "source_url"} <= set(claims.columns)
    assert claims["claim_id"].tolist() == sorted(claims["claim_id"])


@pytest.mark.parametrize(
    ("call", "korean"),
    [
        # every bad argument is explained in Korean when the course is in Korean
        (
            lambda: history.between(2016, 2013),
            "start_year 값(2016)이 end_year 값(2013)보다 늦습니다",
        ),
        (lambda: history.between(1950, 1970), "역사의 범위를 벗어납니다: 1950"),
        (lambda: history.between("2013", 2016), "정수여야 합니다. 받은 값: '2013'"),
        (lambda: history.by_category("Cloud"), "알 수 없는 분야입니다: 'Cloud'"),
        (lambda: history.claim("S99"), "알 수 없는 주장 id입니다: 'S99'"),
    ],
)
def test_bad_arguments_are_explained_in_korean(call: object, korean: str) -> None:
    with i18n.using("ko"), pytest.raises(ValueError) as caught:
        call()  # type: ignore[operator]
    message = str(caught.value)
    assert korean in message
    ids = set(history.categories())  # identifiers a student types stay as they are
    assert not [w for w in i18n.english_words(message) if w not in ids], message
    # the same call in English stays English
    with i18n.using("en"), pytest.raises(ValueError) as caught:
        call()  # type: ignore[operator]
    assert not i18n.hangul_share(str(caught.value)) > 0


def test_the_did_you_mean_hint_is_korean_too() -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match=r"\(찾으시는 것이 'cloud'인가요\?\)"):
        history.by_category("Cloud")
