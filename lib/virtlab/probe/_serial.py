"""Turning the labs' frozen dataclasses into JSON and back, for recorded runs.

A recorded run stores each lab's result as plain JSON; reading it back rebuilds
the same frozen dataclass, checked field by field, so a recorded result and a
live one are the same kind of object.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

__all__ = ["from_jsonable", "to_jsonable"]

T = TypeVar("T")


def to_jsonable(value: object) -> Any:
    """A JSON-ready copy of ``value`` (dataclasses become dicts, tuples lists).

    >>> from virtlab.probe._signals import CpuidReading
    >>> to_jsonable(CpuidReading(True, "KVMKVMKVM", 1073741825))
    {'hypervisor_bit': True, 'vendor': 'KVMKVMKVM', 'max_leaf': 1073741825}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def from_jsonable(cls: type[T], data: Any, where: str = "") -> T:
    """Rebuild a dataclass of type ``cls`` from :func:`to_jsonable` output.

    Raises:
        ValueError: a field is missing or has the wrong type; the message names it.

    >>> from virtlab.probe._signals import CpuidReading
    >>> from_jsonable(CpuidReading, {"hypervisor_bit": False, "vendor": "", "max_leaf": 0})
    CpuidReading(hypervisor_bit=False, vendor='', max_leaf=0)
    """
    result: T = _convert(cls, data, where or cls.__name__)
    return result


def _convert(kind: Any, data: Any, where: str) -> Any:
    origin = get_origin(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object for {kind.__name__}, got {data!r}")
        hints = get_type_hints(kind)
        values = {}
        for field in dataclasses.fields(kind):
            if field.name in data:
                values[field.name] = _convert(
                    hints[field.name], data[field.name], f"{where}.{field.name}"
                )
            elif (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            ):
                raise ValueError(f"{where}: missing field {field.name!r}")
        return kind(**values)
    if origin in (Union, types.UnionType):
        errors = []
        for option in get_args(kind):
            try:
                return _convert(option, data, where)
            except ValueError as exc:
                errors.append(str(exc))
        raise ValueError(f"{where}: {data!r} matches none of {kind}: {'; '.join(errors)}")
    if origin is Literal:
        if data not in get_args(kind):
            raise ValueError(f"{where}: {data!r} is not one of {get_args(kind)}")
        return data
    if origin is tuple:
        args = get_args(kind)
        if not isinstance(data, list):
            raise ValueError(f"{where}: expected a list, got {data!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        return tuple(
            _convert(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, data, strict=True))
        )
    if origin is dict:
        _, value_kind = get_args(kind)
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object, got {data!r}")
        return {k: _convert(value_kind, v, f"{where}[{k!r}]") for k, v in data.items()}
    return _scalar(kind, data, where)


def _scalar(kind: Any, data: Any, where: str) -> Any:
    if kind is type(None):
        if data is not None:
            raise ValueError(f"{where}: expected null, got {data!r}")
        return None
    if kind is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if kind is typing.Any or (isinstance(kind, type) and isinstance(data, kind)):
        if kind is int and isinstance(data, bool):
            raise ValueError(f"{where}: expected int, got {data!r}")
        return data
    raise ValueError(f"{where}: expected {getattr(kind, '__name__', kind)}, got {data!r}")
