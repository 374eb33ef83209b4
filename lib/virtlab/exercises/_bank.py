"""The graded exercises: two per module, each answered with code that reasons with the library.

An :class:`Exercise` holds what is the same in every language: the module it
belongs to, the name of the variable the student sets, the kind of answer, and the
reference solution as code. The solution is the single source of the right answer:
it is shown in the instructor's notebook between nbgrader's solution markers and
executed here to get the answer a submission is compared with, so the two cannot
disagree. Every question, hint and explanation is text of the catalogue
(``data/text/exercises.yaml``), in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from virtlab.model import COMPONENTS, PLATFORMS, RESOURCES

Kind = Literal["integer", "number", "choice", "order", "function"]

__all__ = ["EXERCISES", "Exercise", "Kind"]


@dataclass(frozen=True)
class Exercise:
    """One graded exercise.

    Attributes:
        id: ``"<module number>-<n>"``, e.g. ``"03-1"``.
        module: the course module's slug, which is also the nbgrader assignment's name.
        name: the variable (or function) the student's answer cell sets.
        kind: how an answer is compared: ``integer`` exactly, ``number`` within
            ``tolerance`` (relative), ``choice`` one of ``allowed``, ``order`` the
            same sequence, ``function`` the same results as the reference on ``cases``.
        solution: code that sets ``name``; run with ``model``, ``probe`` and ``history``
            imported.
        allowed: the values a ``choice`` or ``order`` answer may hold.
        tolerance: the relative difference a ``number`` answer may have.
        cases: the arguments a ``function`` answer is called with.
        points: what a right answer scores.
    """

    id: str
    module: str
    name: str
    kind: Kind
    solution: str
    allowed: tuple[str, ...] = ()
    tolerance: float = 0.01
    cases: tuple[tuple[object, ...], ...] = ()
    points: int = 1


PLATFORMS_COMPARED = ("full_virt_bt", "paravirt", "hw_assisted")
COMPONENTS_BUT_CPU = tuple(c for c in COMPONENTS if c not in ("cpu", "wait"))

EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        id="00-1",
        module="00-start-here",
        name="largest_toll",
        kind="choice",
        allowed=COMPONENTS_BUT_CPU,
        solution="""\
request = model.Workload(cpu_us=100, syscalls=50, net_round_trips=2)
tolls = dict(model.evaluate("gvisor", request).breakdown)
tolls.pop("cpu")
largest_toll = max(tolls, key=tolls.get)""",
    ),
    Exercise(
        id="00-2",
        module="00-start-here",
        name="recorded_platform",
        kind="choice",
        allowed=PLATFORMS,
        solution="""\
where = probe.recorded_run("firecracker-kvm-2026-11-26").labs["where"]
print(where["vm_verdict"], where["container_verdict"], sep="\\n")
recorded_platform = "microvm" if "Firecracker" in where["product"] else "hw_assisted\"""",
    ),
    Exercise(
        id="01-1",
        module="01-bare-metal",
        name="servers_after",
        kind="integer",
        solution="""\
plan = model.consolidate(
    applications=40,
    average_utilization_pct=8,
    server_cores=16,
    target_utilization_pct=60,
    cost_per_server_per_year=3000,
)
servers_after = plan.consolidated_servers""",
    ),
    Exercise(
        id="01-2",
        module="01-bare-metal",
        name="break_even_pct",
        kind="integer",
        solution="""\
def saves_nothing(pct):
    plan = model.consolidate(
        applications=40,
        average_utilization_pct=pct,
        server_cores=16,
        target_utilization_pct=60,
        cost_per_server_per_year=3000,
    )
    return plan.consolidated_servers >= plan.dedicated_servers

break_even_pct = next(pct for pct in range(1, 101) if saves_nothing(pct))""",
    ),
    Exercise(
        id="02-1",
        module="02-hypervisors",
        name="extra_containers",
        kind="integer",
        solution="""\
containers = model.instances_per_host("container", host_memory_gb=256, app_memory_mb=1024)
vms = model.instances_per_host("hw_assisted", host_memory_gb=256, app_memory_mb=1024)
extra_containers = containers - vms""",
    ),
    Exercise(
        id="02-2",
        module="02-hypervisors",
        name="hosted_slowdown",
        kind="number",
        solution="""\
build_step = model.Workload(cpu_us=2000, syscalls=400, page_faults=300, disk_ios=5)
hosted = model.evaluate("type2_hosted", build_step).time_us
kvm = model.evaluate("hw_assisted", build_step).time_us
hosted_slowdown = hosted / kvm""",
    ),
    Exercise(
        id="03-1",
        module="03-full-vs-paravirtualization",
        name="half_speed_ops",
        kind="integer",
        solution="""\
def speed(ops):
    step = model.Workload(cpu_us=100, privileged_ops=ops)
    return model.evaluate("full_virt_bt", step).relative_throughput

half_speed_ops = next(ops for ops in range(0, 1000) if speed(ops) < 0.5)""",
    ),
    Exercise(
        id="03-2",
        module="03-full-vs-paravirtualization",
        name="fastest_first",
        kind="order",
        allowed=PLATFORMS_COMPARED,
        solution="""\
step = model.Workload(cpu_us=100, page_faults=20, privileged_ops=10)
fastest_first = sorted(
    ["full_virt_bt", "paravirt", "hw_assisted"],
    key=lambda platform: model.evaluate(platform, step).time_us,
)""",
    ),
    Exercise(
        id="04-1",
        module="04-containers",
        name="cpus_allowed",
        kind="function",
        cases=(
            ("50000 100000",),
            ("200000 100000",),
            ("150000 50000\n",),
            ("max 100000",),
            ("25000 100000",),
        ),
        solution="""\
def cpus_allowed(cpu_max):
    quota, period = cpu_max.split()
    if quota == "max":
        return None
    return int(quota) / int(period)""",
    ),
    Exercise(
        id="04-2",
        module="04-containers",
        name="gvisor_slowdown",
        kind="number",
        solution="""\
chatty = model.Workload(cpu_us=50, syscalls=200)
gvisor_slowdown = (
    model.evaluate("gvisor", chatty).time_us / model.evaluate("container", chatty).time_us
)""",
    ),
    Exercise(
        id="05-1",
        module="05-history",
        name="years_before_hosted",
        kind="integer",
        solution="""\
events = history.load()
first_vm = events[events["category"] == "mainframe"]["year"].min()
first_hosted = events.set_index("id").loc["vmware-workstation", "year"]
years_before_hosted = int(first_hosted - first_vm)""",
    ),
    Exercise(
        id="05-2",
        module="05-history",
        name="share_since_docker",
        kind="number",
        tolerance=0.02,
        solution="""\
events = history.load()
containers = events[events["category"].isin(["os_container", "container_runtime", "orchestration"])]
share_since_docker = (containers["year"] >= 2013).mean()""",
    ),
    Exercise(
        id="06-1",
        module="06-choose-a-platform",
        name="bottleneck",
        kind="choice",
        allowed=RESOURCES,
        solution="""\
request = model.Workload(cpu_us=50, disk_ios=1, net_round_trips=1)
busy = model.performance("hw_assisted", request, model.Load(concurrency=64, cores=4))
bottleneck = busy.bottleneck""",
    ),
    Exercise(
        id="06-2",
        module="06-choose-a-platform",
        name="clients_for_90pct",
        kind="integer",
        solution="""\
request = model.Workload(cpu_us=50, disk_ios=1, net_round_trips=1)

def served(clients):
    return model.performance("hw_assisted", request, model.Load(concurrency=clients, cores=4))

ceiling = served(256).throughput_bound_per_s
clients_for_90pct = next(
    n for n in range(1, 257) if served(n).throughput_per_s >= 0.9 * ceiling
)""",
    ),
)
