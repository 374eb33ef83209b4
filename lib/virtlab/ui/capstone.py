"""Dashboards and self-checks of ``06-choose-a-platform``: choosing a platform is a trade-off.

Four dashboards (a workload's ranking and breakdown, the model against
published results, density and start-up, a scenario's requirements) and the
questions of the notebook. Seeded questions draw their case from
``numpy.random.default_rng(seed)``; scenario questions come from
``data/scenarios.csv``. Every answer is computed by the model and
:func:`recommend`, never typed into a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from virtlab import model
from virtlab.ui._capstone_choice import (
    ISOLATION_LABELS,
    Candidate,
    Recommendation,
    Requirements,
    Scenario,
    isolation_level,
    isolation_levels,
    objectives,
    recommend,
    scenario,
    scenarios,
    seconds_text,
    what_if,
)
from virtlab.ui._controls import memory_sliders
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Question

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ISOLATION_LABELS",
    "Candidate",
    "Recommendation",
    "Requirements",
    "Scenario",
    "accuracy_dashboard",
    "accuracy_where_overhead_exceeds",
    "comparisons",
    "cost_question",
    "density_dashboard",
    "density_question",
    "density_summary",
    "describe_workload",
    "fastest_question",
    "isolation_level",
    "isolation_levels",
    "objectives",
    "random_workload",
    "recommend",
    "requirements_dashboard",
    "scenario",
    "scenario_answers",
    "scenario_question",
    "scenarios",
    "trade_off_table",
    "what_if",
    "workload_dashboard",
    "workload_summary",
    "worst_predictions",
]

VIRTUALIZED = tuple(p for p in model.PLATFORMS if p != "bare_metal")
"""Every platform but the reference; questions choose among these."""

_CROSSING_WORDS = {
    "cpu_us": ("µs of CPU", "µs of CPU"),
    "syscalls": ("system call", "system calls"),
    "page_faults": ("page fault", "page faults"),
    "privileged_ops": ("privileged operation", "privileged operations"),
    "disk_ios": ("disk I/O", "disk I/Os"),
    "net_round_trips": ("network round trip", "network round trips"),
}


def describe_workload(workload: model.Workload) -> str:
    """One operation in words, leaving out what it never does.

    >>> describe_workload(model.Workload(cpu_us=300, syscalls=20, net_round_trips=1))
    '300 µs of CPU, 20 system calls and 1 network round trip'
    """
    parts = [
        f"{getattr(workload, name):,g} {one if getattr(workload, name) == 1 else many}"
        for name, (one, many) in _CROSSING_WORDS.items()
        if getattr(workload, name) > 0
    ]
    if not parts:
        return "nothing at all"
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _largest_extra(platform_id: str, workload: model.Workload) -> tuple[str, float]:
    """The part of the time that grows most from bare metal to this platform, and by how much."""
    here = model.evaluate(platform_id, workload).breakdown
    bare = model.evaluate("bare_metal", workload).breakdown
    extras = {c: float(here[c]) - float(bare[c]) for c in model.COMPONENTS}
    part = max(extras, key=lambda c: extras[c])
    return part, extras[part]


def workload_summary(workload: model.Workload) -> str:
    """The winner among the virtualized platforms and the loser, each with the cost that decides it.

    Taught in ``06-choose-a-platform``.

    >>> workload_summary(model.Workload(cpu_us=1000))[:61]
    'Bare metal is the reference (1.00). Best of the rest: type2_h'
    """
    scores = {p: float(model.evaluate(p, workload).relative_throughput) for p in VIRTUALIZED}
    ranked = sorted(VIRTUALIZED, key=lambda p: -scores[p])
    lines = ["Bare metal is the reference (1.00)."]
    for label, platform_id in (("Best of the rest", ranked[0]), ("Slowest", ranked[-1])):
        part, extra_us = _largest_extra(platform_id, workload)
        why = (
            f"it adds {extra_us:,.1f} µs per operation, most of it in {part}"
            if extra_us > 0
            else "it adds no toll to these crossings"
        )
        lines.append(f"{label}: {platform_id} at {scores[platform_id]:.3f}: {why}.")
    return " ".join(lines)


def workload_dashboard(workload: model.Workload | None = None) -> Dashboard:
    """Sliders for every crossing of one operation: all nine platforms ranked, and their breakdown.

    Taught in ``06-choose-a-platform``.
    """
    import ipywidgets as widgets

    from virtlab.figures.capstone import workload_figure

    start = workload or model.Workload(cpu_us=300, syscalls=20, page_faults=5, net_round_trips=1)
    ranges: dict[str, tuple[Any, float, float]] = {
        "cpu_us": (widgets.IntSlider, 20000, 50),
        "syscalls": (widgets.IntSlider, 2000, 10),
        "page_faults": (widgets.IntSlider, 2000, 10),
        "privileged_ops": (widgets.IntSlider, 500, 1),
        "disk_ios": (widgets.FloatSlider, 10, 0.1),
        "net_round_trips": (widgets.FloatSlider, 10, 0.5),
    }
    controls = {}
    for name, (kind, top, step) in ranges.items():
        value = getattr(start, name)
        value = int(value) if kind is widgets.IntSlider else float(value)
        controls[name] = kind(value=value, min=0, max=max(top, value), step=step, description=name)

    def operation(**counts: float) -> model.Workload:
        return model.Workload(**counts)

    return Dashboard(
        "One operation on every platform: ranking and breakdown",
        controls,
        lambda **counts: workload_figure(operation(**counts)),
        lambda **counts: workload_summary(operation(**counts)),
    )


def comparisons(rows: str = "all", table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The model against published results, all rows or those of one source or platform.

    Args:
        rows: ``"all"``, ``"source:<source id>"`` (e.g. ``"source:felter2015"``)
            or ``"platform:<platform id>"``.
        table: ``model.compare_to_published()`` if already computed.

    Raises:
        ValueError: ``rows`` names no source or platform of the table.

    >>> len(comparisons("platform:container")) > 0
    True
    """
    table = model.compare_to_published() if table is None else table
    if rows == "all":
        return table
    kind, _, value = rows.partition(":")
    column = {"source": "source_id", "platform": "platform"}.get(kind)
    if column is None or value not in set(table[column]):
        choices = ", ".join(_comparison_filters(table))
        raise ValueError(f"rows must be one of {choices}; got {rows!r}")
    return table[table[column] == value]


def _comparison_filters(table: pd.DataFrame) -> list[str]:
    sources = [f"source:{s}" for s in dict.fromkeys(table["source_id"])]
    platforms = [f"platform:{p}" for p in model.PLATFORMS if p in set(table["platform"])]
    return ["all", *sources, *platforms]


def _accuracy_text(selected: pd.DataFrame) -> str:
    parts = [f"{len(selected)} comparisons."]
    for sample in ("in-sample", "out-of-sample"):
        errors = selected.loc[selected["sample"] == sample, "abs_error"]
        if len(errors):
            parts.append(f"{sample}: {len(errors)} rows, median |error| {errors.median():.3f}.")
    worst = selected.sort_values("abs_error", ascending=False).iloc[0]
    parts.append(
        f"Largest miss: {worst['benchmark']} on {worst['platform']} ({worst['citation']}), "
        f"published {worst['published']:.3f}, model {worst['predicted']:.3f}."
    )
    return " ".join(parts)


def accuracy_dashboard() -> Dashboard:
    """A menu of sources and platforms; the figure shows how the model fares on the rows chosen.

    Taught in ``06-choose-a-platform``.
    """
    import ipywidgets as widgets

    from virtlab.figures import model_vs_published_figure

    table = model.compare_to_published()
    menu = widgets.Dropdown(options=_comparison_filters(table), value="all", description="rows")
    return Dashboard(
        "The model against published results, by source or platform",
        {"rows": menu},
        lambda rows: model_vs_published_figure(comparisons(rows, table)),
        lambda rows: _accuracy_text(comparisons(rows, table)),
    )


def worst_predictions(n: int = 6) -> pd.DataFrame:
    """The ``n`` published results the model misses by most, with their sources.

    >>> worst_predictions(1)["benchmark"].tolist()
    ['fork_proc']
    """
    table = model.compare_to_published().nlargest(n, "abs_error")
    columns = ["benchmark", "platform", "sample", "published", "predicted", "error", "mark"]
    return table[[*columns, "citation"]].round(3).reset_index(drop=True)


def accuracy_where_overhead_exceeds(fraction: float = 0.05) -> pd.DataFrame:
    """How well the model does on the rows where the platform costs more than ``fraction``.

    Rows near 1.0 (compute-bound work) are easy to predict and flatter the
    overall median; this keeps only results whose published relative
    performance is below ``1 - fraction``.

    Raises:
        ValueError: ``fraction`` is not between 0 and 1.

    >>> int(accuracy_where_overhead_exceeds(0.05).loc["out-of-sample", "rows"]) > 10
    True
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be between 0 and 1 (e.g. 0.05 for 5%); got {fraction!r}")
    table = model.compare_to_published()
    costly = table[table["published"] < 1.0 - fraction]
    summary = costly.groupby("sample")["abs_error"].agg(["count", "median", "max"])
    renamed = summary.rename(
        columns={"count": "rows", "median": "median_abs_error", "max": "max_abs_error"}
    )
    return renamed.round(3)


def density_summary(host_memory_gb: float, app_memory_mb: float) -> str:
    """How many isolated instances fit, with bare metal's unisolated processes set apart.

    >>> density_summary(64, 256)[:44]
    'On a 64 GB host with 256 MB per instance: co'
    """
    counts = {p: model.instances_per_host(p, host_memory_gb, app_memory_mb) for p in VIRTUALIZED}
    ranked = sorted(VIRTUALIZED, key=lambda p: -counts[p])
    listed = ", ".join(f"{p} {counts[p]}" for p in ranked)
    bare = model.instances_per_host("bare_metal", host_memory_gb, app_memory_mb)
    return (
        f"On a {host_memory_gb:g} GB host with {app_memory_mb:g} MB per instance: {listed}. "
        f"Bare metal's {bare} are processes of one OS, with no isolation between them."
    )


def density_dashboard(host_memory_gb: float = 64.0, app_memory_mb: float = 256.0) -> Dashboard:
    """Sliders for the host's memory and the application's; the bars count instances per host.

    Taught in ``06-choose-a-platform``.
    """
    from virtlab.figures import density_figure

    return Dashboard(
        "Instances per host: memory overhead decides density",
        memory_sliders(host_memory_gb, app_memory_mb),
        density_figure,
        density_summary,
    )


def trade_off_table(
    workload: model.Workload, host_memory_gb: float = 64.0, app_memory_mb: float = 256.0
) -> pd.DataFrame:
    """Every platform on the five axes of a choice: cost, isolation, compatibility, density, start.

    >>> trade_off_table(model.Workload(cpu_us=300, syscalls=20)).loc["container", "isolation"]
    'namespaces'
    """
    import pandas as pd

    rows = {
        p: {
            "relative_throughput": round(float(model.evaluate(p, workload).relative_throughput), 3),
            "isolation": isolation_level(p),
            "shares_host_kernel": model.platform(p).shares_host_kernel,
            "runs_unmodified_os": model.platform(p).runs_unmodified_guest,
            "startup_s": round(model.startup_seconds(p), 3),
            "memory_overhead_mb": round(model.memory_overhead_mb(p), 2),
            "instances_per_host": model.instances_per_host(p, host_memory_gb, app_memory_mb),
        }
        for p in model.PLATFORMS
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("platform")


def requirements_dashboard(scenario_id: str = "saas_per_tenant") -> Dashboard:
    """Pick a scenario and change its isolation or objective; the figure shows what is chosen.

    Taught in ``06-choose-a-platform``.
    """
    import ipywidgets as widgets

    from virtlab.figures.capstone import decision_figure

    chosen = widgets.Dropdown(
        options=[(s.title_en, s.id) for s in scenarios()], value=scenario_id, description="scenario"
    )
    isolation = widgets.Dropdown(
        options=[("as the scenario says", "")]
        + [(ISOLATION_LABELS[level], level) for level in isolation_levels()],
        value="",
        description="isolation",
    )
    goal = widgets.Dropdown(
        options=[("as the scenario says", "")] + [(o, o) for o in objectives()],
        value="",
        description="maximise",
    )

    def figure_for(scenario_id: str, min_isolation: str, objective: str) -> Any:
        found = what_if(scenario_id, min_isolation, objective)
        title = f"{scenario(scenario_id).title_en}: {found.best or 'no platform qualifies'}"
        return decision_figure(found.table(), found.requirements.objective, title=title)

    def summary_for(scenario_id: str, min_isolation: str, objective: str) -> str:
        return what_if(scenario_id, min_isolation, objective).explanation()

    return Dashboard(
        "Requirements first, then the model: which platform a scenario gets",
        {"scenario_id": chosen, "min_isolation": isolation, "objective": goal},
        figure_for,
        summary_for,
    )


def _requirements_text(requirements: Requirements) -> str:
    parts = ["needs an unmodified OS of its own" if requirements.needs_unmodified_os else ""]
    if requirements.min_isolation == isolation_levels()[0]:
        parts.append("one owner, so no isolation is needed between instances")
    else:
        parts.append(
            f"instances kept apart by at least {ISOLATION_LABELS[requirements.min_isolation]}"
        )
    if requirements.max_startup_s is not None:
        parts.append(f"a new instance must start within {seconds_text(requirements.max_startup_s)}")
    parts += [f"{p} is out: {why}" for p, why in requirements.ruled_out.items()]
    goal = {"throughput": "the fastest operation", "density": "the most instances per host"}
    parts.append(f"among the rest, {goal[requirements.objective]} wins")
    return "; ".join(p for p in parts if p)


def scenario_question(scenario_id: str) -> Question:
    """A scenario as a self-check: choose a platform; Reveal gives the reasoned answer with numbers.

    Taught in ``06-choose-a-platform``.

    >>> scenario_question("serverless").answer
    'microvm'
    """
    chosen = scenario(scenario_id)
    number = [s.id for s in scenarios()].index(scenario_id) + 1
    found = recommend(chosen.workload, chosen.requirements)
    if found.best is None:
        raise ValueError(f"scenario {scenario_id!r}: no platform meets its requirements")
    prompt = (
        f"{chosen.description} ({chosen.description_ko}) One operation: "
        f"{describe_workload(chosen.workload)}, {chosen.workload.memory_mb:,g} MB per instance, "
        f"on a {chosen.requirements.host_memory_gb:,g} GB host. Requirements: "
        f"{_requirements_text(chosen.requirements)}. Which platform do you choose?"
    )
    return Question(
        title=f"Scenario {number}: {chosen.title_en} ({chosen.title_ko})",
        prompt=prompt,
        options=model.PLATFORMS,
        answer=found.best,
        explanation=f"{found.explanation()} Why: {chosen.reasoning}",
    )


def scenario_answers() -> pd.DataFrame:
    """Every scenario with the platform the model and its requirements choose, and its sources."""
    import pandas as pd

    rows = [
        {
            "scenario": s.id,
            "title_ko": s.title_ko,
            "chosen": recommend(s.workload, s.requirements).best,
            "sources": " | ".join(s.source_urls),
        }
        for s in scenarios()
    ]
    return pd.DataFrame.from_records(rows)


def random_workload(rng: np.random.Generator) -> model.Workload:
    """One operation of an imaginary application, drawn from ``rng``."""

    def pick(*values: float) -> float:
        return float(rng.choice(values))

    return model.Workload(
        cpu_us=pick(50, 200, 1000, 5000),
        syscalls=pick(0, 5, 20, 100, 500),
        page_faults=pick(0, 2, 10, 50, 200),
        privileged_ops=pick(0, 1, 5, 20, 100),
        disk_ios=pick(0, 0.1, 1, 5),
        net_round_trips=pick(0, 0.5, 1, 3),
    )


def _draw(seed: int, case: Callable[[np.random.Generator], Any]) -> Any:
    """The first case drawn from the seed whose answer is clear (``case`` returns None if not)."""
    rng = np.random.default_rng(seed)
    for _ in range(200):
        found = case(rng)
        if found is not None:
            return found
    raise RuntimeError(f"seed {seed} gave no clear question in 200 draws")  # pragma: no cover


def fastest_question(seed: int) -> Question:
    """Check 1: a random operation and four platforms; which runs it fastest?

    >>> fastest_question(7).seed
    7
    """

    def case(rng: np.random.Generator) -> Question | None:
        workload = random_workload(rng)
        picked = set(rng.choice(VIRTUALIZED, size=4, replace=False))
        options = tuple(p for p in model.PLATFORMS if p in picked)
        scores = {p: float(model.evaluate(p, workload).relative_throughput) for p in options}
        ranked = sorted(options, key=lambda p: -scores[p])
        if scores[ranked[0]] - scores[ranked[1]] < 0.02:
            return None
        part, extra_us = _largest_extra(ranked[-1], workload)
        return Question(
            title="Check 1",
            prompt=(
                f"One operation does {describe_workload(workload)}. "
                "Which of these platforms runs it fastest?"
            ),
            options=options,
            answer=ranked[0],
            explanation=(
                "Relative throughput from the model: "
                + ", ".join(f"{p} {scores[p]:.3f}" for p in ranked)
                + f". The slowest, {ranked[-1]}, adds {extra_us:,.1f} µs per operation, "
                f"most of it in {part}."
            ),
            seed=seed,
        )

    question: Question = _draw(seed, case)
    return question


def density_question(seed: int) -> Question:
    """Check 3: a host, an application and four platforms; which fits the most instances?

    >>> density_question(7).title
    'Check 3'
    """

    def case(rng: np.random.Generator) -> Question | None:
        host_gb = float(rng.choice([16, 64, 256, 1024]))
        app_mb = float(rng.choice([32, 128, 512, 2048]))
        picked = set(rng.choice(VIRTUALIZED, size=4, replace=False))
        options = tuple(p for p in model.PLATFORMS if p in picked)
        counts = {p: model.instances_per_host(p, host_gb, app_mb) for p in options}
        ranked = sorted(options, key=lambda p: -counts[p])
        if counts[ranked[0]] == counts[ranked[1]]:
            return None
        return Question(
            title="Check 3",
            prompt=(
                f"A host has {host_gb:g} GB of memory and each instance of the application needs "
                f"{app_mb:g} MB of its own. Which platform fits the most instances on the host?"
            ),
            options=options,
            answer=ranked[0],
            explanation=(
                "Instances per host: "
                + ", ".join(
                    f"{p} {counts[p]} ({model.memory_overhead_mb(p):g} MB overhead each, "
                    f"{model.host_reserve_mb(p):g} MB kept by the host)"
                    for p in ranked
                )
                + ". instances = floor((host memory - host reserve) / (app memory + overhead))."
            ),
            seed=seed,
        )

    question: Question = _draw(seed, case)
    return question


def cost_question(seed: int) -> Question:
    """Check 2: a random operation on one platform; which part of its time grows most?

    >>> cost_question(7).options[0]
    'cpu'
    """
    parts = tuple(c for c in model.COMPONENTS if c != "wait")  # waiting is the same everywhere

    def case(rng: np.random.Generator) -> Question | None:
        workload = random_workload(rng)
        platform_id = str(rng.choice(VIRTUALIZED))
        here = model.evaluate(platform_id, workload).breakdown
        bare = model.evaluate("bare_metal", workload).breakdown
        extras = {c: float(here[c]) - float(bare[c]) for c in parts}
        ranked = sorted(parts, key=lambda c: -extras[c])
        if extras[ranked[0]] <= 0 or extras[ranked[1]] > 0.8 * extras[ranked[0]]:
            return None
        return Question(
            title="Check 2",
            prompt=(
                f"On {platform_id}, one operation does {describe_workload(workload)}. "
                "Which part of its time grows most compared with bare metal?"
            ),
            options=parts,
            answer=ranked[0],
            explanation=(
                f"Extra µs per operation on {platform_id} over bare metal: "
                + ", ".join(f"{c} {extras[c]:+,.1f}" for c in ranked)
                + f". A {ranked[0]} costs {_per_crossing(platform_id, ranked[0])} here."
            ),
            seed=seed,
        )

    question: Question = _draw(seed, case)
    return question


def _per_crossing(platform_id: str, part: str) -> str:
    if part == "cpu":
        return f"{model.cpu_factor(platform_id):g} times the CPU time of bare metal"
    here = model.crossing_cost_us(platform_id, part)
    bare = model.crossing_cost_us("bare_metal", part)
    return f"{here:g} µs per crossing against {bare:g} µs on bare metal"
