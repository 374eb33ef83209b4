"""Notebook 02-hypervisors' dashboards, tables and self-checks, driven headless."""

from __future__ import annotations

import re

import pytest

from virtlab import i18n, model, ui
from virtlab.ui.hypervisors import HYPERVISOR_PLATFORMS, MEASURES, RANKED_PLATFORMS, VIEWS

SEEDS = (0, 7, 42)
CROSSING_WORDS = {
    "system calls": "syscalls",
    "page faults": "page_faults",
    "privileged operations": "privileged_ops",
    "disk I/Os": "disk_ios",
    "network round trips": "net_round_trips",
}


def workload_in(prompt: str) -> model.Workload:
    """The workload a question's prompt describes, read back from its words."""
    fields = {"cpu_us": float(re.search(r"([\d.]+) µs of CPU work", prompt).group(1))}  # type: ignore[union-attr]
    for words, field in CROSSING_WORDS.items():
        found = re.search(rf"([\d.]+) {re.escape(words)}", prompt)
        if found:
            fields[field] = float(found.group(1))
    return model.Workload(**fields)


def test_more_disk_ios_grow_the_disk_toll_on_every_platform() -> None:
    board = ui.hypervisor_workload_dashboard()
    board.controls["disk_ios"].value = 10
    work = model.Workload(cpu_us=200, syscalls=20, disk_ios=10, net_round_trips=1)
    [disk] = [t for t in board.traces if t.meta == "disk_io"]
    assert disk.name == "disk I/O"
    assert list(disk.y) == pytest.approx(
        [model.evaluate(pid, work).breakdown["disk_io"] for pid in HYPERVISOR_PLATFORMS]
    )
    assert f"type2_hosted {model.evaluate('type2_hosted', work).relative_throughput:.2f}" in (
        board.summary.value
    )


def test_the_ranking_view_shows_relative_throughput() -> None:
    board = ui.hypervisor_workload_dashboard()
    board.controls["view"].value = "ranking"
    [bars] = board.traces
    work = model.Workload(cpu_us=200, syscalls=20, disk_ios=2, net_round_trips=1)
    scores = dict(zip(bars.y, bars.x, strict=True))
    assert scores["bare_metal"] == 1.0
    assert scores["type2_hosted"] == pytest.approx(
        model.evaluate("type2_hosted", work).relative_throughput
    )


def test_a_bigger_host_fits_more_instances_and_start_up_switches_to_a_log_axis() -> None:
    board = ui.hypervisor_density_dashboard(64.0, 512.0)
    board.controls["host_memory_gb"].value = 256
    [bars] = board.traces
    assert list(bars.y) == [
        model.instances_per_host(pid, 256, 512.0) for pid in HYPERVISOR_PLATFORMS
    ]
    board.controls["measure"].value = "start-up time"
    assert board.figure.layout.xaxis.type == "log"
    assert board.default_figure.layout.yaxis.title.text == "instances per host (count)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        # a start value the slider cannot show is refused, naming the parameter
        (
            lambda: ui.hypervisor_workload_dashboard(cpu_us=-5),
            "cpu_us must be between 0 and 5000; got -5",
        ),
        (
            lambda: ui.hypervisor_workload_dashboard(view="pie"),
            "view must be one of 'where the time goes', 'ranking'; got 'pie'",
        ),
        (
            lambda: ui.hypervisor_density_dashboard(app_memory_mb=1),
            "app_memory_mb must be between 16 and 16384; got 1",
        ),
        (lambda: ui.hypervisor_density_dashboard(measure="cost"), "measure must be one of"),
    ],
)
def test_a_bad_start_value_is_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        make()  # type: ignore[operator]


GENERATORS = (
    ui.hypervisor_type_question,
    ui.largest_toll_question,
    ui.hypervisor_ranking_question,
    ui.hypervisor_density_question,
)


@pytest.mark.parametrize("generate", GENERATORS)
def test_questions_are_reproducible_from_their_seed(generate: object) -> None:
    assert generate(11) == generate(11)  # type: ignore[operator]
    assert len({generate(s).prompt for s in range(8)}) > 1  # type: ignore[operator]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_ranking_is_the_models(seed: int) -> None:
    question = ui.hypervisor_ranking_question(seed)
    work = workload_in(question.prompt)
    ranked = sorted(RANKED_PLATFORMS, key=lambda p: -model.evaluate(p, work).relative_throughput)
    assert question.answer == " > ".join(ranked)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_largest_toll_is_the_largest_difference_from_bare_metal(seed: int) -> None:
    question = ui.largest_toll_question(seed)
    work = workload_in(question.prompt)
    hosted = model.evaluate("type2_hosted", work).breakdown
    bare = model.evaluate("bare_metal", work).breakdown
    added = {c: hosted[c] - bare[c] for c in model.CROSSINGS}
    worst = max(added, key=added.__getitem__)
    assert (
        CROSSING_WORDS[question.answer]
        == dict(zip(model.CROSSINGS, CROSSING_WORDS.values(), strict=True))[worst]
    )


@pytest.mark.parametrize("seed", range(12))
def test_the_hypervisor_type_comes_from_the_platform_data(seed: int) -> None:
    question = ui.hypervisor_type_question(seed)
    product = re.match(r"What kind of hypervisor is (.+)\?", question.prompt).group(1)  # type: ignore[union-attr]
    hosted = product in model.platform("type2_hosted").examples
    assert question.answer.startswith("type 2" if hosted else "type 1")


@pytest.mark.parametrize("seed", SEEDS)
def test_the_density_answer_is_the_models(seed: int) -> None:
    question = ui.hypervisor_density_question(seed, 96.0, 400.0)
    app_mb = float(re.search(r"needs ([\d.]+) MB", question.prompt).group(1))  # type: ignore[union-attr]
    assert question.answer == str(model.instances_per_host("hw_assisted", 96.0, app_mb))


def test_the_milestones_are_dated_in_order_and_start_with_mainframes() -> None:
    events = ui.hypervisor_milestones()
    assert list(events["year"]) == sorted(events["year"])
    assert events["title_en"].iloc[0].startswith("CP-40")


def test_the_claims_are_the_hypervisor_claims_with_verdicts() -> None:
    claims = ui.hypervisor_claims().set_index("claim_id")
    # the source text is right about the products and the clouds, only partly about dates
    assert claims.loc["S03", "verdict"] == "correct"
    assert claims.loc["S07", "verdict"] == "correct"
    assert claims.loc["S02", "verdict"] == "partly"


# --- the Korean edition -------------------------------------------------------------


def korean(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Text written in Korean: some Hangul, and no English word but platform ids and ``allowed``."""
    ids = frozenset(model.PLATFORMS)  # ids stay ids in every language ("paravirt")
    return i18n.hangul_share(text) > 0 and set(i18n.english_words(text)) <= ids | allowed


def words_of(board: ui.Dashboard) -> list[str]:
    """What a dashboard says in words: title, control labels, menu labels, summary, figure titles."""
    found = [board.title, board.summary.value, board.figure.layout.title.text]
    for control in board.controls.values():
        found.append(control.description)
        found += [label for label, _ in getattr(control, "options", ())]
    return found


def test_in_korean_the_workload_dashboard_is_korean_and_its_menu_keeps_its_values() -> None:
    with i18n.using("ko"):
        board = ui.hypervisor_workload_dashboard()
        assert [w for w in words_of(board) if not korean(w)] == []
        assert [value for _, value in board.controls["view"].options] == list(VIEWS)
        # a move redraws in the language the notebook runs in
        board.controls["view"].value = "ranking"
        assert korean(board.figure.layout.xaxis.title.text)
        board.controls["view"].value = "where the time goes"
    legend = [t.name for t in board.traces]
    assert "디스크 I/O" in legend and korean(board.figure.layout.legend.title.text)


def test_in_korean_the_density_dashboard_is_korean() -> None:
    with i18n.using("ko"):
        board = ui.hypervisor_density_dashboard(64.0, 512.0)
        board.controls["measure"].value = "start-up time"
    assert [w for w in words_of(board) if not korean(w)] == []
    assert korean(board.figure.layout.xaxis.title.text)
    assert [value for _, value in board.controls["measure"].options] == list(MEASURES)


@pytest.mark.parametrize("seed", SEEDS)
def test_in_korean_the_questions_are_korean(seed: int) -> None:
    layers = frozenset(
        word
        for pid in HYPERVISOR_PLATFORMS
        for crossing in model.CROSSINGS
        for layer in model.layer_costs(pid, crossing)
        for word in i18n.english_words(layer)
    )  # the layers' names come from data/crossing_costs.csv, in English
    with i18n.using("ko"):
        questions = [generate(seed) for generate in GENERATORS]
    for question in questions:
        assert korean(question.title) and korean(question.prompt), question.prompt
        assert korean(question.explanation, allowed=layers), question.explanation
        assert ui.SelfCheck(question).check(question.answer).is_correct
    kind, toll = questions[0], questions[1]
    assert all(korean(o) for o in kind.options + toll.options)
    assert kind.options == (
        "하이퍼바이저 가상화 (Type 1 하이퍼바이저)",
        "호스트 가상화 (Type 2 하이퍼바이저)",
    )


def test_in_korean_the_answers_are_the_english_ones_translated() -> None:
    # same seed, same case: the Korean answer sits where the English one does
    for generate in GENERATORS:
        english = generate(5)
        with i18n.using("ko"):
            korean_question = generate(5)
        assert english.options.index(english.answer) == korean_question.options.index(
            korean_question.answer
        )


@pytest.mark.parametrize(
    "make",
    [
        lambda: ui.hypervisor_workload_dashboard(view="pie"),
        lambda: ui.hypervisor_density_dashboard(measure="cost"),
    ],
)
def test_in_korean_a_bad_menu_value_is_refused_in_korean(make: object) -> None:
    with i18n.using("ko"), pytest.raises(ValueError) as raised:
        make()  # type: ignore[operator]
    # the menu's values are what a notebook passes, so the message lists them as they are
    values = frozenset(word for value in VIEWS + MEASURES for word in i18n.english_words(value))
    values |= {"pie", "cost"}  # and the value it got
    assert korean(str(raised.value), allowed=values)
    assert "값은" in str(raised.value)


def test_english_stays_english() -> None:
    with i18n.using("en"):
        board = ui.hypervisor_workload_dashboard()
        question = ui.hypervisor_type_question(7)
    assert board.title == "One operation on bare metal and under each hypervisor"
    assert board.controls["view"].options == (
        ("where the time goes", "where the time goes"),
        ("ranking", "ranking"),
    )
    assert question.options == (ui.hypervisors.TYPE_1, ui.hypervisors.TYPE_2)
    assert board.summary.value.startswith("Relative throughput (bare metal = 1): ")
