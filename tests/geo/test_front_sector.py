"""The front line of sector reports leaves out the sector's edge (where the data stops)."""

from __future__ import annotations

from datetime import date

from geo.zones import front_line, map_front_line, sector_extent, zones_in_force
from seeds import load_zone_reports


def _seed_zones(day: date):
    return zones_in_force(load_zone_reports(), day)


def test_sector_edge_is_not_a_front():
    zones = _seed_zones(date(2023, 3, 10))
    extent = sector_extent(zones)
    assert not extent.is_empty
    with_edges = front_line(zones, drop_sector_edges=False)
    front = front_line(zones)
    assert front.length < with_edges.length
    on_edge = front.intersection(extent.boundary.buffer(1e-5)).length
    assert on_edge < 1e-3, on_edge
    assert front.length > 0.1  # a real line through the sector is left (degrees)


def test_map_front_line_runs_west_of_bakhmut_after_the_city_fell():
    front = map_front_line(_seed_zones(date(2023, 5, 20)))
    west, _, east, _ = front.bounds
    assert west < 37.99 and east < 38.1  # the line passes west of the city centre (38.0 E)


def test_non_sector_ids_keep_their_whole_boundary():
    zones = [z.__class__(zone_id=f"other-{z.side}", side=z.side, valid_from=z.valid_from,
                         geometry=z.geometry, source=z.source)
             for z in _seed_zones(date(2023, 3, 10))]
    assert sector_extent(zones).is_empty
    assert front_line(zones).length == front_line(zones, drop_sector_edges=False).length
