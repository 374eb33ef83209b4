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


def bad_cell(name: str) -> tuple[str, str]:
    """A column of ``name`` and a value its descriptor must refuse there."""
    from virtlab.datasets import _schema

    columns = _schema(name).columns
    for column, spec in columns.items():
        if str(spec.dtype) in {"bool", "int64", "Int64", "float64"}:
            return column, "not-a-number"
    for column, spec in columns.items():
        if any(check.name == "isin" for check in spec.checks):
            return column, "zz-not-allowed"
    column = next(c for c, spec in columns.items() if not spec.nullable)
    return column, ""


def rewrite(name: str, tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    import csv

    with (data_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    path = tmp_path / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


@pytest.mark.parametrize("name", dataset_names())
def test_a_bad_value_in_any_dataset_is_named(name: str, tmp_path: Path) -> None:
    column, value = bad_cell(name)

    def spoil(rows: list[list[str]]) -> None:
        rows[1][rows[0].index(column)] = value

    with pytest.raises(DataError, match=rf"row 2, column {column}"):
        load_table(name, rewrite(name, tmp_path, spoil))


@pytest.mark.parametrize("name", dataset_names())
def test_a_renamed_column_in_any_dataset_is_named(name: str, tmp_path: Path) -> None:
    def rename(rows: list[list[str]]) -> None:
        rows[0][-1] = rows[0][-1] + "_typo"

    with pytest.raises(DataError, match=r"columns do not match the descriptor; missing \["):
        load_table(name, rewrite(name, tmp_path, rename))


@pytest.mark.parametrize("name", dataset_names())
def test_a_truncated_copy_of_any_dataset_is_refused(name: str, tmp_path: Path) -> None:
    text = (data_dir() / f"{name}.csv").read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    path = tmp_path / f"{name}.csv"
    path.write_text(
        header + "\n" + first[: max(1, len(first) // 3)].rstrip(",") + "\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"row 2, column|cannot be read"):
        load_table(name, path)
