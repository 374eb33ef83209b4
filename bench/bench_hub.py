"""A class on one hub: memory and CPU as students log in and run a module, one after another.

Starts the same loopback JupyterHub as the hub test (tests/browser/hubdriver.py),
publishes this checkout, and has N students follow the `virtlab hub-link` link in
Chromium and run every cell of a module. After each student it records every
process of the run (hub, proxy, JupyterLab servers, kernels), then fits
memory = shared + N × per student, and writes bench/hub.md.

    .venv/bin/python bench/bench_hub.py --students 4 --module 00-start-here
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from hubdriver import course_repository, jupyterhub, open_link, process_memory  # noqa: E402
from labdriver import chromium  # noqa: E402
from test_hub import hub_link, run_all  # noqa: E402


def totals(processes: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Memory (MB) and CPU seconds summed by role, with how many processes had it."""
    out: dict[str, dict[str, float]] = {}
    for p in processes:
        role = out.setdefault(p["role"], {"count": 0, "rss_mb": 0.0, "cpu_s": 0.0})
        role["count"] += 1
        role["rss_mb"] += p["rss_mb"]
        role["cpu_s"] += p["cpu_s"]
    return out


def slope(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares intercept and slope of ys against xs."""
    fit = statistics.linear_regression(xs, ys)
    return fit.intercept, fit.slope


def measure(students: int, module: str) -> list[dict[str, Any]]:
    """Each student in turn: log in, pull, open ``module``, run it; the run's processes after."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "published").mkdir()
        course = course_repository(folder / "published")
        users = tuple(f"student{i}" for i in range(1, students + 1))
        with jupyterhub(folder / "hub", users) as hub, chromium() as browser:
            link = hub_link(hub, course, "en")
            for user in users:
                page = browser.new_context(viewport={"width": 1280, "height": 2400}).new_page()
                started = time.perf_counter()
                open_link(page, link, user, f"virtlab/notebooks/{module}.ipynb")
                opened = time.perf_counter()
                errors = run_all(page)
                ran = time.perf_counter()
                if errors:
                    raise RuntimeError(f"{user}: {module} showed errors: {errors}")
                page.context.close()
                rows.append(
                    {
                        "students": len(rows) + 1,
                        "link_to_notebook_s": opened - started,
                        "run_all_s": ran - opened,
                        "processes": process_memory(hub.run),
                    }
                )
                print(
                    f"{user}: notebook open in {opened - started:.1f} s, ran in {ran - opened:.1f} s"
                )
    return rows


def report(rows: list[dict[str, Any]], module: str) -> str:
    """bench/hub.md: per-N totals, the fitted per-student cost, a class of 30 and of 100."""
    lines = [
        "# The hub under a class",
        "",
        "<!-- Written by bench/bench_hub.py; numbers from one run on the machine below. -->",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}. Date: {date.today().isoformat()}. "
        f"Each student in turn follows the hub-link link (log in, start a server, "
        f"nbgitpuller clones the course), opens `{module}` and runs every cell; the "
        f"numbers are taken after each student, with every earlier student's server "
        f"and kernel still running.",
        "",
        "| students | hub MB | proxy MB | servers MB | kernels MB | all MB | all CPU s "
        "| link → notebook s | run all s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    memory, shared = [], []
    for row in rows:
        by_role = totals(row["processes"])
        every = sum(r["rss_mb"] for r in by_role.values())
        cpu = sum(r["cpu_s"] for r in by_role.values())
        memory.append(every)
        shared.append(sum(by_role.get(r, {}).get("rss_mb", 0.0) for r in ("hub", "proxy")))
        cells = [
            by_role.get(r, {}).get("rss_mb", 0.0) for r in ("hub", "proxy", "server", "kernel")
        ]
        lines.append(
            f"| {row['students']} | "
            + " | ".join(f"{c:.0f}" for c in cells)
            + f" | {every:.0f} | {cpu:.1f} | {row['link_to_notebook_s']:.1f} | {row['run_all_s']:.1f} |"
        )
    counts = [float(r["students"]) for r in rows]
    intercept, per_student = slope(counts, memory) if len(rows) > 1 else (memory[0], 0.0)
    lines += [
        "",
        f"Fitted over the {len(rows)} points: memory = {intercept:.0f} MB + "
        f"N × {per_student:.0f} MB (the hub and proxy alone: "
        f"{statistics.median(shared):.0f} MB). A class of 30 with one notebook open "
        f"each: {(intercept + 30 * per_student) / 1024:.1f} GB; of 100: "
        f"{(intercept + 100 * per_student) / 1024:.1f} GB. Each further open notebook "
        "adds a kernel (170-200 MB after a module, `bench/REPORT.md`).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4, help="how many students (default 4)")
    parser.add_argument("--module", default="00-start-here", help="the module each one runs")
    args = parser.parse_args(argv)
    if args.students < 1:
        parser.error(f"--students must be at least 1, got {args.students}")
    rows = measure(args.students, args.module)
    out = ROOT / "bench" / "hub.md"
    out.write_text(report(rows, args.module), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
