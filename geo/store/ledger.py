"""What live sources remember, kept in the store (schema 5): HTTP validators per URL, the
runs of each source, a lock per source and the review queue of proposed events.

None of these writes is map data: they do not change ``data_version``. Accepting a proposal
stores its event through the one write path (:meth:`Store.write`, audited).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from geo.models import Event
from geo.store.base import Batch, Store, upsert_sql
from geo.store.schema import (
    HTTP_VALIDATORS,
    REVIEW_ACCEPTED,
    REVIEW_PENDING,
    REVIEW_QUEUE,
    REVIEW_REJECTED,
    SOURCE_LOCKS,
    SOURCE_RUNS,
    Proposal,
    Run,
    SourceLock,
    ValidatorEntry,
    Validators,
)


def utc_text(moment: datetime | None = None) -> str:
    """ISO 8601 UTC text to the second (sorts as time)."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zone_notes(store: Store, layer: str) -> list[str]:
    """The distinct notes of a layer's zone reports (one text column, no geometry read):
    how a live source tells which snapshots its importer stored."""
    rows = store._rows("SELECT DISTINCT note FROM zone_reports WHERE layer = :layer",
                       {"layer": layer})
    return [note for (note,) in rows if note]


def article_urls_and_texts(store: Store) -> list[tuple[str, str]]:
    """(url, text) of every stored article: what feed deduplication compares against."""
    return [(url or "", text or "") for url, text in
            store._rows("SELECT url, text FROM articles ORDER BY fid")]


class StoreLedger:
    """The ledger of :mod:`geo.fetch.state` over a store's tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- HTTP validators ----------------------------------------------------------------------

    def get_validators(self, url: str) -> Validators | None:
        rows = self.store._select(HTTP_VALIDATORS, "WHERE url = :url", {"url": url})
        return rows[0].validators if rows else None

    def put_validators(self, url: str, validators: Validators) -> None:
        entry = ValidatorEntry(url=url, validators=validators, updated_at=utc_text())
        with self.store._transaction() as tx:
            tx.execute(upsert_sql(HTTP_VALIDATORS), tx.encode(HTTP_VALIDATORS, entry))

    # -- runs -----------------------------------------------------------------------------------

    def start_run(self, source: str, *, written_by: str) -> Run:
        run = Run(run_id=uuid.uuid4().hex, source=source, started=utc_text(),
                  written_by=written_by)
        with self.store._transaction() as tx:
            tx.insert(SOURCE_RUNS, [run])
        return run

    def finish_run(self, run: Run, *, result: str, counts: dict[str, int],
                   error: str = "") -> Run:
        done = replace(run, finished=utc_text(), result=result, counts=dict(counts),
                       error=error)
        with self.store._transaction() as tx:
            params = tx.encode(SOURCE_RUNS, done)
            tx.execute("UPDATE source_runs SET finished = :finished, result = :result, "
                       "counts = :counts, error = :error WHERE run_id = :run_id", params)
        return done

    def runs(self, source: str | None = None, limit: int = 20) -> list[Run]:
        """Latest first."""
        where, params = ("WHERE source = :source ", {"source": source}) if source else ("", {})
        params["limit"] = int(limit)
        return self.store._select(SOURCE_RUNS, f"{where}ORDER BY started DESC, fid DESC "
                                               "LIMIT :limit", params)

    # -- locks ----------------------------------------------------------------------------------

    def acquire(self, source: str, holder: str, *, ttl: timedelta,
                gone: Callable[[str], bool] = lambda holder: False) -> bool:
        """Take the lock of ``source`` if it is free, expired, already ``holder``'s or held
        by a holder that is ``gone`` (a killed process); one write transaction, so two
        processes cannot both take it."""
        now = datetime.now(UTC)
        with self.store._transaction() as tx:
            rows = tx.rows("SELECT holder, expires_at FROM source_locks WHERE source = :s",
                           {"s": source})
            if rows and rows[0][0] != holder and rows[0][1] > utc_text(now) \
                    and not gone(rows[0][0]):
                return False
            lock = SourceLock(source, holder, utc_text(now), utc_text(now + ttl))
            tx.execute(upsert_sql(SOURCE_LOCKS), tx.encode(SOURCE_LOCKS, lock))
        return True

    def release(self, source: str, holder: str) -> None:
        with self.store._transaction() as tx:
            tx.execute("DELETE FROM source_locks WHERE source = :s AND holder = :h",
                       {"s": source, "h": holder})

    def locks(self) -> list[SourceLock]:
        return self.store._select(SOURCE_LOCKS, "ORDER BY source")

    # -- review queue ---------------------------------------------------------------------------

    def propose(self, proposals: list[Proposal]) -> int:
        """Queue proposals; one already queued (same event id) keeps its status."""
        if not proposals:
            return 0
        with self.store._transaction() as tx:
            known = tx.known(REVIEW_QUEUE, [p.event.id for p in proposals])
            new, seen = [], set(known)
            for proposal in proposals:
                if proposal.event.id not in seen:
                    seen.add(proposal.event.id)
                    new.append(proposal)
            if new:
                tx.insert(REVIEW_QUEUE, new)
        return len(new)

    def queue(self, status: str | None = REVIEW_PENDING, limit: int = 500) -> list[Proposal]:
        """Proposals, newest first (the article's day, then when proposed)."""
        where, params = ("WHERE status = :status ", {"status": status}) if status else ("", {})
        params["limit"] = int(limit)
        return self.store._select(
            REVIEW_QUEUE, f"{where}ORDER BY COALESCE(source_date, day) DESC, proposed_at DESC, "
                          "fid DESC LIMIT :limit", params)

    def set_status(self, event_id: str, status: str, *, decided_by: str = "") -> None:
        if status not in (REVIEW_PENDING, REVIEW_ACCEPTED, REVIEW_REJECTED):
            raise ValueError(f"review status {status!r}")
        with self.store._transaction() as tx:
            tx.execute("UPDATE review_queue SET status = :status, decided_by = :by, "
                       "decided_at = :at WHERE event_id = :id",
                       {"status": status, "by": decided_by, "at": utc_text(), "id": event_id})

    def accept(self, proposal: Proposal, *, decided_by: str, event: Event | None = None
               ) -> None:
        """Store the proposed event (or the analyst's correction of it), then mark it
        accepted. Stopped in between, it stays pending and accepting again adds nothing."""
        self.store.write(Batch(events=[event or proposal.event], written_by=decided_by))
        self.set_status(proposal.event.id, REVIEW_ACCEPTED, decided_by=decided_by)

    def reject(self, proposal: Proposal, *, decided_by: str) -> None:
        self.set_status(proposal.event.id, REVIEW_REJECTED, decided_by=decided_by)


LIVE_TABLES = (HTTP_VALIDATORS, SOURCE_RUNS, REVIEW_QUEUE)
"""What moves with ``frontline migrate`` (locks do not: they belong to running processes)."""


def live_state(store: Store) -> dict[str, dict[str, object]]:
    """The live-source rows of ``store`` by table and key (for migration and its check)."""
    return {table.name: {table.column(table.key).get(item): item
                         for item in store._select(table, "ORDER BY " + (
                             "fid" if table.fid else table.key))}
            for table in LIVE_TABLES}


def copy_live_state(source: Store, target: Store) -> dict[str, tuple[int, int]]:
    """Copy validators, runs and the review queue rows that ``target`` lacks, in source
    order, in one transaction of ``target``: (rows in source, rows added) per table. Rows the
    target has already keep their state (idempotent)."""
    counts: dict[str, tuple[int, int]] = {}
    state = live_state(source)
    with target._transaction() as tx:
        for table in LIVE_TABLES:
            rows = state[table.name]
            known = tx.known(table, list(rows)) if rows else set()
            new = [item for key, item in rows.items() if key not in known]
            if new:
                tx.insert(table, new)
            counts[table.name] = (len(rows), len(new))
    return counts
