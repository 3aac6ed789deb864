"""Distributed ingest on a Dask LocalCluster with 2 worker processes (loopback only).

The same articles ingested serially (the plain ``frontline ingest``) and on the cluster give
identical stores; a worker killed mid-run does not lose or duplicate anything.
"""

from __future__ import annotations

import json
import os
import signal
from datetime import date
from pathlib import Path

import pytest

from bench.distributed import LAYER, generate_articles
from dashboard.cli import main
from geo.distributed import (
    BatchDone,
    connect,
    ingest_articles,
    parse_scheduler,
    process_batch,
)
from geo.errors import InputError
from geo.geocode import correct_place
from geo.store import GeoPackageStore, Store
from tests.common import MINIMAL_THEATRE_TOML

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

ARTICLES = 48
BATCH = 5
TIMEOUT_S = 120
#: testland, whose countries (Iraq) decide an ambiguous name: "Ana" is a town in Iraq too.
IRAQ_TOML = MINIMAL_THEATRE_TOML.replace('title = "Battle of Testland, 2024"',
                                         'title = "Iraq"\ncountries = ["IQ"]')
THEATRE_FEED = [
    {"title": "Fighting at Ana", "text": "Fighting was reported in Ana on Monday, the "
     "military said.", "published": "2024-03-04", "source": "Wire"},
    {"title": "Shelling near Bakhmut", "text": "Russian forces shelled Bakhmut on Monday, the "
     "Ukrainian general staff said.", "published": "2024-03-04", "source": "Wire"},
]


def _snapshot(store: Store) -> tuple:
    span = store.date_range()
    return store.articles(), store.events_between(*span), store.dates()


def _prepare(store: Store) -> None:
    """A place correction the ingest must apply (shipped to the workers)."""
    correct_place(store, "Soledar", lat=48.7, lon=38.1, written_by="test")


@pytest.fixture(scope="module")
def articles():
    return generate_articles(ARTICLES, seed=5, sentences=(3, 6))


@pytest.fixture(scope="module")
def feed(articles, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    path.write_text("\n".join(json.dumps({
        "title": a.title, "text": a.text, "published": a.published.isoformat(),
        "source": a.source, "url": a.url}) for a in articles) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def serial(feed, tmp_path_factory) -> tuple:
    """The reference: the plain serial CLI ingest."""
    path = tmp_path_factory.mktemp("serial") / "serial.gpkg"
    with GeoPackageStore(path, create=True) as store:
        _prepare(store)
    assert main(["--store", str(path), "ingest", str(feed)]) == 0
    with GeoPackageStore(path) as store:
        return _snapshot(store)


@pytest.fixture(scope="module")
def client():
    with connect("local:2", timeout=TIMEOUT_S) as c:
        c.wait_for_workers(2, timeout=TIMEOUT_S)
        yield c


def test_serial_reference_is_meaningful(serial, articles):
    stored, events, _ = serial
    assert len(stored) == ARTICLES and len(events) > ARTICLES
    soledar = [e for e in events if e.place.name == "Soledar"]
    assert soledar and all((e.place.lat, e.place.lon) == (48.7, 38.1) for e in soledar)


def test_cluster_ingest_equals_serial(any_store, client, articles, serial):
    _prepare(any_store)
    seen: list[int] = []
    summary = ingest_articles(articles, any_store, client, layer=LAYER, batch_size=BATCH,
                              task_timeout=TIMEOUT_S, on_batch=lambda d: seen.append(d.index),
                              written_by="test")
    assert seen == list(range(-(-ARTICLES // BATCH)))  # written in batch order
    assert (summary.articles, summary.articles_added) == (ARTICLES, ARTICLES)
    assert _snapshot(any_store) == serial
    version = any_store.data_version()
    again = ingest_articles(articles, any_store, client, layer=LAYER, batch_size=BATCH + 2,
                            task_timeout=TIMEOUT_S, written_by="test")
    assert (again.articles_added, again.events_added) == (0, 0)  # idempotent
    assert any_store.data_version() == version


def test_cli_scheduler_address(client, feed, serial, tmp_path, capsys):
    path = tmp_path / "cli.gpkg"
    with GeoPackageStore(path, create=True) as store:
        _prepare(store)
    address = client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    assert main(["--store", str(path), "ingest", str(feed), "--scheduler", address,
                 "--batch-size", "7"]) == 0
    out = capsys.readouterr().out
    assert "batch 1: 7 articles (7 added)" in out and f"{ARTICLES} articles in 7 batches" in out
    with GeoPackageStore(path) as store:
        assert _snapshot(store) == serial


def test_worker_killed_mid_run(any_store, client, articles, serial):
    """SIGKILL a worker that holds our batches (running, or finished but not yet collected):
    the job finishes, nothing lost or doubled. On the module's cluster (a new one costs
    seconds): its nanny restarts the worker, and the test waits for it."""
    _prepare(any_store)
    killed: list[int] = []
    client.wait_for_workers(2, timeout=TIMEOUT_S)
    pids = client.run(os.getpid)

    def ours(keys) -> bool:
        return any(str(k).startswith("frontline-ingest") for k in keys)

    def kill_once(done: BatchDone) -> None:
        if killed:
            return
        running = [w for w, keys in client.processing().items() if ours(keys)]
        holding = [w for w, keys in client.has_what().items() if ours(keys)]
        victim = (running or holding or list(pids))[0]  # else every batch is queued
        killed.append(pids[victim])
        os.kill(pids[victim], signal.SIGKILL)

    summary = ingest_articles(articles, any_store, client, layer=LAYER, batch_size=BATCH,
                              window=4, task_timeout=TIMEOUT_S, on_batch=kill_once,
                              written_by="test")
    client.wait_for_workers(2, timeout=TIMEOUT_S)  # the nanny restarted it
    assert killed and killed[0] not in client.run(os.getpid).values()
    assert summary.articles == ARTICLES
    stored, events, days = _snapshot(any_store)
    assert len({a.id for a in stored}) == len(stored) == ARTICLES
    assert len({e.id for e in events}) == len(events)
    assert (stored, events, days) == serial


def test_process_batch_is_the_serial_extraction(articles):
    from geo.events import EventExtractor
    from geo.geoparse import Geoparser

    extractor = EventExtractor(Geoparser())
    for item, article in zip(process_batch(articles[:5]), articles[:5], strict=True):
        toponyms = extractor.parser.parse(article.text)
        assert item.places == len(toponyms)
        assert list(item.events) == extractor.extract(article, toponyms)


def test_scheduler_specs_and_errors(feed, tmp_path, capsys, monkeypatch):
    assert parse_scheduler("local") == ("local", None)
    assert parse_scheduler("local:3") == ("local", 3)
    assert parse_scheduler("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    for bad in ("local:0", "local:x", "nonsense", "tcp://"):
        with pytest.raises(InputError, match="--scheduler"):
            parse_scheduler(bad)
    store = tmp_path / "s.gpkg"
    assert main(["--store", str(store), "ingest", str(feed), "--scheduler", "cluster"]) == 1
    assert "--scheduler" in capsys.readouterr().err
    assert not store.exists()  # refused before opening anything
    from tests.pg import free_port

    monkeypatch.setattr("geo.distributed.CONNECT_TIMEOUT_S", 0.5)
    closed = f"tcp://127.0.0.1:{free_port()}"
    assert main(["--store", str(store), "ingest", str(feed), "--scheduler", closed]) == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_cli_local_cluster_dry_run(feed, tmp_path, capsys):
    store = tmp_path / "dry.gpkg"
    assert main(["--store", str(store), "ingest", str(feed), "--scheduler", "local:1",
                 "--batch-size", "20", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.count("(dry run)") == ARTICLES
    assert f"{ARTICLES} articles in 3 batches on 1 workers" in out and "nothing stored" in out
    assert not store.exists()


def test_process_batch_takes_the_theatre_focus_and_name():
    from geo.models import Article

    article = Article(title="Ana", text=THEATRE_FEED[0]["text"], published=date(2024, 3, 4),
                      source="Wire")
    (plain,) = process_batch([article])
    (focused,) = process_batch([article], focus=("IQ",), theatre="testland")
    assert plain.events and focused.events
    assert {e.place.country_code for e in plain.events} != {"IQ"}
    assert {e.place.country_code for e in focused.events} == {"IQ"}
    assert {e.theatre for e in plain.events} == {""}
    assert {e.theatre for e in focused.events} == {"testland"}


def test_cli_scheduler_with_theatre_equals_serial(client, tmp_path, capsys):
    """``ingest --scheduler ... --theatre``: the theatre's focus goes to the workers (Ana
    resolves in Iraq, as in the serial ingest) and the events are stored in the theatre."""
    feed = tmp_path / "theatre.jsonl"
    feed.write_text("\n".join(json.dumps(item) for item in THEATRE_FEED) + "\n",
                    encoding="utf-8")
    toml = tmp_path / "testland.toml"
    toml.write_text(IRAQ_TOML, encoding="utf-8")
    stored = {}
    for kind, extra in (("serial", []), ("dask", ["--scheduler", client.scheduler.address,
                                                  "--batch-size", "1"])):
        path = tmp_path / f"{kind}.gpkg"
        assert main(["--store", str(path), "theatre", "add", str(toml)]) == 0
        assert main(["--store", str(path), "ingest", str(feed), "--theatre", "Testland",
                     *extra]) == 0
        with GeoPackageStore(path) as store:
            span = store.date_range("testland")
            assert span is not None and store.date_range("bakhmut-2023") is None
            events = store.events_between(*span)
            stored[kind] = (store.articles(), events, [e.theatre for e in events])
    assert "2 articles in 2 batches" in capsys.readouterr().out
    assert stored["dask"] == stored["serial"]
    articles, events, theatres = stored["dask"]
    assert len(articles) == 2 and set(theatres) == {"testland"}
    ana = next(a for a in articles if a.title == "Fighting at Ana")
    assert {e.place.country_code for e in events if e.article_id == ana.id} == {"IQ"}
    assert "Bakhmut" in {e.place.name for e in events}


def test_cli_scheduler_refuses_an_unknown_theatre(feed, tmp_path, capsys):
    store = tmp_path / "s.gpkg"
    assert main(["--store", str(store), "ingest", str(feed), "--scheduler", "local:1",
                 "--theatre", "nowhere"]) == 1  # refused before a cluster is started
    err = capsys.readouterr().err
    assert "field '--theatre'" in err and "no theatre 'nowhere'" in err
    with GeoPackageStore(store) as s:
        assert s.articles() == []
