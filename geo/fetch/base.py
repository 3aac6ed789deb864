"""The small interface every live source implements (after geopy's geocoders).

One class per service, options keyword-only. :meth:`Source.fetch_new` yields what is new,
one :class:`Fetched` per unit that must be stored in one transaction (a DeepState snapshot,
an article): nothing new is an empty iterator, a broken service raises
:class:`geo.errors.FetchError`. Each class carries its layer's licence and attribution
(``LAYER``). :func:`run_source` stores each unit as it comes, through the importers' one
write path, and remembers the HTTP validators of a unit only once it is stored.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from geo.fetch.http import HttpClient, Response
from geo.ingest.common import Batch, import_batch
from geo.models import LayerInfo
from geo.store.base import Store

log = logging.getLogger(__name__)


@dataclass
class Fetched:
    """One unit of new data (``batch`` None: only validators to remember, e.g. the list
    of a source once every unit it named is stored)."""

    label: str
    batch: Batch | None
    responses: list[Response] = field(default_factory=list)


@dataclass
class RunResult:
    """What one run of a source did."""

    source: str
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    zones_added: int = 0
    events_added: int = 0
    articles_added: int = 0
    requests: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


class Source(ABC):
    """A live source: ``NAME`` is its key in ``sources.toml``, ``LAYER`` its licence."""

    NAME: ClassVar[str]
    LAYER: ClassVar[LayerInfo]

    def __init__(self, *, client: HttpClient) -> None:
        self.client = client

    @abstractmethod
    def fetch_new(self, store: Store) -> Iterator[Fetched]:
        """What ``store`` lacks, unit by unit (each stored before the next is fetched)."""


def run_source(source: Source, store: Store, *, written_by: str,
               dry_run: bool = False) -> RunResult:
    """Fetch and store what is new, one transaction per unit: a run stopped at any point
    keeps every unit stored before it and nothing of the unit in flight."""
    result = RunResult(source=source.NAME)
    before = source.client.requests
    for fetched in source.fetch_new(store):
        if fetched.batch is not None:
            outcome = import_batch(store, fetched.batch, written_by=written_by,
                                   dry_run=dry_run)
            for what, n in fetched.batch.counts.items():
                result.count(what, n)
            (result.stored if outcome.changed else result.unchanged).append(fetched.label)
            result.zones_added += outcome.zones_added
            result.events_added += outcome.events_added
            result.articles_added += outcome.articles_added
        if not dry_run:
            source.client.remember(*fetched.responses)
    result.requests = source.client.requests - before
    log.info("%s: %d stored, %d unchanged, %d request(s)", source.NAME, len(result.stored),
             len(result.unchanged), result.requests)
    return result
