"""A reasoned platform choice: requirements filter the platforms, the model ranks the rest.

Choosing a platform weighs five things: the time each operation pays in tolls
(the cost model), the isolation boundary between instances on one host,
compatibility (an unmodified guest OS), density (instances per host) and
start-up time. :class:`Requirements` states the hard limits and what to
maximise; :func:`recommend` rules out every platform that breaks a limit and
ranks the others by the model. The scenarios of ``data/scenarios.csv`` carry
their requirements and the answer a reasoned choice arrives at.

Taught in ``06-choose-a-platform``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from virtlab import model
from virtlab.datasets import allowed_values, load_table
from virtlab.i18n import language, tr
from virtlab.ui._tables import TextTable, text_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ISOLATION_LABELS",
    "Candidate",
    "Recommendation",
    "Requirements",
    "Scenario",
    "column_headers",
    "isolation_level",
    "isolation_levels",
    "objectives",
    "recommend",
    "scenario",
    "scenarios",
    "seconds_text",
    "verdict_label",
    "what_if",
]


class _IsolationLabels(Mapping[str, str]):
    """Isolation level -> what it means in words, in the language current when it is read."""

    def __getitem__(self, level: str) -> str:
        if level not in isolation_levels():
            raise KeyError(level)
        return tr(f"capstone.isolation.{level}")

    def __iter__(self) -> Iterator[str]:
        return iter(isolation_levels())

    def __len__(self) -> int:
        return len(isolation_levels())

    def __repr__(self) -> str:
        return repr(dict(self))


ISOLATION_LABELS: Mapping[str, str] = _IsolationLabels()
"""What each isolation level means, in words, for prompts and figures, in the current language."""


def isolation_levels() -> tuple[str, ...]:
    """The isolation levels between instances on one host, weakest first.

    Read from the descriptor ``data/scenarios.schema.yaml``.

    >>> isolation_levels()
    ('process', 'namespaces', 'user_space_kernel', 'guest_kernel')
    """
    return allowed_values("scenarios", "min_isolation")


def objectives() -> tuple[str, ...]:
    """What a choice can maximise among the platforms left: ``throughput`` or ``density``.

    >>> objectives()
    ('throughput', 'density')
    """
    return allowed_values("scenarios", "objective")


def isolation_level(platform_id: str) -> str:
    """What separates two instances of an application on one host of this platform.

    Derived from the model's data, not typed in: when a system call of the
    instance is served by a guest kernel, each instance has a kernel of its own
    (``guest_kernel``); on bare metal the instances are processes of the one OS
    (``process``); on a shared host kernel, a system call that passes through a
    second layer meets a kernel in user space (``user_space_kernel``, gVisor),
    and one that goes straight to the host kernel is kept apart only by
    namespaces and cgroups (``namespaces``).

    Taught in ``06-choose-a-platform``.

    Raises:
        ValueError: unknown platform id.

    >>> [isolation_level(p) for p in ("bare_metal", "container", "gvisor", "microvm")]
    ['process', 'namespaces', 'user_space_kernel', 'guest_kernel']
    """
    layers = model.layer_costs(platform_id, "syscall")
    if any(name.startswith("guest kernel") for name in layers):
        return "guest_kernel"
    if not model.platform(platform_id).shares_host_kernel:
        return "process"
    return "user_space_kernel" if len(layers) > 1 else "namespaces"


@dataclass(frozen=True)
class Requirements:
    """What a situation demands of a platform, and what it maximises among those that qualify.

    ``ruled_out`` maps platform ids to reasons the model does not know (a guest
    OS a platform cannot boot, for instance).
    """

    needs_unmodified_os: bool = False
    min_isolation: str = "process"
    max_startup_s: float | None = None
    objective: str = "throughput"
    host_memory_gb: float = 256.0
    ruled_out: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if self.min_isolation not in isolation_levels():
            raise ValueError(
                tr(
                    "capstone.requirements.bad_isolation",
                    allowed=", ".join(isolation_levels()),
                    value=self.min_isolation,
                )
            )
        if self.objective not in objectives():
            raise ValueError(
                tr(
                    "capstone.requirements.bad_objective",
                    allowed=", ".join(objectives()),
                    value=self.objective,
                )
            )
        if self.max_startup_s is not None and not (
            math.isfinite(self.max_startup_s) and self.max_startup_s > 0
        ):
            raise ValueError(tr("capstone.requirements.bad_startup", value=self.max_startup_s))
        for platform_id in self.ruled_out:
            model.platform(platform_id)  # raises, listing the valid ids
        object.__setattr__(self, "ruled_out", MappingProxyType(dict(self.ruled_out)))


@dataclass(frozen=True)
class Scenario:
    """A situation to choose a platform for: one operation, the requirements, a reasoned answer.

    ``description``, ``reasoning`` and the reasons of ``requirements.ruled_out``
    are English; the ``_ko`` fields say the same in Korean; :meth:`title`,
    :meth:`situation`, :meth:`why` and :meth:`needs` give them in the current language.
    """

    id: str
    title_en: str
    title_ko: str
    description: str
    description_ko: str
    workload: model.Workload
    profile_justification: str
    requirements: Requirements
    answer: str
    reasoning: str
    source_urls: tuple[str, ...]
    reasoning_ko: str = ""
    requirements_ko: Requirements | None = None

    def title(self) -> str:
        """The short title in the current language."""
        return self.title_ko if language() == "ko" else self.title_en

    def situation(self) -> str:
        """The situation a student reads before choosing, in the current language."""
        return self.description_ko if language() == "ko" else self.description

    def why(self) -> str:
        """Why the answer is the reasoned choice, in the current language."""
        return self.reasoning_ko if language() == "ko" and self.reasoning_ko else self.reasoning

    def needs(self) -> Requirements:
        """The requirements, with the reasons a platform is ruled out in the current language."""
        if language() == "ko" and self.requirements_ko is not None:
            return self.requirements_ko
        return self.requirements


@dataclass(frozen=True)
class Candidate:
    """One platform judged for a situation: its numbers and why it is out, if it is."""

    platform_id: str
    relative_throughput: float
    instances_per_host: int
    startup_s: float
    isolation: str
    reasons_out: tuple[str, ...]

    @property
    def is_allowed(self) -> bool:
        """True when the platform meets every requirement."""
        return not self.reasons_out

    def summary(self) -> str:
        """Its numbers in one phrase, e.g. 'container 0.904 (1003 per host, starts in 0.23 s)'."""
        return tr(
            "capstone.candidate.summary",
            platform=self.platform_id,
            score=self.relative_throughput,
            count=self.instances_per_host,
            startup=seconds_text(self.startup_s),
        )


@dataclass(frozen=True)
class Recommendation:
    """Every platform judged for one situation: those that qualify first, best first."""

    workload: model.Workload
    requirements: Requirements
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> str | None:
        """The platform to choose, or None when no platform meets every requirement."""
        allowed = [c for c in self.candidates if c.is_allowed]
        return allowed[0].platform_id if allowed else None

    def table(self) -> TextTable:
        """One row per platform: verdict, isolation, the model's numbers and why, every word shown.

        Column headers and verdicts are in the current language; platform ids and
        isolation levels stay ids.

        >>> web = model.Workload(cpu_us=300, syscalls=20, net_round_trips=1, memory_mb=256)
        >>> recommend(web, Requirements()).table().headers[:3]
        ('platform', 'verdict', 'isolation')
        """
        rows = self.rows()
        rows["verdict"] = [verdict_label(v) for v in rows["verdict"]]
        headers = {str(c): tr(f"capstone.column.{c}") for c in rows.columns}
        return text_table(rows, headers, name="recommendation")

    def rows(self) -> pd.DataFrame:
        """:meth:`table` with column ids for headers and verdict ids, for code and figures.

        The verdicts are keys of ``virtlab.figures.capstone.CHOICE_COLORS``;
        ``why`` is in the current language.
        """
        import pandas as pd

        best = self.best
        rows = []
        for c in self.candidates:
            if c.platform_id == best:
                objective = tr(f"capstone.objective.{self.requirements.objective}")
                verdict, why = "chosen", tr("capstone.why.best", objective=objective)
            elif c.is_allowed:
                verdict, why = "meets the requirements", tr("capstone.why.allowed")
            else:
                verdict, why = "ruled out", "; ".join(c.reasons_out)
            rows.append(
                {
                    "platform": c.platform_id,
                    "verdict": verdict,
                    "isolation": c.isolation,
                    "relative_throughput": round(c.relative_throughput, 3),
                    "instances_per_host": c.instances_per_host,
                    "startup_s": round(c.startup_s, 3),
                    "why": why,
                }
            )
        return pd.DataFrame.from_records(rows)

    def explanation(self) -> str:
        """Which platforms are out and why, then the rest ranked with the model's numbers."""
        out = [
            tr(
                "capstone.explanation.out_item",
                platform=c.platform_id,
                why="; ".join(c.reasons_out),
            )
            for c in self.candidates
            if not c.is_allowed
        ]
        allowed = [c.summary() for c in self.candidates if c.is_allowed]
        parts = []
        if out:
            parts.append(tr("capstone.explanation.ruled_out", items="; ".join(out)))
        if allowed:
            parts.append(
                tr(
                    "capstone.explanation.left",
                    measure=tr(f"capstone.measure.{self.requirements.objective}"),
                    items=", ".join(allowed),
                    best=self.best,
                )
            )
        else:
            parts.append(tr("capstone.explanation.none"))
        return " ".join(parts)


def verdict_label(verdict: str) -> str:
    """A verdict id (``"chosen"``, ``"meets the requirements"``, ``"ruled out"``) in words.

    >>> verdict_label("ruled out")
    'ruled out'
    """
    return tr(f"capstone.verdict.{verdict.replace(' ', '_')}")


def column_headers(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its column ids (and index name) as headers in the current language.

    Every id must have a ``capstone.column.<id>`` text; in English the header is the id.
    """
    renamed = table.rename(columns=lambda name: tr(f"capstone.column.{name}"))
    if renamed.index.name is not None:
        renamed.index.name = tr(f"capstone.column.{renamed.index.name}")
    return renamed


def recommend(workload: model.Workload, requirements: Requirements) -> Recommendation:
    """Rule out the platforms that break a requirement, then rank the rest by the model.

    A platform is out when the requirements name it, when an unmodified OS is
    needed and it cannot run one, when its instances are less isolated than
    required, or when it starts too slowly. The rest are ranked by the
    objective (relative throughput or instances per host), the other measure
    breaking ties, then the order of ``model.PLATFORMS``.

    Taught in ``06-choose-a-platform``.

    >>> web = model.Workload(cpu_us=300, syscalls=20, net_round_trips=1, memory_mb=256)
    >>> recommend(web, Requirements(min_isolation="namespaces", objective="density")).best
    'container'
    """
    levels = isolation_levels()
    judged = []
    for platform_id in model.PLATFORMS:
        startup = model.startup_seconds(platform_id)
        memory_mb = max(float(workload.memory_mb), 1.0)
        judged.append(
            Candidate(
                platform_id=platform_id,
                relative_throughput=float(
                    model.evaluate(platform_id, workload).relative_throughput
                ),
                instances_per_host=model.instances_per_host(
                    platform_id, requirements.host_memory_gb, memory_mb
                ),
                startup_s=startup,
                isolation=isolation_level(platform_id),
                reasons_out=_reasons_out(platform_id, requirements, startup, levels),
            )
        )

    def score(c: Candidate) -> tuple[bool, float, float]:
        first, second = float(c.relative_throughput), float(c.instances_per_host)
        if requirements.objective == "density":
            first, second = second, first
        return (c.is_allowed, first, second)

    ranked = sorted(judged, key=score, reverse=True)  # stable: ties keep PLATFORMS order
    return Recommendation(workload, requirements, tuple(ranked))


def _reasons_out(
    platform_id: str, requirements: Requirements, startup_s: float, levels: tuple[str, ...]
) -> tuple[str, ...]:
    reasons = []
    if platform_id in requirements.ruled_out:
        reasons.append(requirements.ruled_out[platform_id])
    described = model.platform(platform_id)
    if requirements.needs_unmodified_os and not described.runs_unmodified_guest:
        reasons.append(
            tr("capstone.reason.shared_kernel")
            if described.shares_host_kernel
            else tr("capstone.reason.modified_kernel")
        )
    level = isolation_level(platform_id)
    if levels.index(level) < levels.index(requirements.min_isolation):
        reasons.append(
            tr(
                "capstone.reason.isolation",
                have=ISOLATION_LABELS[level],
                need=ISOLATION_LABELS[requirements.min_isolation],
            )
        )
    if requirements.max_startup_s is not None and startup_s > requirements.max_startup_s:
        reasons.append(
            tr(
                "capstone.reason.startup",
                startup=seconds_text(startup_s),
                limit=seconds_text(requirements.max_startup_s),
            )
        )
    return tuple(reasons)


def seconds_text(seconds: float) -> str:
    """A start-up time as people say it: '0.16 s', '10 s', '120 s'.

    >>> seconds_text(0.1609), seconds_text(10.0139)
    ('0.16 s', '10 s')
    """
    return f"{seconds:.2f} s" if seconds < 1 else f"{seconds:.0f} s"


def scenarios() -> tuple[Scenario, ...]:
    """The capstone's scenarios, read and checked from ``data/scenarios.csv``.

    >>> [s.id for s in scenarios()][:2]
    ['bank_core_db', 'ci_trusted']
    """
    return _loaded()


def scenario(scenario_id: str) -> Scenario:
    """One scenario by id.

    Raises:
        ValueError: unknown id; the message lists the known ones.

    >>> scenario("serverless").requirements.objective
    'density'
    """
    for s in _loaded():
        if s.id == scenario_id:
            return s
    known = ", ".join(s.id for s in _loaded())
    raise ValueError(tr("capstone.scenario.unknown", value=scenario_id, known=known))


def what_if(scenario_id: str, min_isolation: str = "", objective: str = "") -> Recommendation:
    """The choice for a scenario with its isolation or objective changed ('' keeps the scenario's).

    >>> what_if("saas_per_tenant", min_isolation="user_space_kernel").best
    'microvm'
    """
    chosen = scenario(scenario_id)
    needs = chosen.needs()
    requirements = dataclasses.replace(
        needs,
        min_isolation=min_isolation or needs.min_isolation,
        objective=objective or needs.objective,
    )
    return recommend(chosen.workload, requirements)


def _ruled_out(cell: object) -> dict[str, str]:
    """A ``ruled_out`` cell, 'platform_id: reason' items separated by ' | ', as a dict."""
    ruled_out = {}
    if isinstance(cell, str):
        for item in cell.split(" | "):
            platform_id, reason = item.split(": ", 1)
            ruled_out[platform_id.strip()] = reason.strip()
    return ruled_out


@functools.cache
def _loaded() -> tuple[Scenario, ...]:
    table = load_table("scenarios")
    loaded = []
    for row in table.to_dict("records"):
        startup = row["max_startup_s"]
        requirements = Requirements(
            needs_unmodified_os=bool(row["needs_unmodified_os"]),
            min_isolation=str(row["min_isolation"]),
            max_startup_s=None if startup != startup else float(startup),  # NaN: no limit
            objective=str(row["objective"]),
            host_memory_gb=float(row["host_memory_gb"]),
            ruled_out=_ruled_out(row["ruled_out"]),
        )
        loaded.append(
            Scenario(
                id=str(row["id"]),
                title_en=str(row["title_en"]),
                title_ko=str(row["title_ko"]),
                description=str(row["description"]),
                description_ko=str(row["description_ko"]),
                workload=model.Workload(
                    **{name: float(row[name]) for name in model.WORKLOAD_FIELDS}
                ),
                profile_justification=str(row["profile_justification"]),
                requirements=requirements,
                answer=str(row["answer"]),
                reasoning=str(row["reasoning"]),
                source_urls=tuple(u.strip() for u in str(row["source_url"]).split(" | ")),
                reasoning_ko=str(row["reasoning_ko"]),
                requirements_ko=dataclasses.replace(
                    requirements, ruled_out=_ruled_out(row["ruled_out_ko"])
                ),
            )
        )
    return tuple(loaded)
