"""Fuzz: generic GeoJSON zone files through read_geojson (with a mapping) and import_batch."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.ingest import ZoneMapping, read_geojson
from tests.fuzz.checks import assert_rendered_safe, import_or_refuse, store_import
from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import (
    HOSTILE_TEXTS,
    any_geometry,
    hostile_text,
    mutate_bytes,
    mutate_tree,
    plausible_day,
    polygon_geometry,
    to_json_bytes,
)

SIDES = ["russian", "ukrainian", "contested", "RU", "occupied", "grey zone", "Ukraine"]
MAPPING = ZoneMapping(layer="fuzz", side_field="status", date_field="date",
                      zone_field="sector", note_field="name", source_field="src",
                      url_field="url")
CRS = [None, None, None, None,
       {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
       {"type": "name", "properties": {"name": "EPSG:4326"}},
       {"type": "name", "properties": {"name": "EPSG:3857"}},
       {"type": "name", "properties": {"name": "EPSG:999999"}}, "EPSG:4326"]


@st.composite
def feature(draw) -> dict:
    props = {"status": draw(st.sampled_from(SIDES)), "date": draw(plausible_day),
             "sector": draw(st.sampled_from(["bakhmut", "avdiivka", "a/b", HOSTILE_TEXTS[0]])),
             "name": draw(hostile_text), "src": draw(hostile_text),
             "url": draw(st.sampled_from(["https://example.org/a", "javascript:X7335",
                                          "http://x/<script>X7331</script>", ""]))}
    return {"type": "Feature", "properties": props, "geometry": draw(st.one_of(
                polygon_geometry(), polygon_geometry(), polygon_geometry(), any_geometry()))}


@st.composite
def zone_file(draw) -> bytes:
    doc: dict = {"type": "FeatureCollection",
                 "features": draw(st.lists(feature(), min_size=1, max_size=5))}
    crs = draw(st.sampled_from(CRS))
    if crs is not None:
        doc["crs"] = crs
    return draw(mutate_bytes(to_json_bytes(draw(mutate_tree(doc)))))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@FUZZ_SETTINGS
@given(data=zone_file(), policy=st.sampled_from(["raise", "fix", "skip"]))
def test_fuzz_geojson(data, policy):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "zones.geojson"
        path.write_bytes(data)

        def run(store):
            batch = read_geojson([path], MAPPING, on_invalid=policy)
            return batch, store_import(store, batch)

        result, error = import_or_refuse(Path(folder), [path], run)
        if error is None:
            batch, _ = result
            assert all(r.geometry.is_empty or r.geometry.is_valid for r in batch.zone_reports)
            assert_rendered_safe(batch.zone_reports)
