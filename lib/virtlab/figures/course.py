"""Figures about the course itself: how the modules fit into class sessions."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.colors
import plotly.graph_objects as go

from virtlab.i18n import tr

__all__ = ["session_plan", "session_plan_figure"]


def session_plan(minutes: Sequence[int], session_minutes: int) -> list[int]:
    """Which session (1, 2, ...) each module falls in, filling sessions in order.

    A module longer than a session gets a session of its own.

    >>> session_plan([15, 25, 30, 40], 60)
    [1, 1, 2, 3]
    """
    if session_minutes <= 0:
        raise ValueError(tr("start.plan.not_positive", value=session_minutes))
    plan, session, used = [], 1, 0
    for length in minutes:
        if used and used + length > session_minutes:
            session, used = session + 1, 0
        plan.append(session)
        used += length
    return plan


def session_plan_figure(
    module_ids: Sequence[str], minutes: Sequence[int], session_minutes: int
) -> go.Figure:
    """A bar per module, its length in minutes, coloured by the class session it falls in."""
    sessions = session_plan(minutes, session_minutes)
    # Explicit colours: numbers through a colorscale make plotly.js log a warning per
    # bar when it picks the inside-text colour, on every redraw.
    palette = plotly.colors.qualitative.Safe
    figure = go.Figure(
        go.Bar(
            x=list(minutes),
            y=list(module_ids),
            orientation="h",
            marker={"color": [palette[(s - 1) % len(palette)] for s in sessions]},
            text=[tr("start.plan.session", session=s) for s in sessions],
            textposition="inside",
            hovertemplate=tr("start.plan.hover", module="%{y}", minutes="%{x}", session="%{text}")
            + "<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": tr("start.plan.figure_title", count=max(sessions), minutes=session_minutes)},
        xaxis_title=tr("start.plan.minutes_axis"),
        yaxis={"autorange": "reversed"},
        height=320,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
    )
    return figure
