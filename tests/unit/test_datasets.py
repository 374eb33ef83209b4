"""The shared data loader: every dataset loads; each kind of damage is named by file, row, column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from virtlab import i18n
from virtlab.datasets import DataError, allowed_values, data_dir, dataset_names, load_table


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


# --- the Korean edition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            ",false,true,virtual machine run",
            ",nope,true,virtual machine run",
            "3행, shares_host_kernel 열: 값 'nope' — 참/거짓 값이 아닙니다 (true 또는 false로 쓰세요)",
        ),
        (
            "bare_metal,Bare",
            "Bare Metal,Bare",
            "2행, id 열: 값 'Bare Metal' — str_matches",
        ),
        (
            "id,name_en",
            "ident,name_en",
            "열 구성이 데이터 명세와 맞지 않습니다; 빠진 열 ['id']; 명세에 없는 열 ['ident']; 있어야 할 열 [",
        ),
    ],
)
def test_a_corrupted_copy_is_named_in_korean(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with i18n.using("ko"), pytest.raises(DataError, match=re.escape(message)) as caught:
        load_table("platforms", corrupted(tmp_path, old, new))
    error = caught.value
    # the framing is Korean; English words may come only from the file's path, the value,
    # and pandera's check names or the descriptor's column description inside the problem
    from_data = error.file + " " + repr(error.value) + " " + error.problem
    assert set(i18n.english_words(str(error))) <= set(i18n.english_words(from_data))
    assert re.search("[가-힣]", error.problem)


def test_the_loaders_own_errors_are_korean() -> None:
    with i18n.using("ko"):
        with pytest.raises(
            ValueError, match=r"^알 수 없는 데이터셋입니다: 'platform'\. .*platforms"
        ):
            load_table("platform")
        with pytest.raises(ValueError, match=r"^데이터셋 'history'에는 'colour' 열이 없습니다\."):
            allowed_values("history", "colour")
        with pytest.raises(
            ValueError, match=r"'title_ko' 열에는 정해진 값 목록\(isin\)이 없습니다$"
        ):
            allowed_values("history", "title_ko")


def test_english_framing_stays_english() -> None:
    error = DataError("data/x.csv", "is wrong", row=3, column="c", value="v")
    assert str(error) == "data/x.csv row 3, column c: 'v' is wrong"
    assert str(DataError("data/x.csv", "is wrong", column="c")) == "data/x.csv column c: is wrong"
    with i18n.using("ko"):
        error = DataError("data/x.csv", "잘못되었습니다", row=3, column="c", value="v")
    assert str(error) == "data/x.csv 3행, c 열: 값 'v' — 잘못되었습니다"
    assert (error.row, error.column, error.value) == (3, "c", "v")


def load_in_child(cache: str) -> tuple[str, bool]:
    """Load the history table in a fresh process; its JSON, and whether pandera was imported."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from virtlab.datasets import load_table; t = load_table('history'); "
        "print('pandera' in sys.modules); print(t.to_json())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "VIRTLAB_CACHE": cache},
    )
    checked, table = done.stdout.split("\n", 1)
    return table, checked == "True"


def test_a_checked_table_is_read_from_the_cache_without_pandera(tmp_path: Path) -> None:
    first, checked_first = load_in_child(str(tmp_path))
    second, checked_second = load_in_child(str(tmp_path))
    assert checked_first and not checked_second
    assert first == second
    [cached] = (tmp_path / "tables").glob("history-*.pkl")
    cached.write_bytes(b"not a pickle")  # damaged: checked again, and the copy replaced
    third, checked_third = load_in_child(str(tmp_path))
    assert checked_third and third == first
    assert cached.read_bytes() != b"not a pickle"


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    _, checked = load_in_child("off")
    assert checked


def test_allowed_values_agree_with_the_descriptors_pandera_schema() -> None:
    # allowed_values reads the YAML itself (no pandera in a kernel); pandera must agree
    import pandera.pandas as pa

    from virtlab.datasets import allowed_values, data_dir, dataset_names

    compared = 0
    for name in dataset_names():
        schema = pa.DataFrameSchema.from_yaml(data_dir() / f"{name}.schema.yaml")
        for column, spec in schema.columns.items():
            for check in spec.checks:
                if check.name == "isin":
                    expected = tuple(str(v) for v in check.statistics["allowed_values"])
                    assert allowed_values(name, column) == expected, (name, column)
                    compared += 1
    assert compared >= 10
