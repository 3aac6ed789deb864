"""Many viewers, one writer, on PostGIS: two reader processes read while imports are written.

Readers never see half an import (not in one query, not across the queries of a snapshot),
and they pick up each new import without a restart through a cache keyed by the store's
data version (as the app does). The writer pauses in the middle of each import, with part of
it already COPYed inside the open transaction, until the readers have read again: so reads
provably happen while an import is half-written. No fixed sleeps: every wait is on a
condition, bounded by a timeout.

Run as a script, this file is the reader process: ``python test_concurrency.py URL STOP``.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

IMPORTS = 4
PER_IMPORT = 600
CHUNK = 250  # the writer's COPY chunk here: an import is 3 COPY rounds in one transaction
DAY = date(2023, 3, 13)
TIMEOUT_S = 60.0
ROOT = Path(__file__).resolve().parents[2]


def _event(i: int, j: int):
    from geo.models import Event, EventKind, Place

    return Event(day=DAY, place=Place("Bakhmut", 48.6 + j * 1e-5, 38.0, "UA"),
                 kind=EventKind.GROUND_FIGHTING, summary=f"import {i} event {j}",
                 source="wire", article_id=f"import-{i}", layer="conc")


def _zone(i: int):
    from shapely.geometry import box

    from geo.models import Side, ZoneReport

    return ZoneReport(f"import-{i}", Side.RUSSIAN, DAY, box(38 + i / 10, 48, 38.05 + i / 10,
                                                            48.05), "wire", layer="conc")


# -- the reader process ------------------------------------------------------------------------

def reader(url: str, stop: Path) -> int:
    from geo.store import open_store
    from geo.timeline import snapshot

    violations: list[str] = []
    versions: dict[str, int] = {}
    frames: dict[str, int] = {}  # the app's cache, keyed by data version
    reads = 0
    deadline = time.monotonic() + 2 * TIMEOUT_S
    with open_store(url) as store:
        while not stop.exists() and time.monotonic() < deadline:
            # One query: every import is there whole or not at all.
            counts = Counter(e.article_id for e in store.events_between(DAY, DAY))
            violations += [f"{imp}: {n} of {PER_IMPORT} events in one query"
                           for imp, n in counts.items() if n != PER_IMPORT]
            # One map frame as the app builds it (geo.timeline.snapshot), inside a store
            # snapshot: the version, the zones and the events agree.
            with store.snapshot():
                version = store.data_version()
                frame = snapshot(store, DAY, window_days=1)
            zones = {z.zone_id for z in frame.zones}
            events = Counter(e.article_id for e in frame.events)
            if set(events) != zones or any(n != PER_IMPORT for n in events.values()):
                violations.append(f"snapshot: zones {sorted(zones)} vs events {dict(events)}")
            if versions.setdefault(version, len(zones)) != len(zones):
                violations.append(f"version {version} seen with {versions[version]} and "
                                  f"{len(zones)} imports")
            if version not in frames:  # new data version: rebuild the cached frame
                frames[version] = len(zones)
            reads += 1
            print(json.dumps({"reads": reads, "imports": frames[version]}), flush=True)
    print(json.dumps({"done": True, "reads": reads, "violations": violations[:20],
                      "versions": len(versions), "frames": len(frames)}), flush=True)
    return 0


# -- the test (the writer) ---------------------------------------------------------------------

class Reader:
    def __init__(self, url: str, stop: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, url, str(stop)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[dict] = queue.Queue()
        self.last: dict = {"reads": 0, "imports": -1}
        self.final: dict | None = None
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def poll(self, timeout: float) -> None:
        try:
            item = self.lines.get(timeout=timeout)
        except queue.Empty:
            return
        if item.get("done"):
            self.final = item
        else:
            self.last = item


def wait_for(readers: list[Reader], condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not all(condition(r.last) for r in readers):
        if time.monotonic() > deadline:
            raise AssertionError(f"readers did not {what} within {TIMEOUT_S} s: "
                                 f"{[r.last for r in readers]}")
        for r in readers:
            if r.proc.poll() is not None and r.lines.empty():
                raise AssertionError(f"a reader exited ({r.proc.returncode}): "
                                     f"{r.proc.stderr.read()[-2000:]}")
            r.poll(0.05)


def test_readers_never_see_half_an_import(postgis_url, tmp_path, monkeypatch):
    from geo.models import LayerInfo
    from geo.store import Batch, open_store
    from geo.store import postgis as pgs

    monkeypatch.setattr(pgs.PostGISStore, "chunk_size", CHUNK)
    layer = LayerInfo("conc", "Concurrency test", "test", "test")
    stop = tmp_path / "stop"
    with open_store(postgis_url, create=True) as store:
        readers = [Reader(postgis_url, stop) for _ in range(2)]
        try:
            wait_for(readers, lambda last: last["imports"] == 0, "start")
            mid_import_reads = []
            for i in range(IMPORTS):
                def events(i=i):
                    for j in range(PER_IMPORT):
                        if j == CHUNK + 1:  # one chunk is COPYed, the transaction is open
                            target = [r.last["reads"] + 2 for r in readers]
                            for r, t in zip(readers, target, strict=True):
                                wait_for([r], lambda last, t=t: last["reads"] >= t,
                                         "read during the import")
                            mid_import_reads.append([r.last["imports"] for r in readers])
                        yield _event(i, j)

                result = store.write(Batch(layers=[layer], zone_reports=[_zone(i)],
                                           events=events(), written_by="test"))
                assert (result.zones_added, result.events_added) == (1, PER_IMPORT)
                wait_for(readers, lambda last, n=i + 1: last["imports"] == n,
                         f"see import {i + 1} (new data version)")
            # While import i was half-written, readers still saw exactly i imports.
            assert mid_import_reads == [[i, i] for i in range(IMPORTS)]
        finally:
            stop.touch()
            for r in readers:
                try:
                    r.proc.wait(TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    r.proc.kill()
                    r.proc.wait(10)
                while r.final is None and not r.lines.empty():
                    r.poll(0)
        for r in readers:
            assert r.final is not None, r.proc.stderr.read()[-2000:]
            assert r.final["violations"] == []
            assert r.final["versions"] == r.final["frames"] == IMPORTS + 1
            assert r.final["reads"] > 2 * IMPORTS


def test_app_shows_new_data_without_restart(postgis_url, monkeypatch):
    """The Streamlit app on PostGIS: an import made while it runs shows on the next rerun."""
    from streamlit.testing.v1 import AppTest

    from dashboard.seeding import seed_store
    from geo.models import LayerInfo
    from geo.store import Batch, open_store

    with open_store(postgis_url, create=True) as store:
        seed_store(store, written_by="test")
        last = store.date_range()[1]
    monkeypatch.setenv("FRONTLINE_STORE", postgis_url)
    def slider_max() -> date:  # AppTest gives a date slider's bounds in µs since the epoch
        return datetime.fromtimestamp(at.slider(key="day").max / 1e6, UTC).date()

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception
    assert slider_max() == last
    later = date(last.year + 1, 1, 1)
    with open_store(postgis_url) as writer:  # another process would do the same
        writer.write(Batch(layers=[LayerInfo("conc", "Concurrency test", "test", "test")],
                           events=[replace(_event(99, 0), day=later, id="")], written_by="test"))
    at.run()
    assert not at.exception
    assert slider_max() == later
    from dashboard.background import wait_for_jobs

    wait_for_jobs(TIMEOUT_S)  # the app's deferred builds read the store


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(reader(sys.argv[1], Path(sys.argv[2])))

