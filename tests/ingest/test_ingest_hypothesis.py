"""Property tests: random valid and invalid polygons never crash the validator and never
leave a half import."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import InputError
from geo.ingest import ZoneMapping, import_batch, read_geojson
from geo.ingest.validate import check_zone_geometry
from geo.models import LayerInfo, Side, ZoneReport
from geo.store import Batch, GeoPackageStore
from geo.zones import side_areas_km2

lon = st.floats(min_value=37.0, max_value=39.0, allow_nan=False)
lat = st.floats(min_value=47.5, max_value=49.5, allow_nan=False)
wild = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                 st.floats(min_value=-1e7, max_value=1e7))
point = st.tuples(lon, lat)
swapped_point = st.tuples(lat, lon)
wild_point = st.tuples(wild, wild)


@st.composite
def rings(draw, points=point):
    """Closed rings of 3-9 random vertices: often self-intersecting, sometimes degenerate."""
    coords = draw(st.lists(points, min_size=3, max_size=9))
    return [list(c) for c in coords] + [list(coords[0])]


boxes = st.builds(lambda x, y, w, h: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]],
                  lon, lat, st.floats(0.001, 0.5), st.floats(0.001, 0.5))
polygon_coords = st.one_of(
    st.lists(boxes, min_size=1, max_size=1),              # valid
    st.lists(rings(), min_size=1, max_size=3),           # shell (+ holes, often invalid)
    st.lists(rings(swapped_point), min_size=1, max_size=1),
    st.lists(rings(wild_point), min_size=1, max_size=1),
    st.lists(st.lists(st.lists(lon, max_size=3), max_size=4), max_size=2),  # malformed
)
policies = st.sampled_from(["raise", "fix", "skip"])


def feature(coords, side="russian", day="2023-03-10"):
    return {"type": "Feature", "properties": {"side": side, "date": day},
            "geometry": {"type": "Polygon", "coordinates": coords}}


MAPPING = ZoneMapping(layer="prop", side_field="side", date_field="date")


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@settings(max_examples=300, deadline=None)
@given(coords=polygon_coords, policy=policies)
def test_validator_never_crashes(coords, policy):
    try:
        geometry = shapely.geometry.shape({"type": "Polygon", "coordinates": coords})
    except Exception:  # malformed input is the parser's job (see test below)
        return
    try:
        result, notes = check_zone_geometry(geometry, source="f.geojson", item=0,
                                            on_invalid=policy)
    except InputError as exc:
        assert policy != "skip" or exc.field == "crs"  # skip only refuses undeclared CRS
        assert exc.source == "f.geojson" and exc.item == 0
        return
    if result is not None:
        assert result.is_valid and result.geom_type in ("Polygon", "MultiPolygon")
        assert not result.is_empty
        if policy == "raise":
            assert notes == []


@lru_cache(maxsize=1)
def _store_with_one_layer() -> Path:
    """A store holding one layer and one zone report, made once: each example imports into a
    copy (creating a GeoPackage is most of an example's time)."""
    folder = tempfile.mkdtemp(prefix="hypothesis-store-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "keep.gpkg"
    with GeoPackageStore(path, create=True) as store:
        store.write(Batch(layers=[LayerInfo("keep", "k", "l", "a")], zone_reports=[ZoneReport(
            "keep/russian", Side.RUSSIAN, date(2023, 1, 1),
            shapely.box(38.0, 48.0, 38.1, 48.1), "k", layer="keep")], written_by="test"))
    return path


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(features=st.lists(polygon_coords, min_size=1, max_size=5), policy=policies)
def test_import_is_all_or_nothing(features, policy):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection",
                                    "features": [feature(c) for c in features]}))
        shutil.copyfile(_store_with_one_layer(), Path(folder) / "s.gpkg")
        with GeoPackageStore(Path(folder) / "s.gpkg") as store:
            before = (store.data_version(), store.zone_reports(), store.layers())
            assert len(before[1]) == 1  # the copy holds the kept report
            try:
                batch = read_geojson([path], MAPPING, on_invalid=policy)
                result = import_batch(store, batch, written_by="test")
            except InputError:
                assert (store.data_version(), store.zone_reports(), store.layers()) == before
                return
            reports = store.zone_reports()
            assert len(reports) == len(before[1]) + result.zones_added
            assert all(r.geometry.is_valid for r in reports)
            assert side_areas_km2(reports)[Side.RUSSIAN] >= 0.0
