"""Dashboards and self-checks of ``00-start-here``: the course map and the layers.

The questions are generated from a seed and the course manifest or the
platform data, so their answers are computed, never typed into a cell.
"""

from __future__ import annotations

import numpy as np

from virtlab import model
from virtlab.course import Manifest
from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Question

__all__ = ["course_plan_dashboard", "kernel_question", "module_question", "total_time_question"]


def course_plan_dashboard(manifest: Manifest, session_minutes: int = 90) -> Dashboard:
    """A slider for the length of a class session; the figure shows which modules fit in each."""
    import ipywidgets as widgets

    from virtlab.figures.course import session_plan_figure

    ids = [m.id for m in manifest]
    minutes = [m.minutes for m in manifest]
    slider = widgets.IntSlider(
        value=session_minutes, min=30, max=240, step=15, description="session (min)"
    )
    return Dashboard(
        "How the modules fit into class sessions",
        {"session_minutes": slider},
        lambda session_minutes: session_plan_figure(ids, minutes, session_minutes),
    )


def module_question(manifest: Manifest, seed: int) -> Question:
    """Which module teaches this objective? One objective drawn by the seed."""
    rng = np.random.default_rng(seed)
    module = manifest.modules[int(rng.integers(len(manifest.modules)))]
    objective = module.objectives[int(rng.integers(len(module.objectives)))]
    return Question(
        title="Check 1",
        prompt=f"Which module teaches you to: “{objective}”?",
        options=tuple(m.id for m in manifest),
        answer=module.id,
        explanation=f"It is an objective of {module.id}, “{module.title_en}”.",
        seed=seed,
    )


def total_time_question(manifest: Manifest, seed: int) -> Question:
    """How long is the whole course? The options are spread around the manifest's total."""
    rng = np.random.default_rng(seed)
    total = manifest.total_minutes
    offsets = rng.choice([-60, -30, 30, 60, 90], size=3, replace=False)
    options = sorted({total, *(int(total + o) for o in offsets if total + o > 0)})
    return Question(
        title="Check 2",
        prompt="About how many minutes does the whole course take, by the manifest?",
        options=tuple(f"{o} min" for o in options),
        answer=f"{total} min",
        explanation=f"The modules' minutes add up to {total} ({len(manifest)} modules).",
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
        title="Check 3",
        prompt="Which of these platforms runs applications on the host's own kernel, "
        "with no guest kernel in between?",
        options=options,
        answer=answer,
        explanation=f"{described.name_en}: {described.isolation_boundary}.",
        seed=seed,
    )
