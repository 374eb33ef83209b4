"""The model's data: every number has a source, and broken files are refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from virtlab import i18n, model
from virtlab.datasets import DataError, data_dir, load_table
from virtlab.model import _costs

MODEL_TABLES = (
    "crossing_costs",
    "platform_overheads",
    "published_results",
    "benchmark_workloads",
    "sources",
    "platform_aliases",
)


@pytest.mark.parametrize("name", MODEL_TABLES)
def test_shipped_tables_validate(name: str) -> None:
    assert len(load_table(name)) > 0


@pytest.mark.parametrize(
    "name", ["crossing_costs", "platform_overheads", "published_results", "benchmark_workloads"]
)
def test_every_row_cites_a_source_that_exists(name: str) -> None:
    known = set(load_table("sources")["id"])
    cited = set(load_table(name)["source_id"])
    assert cited <= known, f"unknown sources in {name}: {sorted(cited - known)}"


@pytest.mark.parametrize("name", ["crossing_costs", "platform_overheads"])
def test_calibration_references_point_at_published_rows(name: str) -> None:
    # calibrated_on is how compare_to_published knows what is in sample
    published = set(load_table("published_results")["id"])
    for cell in load_table(name)["calibrated_on"].dropna():
        assert set(str(cell).split()) <= published, cell


def test_derived_and_assumed_values_explain_themselves() -> None:
    # a derived value shows its arithmetic or its source row; an assumption says why
    costs = load_table("crossing_costs")
    for row in costs.itertuples(index=False):
        if row.how == "derived":
            assert any(ch.isdigit() for ch in row.rationale) or isinstance(row.calibrated_on, str)
        assert len(row.rationale) >= 10


def test_every_platform_has_every_crossing_and_quantity() -> None:
    costs = load_table("crossing_costs")
    assert set(zip(costs["platform"], costs["crossing"], strict=True)) == {
        (p, c) for p in model.PLATFORMS for c in model.CROSSINGS
    }
    overheads = load_table("platform_overheads")
    assert set(zip(overheads["platform"], overheads["quantity"], strict=True)) == {
        (p, q) for p in model.PLATFORMS for q in _costs.OVERHEAD_QUANTITIES
    }


def test_platforms_csv_matches_the_model_ids() -> None:
    assert sorted(load_table("platforms")["id"]) == sorted(model.PLATFORMS)


def test_published_marks_keep_the_reference_verification() -> None:
    # R (recalled) must stay R: e.g. Barham's figure bars and lmbench tables were not seen
    published = load_table("published_results").set_index("id")
    assert published.loc["barham2003.lmbench_null_call.paravirt", "mark"] == "R"
    assert published.loc["felter2015.linpack.bare_metal", "mark"] == "P"
    assert published.loc["agache2020.boot_p50_fc.microvm", "mark"] == "D"
    assert set(published["mark"]) <= {"P", "D", "S", "R", "unknown"}


def test_baselines_are_rows_of_the_same_study() -> None:
    published = load_table("published_results").set_index("id")
    for rid, baseline in published["baseline_id"].dropna().items():
        assert published.loc[baseline, "source_id"] == published.loc[rid, "source_id"]


def test_every_compared_benchmark_has_a_workload() -> None:
    published = load_table("published_results")
    assert set(published["benchmark_id"].dropna()) <= set(model.benchmarks())


# --- corrupted copies -------------------------------------------------------------------------


def _corrupted(tmp_path: Path, name: str, row: int, column: str, value: str) -> Path:
    """A copy of data/NAME.csv with one cell replaced (row counts data rows from 0)."""
    frame = pd.read_csv(data_dir() / f"{name}.csv", dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    path = tmp_path / f"{name}.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("cost_us", "-0.45", "a crossing cannot pay back time"),
        ("cost_us", "fast", "a cost must be a number"),
        ("crossing", "sycall", "a misspelt crossing would be silently ignored"),
        ("platform", "kvm", "only model ids are allowed"),
        ("how", "guessed", "measured, derived or assumed only"),
        ("rationale", "", "every value needs its reason"),
    ],
)
def test_a_corrupted_cost_file_raises_data_error(
    tmp_path: Path, column: str, value: str, why: str
) -> None:
    path = _corrupted(tmp_path, "crossing_costs", 3, column, value)
    with pytest.raises(DataError, match=rf"row 5, column {column}") as caught:
        load_table("crossing_costs", path)
    assert caught.value.row == 5, why  # data row 3 is line 5 (header is line 1)


def test_a_cost_file_missing_a_column_raises_data_error(tmp_path: Path) -> None:
    frame = pd.read_csv(data_dir() / "crossing_costs.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "crossing_costs.csv"
    frame.drop(columns=["source_id"]).to_csv(path, index=False)
    with pytest.raises(DataError, match=r"missing \['source_id'\]"):
        load_table("crossing_costs", path)


def test_the_loader_refuses_a_platform_cheaper_than_bare_metal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a toll below bare metal's would make a platform faster than the machine it runs on
    frame = load_table("crossing_costs")
    frame.loc[(frame["platform"] == "container") & (frame["crossing"] == "syscall"), "cost_us"] = (
        0.1
    )
    originals = {"platform_overheads": load_table("platform_overheads"), "crossing_costs": frame}
    monkeypatch.setattr(_costs, "load_table", lambda name: originals[name])
    _costs.forget_loaded_costs()
    try:
        with pytest.raises(
            DataError, match=r"container pays 0.1 µs per syscall, less than bare metal"
        ):
            _costs.cost_table()
    finally:
        monkeypatch.undo()
        _costs.forget_loaded_costs()


def test_importing_the_model_loads_no_pandas_plotly_or_widgets() -> None:
    # `import virtlab.model` stays cheap: pandas only inside functions returning DataFrames
    import subprocess
    import sys

    code = (
        "import sys, virtlab.model; "
        "print(sorted(m for m in ('pandas', 'plotly', 'ipywidgets', 'pandera') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- the Korean edition -----------------------------------------------------------------------


def test_a_corrupted_cost_file_is_named_in_korean(tmp_path: Path) -> None:
    path = _corrupted(tmp_path, "crossing_costs", 3, "cost_us", "fast")
    with i18n.using("ko"), pytest.raises(DataError) as caught:
        load_table("crossing_costs", path)
    message = str(caught.value)
    assert message.startswith(f"{path} 5행, cost_us 열: 값 'fast' — ")
    assert "검사를 통과하지 못했습니다" in message
    assert (caught.value.row, caught.value.column) == (5, "cost_us")  # the same cell as in English


def test_the_loader_refuses_a_platform_cheaper_than_bare_metal_in_korean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = load_table("crossing_costs")
    frame.loc[(frame["platform"] == "container") & (frame["crossing"] == "syscall"), "cost_us"] = (
        0.1
    )
    originals = {"platform_overheads": load_table("platform_overheads"), "crossing_costs": frame}
    monkeypatch.setattr(_costs, "load_table", lambda name: originals[name])
    _costs.forget_loaded_costs()
    try:
        with (
            i18n.using("ko"),
            pytest.raises(
                DataError,
                match=r"플랫폼 container에서 syscall 한 번의 비용 0.1 µs가 베어메탈의 0.45 µs보다 작습니다",
            ),
        ):
            _costs.cost_table()
    finally:
        monkeypatch.undo()
        _costs.forget_loaded_costs()
