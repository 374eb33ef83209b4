"""The cited history of virtual machines and containers, and the course vocabulary.

Three tables in ``data/``, each checked against its descriptor when loaded:

- ``history.csv``: dated events from IBM's CP-40 (1964) to cgroup v2 defaults,
  in English and Korean, each with sources (:func:`load`, :func:`by_category`,
  :func:`between`, :func:`eras`);
- ``seed_claims.csv``: every date, origin and technical claim of the course's
  Korean source text, with a verdict, a correction and its evidence
  (:func:`seed_claims`, :func:`claim`);
- ``glossary.csv``: the course's technical terms in Korean and English
  (:func:`glossary`, :func:`define`).

Errors::

    ValueError
    ├── virtlab.datasets.DataError   a data file breaks its descriptor or a link
    │                                (names file, row, column and value)
    └── (plain ValueError)           a bad argument (names the allowed values)

Importing this package is cheap: pandas and pandera load on first use, and
plotly is never imported here (figures live in :mod:`virtlab.figures`).

Taught in notebook ``05-history``.
"""

from __future__ import annotations

from virtlab.history._claims import Claim, claim, seed_claims
from virtlab.history._events import Era, between, by_category, categories, eras, load
from virtlab.history._glossary import Term, define, glossary, modules

__all__ = [
    "Claim",
    "Era",
    "Term",
    "between",
    "by_category",
    "categories",
    "claim",
    "define",
    "eras",
    "glossary",
    "load",
    "modules",
    "seed_claims",
]
