"""The shared data loader: every dataset loads; each kind of damage is named by file, row, column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from virtlab.datasets import DataError, data_dir, dataset_names, load_table


@pytest.mark.parametrize("name", dataset_names())
def test_every_shipped_dataset_loads(name: str) -> None:
    assert len(load_table(name)) > 0


def test_booleans_are_read_as_written() -> None:
    # pandera's coercion alone would read the text "false" as True
    platforms = load_table("platforms").set_index("id")
    assert platforms.loc["container", "shares_host_kernel"]
    assert not platforms.loc["bare_metal", "shares_host_kernel"]


def corrupted(tmp_path: Path, old: str, new: str) -> Path:
    text = (data_dir() / "platforms.csv").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "platforms.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a bad value in a boolean column
        (
            ",false,true,virtual machine run",
            ",nope,true,virtual machine run",
            "row 3, column shares_host_kernel: 'nope' is not a boolean",
        ),
        # an id that breaks its pattern
        (
            "bare_metal,Bare",
            "Bare Metal,Bare",
            "row 2, column id: 'Bare Metal' fails check str_matches",
        ),
        # a renamed column
        (
            "id,name_en",
            "ident,name_en",
            "columns do not match the descriptor; missing ['id']; unexpected ['ident']",
        ),
    ],
)
def test_a_corrupted_copy_is_named_precisely(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(DataError, match=re.escape(message)):
        load_table("platforms", corrupted(tmp_path, old, new))


def test_a_truncated_file_names_the_missing_cell(tmp_path: Path) -> None:
    text = (data_dir() / "platforms.csv").read_text(encoding="utf-8")
    path = tmp_path / "platforms.csv"
    lines = text.splitlines()
    cut = ",".join(lines[3].split(",")[:3])  # row 4 ends after its third cell
    path.write_text("\n".join([*lines[:3], cut]), encoding="utf-8")
    with pytest.raises(DataError, match=r"row 4, column layers: nan fails check not_nullable"):
        load_table("platforms", path)


def test_an_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown dataset 'platform'; choose one of .*platforms"):
        load_table("platform")
