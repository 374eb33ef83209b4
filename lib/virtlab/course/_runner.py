"""Execute the course's notebooks in parallel worker processes and report each one.

Each notebook runs in its own worker process (``virtlab.course._worker``), at most
``jobs`` at a time; each edition of a module (English, Korean) is a notebook of
its own. Workers are forked from a server process that imported papermill once
(``multiprocessing``'s forkserver), which saves each notebook half a second of
imports; the server starts clean, so the runner's own threads never reach a
worker. A worker that dies (killed, out of memory) fails only its own notebook;
the others finish. Executed copies go to ``OUTPUT/LANG/NAME.ipynb`` and never
over the sources.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.context
import os
import signal
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from virtlab.course import _worker
from virtlab.course._manifest import Module
from virtlab.course._params import ParameterError, notebook_parameters, resolve_parameters

__all__ = ["NotebookResult", "format_table", "plan_parameters", "run_notebooks"]

DEFAULT_CELL_TIMEOUT_S = 120
DEFAULT_NOTEBOOK_TIMEOUT_S = 900


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook's execution ended."""

    module_id: str
    status: str  # "ok" or "failed"
    seconds: float
    output: Path
    error: str = ""
    cell: int | None = None  # 1-based number among the notebook's code cells
    lang: str = "en"

    @property
    def label(self) -> str:
        """The edition and module, as ``ko/01-bare-metal``."""
        return f"{self.lang}/{self.module_id}"

    @property
    def is_ok(self) -> bool:
        """True when every cell ran without an error."""
        return self.status == "ok"

    def describe_failure(self) -> str:
        """One line naming the notebook, the cell and the error."""
        where = f", code cell {self.cell}" if self.cell is not None else ""
        return f"{self.label}{where}: {self.error}"


def plan_parameters(
    modules: Sequence[Module], given: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """Typed parameters for each module; every given name must exist in some module.

    Raises:
        ParameterError: a name no selected notebook declares, or a value of the wrong type.
    """
    plan: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    if "lang" in given:
        raise ParameterError(
            "parameter 'lang' is set by the edition; choose editions with --lang instead"
        )
    for m in modules:
        declared = notebook_parameters(m.notebook)
        mine = {k: v for k, v in given.items() if k in declared}
        plan[m.id] = resolve_parameters(m.notebook, mine, declared)
        used |= mine.keys()
    unused = sorted(set(given) - used)
    if unused:
        raise ParameterError(
            f"unknown parameter {unused[0]!r}: none of {', '.join(m.id for m in modules)} "
            "declares it"
        )
    return plan


def run_notebooks(
    modules: Sequence[Module],
    output_dir: Path,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
    jobs: int = 2,
    cell_timeout_s: int = DEFAULT_CELL_TIMEOUT_S,
    notebook_timeout_s: int = DEFAULT_NOTEBOOK_TIMEOUT_S,
    on_done: Callable[[NotebookResult, int, int], None] | None = None,
    languages: Sequence[str] = ("en",),
) -> list[NotebookResult]:
    """Execute ``modules`` with papermill, ``jobs`` at a time, in manifest order of results.

    Args:
        modules: what to run.
        output_dir: where executed copies go, ``output_dir/LANG/ID.ipynb`` (created).
        parameters: module id -> typed parameters (see :func:`plan_parameters`).
        jobs: worker processes at once (at least 1).
        cell_timeout_s: papermill's limit for one cell.
        notebook_timeout_s: a worker still running after this is killed.
        on_done: called with (result, finished count, total) as each notebook ends.
        languages: the editions to run, e.g. ``("en", "ko")``.

    Returns:
        One result per module and language, modules in the order given, each
        module's editions in the order of ``languages``.

    Raises:
        ManifestError: a module has no edition in one of ``languages``.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    parameters = parameters or {}
    pending = [(m, lang, m.notebook_in(lang)) for m in modules for lang in languages]
    # the longest notebooks first, so the last to finish is a short one (fewer idle
    # workers at the end); a notebook's code cells stand in for its running time
    pending.sort(key=lambda job: -_code_cells(job[2]))
    for lang in languages:
        (output_dir / lang).mkdir(parents=True, exist_ok=True)
    total = len(pending)
    running: dict[tuple[str, str], tuple[_Process, Path, float, Module]] = {}
    results: dict[tuple[str, str], NotebookResult] = {}
    workers = _workers()
    with tempfile.TemporaryDirectory(prefix="virtlab-run-") as scratch:
        while pending or running:
            while pending and len(running) < jobs:
                m, lang, source = pending.pop(0)
                output = output_dir / lang / f"{m.id}.ipynb"
                job = _write_job(
                    Path(scratch) / f"{lang}-{m.id}.json",
                    source,
                    output,
                    parameters.get(m.id, {}),
                    cell_timeout_s,
                )
                proc = workers.Process(target=_worker.run_job, args=(job,), daemon=False)
                proc.start()
                running[(lang, m.id)] = (proc, job, time.monotonic(), m)
            time.sleep(0.05)
            for key, (proc, job, started, m) in list(running.items()):
                elapsed = time.monotonic() - started
                if proc.is_alive() and elapsed > notebook_timeout_s:
                    _kill_group(proc, job)
                if proc.is_alive():
                    continue
                proc.join()
                del running[key]
                lang = key[0]
                output = output_dir / lang / f"{m.id}.ipynb"
                results[key] = _collect(proc, job, m, output, elapsed, lang)
                if on_done is not None:
                    on_done(results[key], len(results), total)
    return [results[(lang, m.id)] for m in modules for lang in languages]


def _code_cells(notebook: Path) -> int:
    """How many code cells a notebook has (0 if it cannot be read: it fails in its worker)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return 0
    return sum(cell.get("cell_type") == "code" for cell in cells)


def _write_job(
    job: Path, source: Path, output: Path, params: Mapping[str, Any], cell_timeout_s: int
) -> Path:
    job.write_text(
        json.dumps(
            {
                "source": str(source),
                "output": str(output),
                "parameters": dict(params),
                "cell_timeout_s": cell_timeout_s,
            }
        ),
        encoding="utf-8",
    )
    return job


_Process = multiprocessing.context.ForkServerProcess


def _workers() -> multiprocessing.context.ForkServerContext:
    """The forkserver that starts workers, with papermill imported in it once."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["virtlab.course._worker", "papermill"])
    return context


def _kill_group(proc: _Process, job: Path) -> None:
    """Stop a worker and the kernel it started (its session), or the worker alone if it
    has not made its session yet."""
    with contextlib.suppress(ProcessLookupError, OSError):
        pid_file = job.with_suffix(".pid")
        if proc.pid is not None and pid_file.is_file() and pid_file.read_text() == str(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    proc.join()


def _collect(
    proc: _Process, job: Path, m: Module, output: Path, elapsed: float, lang: str
) -> NotebookResult:
    """Read a finished worker's result; a worker that left none died."""
    stderr_file = job.with_suffix(".stderr")
    stderr = stderr_file.read_text(errors="replace") if stderr_file.is_file() else ""
    result_file = job.with_suffix(".result.json")
    if not result_file.is_file():
        how = _exit_reason(proc.exitcode)
        tail = stderr.strip().splitlines()[-1:] if stderr.strip() else []
        error = f"worker process {how}" + (f" ({tail[0]})" if tail else "")
        return NotebookResult(m.id, "failed", round(elapsed, 2), output, error, lang=lang)
    data = json.loads(result_file.read_text(encoding="utf-8"))
    cell = data.get("cell", {}).get("code_cell") if "cell" in data else None
    return NotebookResult(
        m.id, data["status"], data["seconds"], output, data.get("error", ""), cell, lang
    )


def _exit_reason(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"was killed by signal {signal.Signals(-returncode).name}"
    return f"exited with status {returncode} without a result"


def format_table(results: Sequence[NotebookResult]) -> str:
    """A plain-text table: notebook, status, seconds."""
    width = max([len("total (sum)"), *(len(r.label) for r in results)])
    lines = [f"{'notebook':<{width}}  status  seconds", f"{'-' * width}  ------  -------"]
    lines += [f"{r.label:<{width}}  {r.status:<6}  {r.seconds:7.2f}" for r in results]
    total = sum(r.seconds for r in results)
    lines.append(f"{'total (sum)':<{width}}  {'':6}  {total:7.2f}")
    return "\n".join(lines)
