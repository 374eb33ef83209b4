"""Dashboards, views and self-checks of ``05-history``: the timeline and the source text's claims.

Everything here reads :mod:`virtlab.history` (the cited events and the checked
claims) and draws with :mod:`virtlab.figures.timeline`; the notebook only calls
these functions. Questions are generated from a seed, and their answers come
from the data rows, never from the cell.

Taught in notebook ``05-history``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from virtlab import history
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._markdown import MarkdownView
from virtlab.ui._selfcheck import Question

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

__all__ = [
    "ALL_CATEGORIES",
    "VERDICT_WORDS",
    "MarkdownView",
    "claim_card",
    "claim_cards",
    "claim_dashboard",
    "claim_figure",
    "claims_count",
    "era_events",
    "era_table",
    "events_in",
    "first_event_question",
    "history_sources",
    "timeline_dashboard",
    "verdict_question",
    "year_question",
]

ALL_CATEGORIES = "all"
"""The category selector's value for every lane of the timeline."""

VERDICT_WORDS: dict[str, str] = {"correct": "correct", "partly": "partly correct", "wrong": "wrong"}
"""How a verdict of ``data/seed_claims.csv`` reads in prose and in the self-checks."""

_HISTORY_KINDS = ("date", "origin")  # the claims this notebook checks itself


def _when(year: object, month: object) -> str:
    """A date as the course writes it: 2014-06, or 2014 when the month is unknown."""
    import pandas as pd

    if pd.isna(month):  # type: ignore[call-overload]
        return f"{year}"
    return f"{year}-{int(str(month)):02d}"


@lru_cache(maxsize=1)
def _events() -> pd.DataFrame:
    """The checked history events, read once per session; never handed out, only read."""
    return history.load()


@lru_cache(maxsize=1)
def _claims() -> pd.DataFrame:
    """The checked claims with their evidence, read once per session; never handed out."""
    return history.seed_claims()


@lru_cache(maxsize=1)
def _eras() -> tuple[history.Era, ...]:
    """The eras, read once per session."""
    return history.eras()


def _claim_row(claim_id: str) -> pd.Series:
    """One claim's row of :func:`_claims`; an unknown id raises, listing the ids there are."""
    claims = _claims()
    rows = claims[claims["claim_id"] == claim_id]
    if rows.empty:
        history.claim(claim_id)  # raises ValueError naming the allowed ids
    return rows.iloc[0]


def _verdict_note(claim_ids: object, verdict: object) -> str:
    """What the source text's claims about an event say: 'S20, S28: correct', or '-' for none."""
    if not isinstance(verdict, str):
        return "-"
    return f"{str(claim_ids).replace(' | ', ', ')}: {VERDICT_WORDS[verdict]}"


def _cell(text: object) -> str:
    """Text safe inside a markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def era_table() -> MarkdownView:
    """The eras of the history, with how many events each holds and how many the source text names.

    Taught in notebook ``05-history``.

    >>> "| mainframe | 1960-1978 |" in era_table().text
    True
    """
    events = _events()
    rows = []
    for era in _eras():
        inside = events[events["era"] == era.id]
        claimed = int(inside["verdict"].notna().sum())
        first, last = inside.iloc[0], inside.iloc[-1]
        rows.append(
            (
                era.id,
                f"{era.start_year}-{era.end_year}",
                f"{era.title_en} ({era.title_ko})",
                len(inside),
                claimed,
                f"{_when(first['year'], first['month'])} {first['title_en']}",
                f"{_when(last['year'], last['month'])} {last['title_en']}",
            )
        )
    headers = ("era", "years", "title", "events", "in the source text", "first", "last")
    return MarkdownView(_table(headers, rows))


def era_events(era_id: str, categories: Sequence[str] | None = None) -> MarkdownView:
    """The events of one era (optionally only some lanes), oldest first, one row each.

    Args:
        era_id: an era id from :func:`virtlab.history.eras`, e.g. ``"mainframe"``.
        categories: lanes to keep, from :func:`virtlab.history.categories`; all by default.

    Raises:
        ValueError: an unknown era or category; the message lists the allowed ones.

    Taught in notebook ``05-history``.

    >>> era_events("mainframe").text.splitlines()[2].startswith("| 1964 | CP-40")
    True
    """
    ids = tuple(era.id for era in _eras())
    if era_id not in ids:
        raise ValueError(f"unknown era {era_id!r}; choose one of {', '.join(ids)}")
    wanted = tuple(categories) if categories is not None else history.categories()
    for category in wanted:
        if category not in history.categories():
            allowed = ", ".join(history.categories())
            raise ValueError(f"unknown category {category!r}; choose from {allowed}")
    events = _events()
    chosen = events[(events["era"] == era_id) & events["category"].isin(wanted)]
    rows = [
        (
            _when(r["year"], r["month"]),
            r["title_en"],
            r["title_ko"],
            r["category"],
            _verdict_note(r["claim_ids"], r["verdict"]),
            r["id"],
        )
        for r in chosen.to_dict("records")
    ]
    headers = ("date", "event", "사건", "lane", "source text", "row id")
    return MarkdownView(_table(headers, rows))


def events_in(start_year: int, end_year: int, category: str = ALL_CATEGORIES) -> pd.DataFrame:
    """The events from ``start_year`` to ``end_year`` (both included) in one lane, or in all.

    Raises:
        ValueError: a year outside the history, the years in the wrong order, or
            an unknown category; the message says what is allowed.

    Taught in notebook ``05-history``.

    >>> events_in(2013, 2014, "orchestration")["id"].tolist()
    ['kubernetes-open-sourced']
    """
    if category != ALL_CATEGORIES and category not in history.categories():
        allowed = ", ".join((ALL_CATEGORIES, *history.categories()))
        raise ValueError(f"unknown category {category!r}; choose one of {allowed}")
    events = history.between(start_year, end_year)
    if category != ALL_CATEGORIES:
        events = events[events["category"] == category]
    return events.reset_index(drop=True)


def timeline_dashboard(
    start_year: int, end_year: int, category: str = ALL_CATEGORIES, lang: str = "en"
) -> Dashboard:
    """A year-range slider and a lane selector; the timeline shows the events they pick.

    Taught in notebook ``05-history``.
    """
    import ipywidgets as widgets

    from virtlab.figures import timeline_figure

    events_in(start_year, end_year, category)  # a bad default fails here, with its message
    all_eras = _eras()
    years = widgets.IntRangeSlider(
        value=(start_year, end_year),
        min=all_eras[0].start_year,
        max=all_eras[-1].end_year,
        description="years",
        continuous_update=False,
    )
    lanes = widgets.Dropdown(options=(ALL_CATEGORIES, *history.categories()), value=category)
    lanes.description = "lane"

    def summary(years: tuple[int, int], category: str) -> str:
        shown = events_in(years[0], years[1], category)
        return f"{len(shown)} events from {years[0]} to {years[1]}, lane: {category}"

    def figure_for(years: tuple[int, int], category: str) -> go.Figure:
        figure = timeline_figure(_events(), lang=lang)
        show_years_and_lane(figure, years, category)
        return figure

    return Dashboard(
        "The history, filtered by years and lane",
        {"years": years, "category": lanes},
        figure_for,
        summary,
        patch_for=show_years_and_lane,
    )


def show_years_and_lane(figure: Any, years: tuple[int, int], category: str) -> None:
    """Zoom a timeline to ``years`` (both included) and show one lane, or all, in place.

    Moving the dashboard's controls only changes the axis range and which lanes are
    visible, so the whole timeline is not rebuilt on every move.

    Taught in notebook ``05-history``.
    """
    figure.layout.xaxis.range = [years[0] - 0.5, years[1] + 1.0]
    for trace in figure.data:
        trace.visible = category == ALL_CATEGORIES or trace.legendgroup == category


def claims_count() -> pd.DataFrame:
    """How many claims of the source text are correct, partly correct or wrong, by kind.

    Taught in notebook ``05-history``.

    >>> int(claims_count().loc["all", "all"])
    35
    """
    import pandas as pd

    claims = _claims()
    table = pd.crosstab(claims["kind"], claims["verdict"], margins=True, margins_name="all")
    return table[[v for v in (*VERDICT_WORDS, "all") if v in table.columns]]


def claim_card(claim_id: str) -> MarkdownView:
    """One claim of the source text: its words, the verdict, the correction and the evidence rows.

    Raises:
        ValueError: there is no claim with that id; the message lists them.

    Taught in notebook ``05-history``.

    >>> claim_card("S31").text.splitlines()[0]
    '**S31** (date): **wrong**'
    """
    return claim_cards(claim_id)


def claim_cards(*claim_ids: str) -> MarkdownView:
    """Several claims of the source text, one card each, in the order given.

    Taught in notebook ``05-history``.

    >>> claim_cards("S30", "S31").text.count("**Correction:**")
    2
    """
    events = _events()
    row_id = {
        f"{_when(r['year'], r['month'])} {r['title_en']}": str(r["id"])
        for r in events.to_dict("records")
    }
    cards = []
    for claim_id in claim_ids:
        row = _claim_row(claim_id)
        evidence = str(row["evidence_en"]).split(" | ")
        lines = [
            f"**{claim_id}** ({row['kind']}): **{VERDICT_WORDS[str(row['verdict'])]}**",
            "",
            f"> {row['claim_ko']}",
            ">",
            f"> *{row['claim_en']}*",
            "",
            f"**Correction:** {row['correction_en']}",
            "",
            f"**바로잡기:** {row['correction_ko']}",
            "",
            "**Evidence rows** (`data/history.csv`):",
            "",
            *(f"- {item} (`{row_id.get(item, '?')}`)" for item in evidence),
            "",
            "**Sources:** "
            + ", ".join(f"<{url.strip()}>" for url in str(row["source_url"]).split(" | ")),
        ]
        cards.append("\n".join(lines))
    return MarkdownView("\n\n---\n\n".join(cards))


def claim_figure(claim_id: str, lang: str = "en") -> go.Figure:
    """The timeline of one claim's evidence events, titled with the claim and its verdict.

    Taught in notebook ``05-history``.
    """
    from virtlab.figures import timeline_figure

    row = _claim_row(claim_id)
    evidence = [i.strip() for i in str(row["event_ids"]).split(" | ")]
    events = _events()
    titles = {
        "en": f"Claim {claim_id} ({VERDICT_WORDS[str(row['verdict'])]}): the evidence",
        "ko": f"원문 주장 {claim_id} ({row['verdict']}): 근거",
    }
    return timeline_figure(events[events["id"].isin(evidence)], lang=lang, titles=titles)


def claim_dashboard(claim_id: str, lang: str = "en") -> Dashboard:
    """A menu of the source text's claims; the figure shows the chosen claim's evidence.

    Taught in notebook ``05-history``.
    """
    import html

    import ipywidgets as widgets

    claims = _claims()
    options = [
        (f"{r.claim_id} ({VERDICT_WORDS[str(r.verdict)]}): {str(r.claim_en)[:60]}", r.claim_id)
        for r in claims.itertuples(index=False)
    ]
    menu = widgets.Dropdown(options=options, value=_claim_row(claim_id)["claim_id"])
    menu.description = "claim"

    def summary(claim_id: str) -> str:
        row = _claim_row(claim_id)
        return (
            f"<b>{claim_id}: {VERDICT_WORDS[str(row['verdict'])]}</b><br>"
            f"“{html.escape(str(row['claim_ko']))}”<br><i>{html.escape(str(row['claim_en']))}</i>"
            f"<br><b>Correction:</b> {html.escape(str(row['correction_en']))}"
        )

    return Dashboard(
        "A claim of the source text and its evidence",
        {"claim_id": menu},
        lambda claim_id: claim_figure(claim_id, lang),
        summary,
    )


def _comparable(a: dict[Any, Any], b: dict[Any, Any]) -> bool:
    """True when the data can tell which of two events came first."""
    if a["year"] != b["year"]:
        return True
    months = (a["month"], b["month"])
    return all(isinstance(m, int | np.integer) for m in months) and months[0] != months[1]


def first_event_question(seed: int) -> Question:
    """Which of two events came first? Two events at most three years apart, drawn by the seed.

    Taught in notebook ``05-history``.
    """
    rng = np.random.default_rng([1, seed])  # a stream of its own, so checks differ
    events = [
        {**r, "month": None if _when(r["year"], r["month"]) == f"{r['year']}" else int(r["month"])}
        for r in _events().to_dict("records")
    ]
    a = events[int(rng.integers(len(events)))]
    near = [
        b
        for b in events
        if b["id"] != a["id"] and abs(int(b["year"]) - int(a["year"])) <= 3 and _comparable(a, b)
    ]
    b = near[int(rng.integers(len(near)))]
    first, second = sorted((a, b), key=lambda e: (int(e["year"]), e["month"] or 0))
    shown = sorted((a, b), key=lambda e: str(e["title_en"]))
    return Question(
        title="Check 1: which came first?",
        prompt="Which of these two events came first?",
        options=tuple(f"{e['title_en']} ({e['title_ko']})" for e in shown),
        answer=f"{first['title_en']} ({first['title_ko']})",
        explanation=(
            f"{first['title_en']}: {_when(first['year'], first['month'])} (row `{first['id']}`); "
            f"{second['title_en']}: {_when(second['year'], second['month'])} "
            f"(row `{second['id']}`)."
        ),
        seed=seed,
    )


def year_question(seed: int) -> Question:
    """In which year did this happen? A verified event drawn by the seed, with years around it.

    Taught in notebook ``05-history``.
    """
    rng = np.random.default_rng([2, seed])  # a stream of its own, so checks differ
    events = _events()
    verified = events[events["verified"] == "yes"].to_dict("records")
    event = verified[int(rng.integers(len(verified)))]
    year = int(event["year"])
    last = _eras()[-1].end_year
    nearby = [year + o for o in (-3, -2, -1, 1, 2, 3) if year + o <= last]
    options = sorted([year, *(int(y) for y in rng.choice(nearby, size=3, replace=False))])
    return Question(
        title="Check 2: in which year?",
        prompt=(
            f"In which year: “{event['title_en']}” ({event['title_ko']}; who: {event['actor']})?"
        ),
        options=tuple(str(o) for o in options),
        answer=str(year),
        explanation=(
            f"{_when(event['year'], event['month'])}, row `{event['id']}`: "
            f"{event['description_en']} Source: {str(event['source_url']).split(' | ')[0]}"
            + (f" Date note: {event['date_note']}." if isinstance(event["date_note"], str) else "")
        ),
        seed=seed,
    )


def verdict_question(seed: int) -> Question:
    """Is this claim of the source text correct, partly correct or wrong? Drawn by the seed.

    Taught in notebook ``05-history``.
    """
    rng = np.random.default_rng([3, seed])  # a stream of its own, so checks differ
    claims = _claims()
    dated = claims[claims["kind"].isin(_HISTORY_KINDS)].to_dict("records")
    row = dated[int(rng.integers(len(dated)))]
    return Question(
        title="Check 3: what does the evidence say?",
        prompt=(
            f"The source text says (claim {row['claim_id']}): “{row['claim_ko']}” "
            f"(in English: {row['claim_en']}) Is it correct, partly correct or wrong?"
        ),
        options=tuple(VERDICT_WORDS.values()),
        answer=VERDICT_WORDS[str(row["verdict"])],
        explanation=f"{row['correction_en']} Evidence: {row['evidence_en']}.",
        seed=seed,
    )


def history_sources() -> MarkdownView:
    """Every source URL of the history and the claims, with the rows that cite it.

    Taught in notebook ``05-history``.

    >>> history_sources().text.splitlines()[0]
    '| source | events | claims |'
    """
    cited: dict[str, tuple[list[str], list[str]]] = {}
    for row in _events().to_dict("records"):
        for url in str(row["source_url"]).split(" | "):
            cited.setdefault(url.strip(), ([], []))[0].append(str(row["id"]))
    for row in _claims().to_dict("records"):
        for url in str(row["source_url"]).split(" | "):
            cited.setdefault(url.strip(), ([], []))[1].append(str(row["claim_id"]))
    rows = [
        (f"<{url}>", ", ".join(events) or "-", ", ".join(claims) or "-")
        for url, (events, claims) in sorted(cited.items())
    ]
    return MarkdownView(_table(("source", "events", "claims"), rows))
