"""Execute one notebook with papermill in a process of its own; the runner starts one per notebook.

:func:`run_job` is the process's body (the runner forks it from a server that
has papermill imported already, see ``_runner``); ``python -m
virtlab.course._worker JOB.json`` does the same from a shell. The job names the
source notebook, the output path, the parameters and the timeout; the result
(status, seconds, the failing cell) is written as JSON next to the job, the
process's id and its error output beside it. The executed notebook is written to
a temporary file and renamed into place, so a reader never sees half a notebook
and two runs into one folder do not mix.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["drop_widget_state", "execute", "failing_cell", "run_job"]


def failing_cell(executed: Path) -> dict[str, Any] | None:
    """The first cell papermill marked as raising or still running, if any."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except (OSError, ValueError):
        return None
    code_index = 0
    for index, cell in enumerate(nb.cells):
        if not _is_source_code_cell(cell):
            continue
        code_index += 1
        meta = cell.get("metadata", {}).get("papermill", {})
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors or meta.get("exception") or meta.get("status") == "running":
            error = f"{errors[0]['ename']}: {errors[0]['evalue']}" if errors else "did not finish"
            return {"index": index, "code_cell": code_index, "error": error}
    return None


def _is_source_code_cell(cell: Any) -> bool:
    """A code cell of the source notebook (not the one papermill injects for parameters)."""
    tags = cell.get("metadata", {}).get("tags", [])
    return bool(cell.get("cell_type") == "code" and "injected-parameters" not in tags)


class _CellCounter:
    """Counts the source notebook's code cells as they start, to name one that times out."""

    def __init__(self) -> None:
        self.code_cell = 0

    def __call__(self, cell: Any, cell_index: int) -> None:
        if _is_source_code_cell(cell):
            self.code_cell += 1


def drop_widget_state(executed: Path) -> None:
    """Remove saved widget state: a FigureWidget's state carries megabytes of plotly.js.

    Outputs keep their static figures, so the executed copy still shows every plot.
    """
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    if nb.metadata.pop("widgets", None) is not None:
        nbformat.write(nb, executed)


def execute(job: dict[str, Any]) -> dict[str, Any]:
    """Run the job's notebook; return a JSON-ready result (never raises for a notebook error)."""
    import papermill

    source, output = Path(job["source"]), Path(job["output"])
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".ipynb", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    start = time.perf_counter()
    result: dict[str, Any] = {"status": "ok"}
    started = _CellCounter()
    try:
        papermill.execute_notebook(
            str(source),
            str(tmp),
            parameters=job["parameters"],
            kernel_name="python3",
            cwd=str(source.parent),
            execution_timeout=job["cell_timeout_s"],
            progress_bar=False,
            log_output=False,
            # saving after every cell costs ~5 s a notebook; papermill still saves
            # when a cell fails or times out, so the failing cell is still found
            request_save_on_cell_execute=False,
            on_cell_start=started,
        )
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        result = {"status": "failed", "error": f"{type(exc).__name__}: {first_line}"}
        cell = failing_cell(tmp)
        if cell is not None:
            result["cell"] = cell
            result["error"] = cell["error"]
        elif started.code_cell:  # a timeout: papermill saved nothing, the counter knows
            result["cell"] = {"code_cell": started.code_cell, "error": result["error"]}
    result["seconds"] = round(time.perf_counter() - start, 2)
    if tmp.stat().st_size > 0:
        drop_widget_state(tmp)
        os.replace(tmp, output)
    else:
        tmp.unlink()
    return result


def run_job(job_path: Path) -> None:
    """Execute the job at ``job_path`` as a process of its own and write its result beside it.

    The process leads a new session, so the runner can stop it together with the
    kernel it starts; its error output goes to ``JOB.stderr``, and its id to
    ``JOB.pid``, so a test can find it.
    """
    os.setsid()
    with job_path.with_suffix(".stderr").open("w") as err, open(os.devnull, "w") as null:
        os.dup2(err.fileno(), 2)
        os.dup2(null.fileno(), 1)
    job_path.with_suffix(".pid").write_text(str(os.getpid()), encoding="utf-8")
    result = execute(json.loads(job_path.read_text(encoding="utf-8")))
    done = job_path.with_suffix(".result.json")
    done.with_suffix(".tmp").write_text(json.dumps(result), encoding="utf-8")
    os.replace(done.with_suffix(".tmp"), done)


if __name__ == "__main__":
    run_job(Path(sys.argv[1]))
