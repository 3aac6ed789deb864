"""The front line: where Russian-controlled or contested ground meets the rest.

Method: take ``held = Russian ∪ contested`` (after :func:`side_coverage`), its boundary is
every edge of that ground. Parts of that boundary are not a front: the coast (Crimea, the
Azov shore) and the state border with Russia and Belarus, i.e. the outer edge of the land
the data covers. When ``land`` (Ukraine's land outline, e.g. Natural Earth admin-0 UKR) is
given, only the boundary lying at least ``tolerance_deg`` inside that outline is kept; the
tolerance absorbs the difference between the two digitisations of the coast and border.
Without ``land`` the whole boundary is returned (coast and border included).

Sector reports (zone ids ``"<sector>/<side>"`` reporting all three sides, like our seeds)
cover a bounded sector: the edge of that sector is where the data stops, not a front, so
:func:`front_line` drops boundary lying on it (``drop_sector_edges``).

Source polygons of one side rarely share edges exactly (DeepState's "occupied" and "occupied
before 2022" leave hair-thin gaps), which would draw false front lines inside held ground.
So ``held`` is first closed morphologically (buffered out then in by ``close_deg``) and
holes smaller than ``min_hole_km2`` are filled; real Ukrainian-held pockets stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import shapely
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from geo.models import Side, ZoneReport
from geo.theatre import Theatre
from geo.zones.measure import area_km2, side_coverage
from geo.zones.repair import polygonal_parts

DEFAULT_TOLERANCE_DEG = 0.02  # about 2 km north-south, 1.5 km east-west at 48° N
DEFAULT_CLOSE_DEG = 0.001  # about 100 m
DEFAULT_MIN_HOLE_KM2 = 1.0
SECTOR_EDGE_DEG = 1e-4  # about 10 m: boundary this close to a sector's edge is the edge


@lru_cache(maxsize=8)
def _inner(land_wkb: bytes, tolerance_deg: float) -> BaseGeometry:
    inner = shapely.from_wkb(land_wkb).buffer(-tolerance_deg)
    shapely.prepare(inner)
    return inner


def _lines(geometry: BaseGeometry) -> LineString | MultiLineString:
    parts = [p for p in shapely.get_parts(geometry)
             if isinstance(p, LineString | MultiLineString) and not p.is_empty]
    if not parts:
        return MultiLineString()
    merged = shapely.line_merge(shapely.union_all(parts))
    return merged if isinstance(merged, LineString | MultiLineString) else MultiLineString(
        [p for p in shapely.get_parts(merged) if isinstance(p, LineString)])


def _fill_small_holes(geometry: BaseGeometry, min_hole_km2: float) -> BaseGeometry:
    polygons = []
    for polygon in shapely.get_parts(polygonal_parts(geometry)):
        holes = [ring for ring in polygon.interiors
                 if area_km2(Polygon(ring)) >= min_hole_km2]
        polygons.append(Polygon(polygon.exterior, holes))
    return shapely.union_all(polygons) if polygons else Polygon()


DEFAULT_HELD = (Side.RUSSIAN, Side.CONTESTED)
"""The default theatre's traced ground: Russian-controlled and contested."""


def held_ground(zones: Iterable[ZoneReport], *, close_deg: float = DEFAULT_CLOSE_DEG,
                min_hole_km2: float = DEFAULT_MIN_HOLE_KM2,
                theatre: Theatre | None = None) -> BaseGeometry:
    """The theatre's traced ground (:attr:`Theatre.held_sides`: the first front side and
    the contested ones; Russian ∪ contested by default), hair-line gaps closed and small
    holes filled (lon/lat)."""
    held_sides = theatre.held_sides if theatre is not None else DEFAULT_HELD
    coverage = side_coverage(zones, theatre.side_precedence if theatre is not None else None)
    held = shapely.union_all([g for side, g in coverage.items()
                              if side in held_sides and not g.is_empty])
    if held.is_empty:
        return Polygon()
    if close_deg > 0:
        held = held.buffer(close_deg, join_style="mitre").buffer(-close_deg,
                                                                 join_style="mitre")
    return _fill_small_holes(held, min_hole_km2)


def sector_extent(zones: Iterable[ZoneReport], theatre: Theatre | None = None
                  ) -> BaseGeometry:
    """Union of the sectors fully reported by ``"<sector>/<side>"`` zone ids (every side of
    the theatre); a sector belongs to its layer (two layers' ``bakhmut`` sectors are two
    sectors)."""
    sides = set(theatre.side_ids) if theatre is not None else {str(s) for s in Side}
    sectors: dict[tuple[str, str], list[ZoneReport]] = {}
    for zone in zones:
        sector, _, suffix = zone.zone_id.rpartition("/")
        if sector and suffix in sides:
            sectors.setdefault((zone.layer, sector), []).append(zone)
    extents = [shapely.union_all([z.geometry for z in members]) for members in sectors.values()
               if {str(z.side) for z in members} == sides]
    return shapely.union_all(extents) if extents else Polygon()


def front_line(zones: Iterable[ZoneReport], *, land: BaseGeometry | None = None,
               tolerance_deg: float = DEFAULT_TOLERANCE_DEG,
               close_deg: float = DEFAULT_CLOSE_DEG,
               min_hole_km2: float = DEFAULT_MIN_HOLE_KM2,
               drop_sector_edges: bool = True, theatre: Theatre | None = None
               ) -> LineString | MultiLineString:
    """The front line on the day ``zones`` are in force, as a (Multi)LineString (lon/lat),
    between the theatre's front sides (the default theatre's without one)."""
    zones = list(zones)
    held = held_ground(zones, close_deg=close_deg, min_hole_km2=min_hole_km2,
                       theatre=theatre)
    if held.is_empty:
        return MultiLineString()
    boundary = held.boundary
    if land is not None:
        boundary = boundary.intersection(_inner(shapely.to_wkb(land), tolerance_deg))
    if drop_sector_edges:
        extent = sector_extent(zones, theatre)
        if not extent.is_empty:
            boundary = boundary.difference(extent.boundary.buffer(SECTOR_EDGE_DEG))
    return _lines(boundary)


@lru_cache(maxsize=1)
def ukraine_land() -> BaseGeometry:
    """Ukraine's land outline (Natural Earth admin-0 in :mod:`geo.data`, Crimea included)."""
    land = country_land("UA")
    if land is None:
        raise LookupError("no UKR outline in the bundled basemap")
    return land


@lru_cache(maxsize=16)
def country_land(country_code: str) -> BaseGeometry | None:
    """A country's land outline (ISO alpha-2) from the bundled Natural Earth outlines: the
    detailed regional extract first, then the world layer; None when neither has it."""
    from shapely.geometry import shape

    from geo.data import basemap_geojson

    for layer in ("countries", "world"):
        for feature in basemap_geojson(layer)["features"]:
            if feature["properties"].get("ISO_A2") == country_code:
                land = shape(feature["geometry"])
                shapely.prepare(land)
                return land
    return None


def map_front_line(zones: Iterable[ZoneReport], theatre: Theatre | None = None
                   ) -> LineString | MultiLineString:
    """The front line as maps draw it: coast, state border and sector edges left out (the
    border of the theatre's first country; Ukraine's for the default theatre)."""
    code = theatre.countries[0] if theatre is not None and theatre.countries else "UA"
    return front_line(zones, land=country_land(code), theatre=theatre)
