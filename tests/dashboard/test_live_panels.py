"""The app's live-source panels (AppTest): freshness per source with an overdue warning,
the DeepState snapshot time in the map credits, and the review queue of events proposed
from feeds (accept, reject, correct; escaped)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.fetch.state import StoreLedger
from geo.ingest import import_batch, read_deepstate
from geo.models import ClaimStatus, Event, EventKind, Place
from geo.store import GeoPackageStore
from geo.store.schema import REVIEW_ACCEPTED, REVIEW_REJECTED, Proposal, Run
from tests.common import app_map_page

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
DEEPSTATE = Path(__file__).parents[1] / "data" / "deepstate" / "1678486248.geojson"
HOSTILE = "Bakhmut<img src=x onerror=alert(1)>"
SPAN = (date(2023, 1, 1), date(2023, 12, 31))


def _proposal(summary: str, day: date, confidence: float = 0.5) -> Proposal:
    place = Place(HOSTILE, 48.5956, 37.9999, "UA")
    event = Event(day, place, EventKind.SHELLING_STRIKE, summary, "wire",
                  claim_status=ClaimStatus.CLAIMED, claimed_by="Ukraine",
                  quote="Shelling hit the town <script>alert(2)</script>", source_date=day,
                  confidence=confidence, layer="feed-wire")
    return Proposal(event=event, source="feed-wire", proposed_at="2026-01-01T00:00:00Z",
                    written_by="cli:fetch (test)")


def plain(text: str) -> str:
    """Displayed text without the Markdown escapes of :func:`dashboard.safe.md`."""
    return text.replace("\\", "")


def _store(tmp_path: Path, seeded: Path) -> Path:
    path = tmp_path / "live.gpkg"
    shutil.copy(seeded, path)
    with GeoPackageStore(path) as store:
        import_batch(store, read_deepstate([DEEPSTATE]), written_by="cli:fetch (test)")
        ledger = StoreLedger(store)
        old = Run(run_id="r1", source="deepstate", started="2020-01-01T00:00:00Z",
                  finished="2020-01-01T00:01:00Z", result="ok", written_by="cli:watch")
        with store._transaction() as tx:
            from geo.store.schema import SOURCE_RUNS

            tx.insert(SOURCE_RUNS, [old])
        ledger.propose([_proposal("older report", date(2023, 3, 10)),
                        _proposal("newer report", date(2023, 3, 12))])
    return path


def _app(path: Path, monkeypatch, tmp_path: Path, *, analyst: bool = False) -> AppTest:
    config = tmp_path / "sources.toml"
    config.write_text('[sources.deepstate]\ntype = "deepstate"\nevery = "6h"\n')
    monkeypatch.setenv("FRONTLINE_STORE", str(path))
    monkeypatch.setenv("FRONTLINE_SOURCES", str(config))
    if analyst:
        monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["day"] = "2023-03-13"
    return at.run()


def test_overdue_source_warns_and_credits_show_the_snapshot_time(
        seeded_store_path, tmp_path, monkeypatch):
    at = _app(_store(tmp_path, seeded_store_path), monkeypatch, tmp_path)
    assert not at.exception
    warnings = [plain(w.value) for w in at.warning if "Live source" in w.value]
    assert len(warnings) == 1 and "deepstate" in warnings[0] and "overdue" in warnings[0]
    assert "every 6.0 h" in warnings[0]
    assert any("Live sources: deepstate: last fetched 2020-01-01 00:01 UTC" in plain(c.value)
               for c in at.caption)
    assert "snapshot 2023-03-10 22:10 UTC" in app_map_page(at)  # the map's credits


def test_recent_success_is_not_overdue(seeded_store_path, tmp_path, monkeypatch):
    path = _store(tmp_path, seeded_store_path)
    with GeoPackageStore(path) as store:
        ledger = StoreLedger(store)
        run = ledger.start_run("deepstate", written_by="cli:watch")
        ledger.finish_run(run, result="ok", counts={})
    at = _app(path, monkeypatch, tmp_path)
    assert not any("Live source" in w.value for w in at.warning)  # within its 6 h


def test_review_queue_newest_first_escaped_accept_and_reject(
        seeded_store_path, tmp_path, monkeypatch):
    path = _store(tmp_path, seeded_store_path)
    at = _app(path, monkeypatch, tmp_path, analyst=True)
    at.session_state["panel"] = "Review an article"
    at.run()
    assert not at.exception
    shown = [plain(m.value) for m in at.markdown if "shelling" in m.value]
    assert len(shown) == 2 and "2023-03-12" in shown[0] and "2023-03-10" in shown[1]
    raw = [m.value for m in at.markdown if "shelling" in m.value]
    assert all("\\<img" in m for m in raw)  # escaped: shown as text, not a tag
    assert not any("<script>" in c.value for c in at.caption)
    with GeoPackageStore(path) as store:
        newer, older = StoreLedger(store).queue()
        before = len(store.events_between(*SPAN))
    at.button(key=f"queue_accept_{newer.event.id[:16]}").click().run()
    assert not at.exception
    at.button(key=f"queue_reject_{older.event.id[:16]}").click().run()
    with GeoPackageStore(path) as store:
        ledger = StoreLedger(store)
        assert ledger.queue() == []
        statuses = {p.event.id: (p.status, p.decided_by) for p in ledger.queue(status=None)}
        assert statuses[newer.event.id][0] == REVIEW_ACCEPTED
        assert statuses[older.event.id][0] == REVIEW_REJECTED
        assert statuses[newer.event.id][1].startswith("local-analyst:")
        events = store.events_between(*SPAN)
        assert len(events) == before + 1
        (accepted,) = [e for e in events if e.id == newer.event.id]
        assert accepted.written_by.startswith("local-analyst:")


def test_viewer_never_sees_the_queue(seeded_store_path, tmp_path, monkeypatch):
    at = _app(_store(tmp_path, seeded_store_path), monkeypatch, tmp_path)
    assert not any("Proposed from live feeds" in e.label for e in at.expander)
