"""Every parameter of every notebook, given a wrong type or an extreme value, is refused by name.

Each notebook's own ``parameters`` cell and the check cell after it run in one
kernel per notebook, with values injected after the parameters cell exactly as
papermill injects them; the check must raise an error that names the parameter.
(Whole papermill runs with bad values are in the per-notebook test_params files.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

from virtlab.course import load_manifest, notebook_parameters

pytestmark = pytest.mark.notebooks

# value kind -> bad values papermill could inject: a wrong type, then extremes
BAD: dict[str, list[Any]] = {
    "int": ["seven", 2.5, [-(10**9), 10**9]],
    "float": ["half", None, [-1e12, 1e12]],
    "bool": ["yes", 2],
    "str": [3, ["", "not-a-choice-zz"]],
}


def cases() -> Iterator[Any]:
    for module in load_manifest():
        for name, spec in notebook_parameters(module.notebook).items():
            kind = str(spec["inferred_type_name"])
            for bad in BAD.get(kind, []):
                yield pytest.param(
                    module.notebook, name, bad, id=f"{module.id}-{name}-{bad!r}"[:80]
                )


@pytest.fixture(scope="module")
def kernels() -> Iterator[dict[Path, NotebookClient]]:
    started: dict[Path, NotebookClient] = {}
    yield started
    for client in started.values():
        run_sync(client.km.shutdown_kernel)(now=True)


def check_cells(notebook: Path) -> tuple[str, str]:
    """The code up to the parameters cell (imports included), and the cell that checks them."""
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    index = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
    return "\n".join(c.source for c in code[: index + 1]), code[index + 1].source


def run_with(client: NotebookClient, notebook: Path, name: str, value: Any) -> list[dict[str, Any]]:
    parameters, check = check_cells(notebook)
    cell = nbformat.v4.new_code_cell(f"{parameters}\n{name} = {value!r}\n{check}")
    client.nb.cells = [cell]
    with contextlib.suppress(Exception):  # the error output is what we check
        client.execute_cell(cell, 0)
    return [o for o in cell.outputs if o.get("output_type") == "error"]


def client_for(kernels: dict[Path, NotebookClient], notebook: Path) -> NotebookClient:
    if notebook not in kernels:
        client = NotebookClient(
            nbformat.v4.new_notebook(),
            kernel_name="python3",
            timeout=120,
            resources={"metadata": {"path": str(notebook.parent)}},
        )
        client.km = client.create_kernel_manager()
        client.start_new_kernel()
        client.start_new_kernel_client()
        kernels[notebook] = client
    return kernels[notebook]


@pytest.mark.parametrize(("notebook", "name", "bad"), list(cases()))
def test_a_bad_value_stops_the_notebook_naming_the_parameter(
    kernels: dict[Path, NotebookClient], notebook: Path, name: str, bad: Any
) -> None:
    client = client_for(kernels, notebook)
    values = bad if isinstance(bad, list) else [bad]
    refusals = [run_with(client, notebook, name, v) for v in values]
    # a wrong type is always refused; of two extremes at least one is out of range
    assert any(refusals), f"{notebook.name}: {name}={values} was accepted"
    for errors in refusals:
        for error in errors:
            assert error["ename"] == "ParameterError", error
            assert f"'{name}'" in error["evalue"], error["evalue"]


def test_every_notebook_has_parameters_to_check() -> None:
    for module in load_manifest():
        assert notebook_parameters(module.notebook), f"{module.id} declares no parameters"
