"""Figure builders of the cost model: the data they draw, and what they refuse."""

from __future__ import annotations

import pytest

from virtlab import model
from virtlab.figures import costs

WEB = model.Workload(cpu_us=300, syscalls=20, page_faults=5, net_round_trips=1)


def test_breakdown_stacks_the_model_breakdown() -> None:
    # second route: each bar equals the model's breakdown part
    fig = costs.breakdown_figure(WEB, ["container", "gvisor"])
    by_name = {trace.name: trace for trace in fig.data}
    assert list(by_name) == list(model.COMPONENTS)
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
