"""Regressions found by the fuzz tests (tests/fuzz): each a minimal reproduction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.ingest import ZoneMapping, read_geojson

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
