"""Zone geometry: precedence coverage, areas per date, diffs, front line, display cache."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Polygon, box

from dashboard.cli import main
from geo.models import LayerInfo, Side, ZoneReport
from geo.store import Batch, GeoPackageStore
from geo.zones import (
    AreaRow,
    area_km2,
    areas_by_date,
    clear_display_cache,
    diff_store,
    diff_zones,
    display_geometries,
    display_geometry,
    front_line,
    side_areas_km2,
    side_coverage,
    zones_in_force,
    zoom_band,
)
from geo.zones import display as display_module

D1, D2 = date(2023, 3, 10), date(2023, 4, 20)


def z(zone_id: str, side: Side, day: date, geometry, source: str = "test") -> ZoneReport:
    return ZoneReport(zone_id, side, day, geometry, source, layer="t")


@pytest.fixture
def store(tmp_path):
    with GeoPackageStore(tmp_path / "s.gpkg", create=True) as s:
        s.write(Batch(layers=[LayerInfo("t", "t", "l", "a")], zone_reports=[
            z("a/russian", Side.RUSSIAN, D1, box(38.0, 48.5, 38.2, 48.7)),
            z("a/contested", Side.CONTESTED, D1, box(37.9, 48.5, 38.05, 48.7)),  # overlaps R
            z("a/russian", Side.RUSSIAN, D2, box(37.95, 48.5, 38.2, 48.7)),
            z("a/contested", Side.CONTESTED, D2, box(37.9, 48.5, 37.95, 48.7)),
            z("a/ukrainian", Side.UKRAINIAN, D2, box(37.7, 48.5, 37.9, 48.7)),
        ], written_by="test"))
        yield s


def test_side_coverage_gives_overlaps_to_the_russian_side():
    russian, grey = box(38.0, 48.5, 38.2, 48.7), box(37.9, 48.5, 38.05, 48.7)
    cover = side_coverage([z("g", Side.CONTESTED, D1, grey), z("r", Side.RUSSIAN, D1, russian)])
    assert cover[Side.RUSSIAN].equals(russian)
    assert cover[Side.CONTESTED].equals(grey.difference(russian))
    areas = side_areas_km2([z("g", Side.CONTESTED, D1, grey), z("r", Side.RUSSIAN, D1, russian),
                            z("r2", Side.RUSSIAN, D1, russian)])  # duplicate counted once
    assert areas[Side.RUSSIAN] == pytest.approx(area_km2(russian))


def test_zones_in_force_matches_the_store(store):
    reports = store.zone_reports()
    for day in (date(2023, 1, 1), D1, date(2023, 4, 1), D2, date(2024, 1, 1)):
        assert [r.id for r in zones_in_force(reports, day)] == [r.id for r in store.zones_at(day)]


def test_areas_by_date(store):
    rows = areas_by_date(store)
    table = {(r.day, r.side): r.km2 for r in rows}
    assert set(table) == {(d, s) for d in (D1, D2) for s in Side}
    assert table[(D1, Side.RUSSIAN)] == pytest.approx(area_km2(box(38.0, 48.5, 38.2, 48.7)))
    assert table[(D1, Side.CONTESTED)] == pytest.approx(area_km2(box(37.9, 48.5, 38.0, 48.7)))
    assert table[(D1, Side.UKRAINIAN)] == 0.0
    assert table[(D2, Side.UKRAINIAN)] == pytest.approx(area_km2(box(37.7, 48.5, 37.9, 48.7)))
    assert areas_by_date(store, start=D2) == [r for r in rows if r.day == D2]
    assert areas_by_date(store, layer="other") == []
    assert AreaRow(D1, Side.RUSSIAN, 1.23456).as_dict() == {"date": "2023-03-10",
                                                           "side": "russian", "km2": 1.235}


def test_diff_gained_lost_reports_and_consistency(store):
    result = diff_store(store, D1, D2, min_km2=0.0)
    sides = {s.side: s for s in result.sides}
    russian = sides[Side.RUSSIAN]
    gained = box(37.95, 48.5, 38.0, 48.7)
    assert russian.gained_km2 == pytest.approx(area_km2(gained))
    assert russian.lost_km2 == pytest.approx(0.0, abs=1e-9)
    assert russian.net_km2 == pytest.approx(russian.gained_km2 - russian.lost_km2)
    assert result.consistent()
    (change,) = [c for c in result.changes if c.side == Side.RUSSIAN]
    assert change.kind == "gained" and change.geometry.equals(gained)
    assert [r.zone_id for r in change.before] == ["a/contested"]
    assert [(r.zone_id, r.valid_from) for r in change.after] == [("a/russian", D2)]
    contested = sides[Side.CONTESTED]
    assert contested.lost_km2 == pytest.approx(area_km2(box(37.95, 48.5, 38.0, 48.7)))


def test_slivers_are_dropped_from_the_list_but_kept_in_the_totals():
    big = box(38.0, 48.5, 38.2, 48.7)
    after = shapely.union_all([box(38.0, 48.5, 38.3, 48.7), box(37.99999, 48.5, 38.0, 48.6)])
    result = diff_zones([z("r", Side.RUSSIAN, D1, big)], [z("r", Side.RUSSIAN, D2, after)],
                        start=D1, end=D2, min_km2=1.0)
    (side,) = result.sides
    sliver = area_km2(box(37.99999, 48.5, 38.0, 48.6))
    assert 0 < sliver < 1.0
    assert side.slivers == 1 and side.slivers_gained_km2 == pytest.approx(sliver)
    assert [c.km2 for c in result.changes] == [pytest.approx(area_km2(box(38.2, 48.5, 38.3,
                                                                          48.7)))]
    assert side.gained_km2 == pytest.approx(sum(c.km2 for c in result.changes) + sliver)
    assert side.consistent() and abs(side.residual_km2) < 1e-6


def test_diff_geojson_and_negative_threshold(store):
    doc = diff_store(store, D1, D2).to_geojson()
    assert doc["type"] == "FeatureCollection" and doc["properties"]["consistent"]
    props = doc["features"][0]["properties"]
    assert {"side", "change", "km2", "reports_before", "reports_after"} <= set(props)
    assert props["reports_after"][0]["source"] == "test"
    with pytest.raises(ValueError):
        diff_zones([], [], start=D1, end=D2, min_km2=-1)


def test_front_line_leaves_out_the_outer_edge():
    land = box(37.0, 48.0, 39.0, 49.0)
    held = box(38.0, 48.0, 39.0, 49.0)  # its south, east and north edges lie on the land edge
    zones = [z("r", Side.RUSSIAN, D1, held)]
    everything = front_line(zones)
    masked = front_line(zones, land=land, tolerance_deg=0.01)
    assert everything.length == pytest.approx(held.length)
    assert masked.length == pytest.approx(1.0 - 2 * 0.01, abs=1e-9)  # the western edge only
    assert masked.distance(LineString([(38.0, 48.0), (38.0, 49.0)])) < 1e-9
    assert front_line([], land=land).is_empty


def test_front_line_ignores_hairline_gaps_between_reports_of_one_side():
    left, right = box(38.0, 48.0, 38.5, 49.0), box(38.50001, 48.0, 39.0, 49.0)
    zones = [z("r1", Side.RUSSIAN, D1, left), z("r2", Side.RUSSIAN, D1, right)]
    line = front_line(zones, land=box(37.0, 48.0, 39.0, 49.0), tolerance_deg=0.01)
    assert line.length == pytest.approx(1.0 - 2 * 0.01, abs=1e-3)  # no line along the gap
    assert front_line(zones, land=box(37.0, 48.0, 39.0, 49.0), tolerance_deg=0.01,
                      close_deg=0).length > 2.5


def _wiggly_pair() -> tuple[ZoneReport, ZoneReport]:
    xs = np.linspace(37.0, 39.0, 400)
    edge = [(x, 48.5 + 0.01 * np.sin(40 * x)) for x in xs]
    north = Polygon([*edge, (39.0, 49.0), (37.0, 49.0)])
    south = Polygon([*edge, (39.0, 48.0), (37.0, 48.0)])
    return z("n", Side.RUSSIAN, D1, north), z("s", Side.CONTESTED, D1, south)


def test_display_geometries_keep_a_gap_free_coverage_rounded_to_1e5():
    clear_display_cache()
    pair = _wiggly_pair()
    for band in (0, 1, 2, 3):
        shapes = display_geometries(pair, band)
        north, south = shapes[pair[0].id], shapes[pair[1].id]
        assert shapely.coverage_is_valid([north, south])
        union = shapely.union_all([north, south])
        assert union.area == pytest.approx(box(37.0, 48.0, 39.0, 49.0).area, rel=1e-6)
        coords = shapely.get_coordinates(north)
        assert np.allclose(coords, np.round(coords, 5))
    assert len(shapely.get_coordinates(display_geometries(pair, 0)[pair[0].id])) < len(
        shapely.get_coordinates(pair[0].geometry))


def test_display_cache_never_simplifies_twice(monkeypatch):
    clear_display_cache()
    calls = []
    real = display_module._simplify
    monkeypatch.setattr(display_module, "_simplify",
                        lambda reports, band: calls.append(band) or real(reports, band))
    pair = _wiggly_pair()
    first = display_geometries(pair, 1)
    assert display_geometries(list(reversed(pair)), 1) is first
    display_geometry(pair[0], 1)
    display_geometry(pair[0], 1)
    assert calls == [1, 1]  # the pair once, the single report once
    with pytest.raises(ValueError):
        display_geometries(pair, 9)


@pytest.mark.parametrize(("zoom", "band"), [(3, 0), (6, 0), (7, 1), (9, 1), (12, 2), (18, 3)])
def test_zoom_bands(zoom, band):
    assert zoom_band(zoom) == band


def test_cli_areas_diff_front_line(store, capsys):
    path = store.location
    assert main(["--store", path, "areas", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"date", "side", "km2"} == set(records[0])
    assert main(["--store", path, "areas", "--format", "csv", "--from", "2023-04-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "date,side,km2" and all(line.startswith("2023-04-20") for line in lines[1:])
    assert main(["--store", path, "areas"]) == 0
    assert "russian km²" in capsys.readouterr().out
    assert main(["--store", path, "diff", "2023-03-10", "2023-04-20"]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and "a/contested" in out and "MISMATCH" not in out
    assert main(["--store", path, "diff", "2023-03-10", "2023-04-20", "--format", "geojson"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "FeatureCollection"
    assert main(["--store", path, "front-line", "2023-04-20", "--no-mask"]) == 0
    feature = json.loads(capsys.readouterr().out)
    assert feature["geometry"]["type"] in ("LineString", "MultiLineString")
    assert feature["properties"]["length_km"] > 0
    with pytest.raises(SystemExit) as usage:
        main(["--store", path, "diff", "2023-13-01", "2023-04-20"])
    assert usage.value.code == 2


def test_layered_display_keeps_each_source_whole():
    """Two overlapping sources: each layer shown alone has no hole cut by the other."""
    from datetime import date as _date

    from shapely.geometry import box as _box

    from geo.models import Side as _Side
    from geo.models import ZoneReport as _Zone
    from geo.zones import layered_display_geometries

    big = _Zone("deepstate/occupied", _Side.RUSSIAN, _date(2023, 4, 20),
                _box(37.5, 48.0, 38.5, 49.0), "DeepStateMap", layer="deepstate")
    sector = _Zone("bakhmut/ukrainian", _Side.UKRAINIAN, _date(2023, 4, 20),
                   _box(37.9, 48.5, 38.1, 48.7), "ours", layer="seed")
    shown = layered_display_geometries([big, sector], band=3)
    assert shown[big.id].area == pytest.approx(1.0, rel=1e-6)
    assert shown[sector.id].area == pytest.approx(0.04, rel=1e-6)


def test_repair_of_a_collapsed_shell_with_a_hole_never_raises():
    """Found by hypothesis: GEOS's default make_valid raises "Overlay input is
    mixed-dimension" on a shell collapsed to one point around a real ring."""
    from geo.zones.repair import repair_polygonal, valid_polygonal

    collapsed = Polygon([(37.0, 48.0)] * 4, [[(37.0, 47.5), (38.0, 48.0), (38.0, 49.0)]])
    with pytest.raises(shapely.errors.GEOSException):
        shapely.make_valid(collapsed)  # the defect: still there in GEOS, so we must cope
    assert valid_polygonal(collapsed).is_empty
    fixed, note = repair_polygonal(collapsed, on_invalid="fix", source="f.geojson", item=3)
    assert fixed is None and note.action == "skipped" and "nothing polygonal" in note.reason
