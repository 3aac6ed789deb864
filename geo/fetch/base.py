"""The small interface every live source implements (after geopy's geocoders).

One class per service, options keyword-only. :meth:`Source.fetch_new` yields what is new,
one :class:`Fetched` per unit that must be stored in one transaction (a DeepState snapshot,
an article): nothing new is an empty iterator, a broken service raises
:class:`geo.errors.FetchError`. Each class carries its layer's licence and attribution
(``LAYER``). :func:`run_source` stores each unit as it comes, through the importers' one
write path, and remembers the HTTP validators of a unit only once it is stored.

A source writes into one theatre (``theatre``, a name of the store's theatres; empty: the
default theatre): its units' zone reports and events are stored in it and the events it
proposes for review carry it. A source whose zone reports use fixed sides (``SIDES``, e.g.
DeepState's russian/ukrainian/contested) refuses a theatre lacking any of them
(:func:`check_theatre`) before anything is fetched.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import ClassVar

from geo.errors import InputError
from geo.fetch.http import HttpClient, Response
from geo.fetch.state import Ledger, Proposal, utc_text
from geo.ingest.common import Batch, import_batch
from geo.models import Article, Event, LayerInfo
from geo.store.base import Batch as StoreBatch
from geo.store.base import ImportResult, Store
from geo.theatre import Theatre

log = logging.getLogger(__name__)


@dataclass
class Fetched:
    """One unit of new data (``batch`` None: only validators to remember, e.g. the list
    of a source once every unit it named is stored)."""

    label: str
    batch: Batch | None
    responses: list[Response] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    """Articles stored with the batch's events (one transaction)."""
    proposed: list[Event] = field(default_factory=list)
    """Events for the review queue (queued before the unit is stored)."""


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
    SIDES: ClassVar[tuple[str, ...]] = ()
    """Side ids of the zone reports the source writes: the theatre must have them all."""

    def __init__(self, *, client: HttpClient, theatre: str = "") -> None:
        self.client = client
        self.theatre = theatre
        """The theatre written into (a stored theatre's name; empty: the default one)."""

    @abstractmethod
    def fetch_new(self, store: Store) -> Iterator[Fetched]:
        """What ``store`` lacks, unit by unit (each stored before the next is fetched)."""


def check_theatre(theatre: Theatre, source: Source | type[Source]) -> Theatre:
    """``theatre`` when it has every side ``source`` writes zone reports of (``SIDES``);
    else InputError (field ``theatre``) naming the missing sides and the theatre's own, the
    store's side check (:meth:`geo.store.theatres.TheatreBook.check_zones`) done before
    anything is fetched."""
    missing = [side for side in source.SIDES if not theatre.has_side(side)]
    if missing:
        raise InputError(
            f"theatre {theatre.name!r} has no side {', '.join(map(repr, missing))} "
            f"({source.NAME} zone reports are {', '.join(source.SIDES)}; the theatre's sides "
            f"are {', '.join(theatre.side_ids)}): choose a theatre with those sides",
            field="theatre")
    return theatre


def source_theatre(store: Store, source: Source) -> Theatre:
    """The stored theatre ``source`` writes into, checked against its sides (InputError,
    field ``theatre``, for a theatre the store lacks or one without the sides)."""
    return check_theatre(store.theatre(source.theatre or None), source)


def run_source(source: Source, store: Store, *, written_by: str, ledger: Ledger | None = None,
               dry_run: bool = False) -> RunResult:
    """Fetch and store what is new, one transaction per unit: a run stopped at any point
    keeps every unit stored before it and nothing of the unit in flight. Proposed events go
    to ``ledger``'s review queue first (required when a source proposes any).

    Everything is stored into ``source.theatre``, checked first (:func:`source_theatre`: a
    theatre the store lacks, or without the source's sides, fails before any request)."""
    if source.theatre or source.SIDES:
        source.theatre = source_theatre(store, source).name if source.theatre else ""
    result = RunResult(source=source.NAME)
    before = source.client.requests
    for fetched in source.fetch_new(store):
        if fetched.proposed and not dry_run:
            if ledger is None:
                raise ValueError(f"{source.NAME} proposes events: run_source needs a ledger")
            now = utc_text()
            layer = fetched.batch.layer.layer if fetched.batch else source.NAME
            result.count("events queued for review", ledger.propose(
                [Proposal(event=_in_theatre(e, source.theatre), source=layer, proposed_at=now,
                          written_by=written_by) for e in fetched.proposed]))
        if fetched.batch is not None:
            outcome = _store(store, fetched, written_by=written_by, dry_run=dry_run,
                             theatre=source.theatre)
            for what, n in fetched.batch.counts.items():
                result.count(what, n)
            (result.stored if outcome.changed else result.unchanged).append(fetched.label)
            result.zones_added += outcome.zones_added
            result.events_added += outcome.events_added
            result.articles_added += outcome.articles_added
        if not dry_run:
            source.client.remember(*fetched.responses)
    for what, n in getattr(source, "counts", {}).items():
        result.count(what, n)
    result.requests = source.client.requests - before
    log.info("%s: %d stored, %d unchanged, %d request(s)", source.NAME, len(result.stored),
             len(result.unchanged), result.requests)
    return result


def _in_theatre(event: Event, theatre: str) -> Event:
    """``event`` carrying ``theatre`` (one naming a theatre already keeps it): a proposed
    event is stored on acceptance by a write that names no theatre."""
    return replace(event, theatre=theatre) if theatre and not event.theatre else event


def _store(store: Store, fetched: Fetched, *, written_by: str, dry_run: bool,
           theatre: str = "") -> ImportResult:
    """Zone reports go through the importers' :func:`import_batch`; an article with its
    events is one store batch; both into ``theatre`` (empty: the default theatre)."""
    batch = fetched.batch
    assert batch is not None
    if not fetched.articles:
        return import_batch(store, batch, written_by=written_by, dry_run=dry_run,
                            theatre=theatre)
    return store.write(StoreBatch(layers=[batch.layer], articles=fetched.articles,
                                  zone_reports=batch.zone_reports, events=batch.events,
                                  written_by=written_by, theatre=theatre), dry_run=dry_run)
