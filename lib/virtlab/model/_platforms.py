"""The platforms the course compares, and how to name them.

A platform is a way of running an application: on bare metal, in a virtual
machine (hosted, binary-translated, paravirtualized, hardware-assisted, micro),
in a container, in a user-space kernel sandbox, or under an emulator. Its
description (layers, flags, isolation boundary, examples) lives in
``data/platforms.csv``; this module reads it and checks platform ids.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from virtlab.datasets import DataError, load_table
from virtlab.i18n import language, tr

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["PLATFORMS", "Platform", "check_platform_id", "platform"]

PLATFORMS: tuple[str, ...] = (
    "bare_metal",
    "type2_hosted",
    "full_virt_bt",
    "paravirt",
    "hw_assisted",
    "container",
    "microvm",
    "gvisor",
    "emulation",
)
"""Every platform id of the model, from the physical machine to full emulation."""

_KNOWN = frozenset(PLATFORMS)


@dataclass(frozen=True)
class Platform:
    """One way of running an application, described layer by layer from the hardware up.

    ``name_en``, ``layers`` and ``isolation_boundary`` are English; the ``_ko``
    fields say the same in Korean; :meth:`name`, :meth:`layer_names` and
    :meth:`boundary` give them in the current language.
    """

    id: str
    name_en: str
    name_ko: str
    layers: tuple[str, ...]
    shares_host_kernel: bool
    runs_unmodified_guest: bool
    isolation_boundary: str
    examples: tuple[str, ...]
    source_urls: tuple[str, ...]
    layers_ko: tuple[str, ...] = ()
    isolation_boundary_ko: str = ""
    examples_ko: tuple[str, ...] = ()

    def name(self) -> str:
        """The platform's name in the current language."""
        return self.name_ko if language() == "ko" else self.name_en

    def layer_names(self) -> tuple[str, ...]:
        """The layers from the hardware up, in the current language."""
        return self.layers_ko if language() == "ko" else self.layers

    def example_names(self) -> tuple[str, ...]:
        """Real products or projects of this platform, in the current language.

        The same number in each language and in the same order, so a choice by
        position picks the same product in every edition.
        """
        return self.examples_ko if language() == "ko" else self.examples

    def boundary(self) -> str:
        """What separates one tenant from another, in the current language."""
        return self.isolation_boundary_ko if language() == "ko" else self.isolation_boundary


def platform(platform_id: str) -> Platform:
    """Describe a platform: its layers from hardware to application, flags and examples.

    Taught in ``01-layers-of-a-computer`` and used throughout.

    Args:
        platform_id: one of :data:`PLATFORMS`, e.g. ``"hw_assisted"``.

    Returns:
        A frozen :class:`Platform` read from ``data/platforms.csv``.

    Raises:
        TypeError: ``platform_id`` is not a string.
        ValueError: ``platform_id`` is not a platform; the message lists the
            valid ids and suggests the closest one.

    >>> container = platform("container")
    >>> container.shares_host_kernel, container.layers[0]
    (True, 'hardware')
    """
    check_platform_id(platform_id)
    return _descriptions()[platform_id]


def check_platform_id(platform_id: object) -> str:
    """Return ``platform_id`` if it names a platform, else raise an error that helps.

    >>> check_platform_id("paravirt")
    'paravirt'
    """
    if not isinstance(platform_id, str):
        raise TypeError(
            tr("model.platform.not_a_str", kind=type(platform_id).__name__, value=platform_id)
        )
    if platform_id in _KNOWN:
        return platform_id
    raise ValueError(
        tr("model.platform.unknown", value=platform_id, allowed=", ".join(PLATFORMS))
        + _suggestion(platform_id)
    )


def _suggestion(given: str) -> str:
    """A hint naming the platform the student probably meant, or ''."""
    key = given.strip().lower().replace("_", "-").replace(" ", "-")
    aliases = _aliases()
    if key in aliases:
        return f" ({aliases[key]})"
    normalized = given.strip().lower().replace("-", "_").replace(" ", "_")
    if normalized in _KNOWN:
        return " " + tr("model.platform.did_you_mean", id=normalized)
    close = difflib.get_close_matches(normalized, PLATFORMS, n=1, cutoff=0.6)
    if close:
        return " " + tr("model.platform.did_you_mean", id=close[0])
    for alias, explanation in aliases.items():
        if alias in key:
            return f" ({explanation})"
    return ""


def _aliases() -> Mapping[str, str]:
    """Alias -> the sentence that names its platform, in the current language."""
    return _aliases_in(language())


@functools.cache
def _aliases_in(lang: str) -> Mapping[str, str]:
    table = load_table("platform_aliases")
    return MappingProxyType(dict(zip(table["alias"], table[f"explanation_{lang}"], strict=True)))


@functools.cache
def _descriptions() -> Mapping[str, Platform]:
    table = load_table("platforms")
    ids = tuple(table["id"])
    if sorted(ids) != sorted(PLATFORMS):
        raise DataError(
            "data/platforms.csv",
            tr("model.platform.ids_mismatch", ids=sorted(ids), platforms=sorted(PLATFORMS)),
            column="id",
        )
    described = {}
    for row in table.itertuples(index=False):
        described[str(row.id)] = Platform(
            id=str(row.id),
            name_en=str(row.name_en),
            name_ko=str(row.name_ko),
            layers=_layers(row.layers),
            layers_ko=_layers(row.layers_ko),
            isolation_boundary_ko=str(row.isolation_boundary_ko),
            examples_ko=tuple(part.strip() for part in str(row.examples_ko).split(";")),
            shares_host_kernel=bool(row.shares_host_kernel),
            runs_unmodified_guest=bool(row.runs_unmodified_guest),
            isolation_boundary=str(row.isolation_boundary),
            examples=tuple(part.strip() for part in str(row.examples).split(";")),
            source_urls=tuple(part.strip() for part in str(row.source_url).split(" | ")),
        )
    for p in described.values():
        for column, korean, english in (
            ("examples_ko", p.examples_ko, p.examples),
            ("layers_ko", p.layers_ko, p.layers),
        ):
            if len(korean) != len(english):
                raise DataError(
                    "data/platforms.csv",
                    tr("model.platform.count_mismatch", korean=len(korean), english=len(english)),
                    column=column,
                    value=p.id,
                )
    return MappingProxyType({pid: described[pid] for pid in PLATFORMS})


def _layers(text: object) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(text).split(" > "))
