"""Regressions found by the fuzz tests (tests/fuzz): each a minimal reproduction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.errors import GeometryError, InputError
from geo.ingest import ZoneMapping, read_geojson, read_kml
from geo.models import Side

BOX = [[[38.0, 48.0], [38.1, 48.0], [38.1, 48.1], [38.0, 48.1], [38.0, 48.0]]]
MAPPING = ZoneMapping(layer="found", side="russian", date_field="date")


def _zone_file(tmp_path: Path, **members) -> Path:
    doc = {"type": "FeatureCollection", **members, "features": [
        {"type": "Feature", "properties": {"date": "2023-03-10"},
         "geometry": {"type": "Polygon", "coordinates": BOX}}]}
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("properties", [float("nan"), "EPSG:4326", [], 3])
def test_crs_member_whose_properties_are_not_an_object(tmp_path, properties):
    """Was AttributeError: 'float' object has no attribute 'get' (geo.ingest.validate)."""
    path = _zone_file(tmp_path, crs={"type": "name", "properties": properties})
    with pytest.raises(InputError) as info:
        read_geojson([path], MAPPING)
    assert info.value.field == "crs" and "zones.geojson" in str(info.value)


KML_TWO_POINT_RING = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>zones</name>
<Placemark><name>occupied</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
38.0,48.55 38.2,48.55 38.2,48.65 38.0,48.65 38.0,48.55</coordinates></LinearRing>
</outerBoundaryIs></Polygon></Placemark>
<Placemark><name>contested</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
36.0,47.0 36.25,47.0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Folder></Document></kml>"""
KML_MAPPING = ZoneMapping(layer="kml", side_field="Name", valid_from=date(2023, 3, 10))


@pytest.mark.filterwarnings("ignore:Non closed ring:RuntimeWarning")
@pytest.mark.parametrize("policy", ["raise", "fix"])
def test_kml_ring_of_two_points_is_refused_naming_the_placemark(tmp_path, policy):
    """Was shapely.errors.GEOSException ('Points of LinearRing do not form a closed
    linestring') out of pyogrio.read_dataframe, for the whole file."""
    path = tmp_path / "control.kml"
    path.write_text(KML_TWO_POINT_RING)
    with pytest.raises(GeometryError) as info:
        read_kml([path], KML_MAPPING, on_invalid=policy)
    assert (info.value.item, info.value.field) == ("zones:1", "geometry")
    assert "control.kml" in str(info.value)


@pytest.mark.filterwarnings("ignore:Non closed ring:RuntimeWarning")
def test_kml_ring_of_two_points_is_skipped_under_skip(tmp_path):
    path = tmp_path / "control.kml"
    path.write_text(KML_TWO_POINT_RING)
    batch = read_kml([path], KML_MAPPING, on_invalid="skip")
    assert [r.side for r in batch.zone_reports if not r.geometry.is_empty] == [Side.RUSSIAN]
    assert any(n.item == "zones:1" and n.action == "skipped" for n in batch.notes)


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1E20", "1e400"])
def test_acled_whole_number_that_is_not_finite_or_too_big(tmp_path, value):
    """Was OverflowError (int of infinity; an int too large for SQLite) out of the store."""
    from geo.ingest import read_events
    sample = Path(__file__).parents[1] / "data" / "events" / "acled_sample.csv"
    lines = sample.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("time_precision")] = value
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_events([path]).events)
    assert (info.value.item, info.value.field) == (1, "time_precision")
    assert "acled.csv" in str(info.value)
