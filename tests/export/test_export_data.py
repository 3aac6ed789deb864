"""Exports that need no browser: request, opsec, licence guard, GeoJSON, GeoPackage, KML, CSV,
the standalone page's embedded data. Each file is read back and checked."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from geo.errors import ExportError
from geo.models import EventKind, Side
from geo.store import GeoPackageStore
from geo.store.base import EventFilter
from layers.assets import assert_offline_html
from layers.export import ExportRequest, Opsec, date_steps, parse_bbox, prepare, prepare_range
from layers.export.data import events_csv, geojson_bytes, geojson_dict, gpkg_bytes, kml_bytes
from layers.export.draw.html import scrubber_data, standalone_html
from layers.export.policy.licence import check_licences, is_restricted
from layers.export.policy.opsec import coarsen
from layers.export.request import size_preset
from tests.common import (
    FIGHT_LATLON,
    HOSTILE,
    RESTRICTED_LAYER,
    STRIKE_LATLON,
    TEST_DAY,
    make_hostile_store,
)

NOW = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    path = make_hostile_store(tmp_path_factory.mktemp("hostile") / "h.gpkg")
    with GeoPackageStore(path) as store:
        yield store


@pytest.fixture(scope="module")
def seeded(seeded_store_path):
    with GeoPackageStore(seeded_store_path) as store:
        yield store


# -- request, opsec, licences --------------------------------------------------------------


def test_sizes_and_bbox_and_steps():
    assert size_preset("screen").pixels == (1600, 1000)
    assert size_preset("1920x1080").pixels == (1920, 1080)
    assert size_preset("a4").pixels == (1754, 1240)
    assert size_preset("800x600").pixels == (800, 600)
    with pytest.raises(ExportError, match="unknown size"):
        size_preset("huge")
    assert parse_bbox("37.5,48.3,38.5,48.9") == (37.5, 48.3, 38.5, 48.9)
    for bad in ("1,2,3", "38,48,37,49", "a,b,c,d"):
        with pytest.raises(ExportError):
            parse_bbox(bad)
    weeks = date_steps(date(2023, 1, 1), date(2023, 1, 20), "week")
    assert weeks == [date(2023, 1, 1), date(2023, 1, 8), date(2023, 1, 15), date(2023, 1, 20)]
    with pytest.raises(ExportError):
        date_steps(date(2023, 2, 1), date(2023, 1, 1))


def test_request_from_a_view_state_carries_its_filters():
    from dashboard.state import ViewState

    state = ViewState(day=date(2023, 3, 13), window_days=14, kinds=(EventKind.JUDICIAL,),
                      sides=(Side.RUSSIAN,), layers=("seed",), front_line=False)
    req = ExportRequest.from_view(state, size="a4")
    assert (req.day, req.window_days, req.size, req.front_line) == (
        date(2023, 3, 13), 14, "a4", False)
    assert req.filters.kinds == (EventKind.JUDICIAL,) and req.sides == (Side.RUSSIAN,)
    assert req.layers == ("seed",)
    assert "kinds: judicial" in req.filter_text()


def test_coarsen_snaps_to_cell_centres():
    assert coarsen(48.6123, 0.1) == 48.65
    assert coarsen(38.0456, 0.1) == 38.05
    assert coarsen(-0.01, 0.1) == -0.05
    with pytest.raises(ExportError):
        Opsec(precision_deg=0)
    with pytest.raises(ExportError):
        Opsec(holdback_days=-1)


def test_licence_guard_flags_restricted_and_unknown_layers(hostile_store, caplog):
    report = check_licences(hostile_store.layers(), {"seed", RESTRICTED_LAYER, "mystery"})
    assert [i.layer for i in report.restricted] == [RESTRICTED_LAYER]
    assert report.unknown == ("mystery",)
    warnings = report.warnings()
    assert any("non-commercial" in w and RESTRICTED_LAYER in w for w in warnings)
    assert any("mystery" in w for w in warnings)
    assert any("CC BY-NC 4.0" in t and "Restricted" in t for t in report.terms())
    assert any("non-commercial" in c for c in report.credits())
    assert "export:" in caplog.text
    info = report.restricted[0]
    assert is_restricted(info)


# -- GeoJSON --------------------------------------------------------------------------------


def _check_rfc7946(data: dict) -> None:
    """The parts of RFC 7946 a consumer relies on."""
    assert data["type"] == "FeatureCollection" and "crs" not in data
    ids = [f["id"] for f in data["features"]]
    assert len(ids) == len(set(ids)), "feature ids must be unique"
    for feature in data["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geom = shape(feature["geometry"])
        assert geom.is_valid, feature["id"]
        coords = shapely.get_coordinates(geom)
        assert ((coords[:, 0] >= -180) & (coords[:, 0] <= 180)).all()
        assert ((coords[:, 1] >= -90) & (coords[:, 1] <= 90)).all()
        for poly in shapely.get_parts(geom):
            if poly.geom_type == "Polygon":
                assert poly.exterior.is_ccw, f"{feature['id']}: exterior ring must be CCW"
                assert all(not ring.is_ccw for ring in poly.interiors)
    west, south, east, north = data["bbox"]
    assert west <= east and south <= north


def test_geojson_is_valid_complete_and_byte_identical(seeded, tmp_path, output_dir):
    req = ExportRequest(day=date(2023, 3, 13), window_days=14)
    first = geojson_bytes(prepare(seeded, req, now=NOW))
    second = geojson_bytes(prepare(seeded, req, now=datetime(2030, 1, 1, tzinfo=UTC)))
    assert first == second
    (output_dir / "export_2023-03-13.geojson").write_bytes(first)
    data = json.loads(first)
    _check_rfc7946(data)
    kinds = [f["properties"]["feature"] for f in data["features"]]
    assert kinds == sorted(kinds, key=["zone", "front_line", "event"].index)
    events = [f["properties"] for f in data["features"] if f["properties"]["feature"] == "event"]
    assert events and [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert all(len(e["date"]) == 10 for e in events)
    assert data["metadata"]["as_of"] == "2023-03-13"
    assert data["metadata"]["data_version"] == seeded.data_version()
    # GDAL reads it back
    path = tmp_path / "x.geojson"
    path.write_bytes(first)
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == len(data["features"])


def test_geojson_holds_exactly_what_is_shown(seeded):
    req = ExportRequest(day=date(2023, 3, 13), window_days=14,
                        filters=EventFilter(kinds=(EventKind.JUDICIAL,)),
                        sides=(Side.RUSSIAN,), front_line=False)
    data = geojson_dict(prepare(seeded, req))
    props = [f["properties"] for f in data["features"]]
    assert {p["side"] for p in props if p["feature"] == "zone"} == {"russian"}
    assert {p["kind"] for p in props if p["feature"] == "event"} == {"judicial"}
    assert not [p for p in props if p["feature"] == "front_line"]
    bbox = geojson_dict(prepare(seeded, ExportRequest(day=date(2023, 3, 13), window_days=14,
                                                      bbox=(37.5, 48.3, 38.5, 48.9))))
    for feature in bbox["features"]:
        if feature["properties"]["feature"] == "event":
            lon, lat = feature["geometry"]["coordinates"]
            assert 37.5 <= lon <= 38.5 and 48.3 <= lat <= 48.9


# -- GeoPackage, KML, CSV -------------------------------------------------------------------


def test_gpkg_and_kml_read_back(hostile_store, tmp_path, output_dir):
    view = prepare(hostile_store, ExportRequest(day=date(2023, 5, 21)), now=NOW)
    gpkg = tmp_path / "x.gpkg"
    gpkg.write_bytes(gpkg_bytes(view))
    layers = dict(pyogrio.list_layers(gpkg))
    assert set(layers) == {"zones", "front_line", "events"}
    zones = pyogrio.read_dataframe(gpkg, layer="zones")
    events = pyogrio.read_dataframe(gpkg, layer="events")
    assert len(zones) == len(view.snapshot.zones) and len(events) == len(view.snapshot.events)
    assert zones.crs.to_epsg() == 4326
    assert HOSTILE in set(events["summary"])  # data files keep the text as it is
    meta = pyogrio.read_info(gpkg, layer="zones")["layer_metadata"]
    assert meta["DATA_VERSION"] == hostile_store.data_version()
    assert "CC BY-NC 4.0" in meta["CREDITS"] and meta["GENERATED"].startswith("2024-01-02")

    kml = tmp_path / "x.kml"
    kml.write_bytes(kml_bytes(view))
    (output_dir / "export_2023-05-21.kml").write_bytes(kml.read_bytes())
    names = {str(n) for n, _ in pyogrio.list_layers(kml)}
    assert {"zones", "events"} <= names
    kml_events = pyogrio.read_dataframe(kml, layer="events")
    assert len(kml_events) == len(view.snapshot.events)
    text = kml.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(2)" in text
    assert "<PolyStyle>" in text  # zones styled by side


def test_events_csv_reads_back_and_defuses_formulas(hostile_store):
    from dataclasses import replace

    view = prepare(hostile_store, ExportRequest(day=date(2023, 5, 21)))
    evil = replace(view.snapshot.events[0], summary="=HYPERLINK(\"http://x\")", id="evil")
    view = replace(view, snapshot=replace(view.snapshot, events=(evil,)))
    rows = list(csv.DictReader(io.StringIO(events_csv(view).decode("utf-8"))))
    assert len(rows) == 1
    assert rows[0]["summary"].startswith("'=")
    assert float(rows[0]["lat"]) == pytest.approx(evil.place.lat)


# -- opsec in the data formats and the standalone page ----------------------------------------


def _points(data: dict) -> set[tuple[float, float]]:
    return {tuple(f["geometry"]["coordinates"]) for f in data["features"]
            if f["properties"]["feature"] == "event"}


def test_opsec_moves_coordinates_in_every_data_format(hostile_store, tmp_path):
    plain = ExportRequest(day=date(2023, 5, 21))
    blurred = ExportRequest(day=date(2023, 5, 21), opsec=Opsec(
        kinds=(EventKind.SHELLING_STRIKE,), precision_deg=0.1))
    exact = (STRIKE_LATLON[1], STRIKE_LATLON[0])
    coarse = (38.05, 48.65)
    fight = (FIGHT_LATLON[1], FIGHT_LATLON[0])
    assert exact in _points(geojson_dict(prepare(hostile_store, plain)))
    view = prepare(hostile_store, blurred)
    points = _points(geojson_dict(view))
    assert exact not in points and coarse in points
    assert fight in points, "only the chosen kinds are coarsened"
    assert "OPSEC: positions of shelling / strike events coarsened to 0.1°" in view.notes()

    for name, data in (("gpkg", gpkg_bytes(view)), ("kml", kml_bytes(view))):
        path = tmp_path / f"o.{name}"
        path.write_bytes(data)
        frame = pyogrio.read_dataframe(path, layer="events")
        xy = {(round(g.x, 6), round(g.y, 6)) for g in frame.geometry}
        assert exact not in xy and coarse in xy, name
    rows = list(csv.DictReader(io.StringIO(events_csv(view).decode())))
    csv_points = {(float(r["lon"]), float(r["lat"])) for r in rows}
    assert exact not in csv_points and coarse in csv_points
    # the old id hashed the exact position: it must not travel with the coarse one
    strike_ids = {r["id"] for r in rows if r["kind"] == "shelling_strike"}
    plain_ids = {e.id for e in prepare(hostile_store, plain).snapshot.events}
    assert strike_ids and not strike_ids & plain_ids

    views = prepare_range(hostile_store, blurred, date_steps(date(2023, 5, 19), date(2023, 5, 21)))
    data = scrubber_data(views, 0)
    embedded = set(zip(data["ev"]["x"], data["ev"]["y"], strict=True))
    assert exact not in embedded and coarse in embedded
    assert json.dumps(list(exact)) not in standalone_html(views)


def test_holdback_drops_recent_events_everywhere(hostile_store):
    req = ExportRequest(day=date(2023, 5, 21), opsec=Opsec(holdback_days=2))
    view = prepare(hostile_store, req)
    assert view.snapshot.events and all(e.day <= date(2023, 5, 19) for e in view.snapshot.events)
    assert all(f["properties"]["date"] <= "2023-05-19"
               for f in geojson_dict(view)["features"]
               if f["properties"]["feature"] == "event")
    views = prepare_range(hostile_store, req, date_steps(date(2023, 5, 15), date(2023, 5, 21)))
    data = scrubber_data(views, 0)
    days = {data["dates"][d - data["d0"]] for d in data["ev"]["d"]}
    assert days and max(days) <= "2023-05-19" and TEST_DAY.isoformat() not in days


def test_standalone_page_is_offline_and_escapes_text(hostile_store):
    req = ExportRequest(day=date(2023, 5, 21), title="<script>alert('title')</script>")
    views = prepare_range(hostile_store, req, date_steps(date(2023, 5, 18), date(2023, 5, 21)))
    page = standalone_html(views, day=req.day)
    assert_offline_html(page)
    assert "<script>alert(2)" not in page and "<script>alert('title')" not in page
    assert "TimestampedGeoJson" not in page
    data = scrubber_data(views, 3)
    assert data["days"] == ["2023-05-18", "2023-05-19", "2023-05-20", "2023-05-21"]
    assert data["initial"] == 3
    assert len(data["sets"]) == 2  # the test layer's zone appears on 05-20


def test_offline_check_still_catches_remote_resources_after_the_cache_warms(seeded):
    from geo.errors import AssetError
    from layers.export.draw.page import checked_offline, map_page

    page = map_page(prepare(seeded, ExportRequest(day=date(2023, 3, 13))))
    checked_offline(page)  # every big data: URI is now known
    for remote in ('<script src="https://cdn.example.org/x.js"></script>',
                   '<link rel="stylesheet" href="//cdn.example.org/x.css">',
                   '<img src="http://tiles.example.org/1/2/3.png">'):
        with pytest.raises(AssetError, match="example.org"):
            checked_offline(page.replace("</body>", remote + "</body>"))
