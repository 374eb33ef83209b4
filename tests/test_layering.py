"""Imports follow the data flow: data -> model/history/probe -> figures -> ui -> notebooks."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "lib" / "virtlab"

# subpackage -> top-level modules it must never import (at any depth of its code)
FORBIDDEN = {
    "model": {"plotly", "ipywidgets", "IPython", "virtlab.figures", "virtlab.ui"},
    "history": {"plotly", "ipywidgets", "IPython", "virtlab.figures", "virtlab.ui"},
    "probe": {"plotly", "ipywidgets", "IPython", "pandas", "virtlab.figures", "virtlab.ui"},
    "figures": {"ipywidgets", "virtlab.ui"},
    "datasets.py": {"plotly", "ipywidgets"},
}


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_part_does_not_import_downstream_layers(part: str) -> None:
    target = LIB / part
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files, f"virtlab.{part} has no code"
    for path in files:
        for name in imported_names(path):
            bad = [f for f in FORBIDDEN[part] if name == f or name.startswith(f + ".")]
            assert not bad, f"{path.relative_to(LIB)} imports {name}"


def test_importing_virtlab_loads_no_heavy_library() -> None:
    # `import virtlab` must stay cheap: subpackages load on first use
    code = "import sys, virtlab; print(sorted(m for m in ('numpy','pandas','plotly','ipywidgets') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
