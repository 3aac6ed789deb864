"""DeepState raw snapshots: classification, dates, repair policy, one transaction, idempotency.

Fixtures in tests/data/deepstate are ours, written in DeepState's raw API format.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box

from dashboard.cli import main
from geo.errors import GeometryError, InputError
from geo.ingest import import_batch, read_deepstate
from geo.ingest.deepstate import LAYER
from geo.models import Side
from geo.store import GeoPackageStore
from geo.zones import area_km2, side_areas_km2

DATA = Path(__file__).parents[1] / "data" / "deepstate"
FIRST, SECOND = DATA / "1678486248.geojson", DATA / "1681949600.geojson"


def utc_day(path: Path) -> date:
    return datetime.fromtimestamp(int(path.stem), UTC).date()


@pytest.fixture
def store(tmp_path):
    with GeoPackageStore(tmp_path / "s.gpkg", create=True) as s:
        yield s


def test_one_report_per_status_per_snapshot_dated_from_the_file_name():
    batch = read_deepstate([DATA])
    assert batch.layer == LAYER and LAYER.non_commercial
    assert [r.valid_from for r in batch.zone_reports] == [utc_day(FIRST)] * 4 + [
        utc_day(SECOND)] * 4
    first = {r.zone_id: r for r in batch.zone_reports[:4]}
    assert set(first) == {"deepstate/occupied", "deepstate/occupied_before_2022",
                          "deepstate/unknown", "deepstate/liberated"}
    assert first["deepstate/occupied"].side == Side.RUSSIAN
    assert first["deepstate/occupied_before_2022"].side == Side.RUSSIAN
    assert first["deepstate/unknown"].side == Side.CONTESTED
    assert first["deepstate/liberated"].side == Side.UKRAINIAN
    assert all(not shapely.has_z(r.geometry) for r in batch.zone_reports)
    assert all(r.layer == "deepstate" and r.source == "DeepStateMap"
               for r in batch.zone_reports)


def test_points_decoration_and_out_of_theatre_parts_are_dropped():
    batch = read_deepstate([FIRST])
    assert batch.counts["points dropped"] == 2
    assert batch.counts["political decoration dropped"] == 2  # #ff5252 and Transnistria by name
    assert batch.counts["polygons outside the theatre dropped"] == 1  # Arabian Sea part
    everything = shapely.union_all([r.geometry for r in batch.zone_reports])
    assert everything.bounds[0] > 37 and everything.bounds[2] < 39  # no Moldova, no Asia
    unknown = next(r for r in batch.zone_reports if r.zone_id == "deepstate/unknown")
    # the GeometryCollection's polygon in Ukraine is kept beside the plain unknown polygon
    assert unknown.geometry.covers(box(37.90, 48.45, 37.95, 48.50).centroid)


def test_invalid_polygon_repaired_and_reported_by_default():
    batch = read_deepstate([FIRST])
    (note,) = batch.notes
    assert note.action == "fixed" and note.item == 8 and note.source.endswith(FIRST.name)
    occupied = next(r for r in batch.zone_reports if r.zone_id == "deepstate/occupied")
    assert occupied.geometry.is_valid
    assert occupied.geometry.covers(shapely.Point(38.32, 48.80))  # left triangle of the bow tie


def test_raise_policy_names_file_feature_and_field():
    with pytest.raises(GeometryError) as info:
        read_deepstate([FIRST], on_invalid="raise")
    assert info.value.item == 8 and info.value.field == "geometry"
    assert FIRST.name in str(info.value)


def test_skip_policy_leaves_the_bad_polygon_out():
    batch = read_deepstate([FIRST], on_invalid="skip")
    occupied = next(r for r in batch.zone_reports if r.zone_id == "deepstate/occupied")
    assert not occupied.geometry.intersects(shapely.Point(38.32, 48.80))
    assert batch.notes[0].action == "skipped"


def test_areas_union_within_side_and_grey_minus_russian():
    batch = read_deepstate([FIRST])
    occupied = shapely.union_all([box(38.00, 48.50, 38.20, 48.70),
                                  shapely.make_valid(shapely.Polygon(
                                      [(38.30, 48.75), (38.40, 48.85), (38.40, 48.75),
                                       (38.30, 48.85)]))])
    russian = shapely.union_all([occupied, box(38.20, 48.40, 38.60, 48.70)])
    unknown = shapely.union_all([box(37.95, 48.55, 38.05, 48.65),
                                 box(37.90, 48.45, 37.95, 48.50)])
    areas = side_areas_km2(batch.zone_reports)
    assert areas[Side.RUSSIAN] == pytest.approx(area_km2(russian), rel=1e-9)
    assert areas[Side.CONTESTED] == pytest.approx(area_km2(unknown.difference(russian)),
                                                  rel=1e-9)
    assert areas[Side.CONTESTED] < area_km2(unknown)  # the overlap went to the Russian side


def test_absent_status_is_retired_in_the_later_snapshot(store):
    import_batch(store, read_deepstate([DATA]), written_by="test")
    before = {z.zone_id for z in store.zones_at(utc_day(FIRST))}
    after = {z.zone_id for z in store.zones_at(utc_day(SECOND))}
    assert "deepstate/liberated" in before and "deepstate/liberated" not in after
    assert store.zone_report_dates("deepstate") == [utc_day(FIRST), utc_day(SECOND)]
    assert store.layers() and store.layers()[0].non_commercial


def test_reimport_changes_nothing_and_dry_run_stores_nothing(store):
    dry = import_batch(store, read_deepstate([DATA]), dry_run=True, written_by="test")
    assert dry.dry_run and dry.zones_added == 8 and dry.layer_status == "new"
    assert store.zone_reports() == [] and store.layers() == []
    first = import_batch(store, read_deepstate([DATA]), written_by="test")
    version = store.data_version()
    again = import_batch(store, read_deepstate([DATA]), written_by="test")
    assert (first.zones_added, again.zones_added, again.zones_unchanged) == (8, 0, 8)
    assert again.layer_status == "unchanged" and not again.changed
    assert store.data_version() == version


def test_date_flag_and_file_name_rules(tmp_path):
    renamed = tmp_path / "snapshot.geojson"
    shutil.copy(FIRST, renamed)
    with pytest.raises(InputError) as info:
        read_deepstate([renamed])
    assert info.value.field == "date" and "snapshot.geojson" in str(info.value)
    batch = read_deepstate([renamed], day=date(2023, 3, 11))
    assert {r.valid_from for r in batch.zone_reports} == {date(2023, 3, 11)}
    with pytest.raises(InputError, match="single snapshot"):
        read_deepstate([DATA], day=date(2023, 3, 11))


def test_cli_import_raise_policy_stores_nothing(tmp_path, capsys):
    path = tmp_path / "cli.gpkg"
    GeoPackageStore(path, create=True).close()
    code = main(["--store", str(path), "import", "deepstate", str(DATA), "--on-invalid",
                 "raise"])
    err = capsys.readouterr().err
    assert code == 1 and "1678486248.geojson" in err and "item 8" in err
    assert "Traceback" not in err
    with GeoPackageStore(path) as s:
        assert s.zone_reports() == [] and s.layers() == []


def test_cli_import_then_reimport(tmp_path, capsys):
    path = tmp_path / "cli.gpkg"
    assert main(["--store", str(path), "import", "deepstate", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "zone reports 8 added" in out and "fixed" in out and "item 8" in out
    assert main(["--store", str(path), "import", "deepstate", str(DATA), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "8 unchanged" in out and "dry run" in out


# -- hostile geometries (issue 11) ------------------------------------------------------------

SQUARE = [[37.9, 48.5], [38.1, 48.5], [38.1, 48.7], [37.9, 48.7], [37.9, 48.5]]
OTHER = [[38.3, 48.5], [38.5, 48.5], [38.5, 48.7], [38.3, 48.7], [38.3, 48.5]]


def ds_feature(geometry: dict, fill: str = "#a52714") -> dict:
    return {"type": "Feature", "properties": {"fill": fill, "name": "x /// y /// z"},
            "geometry": geometry}


def polygon(ring: list) -> dict:
    return {"type": "Polygon", "coordinates": [ring]}


def write_snapshot(folder: Path, sid: int, features: list) -> Path:
    path = folder / f"{sid}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_geometry_collection_of_a_polygon_and_a_point_keeps_the_polygon(tmp_path):
    collection = {"type": "GeometryCollection", "geometries": [
        polygon(SQUARE), {"type": "Point", "coordinates": [38.0, 48.6]}]}
    path = write_snapshot(tmp_path, 1678486248, [ds_feature(collection)])
    batch = read_deepstate([path])
    occupied = next(r for r in batch.zone_reports if r.zone_id == "deepstate/occupied")
    assert occupied.geometry.equals(shapely.Polygon(SQUARE))
    assert any(n.item == 0 and n.action == "dropped" and "non-polygon" in n.reason
               for n in batch.notes)


@pytest.mark.parametrize("bad, what", [
    ([[37.9, 48.5], [float("nan"), 48.5], [38.1, 48.7], [37.9, 48.5]], "finite"),
    ([[37.9, 48.5], [float("inf"), 48.5], [38.1, 48.7], [37.9, 48.5]], "finite"),
    ([[1e308, 48.5], [-1e308, 48.5], [38.1, 1e308], [1e308, 48.5]], "degrees"),
    ([[37.9, 48.5], [38.1, 95.0], [38.1, 48.7], [37.9, 48.5]], "degrees"),
])
def test_absurd_coordinates_are_refused_per_feature(tmp_path, bad, what):
    path = write_snapshot(tmp_path, 1678486248, [ds_feature(polygon(SQUARE), "#bcaaa4"),
                                                 ds_feature(polygon(bad))])
    for policy in ("raise", "fix"):
        with pytest.raises(GeometryError, match=what) as info:
            read_deepstate([path], on_invalid=policy)
        assert (info.value.item, info.value.field) == (1, "geometry")
        assert path.name in str(info.value)
    batch = read_deepstate([path], on_invalid="skip")
    assert [(n.item, n.action) for n in batch.notes] == [(1, "skipped"), (None, "kept")]
    assert "deepstate/occupied zone stays in force" in batch.notes[1].reason
    zones = {r.zone_id: r for r in batch.zone_reports}
    assert zones["deepstate/unknown"].geometry.equals(shapely.Polygon(SQUARE))
    # the only occupied feature was unusable: no empty report retires the occupied zone
    assert "deepstate/occupied" not in zones


def test_absurd_coordinates_never_wipe_a_stored_day(tmp_path, store):
    first = write_snapshot(tmp_path, 1678486248, [ds_feature(polygon(SQUARE)),
                                                  ds_feature(polygon(OTHER), "#bcaaa4")])
    import_batch(store, read_deepstate([first]), written_by="test")
    later = tmp_path / "later"
    later.mkdir()
    huge = [[1e308, 48.5], [-1e308, 48.5], [38.1, 1e308], [1e308, 48.5]]
    second = write_snapshot(later, 1678486248 + 86400, [ds_feature(polygon(huge))])
    with pytest.raises(GeometryError):
        import_batch(store, read_deepstate([second]), written_by="test")
    with pytest.raises(InputError, match="no usable polygon"):
        read_deepstate([second], on_invalid="skip")
    day = utc_day(second)
    assert {z.zone_id for z in store.zones_at(day)} == {"deepstate/occupied",
                                                         "deepstate/unknown"}


def test_snapshot_whose_polygons_are_all_dropped_does_not_retire_the_day(tmp_path, store):
    first = write_snapshot(tmp_path, 1678486248, [ds_feature(polygon(SQUARE))])
    import_batch(store, read_deepstate([first]), written_by="test")
    outside = [[55.0, 15.0], [56.0, 15.0], [56.0, 16.0], [55.0, 15.0]]  # Arabian Sea
    second = write_snapshot(tmp_path, 1678486248 + 86400, [
        ds_feature({"type": "Point", "coordinates": [38.0, 48.6]}),
        ds_feature(polygon(outside)), ds_feature(polygon(SQUARE), "#ff5252")])
    for policy in ("raise", "fix", "skip"):
        with pytest.raises(InputError, match="no usable polygon") as info:
            read_deepstate([second], on_invalid=policy)
        assert second.name in str(info.value) and info.value.field == "features"
    assert [z.zone_id for z in store.zones_at(utc_day(second))] == ["deepstate/occupied"]


def test_cli_hostile_snapshot_is_an_error_not_a_traceback(tmp_path, capsys):
    path = write_snapshot(tmp_path, 1678486248, [ds_feature(polygon(
        [[37.9, 48.5], [float("nan"), 48.5], [38.1, 48.7], [37.9, 48.5]]))])
    store_path = tmp_path / "cli.gpkg"
    code = main(["--store", str(store_path), "import", "deepstate", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and path.name in err and "item 0" in err and "Traceback" not in err
