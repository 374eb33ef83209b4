"""Figure builders of the cost model: the data they draw, and what they refuse."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from virtlab import i18n, model
from virtlab.figures import costs

WEB = model.Workload(cpu_us=300, syscalls=20, page_faults=5, net_round_trips=1)


def test_breakdown_stacks_the_model_breakdown() -> None:
    # second route: each bar equals the model's breakdown part
    fig = costs.breakdown_figure(WEB, ["container", "gvisor"])
    by_name = {trace.meta: trace for trace in fig.data}
    assert list(by_name) == list(model.COMPONENTS)
    # the legend reads the parts' names; the ids stay in meta
    assert [t.name for t in fig.data][:2] == ["CPU work", "system call"]
    gvisor = model.evaluate("gvisor", WEB)
    assert by_name["syscall"].y[1] == pytest.approx(gvisor.breakdown["syscall"])
    assert sum(t.y[1] for t in fig.data) == pytest.approx(gvisor.time_us)


def test_ranking_puts_the_fastest_on_top() -> None:
    fig = costs.ranking_figure(WEB)
    values = list(fig.data[0].x)
    assert values == sorted(values)
    assert fig.data[0].y[-1] == "bare_metal"


def test_model_vs_published_has_the_identity_line_and_citations() -> None:
    fig = costs.model_vs_published_figure()
    line = fig.data[-1]
    assert list(line.x) == list(line.y)
    assert any("Felter et al. 2015" in text for text in fig.data[1].text)


def test_density_and_startup_show_every_platform() -> None:
    assert list(costs.density_figure(64, 256).data[0].x) == list(model.PLATFORMS)
    assert sorted(costs.startup_figure().data[0].y) == sorted(model.PLATFORMS)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # an array workload has no single bar to draw
        (
            lambda: costs.breakdown_figure(model.Workload(syscalls=[1, 2])),
            ValueError,
            "one workload",
        ),
        (lambda: costs.ranking_figure("web"), TypeError, "must be a virtlab.model.Workload"),
        (lambda: costs.density_figure(-1, 256), ValueError, "host_memory_gb"),
        (lambda: costs.breakdown_figure(WEB, ["kvm"]), ValueError, "unknown platform 'kvm'"),
    ],
)
def test_bad_inputs_are_rejected(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]


# --- the Korean edition -------------------------------------------------------------


def korean(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Text written in Korean: some Hangul, and no English word but the ``allowed`` ones."""
    return i18n.hangul_share(text) > 0 and set(i18n.english_words(text)) <= allowed


def labels_of(fig: go.Figure) -> list[str]:
    """What a figure says in words: title, axis titles, legend title, trace names."""
    layout = fig.layout
    found = [layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text]
    found += [layout.legend.title.text] if layout.legend.title.text else []
    found += [t.name for t in fig.data if t.showlegend is not False and t.name]
    return found


KOREAN_BUILDERS = {
    "breakdown": lambda: costs.breakdown_figure(WEB),
    "ranking": lambda: costs.ranking_figure(WEB),
    "model_vs_published": costs.model_vs_published_figure,
    "density": lambda: costs.density_figure(64, 256),
    "startup": costs.startup_figure,
}


@pytest.mark.parametrize("name", sorted(KOREAN_BUILDERS))
def test_in_korean_every_title_axis_and_legend_is_korean(name: str) -> None:
    with i18n.using("ko"):
        fig = KOREAN_BUILDERS[name]()
    words = labels_of(fig)
    assert len(words) >= 3
    assert [w for w in words if not korean(w)] == []
    # hover templates: only plotly's placeholders and markup are left in Latin letters
    hovers = [
        t.hovertemplate
        for t in fig.data
        if t.hovertemplate and t.hovertemplate != "%{text}<extra></extra>"
    ]
    assert [h for h in hovers if i18n.english_words(h)] == []


def test_in_korean_the_legend_names_the_parts_and_keeps_their_ids() -> None:
    with i18n.using("ko"):
        fig = costs.breakdown_figure(WEB, ["container", "gvisor"])
        names = [costs.component_name(c) for c in model.COMPONENTS]
    assert [t.name for t in fig.data] == names
    assert names[1] == "시스템 콜" and all(korean(n) for n in names)
    assert [t.meta for t in fig.data] == list(model.COMPONENTS)
    assert list(fig.data[0].x) == ["container", "gvisor"]  # platform ids stay
    assert "시스템 콜: %{y:.3g} µs" in fig.data[1].hovertemplate


def test_in_korean_the_published_points_say_published_and_model_in_korean() -> None:
    with i18n.using("ko"):
        fig = costs.model_vs_published_figure()
    hover = fig.data[1].text[0]
    assert "발표값" in hover and "검증 표시" in hover
    assert "published" not in hover and " on " not in hover
    assert [t.meta for t in fig.data[:2]] == ["in-sample", "out-of-sample"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: costs.breakdown_figure(model.Workload(syscalls=[1, 2])), ValueError),
        (lambda: costs.ranking_figure("web"), TypeError),
        (lambda: costs.component_name("tlb_miss"), ValueError),
    ],
)
def test_in_korean_errors_are_korean(call: object, error: type[Exception]) -> None:
    with i18n.using("ko"), pytest.raises(error) as raised:
        call()  # type: ignore[operator]
    assert i18n.hangul_share(str(raised.value)) > 0.3


def test_english_stays_english() -> None:
    with i18n.using("en"):
        fig = costs.breakdown_figure(WEB)
    assert fig.layout.title.text.startswith("Where one operation's time goes")
    assert [t.name for t in fig.data][-1] == "waiting"
    assert not any(i18n.hangul_share(w) for w in labels_of(fig))
