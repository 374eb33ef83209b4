"""How well the model reproduces published measurements, in sample and out of sample.

Each published row is predicted as the throughput of its platform over its
baseline's, under the load it was measured with (connections in flight, cores;
``data/benchmark_workloads.csv``) and in its configuration (Docker's network,
a VM's disk...): :func:`~virtlab.model.performance`. At one operation in flight
that is the ratio of the tolls' sums, as :func:`~virtlab.model.evaluate` gives.

Per-crossing costs were calibrated on micro-benchmarks: each value in
``data/crossing_costs.csv`` and ``data/platform_overheads.csv`` lists, in its
``calibrated_on`` column, the published rows it was computed from. Every
other published row with a workload profile is a prediction the costs were
never fitted to. :func:`compare_to_published` puts both side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from virtlab.datasets import load_table
from virtlab.i18n import tr
from virtlab.model._benchmarks import benchmark_run, benchmarks
from virtlab.model._performance import performance
from virtlab.model._platforms import PLATFORMS

if TYPE_CHECKING:
    from collections.abc import Hashable, Mapping, Sequence

    import pandas as pd

__all__ = ["accuracy_summary", "calibration_row_ids", "compare_to_published"]

COLUMNS: tuple[str, ...] = (
    "row_id",
    "benchmark",
    "kind",
    "platform",
    "baseline_platform",
    "published",
    "predicted",
    "error",
    "abs_error",
    "bound",
    "used_for_calibration",
    "sample",
    "mark",
    "source_id",
    "citation",
    "setup",
)


def compare_to_published() -> pd.DataFrame:
    """Put the model's predicted relative performance beside every published one it can predict.

    Relative performance is baseline time / platform time (1.0 = as fast as the
    baseline, usually bare metal). For a published bound (``bound`` lower or
    upper) the error is 0 when the prediction respects the bound.

    Taught in ``04-measuring-overhead``.

    Returns:
        A new DataFrame, one row per comparison, with columns ``benchmark``,
        ``platform``, ``published``, ``predicted``, ``error`` (predicted -
        published), ``abs_error``, ``used_for_calibration``, ``sample``
        (``"in-sample"`` or ``"out-of-sample"``), the verification ``mark``
        (P/D/S/R) and the ``citation``, among others.

    >>> table = compare_to_published()
    >>> sorted(table["sample"].unique())
    ['in-sample', 'out-of-sample']
    """
    import pandas as pd

    published = load_table("published_results")
    by_id = {
        str(rid): (float(value), str(where))
        for rid, value, where in zip(
            published["id"], published["value"], published["platform"], strict=True
        )
    }
    citations = _citations()
    calibrated = calibration_row_ids()
    workloads = benchmarks()
    kinds = dict(zip(*_benchmark_kinds(), strict=True))
    records = []
    compared = published[published["benchmark_id"].notna() & published["platform"].isin(PLATFORMS)]
    for row in compared.to_dict("records"):
        published_rel, baseline_platform = _published_relative(row, by_id)
        workload = workloads[row["benchmark_id"]]
        load, options = benchmark_run(row["benchmark_id"])
        served = performance(row["platform"], workload, load, **options).throughput_per_s
        baseline = performance(baseline_platform, workload, load).throughput_per_s
        predicted = float(served) / float(baseline) if baseline < float("inf") else 1.0
        error = _error(predicted, published_rel, str(row["bound"]))
        used = row["id"] in calibrated
        records.append(
            {
                "row_id": row["id"],
                "benchmark": row["benchmark_id"],
                "kind": kinds[row["benchmark_id"]],
                "platform": row["platform"],
                "baseline_platform": baseline_platform,
                "published": published_rel,
                "predicted": predicted,
                "error": error,
                "abs_error": abs(error),
                "bound": row["bound"],
                "used_for_calibration": used,
                "sample": "in-sample" if used else "out-of-sample",
                "mark": row["mark"],
                "source_id": row["source_id"],
                "citation": citations[row["source_id"]],
                "setup": row["setup"],
            }
        )
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))


SUMMARY_GROUPS: tuple[str, ...] = ("sample", "kind", "platform", "mark", "source_id", "benchmark")
"""Columns of :func:`compare_to_published` that :func:`accuracy_summary` can group by."""


def accuracy_summary(by: str | Sequence[str] = "sample") -> pd.DataFrame:
    """Median and largest absolute error of the model, in sample and out of sample.

    Taught in ``04-measuring-overhead``.

    Args:
        by: a column (or columns) of :func:`compare_to_published` to group by;
            one of ``SUMMARY_GROUPS``. The default splits in-sample from
            out-of-sample rows.

    Returns:
        A new DataFrame indexed by the groups, with columns ``rows``,
        ``median_abs_error``, ``mean_abs_error`` and ``max_abs_error`` (in
        units of relative performance).

    Raises:
        ValueError: ``by`` names a column that cannot be grouped on.

    >>> summary = accuracy_summary()
    >>> bool(summary.loc["in-sample", "median_abs_error"] < 0.01)
    True
    """
    groups = [by] if isinstance(by, str) else list(by)
    unknown = [g for g in groups if g not in SUMMARY_GROUPS]
    if unknown or not groups:
        raise ValueError(
            tr("model.calibration.cannot_group", value=by, allowed=", ".join(SUMMARY_GROUPS))
        )
    table = compare_to_published()
    summary = table.groupby(groups)["abs_error"].agg(["count", "median", "mean", "max"])
    return summary.rename(
        columns={
            "count": "rows",
            "median": "median_abs_error",
            "mean": "mean_abs_error",
            "max": "max_abs_error",
        }
    )


def calibration_row_ids() -> frozenset[str]:
    """Ids of the published rows any model value was calibrated on.

    >>> "barham2003.lmbench_null_call.paravirt" in calibration_row_ids()
    True
    """
    ids: set[str] = set()
    for name in ("crossing_costs", "platform_overheads"):
        for cell in load_table(name)["calibrated_on"].dropna():
            ids.update(str(cell).split())
    return frozenset(ids)


def _published_relative(
    row: Mapping[Hashable, Any], by_id: Mapping[str, tuple[float, str]]
) -> tuple[float, str]:
    """Published relative performance of one row, and the platform it is relative to."""
    value = float(row["value"])
    baseline_id = row["baseline_id"]
    if isinstance(baseline_id, str):
        baseline_value, baseline_platform = by_id[baseline_id]
        ratio = value / baseline_value
    else:
        ratio = value / 100.0 if row["unit"] == "%" else value
        baseline_platform = "bare_metal"
    relative = ratio if row["higher_is_better"] else 1.0 / ratio
    return relative, baseline_platform


def _error(predicted: float, published: float, bound: str) -> float:
    if bound == "lower" and predicted >= published:
        return 0.0
    if bound == "upper" and predicted <= published:
        return 0.0
    return predicted - published


def _benchmark_kinds() -> tuple[list[str], list[str]]:
    table = load_table("benchmark_workloads")
    return [str(v) for v in table["id"]], [str(v) for v in table["kind"]]


def _citations() -> dict[str, str]:
    """Short citations such as 'Barham et al. 2003' ('Barham 외 2003'), by source id."""
    from virtlab.i18n import language

    table = load_table("sources")
    named = "authors" if language() == "en" else f"authors_{language()}"
    short = {}
    for row in table.to_dict("records"):
        authors = [part.strip() for part in str(row[named]).split(",")]
        first = authors[0].split(" ")[-1] if len(authors) > 1 else authors[0]
        suffix = (
            tr("model.calibration.et_al")
            if len(authors) > 2
            else (f" & {authors[1].split(' ')[-1]}" if len(authors) == 2 else "")
        )
        short[str(row["id"])] = f"{first}{suffix} {row['year']}"
    return short
