"""Notebook 03's dashboards and self-checks, driven headless; answers checked against the model."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from virtlab import i18n, model, ui
from virtlab.ui import Question
from virtlab.ui import virtualization as vz

SEEDS = (0, 1, 7, 42)
GENERATORS: dict[str, Callable[[int], Question]] = {
    "rank": vz.rank_hypervisors_question,
    "emulation": vz.emulation_question,
    "where": vz.where_time_goes_question,
    "vm_tax": vz.vm_tax_question,
}


def traces_by_name(figure: object) -> dict[str, object]:
    return {trace.name: trace for trace in figure.data}  # type: ignore[attr-defined]


def traces_by_part(figure: object) -> dict[str, object]:
    """The breakdown's traces by the id of the part of the time they show (their ``meta``)."""
    return {t.meta: t for t in figure.data if t.meta}  # type: ignore[attr-defined]


# --- dashboards -------------------------------------------------------------


def test_privileged_ops_slider_moves_the_full_virt_bar_as_the_model_predicts() -> None:
    board = vz.privileged_ops_dashboard(cpu_us=200.0, privileged_ops=20)
    board.controls["privileged_ops"].value = 200
    expected = model.evaluate(
        "full_virt_bt", model.Workload(cpu_us=200, syscalls=20, page_faults=2, privileged_ops=200)
    )
    bars = traces_by_part(board.figure)["privileged_op"]
    column = list(bars.x).index("full_virt_bt")  # type: ignore[attr-defined]
    assert bars.y[column] == pytest.approx(expected.breakdown["privileged_op"])  # type: ignore[attr-defined]
    # the ranking panel follows: its last trace holds relative throughputs
    ranking = board.traces[-1]
    row = list(ranking.y).index("full_virt_bt")
    assert ranking.x[row] == pytest.approx(float(expected.relative_throughput))
    assert f"full_virt_bt {float(expected.relative_throughput):.2f}" in board.summary.value


def test_privileged_ops_static_figure_keeps_the_notebook_state() -> None:
    board = vz.privileged_ops_dashboard(privileged_ops=20)
    board.controls["page_faults"].value = 80
    # the figure stored in the notebook is the state the cell ran with
    assert board.default_figure.layout.title.text.startswith("20 privileged operations")
    assert board.values == {"privileged_ops": 20, "page_faults": 80, "syscalls": 20}


def test_crossing_menu_shows_the_layers_of_the_chosen_crossing() -> None:
    board = vz.crossing_layers_dashboard("privileged_op")
    assert "hypercall" in traces_by_name(board.figure)
    board.controls["crossing"].value = "disk_io"
    names = [trace.name for trace in board.traces]
    assert "dom0 back-end (split driver)" in names and "virtio back-end (QEMU)" in names
    # second route: the segments of the paravirt bar add up to the model's toll
    paravirt = [t for t in board.traces if t.y[0].startswith("paravirt")]
    assert sum(t.x[0] for t in paravirt) == pytest.approx(
        model.crossing_cost_us("paravirt", "disk_io")
    )
    assert board.summary.value.startswith("One disk_io costs")


def test_benchmark_menu_puts_forkwait_beside_the_model() -> None:
    board = vz.published_results_dashboard("osdb_oltp")
    board.controls["benchmark"].value = "fork_proc"
    published, predicted = board.traces
    labels = list(published.x)
    assert "hw_assisted<br>Adams & Agesen 2006, mark S" in labels
    table = vz.published_virtualization_results()
    row = table[(table["benchmark"] == "fork_proc") & (table["platform"] == "hw_assisted")]
    column = labels.index("hw_assisted<br>Adams & Agesen 2006, mark S")
    assert predicted.y[column] == pytest.approx(float(row["predicted"].iloc[0]))
    assert published.y[column] == pytest.approx(float(row["published"].iloc[0]))
    assert "fork_proc operation: 80 µs of CPU" in board.summary.value


def test_a_benchmark_without_published_results_is_refused() -> None:
    with pytest.raises(ValueError, match="no published result for 'fio_rand_4k'; choose one of"):
        vz.published_results_dashboard("fio_rand_4k")


# --- self-checks -------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_questions_are_reproducible_and_vary_with_the_seed(kind: str) -> None:
    make = GENERATORS[kind]
    assert make(7) == make(7)
    # across ten seeds the prompt or the options change at least once
    assert len({(make(s).prompt, make(s).options) for s in range(10)}) > 1


def test_the_ranking_answer_is_the_model_ordering() -> None:
    # second route: the times in the explanation are in the answer's order and increase
    for seed in range(10):
        question = vz.rank_hypervisors_question(seed)
        found = re.findall(
            r"(full_virt_bt|paravirt|hw_assisted) ([\d,.]+) µs", question.explanation
        )
        order = [name for name, _ in found[:3]]
        times = [float(value.replace(",", "")) for _, value in found[:3]]
        assert " < ".join(order) == question.answer
        assert times == sorted(times)


def test_the_ranking_answers_are_not_all_the_same() -> None:
    # the I/O counts let paravirt beat hw_assisted for some seeds, not for others
    assert len({vz.rank_hypervisors_question(s).answer for s in range(20)}) >= 2


def test_the_emulation_answer_is_an_example_of_emulation() -> None:
    for seed in SEEDS:
        question = vz.emulation_question(seed)
        assert question.answer in model.platform("emulation").examples
        assert len(question.options) == 4


@pytest.mark.parametrize(
    ("platform_id", "answer"),
    [
        ("hw_assisted", "1 to 5"),  # a VM exit: about two system calls in the model
        ("full_virt_bt", "5 to 50"),  # translator and shadow page tables: about 24
        ("emulation", "less than 1"),  # every instruction is translated, syscalls too
    ],
)
def test_the_vm_tax_bins_follow_the_model(platform_id: str, answer: str) -> None:
    ratio = model.crossing_cost_us(platform_id, "privileged_op") / model.crossing_cost_us(
        platform_id, "syscall"
    )
    [label] = [label for label, low, high in vz.VM_TAX_BINS if low <= ratio < high]
    assert label == answer
    seeded = [vz.vm_tax_question(s) for s in range(30)]
    asked = [q for q in seeded if q.prompt.endswith(f"on {platform_id}?")]
    assert asked and all(q.answer == answer for q in asked)


def test_where_the_time_goes_answer_is_the_largest_part() -> None:
    for seed in SEEDS:
        question = vz.where_time_goes_question(seed)
        shares = re.findall(r"(\w+) (\d+)%", question.explanation)
        assert shares[0][0] == question.answer
        assert set(question.options) <= set(model.COMPONENTS)


# --- tables -----------------------------------------------------------------


def test_virtualization_table_adds_up_and_scores_bare_metal_one() -> None:
    request = model.Workload(cpu_us=200, syscalls=20, page_faults=2, privileged_ops=20)
    table = vz.virtualization_table(request)
    parts = table[[f"{c}_us" for c in model.COMPONENTS]].sum(axis=1)
    assert parts.to_list() == pytest.approx(table["time_us"].to_list(), abs=0.01)
    assert table.loc["bare_metal", "relative_throughput"] == 1.0
    assert list(table.index) == list(vz.VIRTUALIZATION_PLATFORMS)


def test_published_results_come_from_the_two_studies() -> None:
    table = vz.published_virtualization_results()
    assert set(table["source_id"]) == {"barham2003", "adams2006"}
    assert "fork_proc" in set(table["benchmark"])


def test_published_measurements_show_the_raw_numbers() -> None:
    rows = vz.published_measurements("adams2006.forkwait").frame().set_index("id")
    assert rows.loc["adams2006.forkwait.hw_assisted", "value"] == "106.4"
    # the setup as the data file words it, whole (pandas cut it at 50 characters)
    long_setup = vz.published_measurements("vmware2009").frame()["setup"]
    assert long_setup.str.len().max() > 50 and not long_setup.str.endswith("...").any()
    with pytest.raises(
        ValueError, match="no row of data/published_results.csv has an id starting 'xen1999'"
    ):
        vz.published_measurements("xen1999")


def test_claims_and_events_cover_the_module() -> None:
    claims = vz.virtualization_claims()
    assert tuple(claims["claim_id"]) == vz.CLAIM_IDS
    assert claims.set_index("claim_id").loc["S09", "verdict"] == "wrong"
    events = vz.virtualization_events().frame()
    assert sorted(events["id"]) == sorted(vz.EVENT_IDS)
    assert events["year"].astype(int).is_monotonic_increasing  # oldest first


def test_the_package_reexports_the_public_names() -> None:
    for name in vz.__all__:
        if name.islower():
            assert getattr(ui, name) is getattr(vz, name)


# --- the Korean edition -------------------------------------------------------------


def korean(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Text written in Korean: some Hangul, and no English word but ids and ``allowed``."""
    ids = frozenset(model.PLATFORMS) | frozenset(model.COMPONENTS)  # ids stay ids ("paravirt")
    return i18n.hangul_share(text) > 0 and set(i18n.english_words(text)) <= ids | allowed


def english_words_of(texts: object) -> frozenset[str]:
    return frozenset(word for text in texts for word in i18n.english_words(str(text)))  # type: ignore[attr-defined]


# the layers' names come from data/crossing_costs.csv and the products from data/platforms.csv,
# in English
DATA_WORDS = english_words_of(
    [layer for p in model.PLATFORMS for c in model.CROSSINGS for layer in model.layer_costs(p, c)]
    + [example for p in model.PLATFORMS for example in model.platform(p).examples]
)


@pytest.mark.parametrize(
    "make",
    [
        lambda: vz.privileged_ops_dashboard(),
        lambda: vz.crossing_layers_dashboard("disk_io"),
        lambda: vz.published_results_dashboard("fork_proc"),
    ],
)
def test_in_korean_the_dashboards_are_korean(make: Callable[[], ui.Dashboard]) -> None:
    with i18n.using("ko"):
        board = make()
        board.update()  # a redraw stays in the notebook's language
    fig = board.figure
    texts = [board.title, board.summary.value, fig.layout.title.text, fig.layout.yaxis.title.text]
    texts += [control.description for control in board.controls.values()]
    benchmark = frozenset(i18n.english_words(str(board.values.get("benchmark", ""))))
    assert [t for t in texts if not korean(t, allowed=benchmark)] == []


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_in_korean_the_questions_are_korean(kind: str, seed: int) -> None:
    with i18n.using("ko"):
        question = GENERATORS[kind](seed)
    english_options: frozenset[str] = frozenset()
    if kind == "emulation":  # its options are products, named as data/platforms.csv names them
        english_options = english_words_of(question.options)
    assert korean(question.title), question.title
    assert korean(question.prompt, allowed=english_options), question.prompt
    assert korean(question.explanation, allowed=DATA_WORDS), question.explanation
    assert question.answer in question.options


def test_in_korean_the_vm_tax_options_are_korean_and_answer_as_in_english() -> None:
    for seed in range(10):
        english = vz.vm_tax_question(seed)
        with i18n.using("ko"):
            korean_question = vz.vm_tax_question(seed)
        assert all(korean(o) for o in korean_question.options)
        assert korean_question.options.index(korean_question.answer) == english.options.index(
            english.answer
        )


def test_in_korean_the_tables_have_korean_headers() -> None:
    with i18n.using("ko"):
        measurements = vz.published_measurements("adams2006.forkwait")
        events = vz.virtualization_events()
    assert measurements.headers == ("측정 ID", "실험 설정", "값", "단위", "검증 표시")
    rows = measurements.frame().set_index("id")
    assert rows.loc["adams2006.forkwait.hw_assisted", "value"] == "106.4"
    assert all(korean(c) for c in events.headers)
    assert events.rows == vz.virtualization_events().rows  # the same rows in every language


@pytest.mark.parametrize(
    "make",
    [
        lambda: vz.published_results_dashboard("fio_rand_4k"),
        lambda: vz.published_measurements("xen1999"),
    ],
)
def test_in_korean_a_bad_argument_is_refused_in_korean(make: Callable[[], object]) -> None:
    with i18n.using("ko"), pytest.raises(ValueError) as raised:
        make()
    assert i18n.hangul_share(str(raised.value)) > 0.3


def test_english_stays_english() -> None:
    with i18n.using("en"):
        board = vz.crossing_layers_dashboard("disk_io")
        question = vz.vm_tax_question(7)
        measurements = vz.published_measurements("adams2006.forkwait")
    assert board.summary.value.startswith("One disk_io costs, against bare metal's")
    assert question.options == tuple(label for label, _, _ in vz.VM_TAX_BINS)
    assert measurements.headers == ("measurement", "setup", "value", "unit", "mark")
