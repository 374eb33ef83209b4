"""What ``00-start-here`` shows: the course map, the layers' self-checks, the evidence table.

The questions are generated from a seed and the course manifest or the
platform data, so their answers are computed, never typed into a cell. The
where-am-I evidence is a table of text: every signal, its value and what it means.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from virtlab import model
from virtlab.course import Manifest
from virtlab.i18n import tr
from virtlab.probe import Report
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Question
from virtlab.ui._tables import TextTable, text_table

__all__ = [
    "STRENGTH_COLORS",
    "course_plan_dashboard",
    "evidence_table",
    "kernel_question",
    "module_question",
    "total_time_question",
]

STRENGTH_COLORS: Mapping[str, str] = {
    "strong": "#4C78A8",
    "medium": "#72B7B2",
    "weak": "#EECA3B",
    "info": "#BAB0AC",
}
"""The background of a signal's strength cell in the evidence table, strongest darkest."""

_EVIDENCE_COLUMNS = ("layer", "signal", "value", "strength", "meaning")


def course_plan_dashboard(manifest: Manifest, session_minutes: int = 90) -> Dashboard:
    """A slider for the length of a class session; the figure shows which modules fit in each."""
    import ipywidgets as widgets

    from virtlab.figures.course import session_plan_figure

    ids = [m.id for m in manifest]
    minutes = [m.minutes for m in manifest]
    slider = widgets.IntSlider(
        value=session_minutes,
        min=30,
        max=240,
        step=15,
        description=tr("start.plan.session_slider"),
    )
    return Dashboard(
        tr("start.plan.title"),
        {"session_minutes": slider},
        lambda session_minutes: session_plan_figure(ids, minutes, session_minutes),
    )


def module_question(manifest: Manifest, seed: int) -> Question:
    """Which module teaches this objective? One objective drawn by the seed."""
    rng = np.random.default_rng(seed)
    module = manifest.modules[int(rng.integers(len(manifest.modules)))]
    objectives = module.objectives_in()
    objective = objectives[int(rng.integers(len(objectives)))]
    return Question(
        title=tr("start.module.title"),
        prompt=tr("start.module.prompt", objective=objective),
        options=tuple(m.id for m in manifest),
        answer=module.id,
        explanation=tr("start.module.explanation", id=module.id, title=module.title()),
        seed=seed,
    )


def total_time_question(manifest: Manifest, seed: int) -> Question:
    """How long is the whole course? The options are spread around the manifest's total."""
    rng = np.random.default_rng(seed)
    total = manifest.total_minutes
    offsets = rng.choice([-60, -30, 30, 60, 90], size=3, replace=False)
    options = sorted({total, *(int(total + o) for o in offsets if total + o > 0)})
    return Question(
        title=tr("start.total.title"),
        prompt=tr("start.total.prompt"),
        options=tuple(tr("start.total.minutes", minutes=o) for o in options),
        answer=tr("start.total.minutes", minutes=total),
        explanation=tr("start.total.explanation", total=total, count=len(manifest)),
        seed=seed,
    )


def kernel_question(seed: int) -> Question:
    """Which platform runs applications with no kernel of their own? From the platform data."""
    rng = np.random.default_rng(seed)
    shared = [p for p in model.PLATFORMS if model.platform(p).shares_host_kernel]
    own = [p for p in model.PLATFORMS if not model.platform(p).shares_host_kernel]
    answer = shared[int(rng.integers(len(shared)))]
    others = rng.choice(own, size=3, replace=False)
    options = tuple(sorted([answer, *(str(o) for o in others)]))
    described = model.platform(answer)
    return Question(
        title=tr("start.kernel.title"),
        prompt=tr("start.kernel.prompt"),
        options=options,
        answer=answer,
        explanation=tr(
            "start.kernel.explanation", name=described.name(), boundary=described.boundary()
        ),
        seed=seed,
    )


def evidence_table(report: Report) -> TextTable:
    """The where-am-I evidence as a table: each signal's layer, value, strength and meaning.

    The strength cell is colored (strong darkest); the words are in the current
    language, what the machine said (``KVMKVMKVM``, a path) as it said it.

    Args:
        report: what :func:`virtlab.probe.where_am_i` found.

    Returns:
        A new :class:`~virtlab.ui.TextTable`, one row per signal, strongest first in each layer.

    Taught in ``00-start-here``.

    >>> from virtlab.probe import where_am_i
    >>> evidence_table(where_am_i(system="Darwin")).headers
    ('layer', 'signal', 'value', 'strength', 'meaning')
    """
    import pandas as pd

    rows = [
        (
            tr(f"start.evidence.layer.{s.layer}"),
            s.label,
            s.shown_value,
            tr(f"start.evidence.strength.{s.strength}"),
            s.meaning,
        )
        for s in report.evidence
    ]
    return text_table(
        pd.DataFrame.from_records(rows, columns=list(_EVIDENCE_COLUMNS)),
        {c: tr(f"start.evidence.header.{c}") for c in _EVIDENCE_COLUMNS},
        colors={"strength": [STRENGTH_COLORS[s.strength] for s in report.evidence]},
        name="evidence",
    )
