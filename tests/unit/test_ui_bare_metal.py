"""Notebook 01-bare-metal's dashboards and self-checks, driven headless."""

from __future__ import annotations

import re

import pytest

from virtlab import model, ui
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
