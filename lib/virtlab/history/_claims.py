"""The claims of the source text, each with a verdict, a correction and its evidence.

The claims live in ``data/seed_claims.csv`` (descriptor
``data/seed_claims.schema.yaml``): every statement of the course's Korean
source text about a date, an origin, a classification or a technique, quoted
exactly, with the verdict (correct, partly, wrong), the correction in English
and Korean, and the history events that hold the evidence. This module joins
the two tables and checks that their links hold in both directions.

Taught in notebook ``05-history``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from virtlab.datasets import DataError, load_table
from virtlab.history._events import _ROW_OFFSET, _label, _unknown
from virtlab.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Claim", "claim", "seed_claims"]

_SEPARATOR = " | "


@dataclass(frozen=True)
class Claim:
    """One claim of the source text, what is right about it, and where that is shown."""

    claim_id: str
    kind: str
    claim_ko: str
    claim_en: str
    verdict: str
    correction_en: str
    correction_ko: str
    event_ids: tuple[str, ...]
    source_urls: tuple[str, ...]

    @property
    def is_correct(self) -> bool:
        """True when the source text got this claim right."""
        return self.verdict == "correct"


def seed_claims(
    path: Path | str | None = None, *, events_path: Path | str | None = None
) -> pd.DataFrame:
    """The source text's claims with their verdicts, corrections and evidence.

    Each row is a claim of ``data/seed_claims.csv``, plus two columns that list
    its evidence events oldest first, as ``YEAR[-MM] title``: ``evidence_en``
    and ``evidence_ko`` (items separated by ' | ').

    Args:
        path: read this claims CSV instead of ``data/seed_claims.csv``.
        events_path: read this history CSV instead of ``data/history.csv``.

    Returns:
        A new DataFrame, one row per claim, in the order of the source text.

    Raises:
        DataError: a row breaks a descriptor, a claim names an event that does
            not exist, or an event names a claim that does not list it as
            evidence; the message names file, row, column and value.

    Taught in notebook ``05-history``.

    >>> claims = seed_claims()
    >>> claims.set_index("claim_id").loc["S31", "verdict"]
    'wrong'
    >>> claims.set_index("claim_id").loc["S31", "evidence_en"].split(" | ")[0]
    '2014-06 Google open-sources Kubernetes'
    """
    claims = load_table("seed_claims", path)
    events = load_table("history", events_path)
    claims_label, events_label = _label(path, "seed_claims"), _label(events_path, "history")
    _check_evidence_exists(claims, set(events["id"]), claims_label)
    _check_events_point_back(events, claims, events_label)

    dated = events.assign(
        when=[_when(y, m) for y, m in zip(events["year"], events["month"], strict=True)]
    )
    dated = dated.sort_values(["year", "month"], kind="stable", na_position="last")
    english = {str(r.id): f"{r.when} {r.title_en}" for r in dated.itertuples(index=False)}
    korean = {str(r.id): f"{r.when} {r.title_ko}" for r in dated.itertuples(index=False)}
    order = {event_id: i for i, event_id in enumerate(dated["id"])}

    def listed(ids: str, titles: dict[str, str]) -> str:
        ordered = sorted(_split(ids), key=order.__getitem__)
        return _SEPARATOR.join(titles[i] for i in ordered)

    return claims.assign(
        evidence_en=[listed(ids, english) for ids in claims["event_ids"]],
        evidence_ko=[listed(ids, korean) for ids in claims["event_ids"]],
    ).reset_index(drop=True)


def claim(claim_id: str) -> Claim:
    """One claim of the source text, as a record.

    Args:
        claim_id: the claim's id, e.g. ``"S23"``; see :func:`seed_claims`.

    Returns:
        The :class:`Claim`.

    Raises:
        ValueError: there is no claim with that id; the message lists them.

    Taught in notebook ``05-history``.

    >>> c = claim("S25")
    >>> c.verdict, c.event_ids[0]
    ('wrong', 'mount-namespace')
    """
    claims = load_table("seed_claims").set_index("claim_id", drop=False)
    if claim_id not in claims.index:
        raise ValueError(_unknown("claim_id", claim_id, tuple(claims.index)))
    row = claims.loc[claim_id]
    return Claim(
        claim_id=str(row["claim_id"]),
        kind=str(row["kind"]),
        claim_ko=str(row["claim_ko"]),
        claim_en=str(row["claim_en"]),
        verdict=str(row["verdict"]),
        correction_en=str(row["correction_en"]),
        correction_ko=str(row["correction_ko"]),
        event_ids=_split(str(row["event_ids"])),
        source_urls=_split(str(row["source_url"])),
    )


def _check_evidence_exists(claims: pd.DataFrame, event_ids: set[str], label: str) -> None:
    """Every event a claim cites as evidence is a row of the history."""
    for position, ids in enumerate(claims["event_ids"]):
        for event_id in _split(ids):
            if event_id not in event_ids:
                raise DataError(
                    label,
                    tr("history.data.no_such_event"),
                    row=position + _ROW_OFFSET,
                    column="event_ids",
                    value=event_id,
                )


def _check_events_point_back(events: pd.DataFrame, claims: pd.DataFrame, label: str) -> None:
    """An event that restates a claim is among that claim's evidence and shares its verdict."""
    by_id = claims.set_index("claim_id")
    for position, row in enumerate(events.itertuples(index=False)):
        if not isinstance(row.claim_ids, str):
            continue
        verdicts = set()
        for claim_id in _split(row.claim_ids):
            if claim_id not in by_id.index:
                raise DataError(
                    label,
                    tr("history.data.no_such_claim"),
                    row=position + _ROW_OFFSET,
                    column="claim_ids",
                    value=claim_id,
                )
            if row.id not in _split(str(by_id.at[claim_id, "event_ids"])):
                raise DataError(
                    label,
                    tr("history.data.not_in_evidence", event=row.id),
                    row=position + _ROW_OFFSET,
                    column="claim_ids",
                    value=claim_id,
                )
            verdicts.add(str(by_id.at[claim_id, "verdict"]))
        if row.verdict not in verdicts:
            raise DataError(
                label,
                tr("history.data.verdict_mismatch", verdicts=", ".join(sorted(verdicts))),
                row=position + _ROW_OFFSET,
                column="verdict",
                value=row.verdict,
            )


def _split(ids: str) -> tuple[str, ...]:
    """The items of a ' | '-separated cell."""
    return tuple(item.strip() for item in ids.split(_SEPARATOR))


def _when(year: object, month: object) -> str:
    """A date as the evidence lists show it: 2014-06, or 2014 when the month is unknown."""
    import pandas as pd

    if month is None or month is pd.NA or month != month:  # NaN is not equal to itself
        return f"{year}"
    return f"{year}-{int(str(month)):02d}"
