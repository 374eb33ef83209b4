"""What dashboards send to plotly.js in the browser when a control moves.

One message per move, with only the paths that changed; and for every dashboard
of the course, moved through its controls, the live figure it patches in place
draws exactly what its figure function builds for the same values."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from virtlab import history, ui
from virtlab.course import load_manifest
from virtlab.ui._dashboard import _for_live

# Dashboards whose arguments have no default get the ones their notebook passes.
REQUIRED_ARGUMENTS: dict[str, Callable[[], tuple[Any, ...]]] = {
    "claim_dashboard": lambda: (str(history.seed_claims()["claim_id"].iloc[0]),),
    "course_plan_dashboard": lambda: (load_manifest(),),
    "timeline_dashboard": lambda: (1964, 2026),
}
NAMES = sorted(n for n in ui.__all__ if n.endswith("_dashboard"))


def messages_to_the_browser(board: ui.Dashboard) -> list[dict[str, Any]]:
    """Collects what a dashboard's live figure sends over the wire to plotly.js."""
    sent: list[dict[str, Any]] = []
    board.figure.observe(
        lambda change: sent.append(change["new"]) if change["new"] else None,
        names=["_py2js_update", "_py2js_restyle", "_py2js_relayout", "_py2js_addTraces"],
    )
    return sent


def bars(n: int) -> go.Figure:
    return go.Figure(go.Bar(x=["a"] * n, y=list(range(n))), layout={"title": {"text": f"n={n}"}})


def test_a_move_sends_one_message_with_only_the_paths_that_changed() -> None:
    board = ui.Dashboard("bars", {"n": widgets.IntSlider(value=2, min=1, max=9)}, bars)
    sent = messages_to_the_browser(board)
    board.controls["n"].value = 3
    [message] = sent
    assert set(message["layout_data"]) == {"title.text"}
    assert set(message["style_data"]) == {"x", "y"}


def test_a_container_one_trace_sets_whole_is_set_whole_in_every_trace() -> None:
    # plotly.js refuses a restyle that holds both "marker" and "marker.color"
    def marked(outlined: bool) -> go.Figure:
        outline = {"marker": {"line": {"width": 2}}} if outlined else {}
        first = go.Bar(y=[1], marker={"color": "red" if outlined else "blue"})
        return go.Figure([first, go.Bar(y=[2], **outline)])

    board = ui.Dashboard("m", {"outlined": widgets.Checkbox(value=False)}, marked)
    sent = messages_to_the_browser(board)
    board.controls["outlined"].value = True
    [message] = sent
    assert set(message["style_data"]) == {"marker"}
    assert message["style_data"]["marker"] == [{"color": "red"}, {"line": {"width": 2}}]


def build(name: str) -> ui.Dashboard:
    arguments = REQUIRED_ARGUMENTS.get(name, tuple)()
    board = getattr(ui, name)(*arguments)
    assert isinstance(board, ui.Dashboard)
    return board


def settings(control: Any) -> list[Any]:
    """Values to move a control to: every option, or a slider's ends, middle and start."""
    if getattr(control, "options", None):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [*options[1:], options[0]]
    low, high, start = control.min, control.max, control.value
    if isinstance(start, tuple):  # a range slider: move its upper end
        middle = start[0] + (high - start[0]) / 2
        return [(start[0], high), (start[0], middle), start]
    middle = low + (high - low) / 2
    return [high, low, type(start)(middle) if isinstance(start, int) else middle, start]


def drawn(traces: Any, layout: dict[str, Any]) -> Any:
    """What a figure draws, as JSON: its traces and its layout without the template."""
    figure = {
        "data": [{k: v for k, v in t.to_plotly_json().items() if k != "uid"} for t in traces],
        "layout": {k: v for k, v in layout.items() if k != "template"},
    }
    return json.loads(pio.to_json(figure, engine="json"))


def test_the_course_has_its_dashboards() -> None:
    assert len(NAMES) >= 15


def tangled(paths: Any) -> list[str]:
    """Paths sent together with one of their parents (plotly.js refuses such a message)."""
    return [p for p in paths for q in paths if p.startswith((q + ".", q + "["))]


@pytest.mark.parametrize("name", NAMES)
def test_every_move_draws_what_the_figure_function_builds(name: str) -> None:
    board = build(name)
    sent = messages_to_the_browser(board)
    for control_name, control in board.controls.items():
        for value in settings(control):
            control.value = value
            fresh = board._figure_for(**board.values)
            live = drawn(board.traces, board.figure.layout.to_plotly_json())
            # the live figure lets tick labels overflow rather than measure them
            wanted = drawn(fresh.data, _for_live(fresh.layout.to_plotly_json()))
            assert live == wanted, f"{name}: {control_name}={value!r}"
            spares = board.figure.data[len(board.traces) :]
            assert all(t.visible is False for t in spares), f"{name}: a spare trace shows"
    for message in sent:
        for part in ("style_data", "layout_data"):
            assert tangled(message.get(part) or {}) == [], f"{name}: {part}"


def test_the_live_figure_lets_tick_labels_overflow_unless_an_axis_says_otherwise() -> None:
    def two_axes(n: int) -> go.Figure:
        return go.Figure(go.Bar(y=[n]), layout={"yaxis": {"ticklabeloverflow": "hide past domain"}})

    board = ui.Dashboard("axes", {"n": widgets.IntSlider(value=1, min=1, max=3)}, two_axes)
    board.controls["n"].value = 2
    assert board.figure.layout.xaxis.ticklabeloverflow == "allow"
    assert board.figure.layout.yaxis.ticklabeloverflow == "hide past domain"
    assert board.default_figure.layout.xaxis.ticklabeloverflow is None  # the stored figure
