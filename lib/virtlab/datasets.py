"""Every table the course ships: where it lives and how it is loaded and checked.

Each dataset is a pair of files in ``data/``: ``NAME.csv`` and its descriptor
``NAME.schema.yaml``, a pandera schema (column types, allowed values, required
fields, a description per column). :func:`load_table` reads the CSV, validates it
against the descriptor and returns a pandas DataFrame; a bad row raises
:class:`DataError` naming the file, the row number (as a spreadsheet shows it:
the header is row 1), the column and the value, in the current language of
:mod:`virtlab.i18n` (which itself reads its catalogue from here, so this module
imports it only inside the functions that raise).

The files are found inside the installed package (``virtlab/data`` in the
wheel) or, in a source checkout, in the repository's ``data/`` folder.

A shipped table that passed its check is kept, pickled, in the user's cache
folder (``$VIRTLAB_CACHE``, else ``$XDG_CACHE_HOME/virtlab``, else
``~/.cache/virtlab``) under a name made from the bytes of the CSV, its descriptor
and the pandas and virtlab versions; the next notebook kernel reads that instead
of importing pandera (half a second) and checking again. A changed file gets a
new name, so it is always checked. ``VIRTLAB_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DataError", "allowed_values", "data_dir", "dataset_names", "load_table"]


class DataError(ValueError):
    """A data file that does not match its descriptor.

    Attributes carry the details as data: ``file``, ``row`` (1 = header line),
    ``column``, ``value`` and ``problem``.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        from virtlab.i18n import tr

        self.file, self.problem = file, problem
        self.row, self.column, self.value = row, column, value
        if row is not None and column is not None:
            where = tr("datasets.where.row_column", file=file, row=row, column=column)
        elif row is not None:
            where = tr("datasets.where.row", file=file, row=row)
        elif column is not None:
            where = tr("datasets.where.column", file=file, column=column)
        else:
            where = file
        if value is None:
            message = tr("datasets.error", where=where, problem=problem)
        else:
            message = tr("datasets.error_with_value", where=where, value=value, problem=problem)
        super().__init__(message)


def data_dir() -> Path:
    """The folder holding the course's data files, installed or in a checkout."""
    packaged = resources.files("virtlab") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"virtlab data folder not found (looked in {packaged} and {checkout})")


@functools.cache
def dataset_names() -> tuple[str, ...]:
    """Names of every dataset (a CSV with a descriptor) the course ships."""
    return tuple(
        sorted(p.name.removesuffix(".schema.yaml") for p in data_dir().glob("*.schema.yaml"))
    )


def load_table(name: str, path: Path | str | None = None) -> pd.DataFrame:
    """Load dataset ``name`` validated against ``data/NAME.schema.yaml``.

    Args:
        name: the dataset, e.g. ``"history"``; see :func:`dataset_names`.
        path: read this CSV instead of the shipped one (checked against the same
            descriptor); used to check an edited or corrupted copy.

    Returns:
        A new DataFrame with the descriptor's column types. A shipped table is read
        and checked once per process (the files do not change while a course runs);
        each call returns its own copy.

    Raises:
        DataError: the file is unreadable, truncated, has wrong columns or a bad value.
        ValueError: ``name`` is not a dataset.

    >>> load_table("platforms").shape[0] >= 9
    True
    """
    _check_name(name)
    if path is None:
        return _shipped(name).copy()
    return _read_and_check(name, Path(path))


@functools.cache
def _shipped(name: str) -> pd.DataFrame:
    csv_path = data_dir() / f"{name}.csv"
    cached = _cache_file(name, csv_path)
    if cached is not None:
        with contextlib.suppress(Exception):  # a missing or damaged copy: check again
            with cached.open("rb") as f:
                table: pd.DataFrame = pickle.load(f)  # noqa: S301 - the user's own cache
            return table
    table = _read_and_check(name, csv_path)
    if cached is not None:
        with contextlib.suppress(OSError):  # a read-only home: no cache, no harm
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f".{cached.name}.{os.getpid()}")
            tmp.write_bytes(pickle.dumps(table))
            tmp.replace(cached)
    return table


def _cache_file(name: str, csv_path: Path) -> Path | None:
    """Where the checked copy of a shipped table is kept, or None with the cache off."""
    import pandas as pd

    from virtlab import __version__

    setting = os.environ.get("VIRTLAB_CACHE", "")
    if setting == "off":
        return None
    if setting:
        folder = Path(setting)
    else:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "virtlab"
    digest = hashlib.sha256()
    for part in (csv_path, data_dir() / f"{name}.schema.yaml"):
        digest.update(part.read_bytes())
    digest.update(f"pandas {pd.__version__} virtlab {__version__}".encode())
    return folder / "tables" / f"{name}-{digest.hexdigest()[:20]}.pkl"


def _read_and_check(name: str, csv_path: Path) -> pd.DataFrame:
    import pandas as pd

    label = _display_name(csv_path)
    try:
        raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        from virtlab.i18n import tr

        raise DataError(label, tr("datasets.problem.not_csv", error=exc)) from exc
    return _validate(raw, _schema(name), label)


def allowed_values(name: str, column: str) -> tuple[str, ...]:
    """The values the descriptor of dataset ``name`` allows in ``column``, in its order.

    Read from the column's ``isin`` check, so code that needs a fixed set of
    categories takes it from the data's descriptor instead of repeating it. The
    descriptor is read as YAML, without pandera: a notebook kernel that finds its
    tables in the cache never imports pandera at all.

    Args:
        name: the dataset, e.g. ``"history"``; see :func:`dataset_names`.
        column: a column of that dataset whose descriptor has an ``isin`` check.

    Returns:
        The allowed values, in the order the descriptor lists them.

    Raises:
        ValueError: ``name`` is not a dataset, ``column`` is not one of its
            columns, or the column has no fixed set of values.

    >>> allowed_values("history", "verdict")
    ('correct', 'partly', 'wrong')
    """
    from virtlab.i18n import tr

    _check_name(name)
    columns = _descriptor(name)["columns"]
    if column not in columns:
        raise ValueError(
            tr("datasets.no_column", name=name, column=column, allowed=", ".join(columns))
        )
    allowed = (columns[column] or {}).get("isin")
    if allowed is None:
        raise ValueError(tr("datasets.no_fixed_values", name=name, column=column))
    return tuple(str(v) for v in allowed)


@functools.cache
def _descriptor(name: str) -> dict[str, Any]:
    """The descriptor ``data/NAME.schema.yaml`` as plain YAML data."""
    import yaml

    text = (data_dir() / f"{name}.schema.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return loaded


def _check_name(name: str) -> None:
    """Refuse a name that is not a dataset, listing the datasets."""
    names = dataset_names()
    if name not in names:
        from virtlab.i18n import tr

        raise ValueError(tr("datasets.unknown", name=name, allowed=", ".join(names)))


@functools.cache
def _schema(name: str) -> Any:
    import pandera.pandas as pa

    return pa.DataFrameSchema.from_yaml(data_dir() / f"{name}.schema.yaml")


def _display_name(csv_path: Path) -> str:
    try:
        return f"data/{csv_path.resolve().relative_to(data_dir().resolve())}"
    except ValueError:
        return str(csv_path)


def _validate(raw: pd.DataFrame, schema: Any, label: str) -> pd.DataFrame:
    """Check columns first (clear message), then every cell with pandera."""
    import pandera.errors

    from virtlab.i18n import tr

    expected = list(schema.columns)
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        parts = [tr("datasets.problem.columns")]
        if missing:
            parts.append(tr("datasets.problem.missing", columns=missing))
        if extra:
            parts.append(tr("datasets.problem.unexpected", columns=extra))
        parts.append(tr("datasets.problem.expected", columns=expected))
        raise DataError(label, "; ".join(parts))
    raw = _booleans(raw[expected], schema, label)
    try:
        return schema.validate(raw, lazy=True)  # type: ignore[no-any-return]
    except pandera.errors.SchemaErrors as exc:
        raise _first_error(exc, label, schema) from None


_BOOLEANS = {"true": True, "false": False}


def _booleans(raw: pd.DataFrame, schema: Any, label: str) -> pd.DataFrame:
    """Read ``true``/``false`` cells of bool columns as booleans, before pandera coerces.

    pandera's coercion would turn any non-empty text, ``false`` included, into True.
    """
    from virtlab.i18n import tr

    out = raw.copy()
    for column, spec in schema.columns.items():
        if str(spec.dtype) != "bool":
            continue
        for index, cell in out[column].items():
            if isinstance(cell, str) and cell.strip().lower() not in _BOOLEANS:
                raise DataError(
                    label,
                    tr("datasets.problem.not_a_boolean"),
                    row=int(index) + 2,
                    column=column,
                    value=cell,
                )
        out[column] = [
            _BOOLEANS[c.strip().lower()] if isinstance(c, str) else c for c in out[column]
        ]
    return out


def _first_error(exc: Any, label: str, schema: Any) -> DataError:
    """The first failing cell of a pandera report, as a DataError."""
    from virtlab.i18n import tr

    cases = exc.failure_cases
    cell_cases = cases[cases["index"].notna()] if "index" in cases else cases.iloc[0:0]
    if cell_cases.empty:
        first = cases.iloc[0]
        return DataError(label, f"{first['check']}", column=_or_none(first.get("column")))
    first = cell_cases.sort_values("index", kind="stable").iloc[0]
    column = str(first["column"])
    row = int(first["index"]) + 2  # +1 for the header, +1 for counting from 1
    description = schema.columns[column].description if column in schema.columns else None
    problem = tr("datasets.problem.fails_check", check=first["check"])
    if description:
        problem += " " + tr("datasets.problem.column_description", description=description)
    return DataError(label, problem, row=row, column=column, value=_plain(first["failure_case"]))


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds, so messages show 13, not np.int64(13)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and getattr(value, "ndim", None) == 0 else value


def _or_none(value: object) -> str | None:
    return None if value is None or value != value else str(value)
