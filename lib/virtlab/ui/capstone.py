"""Dashboards and self-checks of ``06-choose-a-platform``: choosing a platform is a trade-off.

Four dashboards (a workload's ranking and breakdown, the model against
published results, density and start-up, a scenario's requirements) and the
questions of the notebook. Seeded questions draw their case from
``numpy.random.default_rng(seed)``; scenario questions come from
``data/scenarios.csv``. Every answer is computed by the model and
:func:`recommend`, never typed into a cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from virtlab import model
from virtlab.i18n import language, tr
from virtlab.ui._capstone_choice import (
    ISOLATION_LABELS,
    Candidate,
    Recommendation,
    Requirements,
    Scenario,
    column_headers,
    isolation_level,
    isolation_levels,
    objectives,
    recommend,
    scenario,
    scenarios,
    seconds_text,
    what_if,
)
from virtlab.ui._controls import SLIDER_STYLE, memory_sliders
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Question
from virtlab.ui._tables import LINK_SEPARATOR, TextTable, text_table

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


_CROSSINGS = ("cpu_us", "syscalls", "page_faults", "privileged_ops", "disk_ios", "net_round_trips")
"""The fields of a workload that :func:`describe_workload` puts in words, in its order."""


def describe_workload(workload: model.Workload) -> str:
    """One operation in words, leaving out what it never does.

    >>> describe_workload(model.Workload(cpu_us=300, syscalls=20, net_round_trips=1))
    '300 µs of CPU, 20 system calls and 1 network round trip'
    """
    parts = []
    for name in _CROSSINGS:
        count = getattr(workload, name)
        if count > 0:
            number = "one" if count == 1 else "many"
            parts.append(tr(f"capstone.crossing.{name}.{number}", count=count))
    if not parts:
        return tr("capstone.workload.nothing")
    if len(parts) == 1:
        return parts[0]
    return tr("capstone.workload.list", rest=", ".join(parts[:-1]), last=parts[-1])


def _part(component: str) -> str:
    """A part of the time (``model.COMPONENTS``) in words: its id in English, as in the
    cost functions' arguments; in Korean the name the breakdown figure's legend shows."""
    return tr(f"capstone.component.{component}")


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
    lines = [tr("capstone.summary.reference")]
    labels = (tr("capstone.summary.best"), tr("capstone.summary.slowest"))
    for label, platform_id in zip(labels, (ranked[0], ranked[-1]), strict=True):
        part, extra_us = _largest_extra(platform_id, workload)
        why = (
            tr("capstone.summary.adds", extra=extra_us, part=_part(part))
            if extra_us > 0
            else tr("capstone.summary.adds_nothing")
        )
        lines.append(
            tr(
                "capstone.summary.line",
                label=label,
                platform=platform_id,
                score=scores[platform_id],
                why=why,
            )
        )
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
        controls[name] = kind(
            value=value,
            min=0,
            max=max(top, value),
            step=step,
            description=tr(f"capstone.slider.{name}"),
            style=SLIDER_STYLE["style"],
        )

    def operation(**counts: float) -> model.Workload:
        return model.Workload(**counts)

    return Dashboard(
        tr("capstone.workload.dashboard"),
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
        raise ValueError(tr("capstone.accuracy.bad_rows", choices=choices, value=rows))
    return table[table[column] == value]


def _comparison_filters(table: pd.DataFrame) -> list[str]:
    sources = [f"source:{s}" for s in dict.fromkeys(table["source_id"])]
    platforms = [f"platform:{p}" for p in model.PLATFORMS if p in set(table["platform"])]
    return ["all", *sources, *platforms]


def _filter_label(rows: str) -> str:
    """A value of the rows menu as the menu shows it: 'all', 'source:felter2015'..."""
    if rows == "all":
        return tr("capstone.accuracy.all")
    kind, _, value = rows.partition(":")
    if kind == "source":
        return tr("capstone.accuracy.source", id=value)
    return tr("capstone.accuracy.platform", id=value)


def _sample_label(sample: str) -> str:
    """``in-sample`` or ``out-of-sample`` in words."""
    return tr(f"capstone.sample.{sample.replace('-', '_')}")


def _accuracy_text(selected: pd.DataFrame) -> str:
    parts = [tr("capstone.accuracy.count", count=len(selected))]
    for sample in ("in-sample", "out-of-sample"):
        errors = selected.loc[selected["sample"] == sample, "abs_error"]
        if len(errors):
            parts.append(
                tr(
                    "capstone.accuracy.sample",
                    sample=_sample_label(sample),
                    count=len(errors),
                    median=errors.median(),
                )
            )
    worst = selected.sort_values("abs_error", ascending=False).iloc[0]
    parts.append(
        tr(
            "capstone.accuracy.largest_miss",
            benchmark=worst["benchmark"],
            platform=worst["platform"],
            citation=worst["citation"],
            published=worst["published"],
            predicted=worst["predicted"],
        )
    )
    return " ".join(parts)


def accuracy_dashboard() -> Dashboard:
    """A menu of sources and platforms; the figure shows how the model fares on the rows chosen.

    Taught in ``06-choose-a-platform``.
    """
    import ipywidgets as widgets

    from virtlab.figures import model_vs_published_figure

    table = model.compare_to_published()
    menu = widgets.Dropdown(
        options=[(_filter_label(rows), rows) for rows in _comparison_filters(table)],
        value="all",
        description=tr("capstone.accuracy.rows"),
    )
    return Dashboard(
        tr("capstone.accuracy.dashboard"),
        {"rows": menu},
        lambda rows: model_vs_published_figure(comparisons(rows, table)),
        lambda rows: _accuracy_text(comparisons(rows, table)),
    )


def worst_predictions(n: int = 6) -> pd.DataFrame:
    """The ``n`` published results the model misses by most, with their sources.

    Column headers and the ``sample`` values are in the current language.

    >>> worst_predictions(1)["benchmark"].tolist()
    ['fork_proc']
    """
    table = model.compare_to_published().nlargest(n, "abs_error")
    columns = ["benchmark", "platform", "sample", "published", "predicted", "error", "mark"]
    worst = table[[*columns, "citation"]].round(3).reset_index(drop=True)
    worst["sample"] = [_sample_label(s) for s in worst["sample"]]
    return column_headers(worst)


def accuracy_where_overhead_exceeds(fraction: float = 0.05) -> pd.DataFrame:
    """How well the model does on the rows where the platform costs more than ``fraction``.

    Rows near 1.0 (compute-bound work) are easy to predict and flatter the
    overall median; this keeps only results whose published relative
    performance is below ``1 - fraction``. Headers and samples are in the
    current language.

    Raises:
        ValueError: ``fraction`` is not between 0 and 1.

    >>> int(accuracy_where_overhead_exceeds(0.05).loc["out-of-sample", "rows"]) > 10
    True
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(tr("capstone.accuracy.bad_fraction", value=fraction))
    table = model.compare_to_published()
    costly = table[table["published"] < 1.0 - fraction]
    summary = costly.groupby("sample")["abs_error"].agg(["count", "median", "max"])
    renamed = summary.rename(
        columns={"count": "rows", "median": "median_abs_error", "max": "max_abs_error"},
        index=_sample_label,
    )
    return column_headers(renamed.round(3))


def density_summary(host_memory_gb: float, app_memory_mb: float) -> str:
    """How many isolated instances fit, with bare metal's unisolated processes set apart.

    >>> density_summary(64, 256)[:44]
    'On a 64 GB host with 256 MB per instance: co'
    """
    counts = {p: model.instances_per_host(p, host_memory_gb, app_memory_mb) for p in VIRTUALIZED}
    ranked = sorted(VIRTUALIZED, key=lambda p: -counts[p])
    listed = ", ".join(f"{p} {counts[p]}" for p in ranked)
    bare = model.instances_per_host("bare_metal", host_memory_gb, app_memory_mb)
    return tr(
        "capstone.density.summary",
        host=host_memory_gb,
        app=app_memory_mb,
        listed=listed,
        bare=bare,
    )


def density_dashboard(host_memory_gb: float = 64.0, app_memory_mb: float = 256.0) -> Dashboard:
    """Sliders for the host's memory and the application's; the bars count instances per host.

    Taught in ``06-choose-a-platform``.
    """
    from virtlab.figures import density_figure

    return Dashboard(
        tr("capstone.density.dashboard"),
        memory_sliders(host_memory_gb, app_memory_mb),
        density_figure,
        density_summary,
    )


_TRADE_OFF_COLUMNS = (
    "relative_throughput",
    "isolation",
    "shares_host_kernel",
    "runs_unmodified_os",
    "startup_s",
    "memory_overhead_mb",
    "instances_per_host",
)


def trade_off_table(
    workload: model.Workload,
    host_memory_gb: float = 64.0,
    app_memory_mb: float = 256.0,
    *,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every platform on the five axes of a choice: cost, isolation, compatibility, density, start.

    Args:
        workload: one operation.
        host_memory_gb, app_memory_mb: the host and one instance, for instances per host.
        columns: the column ids to show, in this order (``"isolation"``,
            ``"startup_s"``...); all of them when None. Ids, so a selection works
            whatever the language of the headers.

    Returns:
        One row per platform (index: platform ids); headers in the current language.

    Raises:
        ValueError: a column id that the table does not have.

    >>> trade_off_table(model.Workload(cpu_us=300, syscalls=20)).loc["container", "isolation"]
    'namespaces'
    >>> trade_off_table(model.Workload(), columns=["isolation"]).columns.tolist()
    ['isolation']
    """
    import pandas as pd

    wanted = list(_TRADE_OFF_COLUMNS if columns is None else columns)
    unknown = [c for c in wanted if c not in _TRADE_OFF_COLUMNS]
    if unknown or isinstance(columns, str):
        raise ValueError(
            tr(
                "capstone.trade_off.bad_columns",
                allowed=", ".join(_TRADE_OFF_COLUMNS),
                value=columns,
            )
        )
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
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("platform")
    return column_headers(table[wanted])


def requirements_dashboard(scenario_id: str = "saas_per_tenant") -> Dashboard:
    """Pick a scenario and change its isolation or objective; the figure shows what is chosen.

    Taught in ``06-choose-a-platform``.
    """
    import ipywidgets as widgets

    from virtlab.figures.capstone import decision_figure

    as_the_scenario_says = tr("capstone.requirements.as_scenario")
    chosen = widgets.Dropdown(
        options=[(s.title(), s.id) for s in scenarios()],
        value=scenario_id,
        description=tr("capstone.requirements.scenario"),
        style=SLIDER_STYLE["style"],
    )
    isolation = widgets.Dropdown(
        options=[(as_the_scenario_says, "")]
        + [(ISOLATION_LABELS[level], level) for level in isolation_levels()],
        value="",
        description=tr("capstone.requirements.isolation"),
        style=SLIDER_STYLE["style"],
    )
    goal = widgets.Dropdown(
        options=[(as_the_scenario_says, "")]
        + [(tr(f"capstone.objective.{o}"), o) for o in objectives()],
        value="",
        description=tr("capstone.requirements.objective"),
        style=SLIDER_STYLE["style"],
    )

    def figure_for(scenario_id: str, min_isolation: str, objective: str) -> Any:
        found = what_if(scenario_id, min_isolation, objective)
        title = tr(
            "capstone.requirements.figure_title",
            scenario=scenario(scenario_id).title(),
            best=found.best or tr("capstone.requirements.none_qualifies"),
        )
        return decision_figure(found.rows(), found.requirements.objective, title=title)

    def summary_for(scenario_id: str, min_isolation: str, objective: str) -> str:
        return what_if(scenario_id, min_isolation, objective).explanation()

    return Dashboard(
        tr("capstone.requirements.dashboard"),
        {"scenario_id": chosen, "min_isolation": isolation, "objective": goal},
        figure_for,
        summary_for,
    )


def _requirements_text(requirements: Requirements) -> str:
    parts = [tr("capstone.needs.unmodified_os") if requirements.needs_unmodified_os else ""]
    if requirements.min_isolation == isolation_levels()[0]:
        parts.append(tr("capstone.needs.no_isolation"))
    else:
        parts.append(
            tr("capstone.needs.isolation", level=ISOLATION_LABELS[requirements.min_isolation])
        )
    if requirements.max_startup_s is not None:
        parts.append(tr("capstone.needs.startup", limit=seconds_text(requirements.max_startup_s)))
    parts += [
        tr("capstone.needs.ruled_out", platform=p, why=why)
        for p, why in requirements.ruled_out.items()
    ]
    parts.append(tr("capstone.needs.objective", goal=tr(f"capstone.goal.{requirements.objective}")))
    return "; ".join(p for p in parts if p)


def _bilingual(english: str, korean: str) -> str:
    """Korean alone in Korean; in English the English with the Korean after it in parentheses."""
    return korean if language() == "ko" else f"{english} ({korean})"


def scenario_question(scenario_id: str) -> Question:
    """A scenario as a self-check: choose a platform; Reveal gives the reasoned answer with numbers.

    Taught in ``06-choose-a-platform``.

    >>> scenario_question("serverless").answer
    'microvm'
    """
    chosen = scenario(scenario_id)
    number = [s.id for s in scenarios()].index(scenario_id) + 1
    needs = chosen.needs()
    found = recommend(chosen.workload, needs)
    if found.best is None:
        raise ValueError(tr("capstone.scenario.no_platform", id=scenario_id))
    prompt = tr(
        "capstone.scenario.prompt",
        situation=_bilingual(chosen.description, chosen.description_ko),
        workload=describe_workload(chosen.workload),
        memory=chosen.workload.memory_mb,
        host=needs.host_memory_gb,
        requirements=_requirements_text(needs),
    )
    return Question(
        title=tr(
            "capstone.scenario.title",
            number=number,
            title=_bilingual(chosen.title_en, chosen.title_ko),
        ),
        prompt=prompt,
        options=model.PLATFORMS,
        answer=found.best,
        explanation=tr(
            "capstone.scenario.explanation", explanation=found.explanation(), why=chosen.why()
        ),
    )


def scenario_answers() -> TextTable:
    """Every scenario with the platform the model and its requirements choose, and its sources.

    Every source is a link. Taught in ``06-choose-a-platform``.

    >>> scenario_answers().frame()["chosen"].tolist()[0]
    'bare_metal'
    """
    import pandas as pd

    rows = [
        {
            "scenario": s.id,
            "title_ko": s.title_ko,
            "chosen": recommend(s.workload, s.requirements).best,
            "sources": LINK_SEPARATOR.join(s.source_urls),
        }
        for s in scenarios()
    ]
    table = pd.DataFrame.from_records(rows)
    headers = {str(c): tr(f"capstone.column.{c}") for c in table.columns}
    return text_table(table, headers, links=["sources"], name="scenario-answers")


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
    raise RuntimeError(tr("capstone.check.no_clear_case", seed=seed))  # pragma: no cover


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
            title=tr("capstone.check.title", number=1),
            prompt=tr("capstone.fastest.prompt", workload=describe_workload(workload)),
            options=options,
            answer=ranked[0],
            explanation=tr(
                "capstone.fastest.explanation",
                ranked=", ".join(f"{p} {scores[p]:.3f}" for p in ranked),
                slowest=ranked[-1],
                extra=extra_us,
                part=_part(part),
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
        items = [
            tr(
                "capstone.density.item",
                platform=p,
                count=counts[p],
                overhead=model.memory_overhead_mb(p),
                reserve=model.host_reserve_mb(p),
            )
            for p in ranked
        ]
        return Question(
            title=tr("capstone.check.title", number=3),
            prompt=tr("capstone.density.prompt", host=host_gb, app=app_mb),
            options=options,
            answer=ranked[0],
            explanation=tr("capstone.density.explanation", items=", ".join(items)),
            seed=seed,
        )

    question: Question = _draw(seed, case)
    return question


def cost_question(seed: int) -> Question:
    """Check 2: a random operation on one platform; which part of its time grows most?

    The options are the parts of the time: their ids in English, their names in Korean.

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
            title=tr("capstone.check.title", number=2),
            prompt=tr(
                "capstone.cost.prompt",
                platform=platform_id,
                workload=describe_workload(workload),
            ),
            options=tuple(_part(c) for c in parts),
            answer=_part(ranked[0]),
            explanation=tr(
                "capstone.cost.explanation",
                platform=platform_id,
                extras=", ".join(f"{_part(c)} {extras[c]:+,.1f}" for c in ranked),
                part=_part(ranked[0]),
                cost=_per_crossing(platform_id, ranked[0]),
            ),
            seed=seed,
        )

    question: Question = _draw(seed, case)
    return question


def _per_crossing(platform_id: str, part: str) -> str:
    if part == "cpu":
        return tr("capstone.cost.cpu_factor", factor=model.cpu_factor(platform_id))
    here = model.crossing_cost_us(platform_id, part)
    bare = model.crossing_cost_us("bare_metal", part)
    return tr("capstone.cost.per_crossing", here=here, bare=bare)
