"""How a platform is configured: a container's network and storage, a VM's disk and vCPUs.

Some configurations change what a crossing costs: Docker's default network sends
every packet through a bridge and NAT, ``--network host`` does not; a qcow2 disk
image looks each block up in a table, a raw one does not. The options each
platform has, their values and the default the model assumes are the rows of
``data/platform_options.csv``; the extra tolls of a value are the rows of
``data/crossing_costs.csv`` and ``data/platform_overheads.csv`` whose ``when``
names it (``network=bridge_nat``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from virtlab.datasets import load_table
from virtlab.i18n import language, tr
from virtlab.model._platforms import check_platform_id

__all__ = ["Option", "Options", "options", "resolve_options"]

Options = tuple[tuple[str, str], ...]
"""A platform's configuration: (option, value) pairs, sorted by option."""


@dataclass(frozen=True)
class Option:
    """One option of one platform: its values, the default, and what each value means."""

    platform_id: str
    name: str
    values: tuple[str, ...]
    default: str
    descriptions_en: Mapping[str, str]
    descriptions_ko: Mapping[str, str]

    def describe(self, value: str) -> str:
        """What ``value`` configures, in the current language."""
        return (self.descriptions_ko if language() == "ko" else self.descriptions_en)[value]


def options(platform_id: str) -> Mapping[str, Option]:
    """The options a platform can be configured with, by name (empty for most platforms).

    >>> options("container")["network"].values
    ('bridge_nat', 'host', 'pod')
    >>> dict(options("bare_metal"))
    {}
    """
    check_platform_id(platform_id)
    return _all_options().get(platform_id, MappingProxyType({}))


def resolve_options(platform_id: str, given: Mapping[str, str | None]) -> Options:
    """Every option of the platform with its value: the one given, else the default.

    Raises:
        ValueError: an option the platform does not have (the message names the
            platforms that do and the options this one has), or a value the option
            does not take (the message lists its values).

    >>> resolve_options("container", {"network": "host"})
    (('network', 'host'), ('storage', 'volume'))
    """
    own = options(platform_id)
    chosen = {name: option.default for name, option in own.items()}
    for name, value in given.items():
        if value is None:
            continue
        if name not in own:
            having = sorted(p for p, o in _all_options().items() if name in o)
            raise ValueError(
                tr(
                    "model.options.not_for_platform",
                    platform=platform_id,
                    option=name,
                    having=", ".join(having) or "-",
                    own=", ".join(own) or "-",
                )
            )
        if value not in own[name].values:
            raise ValueError(
                tr(
                    "model.options.bad_value",
                    option=name,
                    platform=platform_id,
                    allowed=", ".join(own[name].values),
                    value=value,
                )
            )
        chosen[name] = value
    return tuple(sorted(chosen.items()))


@functools.cache
def _all_options() -> Mapping[str, Mapping[str, Option]]:
    table = load_table("platform_options")
    found: dict[str, dict[str, Option]] = {}
    for (platform_id, name), rows in table.groupby(["platform", "option"], sort=False):
        defaults = rows[rows["is_default"]]["value"].tolist()
        if len(defaults) != 1:
            from virtlab.datasets import DataError

            raise DataError(
                "data/platform_options.csv",
                tr(
                    "model.options.one_default",
                    platform=platform_id,
                    option=name,
                    count=len(defaults),
                ),
                column="is_default",
            )
        found.setdefault(str(platform_id), {})[str(name)] = Option(
            platform_id=str(platform_id),
            name=str(name),
            values=tuple(str(v) for v in rows["value"]),
            default=str(defaults[0]),
            descriptions_en=MappingProxyType(
                dict(zip(rows["value"], rows["description_en"], strict=True))
            ),
            descriptions_ko=MappingProxyType(
                dict(zip(rows["value"], rows["description_ko"], strict=True))
            ),
        )
    return MappingProxyType({p: MappingProxyType(o) for p, o in found.items()})
