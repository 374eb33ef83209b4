"""Drive JupyterLab in Debian's Chromium through Playwright: open, run all, move sliders.

Shared by the browser tests and ``bench/bench_browser.py``. The recipe (selectors,
waits, latency from the keydown's own timestamp to the first frame after the
figure changed) follows the course's tested notes on browser testing. Notebooks
are copied into a temporary folder first, so JupyterLab's autosave never touches
the stored notebooks.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "virtlab-browser-test"  # noqa: S105 - a loopback test server's token

KERNEL_IDLE = """() => [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
  .some(e => /^(?!No Kernel).+ \\| Idle$/.test(e.textContent.trim()))"""
ALL_RAN = """() => { const ps = [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
  return ps.length > 0 && ps.every(p => /\\[\\d+\\]/.test(p.textContent)); }"""
NO_LOADING = """() => ![...document.querySelectorAll('.jp-OutputArea-output')]
  .some(o => o.textContent.includes('Loading widget...'))"""
OUTPUT_TYPES = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .filter(c => c.model.type === 'code')
  .map(c => c.model.outputs.toJSON().map(o => o.output_type === 'error' ? o.ename + ': ' + o.evalue : o.output_type))"""
# Arm a latency probe on the n-th element matching `selector`: resolves with the time from
# the next input event to the first frame painted after the element's signature changed.
# The signature (every path and text of the figure, or the labels) is read once per frame
# at most, so the probe itself adds little work to the page it measures.
ARM = """([selector, index, what]) => {
  const el = document.querySelectorAll(selector)[index];
  const sig = () => what === 'label'
    ? [...el.querySelectorAll('.widget-label')].map(x => x.textContent).join('|')
    : [...el.querySelectorAll('.js-plotly-plot path, .js-plotly-plot text')]
        .map(p => (p.getAttribute('d') || '') + (p.textContent || '')).join('|');
  const sig0 = sig(); let t0 = null; let pending = false;
  const onInput = e => { if (t0 === null) t0 = e.timeStamp; };
  document.addEventListener('keydown', onInput, true);
  document.addEventListener('change', onInput, true);
  window.__lat = new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (t0 === null || pending) return;
      pending = true; const tDom = performance.now();
      requestAnimationFrame(() => {
        pending = false;
        if (sig() === sig0) return;
        obs.disconnect();
        document.removeEventListener('keydown', onInput, true);
        document.removeEventListener('change', onInput, true);
        setTimeout(() => resolve({dom: tDom - t0, frame: performance.now() - t0}), 0);
      });
    });
    obs.observe(el, {subtree: true, childList: true, attributes: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(null); }, 10000);
  });
}"""


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (Debian package 'chromium'; .ci/run installs it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lab_root(tmp: Path, extra_notebooks: tuple[Path, ...] = ()) -> Path:
    """A copy of the course (notebooks and manifest) for JupyterLab to open and autosave."""
    shutil.copytree(ROOT / "notebooks", tmp / "notebooks")
    shutil.copytree(ROOT / "course", tmp / "course")
    for notebook in extra_notebooks:
        shutil.copy(notebook, tmp / "notebooks" / notebook.name)
    return tmp


@contextmanager
def jupyterlab(root: Path, log: Path) -> Iterator[str]:
    """Start JupyterLab on loopback with a token; yield its base URL; stop it and its kernels."""
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                f"--IdentityProvider.token={TOKEN}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.expose_app_in_browser=True",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=root,
            env={**os.environ, "VIRTLAB_LIVE": os.environ.get("VIRTLAB_LIVE", "1")},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2):  # noqa: S310
                        break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError(f"JupyterLab did not start; see {log}") from None
                    time.sleep(0.5)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium under Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def _delete_sessions(base: str) -> None:
    request = urllib.request.Request(f"{base}/api/sessions?token={TOKEN}")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
        sessions = json.load(reply)
    for session in sessions:
        delete = urllib.request.Request(  # noqa: S310 - the loopback server started here
            f"{base}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE"
        )
        urllib.request.urlopen(delete, timeout=10).close()  # noqa: S310


@dataclass
class RunReport:
    """What one notebook looked like after Run All in JupyterLab."""

    notebook: str
    errors: list[str]
    widget_errors: int
    dashboards: int
    selfchecks: int
    plots: int
    blank_plots: int
    failed_requests: list[str]
    # Console errors and warnings (plotly.js logs its warnings as traces); the list
    # keeps filling while the page lives, so it also holds those of later slider moves.
    console_problems: list[str]


def open_and_run_all(page: Any, base: str, notebook: str) -> RunReport:
    """Open ``notebooks/<notebook>``, run every cell, wait until all is drawn, and report."""
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    console: list[str] = []
    page.on(
        "console",
        lambda m: (
            console.append(f"{m.type}: {m.text}")
            if m.type in {"error", "warning", "trace"}
            else None
        ),
    )
    _delete_sessions(base)
    page.goto(f"{base}/lab/tree/notebooks/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RAN, timeout=240_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000)
    page.wait_for_function(NO_LOADING, timeout=60_000)
    page.wait_for_timeout(1500)  # let plotly finish its first draw
    outputs = page.evaluate(OUTPUT_TYPES)
    errors = [o for cell in outputs for o in cell if ":" in o]
    widget_errors = (
        page.locator(".jupyter-widgets-error-widget").count()
        + page.locator("text=Error displaying widget").count()
    )
    plots = page.locator(".js-plotly-plot").count()
    blank = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(p => !p.querySelector('.main-svg .trace, .main-svg .cell-rect')).length"
    )
    return RunReport(
        notebook=notebook,
        errors=errors,
        widget_errors=widget_errors,
        dashboards=page.locator(".virtlab-dashboard").count(),
        selfchecks=page.locator(".virtlab-selfcheck").count(),
        plots=plots,
        blank_plots=int(blank),
        failed_requests=[u for u in failed if not u.startswith("blob:")],
        console_problems=console,
    )


def move_and_time(
    page: Any, selector: str, index: int, what: str = "figure"
) -> dict[str, float] | None:
    """Move the first control of one dashboard a step and time the redraw.

    A slider gets ArrowRight (ArrowLeft if it sits at its maximum); a dropdown gets
    its next option. Returns the latency in ms ({'dom', 'frame'}) from the input
    event to the first frame after the figure changed, or None if nothing changed in 10 s.
    """
    box = page.locator(selector).nth(index)
    box.scroll_into_view_if_needed()
    # let a scroll finish drawing first: its frames would otherwise land in the timing
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    handle = box.locator(".noUi-handle").first
    for key in ("ArrowRight", "ArrowLeft"):
        page.evaluate(ARM, [selector, index, what])
        if handle.count():
            handle.focus()
            page.keyboard.press(key)
        else:
            select = box.locator("select").first
            options = select.locator("option").count()
            current = select.evaluate("s => s.selectedIndex")
            step = 1 if key == "ArrowRight" else -1
            select.select_option(index=(current + step) % options)
        result = page.evaluate("() => window.__lat")
        page.wait_for_function(KERNEL_IDLE, timeout=30_000)
        page.wait_for_timeout(150)
        if result is not None:
            return result  # type: ignore[no-any-return]
    return None


def fonts_drawing(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium drew the first element matching ``selector`` with, and glyph counts.

    Read through the DevTools protocol (``CSS.getPlatformFontsForNode``): a text
    whose script no installed font covers shows as boxes drawn with whatever
    font came last, so the family names tell whether Korean was really drawn.
    """
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            raise LookupError(f"no element matches {selector!r}")
        fonts: list[dict[str, Any]] = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})[
            "fonts"
        ]
        return fonts
    finally:
        session.detach()


def dashboard_labels(page: Any) -> list[str]:
    """The text of every control label of every dashboard on the page."""
    labels: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('.virtlab-dashboard .widget-label')]"
        ".map(l => l.textContent.trim()).filter(t => t)"
    )
    return labels
