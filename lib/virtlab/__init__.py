"""virtlab: a Jupyter course on bare metal, hypervisors and containers.

The library behind the notebooks. Subpackages follow the data flow
``data/ -> model, history, probe -> figures -> ui -> notebooks``:

- ``virtlab.model``: the virtualization cost model (pure numpy).
- ``virtlab.history``: the cited history dataset.
- ``virtlab.probe``: live labs on the machine the kernel runs on.
- ``virtlab.figures``: plotly figure builders.
- ``virtlab.ui``: ipywidgets dashboards and self-checks.
- ``virtlab.course``: the manifest, the notebook runner, the site and hub tools.

Importing virtlab changes no global state and imports no heavy library;
subpackages are loaded when first used.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBPACKAGES = ("course", "datasets", "figures", "history", "model", "probe", "ui")

__all__ = ["__version__", *_SUBPACKAGES]


def __getattr__(name: str) -> object:
    """Import a subpackage on first attribute access, so ``import virtlab`` stays fast."""
    if name in _SUBPACKAGES:
        return importlib.import_module(f"virtlab.{name}")
    raise AttributeError(f"module 'virtlab' has no attribute {name!r}")
