"""Parameters passed to notebooks: match each to the notebook's declared type.

A notebook declares its parameters in the cell tagged ``parameters``, with a type
annotation (``seed: int = 7``). ``virtlab run -p NAME VALUE`` gives each value as
text; :func:`resolve_parameters` converts it to the declared type, or raises
:class:`ParameterError` naming the parameter, the notebook, what was given and
what is allowed. Unlike papermill's own guessing, ``-p seed 007`` stays an int
only because the notebook says ``seed: int``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["ParameterError", "notebook_parameters", "resolve_parameters"]

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class ParameterError(ValueError):
    """A notebook parameter that is unknown or cannot take the given value."""


def _to_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"expected one of {sorted(_TRUE | _FALSE)}")


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "int": int,
    "float": float,
    "bool": _to_bool,
    "str": str,
}


def notebook_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares: name -> papermill's description of it."""
    import papermill

    return dict(papermill.inspect_notebook(str(notebook)))


def resolve_parameters(
    notebook: Path,
    given: Mapping[str, str],
    declared: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Convert text values to the types the notebook declares for them.

    Args:
        notebook: the notebook, for messages and to read its parameters.
        given: parameter name -> value as typed on the command line.
        declared: the notebook's parameters if already read (see :func:`notebook_parameters`).

    Returns:
        name -> value of the declared type.

    Raises:
        ParameterError: the notebook has no such parameter, its type is not one of
            int, float, bool, str, or the value does not convert.
    """
    declared = declared if declared is not None else notebook_parameters(notebook)
    resolved: dict[str, Any] = {}
    for name, text in given.items():
        if name not in declared:
            allowed = ", ".join(sorted(declared)) or "none"
            raise ParameterError(
                f"{notebook.name}: unknown parameter {name!r}; its parameters are {allowed}"
            )
        type_name = str(declared[name].get("inferred_type_name", "None"))
        convert = _CONVERTERS.get(type_name)
        if convert is None:
            raise ParameterError(
                f"{notebook.name}: parameter {name!r} has type {type_name!r}, which -p cannot "
                f"pass; annotate it with one of {', '.join(_CONVERTERS)}"
            )
        try:
            resolved[name] = convert(text)
        except ValueError as exc:
            raise ParameterError(
                f"{notebook.name}: parameter {name!r} expects {type_name}, got {text!r} ({exc})"
            ) from None
    return resolved
