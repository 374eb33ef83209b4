"""Every notebook in JupyterLab in Chromium: runs clean, draws, and its dashboards respond."""

from __future__ import annotations

from typing import Any

from labdriver import dashboard_labels, fonts_drawing, move_and_time, open_and_run_all

from virtlab.i18n import hangul_share

# Fonts that draw Hangul (Debian's fonts-noto-cjk, which .ci/run installs, gives the first)
HANGUL_FONTS = ("Noto Sans CJK", "Noto Serif CJK", "NanumGothic", "UnDotum", "Baekmuk")


def test_notebook_runs_and_every_dashboard_responds(
    page: Any, lab: str, notebook: str, latencies: dict[str, list[float]]
) -> None:
    report = open_and_run_all(page, lab, notebook)
    assert report.errors == [], f"{notebook}: error outputs {report.errors}"
    assert report.widget_errors == 0, f"{notebook}: a widget failed to render"
    assert report.blank_plots == 0, (
        f"{notebook}: {report.blank_plots} of {report.plots} plots blank"
    )
    assert report.failed_requests == [], f"{notebook}: requests failed {report.failed_requests}"
    if notebook == "floor.ipynb":
        return
    assert report.dashboards >= 1, f"{notebook}: no dashboard rendered as a widget"
    for index in range(report.dashboards):
        latency = move_and_time(page, ".virtlab-dashboard", index)
        assert latency is not None, (
            f"{notebook}: dashboard {index} did not redraw after a slider move"
        )
        latencies.setdefault(notebook, []).append(latency["frame"])
    assert report.console_problems == [], (
        f"{notebook}: the browser console reported {report.console_problems[:5]}"
    )
    if notebook.startswith("ko/"):
        labels = dashboard_labels(page)
        assert labels and hangul_share(" ".join(labels)) >= 0.6, f"{notebook}: labels {labels}"


def test_korean_text_is_drawn_with_a_hangul_font(page: Any, lab: str) -> None:
    report = open_and_run_all(page, lab, "ko/00-start-here.ipynb")
    assert report.errors == []
    for selector in (".jp-RenderedMarkdown h1", ".virtlab-selfcheck .widget-html-content"):
        fonts = fonts_drawing(page, selector)
        hangul = [f for f in fonts if f["familyName"].startswith(HANGUL_FONTS)]
        assert hangul and hangul[0]["glyphCount"] > 0, f"{selector}: drawn with {fonts}"


def test_the_floor_slider_updates_its_label(
    page: Any, lab: str, latencies: dict[str, list[float]]
) -> None:
    open_and_run_all(page, lab, "floor.ipynb")
    for _ in range(5):
        latency = move_and_time(page, ".virtlab-floor", 0, what="label")
        assert latency is not None, "the floor slider's label did not change"
        latencies.setdefault("floor", []).append(latency["frame"])
