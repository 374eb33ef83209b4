"""Execute the course's notebooks in parallel worker processes and report each one.

Each notebook runs in its own worker process (``virtlab.course._worker``), at most
``jobs`` at a time. A worker that dies (killed, out of memory) fails only its own
notebook; the others finish. Executed copies go to ``OUTPUT/NAME.ipynb`` and
never over the sources.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

    @property
    def is_ok(self) -> bool:
        """True when every cell ran without an error."""
        return self.status == "ok"

    def describe_failure(self) -> str:
        """One line naming the notebook, the cell and the error."""
        where = f", code cell {self.cell}" if self.cell is not None else ""
        return f"{self.module_id}{where}: {self.error}"


def plan_parameters(
    modules: Sequence[Module], given: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """Typed parameters for each module; every given name must exist in some module.

    Raises:
        ParameterError: a name no selected notebook declares, or a value of the wrong type.
    """
    plan: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
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
) -> list[NotebookResult]:
    """Execute ``modules`` with papermill, ``jobs`` at a time, in manifest order of results.

    Args:
        modules: what to run.
        output_dir: where executed copies go (created).
        parameters: module id -> typed parameters (see :func:`plan_parameters`).
        jobs: worker processes at once (at least 1).
        cell_timeout_s: papermill's limit for one cell.
        notebook_timeout_s: a worker still running after this is killed.
        on_done: called with (result, finished count, total) as each notebook ends.

    Returns:
        One result per module, in the order given.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    output_dir.mkdir(parents=True, exist_ok=True)
    parameters = parameters or {}
    pending = list(modules)
    running: dict[str, tuple[subprocess.Popen[bytes], Path, float, Module]] = {}
    results: dict[str, NotebookResult] = {}
    with tempfile.TemporaryDirectory(prefix="virtlab-run-") as scratch:
        while pending or running:
            while pending and len(running) < jobs:
                m = pending.pop(0)
                job = _write_job(
                    Path(scratch), m, output_dir, parameters.get(m.id, {}), cell_timeout_s
                )
                proc = subprocess.Popen(
                    [sys.executable, "-m", "virtlab.course._worker", str(job)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                )
                running[m.id] = (proc, job, time.monotonic(), m)
            time.sleep(0.05)
            for module_id, (proc, job, started, m) in list(running.items()):
                elapsed = time.monotonic() - started
                if proc.poll() is None and elapsed > notebook_timeout_s:
                    _kill_group(proc)
                if proc.poll() is None:
                    continue
                del running[module_id]
                result = _collect(proc, job, m, output_dir / f"{m.id}.ipynb", elapsed)
                results[module_id] = result
                if on_done is not None:
                    on_done(result, len(results), len(modules))
    return [results[m.id] for m in modules]


def _write_job(
    scratch: Path, m: Module, output_dir: Path, params: Mapping[str, Any], cell_timeout_s: int
) -> Path:
    job = scratch / f"{m.id}.json"
    job.write_text(
        json.dumps(
            {
                "source": str(m.notebook),
                "output": str(output_dir / f"{m.id}.ipynb"),
                "parameters": dict(params),
                "cell_timeout_s": cell_timeout_s,
            }
        ),
        encoding="utf-8",
    )
    return job


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _collect(
    proc: subprocess.Popen[bytes], job: Path, m: Module, output: Path, elapsed: float
) -> NotebookResult:
    """Read a finished worker's result; a worker that left none died."""
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    result_file = job.with_suffix(".result.json")
    if not result_file.is_file():
        how = _exit_reason(proc.returncode)
        tail = stderr.strip().splitlines()[-1:] if stderr.strip() else []
        error = f"worker process {how}" + (f" ({tail[0]})" if tail else "")
        return NotebookResult(m.id, "failed", round(elapsed, 2), output, error)
    data = json.loads(result_file.read_text(encoding="utf-8"))
    cell = data.get("cell", {}).get("code_cell") if "cell" in data else None
    return NotebookResult(
        m.id, data["status"], data["seconds"], output, data.get("error", ""), cell
    )


def _exit_reason(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"was killed by signal {signal.Signals(-returncode).name}"
    return f"exited with status {returncode} without a result"


def format_table(results: Sequence[NotebookResult]) -> str:
    """A plain-text table: notebook, status, seconds."""
    width = max([len("notebook"), *(len(r.module_id) for r in results)])
    lines = [f"{'notebook':<{width}}  status  seconds", f"{'-' * width}  ------  -------"]
    lines += [f"{r.module_id:<{width}}  {r.status:<6}  {r.seconds:7.2f}" for r in results]
    total = sum(r.seconds for r in results)
    lines.append(f"{'total (sum)':<{width}}  {'':6}  {total:7.2f}")
    return "\n".join(lines)
