"""Named workloads of published benchmarks, read from ``data/benchmark_workloads.csv``.

Each profile says what one operation of a benchmark does (CPU time and
crossing counts), justified from the benchmark's description, never fitted to
its published results; :func:`compare_to_published` then predicts those results.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import TYPE_CHECKING

from virtlab.datasets import load_table
from virtlab.i18n import tr
from virtlab.model._load import Load
from virtlab.model._workload import WORKLOAD_FIELDS, Workload

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["benchmark_justification", "benchmark_run", "benchmarks"]


def benchmarks() -> Mapping[str, Workload]:
    """The named workloads of published benchmarks, one operation each.

    Taught in ``04-measuring-overhead``.

    Returns:
        A read-only mapping from benchmark id (``"linux_build"``,
        ``"specweb99"``, ``"null_syscall"``...) to its :class:`Workload`.

    >>> benchmarks()["null_syscall"].syscalls
    1.0
    """
    return _loaded()[0]


def benchmark_justification(benchmark_id: str) -> str:
    """Why a benchmark's profile has the counts it has, in one paragraph.

    Args:
        benchmark_id: a key of :func:`benchmarks`.

    Returns:
        The justification column of ``data/benchmark_workloads.csv``.

    Raises:
        ValueError: unknown benchmark id.

    >>> "7%" in benchmark_justification("linux_build")
    True
    """
    texts = _loaded()[1]
    if benchmark_id not in texts:
        raise ValueError(
            tr("model.benchmark.unknown", value=benchmark_id, allowed=", ".join(texts))
        )
    return texts[benchmark_id]


def benchmark_run(benchmark_id: str) -> tuple[Load, Mapping[str, str]]:
    """How a benchmark was run when it was published: its load and the platform's options.

    Returns:
        A :class:`Load` (operations in flight, cores the server could use) and the
        options of the published configuration (``{"network": "host"}``).

    Raises:
        ValueError: unknown benchmark id.

    >>> load, options = benchmark_run("redis_get_c120_hostnet")
    >>> load.concurrency, load.cores, dict(options)
    (120.0, 1.0, {'network': 'host'})
    """
    runs = _loaded()[2]
    if benchmark_id not in runs:
        benchmark_justification(benchmark_id)  # raises the error that lists the ids
    return runs[benchmark_id]


@functools.cache
def _loaded() -> tuple[
    Mapping[str, Workload], Mapping[str, str], Mapping[str, tuple[Load, Mapping[str, str]]]
]:
    table = load_table("benchmark_workloads")
    workloads = {}
    texts = {}
    runs = {}
    for row in table.to_dict("records"):
        name = str(row["id"])
        workloads[name] = Workload(**{field: float(row[field]) for field in WORKLOAD_FIELDS})
        texts[name] = str(row["justification"])
        given = str(row["options"]) if isinstance(row["options"], str) else ""
        options = dict(pair.split("=") for pair in given.split())
        load = Load(
            concurrency=float(row["concurrency"]),
            cores=float(row["cores"]),
            devices=float(row["devices"]),
        )
        runs[name] = (load, MappingProxyType(options))
    return MappingProxyType(workloads), MappingProxyType(texts), MappingProxyType(runs)
