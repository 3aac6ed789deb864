"""Article ingest on ``dask.distributed``: the same geoparse + event extraction, as Dask tasks.

    with connect("local:2") as client:            # or "tcp://scheduler:8786"
        summary = ingest_articles(articles, store, client, batch_size=200)

* The client reads the input and cuts it into batches of articles; each batch is one task,
  :func:`process_batch`, which runs the very functions the serial ingest runs
  (:meth:`geo.geoparse.Geoparser.parse` and :meth:`geo.events.EventExtractor.extract`) with
  the store's place corrections, shipped with every task. Tasks return plain data.
* The client writes each batch's articles and events to the store in ONE transaction
  (:meth:`Store.write`), in batch order, so the store ends up exactly as after a serial
  run: same articles, same events, same order. Content-hash ids make every write idempotent.
* At most ``window`` batches are in flight (bounded memory for any input size).
* Theatres: ``theatre`` names the store theatre the events are stored in and ``focus`` its
  countries tried first for ambiguous place names (:func:`geo.geoparse.parser.theatre_focus`,
  as the serial ``ingest --theatre`` uses); both travel with every task, so a worker parses
  for that theatre and tags its events with it.
* Faults: when a worker dies mid-task the scheduler runs its tasks elsewhere; a batch whose
  task failed for good (e.g. its workers kept dying) is resubmitted up to ``resubmits``
  times. A write that fails rolls back whole; re-running the same ingest adds only what is
  missing, so a killed client is recovered by running it again.

Only the client touches the store, so any store works (a GeoPackage file on the client's
machine or a PostGIS server), and remote workers need only this package installed, not
access to the store or the input files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from geo.errors import DistributedError, FrontlineError, InputError
from geo.models import Article, Event, LayerInfo, Place
from geo.store.base import Batch

if TYPE_CHECKING:
    from distributed import Client

    from geo.store.base import Store

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 100
TASK_TIMEOUT_S = 600.0
"""How long one batch may take (queueing included) before the ingest gives up on it."""
CLUSTER_TIMEOUT_S = 60.0
"""Bound on starting a LocalCluster."""
CONNECT_TIMEOUT_S = 15.0
"""Bound on reaching a remote scheduler."""


@dataclass(frozen=True)
class Parsed:
    """One article after geoparsing and event extraction (a task's output, plain data)."""

    article: Article
    places: int
    events: tuple[Event, ...]


@dataclass(frozen=True)
class BatchDone:
    """What the writer did with one batch (passed to the ``on_batch`` callback)."""

    index: int
    parsed: tuple[Parsed, ...]
    articles_added: int
    events_added: int
    events_unchanged: int
    seconds: float


@dataclass
class IngestSummary:
    """Totals of one distributed ingest."""

    batches: int = 0
    articles: int = 0
    articles_added: int = 0
    events: int = 0
    events_added: int = 0
    resubmitted: int = 0
    seconds: float = 0.0
    workers: int = 0
    per_batch: list[float] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def record(self, done: BatchDone) -> None:
        """Add one written batch to the totals."""
        self.batches += 1
        self.articles += len(done.parsed)
        self.articles_added += done.articles_added
        self.events += sum(len(p.events) for p in done.parsed)
        self.events_added += done.events_added
        self.per_batch.append(done.seconds)


# -- the task (runs on workers) -------------------------------------------------------------

_EXTRACTORS: dict[str, Any] = {}


def _extractor(token: str, overrides: Mapping[str, Place] | None,
               cache_dir: str | None = None, focus: Sequence[str] = ()) -> Any:
    """The worker process's EventExtractor for these corrections and this theatre focus
    (gazetteer loaded once, from the index cache in ``cache_dir`` if given)."""
    key = f"{token}|{','.join(focus)}"
    found = _EXTRACTORS.get(key)
    if found is None:
        from geo.events import EventExtractor
        from geo.gazetteer import load_gazetteer
        from geo.geoparse import Geoparser

        found = EventExtractor(Geoparser(load_gazetteer(cache_dir),
                                         overrides=dict(overrides) if overrides else None,
                                         focus=tuple(focus)))
        _EXTRACTORS.clear()  # one set of corrections at a time is enough
        _EXTRACTORS[key] = found
    return found


def process_batch(articles: Sequence[Article], overrides: Mapping[str, Place] | None = None,
                  token: str = "", cache_dir: str | None = None, focus: Sequence[str] = (),
                  theatre: str = "") -> list[Parsed]:
    """Geoparse and extract events from each article: the Dask task (pure, deterministic).

    Exactly what the serial ``frontline ingest`` does per article. ``overrides`` are the
    store's place corrections (folded name -> Place); ``token`` names that set (cache key);
    ``cache_dir`` is where the worker finds the gazetteer index cache (default: geo's);
    ``focus`` the theatre's countries tried first for ambiguous names; ``theatre`` (a name)
    is set on every event (empty: the events name none, the write's theatre applies).
    """
    extractor = _extractor(token or overrides_token(overrides), overrides, cache_dir, focus)
    out = []
    for article in articles:
        toponyms = extractor.parser.parse(article.text)
        events = extractor.extract(article, toponyms)
        if theatre:
            events = [replace(e, theatre=theatre) for e in events]
        out.append(Parsed(article, len(toponyms), tuple(events)))
    return out


def warm(token: str = "", overrides: Mapping[str, Place] | None = None,
         focus: Sequence[str] = ()) -> int:
    """Load the gazetteer in this worker process ahead of the first batch; its pid."""
    _extractor(token or overrides_token(overrides), overrides, focus=focus)
    return os.getpid()


def overrides_token(overrides: Mapping[str, Place] | None) -> str:
    if not overrides:
        return "none"
    digest = hashlib.sha256()
    for key in sorted(overrides):
        digest.update(f"{key}\x00{overrides[key]!r}\x00".encode())
    return digest.hexdigest()[:16]


def store_overrides(store: Store) -> dict[str, Place]:
    """Every place correction kept in the store, as plain data to ship to workers."""
    return {c.key: c.place for c in store.corrections()}


# -- the scheduler ---------------------------------------------------------------------------

def parse_scheduler(spec: str) -> tuple[str, int | None]:
    """``"local"`` / ``"local:N"`` -> ("local", N or None); an address -> (address, None)."""
    text = spec.strip()
    if text == "local":
        return "local", None
    if text.startswith("local:"):
        count = text.split(":", 1)[1]
        if not count.isdigit() or int(count) < 1:
            raise InputError(f"expected local:N with N >= 1 workers, got {spec!r}",
                             field="--scheduler")
        return "local", int(count)
    if "://" in text and text.split("://", 1)[1]:
        return text, None
    raise InputError(f"expected local, local:N or tcp://HOST:PORT, got {spec!r}",
                     field="--scheduler")


@contextmanager
def connect(spec: str | Client, *, timeout: float | None = None) -> Iterator[Client]:
    """A Dask client: a new LocalCluster on 127.0.0.1 (``local[:N]``, one thread per worker
    process, N = the CPU count by default) or the scheduler at an address. An existing
    Client passes through (and is left open)."""
    from distributed import Client, LocalCluster

    if isinstance(spec, Client):
        yield spec
        return
    target, workers = parse_scheduler(spec)
    if target == "local":
        limit = timeout or CLUSTER_TIMEOUT_S
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
                               silence_logs=logging.ERROR)
        try:
            with Client(cluster, timeout=limit) as client:
                yield client
        finally:
            cluster.close(timeout=limit)
        return
    try:
        client = Client(target, timeout=timeout or CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise DistributedError(f"cannot reach the Dask scheduler at {target} ({exc})") from exc
    try:
        yield client
    finally:
        client.close()


# -- the driver (runs on the client) ---------------------------------------------------------

def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of ``size`` articles (the last may be shorter)."""
    if size < 1:
        raise InputError("must be at least 1", field="--batch-size")
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_articles(articles: Iterable[Article], store: Store | None, client: Client, *,
                    layer: LayerInfo, batch_size: int = DEFAULT_BATCH_SIZE,
                    overrides: Mapping[str, Place] | None = None, window: int | None = None,
                    resubmits: int = 2, task_timeout: float = TASK_TIMEOUT_S,
                    on_batch: Callable[[BatchDone], None] | None = None,
                    cache_dir: str | None = None, written_by: str, theatre: str = "",
                    focus: Sequence[str] = ()) -> IngestSummary:
    """Process ``articles`` on the cluster; write each batch to ``store`` in one transaction
    (recorded as written by ``written_by``), into ``theatre`` (empty: the default theatre).

    ``store=None`` is a dry run (nothing written; ``on_batch`` still sees every result).
    ``overrides`` default to the store's corrections; ``cache_dir`` is passed to each task
    (the workers' gazetteer index cache), and so are ``focus`` (the theatre's countries
    tried first, :func:`geo.geoparse.parser.theatre_focus`) and ``theatre``. See the module
    docstring.
    """
    from distributed import wait

    started = time.perf_counter()
    if overrides is None:
        overrides = store_overrides(store) if store is not None else {}
    token = overrides_token(overrides)
    # Corrections travel inside each task (a few KB): nothing is lost when a worker dies.
    shipped = dict(overrides) or None
    workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
    window = window or max(2, 2 * max(1, workers))
    summary = IngestSummary(workers=workers)
    run_id = hashlib.sha256(f"{time.time_ns()}-{os.getpid()}".encode()).hexdigest()[:10]
    pending: deque[tuple[int, list[Article], Any, int]] = deque()
    source = enumerate(batches(articles, batch_size))

    focus = tuple(focus)

    def submit(index: int, batch: list[Article], attempt: int) -> Any:
        return client.submit(process_batch, batch, shipped, token, cache_dir, focus, theatre,
                             pure=False, key=f"frontline-ingest-{run_id}-{index}-{attempt}")

    def refill() -> None:
        while len(pending) < window:
            nxt = next(source, None)
            if nxt is None:
                return
            index, batch = nxt
            pending.append((index, batch, submit(index, batch, 0), 0))

    refill()
    while pending:
        index, batch, future, attempt = pending.popleft()
        batch_started = time.perf_counter()
        try:
            wait(future, timeout=task_timeout)
            parsed: list[Parsed] = future.result(timeout=task_timeout)
        except Exception as exc:  # noqa: BLE001 - a lost or failed task: try again elsewhere
            if isinstance(exc, FrontlineError) or attempt >= resubmits:
                raise DistributedError(f"batch {index} ({len(batch)} articles, first "
                                       f"{batch[0].title[:60]!r}) failed after {attempt + 1} "
                                       f"attempts: {type(exc).__name__}: {exc}") from exc
            log.warning("batch %d failed (%s: %s); resubmitting", index, type(exc).__name__, exc)
            summary.resubmitted += 1
            future.release()
            pending.appendleft((index, batch, submit(index, batch, attempt + 1), attempt + 1))
            continue
        future.release()
        refill()  # keep the workers busy while we write
        done = _write(store, layer, index, parsed, batch_started, written_by, theatre)
        summary.record(done)
        if on_batch is not None:
            on_batch(done)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(store: Store | None, layer: LayerInfo, index: int, parsed: list[Parsed],
           started: float, written_by: str, theatre: str = "") -> BatchDone:
    events = [event for item in parsed for event in item.events]
    if store is None:
        return BatchDone(index, tuple(parsed), 0, 0, 0, time.perf_counter() - started)
    result = store.write(Batch(layers=[layer], articles=[p.article for p in parsed],
                               events=events, written_by=written_by, theatre=theatre))
    return BatchDone(index, tuple(parsed), result.articles_added, result.events_added,
                     result.events_unchanged, time.perf_counter() - started)


def ingest_serial(articles: Iterable[Article], store: Store | None, *, layer: LayerInfo,
                  batch_size: int = DEFAULT_BATCH_SIZE,
                  overrides: Mapping[str, Place] | None = None,
                  on_batch: Callable[[BatchDone], None] | None = None,
                  written_by: str, theatre: str = "",
                  focus: Sequence[str] = ()) -> IngestSummary:
    """The same batches in this process, one after another (the baseline for benchmarks)."""
    started = time.perf_counter()
    if overrides is None:
        overrides = store_overrides(store) if store is not None else {}
    token = overrides_token(overrides)
    summary = IngestSummary(workers=1)
    for index, batch in enumerate(batches(articles, batch_size)):
        batch_started = time.perf_counter()
        parsed = process_batch(batch, overrides, token, focus=focus, theatre=theatre)
        done = _write(store, layer, index, parsed, batch_started, written_by, theatre)
        summary.record(done)
        if on_batch is not None:
            on_batch(done)
    summary.seconds = time.perf_counter() - started
    return summary
