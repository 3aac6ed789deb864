"""The 16 real DeepState snapshots and UCDP GED events in ../shared/data (skipped when absent).

Areas must match the folder's manifest.csv within 0.5 % for every date; diffs must reconcile
with the areas within 0.1 %.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import shapely

from geo.ingest import import_batch, read_deepstate, read_events
from geo.models import Side
from geo.store import GeoPackageStore
from geo.zones import (
    areas_by_date,
    clear_display_cache,
    diff_store,
    display_geometries,
    front_line,
)
from geo.zones.front import ukraine_land
from tests.common import SHARED_DATA

pytestmark = pytest.mark.real_data

FRONTLINE = SHARED_DATA / "frontline-real"
RAW = FRONTLINE / "deepstate-history" / "raw"
UCDP = SHARED_DATA / "events-real" / "ucdp_ged_ukraine_2014_2022.csv"

needs_frontline = pytest.mark.skipif(not (RAW.is_dir() and (FRONTLINE / "manifest.csv")
                                          .is_file()),
                                     reason=f"real DeepState data not found in {FRONTLINE}")
needs_ucdp = pytest.mark.skipif(not UCDP.is_file(), reason=f"UCDP GED file not found: {UCDP}")


def manifest() -> dict[date, tuple[float, float]]:
    """{date: (ru_control_km2, unknown_km2)} from the manifest's normalized rows."""
    with open(FRONTLINE / "manifest.csv", encoding="utf-8", newline="") as handle:
        return {date.fromisoformat(r["date"]): (float(r["ru_control_km2"]),
                                                float(r["unknown_km2"]))
                for r in csv.DictReader(handle) if r["kind"] == "normalized"}


@pytest.fixture(scope="module")
def real_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("real") / "real.gpkg"
    with GeoPackageStore(path, create=True) as store:
        result = import_batch(store, read_deepstate([RAW]), written_by="test")
        assert result.zones_added == 64
    return path


@needs_frontline
def test_areas_match_the_manifest_within_half_a_percent(real_store):
    expected = manifest()
    assert len(expected) == 16
    with GeoPackageStore(real_store) as store:
        rows = areas_by_date(store, layer="deepstate")
    got = {(r.day, r.side): r.km2 for r in rows}
    assert {d for d, _ in got} == set(expected)
    for day, (russian, grey) in expected.items():
        assert got[(day, Side.RUSSIAN)] == pytest.approx(russian, rel=0.005), day
        assert got[(day, Side.CONTESTED)] == pytest.approx(grey, rel=0.005), day


@needs_frontline
def test_reimport_of_the_real_series_changes_nothing(real_store):
    with GeoPackageStore(real_store) as store:
        version = store.data_version()
        again = import_batch(store, read_deepstate([RAW]), written_by="test")
        assert not again.changed and store.data_version() == version


@needs_frontline
def test_diffs_reconcile_with_areas_for_every_consecutive_pair(real_store):
    days = sorted(manifest())
    with GeoPackageStore(real_store) as store:
        areas = {(r.day, r.side): r.km2 for r in areas_by_date(store)}
        for start, end in zip(days, days[1:], strict=False):
            result = diff_store(store, start, end)
            assert result.consistent(0.001), (start, end)
            for side in result.sides:
                net = areas[(end, side.side)] - areas[(start, side.side)]
                assert side.gained_km2 - side.lost_km2 == pytest.approx(
                    net, abs=0.001 * max(areas[(end, side.side)], 1.0))
                assert all(c.km2 >= result.min_km2 for c in result.changes)


@needs_frontline
def test_bakhmut_centre_changes_hands_in_the_diff(real_store):
    bakhmut = shapely.Point(38.0, 48.595)  # lon, lat of the town centre
    with GeoPackageStore(real_store) as store:
        result = diff_store(store, date(2023, 3, 10), date(2023, 4, 20))
    gained = [c for c in result.changes if c.side == Side.RUSSIAN and c.kind == "gained"
              and c.geometry.covers(bakhmut)]
    assert len(gained) == 1
    assert [r.zone_id for r in gained[0].after] == ["deepstate/occupied"]


@needs_frontline
def test_front_line_and_display_on_real_data(real_store):
    with GeoPackageStore(real_store) as store:
        zones = store.zones_at(date(2023, 3, 31))
    line = front_line(zones, land=ukraine_land())
    everything = front_line(zones)
    assert not line.is_empty and line.length < 0.5 * everything.length  # coast/border gone
    bakhmut = shapely.Point(38.0, 48.595)
    assert line.distance(bakhmut) < 0.1  # the line runs past Bakhmut (within ~10 km)
    clear_display_cache()
    shapes = display_geometries(zones, 0)
    filled = [g for g in shapes.values() if not g.is_empty]
    assert shapely.coverage_is_valid(filled)
    assert sum(len(shapely.get_coordinates(g)) for g in filled) < sum(
        len(shapely.get_coordinates(z.geometry)) for z in zones)


@needs_ucdp
def test_ucdp_real_file_imports_every_row(tmp_path):
    with open(UCDP, encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    with GeoPackageStore(tmp_path / "u.gpkg", create=True) as store:
        batch = read_events([UCDP])
        result = import_batch(store, batch, written_by="test")
        assert result.events_added == len(source) and batch.notes == []
        events = store.events_between(date(2014, 1, 1), date(2022, 12, 31))
    assert len(events) == len(source)
    named = sum(1 for r in source if any(n in (r["where_coordinates"] + r["where_description"])
                                         for n in ("Artemivsk", "Bakhmut")))
    ours = sum(1 for e in events if any(n in e.place.name + e.summary
                                        for n in ("Artemivsk", "Bakhmut")))
    assert ours == named > 0
    assert {e.geo_precision for e in events} <= {int(r["where_prec"]) for r in source}
    assert all(22 <= e.place.lon <= 41 and 43.5 <= e.place.lat <= 53 for e in events)
