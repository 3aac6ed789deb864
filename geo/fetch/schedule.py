"""Running configured sources: each run recorded, one process per source at a time (a lock
in the store), and how fresh each source is (``frontline watch``, ``frontline sources``)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from geo.errors import FrontlineError, InputError, SourceConfigError
from geo.fetch import SOURCES
from geo.fetch.base import RunResult, Source, check_theatre, run_source
from geo.fetch.config import SourceConfig, SourcesConfig
from geo.fetch.deepstate import DeepStateSource
from geo.fetch.feeds import FeedSource, event_extractor
from geo.fetch.http import HttpClient
from geo.fetch.state import RUN_ERROR, RUN_OK, RUN_RUNNING, Ledger, Run
from geo.fetch.ucdp import UCDPSource
from geo.store.base import Store

log = logging.getLogger(__name__)

LOCK_TTL = timedelta(hours=2)
"""A run holds its source's lock this long at most (a killed run frees it then)."""


def holder_name() -> str:
    """Who holds a lock: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_gone(holder: str) -> bool:
    """Whether a lock holder ``host:pid`` of this host is a process that no longer exists
    (a run killed with kill -9 leaves its lock behind; holders on other hosts wait for the
    lock to expire)."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def check_theatres(config: SourcesConfig, store: Store) -> None:
    """Every source's ``theatre`` is a theatre of ``store`` with the sides the source writes
    (DeepState: russian, ukrainian, contested); else SourceConfigError naming the file, the
    source and the field. ``watch`` checks this before running anything."""
    for source in config.sources.values():
        name = source.options.get("theatre", "")
        try:
            check_theatre(store.theatre(name or None), SOURCES[source.type])
        except InputError as exc:
            raise SourceConfigError(f"{config.path or 'sources.toml'}: [sources.{source.name}], "
                                    f"field 'theatre': {exc.message}") from exc


def make_source(config: SourceConfig, *, client: HttpClient, store: Store,
                secrets: Mapping[str, str] | None = None) -> Source:
    """The Source object of one configured source; ``secrets`` (the caller's environment)
    gives the tokens the configuration names (``token_env``). A ``theatre`` must be one of
    the store's (its countries are the feed geoparser's focus)."""
    options = dict(config.options)
    if config.type == "deepstate":
        return DeepStateSource(client=client, **options)
    if config.type == "ucdp":
        name = options.pop("token_env", None)
        token = (secrets or {}).get(name) if name else None
        if name and not token:
            raise SourceConfigError(f"[sources.{config.name}]: the environment variable "
                                    f"{name} (token_env) is not set")
        return UCDPSource(client=client, token=token, **options)
    focus: tuple[str, ...] = ()
    if options.get("theatre"):
        from geo.geoparse.parser import theatre_focus

        focus = theatre_focus(store.theatre(options["theatre"]))
    return FeedSource(client=client, name=config.name,
                      extractor=event_extractor(store, focus=focus), **options)


@dataclass(frozen=True)
class Outcome:
    """What happened to one source in one pass."""

    name: str
    status: str
    """``ok``, ``error`` or ``locked`` (another process runs it) or ``not due``."""
    run: Run | None = None
    result: RunResult | None = None
    message: str = ""


def run_configured(config: SourceConfig, *, store: Store, ledger: Ledger,
                   client: HttpClient, written_by: str, holder: str | None = None,
                   secrets: Mapping[str, str] | None = None) -> Outcome:
    """Run one source under its lock, recording the run (its error too)."""
    holder = holder or holder_name()
    if not ledger.acquire(config.name, holder, ttl=LOCK_TTL, gone=holder_gone):
        log.info("%s: another process runs it; skipped", config.name)
        return Outcome(config.name, "locked", message="another process runs this source")
    try:
        for stale in ledger.runs(config.name, limit=20):  # we hold the lock: none can run
            if stale.result == RUN_RUNNING:
                ledger.finish_run(stale, result=RUN_ERROR, counts=stale.counts,
                                  error="interrupted: the process running it stopped "
                                        "before the run ended")
        run = ledger.start_run(config.name, written_by=written_by)
        try:
            source = make_source(config, client=client, store=store, secrets=secrets)
            result = run_source(source, store, written_by=written_by, ledger=ledger)
        except FrontlineError as exc:
            done = ledger.finish_run(run, result=RUN_ERROR, counts={}, error=str(exc))
            log.warning("%s: run failed: %s", config.name, exc)
            return Outcome(config.name, RUN_ERROR, run=done, message=str(exc))
        counts = dict(result.counts)
        counts.update({"stored": len(result.stored), "requests": result.requests,
                       "zones added": result.zones_added, "events added": result.events_added,
                       "articles added": result.articles_added})
        done = ledger.finish_run(run, result=RUN_OK, counts=counts)
        return Outcome(config.name, RUN_OK, run=done, result=result)
    finally:
        ledger.release(config.name, holder)


def _parse(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Freshness:
    """How fresh one source is."""

    name: str
    type: str
    every: timedelta
    last_success: datetime | None
    last_attempt: datetime | None
    last_result: str
    last_error: str
    now: datetime
    last_finished: datetime | None = None
    """Start of the latest finished run (a run still ``running``, or killed, does not make
    the source wait: the lock keeps a second process out of a live one)."""

    @property
    def age(self) -> timedelta | None:
        """Since the last successful run."""
        return self.now - self.last_success if self.last_success else None

    @property
    def overdue(self) -> bool:
        """No success within twice the cadence (or never)."""
        return self.age is None or self.age > 2 * self.every

    @property
    def due(self) -> bool:
        """Time for a new attempt: no finished one within the cadence."""
        return self.last_finished is None or self.now - self.last_finished >= self.every

    def next_due(self) -> datetime:
        return self.now if self.last_finished is None else self.last_finished + self.every


def freshness(config: SourcesConfig, ledger: Ledger, *,
              now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> list[Freshness]:
    """One row per configured source, from its recorded runs."""
    at = now()
    rows = []
    for name, source in config.sources.items():
        runs = ledger.runs(name, limit=200)
        success = next((r for r in runs if r.result == RUN_OK), None)
        attempt = runs[0] if runs else None
        error = next((r for r in runs if r.result == RUN_ERROR), None)
        finished = next((r for r in runs if r.result != RUN_RUNNING), None)
        rows.append(Freshness(
            name=name, type=source.type, every=source.every,
            last_success=_parse(success.finished) if success and success.finished else None,
            last_attempt=_parse(attempt.started) if attempt else None,
            last_result=attempt.result if attempt else "",
            last_error=error.error if error else "", now=at,
            last_finished=_parse(finished.started) if finished else None))
    return rows


def run_due(config: SourcesConfig, *, store: Store, ledger: Ledger, client: HttpClient,
            written_by: str, holder: str | None = None,
            secrets: Mapping[str, str] | None = None,
            now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> list[Outcome]:
    """Run every source that is due (no attempt within its cadence); the others not."""
    outcomes = []
    for row in freshness(config, ledger, now=now):
        if not row.due:
            outcomes.append(Outcome(row.name, "not due",
                                    message=f"next at {row.next_due():%Y-%m-%d %H:%M} UTC"))
            continue
        outcomes.append(run_configured(config.sources[row.name], store=store, ledger=ledger,
                                       client=client, written_by=written_by, holder=holder,
                                       secrets=secrets))
    return outcomes


def seconds_until_due(config: SourcesConfig, ledger: Ledger, *,
                      now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float:
    """How long ``watch`` may sleep before the next source is due."""
    rows = freshness(config, ledger, now=now)
    if not rows:
        return 3600.0
    at = rows[0].now
    return max(0.0, min((r.next_due() - at).total_seconds() for r in rows))


__all__ = ["LOCK_TTL", "RUN_ERROR", "RUN_OK", "RUN_RUNNING", "Freshness", "Outcome",
           "check_theatres", "freshness", "holder_gone", "holder_name",
           "make_source", "run_configured", "run_due", "seconds_until_due"]
