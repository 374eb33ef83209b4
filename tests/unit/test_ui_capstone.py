"""The capstone's choices, dashboards and self-checks, driven headless through the widgets."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pandas as pd
import pytest

from virtlab import i18n, model
from virtlab.figures.capstone import decision_figure, workload_figure
from virtlab.figures.costs import component_name
from virtlab.ui import SelfCheck, TextTable
from virtlab.ui import capstone as cap
from virtlab.ui._selfcheck import Question

WEB = model.Workload(cpu_us=300, syscalls=20, page_faults=5, privileged_ops=6, net_round_trips=1)


def trace(figure: Any, name: str) -> Any:
    """The one trace of ``figure`` called ``name``."""
    [found] = [t for t in figure.data if t.name == name]
    return found


# --- isolation levels and requirements ---------------------------------------------------


@pytest.mark.parametrize(
    ("platform_id", "level"),
    [
        ("bare_metal", "process"),  # instances are processes of the one OS
        ("container", "namespaces"),  # system calls go straight to the shared host kernel
        ("gvisor", "user_space_kernel"),  # the Sentry intercepts each call before the host kernel
        ("microvm", "guest_kernel"),  # a small guest kernel per instance
        ("hw_assisted", "guest_kernel"),  # a full guest OS per instance
        ("paravirt", "guest_kernel"),  # modified, but still its own kernel
        ("emulation", "guest_kernel"),  # a translated guest kernel is still the guest's own
    ],
)
def test_isolation_level_follows_from_the_model_data(platform_id: str, level: str) -> None:
    assert cap.isolation_level(platform_id) == level


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"min_isolation": "vm"}, "min_isolation must be one of process, namespaces"),
        ({"objective": "cost"}, "objective must be one of throughput, density; got 'cost'"),
        ({"max_startup_s": 0.0}, "max_startup_s must be a number of seconds > 0, or None"),
        ({"max_startup_s": math.nan}, "max_startup_s must be a number of seconds > 0"),
        ({"ruled_out": {"kvm": "no"}}, "unknown platform 'kvm'"),  # names the valid ids
    ],
)
def test_bad_requirements_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cap.Requirements(**fields)  # type: ignore[arg-type]


def test_the_best_platform_is_the_first_allowed_by_the_objective() -> None:
    # density: the container carries the smallest overhead of the isolated platforms
    found = cap.recommend(WEB, cap.Requirements(min_isolation="namespaces", objective="density"))
    assert found.best == "container"
    allowed = [c for c in found.candidates if c.is_allowed]
    counts = [c.instances_per_host for c in allowed]
    assert counts == sorted(counts, reverse=True)
    # second route: every ruled-out platform comes after every allowed one
    verdicts = found.table().frame()["verdict"].tolist()
    assert verdicts.index("ruled out") == len(allowed)


def test_with_no_requirement_bare_metal_wins_throughput() -> None:
    # no platform can be faster than bare metal in the model
    assert cap.recommend(WEB, cap.Requirements()).best == "bare_metal"


def test_every_reason_a_platform_is_out_is_given() -> None:
    needs = cap.Requirements(
        needs_unmodified_os=True, min_isolation="guest_kernel", max_startup_s=1.0
    )
    found = {c.platform_id: c for c in cap.recommend(WEB, needs).candidates}
    assert len(found["container"].reasons_out) == 2  # shared kernel, and weak isolation
    assert found["paravirt"].reasons_out[0] == "runs only a modified (paravirtualized) guest kernel"
    assert "starts in 10 s, slower than 1 s" in found["hw_assisted"].reasons_out
    assert found["microvm"].is_allowed


def test_no_qualifying_platform_is_said_plainly() -> None:
    needs = cap.Requirements(
        min_isolation="guest_kernel", max_startup_s=1.0, ruled_out={"microvm": "not today"}
    )
    found = cap.recommend(WEB, needs)
    assert found.best is None
    assert found.explanation().endswith("No platform meets every requirement.")


# --- scenarios -------------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", [s.id for s in cap.scenarios()])
def test_each_scenario_answer_is_what_the_model_and_requirements_choose(scenario_id: str) -> None:
    # the answer stored in data/scenarios.csv, recomputed a second way
    chosen = cap.scenario(scenario_id)
    assert cap.recommend(chosen.workload, chosen.requirements).best == chosen.answer


@pytest.mark.parametrize(
    ("scenario_id", "answer"),
    [
        ("bank_core_db", "bare_metal"),  # one owner, latency first
        ("ci_trusted", "container"),  # own code: namespaces suffice, starts fast
        ("ci_untrusted", "microvm"),  # strangers' code: a kernel of its own, no gVisor toll
        ("serverless", "microvm"),  # Firecracker: isolation, start-up and density together
        ("legacy_windows", "hw_assisted"),  # unmodified OS, not Firecracker, fastest VM left
        ("saas_per_tenant", "container"),  # own code, density decides
    ],
)
def test_a_scenario_check_accepts_its_answer_and_rejects_another(
    scenario_id: str, answer: str
) -> None:
    check = SelfCheck(cap.scenario_question(scenario_id))
    assert check.check(answer).is_correct
    wrong = "emulation" if answer != "emulation" else "container"
    assert not check.check(wrong).is_correct
    assert check.reveal().startswith(f"Answer: {answer}. ")
    assert answer not in check.question.prompt.split("Requirements:")[0]  # no giveaway


def test_changing_a_requirement_changes_the_choice() -> None:
    # tenants who upload scripts need a sandbox: the container drops out
    assert cap.what_if("saas_per_tenant").best == "container"
    assert cap.what_if("saas_per_tenant", min_isolation="user_space_kernel").best == "microvm"
    assert cap.what_if("ci_untrusted", objective="density").requirements.objective == "density"


def test_an_unknown_scenario_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown scenario 'bank'; choose one of bank_core_db"):
        cap.scenario("bank")


def test_scenario_answers_cover_every_scenario_with_sources() -> None:
    table = cap.scenario_answers()
    frame = table.frame()
    assert frame["scenario"].tolist() == [s.id for s in cap.scenarios()]
    assert frame["sources"].str.startswith("http").all()
    # every source of every scenario is a link a student can follow
    links = [unescape(h) for h in re.findall(r'<a href="([^"]+)"', table.to_html())]
    assert links == [url for s in cap.scenarios() for url in s.source_urls]


# --- seeded questions ------------------------------------------------------------------

GENERATORS: list[Callable[[int], Question]] = [
    cap.fastest_question,
    cap.density_question,
    cap.cost_question,
]


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_a_seed_always_gives_the_same_question_and_seeds_differ(
    make: Callable[[int], Question],
) -> None:
    assert make(11) == make(11)
    assert len({make(seed).prompt for seed in range(8)}) > 1


@pytest.mark.parametrize("seed", range(6))
def test_the_density_answer_fits_the_most_instances(seed: int) -> None:
    question = cap.density_question(seed)
    words = question.prompt.split()
    host_gb, app_mb = float(words[3]), float(words[words.index("needs") + 1])
    counts = [model.instances_per_host(p, host_gb, app_mb) for p in question.options]
    assert question.options[counts.index(max(counts))] == question.answer


# --- dashboards ------------------------------------------------------------------------


def test_the_workload_dashboard_follows_the_syscall_slider() -> None:
    board = cap.workload_dashboard(WEB)
    before = dict(zip(board.traces[0].y, board.traces[0].x, strict=True))["gvisor"]
    board.controls["syscalls"].value = 2000
    ranking = dict(zip(board.traces[0].y, board.traces[0].x, strict=True))
    changed = model.Workload(**{**board.values})
    assert ranking["gvisor"] == pytest.approx(
        float(model.evaluate("gvisor", changed).relative_throughput)
    )
    assert ranking["gvisor"] < before  # every extra system call pays the Sentry's toll
    syscalls = trace(board.figure, component_name("syscall"))
    syscall_bars = dict(zip(syscalls.x, syscalls.y, strict=True))
    assert syscall_bars["gvisor"] == pytest.approx(
        2000 * model.crossing_cost_us("gvisor", "syscall")
    )
    assert board.summary.value.startswith("Bare metal is the reference (1.00).")


def test_the_accuracy_dashboard_filters_by_platform() -> None:
    board = cap.accuracy_dashboard()
    rows = cap.comparisons("platform:microvm")
    board.controls["rows"].value = "platform:microvm"
    points = sum(len(t.x) for t in board.traces if t.name != "model = published")
    assert points == len(rows)
    assert board.summary.value.startswith(f"{len(rows)} comparisons.")


def test_a_bad_comparison_filter_lists_the_good_ones() -> None:
    with pytest.raises(ValueError, match="rows must be one of all, source:"):
        cap.comparisons("platform:kvm")


def test_the_density_dashboard_counts_instances_like_the_model() -> None:
    board = cap.density_dashboard(64, 256)
    board.controls["app_memory_mb"].value = 1024
    counts = dict(zip(board.traces[0].x, board.traces[0].y, strict=True))
    assert counts["container"] == model.instances_per_host("container", 64, 1024)
    assert "1024 MB per instance" in board.summary.value


def test_the_requirements_dashboard_reacts_to_a_stricter_isolation() -> None:
    board = cap.requirements_dashboard("saas_per_tenant")
    assert list(trace(board.figure, "chosen").y) == ["container"]
    board.controls["min_isolation"].value = "user_space_kernel"
    assert list(trace(board.figure, "chosen").y) == ["microvm"]
    assert "container" in list(trace(board.figure, "ruled out").y)
    assert board.summary.value.endswith("So: microvm.")


# --- tables, text and figures ----------------------------------------------------------


def test_the_trade_off_table_agrees_with_the_model() -> None:
    table = cap.trade_off_table(WEB, 64, 256)
    assert list(table.index) == list(model.PLATFORMS)
    assert table.loc["bare_metal", "relative_throughput"] == 1.0
    assert table.loc["microvm", "instances_per_host"] == model.instances_per_host(
        "microvm", 64, 256
    )


def test_worst_predictions_are_sorted_by_error() -> None:
    errors = cap.worst_predictions(5)["error"].abs().tolist()
    assert errors == sorted(errors, reverse=True)


def test_accuracy_on_large_overheads_needs_a_fraction() -> None:
    assert set(cap.accuracy_where_overhead_exceeds(0.05).index) == {"in-sample", "out-of-sample"}
    with pytest.raises(ValueError, match="fraction must be between 0 and 1"):
        cap.accuracy_where_overhead_exceeds(5)


@pytest.mark.parametrize(
    ("workload", "text"),
    [
        (model.Workload(), "nothing at all"),  # an empty operation still reads as English
        (model.Workload(syscalls=1), "1 system call"),  # singular
        (model.Workload(cpu_us=124000, disk_ios=2), "124,000 µs of CPU and 2 disk I/Os"),
    ],
)
def test_a_workload_reads_as_words(workload: model.Workload, text: str) -> None:
    assert cap.describe_workload(workload) == text


def test_the_workload_figure_keeps_its_traces_for_in_place_updates() -> None:
    figure = workload_figure(WEB)
    assert [t.type for t in figure.data] == ["bar"] * (1 + len(model.COMPONENTS))
    assert figure.layout.barmode == "stack"


def test_the_decision_figure_refuses_an_unknown_objective() -> None:
    rows = pd.DataFrame(
        {
            "platform": ["container"],
            "verdict": ["chosen"],
            "why": ["-"],
            "relative_throughput": [0.9],
            "instances_per_host": [10],
        }
    )
    with pytest.raises(ValueError, match="objective must be one of throughput, density"):
        decision_figure(rows, "cost", title="t")


# --- the Korean edition -----------------------------------------------------------------

# Words left in English on purpose: platform ids (the self-checks' options) and the
# cgroup term; the density formula's floor().
KEPT = {*model.PLATFORMS, "cgroup", "floor"}


def is_korean(text: str) -> bool:
    """Korean text: some Hangul, and no English word but the ids and terms kept."""
    return bool(re.search("[가-힣]", text)) and not set(i18n.english_words(text)) - KEPT


def has_hangul(text: str) -> bool:
    return bool(re.search("[가-힣]", text))


def figure_texts(figure: Any) -> list[str]:
    """The title, axis titles, legend title and legend entries of a figure."""
    layout = figure.layout
    texts = [layout.title.text, layout.legend.title.text]
    for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        title = getattr(layout, axis, None)
        if title is not None and title.title.text:
            texts.append(title.title.text)
    texts += [a.text for a in layout.annotations]  # panel titles
    texts += [t.name for t in figure.data if t.showlegend is not False]
    return [t for t in texts if t]


def dashboard_texts(board: Any) -> list[str]:
    """What a dashboard shows in words: title, control labels, menu labels, figure, summary."""
    texts = [board.title, board.summary.value, *figure_texts(board.figure)]
    for control in board.controls.values():
        texts.append(control.description)
        texts += [label for label, _ in getattr(control, "options", ())]
    return texts


DASHBOARDS: dict[str, Callable[[], Any]] = {
    "workload": lambda: cap.workload_dashboard(WEB),
    "accuracy": cap.accuracy_dashboard,
    "density": lambda: cap.density_dashboard(64, 256),
    "requirements": lambda: cap.requirements_dashboard("legacy_windows"),
}


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_every_dashboard_speaks_korean(name: str) -> None:
    with i18n.using("ko"):
        board = DASHBOARDS[name]()
        texts = dashboard_texts(board)
    # menu labels that are ids or sources' ids ('출처: felter2015') still carry Hangul
    left = [t for t in texts if not is_korean(t)]
    assert left == []


def test_the_requirements_dashboard_redraws_in_korean() -> None:
    with i18n.using("ko"):
        board = cap.requirements_dashboard("saas_per_tenant")
        labels = dict(board.controls["min_isolation"].options)
        assert labels["시나리오대로"] == ""  # the labels change, the values do not
        assert [v for _, v in board.controls["objective"].options] == ["", "throughput", "density"]
        board.controls["min_isolation"].value = "user_space_kernel"
        assert list(trace(board.figure, "선택").y) == ["microvm"]
        assert "container" in list(trace(board.figure, "제외").y)
        assert board.summary.value.endswith("따라서 선택: microvm.")
        assert board.figure.layout.title.text.startswith("고객마다 인스턴스")
        assert is_korean(board.summary.value)


@pytest.mark.parametrize("scenario_id", [s.id for s in cap.scenarios()])
def test_a_scenario_question_is_korean_in_korean(scenario_id: str) -> None:
    with i18n.using("ko"):
        question = cap.scenario_question(scenario_id)
        check = SelfCheck(question)
        reveal = check.reveal()
    assert question.title.startswith("시나리오 ")
    for text in (question.title, question.prompt, question.explanation):
        assert is_korean(text), text
    assert question.options == model.PLATFORMS  # ids stay ids
    assert question.answer == cap.scenario(scenario_id).answer
    assert reveal.startswith(f"정답: {question.answer}. ")
    assert cap.scenario(scenario_id).description not in question.prompt  # no English left


def test_scenarios_carry_korean_reasons_for_the_same_platforms() -> None:
    for s in cap.scenarios():
        assert has_hangul(s.reasoning_ko) and len(s.reasoning_ko) > 80
        assert s.requirements_ko is not None
        ko, en = s.requirements_ko.ruled_out, s.requirements.ruled_out
        assert list(ko) == list(en)  # the same platforms, in the same order
        assert all(has_hangul(reason) for reason in ko.values())
        # the Korean requirements differ from the English in the reasons only
        assert dataclasses.replace(s.requirements_ko, ruled_out=en) == s.requirements
    with i18n.using("ko"):
        reasons = cap.what_if("legacy_windows").candidates
    microvm = next(c for c in reasons if c.platform_id == "microvm")
    assert microvm.reasons_out[0].startswith("Firecracker는")


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_seeded_questions_are_korean_in_korean(make: Callable[[int], Question], seed: int) -> None:
    with i18n.using("ko"):
        question = make(seed)
        heading = question.heading
    assert heading.startswith("자가 점검 ") and "시드" in heading
    for text in (question.prompt, question.explanation):
        assert is_korean(text), text
    assert question.answer in question.options


def test_the_cost_question_names_the_parts_as_the_legend_does() -> None:
    with i18n.using("ko"):
        question = cap.cost_question(7)
        legend = [component_name(c) for c in model.COMPONENTS if c != "wait"]
    assert list(question.options) == legend  # the Korean names of the breakdown's legend
    english = cap.cost_question(7)
    assert english.options == tuple(c for c in model.COMPONENTS if c != "wait")
    # the same question in either language: the answer is the same part
    assert legend.index(question.answer) == english.options.index(english.answer)


def test_a_workload_reads_as_korean() -> None:
    with i18n.using("ko"):
        assert cap.describe_workload(WEB) == (
            "CPU 300 µs, 시스템 콜 20회, 페이지 폴트 5회, 특권 연산 6회, 네트워크 왕복 1회"
        )
        assert cap.describe_workload(model.Workload()) == "아무 일도 하지 않음"
        assert is_korean(cap.workload_summary(WEB))
        assert is_korean(cap.density_summary(64, 256))


def as_shown(table: pd.DataFrame | TextTable) -> pd.DataFrame:
    """What a student sees: a DataFrame as it is, a table of text with its headers as columns."""
    if isinstance(table, TextTable):
        return pd.DataFrame(list(table.rows), columns=list(table.headers))
    return table


TABLES: dict[str, Callable[[], pd.DataFrame]] = {
    "trade_off": lambda: cap.trade_off_table(WEB),
    "worst": cap.worst_predictions,
    "accuracy": cap.accuracy_where_overhead_exceeds,
    "answers": lambda: as_shown(cap.scenario_answers()),
    "recommendation": lambda: as_shown(
        cap.recommend(WEB, cap.Requirements(min_isolation="namespaces")).table()
    ),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_headers_are_korean_in_korean_and_ids_in_english(name: str) -> None:
    with i18n.using("ko"):
        korean = TABLES[name]()
    english = TABLES[name]()
    headers = [str(c) for c in korean.columns] + [korean.index.name or "한"]
    assert all(has_hangul(h) and not i18n.english_words(h) for h in headers), headers
    assert korean.shape == english.shape
    assert not any(has_hangul(str(c)) for c in english.columns)
    assert english.index.name in (None, "platform", "sample")


def test_korean_tables_translate_words_and_keep_ids() -> None:
    with i18n.using("ko"):
        trade_offs = cap.trade_off_table(WEB)
        verdicts = as_shown(
            cap.recommend(WEB, cap.Requirements(min_isolation="namespaces")).table()
        )
        accuracy = cap.accuracy_where_overhead_exceeds(0.05)
        worst = cap.worst_predictions(3)
    assert trade_offs.loc["container", "격리 수준"] == "namespaces"  # ids stay ids
    assert set(verdicts["판정"]) == {"선택", "요구 조건 충족", "제외"}
    assert set(accuracy.index) == {"표본 내", "표본 외"}
    assert set(worst["표본"]) <= {"표본 내", "표본 외"}
    assert worst["벤치마크"].iloc[0] == "fork_proc"


def test_a_column_selection_by_id_works_in_both_languages() -> None:
    wanted = ["isolation", "shares_host_kernel", "runs_unmodified_os"]
    english = cap.trade_off_table(WEB, columns=wanted)
    with i18n.using("ko"):
        korean = cap.trade_off_table(WEB, columns=wanted)
    assert list(english.columns) == wanted
    assert list(korean.columns) == ["격리 수준", "호스트 커널 공유", "수정 없는 OS 실행"]
    assert (english.to_numpy() == korean.to_numpy()).all()
    with pytest.raises(ValueError, match="columns must be column ids among relative_throughput"):
        cap.trade_off_table(WEB, columns=["speed"])


@pytest.mark.parametrize(
    "figure",
    [
        lambda: workload_figure(WEB),
        lambda: decision_figure(
            cap.what_if("saas_per_tenant").rows(), "density", title="멀티테넌트 SaaS"
        ),
        lambda: decision_figure(cap.what_if("bank_core_db").rows(), "throughput", title="은행"),
    ],
    ids=["workload", "decision_density", "decision_throughput"],
)
def test_capstone_figures_are_korean_in_korean(figure: Callable[[], Any]) -> None:
    with i18n.using("ko"):
        built = figure()
    texts = figure_texts(built)
    assert [t for t in texts if not is_korean(t)] == []
    # the contract of every figure: a unit on a numeric axis, in Korean too
    axes = [getattr(built.layout, a, None) for a in ("xaxis", "yaxis", "xaxis2", "yaxis2")]
    assert any("(" in (a.title.text or "") for a in axes if a is not None)


def test_the_hover_text_of_a_decision_is_the_current_language() -> None:
    with i18n.using("ko"):
        figure = decision_figure(cap.what_if("serverless").rows(), "density", title="t")
    hover = [why for t in figure.data for why in t.customdata]
    assert hover and all(is_korean(why) for why in hover)


@pytest.mark.parametrize(
    ("fail", "words"),
    [
        (lambda: cap.Requirements(min_isolation="vm"), "min_isolation 값은"),
        (lambda: cap.Requirements(objective="cost"), "objective 값은"),
        (lambda: cap.Requirements(max_startup_s=-1.0), "max_startup_s 값은"),
        (lambda: cap.scenario("bank"), "알 수 없는 시나리오입니다: 'bank'"),
        (lambda: cap.comparisons("platform:kvm"), "rows 값은"),
        (lambda: cap.accuracy_where_overhead_exceeds(5), "fraction 값은"),
        (lambda: cap.trade_off_table(WEB, columns=["speed"]), "columns에는"),
        (
            lambda: decision_figure(cap.what_if("serverless").rows(), "cost", title="t"),
            "objective 값은",
        ),
    ],
    ids=[
        "isolation",
        "objective",
        "startup",
        "scenario",
        "rows",
        "fraction",
        "columns",
        "figure_objective",
    ],
)
def test_errors_are_korean_in_korean(fail: Callable[[], Any], words: str) -> None:
    with i18n.using("ko"), pytest.raises(ValueError) as raised:
        fail()
    message = str(raised.value)
    assert words in message
    assert has_hangul(message)


def test_english_stays_english() -> None:
    with i18n.using("en"):
        board = cap.requirements_dashboard("saas_per_tenant")
        texts = dashboard_texts(board)
        question = cap.fastest_question(3)
        table = cap.trade_off_table(WEB)
        figure = workload_figure(WEB)
    assert not [t for t in texts if has_hangul(t)]
    assert not any(has_hangul(t) for t in (question.title, question.prompt, question.explanation))
    assert list(table.columns)[:2] == ["relative_throughput", "isolation"]
    assert figure.layout.title.text.startswith("Which platform runs this operation fastest")
    assert board.controls["min_isolation"].options[1] == ("processes of one OS", "process")
    # the English edition still gives each scenario's Korean title beside the English one
    assert (
        cap.scenario_question("serverless").title
        == "Scenario 4: Serverless functions (서버리스 함수)"
    )
