"""Explicit notebook set-up: the one place virtlab changes global settings."""

from __future__ import annotations

import os

from virtlab import i18n

__all__ = ["setup"]


def setup(lang: str = "en") -> str:
    """Show the course in ``lang`` and render plotly figures as plotly JSON.

    Every figure title, axis, legend, control label, self-check and error message
    the library shows from now on is in ``lang`` (see :mod:`virtlab.i18n`). The
    plotly renderer is ``plotly_mimetype``, or what PLOTLY_RENDERER says: the same
    renderer must be active when stored outputs are made and when nbval checks
    them, and plotly's own guess depends on the environment (VS Code, Colab).

    Args:
        lang: a language code of :func:`virtlab.i18n.languages`, ``"en"`` or ``"ko"``.

    Returns:
        The renderer now in use.

    Raises:
        virtlab.course.ParameterError: ``lang`` is not a course language; the message
            names the parameter and lists the languages.
    """
    import plotly.io as pio

    from virtlab.course import check_parameter

    check_parameter("lang", lang, str, allowed=tuple(i18n.languages()))
    i18n.set_language(lang)
    pio.renderers.default = os.environ.get("PLOTLY_RENDERER", "plotly_mimetype")
    return str(pio.renderers.default)
