"""The history events: load the table, check it, and ask it simple questions.

The table lives in ``data/history.csv`` with its descriptor
``data/history.schema.yaml``; the eras it is divided into live in
``data/history_eras.csv``. Column types and allowed values are checked by
:func:`virtlab.datasets.load_table`; this module adds the checks that span
several columns or files (a verdict goes with claim ids, an era matches its
year) and raises the same :class:`~virtlab.datasets.DataError`, naming file,
row, column and value.

Taught in notebook ``05-history``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from virtlab.datasets import DataError, allowed_values, data_dir, load_table
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Era", "between", "by_category", "categories", "eras", "load"]

_ROW_OFFSET = 2  # a spreadsheet row number: +1 for the header, +1 for counting from 1


@dataclass(frozen=True)
class Era:
    """One period of the history, with the years it covers (both inclusive)."""

    id: str
    start_year: int
    end_year: int
    title_en: str
    title_ko: str
    description_en: str
    description_ko: str

    def contains(self, year: int) -> bool:
        """True when ``year`` falls in this era (first and last year included)."""
        return self.start_year <= year <= self.end_year


def load(path: Path | str | None = None) -> pd.DataFrame:
    """Load the history events, checked against their descriptor, oldest first.

    Rows are sorted by year, then month; events whose month is unknown come
    after the dated events of their year. Each row has an id, year, optional
    month and date note, titles, descriptions and actor in English and Korean
    (``title_en``, ``title_ko``; pick one with :func:`virtlab.i18n.column`),
    category, era, source URLs and, for events the source text talks about, the
    claim ids, the verdict and the correction.

    Args:
        path: read this CSV instead of ``data/history.csv`` (checked the same
            way); used to check an edited or corrupted copy.

    Returns:
        A new DataFrame, one row per event, with a fresh 0..n-1 index.

    Raises:
        DataError: a row breaks the descriptor or the cross-column rules; the
            message names file, row, column and value.

    Taught in notebook ``05-history``.

    >>> events = load()
    >>> events.loc[0, "title_en"]
    "CP-40: IBM's first virtual machine system"
    >>> bool(events["year"].is_monotonic_increasing)
    True
    """
    events = load_table("history", path)
    label = _label(path, "history")
    _check_pairs(events, label)
    _check_claim_columns(events, label)
    _check_eras(events, label)
    return events.sort_values(["year", "month"], kind="stable", na_position="last").reset_index(
        drop=True
    )


def categories() -> tuple[str, ...]:
    """The categories an event can have, in the order of the timeline's lanes.

    Read from the descriptor ``data/history.schema.yaml``. Taught in notebook ``05-history``.

    >>> categories()[:3]
    ('mainframe', 'hypervisor', 'hardware')
    """
    return allowed_values("history", "category")


def eras() -> tuple[Era, ...]:
    """The eras the history is divided into, oldest first.

    Returns:
        One :class:`Era` per row of ``data/history_eras.csv``.

    Taught in notebook ``05-history``.

    >>> [era.id for era in eras()][:2]
    ['mainframe', 'unix_isolation']
    >>> eras()[0].contains(1972)
    True
    """
    table = load_table("history_eras").sort_values("start_year", kind="stable")
    return tuple(
        Era(
            id=str(row.id),
            start_year=int(str(row.start_year)),
            end_year=int(str(row.end_year)),
            title_en=str(row.title_en),
            title_ko=str(row.title_ko),
            description_en=str(row.description_en),
            description_ko=str(row.description_ko),
        )
        for row in table.itertuples(index=False)
    )


def by_category(category: str) -> pd.DataFrame:
    """The events of one category (one lane of the timeline), oldest first.

    Args:
        category: one of :func:`categories`, e.g. ``"hypervisor"``.

    Returns:
        A new DataFrame with the rows of :func:`load` in that category.

    Raises:
        ValueError: ``category`` is not a category; the message lists them.

    Taught in notebook ``05-history``.

    >>> by_category("mainframe")["id"].tolist()
    ['cp-40', 'cp-67', 'vm-370']
    """
    allowed = categories()
    if category not in allowed:
        raise ValueError(_unknown("category", category, allowed))
    events = load()
    return events[events["category"] == category].reset_index(drop=True)


def between(start_year: int, end_year: int) -> pd.DataFrame:
    """The events from ``start_year`` to ``end_year``, both years included.

    Args:
        start_year: first year to include.
        end_year: last year to include (so ``between(2013, 2013)`` is all of 2013).

    Returns:
        A new DataFrame with the rows of :func:`load` in those years, oldest first.

    Raises:
        ValueError: a year is not a whole number, lies outside the years the
            eras cover, or ``start_year`` is after ``end_year``.

    Taught in notebook ``05-history``.

    >>> between(2013, 2013)["id"].tolist()[:2]
    ['user-namespaces-complete', 'docker-launch']
    >>> len(between(1964, 1964))
    1
    """
    all_eras = eras()
    first, last = all_eras[0].start_year, all_eras[-1].end_year
    for name, year in (("start_year", start_year), ("end_year", end_year)):
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValueError(tr("history.years.not_whole", name=name, value=year))
        if not first <= year <= last:
            raise ValueError(
                tr("history.years.outside", name=name, year=year, first=first, last=last)
            )
    if start_year > end_year:
        raise ValueError(tr("history.years.reversed", start=start_year, end=end_year))
    events = load()
    inside = events["year"].between(start_year, end_year, inclusive="both")
    return events[inside].reset_index(drop=True)


_PAIRS = (("date_note_en", "date_note_ko"),)  # optional texts given in both languages or neither


def _check_pairs(events: pd.DataFrame, label: str) -> None:
    """An optional text is given in English and Korean, or in neither."""
    for position, row in enumerate(events.to_dict("records")):
        for english, korean in _PAIRS:
            has = {column: isinstance(row[column], str) for column in (english, korean)}
            if has[english] != has[korean]:
                empty, given = (korean, english) if has[english] else (english, korean)
                raise DataError(
                    label,
                    tr("history.data.pair_missing", other=given),
                    row=position + _ROW_OFFSET,
                    column=empty,
                )


def _check_claim_columns(events: pd.DataFrame, label: str) -> None:
    """A verdict goes with claim ids, and a verdict other than correct needs corrections."""
    for position, row in enumerate(events.itertuples(index=False)):
        has_claims = isinstance(row.claim_ids, str)
        has_verdict = isinstance(row.verdict, str)
        if has_claims != has_verdict:
            column = "verdict" if has_claims else "claim_ids"
            problem = (
                tr("history.data.verdict_missing")
                if has_claims
                else tr("history.data.claims_missing")
            )
            raise DataError(label, problem, row=position + _ROW_OFFSET, column=column)
        if has_verdict and row.verdict != "correct":
            for column in ("correction_en", "correction_ko"):
                if not isinstance(getattr(row, column), str):
                    raise DataError(
                        label,
                        tr("history.data.correction_missing", verdict=row.verdict),
                        row=position + _ROW_OFFSET,
                        column=column,
                    )


def _check_eras(events: pd.DataFrame, label: str) -> None:
    """Each event's era is the era whose years contain the event's year."""
    by_id = {era.id: era for era in eras()}
    for position, row in enumerate(events.itertuples(index=False)):
        era, year = by_id[str(row.era)], int(str(row.year))
        if not era.contains(year):
            right = next((e.id for e in by_id.values() if e.contains(year)), None)
            raise DataError(
                label,
                tr(
                    "history.data.wrong_era",
                    year=row.year,
                    start=era.start_year,
                    end=era.end_year,
                    right=right,
                ),
                row=position + _ROW_OFFSET,
                column="era",
                value=row.era,
            )


def _label(path: Path | str | None, name: str) -> str:
    """How error messages name the file: data/NAME.csv, or the path given."""
    if path is None:
        return f"data/{name}.csv"
    try:
        return f"data/{Path(path).resolve().relative_to(data_dir().resolve())}"
    except ValueError:
        return str(path)


def _unknown(what: str, value: object, allowed: tuple[str, ...]) -> str:
    """An error message naming the bad value, the allowed ones and a close match.

    ``what`` names the kind of value: ``category``, ``claim_id``, ``era`` or ``module``.
    """
    message = tr(f"history.unknown.{what}", value=value, allowed=", ".join(allowed))
    close = difflib.get_close_matches(str(value), allowed, n=1)
    if close:
        message += " " + tr("history.unknown.did_you_mean", id=close[0])
    return message
