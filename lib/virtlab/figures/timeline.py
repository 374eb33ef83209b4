"""Figures of the history: a timeline of events and a table of the source text's claims.

Both builders take a table from :mod:`virtlab.history` (or load it) and return
a new plotly ``go.Figure``. Each figure carries its own English/Korean switch
as plotly ``updatemenus`` buttons, so the switch works in a static HTML page
without a kernel; ``lang`` picks the language shown first. The builders are
deterministic: the same table always gives the same figure.

Taught in notebook ``05-history``.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from virtlab import history

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CATEGORY_COLORS", "LANGUAGES", "claims_table_figure", "timeline_figure"]

LANGUAGES: tuple[str, ...] = ("en", "ko")
"""Languages every history figure can show, in the order of its buttons."""

_BUTTON_LABELS = {"en": "English", "ko": "한국어"}

CATEGORY_COLORS: dict[str, str] = {
    "mainframe": "#7F7F7F",
    "hypervisor": "#1F77B4",
    "hardware": "#8C564B",
    "os_container": "#BCBD22",
    "linux_kernel": "#2CA02C",
    "container_runtime": "#FF7F0E",
    "orchestration": "#9467BD",
    "standard": "#17BECF",
    "cloud": "#E377C2",
    "sandbox": "#D62728",
}
"""One fixed color per history category (lane), so every figure agrees."""

_CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "mainframe": {"en": "Mainframe", "ko": "메인프레임"},
    "hypervisor": {"en": "Hypervisors", "ko": "하이퍼바이저"},
    "hardware": {"en": "CPU and theory", "ko": "CPU와 이론"},
    "os_container": {"en": "OS-level containers", "ko": "OS 수준 컨테이너"},
    "linux_kernel": {"en": "Linux kernel", "ko": "리눅스 커널"},
    "container_runtime": {"en": "Container runtimes", "ko": "컨테이너 런타임"},
    "orchestration": {"en": "Orchestration", "ko": "오케스트레이션"},
    "standard": {"en": "Standards and foundations", "ko": "표준과 재단"},
    "cloud": {"en": "Cloud", "ko": "클라우드"},
    "sandbox": {"en": "Sandboxes and microVMs", "ko": "샌드박스와 마이크로VM"},
}

_VERDICT_LABELS: dict[str, dict[str, str]] = {
    "correct": {"en": "correct", "ko": "맞음"},
    "partly": {"en": "partly correct", "ko": "부분적으로 맞음"},
    "wrong": {"en": "wrong", "ko": "틀림"},
}
_VERDICT_LINE_COLORS = {"correct": "#1A9850", "partly": "#E6A100", "wrong": "#D73027"}
_VERDICT_FILL_COLORS = {"correct": "#D9F0D3", "partly": "#FFF1C2", "wrong": "#F8D0D0"}

_WORDS: dict[str, dict[str, str]] = {
    "timeline_title": {
        "en": "Virtual machines and containers, 1964 to today",
        "ko": "가상머신과 컨테이너의 역사, 1964년부터 오늘까지",
    },
    "year": {"en": "Year", "ko": "연도"},
    "actor": {"en": "Who", "ko": "주체"},
    "date_note": {"en": "Date note", "ko": "날짜 메모"},
    "source_text": {"en": "Source text", "ko": "원문 주장"},
    "sources": {"en": "Sources", "ko": "출처"},
    "unverified": {"en": "date not verified", "ko": "날짜 미확인"},
    "table_title": {
        "en": "Claims of the source text, checked",
        "ko": "원문 주장 검증",
    },
}
_TABLE_HEADERS = {
    "en": ["#", "Claim (source text)", "Verdict", "Correction", "Sources"],
    "ko": ["#", "원문 주장", "판정", "바로잡은 내용", "출처"],
}
_WRAP = {"en": 72, "ko": 42}
_LANE_SPREAD = 0.16  # vertical gap between events of one lane and year, in lane units


# Axes drawn white, as plotly's "plotly_white" template draws a 2-D chart, with
# fixed margins (the figure sets them, wide enough for the lane names): with
# automargin, plotly.js measures every tick label and may lay the figure out
# twice on each redraw, which made a move of the timeline's years slow.
_AXIS_STYLE = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "automargin": False,
}


def timeline_figure(
    events: pd.DataFrame | None = None,
    *,
    lang: str = "en",
    titles: Mapping[str, str] | None = None,
) -> go.Figure:
    """A timeline of the history: one lane per category, years along the bottom.

    Each marker is an event; hovering shows its title, date, description, who
    did it, the verdict on what the source text says about it (if anything)
    and its sources. A hollow marker means the month is unknown; a colored ring
    marks events the source text gets right (green), partly right (amber) or
    wrong (red). Shaded bands are the eras. Buttons switch English/Korean.

    Args:
        events: a table like :func:`virtlab.history.load` returns (for
            example a subset from ``history.between``); all events by default.
        lang: ``"en"`` or ``"ko"``, the language shown first.
        titles: the figure's title in each language; the timeline's own by default.

    Returns:
        A new ``go.Figure`` with one scatter trace per category present.

    Raises:
        ValueError: ``lang`` is not a supported language.

    Taught in notebook ``05-history``.

    >>> fig = timeline_figure()
    >>> len(fig.data) == len(history.categories())
    True
    >>> [b.label for b in fig.layout.updatemenus[0].buttons]
    ['English', '한국어']
    """
    _check_lang(lang)
    if events is None:
        events = history.load()
    present = [c for c in history.categories() if c in set(events["category"])]
    lane = {category: i for i, category in enumerate(reversed(present))}
    x = [_decimal_year(y, m) for y, m in zip(events["year"], events["month"], strict=True)]
    y = _lane_positions(events, lane)

    traces = []
    for category in present:
        rows = [i for i, c in enumerate(events["category"]) if c == category]
        chosen = events.iloc[rows]
        traces.append(
            go.Scatter(
                x=[x[i] for i in rows],
                y=[y[i] for i in rows],
                mode="markers",
                name=_CATEGORY_LABELS[category][lang],
                legendgroup=category,
                hovertext=_hover_texts(chosen, lang),
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "size": 11,
                    "color": CATEGORY_COLORS[category],
                    "symbol": ["circle-open" if _missing(m) else "circle" for m in chosen["month"]],
                    "line": {
                        "width": [2.5 if isinstance(v, str) else 1 for v in chosen["verdict"]],
                        "color": [
                            _VERDICT_LINE_COLORS.get(str(v), CATEGORY_COLORS[category])
                            for v in chosen["verdict"]
                        ],
                    },
                },
            )
        )
    all_eras = history.eras()
    # an empty selection still shows the whole history's eras and axes
    lo, hi = (min(x), max(x)) if x else (all_eras[0].start_year, all_eras[-1].end_year + 1.0)
    shown = [e for e in all_eras if e.start_year <= hi and e.end_year + 1 >= lo]
    era_shapes, era_notes = _era_bands(shown, lang)
    titles = titles or _WORDS["timeline_title"]
    states = {
        code: _timeline_state(events, present, shown, code, titles[code]) for code in LANGUAGES
    }
    # White, as plotly's "plotly_white" template draws a 2-D chart: naming that
    # template makes plotly validate a copy of it, 8 ms of every rebuild.
    layout = dict(
        plot_bgcolor="white",
        height=max(460, 60 * len(present) + 260),
        margin={"l": 200, "r": 30, "t": 120, "b": 120},
        hovermode="closest",
        hoverlabel={"align": "left"},
        shapes=era_shapes,
        annotations=era_notes,
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0},
        xaxis={
            "dtick": 5,
            "showgrid": True,
            "range": [lo - 1, hi + 1],
            "title": {"text": _WORDS["year"][lang]},
            **_AXIS_STYLE,
        },
        yaxis={
            "tickvals": list(range(len(present))),
            "ticktext": states[lang][1]["yaxis.ticktext"],
            "range": [-0.6, len(present) - 0.4],
            "showgrid": False,
            **_AXIS_STYLE,
        },
        title={"text": titles[lang]},
        updatemenus=[_language_buttons(lang, states)],
    )
    return go.Figure(data=traces, layout=layout)


def claims_table_figure(claims: pd.DataFrame | None = None, *, lang: str = "en") -> go.Figure:
    """A table of the source text's claims: the claim, the verdict, the correction, the sources.

    The verdict cell is colored: green for correct, amber for partly correct,
    red for wrong. Buttons switch English/Korean (the claim itself is always
    quoted in Korean, as the source text wrote it).

    Args:
        claims: a table like :func:`virtlab.history.seed_claims` returns; all
            claims by default.
        lang: ``"en"`` or ``"ko"``, the language shown first.

    Returns:
        A new ``go.Figure`` holding one ``go.Table``.

    Raises:
        ValueError: ``lang`` is not a supported language.

    Taught in notebook ``05-history``.

    >>> fig = claims_table_figure(lang="ko")
    >>> fig.data[0].header.values[2]
    '판정'
    """
    _check_lang(lang)
    if claims is None:
        claims = history.seed_claims()
    fills = [
        ["white"] * len(claims),
        ["white"] * len(claims),
        [_VERDICT_FILL_COLORS[str(v)] for v in claims["verdict"]],
        ["white"] * len(claims),
        ["white"] * len(claims),
    ]
    table = go.Table(
        columnwidth=[0.5, 3.2, 1.1, 4.2, 2.6],
        header={
            "values": _TABLE_HEADERS[lang],
            "fill": {"color": "#E8ECF1"},
            "align": "left",
            "font": {"size": 13},
        },
        cells={
            "values": _table_cells(claims, lang),
            "fill": {"color": fills},
            "align": "left",
            "font": {"size": 12},
            "height": 28,
        },
    )
    fig = go.Figure(data=[table])
    states = {
        code: (
            {"header.values": [_TABLE_HEADERS[code]], "cells.values": [_table_cells(claims, code)]},
            {"title.text": _WORDS["table_title"][code]},
        )
        for code in LANGUAGES
    }
    fig.update_layout(
        title={"text": _WORDS["table_title"][lang]},
        height=max(500, 150 * len(claims) + 150),
        margin={"l": 20, "r": 20, "t": 90, "b": 20},
        updatemenus=[_language_buttons(lang, states)],
    )
    return fig


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")


def _missing(value: object) -> bool:
    """True for an empty cell (None, NaN or pandas NA)."""
    import pandas as pd

    return value is None or value is pd.NA or value != value  # NaN is not equal to itself


def _decimal_year(year: object, month: object) -> float:
    """Where an event sits on the year axis: mid-month, or mid-year when the month is unknown."""
    if _missing(month):
        return int(str(year)) + 0.5
    return int(str(year)) + (int(str(month)) - 0.5) / 12


def _lane_positions(events: pd.DataFrame, lane: dict[str, int]) -> list[float]:
    """Each event's height: its lane, nudged apart from other events of that lane and year."""
    groups: dict[tuple[str, int], list[int]] = {}
    for i, (category, year) in enumerate(zip(events["category"], events["year"], strict=True)):
        groups.setdefault((str(category), int(year)), []).append(i)
    heights = [0.0] * len(events)
    for (category, _year), members in groups.items():
        for k, i in enumerate(members):
            offset = (k - (len(members) - 1) / 2) * _LANE_SPREAD
            heights[i] = lane[category] + max(-0.4, min(0.4, offset))
    return heights


def _hover_texts(events: pd.DataFrame, lang: str) -> list[str]:
    """The hover text of each event, in one language (the shipped events' are made once)."""
    known = _shipped_hover_texts(lang)
    if all(isinstance(i, str) and i in known for i in events["id"]):
        return [known[i] for i in events["id"]]
    return _make_hover_texts(events, lang)


@functools.cache
def _shipped_hover_texts(lang: str) -> dict[str, str]:
    """Hover texts of every shipped event by id: a dashboard redraws without rebuilding them."""
    events = history.load()
    return dict(zip(events["id"], _make_hover_texts(events, lang), strict=True))


def _make_hover_texts(events: pd.DataFrame, lang: str) -> list[str]:
    """Build the hover text of each event from its row."""
    texts = []
    for row in events.to_dict("records"):
        month = row["month"]
        date = f"{row['year']}" if _missing(month) else f"{row['year']}-{int(str(month)):02d}"
        if row["verified"] != "yes":
            date += f" ({_WORDS['unverified'][lang]})"
        lines = [f"<b>{_escape(row[f'title_{lang}'])}</b>", date]
        lines += _wrapped(row[f"description_{lang}"], lang)
        lines.append(f"{_WORDS['actor'][lang]}: {_escape(row['actor'])}")
        if isinstance(row["date_note"], str):
            lines += _wrapped(f"{_WORDS['date_note'][lang]}: {row['date_note']}", lang)
        if isinstance(row["verdict"], str):
            verdict = _VERDICT_LABELS[row["verdict"]][lang]
            correction = row[f"correction_{lang}"]
            note = f"{_WORDS['source_text'][lang]} ({row['claim_ids']}): {verdict}"
            if isinstance(correction, str):
                note += f". {correction}"
            lines += _wrapped(note, lang)
        lines.append(f"{_WORDS['sources'][lang]}:")
        lines += [_escape(url) for url in str(row["source_url"]).split(" | ")]
        texts.append("<br>".join(lines))
    return texts


def _timeline_state(
    events: pd.DataFrame, present: list[str], shown: list[history.Era], lang: str, title: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the language buttons restyle (per trace) and relayout for one language."""
    hover = [_hover_texts(events[events["category"] == c], lang) for c in present]
    restyle = {"hovertext": hover, "name": [_CATEGORY_LABELS[c][lang] for c in present]}
    relayout: dict[str, Any] = {
        "title.text": title,
        "xaxis.title.text": _WORDS["year"][lang],
        "yaxis.ticktext": [_CATEGORY_LABELS[c][lang] for c in reversed(present)],
    }
    for i, era in enumerate(shown):
        relayout[f"annotations[{i}].text"] = _era_title(era, lang)
    return restyle, relayout


def _era_bands(
    shown: list[history.Era], lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A shaded band and a title for each era shown, alternating grey and white."""
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for i, era in enumerate(shown):
        start, end = float(era.start_year), float(era.end_year + 1)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": start,
                "x1": end,
                "y0": 0,
                "y1": 1,
                "fillcolor": "#F2F2F2" if i % 2 == 0 else "#FFFFFF",
                "line": {"width": 0},
                "layer": "below",
            }
        )
        notes.append(
            {
                "x": (start + end) / 2,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": _era_title(era, lang),
                "showarrow": False,
                "font": {"size": 10, "color": "#555555"},
            }
        )
    return shapes, notes


def _era_title(era: history.Era, lang: str) -> str:
    """An era's title in one language, broken into short lines to fit over its band."""
    title = era.title_en if lang == "en" else era.title_ko
    width = 16 if lang == "en" else 9  # a Hangul syllable is about twice as wide
    return "<br>".join(_escape(line) for line in textwrap.wrap(title, width=width))


def _language_buttons(
    lang: str, states: dict[str, tuple[dict[str, Any], dict[str, Any]]]
) -> dict[str, Any]:
    """Plotly buttons that restyle and relayout the figure into each language."""
    return {
        "type": "buttons",
        "direction": "right",
        "active": LANGUAGES.index(lang),
        "x": 1.0,
        "xanchor": "right",
        "y": 1.18,
        "yanchor": "bottom",
        "showactive": True,
        "buttons": [
            {"label": _BUTTON_LABELS[code], "method": "update", "args": list(states[code])}
            for code in LANGUAGES
        ],
    }


def _table_cells(claims: pd.DataFrame, lang: str) -> list[list[str]]:
    """The table's columns for one language: id, claim, verdict, correction, sources."""
    claim_texts = []
    for ko, en in zip(claims["claim_ko"], claims["claim_en"], strict=True):
        text = "<br>".join(_wrapped(ko, "ko"))
        if lang == "en":
            text += "<br><i>" + "<br>".join(_wrapped(en, "en")) + "</i>"
        claim_texts.append(text)
    return [
        [str(c) for c in claims["claim_id"]],
        claim_texts,
        [_VERDICT_LABELS[str(v)][lang] for v in claims["verdict"]],
        ["<br>".join(_wrapped(c, lang)) for c in claims[f"correction_{lang}"]],
        ["<br>".join(_escape(u) for u in str(s).split(" | ")) for s in claims["source_url"]],
    ]


def _wrapped(text: object, lang: str) -> list[str]:
    """Text split into lines short enough for a hover box or a table cell."""
    return [_escape(line) for line in textwrap.wrap(str(text), width=_WRAP[lang])]


def _escape(text: object) -> str:
    """Text safe for plotly's HTML-like labels."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
