"""What live sources remember between runs, behind one small interface (:class:`Ledger`):
the HTTP validators per URL, the runs of each source, a per-source lock, and the review
queue of events proposed from feeds.

:class:`geo.store.ledger.StoreLedger` keeps it in the store (schema 5);
:class:`MemoryLedger` in one process (tests, ``--dry-run``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from geo.fetch.http import MemoryValidators, ValidatorStore
from geo.store.ledger import StoreLedger, utc_text
from geo.store.schema import (
    REVIEW_ACCEPTED,
    REVIEW_PENDING,
    REVIEW_REJECTED,
    RUN_ERROR,
    RUN_OK,
    RUN_RUNNING,
    Proposal,
    Run,
)


class Ledger(ValidatorStore, Protocol):
    """Validators per URL, runs, locks and the review queue."""

    def start_run(self, source: str, *, written_by: str) -> Run: ...

    def finish_run(self, run: Run, *, result: str, counts: dict[str, int],
                   error: str = "") -> Run: ...

    def runs(self, source: str | None = None, limit: int = 20) -> list[Run]:
        """Latest first."""
        ...

    def acquire(self, source: str, holder: str, *, ttl: timedelta,
                gone: Callable[[str], bool] = ...) -> bool:
        """Take the source's lock (free, expired, already ``holder``'s, or its holder
        ``gone``); False if another holder has it."""
        ...

    def release(self, source: str, holder: str) -> None: ...

    def propose(self, proposals: list[Proposal]) -> int:
        """Queue proposals (an event already queued keeps its status); how many are new."""
        ...

    def queue(self, status: str | None = REVIEW_PENDING) -> list[Proposal]:
        """Proposals, newest first (by the article's day, then proposal time)."""
        ...


class MemoryLedger(MemoryValidators):
    """A :class:`Ledger` in one process."""

    def __init__(self) -> None:
        super().__init__()
        self._runs: list[Run] = []
        self._locks: dict[str, tuple[str, datetime]] = {}
        self._queue: dict[str, Proposal] = {}
        self._lock = threading.Lock()

    def start_run(self, source: str, *, written_by: str) -> Run:
        run = Run(run_id=f"{source}-{len(self._runs) + 1}", source=source,
                  started=utc_text(), written_by=written_by)
        self._runs.append(run)
        return run

    def finish_run(self, run: Run, *, result: str, counts: dict[str, int],
                   error: str = "") -> Run:
        done = replace(run, finished=utc_text(), result=result, counts=dict(counts),
                       error=error)
        self._runs = [done if r.run_id == run.run_id else r for r in self._runs]
        return done

    def runs(self, source: str | None = None, limit: int = 20) -> list[Run]:
        chosen = [r for r in self._runs if source is None or r.source == source]
        return list(reversed(chosen))[:limit]

    def acquire(self, source: str, holder: str, *, ttl: timedelta,
                gone: Callable[[str], bool] = lambda holder: False) -> bool:
        with self._lock:
            now = datetime.now(UTC)
            held = self._locks.get(source)
            if held is not None and held[0] != holder and held[1] > now \
                    and not gone(held[0]):
                return False
            self._locks[source] = (holder, now + ttl)
            return True

    def release(self, source: str, holder: str) -> None:
        with self._lock:
            if self._locks.get(source, ("",))[0] == holder:
                del self._locks[source]

    def propose(self, proposals: list[Proposal]) -> int:
        new = 0
        for proposal in proposals:
            if proposal.event.id not in self._queue:
                self._queue[proposal.event.id] = proposal
                new += 1
        return new

    def queue(self, status: str | None = REVIEW_PENDING) -> list[Proposal]:
        chosen = [p for p in self._queue.values() if status is None or p.status == status]
        return sorted(chosen, key=lambda p: (p.event.source_date or p.event.day,
                                             p.proposed_at), reverse=True)


__all__ = ["REVIEW_ACCEPTED", "REVIEW_PENDING", "REVIEW_REJECTED", "RUN_ERROR", "RUN_OK",
           "RUN_RUNNING", "Ledger", "MemoryLedger", "Proposal", "Run", "StoreLedger",
           "utc_text"]
