"""A serial ``frontline ingest`` killed with SIGKILL part-way leaves every article either
stored with all its events or absent; running it again completes the store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench.distributed import generate_articles
from geo.store import GeoPackageStore
from tests.common import ROOT

ARTICLES = 150
KILL_AFTER = 10  # articles stored when the writer is killed


def _stored(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet, or busy


def _ingest(feed: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dashboard", "--store", str(store), "ingest",
                             str(feed)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)))


def _events_per_article(path: Path) -> tuple[set[str], Counter]:
    with GeoPackageStore(path) as store:
        articles = {a.id for a in store.articles()}
        span = store.date_range()
        events = store.events_between(*span) if span else []
    return articles, Counter(e.article_id for e in events)


def test_killed_ingest_keeps_articles_whole_and_resumes(tmp_path):
    feed = tmp_path / "feed.jsonl"
    articles = generate_articles(ARTICLES)
    feed.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text,
                                        "published": a.published.isoformat(), "source": a.source,
                                        "url": a.url}) + "\n" for a in articles))
    killed = tmp_path / "killed.gpkg"
    proc = _ingest(feed, killed)
    deadline = time.monotonic() + 120
    while _stored(killed) < KILL_AFTER and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the ingest finished before it could be killed: make it longer"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)

    stored, events = _events_per_article(killed)
    assert KILL_AFTER <= len(stored) < ARTICLES
    assert set(events) <= stored  # no event without its article

    assert _ingest(feed, killed).wait(300) == 0  # re-running completes it
    final, final_events = _events_per_article(killed)
    assert final == {a.id for a in articles}
    assert sum(final_events.values()) > ARTICLES
    for article_id in stored:  # what was stored before the kill was whole: nothing was added
        assert events[article_id] == final_events[article_id], article_id
