"""Generic GeoJSON and KML/KMZ zone files: mapping, CRS, swaps, theatre, policy, CLI."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import box

from dashboard.cli import main
from geo.errors import GeometryError, InputError
from geo.ingest import ZoneMapping, load_mapping, read_geojson, read_kml
from geo.models import Side
from geo.store import GeoPackageStore

DATA = Path(__file__).parents[1] / "data" / "zones"
GENERIC, MAPPING = DATA / "generic.geojson", DATA / "mapping.json"


def write_fc(path: Path, features: list, **extra) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}),
                    encoding="utf-8")
    return path


def feature(coords, **props) -> dict:
    return {"type": "Feature", "properties": props,
            "geometry": None if coords is None else {"type": "Polygon", "coordinates": coords}}


def ring(w, s, e, n) -> list:
    return [[[w, s], [e, s], [e, n], [w, n], [w, s]]]


SIMPLE = ZoneMapping(layer="t", side_field="side", date_field="date")


def test_mapping_file_unions_per_zone_side_and_date_and_retires_absent_sides():
    batch = read_geojson([GENERIC], load_mapping(MAPPING))
    reports = {(r.zone_id, r.valid_from): r for r in batch.zone_reports}
    march, may = date(2023, 3, 10), date(2023, 5, 21)
    russian = reports[("analyst/bakhmut/russian", march)]
    assert russian.side == Side.RUSSIAN
    assert russian.geometry.equals(box(38.00, 48.55, 38.20, 48.65))  # two features unioned
    assert "east of the river" in russian.note and russian.source == "Our analysts"
    assert reports[("analyst/bakhmut/ukrainian", march)].side == Side.UKRAINIAN  # "free" mapped
    assert reports[("analyst/bakhmut/contested", may)].geometry.is_empty  # retired on 21 May
    assert batch.layer.licence == "CC BY 4.0"


def test_retirement_can_be_switched_off():
    mapping = load_mapping(MAPPING).with_overrides(retire_missing=False)
    batch = read_geojson([GENERIC], mapping)
    assert all(not r.geometry.is_empty for r in batch.zone_reports)


def test_fixed_side_and_date_for_a_whole_file(tmp_path):
    path = write_fc(tmp_path / "z.geojson", [feature(ring(38.0, 48.5, 38.1, 48.6))])
    batch = read_geojson([path], ZoneMapping(layer="mine", side=Side.CONTESTED,
                                             valid_from=date(2023, 4, 1)))
    (report,) = batch.zone_reports
    assert (report.zone_id, report.side, report.valid_from) == (
        "mine/contested", Side.CONTESTED, date(2023, 4, 1))


@pytest.mark.parametrize(("props", "field"), [
    ({"date": "2023-03-10"}, "side"),
    ({"side": "russian"}, "date"),
    ({"side": "martian", "date": "2023-03-10"}, "side"),
    ({"side": "russian", "date": "13/13/2023"}, "date"),
])
def test_missing_or_bad_side_and_date_name_file_feature_and_field(tmp_path, props, field):
    path = write_fc(tmp_path / "z.geojson", [feature(ring(38.0, 48.5, 38.1, 48.6),
                                                     side="russian", date="2023-03-10"),
                                             feature(ring(38.0, 48.5, 38.1, 48.6), **props)])
    with pytest.raises(InputError) as info:
        read_geojson([path], SIMPLE)
    assert (info.value.item, info.value.field) == (1, field)
    assert "z.geojson" in str(info.value)


def test_missing_geometry_and_wrong_type_are_refused(tmp_path):
    path = write_fc(tmp_path / "z.geojson", [feature(None, side="russian", date="2023-03-10")])
    with pytest.raises(GeometryError) as info:
        read_geojson([path], SIMPLE)
    assert (info.value.item, info.value.field) == (0, "geometry")
    line = {"type": "Feature", "properties": {"side": "russian", "date": "2023-03-10"},
            "geometry": {"type": "LineString", "coordinates": [[38.0, 48.5], [38.1, 48.6]]}}
    write_fc(path, [line])
    with pytest.raises(GeometryError, match="expected Polygon or MultiPolygon, got LineString"):
        read_geojson([path], SIMPLE)
    write_fc(path, [line, feature(ring(38.0, 48.5, 38.1, 48.6), side="russian",
                                  date="2023-03-10")])
    batch_skip = read_geojson([path], SIMPLE, on_invalid="skip")
    assert len(batch_skip.zone_reports) == 1 and batch_skip.notes[0].item == 0


def test_lat_lon_swap_detected_with_a_hint_and_fixed_on_request(tmp_path):
    swapped = [[[y, x] for x, y in ring(38.0, 48.5, 38.1, 48.6)[0]]]  # (lat, lon): wrong
    path = write_fc(tmp_path / "z.geojson", [feature(swapped, side="russian",
                                                     date="2023-03-10")])
    with pytest.raises(GeometryError, match="look like lat, lon"):
        read_geojson([path], SIMPLE)
    fixed = read_geojson([path], SIMPLE, on_invalid="fix")
    assert fixed.zone_reports[0].geometry.equals(box(38.0, 48.5, 38.1, 48.6))
    assert fixed.notes[0].action == "swapped"
    # skip leaves nothing usable: an error, not an empty import
    with pytest.raises(InputError, match="no usable zone features"):
        read_geojson([path], SIMPLE, on_invalid="skip")


def test_outside_theatre_refused_with_hint(tmp_path):
    path = write_fc(tmp_path / "z.geojson", [feature(ring(4.2, 52.0, 4.4, 52.1),
                                                     side="russian", date="2023-03-10")])
    with pytest.raises(GeometryError, match="outside the theatre"):
        read_geojson([path], SIMPLE)
    wide = read_geojson([path], SIMPLE, theatre=(-10.0, 35.0, 45.0, 60.0))
    assert len(wide.zone_reports) == 1


def test_invalid_ring_raise_fix_skip(tmp_path):
    bowtie = [[[38.0, 48.5], [38.1, 48.6], [38.1, 48.5], [38.0, 48.6], [38.0, 48.5]]]
    path = write_fc(tmp_path / "z.geojson", [
        feature(bowtie, side="russian", date="2023-03-10"),
        feature(ring(37.9, 48.5, 37.95, 48.6), side="contested", date="2023-03-10")])
    with pytest.raises(GeometryError, match="Self-intersection"):
        read_geojson([path], SIMPLE)
    fixed = read_geojson([path], SIMPLE, on_invalid="fix")
    assert [n.action for n in fixed.notes] == ["fixed"] and fixed.notes[0].item == 0
    assert all(r.geometry.is_valid for r in fixed.zone_reports)
    skipped = read_geojson([path], SIMPLE, on_invalid="skip")
    assert [r.side for r in skipped.zone_reports] == [Side.CONTESTED]


def test_declared_crs_is_reprojected():
    batch = read_geojson([DATA / "webmercator.geojson"], SIMPLE)
    (report,) = batch.zone_reports
    assert report.geometry.bounds == pytest.approx((38.0, 48.55, 38.1, 48.65), abs=1e-6)
    assert batch.notes[0].action == "reprojected"


def test_undeclared_metres_refused_and_crs_flag_accepted(tmp_path):
    doc = json.loads((DATA / "webmercator.geojson").read_text())
    del doc["crs"]
    path = tmp_path / "nocrs.geojson"
    path.write_text(json.dumps(doc))
    with pytest.raises(InputError) as info:
        read_geojson([path], SIMPLE)
    assert info.value.field == "crs" and "not degrees" in str(info.value)
    batch = read_geojson([path], SIMPLE, crs="EPSG:3857")
    assert batch.zone_reports[0].geometry.bounds[0] == pytest.approx(38.0, abs=1e-6)
    with pytest.raises(InputError, match="unknown CRS"):
        read_geojson([path], SIMPLE, crs="EPSG:999999")


def test_kml_and_kmz(tmp_path):
    mapping = ZoneMapping(layer="kml", side_field="Name", valid_from=date(2023, 3, 10),
                          note_field="Description")
    with pytest.raises(InputError) as info:  # the Point "Command post" is not a side
        read_kml([DATA / "control.kml"], mapping)
    assert info.value.item == "zones:2"
    batch = read_kml([DATA / "control.kml"], mapping, on_invalid="skip")
    reports = {r.side: r for r in batch.zone_reports}
    assert reports[Side.RUSSIAN].geometry.equals(box(38.0, 48.55, 38.2, 48.65))
    assert reports[Side.RUSSIAN].note == "eastern districts"
    assert not shapely.has_z(reports[Side.RUSSIAN].geometry)
    kmz = tmp_path / "control.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.write(DATA / "control.kml", "doc.kml")
    again = read_kml([kmz], mapping, on_invalid="skip")
    assert sorted(r.geometry.wkt for r in again.zone_reports) == sorted(
        r.geometry.wkt for r in batch.zone_reports)


def test_not_a_kml_file(tmp_path):
    path = tmp_path / "x.kml"
    path.write_text("<html>not kml</html>")
    with pytest.raises(InputError, match="x.kml"):
        read_kml([path], ZoneMapping(layer="k", side=Side.RUSSIAN,
                                     valid_from=date(2023, 1, 1)))


def test_mapping_file_errors_name_the_key(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"layer": "x", "sidee": "russian"}))
    with pytest.raises(InputError) as info:
        load_mapping(bad)
    assert info.value.field == "sidee"
    bad.write_text(json.dumps({"source": "x"}))
    with pytest.raises(InputError, match="layer"):
        load_mapping(bad)


def test_cli_geojson_with_flags_is_one_idempotent_transaction(tmp_path, capsys):
    store = tmp_path / "s.gpkg"
    args = ["--store", str(store), "import", "geojson", str(GENERIC), "--layer", "flags",
            "--side-field", "status", "--side-map", "free=ukrainian", "--date-field", "date",
            "--zone-field", "sector", "--source", "Test desk", "--licence", "CC0"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "zone reports 6 added" in out
    assert main(args) == 0
    assert "nothing changed" in capsys.readouterr().out
    with GeoPackageStore(store) as s:
        (layer,) = s.layers()
        assert (layer.layer, layer.source, layer.licence) == ("flags", "Test desk", "CC0")
        assert layer.imported_at
        may = {z.zone_id for z in s.zones_at(date(2023, 5, 21))}
        assert may == {"flags/bakhmut/russian", "flags/bakhmut/ukrainian"}


def test_cli_usage_errors(tmp_path, capsys):
    store = str(tmp_path / "s.gpkg")
    assert main(["--store", store, "import", "geojson", str(GENERIC)]) == 1
    assert "--layer" in capsys.readouterr().err
    assert main(["--store", store, "import", "geojson", str(GENERIC), "--layer", "x",
                 "--side-map", "free"]) == 1
    assert "VALUE=SIDE" in capsys.readouterr().err
    assert main(["--store", store, "import", "geojson", str(tmp_path / "none.geojson"),
                 "--layer", "x"]) == 1
    assert "none.geojson" in capsys.readouterr().err


def test_reprojection_uses_lon_lat_order():
    # the fixture's metres were made from lon/lat with always_xy; invert and compare corners
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    x, y = to_m.transform(38.0, 48.55)
    doc = json.loads((DATA / "webmercator.geojson").read_text())
    first = doc["features"][0]["geometry"]["coordinates"][0][0]
    assert first == pytest.approx([x, y], abs=0.01)


# -- zone identity across layers (issue 11) ---------------------------------------------------

def test_layer_named_like_a_seed_sector_does_not_replace_the_seed_zones(tmp_path, capsys):
    from dashboard.seeding import seed_store
    store = tmp_path / "s.gpkg"
    with GeoPackageStore(store, create=True) as s:
        seed_store(s, written_by="test")
        seeded = {(z.layer, z.zone_id) for z in s.zones_at(date(2023, 3, 10))}
    assert ("seed", "bakhmut/russian") in seeded
    path = write_fc(tmp_path / "b.geojson", [feature(ring(37.0, 47.5, 37.1, 47.6))])
    assert main(["--store", str(store), "import", "geojson", str(path), "--layer", "bakhmut",
                 "--side", "russian", "--date", "2023-03-10"]) == 0
    capsys.readouterr()
    with GeoPackageStore(store) as s:
        after = {(z.layer, z.zone_id) for z in s.zones_at(date(2023, 3, 10))}
    assert after == seeded | {("bakhmut", "bakhmut/russian")}


@pytest.mark.parametrize("name", ["a/b", "bad name", "", "x" * 65, "-lead", "évé", "a:b",
                                  "deepstate", "seed", "drawn"])
def test_layer_names_are_checked(tmp_path, name):
    with pytest.raises(InputError) as info:
        ZoneMapping(layer=name, side=Side.RUSSIAN, valid_from=date(2023, 1, 1))
    assert info.value.field == "layer"
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"layer": name or " "}))
    with pytest.raises(InputError) as info:
        load_mapping(bad)
    assert info.value.field == "layer" and str(bad) in str(info.value)


def test_good_layer_names_and_zone_ids_stay_inside_their_layer():
    for name in ("isw", "ISW_2023", "a.b-c", "9"):
        assert ZoneMapping(layer=name).layer == name
    mapping = ZoneMapping(layer="isw", side_field="side", date_field="date", zone_field="z")
    from geo.ingest.common import Batch
    from geo.ingest.zonemap import RawFeature, map_features
    from geo.zones.repair import check_policy
    batch = Batch(layer=mapping.layer_info())
    raw = RawFeature("f", 0, shapely.box(38.0, 48.5, 38.1, 48.6),
                     {"side": "russian", "date": "2023-01-01", "z": "other/layer"})
    map_features([raw], mapping, batch, on_invalid=check_policy("raise"))
    (report,) = batch.zone_reports
    assert report.zone_id == "isw/other-layer/russian" and report.layer == "isw"
