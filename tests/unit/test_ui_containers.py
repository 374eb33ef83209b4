"""04-containers: os-release, the demo in words, tables, dashboards and self-checks, headless."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import plotly.graph_objects as go
import pytest

from virtlab import i18n, model
from virtlab.figures.containers import DENSITY_PLATFORMS, density_startup_figure
from virtlab.history import load
from virtlab.probe import REFUSAL_KINDS, Refusal, namespace_demo
from virtlab.probe._namespaces import WHAT_IT_ISOLATES
from virtlab.ui import Question, containers

SEEDS = (0, 7, 42, 2024)


# --- os-release: the userland the file system carries -------------------------------------


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        # the usual form: double quotes around values with spaces
        (
            "etc/os-release",
            'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
            ("Debian GNU/Linux 12 (bookworm)", "debian", None, "12", "/etc/os-release"),
        ),
        # single quotes, a comment and a blank line are all allowed by os-release(5)
        (
            "etc/os-release",
            "# made by hand\n\nNAME='Alpine Linux'\nID=alpine\nID_LIKE='a b'\n",
            ("Alpine Linux", "alpine", "a b", None, "/etc/os-release"),
        ),
        # only the fallback location exists (some minimal images)
        (
            "usr/lib/os-release",
            'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n',
            ("Ubuntu 24.04 LTS", "ubuntu", "debian", None, "/usr/lib/os-release"),
        ),
        # an unbalanced quote is read leniently instead of raising
        (
            "etc/os-release",
            'PRETTY_NAME="Broken\nID=x\nnot a line\n=empty key\n',
            ("Broken", "x", None, None, "/etc/os-release"),
        ),
        # shell escapes are undone
        (
            "etc/os-release",
            'PRETTY_NAME="Say \\"hi\\""\n',
            ('Say "hi"', None, None, None, "/etc/os-release"),
        ),
    ],
)
def test_os_release_is_read_as_a_shell_would(
    tmp_path: Path, relative: str, text: str, expected: tuple[str | None, ...]
) -> None:
    found = containers.read_os_release(write(tmp_path, relative, text))
    assert dataclasses.astuple(found) == expected


def test_etc_wins_over_usr_lib(tmp_path: Path) -> None:
    # os-release(5): /etc/os-release first, /usr/lib/os-release only as a fallback
    write(tmp_path, "usr/lib/os-release", "ID=fallback\n")
    write(tmp_path, "etc/os-release", "ID=first\n")
    assert containers.read_os_release(tmp_path).os_id == "first"


def test_a_file_system_without_os_release_gives_nones(tmp_path: Path) -> None:
    found = containers.read_os_release(tmp_path)
    assert found == containers.OsRelease(None, None, None, None, None)
    lesson = containers.userland_and_kernel(tmp_path, kernel="Linux 6.1").lesson
    assert lesson == "No os-release file was found; the kernel running is Linux 6.1."


def test_the_lesson_names_userland_and_kernel_apart(tmp_path: Path) -> None:
    root = write(tmp_path, "etc/os-release", 'PRETTY_NAME="Alpine Linux v3.20"\n')
    both = containers.userland_and_kernel(root, kernel="Linux 6.8.0-ubuntu")
    assert both.kernel == "Linux 6.8.0-ubuntu"
    assert "says Alpine Linux v3.20" in both.lesson and "kernel says Linux 6.8.0" in both.lesson


# --- the namespace demo in words ----------------------------------------------------------


def test_the_demo_shows_pid_1_and_never_the_machines_hostname() -> None:
    recorded = namespace_demo(environ={"VIRTLAB_LIVE": "0"})
    text = containers.describe_namespace_demo(recorded)
    assert "PID inside the new PID namespace:       1" in text
    assert "lab-container" in text
    assert recorded.data.hostname_outside not in text.split("\n", 1)[1]
    assert "refusal kind" not in text  # asking for a recording is not a refusal


def test_a_refused_demo_names_the_kind_of_refusal() -> None:
    recorded = namespace_demo(environ={"VIRTLAB_LIVE": "0"})
    refusal = Refusal("seccomp", REFUSAL_KINDS["seccomp"], "EPERM", "unshare failed with EPERM")
    text = containers.describe_namespace_demo(dataclasses.replace(recorded, refusal=refusal))
    assert text.endswith("seccomp (unshare failed with EPERM)")


# --- tables from the model and the data ---------------------------------------------------


def test_the_density_table_agrees_with_the_model() -> None:
    table = containers.density_startup_table(32, 512)
    for row in table.itertuples(index=False):
        assert row[-1] == model.instances_per_host(row[0], 32, 512)
        assert row[1] == model.startup_seconds(row[0])


def test_gvisor_pays_about_twenty_times_a_containers_system_call() -> None:
    table = containers.syscall_toll_table().frame().set_index("platform")
    # the gVisor performance guide: 38,219 ns under runsc vs 1,939 ns under runc
    times = float(table.loc["gvisor", "times_container"])
    assert times == pytest.approx(38219 / 1939, abs=0.05)
    assert float(table.loc["container", "syscall_us"]) == model.crossing_cost_us(
        "bare_metal", "syscall"
    )
    # every layer's toll is shown whole, not cut at 50 characters
    assert table.loc["gvisor", "toll_layers"].count(" + ") == 1
    assert len(table.loc["gvisor", "toll_layers"]) > 50


def test_only_container_and_gvisor_share_the_host_kernel() -> None:
    table = containers.kernel_sharing_table().frame().set_index("platform")
    assert table["shares_host_kernel"].to_dict() == {
        "container": "True",
        "gvisor": "True",
        "microvm": "False",
        "hw_assisted": "False",
    }
    assert table.loc["microvm", "layers"] == " > ".join(model.platform("microvm").layer_names())


def test_claims_and_events_come_from_the_data() -> None:
    claims = containers.container_claims().frame().set_index("claim_id")
    assert claims["verdict"].to_dict() == {
        "S19": "partly correct",  # no kernel, but a userland
        "S20": "correct",
        "S28": "correct",
        "S29": "partly correct",  # the Dockerfile came two months after the launch
        "S30": "wrong",  # Docker Hub is from 2014
    }
    events = containers.docker_events()
    frame = events.frame().set_index("id")
    assert frame.loc["docker-launch", "year"] == "2013"
    assert frame.loc["docker-0-9-libcontainer", "year"] == "2014"
    # every source of every event is a link
    history = load().set_index("id").loc[list(containers.DOCKER_EVENTS)]
    urls = [u.strip() for cell in history["source_url"] for u in cell.split(" | ")]
    links = [unescape(h) for h in re.findall(r'<a href="([^"]+)"', events.to_html())]
    assert links == urls


# --- the figure ---------------------------------------------------------------------------


def test_the_density_figure_counts_instances_and_logs_start_up() -> None:
    fig = density_startup_figure(16, 128)
    expected = [model.instances_per_host(p, 16, 128) for p in DENSITY_PLATFORMS]
    assert list(fig.data[0].y) == expected
    assert list(fig.data[1].y) == [model.startup_seconds(p) for p in DENSITY_PLATFORMS]
    assert fig.layout.yaxis2.type == "log"
    assert "(count)" in fig.layout.yaxis.title.text and "(s" in fig.layout.yaxis2.title.text
    assert fig.to_json() == density_startup_figure(16, 128).to_json()  # deterministic


def test_a_host_too_small_for_any_vm_still_draws() -> None:
    # 2 GB is all host reserve for the VM platform: zero VMs fit, and that is a valid answer
    fig = density_startup_figure(2, 64)
    assert fig.data[0].y[-1] == 0


# --- dashboards ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("control", "value"),
    [
        ("host_memory_gb", 128.0),  # a bigger host fits more of everything
        ("app_memory_mb", 2048.0),  # a bigger application shrinks the gap
    ],
)
def test_the_density_dashboard_follows_its_sliders(control: str, value: float) -> None:
    board = containers.density_startup_dashboard(64.0, 256.0)
    board.controls[control].value = value
    sizes = {"host_memory_gb": 64.0, "app_memory_mb": 256.0, control: value}
    expected = [model.instances_per_host(p, **sizes) for p in DENSITY_PLATFORMS]
    assert list(board.traces[0].y) == expected
    assert board.summary.value.startswith(f"{expected[0]} containers or {expected[-1]}")
    assert list(board.default_figure.data[0].y) != expected  # the stored figure keeps 64/256


def test_a_parameter_below_the_sliders_range_is_kept() -> None:
    # papermill may pass host_memory_gb=1; the slider must not clamp it to its usual minimum
    board = containers.density_startup_dashboard(1.0, 8.0)
    assert board.values == {"host_memory_gb": 1.0, "app_memory_mb": 8.0}


def test_the_sandbox_dashboard_charges_gvisor_per_system_call() -> None:
    board = containers.sandbox_syscall_dashboard(2000, 500.0)
    board.controls["syscalls_per_request"].value = 5000
    syscall_bars = next(t for t in board.traces if t.meta == "syscall")
    toll = model.crossing_cost_us("gvisor", "syscall")
    assert syscall_bars.y[DENSITY_PLATFORMS.index("gvisor")] == pytest.approx(5000 * toll)
    assert board.summary.value == containers.sandbox_summary(5000, 500.0)


def test_an_empty_request_is_summarized_without_dividing_by_zero() -> None:
    assert containers.sandbox_summary(0, 0.0) == "An empty request takes no time anywhere."


# --- self-checks --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_the_density_answer_is_the_models(seed: int) -> None:
    question = containers.containers_vs_vms_question(seed)
    sizes = re.search(r"has (\d+) GB of memory .* needs (\d+) MB", question.prompt)
    assert sizes is not None
    host_gb, app_mb = int(sizes[1]), int(sizes[2])
    containers_fit = model.instances_per_host("container", host_gb, app_mb)
    vms_fit = model.instances_per_host("hw_assisted", host_gb, app_mb)
    assert question.answer == f"{containers_fit} containers, {vms_fit} VMs"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_startup_answer_is_ranked_by_the_model(seed: int) -> None:
    ranked = containers.startup_rank_question(seed).answer.split(" < ")
    seconds = [model.startup_seconds(p) for p in ranked]
    assert seconds == sorted(seconds) and len(set(ranked)) == 3


@pytest.mark.parametrize("seed", SEEDS)
def test_the_gvisor_answer_is_the_models_ratio(seed: int) -> None:
    question = containers.gvisor_slowdown_question(seed)
    counts = re.search(r"runs (\d+) µs .* makes ([\d,]+) system calls", question.prompt)
    assert counts is not None
    request = model.Workload(cpu_us=float(counts[1]), syscalls=float(counts[2].replace(",", "")))
    ratio = model.evaluate("gvisor", request).time_us / model.evaluate("container", request).time_us
    assert question.answer == f"{ratio:.1f} times"


def test_the_uts_namespace_is_the_hostname_one() -> None:
    # the namespace the demo above used to set its own hostname
    asked = [containers.namespace_question(s) for s in range(40)]
    hostname = next(q for q in asked if "the hostname" in q.prompt)
    assert hostname.answer == "uts"


def test_a_limited_container_sees_the_nodes_numbers() -> None:
    question = containers.cgroup_view_question(7)
    assert "256 GiB" in question.prompt and question.answer == (
        "MemTotal 256 GiB, os.cpu_count() 32"
    )


# --- the Korean edition -------------------------------------------------------------------


# ids, terms and files that Korean text names as they are
NAMES = {
    *WHAT_IT_ISOLATES,  # namespace kinds: uts, pid ...
    *model.PLATFORMS,  # platform ids: container, gvisor ...
    "namespaces",  # the manual page namespaces(7)
    "capability",  # 권한(capability): the term in parentheses
    "proc",  # /proc/meminfo
    "meminfo",
    "etc",  # /etc/os-release
    "release",
    "floor",  # the formula
    "memory",  # memory.max, cpu.max
    "cpu",
    "max",
    "virtlab",  # virtlab.probe.cgroup_limits()
    "probe",
}


def korean(text: str, *names: str) -> None:
    """``text`` is written in Korean: it has Hangul and no English words but ``names``."""
    assert i18n.hangul_share(text) > 0, text
    assert [w for w in i18n.english_words(text) if w not in {*NAMES, *names}] == [], text


def figure_texts(fig: go.Figure) -> list[str]:
    """Every title, axis title, panel title and trace name a figure shows."""
    layout = fig.layout
    texts = [layout.title.text, *(a.text for a in layout.annotations)]
    texts += [layout[axis].title.text for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2")]
    return texts + [trace.name for trace in fig.data]


@pytest.fixture
def in_korean() -> Iterator[None]:
    with i18n.using("ko"):
        yield


@pytest.mark.usefixtures("in_korean")
def test_the_density_dashboard_speaks_korean() -> None:
    board = containers.density_startup_dashboard(64.0, 256.0)
    korean(board.title)
    for control in board.controls.values():
        korean(control.description)
    for text in figure_texts(board.default_figure):
        korean(text)
    korean(board.default_figure.data[0].hovertemplate, "extra")
    board.controls["app_memory_mb"].value = 1024.0  # a redraw keeps the language
    korean(board.figure.layout.title.text)
    assert board.summary.value == containers.density_summary(64.0, 1024.0)
    korean(board.summary.value)
    korean(containers.density_summary(2, 64))  # no VM fits: the sentence without a ratio


@pytest.mark.usefixtures("in_korean")
def test_the_sandbox_dashboard_speaks_korean() -> None:
    board = containers.sandbox_syscall_dashboard(2000, 500.0)
    korean(board.title)
    for control in board.controls.values():
        korean(control.description)
    korean(board.default_figure.layout.title.text)
    korean(board.summary.value)
    korean(containers.sandbox_summary(0, 0.0))


QUESTIONS = (
    containers.containers_vs_vms_question,
    containers.namespace_question,
    containers.startup_rank_question,
    containers.gvisor_slowdown_question,
    containers.cgroup_view_question,
)


@pytest.mark.usefixtures("in_korean")
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("make", QUESTIONS, ids=lambda f: f.__name__)
def test_every_self_check_speaks_korean(make: Callable[[int], Question], seed: int) -> None:
    question = make(seed)
    korean(question.title)
    korean(question.prompt)
    korean(question.explanation)
    assert question.answer in question.options
    # density and gVisor options are phrases; the others are ids (namespaces, platforms) or
    # what a command prints (MemTotal 256 GiB, os.cpu_count() 32)
    if make in (containers.containers_vs_vms_question, containers.gvisor_slowdown_question):
        for option in question.options:
            korean(option)
    else:
        assert not any(i18n.hangul_share(o) > 0 and i18n.english_words(o) for o in question.options)


def test_korean_answers_are_the_english_ones_in_other_words() -> None:
    for seed in SEEDS:
        english = containers.gvisor_slowdown_question(seed).answer
        with i18n.using("ko"):
            korean_answer = containers.gvisor_slowdown_question(seed).answer
        assert korean_answer == english.replace(" times", "배")
        english = containers.containers_vs_vms_question(seed).answer
        with i18n.using("ko"):
            korean_answer = containers.containers_vs_vms_question(seed).answer
        assert re.findall(r"\d+", korean_answer) == re.findall(r"\d+", english)


def test_the_namespace_check_says_what_a_namespace_isolates_in_korean() -> None:
    with i18n.using("ko"):
        asked = [containers.namespace_question(s) for s in range(40)]
        for question in asked:
            # the resource is virtlab.probe's own words for it, in the current language
            assert WHAT_IT_ISOLATES[question.answer] in question.prompt
            assert WHAT_IT_ISOLATES[question.answer] in question.explanation
        hostname = next(q for q in asked if WHAT_IT_ISOLATES["uts"] in q.prompt)
    assert hostname.answer == "uts"
    assert {q.answer for q in asked} == set(WHAT_IT_ISOLATES)


@pytest.mark.usefixtures("in_korean")
def test_the_tables_have_korean_headers_and_korean_text() -> None:
    density = containers.density_startup_table(64, 256)
    for header in [*density.columns, density.index.name]:
        if header is not None:
            korean(str(header))
    for table in (
        containers.kernel_sharing_table(),
        containers.syscall_toll_table(),
        containers.container_claims(),
        containers.docker_events(),
    ):
        for header in table.headers:
            if header != "#":
                korean(header)
    sharing = containers.kernel_sharing_table().frame()
    platforms = sharing["platform"].tolist()
    assert platforms == list(DENSITY_PLATFORMS)  # ids stay ids
    columns = (platforms, sharing["layers"], sharing["isolation_boundary"])
    for pid, layers, boundary in zip(*columns, strict=True):
        assert layers == " > ".join(model.platform(pid).layers_ko)
        korean(boundary, "exit")  # VM exit, the term
    claims = containers.container_claims().frame().set_index("claim_id")
    assert claims.loc["S30", "verdict"] == "틀림"
    for correction in claims["correction"]:
        assert i18n.hangul_share(correction) > 0.5
    events = containers.docker_events()
    assert "title_en" not in events.columns and "title_ko" in events.columns
    assert events.headers == ("사건 ID", "연도", "월", "제목", "출처")
    assert (
        events.frame().set_index("id").loc["docker-launch", "title_ko"]
        == load().set_index("id").loc["docker-launch", "title_ko"]
    )


def test_english_tables_keep_their_english_headers() -> None:
    with i18n.using("en"):
        assert containers.container_claims().headers == (
            "#",
            "Claim (source text)",
            "The claim in English",
            "Verdict",
            "Correction",
            "Sources",
        )
        # English shows the Korean title beside the English one
        assert containers.docker_events().headers == (
            "event",
            "year",
            "month",
            "title",
            "title in Korean",
            "sources",
        )
        assert containers.kernel_sharing_table().headers == (
            "platform",
            "shares host kernel",
            "layers (hardware first)",
            "isolation boundary",
        )
        board = containers.density_startup_dashboard()
        assert board.title == "Containers vs sandboxes vs VMs: how many fit, how fast they start"
        assert i18n.hangul_share(" ".join(figure_texts(board.default_figure))) == 0
        assert i18n.hangul_share(containers.containers_vs_vms_question(7).prompt) == 0


@pytest.mark.usefixtures("in_korean")
def test_the_demo_in_korean_keeps_its_values_in_one_column() -> None:
    recorded = namespace_demo(environ={"VIRTLAB_LIVE": "0"})
    refusal = Refusal("seccomp", REFUSAL_KINDS["seccomp"], "EPERM", "unshare failed with EPERM")
    text = containers.describe_namespace_demo(dataclasses.replace(recorded, refusal=refusal))
    rows = text.splitlines()[1:]
    assert rows[0].startswith("새 PID 네임스페이스 안의 PID:")
    assert rows[-1].startswith("거부 유형:") and rows[-1].endswith(
        "seccomp (unshare failed with EPERM)"
    )
    # in a monospace font a Hangul letter is two columns wide: each value starts at the same one
    labels = [re.match(r"[^:]*:\s+", row) for row in rows]
    widths = {
        sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in found[0])
        for found in labels
        if found is not None
    }
    assert len(widths) == 1 and len(labels) == 6
    for row in rows:
        korean(row.split(":", 1)[0])
    korean(rows[0].split(":", 1)[1])  # 1 (자기 프로세스 트리의 첫 프로세스)
    korean(rows[3].split(":", 1)[1])  # the hostname outside, unchanged


@pytest.mark.usefixtures("in_korean")
def test_the_userland_lesson_and_errors_speak_korean(tmp_path: Path) -> None:
    root = write(tmp_path, "etc/os-release", 'PRETTY_NAME="Alpine Linux v3.20"\n')
    lesson = containers.userland_and_kernel(root, kernel="Linux 6.8.0").lesson
    korean(lesson)
    assert "Alpine Linux v3.20" in lesson and "Linux 6.8.0" in lesson
    korean(containers.userland_and_kernel(tmp_path / "none", kernel="Linux 6.8.0").lesson)
    with pytest.raises(ValueError, match="알 수 없는 플랫폼") as raised:
        containers.kernel_sharing_table(["vm"])
    korean(str(raised.value))
    with pytest.raises(ValueError) as raised:
        density_startup_figure(-1, 256)
    assert i18n.hangul_share(str(raised.value)) > 0.5
