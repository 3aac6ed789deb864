"""Provenance popups say who entered a hand-drawn zone or an event from an article (reviewed
in the app or ingested), read back from a real store, escaped for HTML and JS."""

from __future__ import annotations

from datetime import date

import folium
from shapely.geometry import box

from geo.models import Event, EventKind, Place, Side, ZoneReport
from geo.store import Batch, GeoPackageStore
from layers.events import ENTERED_BY_LAYERS, events_layer
from layers.zones import zones_layer

DAY = date(2023, 3, 13)
HOSTILE = "user:<img src=x onerror=alert(1)>`${document.cookie}`\\"
BAKHMUT = Place("Bakhmut", 48.6, 38.0, "UA")


def _stored(tmp_path, batch: Batch) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path / "s.gpkg", create=True)
    store.write(batch)
    return store


def _inert(html: str) -> None:
    assert "<img" not in html and "${" not in html and "`" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_drawn_zone_popup_names_who_entered_it(tmp_path):
    drawn = ZoneReport("d/russian", Side.RUSSIAN, DAY, box(38, 48, 38.1, 48.1), "ISW",
                       layer="drawn")
    seed = ZoneReport("s/russian", Side.RUSSIAN, DAY, box(37, 48, 37.1, 48.1), "ISW",
                      layer="seed")
    with _stored(tmp_path, Batch(zone_reports=[drawn, seed], written_by=HOSTILE)) as store:
        zones = store.zones_at(DAY)
    popups = {f["properties"]["popup"] for f in zones_layer(zones).data["features"]}
    (drawn_popup,) = [p for p in popups if "Entered by:" in p]
    _inert(drawn_popup)
    assert len(popups) == 2  # the imported (seed) zone does not name its importer


def test_article_event_popup_names_who_entered_it(tmp_path):
    from geo.events import EVENT_LAYER

    assert EVENT_LAYER in ENTERED_BY_LAYERS  # the layer reviewed/ingested events carry
    reviewed = Event(DAY, BAKHMUT, EventKind.SHELLING_STRIKE, "reviewed", "Wire", layer=EVENT_LAYER)
    imported = Event(DAY, BAKHMUT, EventKind.SHELLING_STRIKE, "imported", "ACLED", layer="acled")
    with _stored(tmp_path, Batch(events=[reviewed, imported], written_by=HOSTILE)) as store:
        events = store.events_between(DAY, DAY)
    layer = events_layer(events, DAY, 14)
    props = {f["properties"]["s"]: f["properties"] for f in layer.data["features"]}
    _inert(props["reviewed"]["w"])
    assert "w" not in props["imported"]
    m = folium.Map(tiles=None)
    layer.add_to(m)
    page = m.get_root().render()
    assert "Entered by: ' + p.w" in page  # the browser shows it (already escaped)
    assert "<img src=x" not in page


def test_event_feature_follows_its_writer(tmp_path):
    """The feature cache is keyed by writer too: the same event stored by someone else (in
    another store) is not shown with the first one's name."""
    event = Event(DAY, BAKHMUT, EventKind.SHELLING_STRIKE, "same", "Wire", layer="articles")
    shown = []
    for name, writer in (("a", "user:alice"), ("b", "user:bob")):
        with GeoPackageStore(tmp_path / f"{name}.gpkg", create=True) as store:
            store.write(Batch(events=[event], written_by=writer))
            (stored,) = store.events_between(DAY, DAY)
        shown.append(events_layer([stored], DAY, 14).data["features"][0]["properties"]["w"])
    assert shown == ["user:alice", "user:bob"]
