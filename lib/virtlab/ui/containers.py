"""Notebook ``04-containers``: the image's userland, the labs' words, the dashboards, the checks.

A container is processes + namespaces + cgroups + an image. This module gives the
notebook what its cells show: the userland a file system carries next to the kernel
that runs it (:func:`userland_and_kernel`), the namespace demo in words
(:func:`describe_namespace_demo`), tables from the model and the history data, two
dashboards (density and start-up; a syscall-heavy workload in a sandbox) and the
self-checks (re-exported from ``_containers_checks``).
"""

from __future__ import annotations

import platform as _platform
import shlex
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from virtlab import model
from virtlab.figures.containers import DENSITY_PLATFORMS
from virtlab.i18n import column, language, tr
from virtlab.probe import DemoOutcome, LabResult
from virtlab.ui._containers_checks import (
    cgroup_view_question,
    containers_vs_vms_question,
    gvisor_slowdown_question,
    namespace_question,
    startup_rank_question,
)
from virtlab.ui._controls import SLIDER_STYLE, memory_sliders
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._tables import TextTable, text_table

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

__all__ = [
    "CONTAINER_CLAIMS",
    "DOCKER_EVENTS",
    "OsRelease",
    "UserlandAndKernel",
    "cgroup_view_question",
    "container_claims",
    "containers_vs_vms_question",
    "density_startup_dashboard",
    "density_startup_table",
    "density_summary",
    "describe_namespace_demo",
    "docker_events",
    "gvisor_slowdown_question",
    "kernel_sharing_table",
    "namespace_question",
    "read_os_release",
    "sandbox_figure",
    "sandbox_summary",
    "sandbox_syscall_dashboard",
    "startup_rank_question",
    "syscall_toll_table",
    "userland_and_kernel",
]

OS_RELEASE_PATHS: tuple[str, ...] = ("etc/os-release", "usr/lib/os-release")
"""Where os-release(5) says the file lives, in the order to try (relative to the root)."""

_MAX_BYTES = 64 * 1024

CONTAINER_CLAIMS: tuple[str, ...] = ("S19", "S20", "S28", "S29", "S30")
"""The source text's claims about containers and Docker (``data/seed_claims.csv``)."""

DOCKER_EVENTS: tuple[str, ...] = (
    "lxc",
    "docker-launch",
    "dockerfile",
    "docker-0-9-libcontainer",
    "docker-1-0-hub",
)
"""The history rows (``data/history.csv``) behind Docker's short story in ``04-containers``."""


@dataclass(frozen=True)
class OsRelease:
    """What a file system's ``os-release`` file says about the distribution it holds."""

    pretty_name: str | None
    os_id: str | None
    id_like: str | None
    version_id: str | None
    found_at: str | None


def read_os_release(root: str | Path = "/") -> OsRelease:
    """Read the distribution's name from ``/etc/os-release`` (or ``/usr/lib/os-release``).

    Taught in ``04-containers``: inside a container this file comes from the image.
    The file is read as text (at most 64 KiB); quoted values are unquoted as a shell
    would; a missing or unreadable file gives an :class:`OsRelease` of Nones.

    Args:
        root: the root of the file system to read; ``"/"`` is this machine.

    >>> read_os_release("/nonexistent").pretty_name is None
    True
    """
    for relative in OS_RELEASE_PATHS:
        path = Path(root) / relative
        try:
            with path.open("rb") as handle:
                text = handle.read(_MAX_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        fields = _parse_os_release(text)
        return OsRelease(
            pretty_name=fields.get("PRETTY_NAME") or fields.get("NAME"),
            os_id=fields.get("ID"),
            id_like=fields.get("ID_LIKE"),
            version_id=fields.get("VERSION_ID"),
            found_at="/" + relative,
        )
    return OsRelease(None, None, None, None, None)


def _parse_os_release(text: str) -> dict[str, str]:
    """``KEY=value`` lines to a dict; comments and malformed lines are skipped."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, raw = line.strip().partition("=")
        if not sep or not key.isidentifier() or key.startswith("#"):
            continue
        try:
            words = shlex.split(raw, comments=False, posix=True)
        except ValueError:
            words = [raw.strip("\"'")]
        fields[key] = " ".join(words)
    return fields


@dataclass(frozen=True)
class UserlandAndKernel:
    """The userland a file system carries next to the kernel that runs it."""

    os_release: OsRelease
    kernel: str
    lesson: str


def userland_and_kernel(root: str | Path = "/", kernel: str | None = None) -> UserlandAndKernel:
    """The distribution named by the file system, and the kernel really running.

    Taught in ``04-containers``: an image brings the userland (files, libraries,
    package manager) and names it in ``os-release``; the kernel is the host's.

    Args:
        root: the file system to read ``os-release`` from.
        kernel: the kernel to report; default ``platform.system()`` and ``release()``.

    >>> userland_and_kernel("/nonexistent", kernel="Linux 6.1").lesson.split(";")[0]
    'No os-release file was found'
    """
    release = read_os_release(root)
    running = kernel or f"{_platform.system()} {_platform.release()}"
    if release.pretty_name is None:
        lesson = tr("containers.userland.no_os_release", kernel=running)
    else:
        lesson = tr(
            "containers.userland.lesson",
            distribution=release.pretty_name,
            path=release.found_at,
            kernel=running,
        )
    return UserlandAndKernel(release, running, lesson)


def describe_namespace_demo(result: LabResult[DemoOutcome]) -> str:
    """What the child saw in its new namespaces, in words (the machine's hostname is not shown).

    Taught in ``04-containers``.

    >>> from virtlab.probe import namespace_demo
    >>> recorded = namespace_demo(environ={"VIRTLAB_LIVE": "0"})
    >>> print(describe_namespace_demo(recorded).splitlines()[1])
    PID inside the new PID namespace:       1 (it is the first process of its own tree)
    """
    seen = result.data
    changed = seen.hostname_outside is not None and seen.hostname_outside != seen.hostname_inside
    if changed:
        outside = tr("containers.demo.outside_unchanged")
    else:
        outside = tr("containers.demo.outside_unseen")
    rows = [
        (tr("containers.demo.pid"), tr("containers.demo.pid_value", pid=seen.pid_inside)),
        (tr("containers.demo.uid"), tr("containers.demo.uid_value", uid=seen.uid_inside)),
        (tr("containers.demo.hostname_inside"), str(seen.hostname_inside)),
        (tr("containers.demo.hostname_outside"), outside),
        (tr("containers.demo.method"), seen.method),
    ]
    refusal = result.refusal
    refusal_label = tr("containers.demo.refusal")
    if refusal is not None and refusal.kind != "forced":
        rows.append((refusal_label, f"{refusal.kind} ({refusal.detail})"))
    # values line up in one column; a Hangul letter takes two columns of a monospace font
    width = max(_columns(label) for label in [refusal_label, *(label for label, _ in rows)]) + 2
    lines = [result.note]
    lines += [label + " " * (width - _columns(label)) + value for label, value in rows]
    return "\n".join(lines)


def _columns(text: str) -> int:
    """How many columns ``text`` takes in a monospace font (wide East Asian letters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def kernel_sharing_table(platforms: Sequence[str] = DENSITY_PLATFORMS) -> TextTable:
    """Which platforms share the host's kernel, their layers and their isolation boundary.

    Taught in ``04-containers``.

    >>> kernel_sharing_table(["container"]).frame()["shares_host_kernel"].tolist()
    ['True']
    """
    import pandas as pd

    rows = [model.platform(pid) for pid in platforms]
    table = pd.DataFrame(
        {
            "platform": [p.id for p in rows],
            "shares_host_kernel": [p.shares_host_kernel for p in rows],
            "layers": [" > ".join(p.layer_names()) for p in rows],
            "isolation_boundary": [p.boundary() for p in rows],
        }
    )
    return text_table(
        table, {c: tr(f"containers.table.{c}") for c in table.columns}, name="kernel-sharing"
    )


def container_claims(claim_ids: Sequence[str] = CONTAINER_CLAIMS) -> TextTable:
    """The source text's container claims with the verdict, correction and sources of each.

    The claim is quoted as the source text writes it (in Korean); the verdict and
    the correction are in the current language, as in :func:`virtlab.ui.claims_table`.

    Taught in ``04-containers`` (all claims: ``05-history``).

    >>> container_claims(["S30"]).frame()["verdict"].tolist()
    ['wrong']
    """
    from virtlab.history import seed_claims
    from virtlab.ui.history import claims_table

    claims = seed_claims().set_index("claim_id")
    return claims_table(claims.loc[list(claim_ids)].reset_index())


def docker_events(event_ids: Sequence[str] = DOCKER_EVENTS) -> TextTable:
    """Docker's short story from the history data: year, month, title and sources.

    The English table shows the Korean title next to the English one; another
    language shows its own title only. Every source is a link.

    Taught in ``04-containers`` (the whole history: ``05-history``).

    >>> docker_events(["docker-launch"]).frame()["year"].tolist()
    ['2013']
    """
    from virtlab.history import load

    events = load().set_index("id").loc[list(event_ids)].reset_index()
    title = column("title")
    columns = {
        "id": tr("containers.events.id"),
        "year": tr("containers.events.year"),
        "month": tr("containers.events.month"),
        title: tr("containers.events.title"),
    }
    if language() == "en":
        columns["title_ko"] = tr("containers.events.title_ko")
    columns["source_url"] = tr("containers.events.source")
    return text_table(events, columns, links=["source_url"], name="docker-events")


def density_startup_table(
    host_memory_gb: float = 64.0,
    app_memory_mb: float = 256.0,
    platforms: Sequence[str] = DENSITY_PLATFORMS,
) -> pd.DataFrame:
    """Start-up time, memory overhead, host reserve and instances per host, by platform.

    Taught in ``04-containers``.

    >>> density_startup_table(64, 256)["instances per host"].tolist()
    [248, 230, 231, 118]
    """
    import pandas as pd

    ids = list(platforms)
    return pd.DataFrame(
        {
            tr("containers.table.platform"): ids,
            tr("containers.table.startup"): [model.startup_seconds(p) for p in ids],
            tr("containers.table.overhead"): [model.memory_overhead_mb(p) for p in ids],
            tr("containers.table.host_reserve"): [model.host_reserve_mb(p) for p in ids],
            tr("containers.table.instances"): [
                model.instances_per_host(p, host_memory_gb, app_memory_mb) for p in ids
            ],
        }
    )


def syscall_toll_table(platforms: Sequence[str] = DENSITY_PLATFORMS) -> TextTable:
    """What one system call costs on each platform, and how many times a container's toll.

    Taught in ``04-containers``.

    >>> syscall_toll_table(["container", "gvisor"]).frame()["times_container"].tolist()
    ['1', '19.7']
    """
    import pandas as pd

    ids = list(platforms)
    base = model.crossing_cost_us("container", "syscall")
    tolls = [model.crossing_cost_us(p, "syscall") for p in ids]
    layers = [
        " + ".join(
            f"{model.layer_name(name)} {us:g}"
            for name, us in model.layer_costs(p, "syscall").items()
        )
        for p in ids
    ]
    table = pd.DataFrame(
        {
            "platform": ids,
            "syscall_us": tolls,
            "times_container": [round(t / base, 1) for t in tolls],
            "toll_layers": layers,
        }
    )
    return text_table(
        table, {c: tr(f"containers.table.{c}") for c in table.columns}, name="syscall-toll"
    )


def density_startup_dashboard(
    host_memory_gb: float = 64.0, app_memory_mb: float = 256.0
) -> Dashboard:
    """Sliders for host and application memory; instances per host and start-up by platform.

    Taught in ``04-containers``.
    """
    from virtlab.figures.containers import density_startup_figure

    return Dashboard(
        tr("containers.density.dashboard"),
        memory_sliders(host_memory_gb, app_memory_mb),
        density_startup_figure,
        density_summary,
    )


def density_summary(host_memory_gb: float, app_memory_mb: float) -> str:
    """One line: containers and VMs per host for these sizes.

    >>> density_summary(64, 256)
    '248 containers or 118 hardware-assisted VMs fit (2.1 times as many containers).'
    """
    containers = model.instances_per_host("container", host_memory_gb, app_memory_mb)
    vms = model.instances_per_host("hw_assisted", host_memory_gb, app_memory_mb)
    if not vms:
        return tr("containers.density.summary", containers=containers, vms=vms)
    return tr(
        "containers.density.summary_ratio",
        containers=containers,
        vms=vms,
        ratio=containers / vms,
    )


def sandbox_syscall_dashboard(
    syscalls_per_request: int = 2000, cpu_us_per_request: float = 500.0
) -> Dashboard:
    """Sliders for system calls and CPU per request; where the time goes in each sandbox.

    Taught in ``04-containers``.
    """
    import ipywidgets as widgets

    calls = widgets.IntSlider(
        value=syscalls_per_request,
        min=0,
        max=max(20_000, syscalls_per_request),
        step=100,
        description=tr("containers.sandbox.syscalls"),
        style=SLIDER_STYLE["style"],
    )
    cpu = widgets.FloatSlider(
        value=cpu_us_per_request,
        min=0.0,
        max=max(5000.0, cpu_us_per_request),
        step=50.0,
        description=tr("containers.sandbox.cpu"),
        style=SLIDER_STYLE["style"],
    )
    return Dashboard(
        tr("containers.sandbox.dashboard"),
        {"syscalls_per_request": calls, "cpu_us_per_request": cpu},
        sandbox_figure,
        sandbox_summary,
    )


def sandbox_figure(syscalls_per_request: int, cpu_us_per_request: float) -> go.Figure:
    """The breakdown figure of one request on the four platforms of this notebook."""
    from virtlab.figures import breakdown_figure

    request = model.Workload(cpu_us=cpu_us_per_request, syscalls=syscalls_per_request)
    return breakdown_figure(
        request,
        DENSITY_PLATFORMS,
        title=tr(
            "containers.sandbox.figure_title",
            cpu_us=cpu_us_per_request,
            syscalls=syscalls_per_request,
        ),
    )


def sandbox_summary(syscalls_per_request: int, cpu_us_per_request: float) -> str:
    """One line: how many times as long the request takes in gVisor as in a container.

    >>> sandbox_summary(2000, 500)
    'gVisor: 13.0 times as long as a plain container (1400 µs → 18240 µs).'
    """
    request = model.Workload(cpu_us=cpu_us_per_request, syscalls=syscalls_per_request)
    plain = float(model.evaluate("container", request).time_us)
    boxed = float(model.evaluate("gvisor", request).time_us)
    if plain <= 0.0:
        return tr("containers.sandbox.summary_empty")
    return tr("containers.sandbox.summary", ratio=boxed / plain, plain=plain, boxed=boxed)
