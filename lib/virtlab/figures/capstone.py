"""Figures of the capstone: a workload's ranking beside its breakdown, and a reasoned choice.

Each builder takes data (a workload, or a table of candidates computed by
``virtlab.ui.capstone``) and returns a new plotly ``go.Figure``. The traces of a
builder are the same in number and kind whatever the input, so a dashboard can
patch them in place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from virtlab import model
from virtlab.figures._panels import side_by_side
from virtlab.figures.costs import breakdown_bars, ranking_bar
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHOICE_COLORS", "OBJECTIVE_TITLES", "decision_figure", "workload_figure"]

CHOICE_COLORS: dict[str, str] = {
    "chosen": "#54A24B",
    "meets the requirements": "#4C78A8",
    "ruled out": "#BAB0AC",
}
"""One color per verdict on a platform (verdict ids, shown in words), so every decision
figure agrees."""

_OBJECTIVE_COLUMNS = {"throughput": "relative_throughput", "density": "instances_per_host"}


class _ObjectiveTitles(Mapping[str, str]):
    """Objective -> axis title, in the language current when it is read."""

    def __getitem__(self, objective: str) -> str:
        if objective not in _OBJECTIVE_COLUMNS:
            raise KeyError(objective)
        return tr(f"capstone.figure.objective.{objective}")

    def __iter__(self) -> Iterator[str]:
        return iter(_OBJECTIVE_COLUMNS)

    def __len__(self) -> int:
        return len(_OBJECTIVE_COLUMNS)

    def __repr__(self) -> str:
        return repr(dict(self))


OBJECTIVE_TITLES: Mapping[str, str] = _ObjectiveTitles()
"""The axis title of each objective a scenario can maximise, in the current language."""


def workload_figure(
    workload: model.Workload, platforms: Sequence[str] = model.PLATFORMS
) -> go.Figure:
    """The platforms ranked for one workload (left) beside where each one's time goes (right).

    The two panels are ``ranking_figure`` and ``breakdown_figure`` side by side.
    Taught in ``06-choose-a-platform``.

    Args:
        workload: one workload (plain numbers, not arrays).
        platforms: platform ids to show.

    Returns:
        A figure with one ranking trace and one stacked bar trace per part of the time.

    Raises:
        ValueError: the workload holds arrays, or a platform id is unknown.

    >>> fig = workload_figure(model.Workload(cpu_us=300, syscalls=20, net_round_trips=1))
    >>> len(fig.data), fig.data[0].y[-1]
    (8, 'bare_metal')
    """
    ranking = ranking_bar(workload, platforms)
    relative = tr("capstone.figure.relative_throughput")
    platform = tr("capstone.figure.platform")
    return side_by_side(
        [{**ranking, "showlegend": False, "name": relative}],
        breakdown_bars(workload, platforms),
        titles=(tr("capstone.figure.ranking_panel"), tr("capstone.figure.breakdown_panel")),
        widths=(0.4, 0.6),
        left_axes={
            "xaxis": {"title": {"text": relative}, "range": [0.0, 1.2]},
            "yaxis": {"title": {"text": platform}},
        },
        right_axes={
            "xaxis": {"title": {"text": platform}},
            "yaxis": {"title": {"text": tr("capstone.figure.time_per_operation")}},
        },
        layout={
            "barmode": "stack",
            "title": {"text": tr("capstone.figure.workload_title")},
            "legend": {"title": {"text": tr("capstone.figure.part_of_time")}},
            "height": 460,
        },
    )


def decision_figure(candidates: pd.DataFrame, objective: str, *, title: str) -> go.Figure:
    """Every platform's score on the objective, coloured by whether it is chosen, allowed or out.

    Taught in ``06-choose-a-platform``.

    Args:
        candidates: one row per platform with columns ``platform``, ``verdict``
            (a key of :data:`CHOICE_COLORS`), ``why`` (text shown on hover),
            ``relative_throughput`` and ``instances_per_host``, as
            ``Recommendation.rows()`` gives them.
        objective: ``"throughput"`` or ``"density"``: which column the bars show.
        title: the figure title.

    Returns:
        A horizontal bar chart with one trace per verdict (always three, some empty),
        named in the current language.

    Raises:
        ValueError: ``objective`` is not one of the objectives.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"platform": ["container"], "verdict": ["chosen"], "why": ["fast"],
    ...                      "relative_throughput": [0.9], "instances_per_host": [100]})
    >>> [t.name for t in decision_figure(rows, "density", title="t").data]
    ['chosen', 'meets the requirements', 'ruled out']
    """
    if objective not in _OBJECTIVE_COLUMNS:
        raise ValueError(
            tr(
                "capstone.requirements.bad_objective",
                allowed=", ".join(_OBJECTIVE_COLUMNS),
                value=objective,
            )
        )
    column = _OBJECTIVE_COLUMNS[objective]
    order = list(reversed(list(candidates["platform"])))  # first row at the top
    bars = []
    for verdict, color in CHOICE_COLORS.items():
        rows = candidates[candidates["verdict"] == verdict]
        values = [float(v) for v in rows[column]]
        bars.append(
            {
                "type": "bar",
                "name": tr(f"capstone.verdict.{verdict.replace(' ', '_')}"),
                "x": values,
                "y": list(rows["platform"]),
                "orientation": "h",
                "marker": {"color": color},
                "text": [f"{v:.2f}" if objective == "throughput" else f"{v:.0f}" for v in values],
                "textposition": "outside",
                "customdata": list(rows["why"]),
                "hovertemplate": "%{y}: %{x:.3g}<br>%{customdata}<extra></extra>",
            }
        )
    value_axis: dict[str, object] = {"title": {"text": OBJECTIVE_TITLES[objective]}}
    if objective == "throughput":
        value_axis["range"] = [0.0, 1.2]
    return go.Figure(
        data=bars,
        layout={
            "title": {"text": title},
            "xaxis": value_axis,
            "yaxis": {
                "title": {"text": tr("capstone.figure.platform")},
                "categoryorder": "array",
                "categoryarray": order,
            },
            "legend": {"title": {"text": tr("capstone.figure.verdict")}},
            "height": 420,
        },
    )
