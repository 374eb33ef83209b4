"""Explicit notebook set-up: the one place virtlab changes a global setting."""

from __future__ import annotations

import os

__all__ = ["setup"]


def setup() -> str:
    """Render plotly figures as plotly JSON (``plotly_mimetype``), or as PLOTLY_RENDERER says.

    The same renderer must be active when stored outputs are made and when nbval
    checks them; plotly's own guess depends on the environment (VS Code, Colab).
    Returns the renderer now in use.
    """
    import plotly.io as pio

    pio.renderers.default = os.environ.get("PLOTLY_RENDERER", "plotly_mimetype")
    return str(pio.renderers.default)
