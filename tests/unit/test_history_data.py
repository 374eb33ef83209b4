"""The history data files: their descriptors, their content and the links between them."""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

from virtlab import history, i18n
from virtlab.datasets import DataError, allowed_values, data_dir, load_table

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT.parent / "shared" / "seed"
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return history.load()


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return history.seed_claims()


@pytest.fixture(scope="module")
def seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        pytest.skip(f"the course's source text is not beside the checkout ({SEED_DIR})")
    return files[0].read_text(encoding="utf-8")


# ---------------------------------------------------------------- the event table


def test_history_has_enough_events_and_sources(events: pd.DataFrame) -> None:
    assert len(events) >= 70
    assert events["source_url"].str.startswith("http").all()


def test_event_ids_are_unique_slugs(events: pd.DataFrame) -> None:
    assert events["id"].is_unique
    assert events["id"].str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()


def test_years_and_months_are_in_range(events: pd.DataFrame) -> None:
    assert events["year"].between(1960, 2026).all()
    months = events["month"].dropna()
    assert months.between(1, 12).all()
    assert events["month"].isna().any(), "unknown months stay empty, not guessed"


def test_load_sorts_by_year_then_month(events: pd.DataFrame) -> None:
    # second route: sorting the keys ourselves gives the same order
    key = list(zip(events["year"], events["month"].fillna(13), strict=True))
    assert key == sorted(key)


def test_korean_titles_and_descriptions_are_korean(events: pd.DataFrame) -> None:
    for column in ("title_ko", "description_ko"):
        assert events[column].map(lambda text: bool(HANGUL.search(text))).all(), column


def test_every_category_is_used(events: pd.DataFrame) -> None:
    assert set(events["category"]) == set(history.categories())


def test_era_of_each_event_contains_its_year(events: pd.DataFrame) -> None:
    eras = {era.id: era for era in history.eras()}
    for event_id, era, year in zip(events["id"], events["era"], events["year"], strict=True):
        assert eras[era].contains(int(year)), event_id


def test_eras_cover_the_accepted_years_without_gaps() -> None:
    eras = history.eras()
    assert (eras[0].start_year, eras[-1].end_year) == (1960, 2026)
    for before, after in itertools.pairwise(eras):
        assert after.start_year == before.end_year + 1


@pytest.mark.parametrize(
    ("event_id", "year", "month"),
    [
        # the milestones the course names, each with its date from the sources
        ("cp-67", 1967, None),  # year disputed; kept, marked unverified
        ("popek-goldberg", 1974, 7),  # CACM July 1974 (1973 is the SOSP talk)
        ("chroot-v7", 1979, None),  # V7, not 1982 BSD
        ("vmware-workstation", 1999, 5),
        ("vmware-esx-gsx", 2001, None),
        ("xen-sosp", 2003, 10),
        ("intel-vt-x", 2005, 11),
        ("amd-v", 2006, 5),
        ("kvm-mainline", 2007, 2),
        ("cgroups-mainline", 2008, 1),
        ("lxc", 2008, 8),
        ("docker-launch", 2013, 3),
        ("kubernetes-open-sourced", 2014, 6),
        ("cncf-founded", 2015, 7),
        ("kubernetes-cncf-accepted", 2016, 3),
        ("cgroup-v2", 2016, 3),  # Linux 4.5
        ("dockershim-removed", 2022, 5),
    ],
)
def test_key_dates(events: pd.DataFrame, event_id: str, year: int, month: int | None) -> None:
    row = events.set_index("id").loc[event_id]
    assert row["year"] == year
    assert (pd.isna(row["month"]) and month is None) or row["month"] == month


@pytest.mark.parametrize(
    ("event_id", "kernel"),
    [
        # each namespace type with the kernel version that brought it
        ("mount-namespace", "2.4.19"),
        ("uts-ipc-namespaces", "2.6.19"),
        ("pid-net-namespaces", "2.6.24"),
        ("user-namespaces-complete", "3.8"),
        ("cgroup-namespace", "4.6"),
        ("time-namespace", "5.6"),
    ],
)
def test_each_namespace_names_its_kernel(events: pd.DataFrame, event_id: str, kernel: str) -> None:
    row = events.set_index("id").loc[event_id]
    assert f"Linux {kernel}" in row["title_en"]


def test_disputed_dates_keep_both_dates(events: pd.DataFrame) -> None:
    notes = events.set_index("id")["date_note_en"]
    assert "1968" in notes["cp-67"]
    assert "1973" in notes["popek-goldberg"]
    assert "Dec 2015" in notes["cncf-founded"]
    assert "1982" in notes["chroot-v7"]
    korean = events.set_index("id")["date_note_ko"]
    assert "1968" in korean["cp-67"]
    assert "2015년 12월" in korean["cncf-founded"]


def test_date_notes_and_actors_are_in_both_languages(events: pd.DataFrame) -> None:
    # a note shown in the Korean timeline is Korean, and exists exactly where the English one does
    assert (events["date_note_en"].isna() == events["date_note_ko"].isna()).all()
    assert events["date_note_en"].notna().sum() >= 40
    assert events["date_note_ko"].dropna().map(lambda text: bool(HANGUL.search(text))).all()
    # actors are mostly names, kept as spelled; descriptive words are Korean
    assert events["actor_ko"].notna().all()
    names = {"cgroup", "containerd", "cpusets", "innotek", "rkt", "systemd"}  # lower-case names
    for english, korean in zip(events["actor_en"], events["actor_ko"], strict=True):
        assert set(i18n.english_words(korean)) <= names, (english, korean)
        if set(i18n.english_words(english)) - names:  # "and other kernel developers"
            assert HANGUL.search(korean), korean


def test_korean_texts_follow_the_course_terms(events: pd.DataFrame, claims: pd.DataFrame) -> None:
    # docs/translation.md: 가상 머신 with a space; product names as they are spelled
    texts = [
        *events["title_ko"],
        *events["description_ko"],
        *events["correction_ko"].dropna(),
        *events["date_note_ko"].dropna(),
        *claims["correction_ko"],
        *(era.title_ko for era in history.eras()),
        *(era.description_ko for era in history.eras()),
    ]
    for word in ("가상머신", "쿠버네티스", "구글", "리눅스"):
        assert not [t for t in texts if word in t], word
    # the source text's own words stay as it wrote them
    assert claims["claim_ko"].str.contains("쿠버네티스").any()


def test_events_that_restate_claims_carry_verdict_and_correction(events: pd.DataFrame) -> None:
    restating = events[events["claim_ids"].notna()]
    assert len(restating) >= 20
    assert restating["verdict"].notna().all()
    judged = restating[restating["verdict"] != "correct"]
    assert judged["correction_en"].notna().all()
    assert judged["correction_ko"].notna().all()
    assert events.loc[events["claim_ids"].isna(), "verdict"].isna().all()


# ---------------------------------------------------------------- the claims


def test_every_claim_has_verdict_correction_and_source(claims: pd.DataFrame) -> None:
    assert claims["verdict"].isin(["correct", "partly", "wrong"]).all()
    assert claims["correction_en"].str.len().gt(20).all()
    assert claims["correction_ko"].map(lambda text: bool(HANGUL.search(text))).all()
    assert claims["source_url"].str.startswith("http").all()
    assert claims["claim_id"].is_unique


def test_every_evidence_event_exists(claims: pd.DataFrame, events: pd.DataFrame) -> None:
    known = set(events["id"])
    for claim_id, ids in zip(claims["claim_id"], claims["event_ids"], strict=True):
        missing = set(ids.split(" | ")) - known
        assert not missing, f"{claim_id} cites {missing}"


def test_events_point_back_to_their_claims(claims: pd.DataFrame, events: pd.DataFrame) -> None:
    # second route to the check inside seed_claims(): rebuild the links by hand
    evidence = {
        c: set(ids.split(" | "))
        for c, ids in zip(claims["claim_id"], claims["event_ids"], strict=True)
    }
    verdict = dict(zip(claims["claim_id"], claims["verdict"], strict=True))
    for row in events[events["claim_ids"].notna()].itertuples():
        named = row.claim_ids.split(" | ")
        assert all(row.id in evidence[c] for c in named), row.id
        assert row.verdict in {verdict[c] for c in named}, row.id


def test_claims_are_quoted_exactly_from_the_source_text(
    claims: pd.DataFrame, seed_text: str
) -> None:
    for claim_id, quote in zip(claims["claim_id"], claims["claim_ko"], strict=True):
        assert quote in seed_text, claim_id


def test_claims_follow_the_order_of_the_source_text(claims: pd.DataFrame, seed_text: str) -> None:
    positions = [seed_text.index(quote) for quote in claims["claim_ko"]]
    assert positions == sorted(positions)


def test_every_verdict_of_the_research_notes_is_covered(claims: pd.DataFrame) -> None:
    # reference/history.md section 1 has 14 verdicts, #6 split into 6a-6c
    expected = {str(n) for n in range(1, 15)} - {"6"} | {"6a", "6b", "6c"}
    assert expected <= set(claims["reference_item"].dropna())


@pytest.mark.parametrize(
    ("quote", "verdicts", "correction_mentions"),
    [
        # design.md "Known errors in the source text", one case per error
        ("모든 CPU 명령어", {"wrong"}, "emulat"),  # full virtualization is not emulation
        ("컴파일해서", {"wrong"}, "compiles nothing"),  # dom0 runs back-ends, compiles nothing
        ("DOM0를 없애고", {"partly", "wrong"}, "dom0"),  # PV does not remove dom0
        ("Red Hat 에서", {"wrong"}, "2002"),  # namespaces 2002-2013, many contributors
        ("쿠버네티스라는 프로젝트를 오픈소스로", {"wrong"}, "June 2014"),  # not 2015
        ("CNCF 재단에 기증", {"partly", "wrong"}, "21 July 2015"),  # founded July 2015
        ("CNCF 재단에 기증", {"partly", "wrong"}, "10 March 2016"),  # formally accepted
        ("IBM에서 LXC", {"partly", "wrong"}, "open-source project"),  # not an announcement
        ("최초의 Linux 컨테이너 엔진", {"partly", "wrong"}, "OpenVZ"),  # VServer, OpenVZ first
        ("rht", {"partly", "wrong"}, "rkt"),  # "rht" is rkt (CoreOS, Dec 2014)
        ("rht", {"partly", "wrong"}, "December 2014"),
    ],
)
def test_known_errors_are_corrected(
    claims: pd.DataFrame, quote: str, verdicts: set[str], correction_mentions: str
) -> None:
    rows = claims[claims["claim_ko"].str.contains(quote, regex=False)]
    assert len(rows) == 1, quote
    row = rows.iloc[0]
    assert row["verdict"] in verdicts
    assert correction_mentions in row["correction_en"]


@pytest.mark.parametrize(
    ("quote", "verdict"),
    [
        # other datable or technical statements the brief singles out
        ("2013년 도커의 등장으로", "correct"),  # Docker popularised containers
        ("처음 시중에 등장한 가상화 기술은 호스트 가상화", "partly"),  # type 2 first only on x86
        ("Xen이 대표적인 반가상화 제품에 속했다(과거형)", "correct"),
        ("아마존 AWS", "correct"),  # Xen since 2006, Nitro (KVM) since 2017
        ("Container Hub", "wrong"),  # Docker Hub is June 2014
    ],
)
def test_other_claims(claims: pd.DataFrame, quote: str, verdict: str) -> None:
    rows = claims[claims["claim_ko"].str.contains(quote, regex=False)]
    assert rows["verdict"].tolist() == [verdict]


def test_seed_claims_lists_evidence_oldest_first(claims: pd.DataFrame) -> None:
    row = claims.set_index("claim_id").loc["S25"]
    years = [int(item[:4]) for item in row["evidence_en"].split(" | ")]
    assert years == sorted(years)
    assert len(years) == len(row["event_ids"].split(" | "))
    assert HANGUL.search(row["evidence_ko"])


def test_verdicts_come_from_the_descriptor() -> None:
    assert allowed_values("history", "verdict") == allowed_values("seed_claims", "verdict")


# ---------------------------------------------------------------- broken copies


def _rows(name: str) -> list[dict[str, str]]:
    with (data_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _line_of(rows: list[dict[str, str]], event_id: str) -> int:
    """The spreadsheet row of an event: header is row 1."""
    return [r["id"] for r in rows].index(event_id) + 2


@pytest.mark.parametrize(
    ("column", "bad", "shown", "problem"),
    [
        # a letter O typed for a zero: the year cannot be read as a number
        ("year", "20O8", "'20O8'", "coerce_dtype"),
        # a category outside the fixed set (a plural typed by hand)
        ("category", "hypervisors", "'hypervisors'", "isin"),
        # a month that does not exist (read as a number, so shown as one)
        ("month", "13", "13", "in_range"),
        # an era name that is not one of the eras
        ("era", "docker_age", "'docker_age'", "isin"),
        # a source that is not a URL
        ("source_url", "Wikipedia", "'Wikipedia'", "str_matches"),
        # a Korean title with no Korean in it
        ("title_ko", "KVM merged", "'KVM merged'", "str_matches"),
    ],
)
def test_bad_cell_names_file_row_column_and_value(
    tmp_path: Path, column: str, bad: str, shown: str, problem: str
) -> None:
    rows = _rows("history")
    rows[[r["id"] for r in rows].index("kvm-mainline")][column] = bad
    path = _write(tmp_path / "history.csv", rows)
    line = _line_of(rows, "kvm-mainline")
    expected = (
        rf"history\.csv row {line}, column {column}: {re.escape(shown)} fails check {problem}"
    )
    with pytest.raises(DataError, match=expected) as caught:
        history.load(path)
    assert (caught.value.row, caught.value.column, str(caught.value.value)) == (line, column, bad)


def test_missing_column_is_named(tmp_path: Path) -> None:
    rows = [{k: v for k, v in r.items() if k != "category"} for r in _rows("history")]
    path = _write(tmp_path / "history.csv", rows)
    with pytest.raises(
        DataError, match=r"history\.csv: columns do not match .*missing \['category'\]"
    ):
        history.load(path)


def test_file_cut_mid_row_names_the_last_row(tmp_path: Path) -> None:
    # the copy stops after the second field of row 41: every later column is empty
    lines = (data_dir() / "history.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    cut = "".join(lines[:40]) + ",".join(lines[40].split(",")[:2])
    path = tmp_path / "history.csv"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(
        DataError, match=r"history\.csv row 41, column title_en: nan fails check not_nullable"
    ):
        history.load(path)


def test_file_cut_inside_quoted_text_cannot_be_read(tmp_path: Path) -> None:
    text = (data_dir() / "history.csv").read_text(encoding="utf-8")
    opening = text.index(',"', len(text) // 2) + 2  # just inside a quoted field
    path = tmp_path / "history.csv"
    path.write_text(text[: opening + 10], encoding="utf-8")
    with pytest.raises(DataError, match=r"history\.csv: cannot be read as CSV .*EOF inside string"):
        history.load(path)


def test_empty_file_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"history\.csv: cannot be read as CSV"):
        history.load(path)


@pytest.mark.parametrize(
    ("event_id", "changes", "column", "problem"),
    [
        # a verdict with no claim to judge
        ("qemu", {"verdict": "wrong"}, "claim_ids", "is empty, but the row has a verdict"),
        # claims named but no verdict given
        ("qemu", {"claim_ids": "S13"}, "verdict", "is empty, but claim_ids names claims"),
        # a wrong verdict must say what is right
        ("kubernetes-open-sourced", {"correction_ko": ""}, "correction_ko", "give the correction"),
        # the era must contain the year
        ("qemu", {"era": "cloud_native"}, "era", "does not contain the year 2003"),
    ],
)
def test_cross_column_rules(
    tmp_path: Path, event_id: str, changes: dict[str, str], column: str, problem: str
) -> None:
    rows = _rows("history")
    rows[[r["id"] for r in rows].index(event_id)].update(changes)
    path = _write(tmp_path / "history.csv", rows)
    line = _line_of(rows, event_id)
    with pytest.raises(DataError, match=rf"history\.csv row {line}, column {column}: .*{problem}"):
        history.load(path)


def test_claim_citing_a_missing_event_is_named(tmp_path: Path) -> None:
    rows = _rows("seed_claims")
    rows[4]["event_ids"] += " | no-such-event"
    path = _write(tmp_path / "seed_claims.csv", rows)
    with pytest.raises(
        DataError, match=r"seed_claims\.csv row 6, column event_ids: 'no-such-event' is not the id"
    ):
        history.seed_claims(path)


def test_event_naming_a_claim_that_does_not_cite_it(tmp_path: Path) -> None:
    # qemu is not among the evidence of S31 (Kubernetes), so it may not claim to restate it
    rows = _rows("history")
    rows[[r["id"] for r in rows].index("qemu")].update({"claim_ids": "S31", "verdict": "wrong"})
    path = _write(tmp_path / "history.csv", rows)
    line = _line_of(rows, "qemu")
    with pytest.raises(
        DataError,
        match=rf"history\.csv row {line}, column claim_ids: 'S31' does not list event 'qemu'",
    ):
        history.seed_claims(events_path=path)


def test_shipped_tables_load_with_their_descriptors() -> None:
    # each history table loads through the shared loader with no error
    for name in ("history", "history_eras", "seed_claims", "glossary"):
        assert len(load_table(name)) > 0


def test_a_note_in_one_language_only_is_named(tmp_path: Path) -> None:
    # the Korean timeline would show no note where the English one shows it
    rows = _rows("history")
    rows[[r["id"] for r in rows].index("qemu")]["date_note_ko"] = ""
    path = _write(tmp_path / "history.csv", rows)
    line = _line_of(rows, "qemu")
    with pytest.raises(
        DataError,
        match=rf"history\.csv row {line}, column date_note_ko: is empty, but date_note_en is given",
    ):
        history.load(path)


@pytest.mark.parametrize(
    ("event_id", "changes", "column", "korean"),
    [
        # the same cross-column rules as above, explained in Korean
        ("qemu", {"verdict": "wrong"}, "claim_ids", "판정한 주장의 id를 적으세요"),
        ("qemu", {"claim_ids": "S13"}, "verdict", "판정을 적으세요"),
        ("kubernetes-open-sourced", {"correction_ko": ""}, "correction_ko", "바로잡은 내용"),
        ("qemu", {"era": "cloud_native"}, "era", "2003년이 들어가지 않습니다"),
        ("qemu", {"date_note_en": ""}, "date_note_en", "두 언어로 모두 적으세요"),
    ],
)
def test_cross_column_rules_in_korean(
    tmp_path: Path, event_id: str, changes: dict[str, str], column: str, korean: str
) -> None:
    rows = _rows("history")
    rows[[r["id"] for r in rows].index(event_id)].update(changes)
    path = _write(tmp_path / "history.csv", rows)
    with i18n.using("ko"), pytest.raises(DataError) as caught:
        history.load(path)
    assert (caught.value.row, caught.value.column) == (_line_of(rows, event_id), column)
    assert korean in caught.value.problem
    assert i18n.hangul_share(caught.value.problem) > 0.5, caught.value.problem


def test_broken_links_are_explained_in_korean(tmp_path: Path) -> None:
    claims = _rows("seed_claims")
    claims[4]["event_ids"] += " | no-such-event"
    with i18n.using("ko"), pytest.raises(DataError) as caught:
        history.seed_claims(_write(tmp_path / "seed_claims.csv", claims))
    assert caught.value.problem == "값은 `data/history.csv`에 있는 어떤 사건의 id도 아닙니다"
    events = _rows("history")
    events[[r["id"] for r in events].index("qemu")].update({"claim_ids": "S31", "verdict": "wrong"})
    with i18n.using("ko"), pytest.raises(DataError) as caught:
        history.seed_claims(events_path=_write(tmp_path / "history.csv", events))
    assert "근거 목록" in caught.value.problem and "'qemu'" in caught.value.problem
