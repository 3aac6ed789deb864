"""Generate ``seeds/zones/mosul_zones.geojson``: our hand-authored Mosul control zones.

The sector is the ground within 9 km of Mosul's centre and 6 km of the towns of the battle
(Gogjali, Bartella, Bashiqa, Qaraqosh, Hammam al-Alil, Badush, the airport), smoothed: a
natural outline, not a rectangle. The Tigris (a coarse polyline through the city) splits it
into the east bank (declared retaken on 24 January 2017) and the west bank (offensive from
19 February, victory declared on 10 July 2017). For each report date we say what the Islamic
State still holds and which band is contested, as shapes built from those pieces; Iraqi
forces and allies hold the rest. The three never overlap and together cover the sector.

Coarse (a kilometre or two at best), authored from public reporting (Iraqi Joint Operations
Command statements, Reuters, AP, BBC) in our own geometry.
Run: ``.venv/bin/python tools/make_mosul_zones.py``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import Point, Polygon, box, mapping

log = logging.getLogger("make_mosul_zones")

OUT = Path(__file__).resolve().parents[1] / "seeds" / "zones" / "mosul_zones.geojson"
GRID = 1e-5
SIDES = ("iraqi", "isil", "contested")
_TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True)
_TO_LL = Transformer.from_crs("EPSG:32638", "EPSG:4326", always_xy=True)

# (lon, lat), approximate centres
MOSUL = (43.130, 36.340)
OLD_CITY = (43.131, 36.343)
TOWNS = {"Gogjali": (43.215, 36.355), "Bartella": (43.380, 36.353),
         "Bashiqa": (43.345, 36.455), "Qaraqosh": (43.377, 36.270),
         "Hammam al-Alil": (43.262, 36.160), "Badush": (42.970, 36.390),
         "Mosul airport": (43.147, 36.306)}
# The Tigris, north to south, pushed past the sector at both ends.
TIGRIS = [(43.06, 36.60), (43.100, 36.420), (43.118, 36.375), (43.135, 36.345),
          (43.150, 36.320), (43.160, 36.290), (43.185, 36.250), (43.225, 36.190),
          (43.27, 36.05), (43.30, 35.90)]


def _metric(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, _TO_UTM.transform, interleaved=False)


def _degrees(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, _TO_LL.transform, interleaved=False)


def _disc(lonlat: tuple[float, float], radius_m: float) -> shapely.Geometry:
    return _degrees(_metric(Point(lonlat)).buffer(radius_m, quad_segs=16))


def sector_outline() -> shapely.Geometry:
    """9 km around Mosul, 6 km around the towns, notches closed by 4 km (UTM 38N)."""
    parts = [_metric(Point(MOSUL)).buffer(9_000, quad_segs=16)]
    parts += [_metric(Point(p)).buffer(6_000, quad_segs=16) for p in TOWNS.values()]
    area = shapely.union_all(parts).buffer(4_000).buffer(-4_000)
    return shapely.set_precision(_degrees(area), GRID)


SECTOR = sector_outline()
WEST_BANK = shapely.set_precision(
    Polygon([*TIGRIS, (42.0, 35.90), (42.0, 36.60)]).intersection(SECTOR), GRID)
EAST_BANK = shapely.difference(SECTOR, WEST_BANK, grid_size=GRID)


def north_of(lat: float) -> Polygon:
    return box(42.0, lat, 44.0, 37.0)


def west_of(lon: float) -> Polygon:
    return box(42.0, 35.0, lon, 37.0)


@dataclass(frozen=True)
class Situation:
    """What the Islamic State holds and what is contested on one report date, and why."""

    day: str
    isil: shapely.Geometry
    contested: shapely.Geometry
    sources: str
    note: str


def _situations() -> list[Situation]:
    old_city = _disc(OLD_CITY, 1_300)
    return [
        Situation("2016-10-17", SECTOR.intersection(north_of(36.12)).intersection(
            west_of(43.42)), Polygon(),
            "Iraqi Prime Minister's announcement 2016-10-17; Reuters, BBC News",
            "offensive begins: the Islamic State holds Mosul and the towns around it"),
        Situation("2016-11-04", SECTOR.intersection(north_of(36.18)).intersection(
            west_of(43.22)), SECTOR.intersection(north_of(36.18)).intersection(
            west_of(43.30)).difference(west_of(43.22)),
            "Iraqi Counter Terrorism Service statements 2016-11-01/04; Reuters, AP",
            "Bartella and Qaraqosh retaken; special forces fight in Gogjali, the eastern edge"),
        Situation("2016-12-15", WEST_BANK.intersection(north_of(36.20)),
                  EAST_BANK.intersection(north_of(36.20)).intersection(west_of(43.20)),
                  "Iraqi Joint Operations Command 2016-12; AP, BBC News",
                  "street fighting in the eastern districts; the west bank untouched"),
        Situation("2017-01-24", WEST_BANK.intersection(north_of(36.20)), Polygon(),
                  "Iraqi Joint Operations Command statement 2017-01-24; Reuters",
                  "the east bank declared fully retaken"),
        Situation("2017-02-19", WEST_BANK.intersection(north_of(36.30)),
                  WEST_BANK.intersection(north_of(36.20)).difference(north_of(36.30)),
                  "Iraqi Prime Minister's announcement 2017-02-19; Reuters, AP",
                  "offensive on the west bank begins from the south (the airport area)"),
        Situation("2017-03-20", WEST_BANK.intersection(north_of(36.345)),
                  WEST_BANK.intersection(north_of(36.325)).difference(north_of(36.345)),
                  "Iraqi federal police and CTS statements 2017-03; Reuters, BBC News",
                  "about half of west Mosul retaken; fighting towards the Old City"),
        Situation("2017-05-27", WEST_BANK.intersection(_disc(OLD_CITY, 3_200)).intersection(
            north_of(36.333)), WEST_BANK.intersection(_disc(OLD_CITY, 4_200)).intersection(
            north_of(36.325)).difference(_disc(OLD_CITY, 3_200).intersection(
                north_of(36.333))),
            "Iraqi Joint Operations Command 2017-05-27; AP",
            "final push: the Islamic State holds the Old City and districts to its north-west"),
        Situation("2017-06-21", WEST_BANK.intersection(old_city),
                  WEST_BANK.intersection(_disc(OLD_CITY, 2_000)).difference(old_city),
                  "Iraqi military statement 2017-06-21; Reuters, BBC News",
                  "the Old City besieged; the al-Nuri mosque destroyed on 21 June"),
        Situation("2017-07-10", Polygon(), Polygon(),
                  "Iraqi Prime Minister's declaration 2017-07-10; Reuters, BBC News",
                  "victory in Mosul declared"),
    ]


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 1e-9]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _rounded(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, 5)
    if isinstance(obj, (list, tuple)):
        return [_rounded(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    return obj


def build() -> dict:
    """The FeatureCollection of all zone reports."""
    features = []
    for sit in _situations():
        contested = shapely.set_precision(sit.contested.intersection(SECTOR), GRID)
        isil = shapely.difference(sit.isil.intersection(SECTOR), contested, grid_size=GRID)
        iraqi = shapely.difference(SECTOR, shapely.union(isil, contested, grid_size=GRID),
                                   grid_size=GRID)
        for side, geom in (("iraqi", iraqi), ("isil", isil), ("contested", contested)):
            geom = _polygonal(geom)
            if not geom.is_valid:
                raise ValueError(f"{sit.day} {side}: {shapely.is_valid_reason(geom)}")
            features.append({
                "type": "Feature",
                "properties": {"zone_id": f"mosul/{side}", "side": side, "valid_from": sit.day,
                               "source": sit.sources, "source_url": "", "note": sit.note},
                "geometry": None if geom.is_empty else _rounded(mapping(geom)),
            })
    return {"type": "FeatureCollection", "name": "mosul_zones", "theatre": "mosul-2016",
            "description": ("Hand-drawn, approximate control zones for the Mosul sector (9 km "
                            "around the city, 6 km around the towns of the battle), authored "
                            "by the Frontline map project from public reporting. Not a "
                            "survey: a kilometre or two at best. Generated by "
                            "tools/make_mosul_zones.py."),
            "license": "CC BY 4.0", "features": features}


def main() -> int:
    """Write the GeoJSON file."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    fc = build()
    OUT.write_text(json.dumps(fc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("wrote %s: %d features, %d bytes", OUT, len(fc["features"]), OUT.stat().st_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
