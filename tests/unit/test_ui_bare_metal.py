"""Notebook 01-bare-metal's dashboards and self-checks, driven headless."""

from __future__ import annotations

import re

import pytest

from virtlab import figures, i18n, model, ui
from virtlab.figures.consolidation import call_workloads

SEEDS = (0, 7, 42)


def trace(figure: object, name: str) -> object:
    [found] = [t for t in figure.data if t.name == name]  # type: ignore[attr-defined]
    return found


def test_moving_utilization_recomputes_idle_cores_and_cost() -> None:
    board = ui.consolidation_dashboard()
    board.controls["average_utilization_pct"].value = 30
    plan = model.consolidate(20, 30, 16, 60, 3000)
    assert list(trace(board.figure, "idle cores").y) == pytest.approx(  # type: ignore[attr-defined]
        [plan.dedicated_idle_cores, plan.consolidated_idle_cores]
    )
    assert list(trace(board.figure, "cost per year").y) == [  # type: ignore[attr-defined]
        plan.dedicated_cost_per_year,
        plan.consolidated_cost_per_year,
    ]
    assert "become 10 " in board.summary.value  # 96 busy cores / 9.6 usable per server


def test_scaling_up_the_hosts_cuts_the_host_count_but_not_the_cost() -> None:
    board = ui.consolidation_dashboard()
    board.controls["host_cores"].value = 64  # scale up: 48 busy cores / 38.4 usable = 2 hosts
    labels = list(trace(board.figure, "busy cores").x)  # type: ignore[attr-defined]
    assert labels[1].endswith("2 hosts")
    # each 64-core host costs four 16-core servers: 2 x 12,000, more than 5 x 3,000
    assert list(trace(board.figure, "cost per year").y)[1] == 24_000  # type: ignore[attr-defined]
    # the static figure in the cell output keeps the state the notebook ran with
    assert list(trace(board.default_figure, "busy cores").x)[1].endswith("5 hosts")  # type: ignore[attr-defined]


def test_more_calls_per_request_lengthen_the_remote_request_as_the_model_says() -> None:
    board = ui.latency_dashboard(calls_per_request=5, cpu_us=300)
    board.controls["calls_per_request"].value = 12
    local, remote = call_workloads(12, 300)
    totals = list(trace(board.figure, "total").y)  # type: ignore[attr-defined]
    assert totals == pytest.approx(
        [
            model.evaluate("bare_metal", local).time_us,
            model.evaluate("bare_metal", remote).time_us,
            model.evaluate("hw_assisted", remote).time_us,
        ]
    )
    assert "(2.3x)" in board.summary.value  # 751 / 322 µs


@pytest.mark.parametrize(
    ("make", "message"),
    [
        # a start value the slider cannot show is refused, naming the parameter
        (
            lambda: ui.consolidation_dashboard(applications=500),
            "applications must be between 1 and 200; got 500",
        ),
        (
            lambda: ui.consolidation_dashboard(target_utilization_pct=5),
            "target_utilization_pct must be between 10 and 100",
        ),
        (
            lambda: ui.latency_dashboard(calls_per_request=-1),
            "calls_per_request must be between 0 and 50; got -1",
        ),
    ],
)
def test_a_start_value_outside_a_slider_is_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        make()  # type: ignore[operator]


GENERATORS = (
    ui.consolidation_question,
    ui.savings_question,
    ui.latency_question,
)


@pytest.mark.parametrize("generate", GENERATORS)
def test_questions_are_reproducible_from_their_seed(generate: object) -> None:
    assert generate(11) == generate(11)  # type: ignore[operator]
    assert len({generate(s).prompt for s in range(6)}) > 1  # type: ignore[operator]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_consolidation_answer_is_the_models(seed: int) -> None:
    question = ui.consolidation_question(seed)
    numbers = re.match(
        r"(\d+) applications each keep (\d+)% of a (\d+)-core .* at most (\d+)% busy",
        question.prompt,
    )
    assert numbers is not None
    apps, average, cores, target = (int(n) for n in numbers.groups())
    servers = model.consolidate(apps, average, cores, target, 0).consolidated_servers
    assert question.answer == f"{servers} server" + ("s" if servers != 1 else "")


@pytest.mark.parametrize("seed", SEEDS)
def test_the_savings_answer_is_the_models(seed: int) -> None:
    question = ui.savings_question(seed, 2500.0)
    numbers = re.match(
        r"(\d+) applications .* at (\d+)% average utilization on (\d+)-core .* at most (\d+)% busy",
        question.prompt,
    )
    assert numbers is not None
    apps, average, cores, target = (int(n) for n in numbers.groups())
    saved = model.consolidate(apps, average, cores, target, 2500.0).savings_per_year
    assert question.answer == f"{saved:,.0f} per year"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_latency_answer_is_the_models(seed: int) -> None:
    question = ui.latency_question(seed)
    numbers = re.match(
        r"A request does (\d+) µs .* calls its database (\d+) times", question.prompt
    )
    assert numbers is not None
    cpu_us, calls = (int(n) for n in numbers.groups())
    local, remote = call_workloads(calls, cpu_us)
    slower = (
        model.evaluate("bare_metal", remote).time_us - model.evaluate("bare_metal", local).time_us
    )
    assert question.answer == f"{round(slower):,} µs"


# --- the Korean edition -----------------------------------------------------------------------


def korean(text: str, *allowed: str) -> bool:
    """Text with Hangul and no English words left but the ``allowed`` ones."""
    return bool(re.search("[가-힣]", text)) and set(i18n.english_words(text)) <= set(allowed)


def figure_texts(figure: object) -> list[str]:
    """Title, axis titles, legend title, panel titles and the names the legend shows."""
    layout = figure.layout  # type: ignore[attr-defined]
    texts = [layout.title.text, layout.legend.title.text]
    for key, axis in layout.to_plotly_json().items():
        if key.startswith(("xaxis", "yaxis")) and axis.get("title", {}).get("text"):
            texts.append(axis["title"]["text"])
    texts += [a.text for a in layout.annotations]
    texts += [t.name for t in figure.data if t.showlegend is not False]  # type: ignore[attr-defined]
    return texts


def test_the_consolidation_dashboard_speaks_korean() -> None:
    with i18n.using("ko"):
        board = ui.consolidation_dashboard()
        board.controls["host_cores"].value = 64
        texts = [board.title, board.summary.value, *figure_texts(board.figure)]
        texts += [control.description for control in board.controls.values()]
        bars = board.traces
        texts += [label.replace("<br>", " ") for label in bars[0].x]
        texts += [bar.hovertemplate for bar in bars]
        texts += [text for text in bars[1].text if text]
    assert all(korean(t) for t in texts), [t for t in texts if not korean(t)]
    assert board.title == "서버 통합: 애플리케이션마다 서버 한 대 vs 공유 서버 위의 가상 머신"
    assert bars[0].x[1].endswith("호스트 2대")  # the same plan as in English
    assert "호스트 2대" in board.summary.value


def test_the_latency_dashboard_speaks_korean() -> None:
    with i18n.using("ko"):
        board = ui.latency_dashboard(calls_per_request=5, cpu_us=300)
        board.controls["calls_per_request"].value = 12
        texts = [board.title, board.summary.value, *figure_texts(board.figure)]
        texts += [control.description for control in board.controls.values()]
        texts += list(board.traces[0].x)
    # platform ids name the platforms in the figure's categories
    assert all(korean(t, "bare_metal", "hw_assisted") for t in texts), [
        t for t in texts if not korean(t)
    ]
    assert "(2.3배)" in board.summary.value
    assert [t.name for t in board.traces[:3]] == ["CPU 연산", "시스템 콜", "네트워크 왕복"]


def test_a_start_value_outside_a_slider_is_refused_in_korean() -> None:
    with i18n.using("ko"), pytest.raises(ValueError, match="applications 값은 1에서 200 사이"):
        ui.consolidation_dashboard(applications=500)


@pytest.mark.parametrize("generate", GENERATORS)
@pytest.mark.parametrize("seed", SEEDS)
def test_questions_speak_korean_with_the_same_answer(generate: object, seed: int) -> None:
    english = generate(seed)  # type: ignore[operator]
    with i18n.using("ko"):
        question = generate(seed)  # type: ignore[operator]
    for text in (question.title, question.prompt, question.explanation):
        assert korean(text, "ceil"), text
    assert all(korean(o) or o.endswith(" µs") for o in question.options), question.options
    assert question.answer in question.options
    # the same numbers drawn from the seed, the same option is right
    assert question.options.index(question.answer) == english.options.index(english.answer)
    assert re.findall(r"\d+", question.options[0]) == re.findall(r"\d+", english.options[0])


def test_the_layer_stacks_speak_korean() -> None:
    platforms = ("bare_metal", "type2_hosted", "hw_assisted")
    with i18n.using("ko"):
        fig = figures.stack_figure(platforms)
    assert all(korean(t) for t in figure_texts(fig)), figure_texts(fig)
    with i18n.using("ko"):
        bottom = [model.platform(p).layer_names()[0] for p in platforms]
    assert [" ".join(t.replace("<br>", " ").split()) for t in fig.data[0].text] == bottom
    assert bottom[0] == "하드웨어"
    # boxes keep the colour of their kind, read from the English layer names
    assert list(fig.data[1].marker.color) == list(
        figures.stack_figure(platforms).data[1].marker.color
    )
    assert "계층 5개" in fig.data[0].x[1]


def test_english_stays_english() -> None:
    plan = model.consolidate(20, 15, 16, 60, 3000)
    fig = figures.consolidation_figure(plan)
    assert [t.name for t in fig.data] == ["busy cores", "idle cores", "cost per year"]
    assert not any(re.search("[가-힣]", t) for t in figure_texts(fig))
    stacks = figures.stack_figure(("bare_metal",))
    assert [t.name for t in stacks.data][-1] == "application"
    assert stacks.layout.xaxis.title.text == "platform"
    assert ui.consolidation_question(7).title == "Check: consolidate"
