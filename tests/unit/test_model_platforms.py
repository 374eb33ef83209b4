"""Platforms: ids, descriptions from data/platforms.csv, and errors that help."""

from __future__ import annotations

import dataclasses

import pytest

from virtlab import model

CONTRACT_IDS = (
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


def test_platforms_are_the_contract_ids_in_order() -> None:
    # design.md lists these ids; notebooks and outside checks rely on them
    assert model.PLATFORMS == CONTRACT_IDS


@pytest.mark.parametrize("pid", CONTRACT_IDS)
def test_every_platform_is_described_from_hardware_to_application(pid: str) -> None:
    described = model.platform(pid)
    assert described.id == pid
    assert described.layers[0].startswith("hardware")  # the stack starts at the hardware
    assert "application" in described.layers[-1]  # ... and ends with the application
    assert described.examples and all(described.examples)
    assert described.name_ko and described.isolation_boundary
    assert all(url.startswith("http") for url in described.source_urls)


@pytest.mark.parametrize(
    ("pid", "shares_kernel", "unmodified_guest"),
    [
        ("bare_metal", False, True),  # one OS on the machine: nothing shared, nothing modified
        ("container", True, False),  # the point of a container: the host kernel is shared
        ("gvisor", True, False),  # the Sentry sits on the shared host kernel
        ("paravirt", False, False),  # Xen PV needs a modified guest kernel
        ("hw_assisted", False, True),  # VT-x exists so unmodified guests can run
        ("full_virt_bt", False, True),  # full virtualization runs unmodified guests
        ("emulation", False, True),  # an emulator runs any unmodified guest, slowly
    ],
)
def test_flags_match_how_each_platform_works(
    pid: str, shares_kernel: bool, unmodified_guest: bool
) -> None:
    described = model.platform(pid)
    assert described.shares_host_kernel is shares_kernel
    assert described.runs_unmodified_guest is unmodified_guest


def test_platform_description_is_frozen() -> None:
    # results are immutable: a notebook cannot change the model by accident
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.platform("container").name_en = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("kvm", r"KVM today is 'hw_assisted'"),  # the everyday name from the alias table
        ("Docker", r"Docker is 'container'"),  # aliases ignore case
        ("paravirtual", r"did you mean 'paravirt'"),  # a near miss found by difflib
        ("bare-metal", r"did you mean 'bare_metal'"),  # dash instead of underscore
        ("qemu", r"'emulation'"),  # QEMU alone means TCG; the hint says so
    ],
)
def test_unknown_platform_lists_valid_ids_and_suggests_one(given: str, hint: str) -> None:
    with pytest.raises(
        ValueError, match=r"unknown platform .*choose one of bare_metal, type2_hosted"
    ):
        model.platform(given)
    with pytest.raises(ValueError, match=hint):
        model.platform(given)


def test_unknown_platform_without_a_close_match_still_lists_the_ids() -> None:
    # nothing close: the message must still say what is allowed
    with pytest.raises(ValueError, match=r"unknown platform 'zzz'; choose one of .*emulation$"):
        model.platform("zzz")


@pytest.mark.parametrize("given", [3, None, ("kvm",)])  # numbers, nothing, a tuple
def test_platform_id_of_the_wrong_type_is_a_type_error(given: object) -> None:
    with pytest.raises(TypeError, match=r"platform id must be a str"):
        model.platform(given)  # type: ignore[arg-type]
