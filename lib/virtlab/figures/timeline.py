"""Figures of the history: a timeline of events.

The builder takes a table from :mod:`virtlab.history` (or loads it) and returns
a new plotly ``go.Figure``. Each figure carries its own switch between the
course's languages (English, 한국어) as plotly ``updatemenus`` buttons, so the
switch works in a static HTML page without a kernel; ``lang`` picks the
language shown first, the current language of :mod:`virtlab.i18n` by default.
Every word of every language comes from the text catalogue. The builder is
deterministic: the same table always gives the same figure.

Taught in notebook ``05-history``.
"""

from __future__ import annotations

import functools
import textwrap
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from virtlab import history, i18n
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CATEGORY_COLORS", "LANGUAGES", "timeline_figure"]

LANGUAGES: tuple[str, ...] = tuple(i18n.languages())
"""Languages every history figure can show, in the order of its buttons (the course's)."""

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

_VERDICT_LINE_COLORS = {"correct": "#1A9850", "partly": "#E6A100", "wrong": "#D73027"}

_WRAP = {False: 72, True: 42}  # line width in characters: Latin text, wide (Hangul) text
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
    lang: str | None = None,
    titles: Mapping[str, str] | None = None,
) -> go.Figure:
    """A timeline of the history: one lane per category, years along the bottom.

    Each marker is an event; hovering shows its title, date, description, who
    did it, the verdict on what the source text says about it (if anything)
    and its sources. A hollow marker means the month is unknown; a colored ring
    marks events the source text gets right (green), partly right (amber) or
    wrong (red). Shaded bands are the eras. Buttons switch between the course's
    languages.

    Args:
        events: a table like :func:`virtlab.history.load` returns (for
            example a subset from ``history.between``); all events by default.
        lang: the language shown first, one of :data:`LANGUAGES`; the current
            language of :mod:`virtlab.i18n` by default.
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
    lang = _check_lang(lang)
    if events is None:
        events = history.load()
    present = [c for c in history.categories() if c in set(events["category"])]
    lane = {category: i for i, category in enumerate(reversed(present))}
    x = [_decimal_year(y, m) for y, m in zip(events["year"], events["month"], strict=True)]
    y = _lane_positions(events, lane)

    all_eras = history.eras()
    # an empty selection still shows the whole history's eras and axes
    lo, hi = (min(x), max(x)) if x else (all_eras[0].start_year, all_eras[-1].end_year + 1.0)
    shown = [e for e in all_eras if e.start_year <= hi and e.end_year + 1 >= lo]
    if titles is None:
        titles = _in_each_language(lambda: tr("timeline.title"))
    states = {
        code: _timeline_state(events, present, shown, code, titles[code]) for code in LANGUAGES
    }
    restyle, relayout = states[lang]

    traces = []
    for i, category in enumerate(present):
        rows = [k for k, c in enumerate(events["category"]) if c == category]
        chosen = events.iloc[rows]
        traces.append(
            go.Scatter(
                x=[x[k] for k in rows],
                y=[y[k] for k in rows],
                mode="markers",
                name=restyle["name"][i],
                legendgroup=category,
                hovertext=restyle["hovertext"][i],
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
    era_shapes, era_notes = _era_bands(shown, lang)
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
            "title": {"text": relayout["xaxis.title.text"]},
            **_AXIS_STYLE,
        },
        yaxis={
            "tickvals": list(range(len(present))),
            "ticktext": relayout["yaxis.ticktext"],
            "range": [-0.6, len(present) - 0.4],
            "showgrid": False,
            **_AXIS_STYLE,
        },
        title={"text": titles[lang]},
        updatemenus=[_language_buttons(lang, states)],
    )
    return go.Figure(data=traces, layout=layout)


def _check_lang(lang: str | None) -> str:
    """``lang`` if the figures can show it, the current language for None."""
    if lang is None:
        return i18n.language()
    if lang not in LANGUAGES:
        raise ValueError(tr("timeline.unknown_language", lang=lang, allowed=", ".join(LANGUAGES)))
    return lang


def _in_each_language(text: Any) -> dict[str, str]:
    """``text()`` called once in each language, by language code."""
    made = {}
    for code in LANGUAGES:
        with i18n.using(code):
            made[code] = text()
    return made


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


def _hover_texts(events: pd.DataFrame) -> list[str]:
    """The hover text of each event, in the current language (the shipped events' made once)."""
    known = _shipped_hover_texts(i18n.language())
    if all(isinstance(i, str) and i in known for i in events["id"]):
        return [known[i] for i in events["id"]]
    return _make_hover_texts(events)


@functools.cache
def _shipped_hover_texts(lang: str) -> dict[str, str]:
    """Hover texts of every shipped event by id: a dashboard redraws without rebuilding them."""
    events = history.load()
    with i18n.using(lang):
        return dict(zip(events["id"], _make_hover_texts(events), strict=True))


def _make_hover_texts(events: pd.DataFrame) -> list[str]:
    """Build the hover text of each event from its row, in the current language."""
    title, description = i18n.column("title"), i18n.column("description")
    actor, date_note, correction = (
        i18n.column("actor"),
        i18n.column("date_note"),
        i18n.column("correction"),
    )
    texts = []
    for row in events.to_dict("records"):
        month = row["month"]
        date = f"{row['year']}" if _missing(month) else f"{row['year']}-{int(str(month)):02d}"
        if row["verified"] != "yes":
            date += f" ({tr('timeline.hover.unverified')})"
        lines = [f"<b>{_escape(row[title])}</b>", date]
        lines += _wrapped(row[description])
        lines.append(tr("timeline.hover.actor", actor=_escape(row[actor])))
        if isinstance(row[date_note], str):
            lines += _wrapped(tr("timeline.hover.date_note", note=row[date_note]))
        if isinstance(row["verdict"], str):
            note = tr(
                "timeline.hover.source_text",
                claims=row["claim_ids"],
                verdict=tr(f"history.verdict.{row['verdict']}"),
            )
            if isinstance(row[correction], str):
                note += f". {row[correction]}"
            lines += _wrapped(note)
        lines.append(tr("timeline.hover.sources"))
        lines += [_escape(url) for url in str(row["source_url"]).split(" | ")]
        texts.append("<br>".join(lines))
    return texts


def _timeline_state(
    events: pd.DataFrame, present: list[str], shown: list[history.Era], lang: str, title: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the language buttons restyle (per trace) and relayout for one language."""
    with i18n.using(lang):
        hover = [_hover_texts(events[events["category"] == c]) for c in present]
        restyle = {"hovertext": hover, "name": [_category(c) for c in present]}
        relayout: dict[str, Any] = {
            "title.text": title,
            "xaxis.title.text": tr("timeline.axis.year"),
            "yaxis.ticktext": [_category(c) for c in reversed(present)],
        }
        for i, era in enumerate(shown):
            relayout[f"annotations[{i}].text"] = _era_title(era)
    return restyle, relayout


def _category(category: str) -> str:
    """A lane's name in the current language: ``Hypervisors``, ``하이퍼바이저``."""
    return tr(f"history.category.{category}")


def _era_bands(
    shown: list[history.Era], lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A shaded band and a title (in ``lang``) for each era shown, alternating grey and white."""
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
        with i18n.using(lang):
            text = _era_title(era)
        notes.append(
            {
                "x": (start + end) / 2,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": text,
                "showarrow": False,
                "font": {"size": 10, "color": "#555555"},
            }
        )
    return shapes, notes


def _era_title(era: history.Era) -> str:
    """An era's title in the current language, broken into short lines to fit over its band."""
    title = str(getattr(era, i18n.column("title")))
    width = 9 if _is_wide(title) else 16  # a Hangul syllable is about twice as wide
    return "<br>".join(_escape(line) for line in textwrap.wrap(title, width=width))


def _language_buttons(
    lang: str, states: dict[str, tuple[dict[str, Any], dict[str, Any]]]
) -> dict[str, Any]:
    """Plotly buttons that restyle and relayout the figure into each language."""
    names = i18n.languages()
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
            {"label": names[code], "method": "update", "args": list(states[code])}
            for code in LANGUAGES
        ],
    }


def _is_wide(text: str) -> bool:
    """True for text in a script whose characters are about twice as wide (Hangul)."""
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _wrapped(text: object) -> list[str]:
    """Text split into lines short enough for a hover box."""
    text = str(text)
    return [_escape(line) for line in textwrap.wrap(text, width=_WRAP[_is_wide(text)])]


def _escape(text: object) -> str:
    """Text safe for plotly's HTML-like labels."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
