"""Dashboards, views and self-checks of ``05-history``: the timeline and the source text's claims.

Everything here reads :mod:`virtlab.history` (the cited events and the checked
claims) and draws with :mod:`virtlab.figures.timeline`; the notebook only calls
these functions. Questions are generated from a seed, and their answers come
from the data rows, never from the cell. Every text is in the current language
of :mod:`virtlab.i18n` (event titles from the rows' ``title_en``/``title_ko``);
the source text's claims are always quoted in Korean, as it wrote them.

Taught in notebook ``05-history``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from virtlab import history, i18n
from virtlab.history._events import _unknown
from virtlab.i18n import tr
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._markdown import MarkdownView
from virtlab.ui._selfcheck import Question
from virtlab.ui._tables import TextTable, text_table

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

__all__ = [
    "ALL_CATEGORIES",
    "VERDICT_COLORS",
    "VERDICT_WORDS",
    "MarkdownView",
    "claim_card",
    "claim_cards",
    "claim_dashboard",
    "claim_figure",
    "claims_count",
    "claims_table",
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

_VERDICTS = ("correct", "partly", "wrong")  # the verdict ids of data/seed_claims.csv
_SOURCE_LANGUAGE = "ko"  # the source text's language: its claims are quoted in it
_HISTORY_KINDS = ("date", "origin")  # the claims this notebook checks itself


class _VerdictWords(Mapping[str, str]):
    """Verdict id -> how it reads in the current language, looked up on every access."""

    def __getitem__(self, verdict: str) -> str:
        if verdict not in _VERDICTS:
            raise KeyError(verdict)
        return tr(f"history.verdict.{verdict}")

    def __iter__(self) -> Iterator[str]:
        return iter(_VERDICTS)

    def __len__(self) -> int:
        return len(_VERDICTS)

    def __repr__(self) -> str:
        return repr(dict(self))


VERDICT_WORDS: Mapping[str, str] = _VerdictWords()
"""How a verdict of ``data/seed_claims.csv`` reads in prose and in the self-checks,
in the current language: ``VERDICT_WORDS["partly"]`` is ``"partly correct"`` in
English, ``"부분적으로 맞음"`` in Korean."""


VERDICT_COLORS: Mapping[str, str] = {"correct": "#D9F0D3", "partly": "#FFF1C2", "wrong": "#F8D0D0"}
"""The background of a verdict's cell in a claims table: green, amber, red."""


def _when(year: object, month: object) -> str:
    """A date as the course writes it: 2014-06, or 2014 when the month is unknown."""
    import pandas as pd

    if pd.isna(month):  # type: ignore[call-overload]
        return f"{year}"
    return f"{year}-{int(str(month)):02d}"


def _second() -> str:
    """The language shown in parentheses beside the current one: Korean beside English,
    English beside any other language."""
    return "ko" if i18n.language() == "en" else "en"


def _with_second(row: Any, name: str) -> str:
    """A row's text in the current language, the same in the second language in parentheses."""
    return tr(
        "history.text.with_second",
        text=row[i18n.column(name)],
        second=row[f"{name}_{_second()}"],
    )


def _lane(category: str) -> str:
    """How a lane (category id, or ``all``) reads in menus and tables."""
    return tr(f"history.lane.{category}")


def _kind(kind: str) -> str:
    """How a kind of claim (``date``, ``origin`` ...) reads in tables and cards."""
    return tr(f"history.kind.{kind}")


def _language(lang: str | None) -> str:
    """``lang`` checked, or the current language when it is None."""
    return i18n.language() if lang is None else i18n.check_language(lang)


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


def _text_table(
    name: str, columns: Sequence[str], rows: Sequence[Sequence[object]], links: Sequence[str] = ()
) -> TextTable:
    """A table of text whose headers are the catalogue's ``history.<name>.<column>`` texts."""
    import pandas as pd

    return text_table(
        pd.DataFrame([list(row) for row in rows], columns=list(columns), dtype=object),
        {c: tr(f"history.{name}.{c}") for c in columns},
        links=links,
        name=name.replace("_", "-"),
    )


def _short(text: str, width: int = 60) -> str:
    """The start of ``text`` that fits ``width`` columns; a Hangul syllable takes two."""
    used = 0
    for i, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > width:
            return text[:i]
    return text


def era_table() -> TextTable:
    """The eras of the history, with how many events each holds and how many the source text names.

    Taught in notebook ``05-history``.

    >>> era_table().frame().iloc[0, :2].tolist()
    ['mainframe', '1960-1978']
    """
    events = _events()
    title = i18n.column("title")
    rows = []
    for era in _eras():
        inside = events[events["era"] == era.id]
        claimed = int(inside["verdict"].notna().sum())
        first, last = inside.iloc[0], inside.iloc[-1]
        rows.append(
            (
                era.id,
                f"{era.start_year}-{era.end_year}",
                _with_second(vars(era), "title"),
                len(inside),
                claimed,
                f"{_when(first['year'], first['month'])} {first[title]}",
                f"{_when(last['year'], last['month'])} {last[title]}",
            )
        )
    return _text_table(
        "era_table", ("era", "years", "title", "events", "claimed", "first", "last"), rows
    )


def era_events(era_id: str, categories: Sequence[str] | None = None) -> TextTable:
    """The events of one era (optionally only some lanes), oldest first, one row each.

    The event's title comes in the current language, then in the second one
    (Korean beside English, English beside Korean).

    Args:
        era_id: an era id from :func:`virtlab.history.eras`, e.g. ``"mainframe"``.
        categories: lanes to keep, from :func:`virtlab.history.categories`; all by default.

    Raises:
        ValueError: an unknown era or category; the message lists the allowed ones.

    Taught in notebook ``05-history``.

    >>> era_events("mainframe").to_markdown().splitlines()[2].startswith("| 1964 | CP-40")
    True
    """
    ids = tuple(era.id for era in _eras())
    if era_id not in ids:
        raise ValueError(_unknown("era", era_id, ids))
    wanted = tuple(categories) if categories is not None else history.categories()
    for category in wanted:
        if category not in history.categories():
            raise ValueError(_unknown("category", category, history.categories()))
    events = _events()
    chosen = events[(events["era"] == era_id) & events["category"].isin(wanted)]
    title, second = i18n.column("title"), f"title_{_second()}"
    rows = [
        (
            _when(r["year"], r["month"]),
            r[title],
            r[second],
            _lane(str(r["category"])),
            _verdict_note(r["claim_ids"], r["verdict"]),
            r["id"],
        )
        for r in chosen.to_dict("records")
    ]
    return _text_table(
        "era_events", ("date", "event", "event_second", "lane", "source_text", "row_id"), rows
    )


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
        raise ValueError(_unknown("category", category, (ALL_CATEGORIES, *history.categories())))
    events = history.between(start_year, end_year)
    if category != ALL_CATEGORIES:
        events = events[events["category"] == category]
    return events.reset_index(drop=True)


def timeline_dashboard(
    start_year: int, end_year: int, category: str = ALL_CATEGORIES, lang: str | None = None
) -> Dashboard:
    """A year-range slider and a lane selector; the timeline shows the events they pick.

    Args:
        start_year, end_year: the years shown first (both included).
        category: the lane shown first, or ``"all"``.
        lang: the language of the dashboard and the one its timeline shows first;
            the current language of :mod:`virtlab.i18n` by default.

    Taught in notebook ``05-history``.
    """
    import ipywidgets as widgets

    from virtlab.figures import timeline_figure

    lang = _language(lang)
    with i18n.using(lang):
        events_in(start_year, end_year, category)  # a bad default fails here, with its message
        all_eras = _eras()
        years = widgets.IntRangeSlider(
            value=(start_year, end_year),
            min=all_eras[0].start_year,
            max=all_eras[-1].end_year,
            description=tr("history.dashboard.years"),
            continuous_update=False,
        )
        lanes = widgets.Dropdown(
            options=[(_lane(c), c) for c in (ALL_CATEGORIES, *history.categories())],
            value=category,
        )
        lanes.description = tr("history.dashboard.lane")

        def summary(years: tuple[int, int], category: str) -> str:
            with i18n.using(lang):
                shown = events_in(years[0], years[1], category)
                return tr(
                    "history.dashboard.summary",
                    count=len(shown),
                    start=years[0],
                    end=years[1],
                    lane=_lane(category),
                )

        def figure_for(years: tuple[int, int], category: str) -> go.Figure:
            figure = timeline_figure(_events(), lang=lang)
            show_years_and_lane(figure, years, category)
            return figure

        return Dashboard(
            tr("history.dashboard.title"),
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

    Rows are the kinds of claim, columns the verdicts, with totals (``all``); in
    English they are labelled with the ids of ``data/seed_claims.csv``, in
    another language with their names in it.

    Taught in notebook ``05-history``.

    >>> int(claims_count().loc["all", "all"])
    35
    """
    import pandas as pd

    claims = _claims()
    table = pd.crosstab(claims["kind"], claims["verdict"], margins=True, margins_name="all")
    table = table[[v for v in (*_VERDICTS, "all") if v in table.columns]]
    table = table.rename(
        index=lambda kind: _kind(kind) if kind != "all" else tr("history.claims_count.all"),
        columns=lambda verdict: tr(f"history.claims_count.{verdict}"),
    )
    table.index.name = tr("history.claims_count.kind")
    table.columns.name = tr("history.claims_count.verdict")
    return table


def claims_table(claims: pd.DataFrame | None = None) -> TextTable:
    """The source text's claims as a table: each claim, its verdict, the correction, the sources.

    The claim is quoted in Korean, as the source text wrote it; in any other
    language its English translation follows in a column of its own. The verdict
    (colored green, amber or red) and the correction are in the current language;
    every source is a link.

    Args:
        claims: rows of :func:`virtlab.history.seed_claims` (for example one
            notebook's claims), in the order to show; every claim by default.

    Returns:
        A new :class:`~virtlab.ui.TextTable`, one row per claim.

    Taught in notebooks ``03-full-vs-paravirtualization``, ``04-containers`` and ``05-history``.

    >>> claims_table().frame()["verdict"].tolist()[:3]
    ['partly correct', 'partly correct', 'correct']
    """
    import pandas as pd

    if claims is None:
        claims = _claims()
    verdicts = [str(v) for v in claims["verdict"]]
    shown = pd.DataFrame(
        {
            "claim_id": claims["claim_id"].to_numpy(),
            "claim_ko": claims["claim_ko"].to_numpy(),
            "claim_en": claims["claim_en"].to_numpy(),
            "verdict": [VERDICT_WORDS[v] for v in verdicts],
            "correction": claims[i18n.column("correction")].to_numpy(),
            "source_url": claims["source_url"].to_numpy(),
        }
    )
    columns = {"claim_id": "#", "claim_ko": tr("history.claims_table.claim")}
    if i18n.language() != _SOURCE_LANGUAGE:
        columns["claim_en"] = tr("history.claims_table.claim_translated")
    columns |= {
        "verdict": tr("history.claims_table.verdict"),
        "correction": tr("history.claims_table.correction"),
        "source_url": tr("history.claims_table.sources"),
    }
    return text_table(
        shown,
        columns,
        links=["source_url"],
        colors={"verdict": [VERDICT_COLORS[v] for v in verdicts]},
        name="claims",
    )


def claim_card(claim_id: str) -> MarkdownView:
    """One claim of the source text: its words, the verdict, the correction and the evidence rows.

    Raises:
        ValueError: there is no claim with that id; the message lists them.

    Taught in notebook ``05-history``.

    >>> claim_card("S31").text.splitlines()[0]
    '**S31** (date): **wrong**'
    """
    return claim_cards(claim_id)


def _correction_lines(row: pd.Series, bold: tuple[str, str]) -> list[str]:
    """The correction in the current language and, when that is not the source text's
    language, in the source text's language too (as the claim is quoted in it)."""
    lines = [f"{bold[0]}{tr('history.card.correction')}{bold[1]} {row[i18n.column('correction')]}"]
    if i18n.language() != _SOURCE_LANGUAGE:
        with i18n.using(_SOURCE_LANGUAGE):
            label, text = tr("history.card.correction"), row[i18n.column("correction")]
        lines.append(f"{bold[0]}{label}{bold[1]} {text}")
    return lines


def claim_cards(*claim_ids: str) -> MarkdownView:
    """Several claims of the source text, one card each, in the order given.

    Taught in notebook ``05-history``.

    >>> claim_cards("S30", "S31").text.count("**Correction:**")
    2
    """
    events = _events()  # oldest first
    title = i18n.column("title")
    dated = {
        str(r["id"]): f"{_when(r['year'], r['month'])} {r[title]}"
        for r in events.to_dict("records")
    }
    order = {event_id: i for i, event_id in enumerate(dated)}
    cards = []
    for claim_id in claim_ids:
        row = _claim_row(claim_id)
        kind = _kind(str(row["kind"]))
        ids = sorted((i.strip() for i in str(row["event_ids"]).split(" | ")), key=order.__getitem__)
        lines = [
            tr(
                "history.card.heading",
                id=claim_id,
                kind=kind,
                verdict=VERDICT_WORDS[str(row["verdict"])],
            ),
            "",
            f"> {row['claim_ko']}",
        ]
        if i18n.language() != _SOURCE_LANGUAGE:
            lines += [">", f"> *{row['claim_en']}*"]
        for correction in _correction_lines(row, ("**", "**")):
            lines += ["", correction]
        lines += [
            "",
            tr("history.card.evidence"),
            "",
            *(f"- {dated[i]} (`{i}`)" for i in ids),
            "",
            tr(
                "history.card.sources",
                urls=", ".join(f"<{url.strip()}>" for url in str(row["source_url"]).split(" | ")),
            ),
        ]
        cards.append("\n".join(lines))
    return MarkdownView("\n\n---\n\n".join(cards))


def claim_figure(claim_id: str, lang: str | None = None) -> go.Figure:
    """The timeline of one claim's evidence events, titled with the claim and its verdict.

    Args:
        claim_id: the claim, e.g. ``"S31"``.
        lang: the language the figure shows first; the current language by default.
            Its buttons switch to every course language.

    Taught in notebook ``05-history``.
    """
    from virtlab.figures import timeline_figure

    row = _claim_row(claim_id)
    evidence = [i.strip() for i in str(row["event_ids"]).split(" | ")]
    events = _events()
    titles = {}
    for code in i18n.languages():
        with i18n.using(code):
            titles[code] = tr(
                "history.claim_figure.title",
                id=claim_id,
                verdict=VERDICT_WORDS[str(row["verdict"])],
            )
    return timeline_figure(events[events["id"].isin(evidence)], lang=_language(lang), titles=titles)


def claim_dashboard(claim_id: str, lang: str | None = None) -> Dashboard:
    """A menu of the source text's claims; the figure shows the chosen claim's evidence.

    Args:
        claim_id: the claim shown first, e.g. ``"S31"``.
        lang: the language of the dashboard and the one its figure shows first;
            the current language of :mod:`virtlab.i18n` by default.

    Taught in notebook ``05-history``.
    """
    import html

    import ipywidgets as widgets

    lang = _language(lang)
    with i18n.using(lang):
        claims = _claims()
        claim = i18n.column("claim")
        options = [
            (
                tr(
                    "history.claim_menu.option",
                    id=r["claim_id"],
                    verdict=VERDICT_WORDS[str(r["verdict"])],
                    claim=_short(str(r[claim])),
                ),
                r["claim_id"],
            )
            for r in claims.to_dict("records")
        ]
        menu = widgets.Dropdown(options=options, value=_claim_row(claim_id)["claim_id"])
        menu.description = tr("history.claim_menu.label")

        def summary(claim_id: str) -> str:
            with i18n.using(lang):
                row = _claim_row(claim_id)
                text = (
                    f"<b>{claim_id}: {VERDICT_WORDS[str(row['verdict'])]}</b><br>"
                    f"“{html.escape(str(row['claim_ko']))}”"
                )
                if lang != _SOURCE_LANGUAGE:
                    text += f"<br><i>{html.escape(str(row['claim_en']))}</i>"
                first, *_ = _correction_lines(row.map(_escaped), ("<b>", "</b>"))
                return f"{text}<br>{first}"

        return Dashboard(
            tr("history.claim_menu.title"),
            {"claim_id": menu},
            lambda claim_id: claim_figure(claim_id, lang),
            summary,
        )


def _escaped(value: object) -> object:
    """Text made safe for HTML; other values as they are."""
    import html

    return html.escape(value) if isinstance(value, str) else value


def _comparable(a: dict[Any, Any], b: dict[Any, Any]) -> bool:
    """True when the data can tell which of two events came first."""
    if a["year"] != b["year"]:
        return True
    months = (a["month"], b["month"])
    return all(isinstance(m, int | np.integer) for m in months) and months[0] != months[1]


def first_event_question(seed: int) -> Question:
    """Which of two events came first? Two events at most three years apart, drawn by the seed.

    The events are named in the current language, with the second language in
    parentheses. Taught in notebook ``05-history``.
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
    shown = sorted((a, b), key=lambda e: str(e["title_en"]))  # the same order in every language
    title = i18n.column("title")
    return Question(
        title=tr("history.question.first.title"),
        prompt=tr("history.question.first.prompt"),
        options=tuple(_with_second(e, "title") for e in shown),
        answer=_with_second(first, "title"),
        explanation=tr(
            "history.question.first.explanation",
            first=first[title],
            first_when=_when(first["year"], first["month"]),
            first_id=first["id"],
            second=second[title],
            second_when=_when(second["year"], second["month"]),
            second_id=second["id"],
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
    note = event[i18n.column("date_note")]
    return Question(
        title=tr("history.question.year.title"),
        prompt=tr(
            "history.question.year.prompt",
            title=event[i18n.column("title")],
            second=event[f"title_{_second()}"],
            actor=event[i18n.column("actor")],
        ),
        options=tuple(str(o) for o in options),
        answer=str(year),
        explanation=tr(
            "history.question.year.explanation",
            when=_when(event["year"], event["month"]),
            id=event["id"],
            description=event[i18n.column("description")],
            source=str(event["source_url"]).split(" | ")[0],
        )
        + (" " + tr("history.question.year.date_note", note=note) if isinstance(note, str) else ""),
        seed=seed,
    )


def verdict_question(seed: int) -> Question:
    """Is this claim of the source text correct, partly correct or wrong? Drawn by the seed.

    The claim is quoted in Korean, as the source text wrote it (with its English
    translation in any other language); the options are :data:`VERDICT_WORDS`.
    Taught in notebook ``05-history``.
    """
    rng = np.random.default_rng([3, seed])  # a stream of its own, so checks differ
    claims = _claims()
    dated = claims[claims["kind"].isin(_HISTORY_KINDS)].to_dict("records")
    row = dated[int(rng.integers(len(dated)))]
    prompt = tr("history.question.verdict.prompt", id=row["claim_id"], claim=row["claim_ko"])
    if i18n.language() != _SOURCE_LANGUAGE:
        prompt += " " + tr("history.question.verdict.translation", text=row["claim_en"])
    words = [VERDICT_WORDS[v] for v in _VERDICTS]
    return Question(
        title=tr("history.question.verdict.title"),
        prompt=prompt + " " + tr("history.question.verdict.ask"),
        options=tuple(words),
        answer=VERDICT_WORDS[str(row["verdict"])],
        explanation=tr(
            "history.question.verdict.explanation",
            correction=row[i18n.column("correction")],
            evidence=row[i18n.column("evidence")],
        ),
        seed=seed,
    )


def history_sources() -> TextTable:
    """Every source URL of the history and the claims, as a link, with the rows that cite it.

    Taught in notebook ``05-history``.

    >>> history_sources().to_markdown().splitlines()[0]
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
        (url, ", ".join(events) or "-", ", ".join(claims) or "-")
        for url, (events, claims) in sorted(cited.items())
    ]
    return _text_table("sources", ("source", "events", "claims"), rows, links=["source"])
