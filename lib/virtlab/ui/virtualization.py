"""Dashboards and self-checks of notebook ``03-full-vs-paravirtualization``.

Three ways let a guest kernel that expects to own the CPU run on a hypervisor:
binary translation (full virtualization), hypercalls in a modified kernel
(paravirtualization) and VM exits in hardware (hardware assist). They differ in
what one privileged operation costs. The dashboards here move a workload's
crossing counts and pick published benchmarks; the self-checks are generated
from a seed and answered by ``virtlab.model``, never by the notebook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from virtlab import history, model
from virtlab.figures import virtualization as figures
from virtlab.figures.virtualization import VIRTUALIZATION_PLATFORMS
from virtlab.i18n import tr
from virtlab.ui._controls import SLIDER_STYLE
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._tables import TextTable, text_table
from virtlab.ui._virtualization_checks import (
    HYPERVISORS,
    VM_TAX_BINS,
    emulation_question,
    rank_hypervisors_question,
    vm_tax_question,
    where_time_goes_question,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CLAIM_IDS",
    "EVENT_IDS",
    "HYPERVISORS",
    "PUBLISHED_SOURCES",
    "VIRTUALIZATION_PLATFORMS",
    "VM_TAX_BINS",
    "crossing_layers_dashboard",
    "emulation_question",
    "privileged_ops_dashboard",
    "published_measurements",
    "published_results_dashboard",
    "published_virtualization_results",
    "rank_hypervisors_question",
    "virtualization_claims",
    "virtualization_events",
    "virtualization_table",
    "vm_tax_question",
    "where_time_goes_question",
]

CLAIM_IDS: tuple[str, ...] = tuple(f"S{n:02d}" for n in range(8, 19))
"""The source text's claims about full and paravirtualization (``data/seed_claims.csv``)."""

PUBLISHED_SOURCES: tuple[str, ...] = ("barham2003", "adams2006")
"""Studies whose results notebook 03 puts beside the model: Xen 2003 and BT vs VT-x 2006."""

EVENT_IDS: tuple[str, ...] = (
    "popek-goldberg",
    "vmware-workstation",
    "qemu",
    "xen-sosp",
    "intel-vt-x",
    "xen-3-hvm",
    "amd-v",
    "software-vs-hardware-vmm",
    "kvm-mainline",
    "amd-rvi-nested-paging",
    "virtio",
    "xen-dom0-mainline",
)
"""History events (``data/history.csv``) from the theory to the blurred boundary."""


def virtualization_table(
    workload: model.Workload, platforms: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """How long one operation takes on each platform, and where its time goes.

    Taught in ``03-full-vs-paravirtualization``.

    Args:
        workload: one workload (plain numbers).
        platforms: platform ids; by default bare metal, the three hypervisors and emulation.

    Returns:
        A new DataFrame indexed by platform: ``time_us``, ``relative_throughput``
        and one column of microseconds per part of the time (rounded to 0.001).

    >>> table = virtualization_table(model.Workload(cpu_us=1000))
    >>> table["relative_throughput"].to_dict()["emulation"], table["time_us"].to_dict()["paravirt"]
    (0.1, 1000.0)
    """
    import pandas as pd

    rows = {}
    for pid in platforms or VIRTUALIZATION_PLATFORMS:
        result = model.evaluate(pid, workload)
        parts = {f"{name}_us": float(result.breakdown[name]) for name in model.COMPONENTS}
        rows[pid] = {
            "time_us": float(result.time_us),
            "relative_throughput": float(result.relative_throughput),
            **parts,
        }
    table = pd.DataFrame.from_dict(rows, orient="index").round(3)
    table.index.name = "platform"
    return table


def published_virtualization_results(sources: tuple[str, ...] = PUBLISHED_SOURCES) -> pd.DataFrame:
    """Published results of the Xen 2003 and BT-vs-VT-x 2006 papers beside the model's predictions.

    Taught in ``03-full-vs-paravirtualization``.

    Args:
        sources: source ids of ``data/sources.csv``.

    Returns:
        The rows of ``model.compare_to_published()`` from those sources, with
        their columns unchanged.

    >>> sorted(published_virtualization_results()["source_id"].unique())
    ['adams2006', 'barham2003']
    """
    table = model.compare_to_published()
    return table[table["source_id"].isin(sources)].reset_index(drop=True)


def published_measurements(*id_prefixes: str) -> TextTable:
    """Raw published measurements whose row id starts with one of the prefixes, as printed.

    Taught in ``03-full-vs-paravirtualization``, to show the numbers behind a ratio.

    Args:
        id_prefixes: starts of row ids in ``data/published_results.csv``, e.g.
            ``"adams2006.forkwait"``.

    Returns:
        A new :class:`~virtlab.ui.TextTable`, one row per measurement: its id,
        setup, value, unit and the verification mark (P printed, D derived,
        S secondhand, R recalled). The headers are in the current language;
        the setups are as the data file words them, in English.

    Raises:
        ValueError: no row id starts with a given prefix.

    >>> published_measurements("adams2006.forkwait").frame()["value"].tolist()
    ['6', '36.9', '106.4']
    """
    from virtlab.datasets import load_table

    table = load_table("published_results")
    ids = table["id"].astype(str)
    for prefix in id_prefixes:
        if not ids.str.startswith(prefix).any():
            raise ValueError(tr("virtualization.measurements.no_row", prefix=prefix))
    chosen = table[ids.str.startswith(tuple(id_prefixes))]
    columns = ("id", "setup", "value", "unit", "mark")
    return text_table(
        chosen,
        {c: tr(f"virtualization.measurements.{c}") for c in columns},
        name="measurements",
    )


def virtualization_events(ids: tuple[str, ...] = EVENT_IDS) -> TextTable:
    """The history of CPU virtualization from Popek and Goldberg to Xen dom0 in mainline Linux.

    Returns:
        A new :class:`~virtlab.ui.TextTable`, oldest first: id, year, month, the
        English and the Korean title (headers in the current language).

    >>> virtualization_events().frame()["year"].tolist()[:2]
    ['1974', '1999']
    """
    table = history.load()
    chosen = table[table["id"].isin(ids)].sort_values(["year", "month"], kind="stable")
    columns = ("id", "year", "month", "title_en", "title_ko")
    return text_table(
        chosen, {c: tr(f"virtualization.events.{c}") for c in columns}, name="virtualization-events"
    )


def virtualization_claims(ids: tuple[str, ...] = CLAIM_IDS) -> pd.DataFrame:
    """The source text's claims on full and paravirtualization, with verdicts and corrections.

    >>> virtualization_claims(("S14",))["verdict"].tolist()
    ['wrong']
    """
    claims = history.seed_claims()
    return claims[claims["claim_id"].isin(ids)].reset_index(drop=True)


def privileged_ops_dashboard(
    cpu_us: float = 200.0, privileged_ops: int = 20, page_faults: int = 2, syscalls: int = 20
) -> Dashboard:
    """Sliders for a request's privileged operations, page faults and system calls.

    Taught in ``03-full-vs-paravirtualization``: the breakdown shows who pays
    for each crossing, the ranking which platform wins.

    Args:
        cpu_us: user-mode CPU microseconds per request (fixed, not a slider).
        privileged_ops, page_faults, syscalls: the sliders' starting values.
    """
    import ipywidgets as widgets

    layout = widgets.Layout(width="520px")
    controls = {
        "privileged_ops": widgets.IntSlider(
            value=privileged_ops,
            min=0,
            max=500,
            step=5,
            description=tr("virtualization.privileged_dashboard.privileged_ops"),
            **SLIDER_STYLE,
        ),
        "page_faults": widgets.IntSlider(
            value=page_faults,
            min=0,
            max=100,
            description=tr("virtualization.privileged_dashboard.page_faults"),
            **SLIDER_STYLE,
        ),
        "syscalls": widgets.IntSlider(
            value=syscalls,
            min=0,
            max=500,
            step=5,
            description=tr("virtualization.privileged_dashboard.syscalls"),
            **SLIDER_STYLE,
        ),
    }
    for control in controls.values():
        control.layout = layout

    def request(**counts: int) -> model.Workload:
        return model.Workload(cpu_us=cpu_us, **counts)

    def figure_for(**counts: int) -> Any:
        return figures.privileged_ops_figure(request(**counts))

    def summary_for(**counts: int) -> str:
        table = virtualization_table(request(**counts), HYPERVISORS)
        order = table["time_us"].sort_values(kind="stable").index
        scores = ", ".join(f"{p} {table.loc[p, 'relative_throughput']:.2f}" for p in order)
        return tr("virtualization.privileged_dashboard.summary", scores=scores, cpu_us=cpu_us)

    return Dashboard(
        tr("virtualization.privileged_dashboard.title"), controls, figure_for, summary_for
    )


def crossing_layers_dashboard(crossing: str = "privileged_op") -> Dashboard:
    """A menu of crossings; the figure shows the layers each one passes through per platform.

    Taught in ``03-full-vs-paravirtualization``.
    """
    import ipywidgets as widgets

    control = widgets.Dropdown(
        options=list(model.CROSSINGS),
        value=crossing,
        description=tr("virtualization.layers_dashboard.crossing"),
    )

    def summary_for(crossing: str) -> str:
        bare = model.crossing_cost_us("bare_metal", crossing)
        others = VIRTUALIZATION_PLATFORMS[1:]
        ratios = ", ".join(f"{p} {model.crossing_cost_us(p, crossing) / bare:.1f}x" for p in others)
        return tr(
            "virtualization.layers_dashboard.summary", crossing=crossing, bare=bare, ratios=ratios
        )

    return Dashboard(
        tr("virtualization.layers_dashboard.title"),
        {"crossing": control},
        figures.crossing_layers_figure,
        summary_for,
    )


def published_results_dashboard(benchmark: str = "osdb_oltp") -> Dashboard:
    """A menu of the benchmarks of Barham et al. 2003 and Adams & Agesen 2006, published vs model.

    Taught in ``03-full-vs-paravirtualization``.

    Raises:
        ValueError: ``benchmark`` has no published result in those studies.
    """
    import ipywidgets as widgets

    table = published_virtualization_results()
    names = list(dict.fromkeys(str(b) for b in table["benchmark"]))
    if benchmark not in names:
        raise ValueError(
            tr(
                "virtualization.published_dashboard.unknown_benchmark",
                benchmark=benchmark,
                known=", ".join(names),
            )
        )
    control = widgets.Dropdown(
        options=names,
        value=benchmark,
        description=tr("virtualization.published_dashboard.benchmark"),
    )

    def figure_for(benchmark: str) -> Any:
        return figures.published_benchmark_figure(table, benchmark)

    def summary_for(benchmark: str) -> str:
        w = model.benchmarks()[benchmark]
        return tr(
            "virtualization.published_dashboard.summary",
            benchmark=benchmark,
            cpu_us=float(w.cpu_us),
            syscalls=float(w.syscalls),
            page_faults=float(w.page_faults),
            privileged_ops=float(w.privileged_ops),
            disk_ios=float(w.disk_ios),
        )

    return Dashboard(
        tr("virtualization.published_dashboard.title"),
        {"benchmark": control},
        figure_for,
        summary_for,
    )
