"""Two executions of the course give identical outputs, apart from cells tagged machine-dependent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest

from virtlab.course import load_manifest, plan_parameters, run_notebooks

pytestmark = pytest.mark.notebooks

# A widget's model id is new in every kernel; everything else must repeat exactly.
VOLATILE = {"application/vnd.jupyter.widget-view+json"}


def comparable_outputs(notebook: Path) -> list[tuple[int, Any]]:
    nb = nbformat.read(notebook, as_version=4)
    kept = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        outputs = []
        for output in cell.outputs:
            if output.output_type in ("display_data", "execute_result"):
                outputs.append({k: v for k, v in output.data.items() if k not in VOLATILE})
            elif output.output_type == "stream" and output.name == "stdout":
                outputs.append(output.text)
        kept.append((index, outputs))
    return kept


def test_two_runs_give_the_same_outputs(tmp_path: Path) -> None:
    manifest = load_manifest()
    modules = list(manifest)
    plan = plan_parameters(modules, {})
    for run in ("first", "second"):
        results = run_notebooks(modules, tmp_path / run, plan, jobs=2, languages=manifest.languages)
        assert all(r.is_ok for r in results), [r.describe_failure() for r in results]
    for lang in manifest.languages:
        for m in modules:
            first = comparable_outputs(tmp_path / "first" / lang / f"{m.id}.ipynb")
            second = comparable_outputs(tmp_path / "second" / lang / f"{m.id}.ipynb")
            differing = [a[0] for a, b in zip(first, second, strict=True) if a != b]
            assert differing == [], f"{lang}/{m.id}: cells {differing} differ between two runs"
