"""Slider-to-painted-figure latency of every dashboard in JupyterLab, against a floor.

Run: ``.venv/bin/python bench/bench_browser.py`` (needs Debian's ``chromium``).
Starts JupyterLab on loopback, opens each notebook in headless Chromium, runs all
cells, then moves the first control of every dashboard once as a warm-up (timed and
reported apart) and ``--moves`` times more, timing from the input event to the
first frame after the figure changed. The floor is a
slider whose callback only sets a label (a kernel round trip), measured in the
same run. Writes ``bench/browser.md``. Budget: p95 under 120 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from labdriver import (  # noqa: E402
    chromium,
    chromium_missing_reason,
    jupyterlab,
    lab_root,
    move_and_time,
    open_and_run_all,
)

BUDGET_P95_MS = 120.0
FIRST = "(first move of each control, not counted above)"
FLOOR = ROOT / "tests" / "fixtures" / "browser" / "floor.ipynb"


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(moves: int) -> dict[str, list[float]]:
    """Painted latencies (ms) per dashboard, and of the floor slider."""
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="virtlab-bench-lab-") as folder:
        root = lab_root(Path(folder), extra_notebooks=(FLOOR,))
        with jupyterlab(root, root / "jupyterlab.log") as base, chromium() as browser:
            notebooks = [
                "floor.ipynb",
                *sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")),
            ]
            for notebook in notebooks:
                page = browser.new_context(viewport={"width": 1280, "height": 2400}).new_page()
                report = open_and_run_all(page, base, notebook)
                selector, what = (
                    (".virtlab-floor", "label")
                    if notebook == "floor.ipynb"
                    else (".virtlab-dashboard", "figure")
                )
                count = 1 if notebook == "floor.ipynb" else report.dashboards
                for index in range(count):
                    name = (
                        "(floor) slider -> label"
                        if count == 1 and what == "label"
                        else f"{notebook[:-6]} #{index}"
                    )
                    first = move_and_time(page, selector, index, what)  # warm-up, kept apart
                    if first is not None:
                        samples.setdefault(FIRST, []).append(first["frame"])
                    for _ in range(moves):
                        latency = move_and_time(page, selector, index, what)
                        if latency is not None:
                            samples.setdefault(name, []).append(latency["frame"])
                page.context.close()
    return samples


def report(samples: dict[str, list[float]]) -> str:
    floor = samples.get("(floor) slider -> label", [])
    dashboards = {k: v for k, v in samples.items() if not k.startswith("(")}
    everything = [v for values in dashboards.values() for v in values]
    first = samples.get(FIRST, [])
    lines = [
        "# Browser latency: slider input to painted figure",
        "",
        "<!-- Written by bench/bench_browser.py; numbers from one run on a 2-core machine shared by "
        "the browser, JupyterLab and the kernel. -->",
        "",
        f"All dashboards together: median {statistics.median(everything):.0f} ms, p95 {p95(everything):.0f} ms "
        f"over {len(everything)} moves; floor (kernel round trip to a label): median "
        f"{statistics.median(floor):.0f} ms, p95 {p95(floor):.0f} ms. Budget p95 under {BUDGET_P95_MS:.0f} ms: "
        f"{'met' if p95(everything) < BUDGET_P95_MS else '**not met**'}.",
        "",
        "",
        f"The first move of each control is timed apart, as a warm-up: median "
        f"{statistics.median(first):.0f} ms, slowest {max(first):.0f} ms over {len(first)} controls. "
        "The first move on a page pays for code plotly.js and the widgets run for the first time.",
        "",
        "## Reading the numbers",
        "",
        "- A move costs the kernel round trip (the floor), the dashboard's Python callback "
        "(`bench/REPORT.md`), and plotly.js redrawing the figure in the browser. A dashboard "
        "sends only the paths that changed, in one message, but a change of data still makes "
        "plotly.js recompute and redraw the whole figure: its axes (measuring tick labels), "
        "traces, legend and annotations. Figures with two panels, many traces or many points "
        "pay most. plotly's FigureWidget also marks every update it hands to plotly.js as "
        "not to be reported back (`_doNotReportToPy`), and plotly.js answers that unknown "
        "attribute with a full replot, so even a layout-only move (the timeline's years) "
        "redraws everything: in the page, the same range change as a plain `Plotly.relayout` "
        "takes a third of the time.",
        "- To see where a slow dashboard's time goes, record a CPU profile of the page while "
        "moving it (Chrome DevTools protocol `Profiler`, as Playwright exposes it) and look "
        "under the FigureWidget's `do_update`.",
        "- The machine is shared by the browser, JupyterLab and the kernel on two cores, and "
        "its speed varies from run to run: medians move by about a fifth between runs, the "
        "95th percentile by more.",
        "",
        "| dashboard | median ms | p95 ms | moves |",
        "|---|---|---|---|",
    ]
    for name, values in samples.items():
        lines.append(
            f"| {name} | {statistics.median(values):.0f} | {p95(values):.0f} | {len(values)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=10, help="moves per dashboard")
    args = parser.parse_args(argv)
    reason = chromium_missing_reason()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    text = report(measure(args.moves))
    (ROOT / "bench" / "browser.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
