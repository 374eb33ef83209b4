"""Benchmark of virtlab.model.evaluate: one call, and a million workloads in one call.

Run: ``.venv/bin/python bench/bench_model.py`` (add ``--json`` for JSON only).
Each timing is taken with ``timeit`` over several repeats; the report gives the
median and the spread (min, max) and sets every number next to a floor measured
in the same run: a no-op Python call for the single call, a one-line numpy
multiply-add over the same arrays for the vectorized call.
Budget: one evaluate() under 50 µs; over a million evaluations per second vectorized.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import timeit
from collections.abc import Callable

import numpy as np

from virtlab import model

SINGLE_BUDGET_US = 50.0
VECTOR_BUDGET_PER_S = 1_000_000


def per_call_seconds(func: Callable[[], object], number: int, repeat: int) -> list[float]:
    """Seconds per call of ``func``, one value per repeat."""
    func()  # warm caches (data tables are loaded on first use)
    return [t / number for t in timeit.repeat(func, number=number, repeat=repeat)]


def summary(seconds: list[float], scale: float) -> dict[str, float]:
    """Median, min and max of the repeats, multiplied by ``scale``."""
    values = [s * scale for s in seconds]
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def noop() -> None:
    """The cheapest Python call: the floor for one evaluate() call."""


def run(n_vector: int, repeat: int, seed: int) -> dict[str, object]:
    web = model.Workload(cpu_us=300, syscalls=20, page_faults=5, net_round_trips=1)
    single = per_call_seconds(lambda: model.evaluate("gvisor", web), 20_000, repeat)
    single_with_workload = per_call_seconds(
        lambda: model.evaluate(
            "gvisor", model.Workload(cpu_us=300, syscalls=20, page_faults=5, net_round_trips=1)
        ),
        20_000,
        repeat,
    )
    floor_single = per_call_seconds(noop, 200_000, repeat)

    rng = np.random.default_rng(seed)
    cpu = rng.uniform(0, 1000, n_vector)
    syscalls = rng.integers(0, 100, n_vector).astype(np.float64)
    faults = rng.integers(0, 20, n_vector).astype(np.float64)
    many = model.Workload(cpu_us=cpu, syscalls=syscalls, page_faults=faults, net_round_trips=1)
    vector = per_call_seconds(lambda: model.evaluate("hw_assisted", many), 3, repeat)
    vector_with_workload = per_call_seconds(
        lambda: model.evaluate(
            "hw_assisted",
            model.Workload(cpu_us=cpu, syscalls=syscalls, page_faults=faults, net_round_trips=1),
        ),
        3,
        repeat,
    )
    floor_vector = per_call_seconds(lambda: cpu * 1.0 + syscalls, 3, repeat)

    def rate(seconds: list[float]) -> dict[str, float]:
        per_second = [n_vector / s for s in seconds]
        return {
            "median": statistics.median(per_second),
            "min": min(per_second),
            "max": max(per_second),
        }

    single_us = summary(single, 1e6)
    vector_rate = rate(vector)
    return {
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "processor": platform.processor() or platform.machine(),
        },
        "settings": {"n_vector": n_vector, "repeat": repeat, "seed": seed},
        "single_call_us": single_us,
        "single_call_with_workload_us": summary(single_with_workload, 1e6),
        "floor_noop_call_us": summary(floor_single, 1e6),
        "vectorized_evals_per_s": vector_rate,
        "vectorized_with_workload_evals_per_s": rate(vector_with_workload),
        "floor_numpy_multiply_add_elements_per_s": rate(floor_vector),
        "budget": {
            "single_call_us_max": SINGLE_BUDGET_US,
            "vectorized_evals_per_s_min": VECTOR_BUDGET_PER_S,
            "single_call_met": single_us["median"] < SINGLE_BUDGET_US,
            "vectorized_met": vector_rate["median"] > VECTOR_BUDGET_PER_S,
        },
    }


def markdown(report: dict[str, object]) -> str:
    """The report as a markdown table."""

    def row(label: str, key: str, unit: str, fmt: str) -> str:
        values = report[key]
        assert isinstance(values, dict)
        return (
            f"| {label} | {values['median']:{fmt}} {unit} | "
            f"{values['min']:{fmt}} to {values['max']:{fmt}} |"
        )

    lines = [
        "| measurement | median | spread (min to max) |",
        "|---|---|---|",
        row("evaluate(), one workload (built once)", "single_call_us", "µs", ".2f"),
        row("Workload(...) + evaluate()", "single_call_with_workload_us", "µs", ".2f"),
        row("floor: a no-op Python call", "floor_noop_call_us", "µs", ".3f"),
        row("evaluate(), 1e6 workloads in one call", "vectorized_evals_per_s", "evals/s", ",.0f"),
        row(
            "Workload(arrays) + evaluate()",
            "vectorized_with_workload_evals_per_s",
            "evals/s",
            ",.0f",
        ),
        row(
            "floor: numpy a * 1.0 + b",
            "floor_numpy_multiply_add_elements_per_s",
            "elements/s",
            ",.0f",
        ),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="workloads per vectorized call")
    parser.add_argument("--repeat", type=int, default=7, help="timeit repeats (default 7)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random workloads")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    report = run(args.n, args.repeat, args.seed)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(markdown(report))
    print()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
