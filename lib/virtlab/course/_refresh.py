"""Regenerate a notebook's stored outputs by executing it in place, cleanly.

Stored outputs are what nbval compares against, so they must come from one
known procedure: execute every cell in a fresh ``python3`` kernel started in the
notebook's folder, keep cell ids and execution counts, and drop what changes
from run to run or bloats the file (timings, papermill metadata, saved widget
state). ``virtlab refresh`` calls :func:`refresh_notebook` for each module.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["RefreshError", "refresh_notebook"]


class RefreshError(RuntimeError):
    """A notebook raised while being refreshed; its stored copy was left unchanged."""


def refresh_notebook(path: Path, cell_timeout_s: int = 120) -> None:
    """Execute ``path`` and store the outputs in it; on an error leave the file as it was.

    Raises:
        RefreshError: a cell raised (named by its number among code cells).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=cell_timeout_s,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        failed = next(
            (
                i
                for i, c in enumerate(code_cells, 1)
                if any(o.get("output_type") == "error" for o in c.outputs)
            ),
            None,
        )
        raise RefreshError(f"{path.name}, code cell {failed}: {exc.ename}: {exc.evalue}") from None
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nbformat.validate(nb)
    tmp = path.with_name(f".{path.name}.tmp")
    nbformat.write(nb, tmp)
    tmp.replace(path)
