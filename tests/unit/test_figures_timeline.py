"""The history figure: the bilingual timeline."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from virtlab import history, i18n
from virtlab.figures import timeline_figure
from virtlab.figures.timeline import CATEGORY_COLORS, LANGUAGES

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return history.load()


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    return timeline_figure()


def test_one_trace_per_category(figure: go.Figure, events: pd.DataFrame) -> None:
    assert len(figure.data) == len(history.categories())
    counts = events["category"].value_counts()
    for trace, category in zip(figure.data, history.categories(), strict=True):
        assert len(trace.x) == counts[category], category
    # second route: every event is drawn exactly once
    assert sum(len(t.x) for t in figure.data) == len(events)


def test_every_category_has_a_color() -> None:
    assert set(CATEGORY_COLORS) == set(history.categories())


def test_both_language_buttons(figure: go.Figure) -> None:
    menu = figure.layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == ["English", "한국어"]
    assert all(b.method == "update" for b in menu.buttons)
    assert menu.active == 0


@pytest.mark.parametrize("button", [0, 1])
def test_buttons_restyle_every_trace(figure: go.Figure, button: int) -> None:
    restyle, relayout = figure.layout.updatemenus[0].buttons[button].args
    assert len(restyle["hovertext"]) == len(figure.data)
    assert [len(h) for h in restyle["hovertext"]] == [len(t.x) for t in figure.data]
    assert len(restyle["name"]) == len(figure.data)
    assert set(relayout) >= {"title.text", "xaxis.title.text", "yaxis.ticktext"}


def test_korean_button_switches_to_korean(figure: go.Figure) -> None:
    restyle, relayout = figure.layout.updatemenus[0].buttons[1].args
    assert HANGUL.search(relayout["title.text"])
    assert all(HANGUL.search(name) for name in restyle["name"])
    assert all(HANGUL.search(text) for trace in restyle["hovertext"] for text in trace)


def test_lang_argument_sets_the_first_language() -> None:
    korean = timeline_figure(lang="ko")
    assert HANGUL.search(korean.layout.title.text)
    assert korean.layout.updatemenus[0].active == 1
    assert all(HANGUL.search(t.name) for t in korean.data)
    # the Korean figure starts where the English figure's Korean button leads
    english = timeline_figure(lang="en")
    restyle, _ = english.layout.updatemenus[0].buttons[1].args
    assert [list(t.hovertext) for t in korean.data] == restyle["hovertext"]


def test_hover_shows_title_description_and_sources(figure: go.Figure, events: pd.DataFrame) -> None:
    texts = {text for trace in figure.data for text in trace.hovertext}
    everything = "\n".join(texts)
    for row in events.itertuples():
        first_url = row.source_url.split(" | ")[0].replace("&", "&amp;")
        assert first_url in everything, row.id
        assert f"<b>{row.title_en.replace('&', '&amp;')}</b>" in everything, row.id


def test_hollow_markers_for_unknown_months(figure: go.Figure, events: pd.DataFrame) -> None:
    hollow = sum(list(t.marker.symbol).count("circle-open") for t in figure.data)
    assert hollow == events["month"].isna().sum()


def test_figure_is_deterministic() -> None:
    assert timeline_figure().to_json() == timeline_figure().to_json()


def test_subset_draws_only_present_categories() -> None:
    subset = history.between(2013, 2016)
    fig = timeline_figure(subset)
    assert sum(len(t.x) for t in fig.data) == len(subset)
    assert len(fig.data) == subset["category"].nunique()


def test_empty_selection_draws_an_empty_timeline() -> None:
    # years with no events: no traces, but the axes and eras still show
    fig = timeline_figure(history.between(1980, 1996))
    assert len(fig.data) == 0
    assert len(fig.layout.shapes) == len(history.eras())


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"unknown language 'fr'; choose one of en, ko"):
        timeline_figure(lang="fr")


def test_languages_are_english_and_korean() -> None:
    assert LANGUAGES == ("en", "ko")
    assert tuple(i18n.languages()) == LANGUAGES  # the course's editions, in their order


def _fixed_words(figure: go.Figure) -> list[str]:
    """The figure's own words in the language it shows: title, axis, legend, lane names."""
    layout = figure.layout
    return [
        layout.title.text,
        layout.xaxis.title.text,
        *layout.yaxis.ticktext,
        *(trace.name for trace in figure.data),
    ]


def test_the_current_language_is_shown_first() -> None:
    # no lang: the figure starts in the course's current language
    with i18n.using("ko"):
        korean = timeline_figure(history.between(2013, 2016))
    assert korean.layout.updatemenus[0].active == 1
    with i18n.using("en"):
        assert timeline_figure(history.between(2013, 2016)).layout.updatemenus[0].active == 0


def test_korean_timeline_has_no_english_words() -> None:
    with i18n.using("ko"):
        fig = timeline_figure()
    for text in _fixed_words(fig):
        assert HANGUL.search(text), text
        assert not i18n.english_words(text), text
    # the era titles over the bands, and the fixed words of every hover text
    assert all(HANGUL.search(note.text) for note in fig.layout.annotations)
    hovers = [text for trace in fig.data for text in trace.hovertext]
    assert all("<br>주체: " in text and "<br>출처:<br>" in text for text in hovers)
    assert not any(word in text for text in hovers for word in ("Who:", "Sources:", "Date note"))
    notes = [line for text in hovers for line in text.split("<br>") if line.startswith("날짜 메모")]
    assert len(notes) == history.load()["date_note_ko"].notna().sum()
    assert not [line for line in notes if set(i18n.english_words(line)) - {"systemd"}]
    # the same words as the English figure's Korean button sets
    _, relayout = timeline_figure(lang="en").layout.updatemenus[0].buttons[1].args
    assert relayout["title.text"] == fig.layout.title.text
    assert relayout["yaxis.ticktext"] == list(fig.layout.yaxis.ticktext)


def test_english_timeline_stays_english() -> None:
    with i18n.using("ko"):
        fig = timeline_figure(lang="en")  # an explicit lang wins over the current language
    for text in _fixed_words(fig):
        assert not HANGUL.search(text), text
    assert fig.layout.title.text == "Virtual machines and containers, 1964 to today"
    hovers = [text for trace in fig.data for text in trace.hovertext]
    assert all("<br>Who: " in text for text in hovers)
    assert not any(HANGUL.search(line) for text in hovers for line in text.split("<br>")[:2])


def test_unknown_language_is_korean_in_korean() -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match=r"^알 수 없는 언어입니다: 'fr'\. "):
        timeline_figure(lang="fr")
