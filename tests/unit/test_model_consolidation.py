"""The consolidation model: servers one per application vs packed, and the utilization data."""

from __future__ import annotations

import math
import re

import pytest

from virtlab import i18n, model


@pytest.mark.parametrize(
    ("applications", "average", "cores", "target", "servers"),
    [
        (20, 15, 16, 60, 5),  # the notebook's default: 48 busy cores / 9.6 usable = exactly 5
        (10, 50, 8, 50, 10),  # each app fills a whole server at the target: nothing to save
        (3, 10, 16, 80, 1),  # a little work still needs one server
        (7, 33, 3, 70, 4),  # 6.93 busy cores / 2.1 usable = 3.3, rounded up
        (7, 10, 3, 70, 1),  # 2.1 / 2.1 in floating point is 1.0000000000000004: no extra server
        (1, 100, 4, 100, 1),  # one full application on one full server
    ],
)
def test_consolidated_servers_follow_the_formula(
    applications: int, average: float, cores: int, target: float, servers: int
) -> None:
    plan = model.consolidate(applications, average, cores, target, 1000)
    assert plan.consolidated_servers == servers
    assert plan.dedicated_servers == applications


@pytest.mark.parametrize(
    ("applications", "average", "cores", "target"),
    [(20, 15, 16, 60), (58, 20, 32, 80), (13, 8, 48, 80), (200, 1, 128, 10), (9, 99, 2, 95)],
)
def test_the_consolidated_servers_are_the_fewest_that_hold_the_demand(
    applications: int, average: float, cores: int, target: float
) -> None:
    # second route: n servers hold the demand at the target and n - 1 do not
    plan = model.consolidate(applications, average, cores, target, 0)
    usable = target / 100 * cores
    assert plan.consolidated_servers * usable >= plan.demand_cores - 1e-9
    assert (plan.consolidated_servers - 1) * usable < plan.demand_cores - 1e-9 or (
        plan.consolidated_servers == 1
    )


def test_idle_cores_and_costs_add_up() -> None:
    plan = model.consolidate(20, 15, 16, 60, 3000)
    assert plan.demand_cores == pytest.approx(20 * 0.15 * 16)
    assert plan.dedicated_idle_cores == pytest.approx(20 * 16 * (1 - 0.15))
    assert plan.consolidated_idle_cores == pytest.approx(5 * 16 - 48)
    assert plan.dedicated_cost_per_year == 60_000
    assert plan.savings_per_year == plan.dedicated_cost_per_year - plan.consolidated_cost_per_year
    assert plan.applications_per_server == 4


@pytest.mark.parametrize(
    ("host_cores", "hosts", "cost"),
    [
        (16, 5, 15_000),  # same size as the servers: the default
        (64, 2, 24_000),  # scale up: fewer, bigger hosts, each priced as four servers
        (8, 10, 15_000),  # scale out: twice as many half-size hosts, same cores, same cost
    ],
)
def test_host_size_trades_scale_up_against_scale_out(
    host_cores: int, hosts: int, cost: float
) -> None:
    plan = model.consolidate(20, 15, 16, 60, 3000, host_cores=host_cores)
    assert (plan.consolidated_servers, plan.consolidated_cost_per_year) == (hosts, cost)
    assert plan.consolidated_idle_cores == pytest.approx(hosts * host_cores - 48)


def test_consolidation_never_needs_more_servers_than_bare_metal_at_a_full_target() -> None:
    # at a 100% target every application fits in its own server's worth of cores or less
    for average in (1, 25, 50, 100):
        plan = model.consolidate(17, average, 8, 100, 1)
        assert plan.consolidated_servers <= plan.dedicated_servers


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"applications": 0}, ValueError, "applications must be at least 1; got 0"),
        ({"applications": 2.5}, TypeError, "applications must be a whole number; got float 2.5"),
        ({"applications": True}, TypeError, "applications must be a whole number; got bool"),
        ({"server_cores": -4}, ValueError, "server_cores must be at least 1; got -4"),
        (
            {"average_utilization_pct": 0},
            ValueError,
            "average_utilization_pct must be a percentage > 0 and <= 100; got 0",
        ),
        (
            {"target_utilization_pct": 120},
            ValueError,
            "target_utilization_pct must be a percentage > 0 and <= 100; got 120",
        ),
        (
            {"average_utilization_pct": math.nan},
            ValueError,
            "average_utilization_pct must be a finite number; got nan",
        ),
        (
            {"average_utilization_pct": "15"},
            TypeError,
            "average_utilization_pct must be a number; got str '15'",
        ),
        (
            {"cost_per_server_per_year": -1},
            ValueError,
            "cost_per_server_per_year must be >= 0; got -1",
        ),
        ({"host_cores": 0}, ValueError, "host_cores must be at least 1; got 0"),
    ],
)
def test_bad_inputs_are_named(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    values: dict[str, object] = {
        "applications": 20,
        "average_utilization_pct": 15,
        "server_cores": 16,
        "target_utilization_pct": 60,
        "cost_per_server_per_year": 3000,
    }
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        model.consolidate(**{**values, **kwargs})  # type: ignore[arg-type]


def test_the_utilization_table_is_cited_and_marked() -> None:
    table = model.server_utilization()
    assert len(table) >= 4
    assert (table["low_pct"] <= table["high_pct"]).all()
    assert table["url"].str.startswith("http").all()
    assert set(table["mark"]) <= {"P", "S", "R"}
    # the sources the notebook names in its prose are rows of the table
    assert {"barroso2007_google", "nrdc2014_us_servers"} <= set(table["id"])


def test_every_published_range_leaves_most_of_a_server_idle() -> None:
    # the notebook's claim: every source puts typical utilization at or below half of capacity
    assert (model.server_utilization()["high_pct"] <= 50).all()


# --- the Korean edition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"applications": 0}, ValueError, "applications 값은 1 이상이어야 합니다. 받은 값: 0"),
        ({"applications": 2.5}, TypeError, "applications 값은 정수여야 합니다. 받은 값: float 2.5"),
        ({"target_utilization_pct": 120}, ValueError, "target_utilization_pct 값은 0보다 크고"),
        ({"average_utilization_pct": math.nan}, ValueError, "유한한 수여야 합니다. 받은 값: nan"),
        ({"average_utilization_pct": "15"}, TypeError, "숫자여야 합니다. 받은 값: str '15'"),
        ({"cost_per_server_per_year": -1}, ValueError, "cost_per_server_per_year 값은 0 이상"),
    ],
)
def test_bad_inputs_are_named_in_korean(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    values: dict[str, object] = {
        "applications": 20,
        "average_utilization_pct": 15,
        "server_cores": 16,
        "target_utilization_pct": 60,
        "cost_per_server_per_year": 3000,
    }
    with i18n.using("ko"), pytest.raises(error, match=re.escape(message)):
        model.consolidate(**{**values, **kwargs})  # type: ignore[arg-type]


def test_the_utilization_table_says_what_it_measures_in_the_current_language() -> None:
    english = model.server_utilization()
    assert list(english["metric"]) == list(english["metric_en"])
    with i18n.using("ko"):
        korean = model.server_utilization()
    assert list(korean["metric"]) == list(korean["metric_ko"])
    assert all(re.search("[가-힣]", m) for m in korean["metric"])
    # the columns the notebook selects are there in both languages
    shown = ["id", "observed_year", "metric", "low_pct", "high_pct", "mark"]
    assert list(korean[shown].columns) == shown
    assert list(korean["id"]) == list(english["id"])
