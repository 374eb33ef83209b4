"""The dashboards, views and self-checks of 05-history, driven headless."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

from virtlab import history, i18n
from virtlab.datasets import allowed_values
from virtlab.ui import (
    SelfCheck,
    claim_card,
    claim_cards,
    claim_dashboard,
    claims_count,
    claims_table,
    era_events,
    era_table,
    events_in,
    first_event_question,
    history_sources,
    timeline_dashboard,
    verdict_question,
    year_question,
)
from virtlab.ui.history import VERDICT_COLORS, VERDICT_WORDS

SEEDS = [0, 1, 7, 42, 2024]


def shown_ids(figure: object) -> set[str]:
    """The event titles (first hover line) on a timeline figure."""
    titles = set()
    for trace in figure.data:  # type: ignore[attr-defined]
        titles |= {text.split("<br>")[0] for text in trace.hovertext}
    return titles


def bold_titles(events: object) -> set[str]:
    return {f"<b>{t}</b>" for t in events["title_en"]}  # type: ignore[index]


def in_view(figure: object) -> set[str]:
    """Titles of the events a timeline shows: visible lanes, inside the x-axis range."""
    low, high = figure.layout.xaxis.range  # type: ignore[attr-defined]
    titles = set()
    for trace in figure.data:  # type: ignore[attr-defined]
        if trace.visible is False:
            continue
        titles |= {
            t.split("<br>")[0]
            for t, x in zip(trace.hovertext, trace.x, strict=True)
            if low <= x <= high
        }
    return titles


def test_the_timeline_dashboard_follows_the_year_slider() -> None:
    board = timeline_dashboard(1964, 2026)
    assert in_view(board.figure) == bold_titles(history.load())
    board.controls["years"].value = (2013, 2015)
    assert in_view(board.figure) == bold_titles(history.between(2013, 2015))
    assert (
        board.summary.value
        == f"{len(history.between(2013, 2015))} events from 2013 to 2015, lane: all"
    )


def test_the_timeline_dashboard_follows_the_lane_selector() -> None:
    board = timeline_dashboard(1964, 2026)
    board.controls["category"].value = "sandbox"
    assert in_view(board.figure) == bold_titles(history.by_category("sandbox"))
    assert [t.legendgroup for t in board.traces if t.visible is not False] == ["sandbox"]


def test_the_timeline_dashboard_keeps_its_default_figure() -> None:
    # the static figure stored in the notebook shows the parameters' state
    board = timeline_dashboard(2000, 2010, "linux_kernel")
    board.controls["category"].value = "all"
    assert in_view(board.default_figure) == bold_titles(events_in(2000, 2010, "linux_kernel"))


def test_a_patched_timeline_equals_a_rebuilt_one() -> None:
    # moving the controls patches the live figure; it must show what a rebuild would
    board = timeline_dashboard(1964, 2026)
    board.controls["years"].value = (1999, 2008)
    board.controls["category"].value = "hypervisor"
    rebuilt = timeline_dashboard(1999, 2008, "hypervisor").default_figure
    assert in_view(board.figure) == in_view(rebuilt)
    assert list(board.figure.layout.xaxis.range) == list(rebuilt.layout.xaxis.range)


def test_an_empty_selection_shows_no_event() -> None:
    board = timeline_dashboard(1964, 2026, "sandbox")
    board.controls["years"].value = (1990, 1995)  # no sandbox before 2017
    assert in_view(board.figure) == set()
    assert board.summary.value.startswith("0 events")


def test_the_claim_dashboard_shows_the_chosen_claims_evidence() -> None:
    board = claim_dashboard("S31")
    assert board.figure.layout.title.text == "Claim S31 (wrong): the evidence"
    board.controls["claim_id"].value = "S25"
    events = history.load()
    evidence = events[events["id"].isin(history.claim("S25").event_ids)]
    assert shown_ids(board.figure) == bold_titles(evidence)
    assert board.figure.layout.title.text == "Claim S25 (wrong): the evidence"
    assert "Red Hat" in board.summary.value and "wrong" in board.summary.value


def test_the_claim_figure_language_buttons_keep_the_claim_title() -> None:
    board = claim_dashboard("S32", lang="ko")
    buttons = board.figure.layout.updatemenus[0].buttons
    assert [b.args[1]["title.text"] for b in buttons] == [
        "Claim S32 (partly correct): the evidence",
        "원문 주장 S32 (부분적으로 맞음): 근거",
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: events_in(1964, 2026, "vm"),
            "unknown category 'vm'; choose one of all, mainframe",
        ),
        (lambda: events_in(2020, 2010), "start_year 2020 is after end_year 2010"),
        (lambda: era_events("docker"), "unknown era 'docker'; choose one of mainframe"),
        (lambda: era_events("mainframe", ["kernel"]), "unknown category 'kernel'"),
        (lambda: timeline_dashboard(1900, 2026), "start_year 1900 is outside the history"),
        (lambda: claim_card("S99"), "unknown claim id 'S99'"),
    ],
)
def test_bad_arguments_name_what_is_allowed(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_the_era_table_counts_every_event_once() -> None:
    # second route: the counts add up to the whole table
    counts = era_table().frame()["events"].astype(int)
    assert len(counts) == len(history.eras())
    assert counts.sum() == len(history.load())


def test_era_events_keep_only_the_lanes_asked_for() -> None:
    table = era_events("hardware_assist", ["cloud"])
    assert table.frame()["row_id"].tolist() == ["ec2-beta"]
    assert "| ec2-beta |" in table.to_markdown()


def test_claims_count_agrees_with_the_claims_table() -> None:
    table = claims_count()
    claims = history.seed_claims()
    assert int(str(table.loc["all", "all"])) == len(claims)
    assert int(str(table.loc["date", "wrong"])) == int(
        ((claims["kind"] == "date") & (claims["verdict"] == "wrong")).sum()
    )


def test_a_claim_card_quotes_the_claim_and_its_evidence_rows() -> None:
    text = claim_card("S31").text
    assert history.claim("S31").claim_ko in text
    assert "2014-06 Google open-sources Kubernetes (`kubernetes-open-sourced`)" in text
    assert "`?`" not in claim_cards(*history.seed_claims()["claim_id"]).text  # every row found


@pytest.mark.parametrize("seed", SEEDS)
def test_which_came_first_is_answered_by_the_dates(seed: int) -> None:
    question = first_event_question(seed)
    check = SelfCheck(question)
    assert check.check(question.answer).is_correct
    assert not check.check(next(o for o in question.options if o != question.answer)).is_correct
    # second route: the two rows the explanation names, ordered by year and month
    ids = question.explanation.split("row `")[1:]
    rows = history.load().set_index("id")
    a, b = (rows.loc[i.split("`")[0]] for i in ids)
    when_a, when_b = ((r["year"], 0 if pd.isna(r["month"]) else int(r["month"])) for r in (a, b))
    earlier = a if when_a < when_b else b
    assert question.answer.startswith(str(earlier["title_en"]))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_year_question_is_answered_by_the_row(seed: int) -> None:
    question = year_question(seed)
    check = SelfCheck(question)
    assert check.check(question.answer).is_correct
    assert not check.check(next(o for o in question.options if o != question.answer)).is_correct
    row_id = question.explanation.split("row `")[1].split("`")[0]
    assert question.answer == str(history.load().set_index("id").loc[row_id, "year"])


@pytest.mark.parametrize("seed", SEEDS)
def test_the_verdict_question_is_answered_by_the_claims_table(seed: int) -> None:
    question = verdict_question(seed)
    claim_id = question.prompt.split("(claim ")[1].split(")")[0]
    assert question.answer == VERDICT_WORDS[history.claim(claim_id).verdict]
    check = SelfCheck(question)
    assert check.check(question.answer).is_correct
    assert not check.check(next(o for o in question.options if o != question.answer)).is_correct


@pytest.mark.parametrize("make", [first_event_question, year_question, verdict_question])
def test_questions_are_reproducible_for_a_seed(make: object) -> None:
    assert make(7) == make(7)  # type: ignore[operator]
    assert len({make(s) for s in range(6)}) > 1  # type: ignore[operator]  # and vary with it


def test_every_source_is_listed_once_with_the_rows_citing_it() -> None:
    table = history_sources()
    urls = table.frame()["source"].tolist()
    assert len(urls) == len(set(urls))
    assert any("kubernetes-1-0" in events for events in table.frame()["events"])
    # every source is a link, and every URL of the data is one of them
    links = [unescape(h) for h in re.findall(r'<a href="([^"]+)"', table.to_html())]
    assert links == urls
    cited = {
        u.strip()
        for rows in (history.load(), history.seed_claims())
        for cell in rows["source_url"]
        for u in cell.split(" | ")
    }
    assert set(urls) == cited


# ---------------------------------------------------------------- in Korean

HANGUL = re.compile(r"[가-힣]")
CATEGORY_IDS = set(history.categories()) | {"all"}


def korean(text: str, allowed: frozenset[str] | set[str] = frozenset()) -> bool:
    """Text that has Hangul and no English word but the ones ``allowed`` (ids, names)."""
    return bool(HANGUL.search(text)) and not set(i18n.english_words(text)) - allowed


def test_the_timeline_dashboard_in_korean() -> None:
    with i18n.using("ko"):
        board = timeline_dashboard(1964, 2026)  # no lang: the current language
    assert korean(board.title)
    assert all(korean(control.description) for control in board.controls.values())
    labels = [label for label, _ in board.controls["category"].options]
    assert all(korean(label) for label in labels), labels
    assert [value for _, value in board.controls["category"].options] == [
        "all",
        *history.categories(),
    ]
    assert board.summary.value == f"1964년부터 2026년까지 사건 {len(history.load())}개, 분야: 전체"
    assert board.figure.layout.updatemenus[0].active == 1
    assert korean(board.figure.layout.title.text)
    # the summary stays Korean when the controls move after the cell ran
    board.controls["years"].value = (2013, 2015)
    board.controls["category"].value = "sandbox"
    assert board.summary.value.startswith("2013년부터 2015년까지 사건 0개")
    assert board.summary.value.endswith("샌드박스와 마이크로VM")


def test_the_claim_dashboard_in_korean() -> None:
    with i18n.using("ko"):
        board = claim_dashboard("S31")
        board.controls["claim_id"].value = "S25"
    assert korean(board.title) and korean(board.controls["claim_id"].description)
    assert board.figure.layout.title.text == "원문 주장 S25 (틀림): 근거"
    summary = board.summary.value
    assert "<b>S25: 틀림</b>" in summary and "<b>바로잡기:</b>" in summary
    assert "<i>" not in summary and "Correction" not in summary
    labels = [label for label, _ in board.controls["claim_id"].options]
    assert all(HANGUL.search(label) for label in labels)
    assert all(label.startswith(value) for label, value in board.controls["claim_id"].options)


def test_the_era_tables_in_korean() -> None:
    with i18n.using("ko"):
        eras = era_table().to_markdown().splitlines()
        events = era_events("mainframe").to_markdown().splitlines()
        sources = history_sources().to_markdown().splitlines()[0]
    assert korean(eras[0]) and korean(events[0]) and korean(sources)
    assert (
        eras[0] == "| 시대 | 기간 | 제목 | 사건 수 | 원문이 다룬 사건 수 | 첫 사건 | 마지막 사건 |"
    )
    assert "| 메인프레임 가상 머신 (Mainframe virtual machines) |" in eras[2]
    # Korean title first, then the English one; the lane by its Korean name; the row id as is
    assert events[2] == (
        "| 1964 | CP-40: IBM 최초의 가상 머신 시스템 | CP-40: IBM's first virtual machine system"
        " | 메인프레임 | - | cp-40 |"
    )


def test_claims_count_in_korean() -> None:
    with i18n.using("ko"):
        table = claims_count()
    assert list(table.columns) == ["맞음", "부분적으로 맞음", "틀림", "합계"]
    assert (table.index.name, table.columns.name) == ("종류", "판정")
    assert set(table.index) == {"날짜", "기원", "분류", "기술 내용", "합계"}
    # second route: the same numbers as the English table
    assert table.to_numpy().tolist() == claims_count().to_numpy().tolist()


def test_a_claim_card_in_korean() -> None:
    with i18n.using("ko"):
        text = claim_card("S31").text
    lines = text.splitlines()
    assert lines[0] == "**S31** (날짜): **틀림**"
    assert f"> {history.claim('S31').claim_ko}" in lines
    assert f"**바로잡기:** {history.claim('S31').correction_ko}" in lines
    assert "**근거 행** (`data/history.csv`):" in lines
    assert "- 2014-06 Google, Kubernetes 오픈소스 공개 (`kubernetes-open-sourced`)" in lines
    assert lines[-1].startswith("**출처:** <https://")
    # nothing in English but the quoted product names and the URLs
    assert "Correction" not in text and history.claim("S31").claim_en not in text


@pytest.mark.parametrize("seed", SEEDS)
def test_the_self_checks_in_korean(seed: int) -> None:
    with i18n.using("ko"):
        questions = [first_event_question(seed), year_question(seed), verdict_question(seed)]
    for question in questions:
        assert korean(question.title) and HANGUL.search(question.prompt)
        assert HANGUL.search(question.explanation)
        assert question.answer in question.options
        assert SelfCheck(question).check(question.answer).is_correct
    first, year, verdict = questions
    # the events are named in Korean first: the same answer as in English, by row
    rows = history.load().set_index("id")
    ids = [part.split("`")[0] for part in first.explanation.split("행 `")[1:]]
    assert first.answer.startswith(str(rows.loc[ids[0], "title_ko"]))
    assert first_event_question(seed).answer.startswith(str(rows.loc[ids[0], "title_en"]))
    row_id = year.explanation.split("행 `")[1].split("`")[0]
    assert year.answer == str(rows.loc[row_id, "year"])
    assert str(rows.loc[row_id, "title_ko"]) in year.prompt
    # the verdict options are Korean words, the answer the claim's verdict
    assert verdict.options == ("맞음", "부분적으로 맞음", "틀림")
    claim_id = verdict.prompt.split("(주장 ")[1].split(")")[0]
    with i18n.using("ko"):
        assert verdict.answer == VERDICT_WORDS[history.claim(claim_id).verdict]
    assert korean(verdict.prompt.split("”")[-1])  # the question after the quote


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: events_in(1964, 2026, "vm"),
            "알 수 없는 분야입니다: 'vm'. 다음 중 하나를 고르세요: all",
        ),
        (lambda: events_in(2020, 2010), "start_year 값(2020)이 end_year 값(2010)보다 늦습니다"),
        (lambda: era_events("docker"), "알 수 없는 시대입니다: 'docker'"),
        (lambda: era_events("mainframe", ["kernel"]), "알 수 없는 분야입니다: 'kernel'"),
        (lambda: timeline_dashboard(1900, 2026), "start_year 값이 역사의 범위를 벗어납니다: 1900"),
        (lambda: claim_card("S99"), "알 수 없는 주장 id입니다: 'S99'"),
    ],
)
def test_bad_arguments_are_explained_in_korean(call: object, message: str) -> None:
    with i18n.using("ko"), pytest.raises(ValueError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value).startswith(message)
    # the allowed ids and the bad value, quoted, are the only English words
    ids = CATEGORY_IDS | {e.id for e in history.eras()} | {"docker", "kernel"}
    assert korean(str(caught.value), ids), str(caught.value)


def test_verdict_words_follow_the_language() -> None:
    assert dict(VERDICT_WORDS) == {
        "correct": "correct",
        "partly": "partly correct",
        "wrong": "wrong",
    }
    with i18n.using("ko"):
        assert dict(VERDICT_WORDS) == {
            "correct": "맞음",
            "partly": "부분적으로 맞음",
            "wrong": "틀림",
        }
    with pytest.raises(KeyError):
        VERDICT_WORDS["unknown"]
    # second route: the verdicts are the descriptor's, in its order
    assert tuple(VERDICT_WORDS) == allowed_values("seed_claims", "verdict")


def test_english_stays_english() -> None:
    with i18n.using("en"):
        question = verdict_question(7)
        card = claim_card("S31").text
        board = timeline_dashboard(1964, 2026)
    assert question.title == "Check 3: what does the evidence say?"
    assert question.options == ("correct", "partly correct", "wrong")
    assert "**Correction:**" in card and "**바로잡기:**" in card  # both, as before
    assert board.title == "The history, filtered by years and lane"
    assert [label for label, _ in board.controls["category"].options][:2] == ["all", "mainframe"]
    assert board.figure.layout.updatemenus[0].active == 0


# --- the claims table ----------------------------------------------------------------------


def css_rules(html: str) -> dict[str, str]:
    """Selector -> declarations of a table's ``<style>`` (Styler joins alike cells' selectors)."""
    rules = re.findall(r"([^{}<>]+)\{([^}]*)\}", html)
    return {sel.strip(): body for sels, body in rules for sel in sels.split(",")}


def test_the_claims_table_has_every_claim_whole() -> None:
    claims = history.seed_claims()
    table = claims_table()
    frame = table.frame()
    assert frame["claim_id"].tolist() == claims["claim_id"].tolist()
    assert frame["claim_ko"].tolist() == claims["claim_ko"].tolist()  # as the source wrote it
    assert frame["claim_en"].tolist() == claims["claim_en"].tolist()
    assert frame["correction"].tolist() == claims["correction_en"].tolist()
    assert frame["verdict"].tolist() == [VERDICT_WORDS[v] for v in claims["verdict"]]
    assert table.headers == (
        "#",
        "Claim (source text)",
        "The claim in English",
        "Verdict",
        "Correction",
        "Sources",
    )


def test_every_source_of_every_claim_is_a_link() -> None:
    claims = history.seed_claims()
    html = claims_table().to_html()
    links = [unescape(href) for href in re.findall(r'<a href="([^"]+)"', html)]
    urls = [u.strip() for cell in claims["source_url"] for u in cell.split(" | ")]
    assert links == urls
    assert len(urls) > len(claims)  # some claims cite several sources


def test_the_verdict_cell_is_colored_by_verdict() -> None:
    claims = history.seed_claims()
    table = claims_table()
    style = css_rules(table.to_html())
    column = table.columns.index("verdict")
    for row, verdict in enumerate(claims["verdict"]):
        cell = style[f"#{table.table_id}_row{row}_col{column}"]
        assert f"background-color: {VERDICT_COLORS[verdict]}" in cell
    assert len(set(VERDICT_COLORS.values())) == 3


def test_a_notebooks_claims_keep_their_order() -> None:
    claims = history.seed_claims()
    chosen = claims[claims["claim_id"].isin(["S09", "S12", "S14"])].iloc[::-1]
    assert claims_table(chosen).frame()["claim_id"].tolist() == ["S14", "S12", "S09"]


def test_the_claims_table_in_korean() -> None:
    claims = history.seed_claims()
    with i18n.using("ko"):
        table = claims_table()
    assert table.headers == ("#", "원문 주장", "판정", "바로잡은 내용", "출처")
    frame = table.frame()
    assert "claim_en" not in table.columns  # the Korean quote needs no translation
    assert set(frame["verdict"]) == {"맞음", "부분적으로 맞음", "틀림"}
    assert frame["correction"].tolist() == claims["correction_ko"].tolist()
    assert all(i18n.hangul_share(text) > 0.5 for text in frame["correction"])
    assert len(table) == len(claims)
