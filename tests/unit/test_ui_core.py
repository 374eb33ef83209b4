"""The dashboard and self-check machinery, driven headless through the widget objects."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest

from virtlab.ui import Dashboard, Question, SelfCheck
from virtlab.ui._bundle import PLOTLY_MIME, WIDGET_MIME


def bars(n: int, label: str = "a") -> go.Figure:
    return go.Figure(go.Bar(x=[label] * n, y=list(range(n))), layout={"title": {"text": f"n={n}"}})


@pytest.fixture
def dashboard() -> Dashboard:
    return Dashboard(
        "bars", {"n": widgets.IntSlider(value=2, min=1, max=9)}, bars, lambda n: f"{n} bars"
    )


def test_moving_a_slider_patches_the_live_figure(dashboard: Dashboard) -> None:
    dashboard.controls["n"].value = 5
    assert list(dashboard.traces[0].y) == [0, 1, 2, 3, 4]
    assert dashboard.figure.layout.title.text == "n=5"
    assert dashboard.summary.value == "5 bars"


def test_the_default_figure_stays_the_default(dashboard: Dashboard) -> None:
    # the static figure in the cell output shows the state the notebook was run with
    dashboard.controls["n"].value = 7
    assert dashboard.default_figure.layout.title.text == "n=2"


def counted(k: int) -> go.Figure:
    return go.Figure([go.Bar(y=[i]) for i in range(k)])


def test_fewer_traces_hide_the_spares_and_more_bring_them_back() -> None:
    board = Dashboard("k", {"k": widgets.IntSlider(value=3, min=1, max=4)}, counted)
    board.controls["k"].value = 1
    assert len(board.traces) == 1
    assert [t.visible for t in board.figure.data] == [None, False, False]
    board.controls["k"].value = 4
    assert [t.visible for t in board.figure.data] == [None] * 4
    assert [list(t.y) for t in board.traces] == [[0], [1], [2], [3]]


def test_another_kind_of_trace_replaces_the_traces() -> None:
    def chart(kind: str) -> go.Figure:
        return go.Figure(go.Bar(y=[1]) if kind == "bar" else go.Scatter(y=[1]))

    board = Dashboard("kind", {"kind": widgets.Dropdown(options=["bar", "line"])}, chart)
    board.controls["kind"].value = "line"
    assert [t.type for t in board.figure.data] == ["scatter"]


def test_the_output_bundle_has_widget_static_figure_and_stable_text(dashboard: Dashboard) -> None:
    bundle = dashboard._repr_mimebundle_()
    assert WIDGET_MIME in bundle and PLOTLY_MIME in bundle
    assert bundle["text/plain"] == "Dashboard: bars (n=2). Move its controls in JupyterLab."
    assert bundle[PLOTLY_MIME]["layout"]["title"]["text"] == "n=2"


QUESTION = Question(
    title="Check 1",
    prompt="Which is bigger?",
    options=("2", "3"),
    answer="3",
    explanation="3 > 2.",
    seed=7,
)


def test_a_self_check_accepts_the_right_answer_and_rejects_a_wrong_one() -> None:
    check = SelfCheck(QUESTION)
    assert check.check("3").is_correct
    wrong = check.check("2")
    assert not wrong.is_correct and "3" not in wrong.message  # no answer given away
    assert check.reveal() == "Answer: 3. 3 > 2."


def test_clicking_check_and_reveal_updates_the_feedback() -> None:
    check = SelfCheck(QUESTION)
    check.choice.value = "2"
    check.check_button.click()
    assert check.feedback.value.startswith("✘")
    check.reveal_button.click()
    assert check.feedback.value == "Answer: 3. 3 > 2."


def test_a_self_check_shows_its_question_closed_in_text() -> None:
    text = SelfCheck(QUESTION)._repr_mimebundle_()["text/plain"]
    assert text.startswith("Check 1 (seed 7): Which is bigger?")
    assert "Answer" not in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"answer": "4"}, "answer '4' is not one of the options"),  # an answer must be offered
        ({"options": ("3", "3")}, "options repeat"),
    ],
)
def test_a_malformed_question_is_refused(kwargs: dict[str, object], message: str) -> None:
    fields = {**QUESTION.__dict__, **kwargs}
    with pytest.raises(ValueError, match=message):
        Question(**fields)  # type: ignore[arg-type]


def test_checking_an_answer_that_is_not_an_option_is_an_error() -> None:
    with pytest.raises(ValueError, match="'5' is not one of the options"):
        SelfCheck(QUESTION).check("5")


def test_a_self_check_carries_a_static_view_with_the_answer_behind_a_click() -> None:
    html = SelfCheck(QUESTION)._repr_mimebundle_()["text/html"]
    assert "<b>Check 1 (seed 7)</b>: Which is bigger?" in html
    assert (
        "<details><summary>Reveal the answer</summary><p>Answer: 3. 3 &gt; 2.</p></details>" in html
    )
