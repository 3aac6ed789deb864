"""Generate ``seeds/zones/bakhmut_zones.geojson``: our hand-authored Bakhmut control zones.

For each report date we hand-pick a front polyline (lon, lat) through real landmarks, from the
northern edge of the sector to its southern edge. Russian-held is the part of the sector east
of the line, contested is a band along the line (buffered in UTM 37N, EPSG:32637) plus any
extra contested patches, Ukrainian-held is the rest. The three are computed as differences on
a 1e-5 degree grid, so they never overlap and together cover the sector.

The lines are coarse (a few hundred metres at best) and authored from public reporting
(ISW daily assessments, Wagner/Prigozhin claims, Ukrainian General Staff and Ministry of
Defence statements), in our own geometry. Run: ``.venv/bin/python tools/make_seed_zones.py``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, box, mapping, shape

log = logging.getLogger("make_seed_zones")

OUT = Path(__file__).resolve().parents[1] / "seeds" / "zones" / "bakhmut_zones.geojson"
BOX = box(37.80, 48.45, 38.25, 48.75)  # lon 37.80-38.25, lat 48.45-48.75
GRID = 1e-5
SIDES = ("russian", "ukrainian", "contested")
_TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32637", always_xy=True)
_TO_LL = Transformer.from_crs("EPSG:32637", "EPSG:4326", always_xy=True)

# Landmarks, (lon, lat) like shapely/GeoJSON: approximate centres of places (GeoNames where it
# has them; Paraskoviivka, Berkhivka, Yahidne, Andriivka and Kurdiumivka to about 1 km).
SOLEDAR = (38.071, 48.692)
KRASNA_HORA = (38.022, 48.663)
PARASKOVIIVKA = (38.035, 48.640)
BERKHIVKA = (37.990, 48.635)
YAHIDNE = (37.995, 48.620)
BAKHMUT_CENTRE = (38.0005, 48.5956)
KHROMOVE = (37.949, 48.601)
IVANIVSKE = (37.917, 48.572)
OPYTNE = (38.017, 48.556)
KLISHCHIIVKA = (37.960, 48.535)
ANDRIIVKA = (37.970, 48.500)
KURDIUMIVKA = (37.975, 48.475)
CHASIV_YAR = (37.834, 48.588)
LANDMARKS = {
    "Soledar": SOLEDAR, "Krasna Hora": KRASNA_HORA, "Paraskoviivka": PARASKOVIIVKA,
    "Berkhivka": BERKHIVKA, "Yahidne": YAHIDNE, "Bakhmut centre": BAKHMUT_CENTRE,
    "Khromove": KHROMOVE, "Ivanivske": IVANIVSKE, "Opytne": OPYTNE,
    "Klishchiivka": KLISHCHIIVKA, "Andriivka": ANDRIIVKA, "Kurdiumivka": KURDIUMIVKA,
    "Chasiv Yar": CHASIV_YAR,
}


TOWN_RADIUS_M = 7_000
"""The sector is the ground within this distance of the battle's towns (a natural outline,
not a rectangle: the edge of the data should look like one)."""
SMOOTH_M = 3_000


def sector_outline() -> Polygon:
    """The sector: a 7 km buffer around the battle's towns (UTM 37N), its notches smoothed
    (closed by 3 km), clipped to the authoring box."""
    points = shapely.MultiPoint([Point(_TO_UTM.transform(lon, lat))
                                 for lon, lat in LANDMARKS.values()])
    area = points.buffer(TOWN_RADIUS_M, quad_segs=8).buffer(SMOOTH_M).buffer(-SMOOTH_M)
    outline = shapely.transform(area, _TO_LL.transform, interleaved=False)
    return shapely.set_precision(outline.intersection(BOX), GRID)


SECTOR = sector_outline()


@dataclass(frozen=True)
class Situation:
    """The authored front on one report date and the provenance of each side's zone."""

    day: str
    front: list[tuple[float, float]]  # (lon, lat) from the north edge to the south edge
    half_width_m: float
    sources: dict[str, str]
    notes: dict[str, str]
    extra_contested: list[list[tuple[float, float]]] = field(default_factory=list)


def _isw(day: str) -> str:
    return f"ISW assessment {day}"


SITUATIONS: list[Situation] = [
    Situation(
        "2023-01-16",
        [(38.035, 48.75), (38.035, 48.70), (38.030, 48.68), (38.035, 48.66), (38.030, 48.64),
         (38.022, 48.62), (38.028, 48.60), (38.035, 48.59), (38.032, 48.58), (38.022, 48.57),
         (38.005, 48.562), (37.975, 48.553), KLISHCHIIVKA, (37.945, 48.52), (37.940, 48.50),
         (37.940, 48.48), (37.950, 48.45)],
        600,
        {"russian": "Russian MoD claim 2023-01-13; " + _isw("2023-01-16"),
         "ukrainian": _isw("2023-01-16"), "contested": _isw("2023-01-16")},
        {"russian": "Russian forces hold Soledar after Moscow claimed it on 13 January, and the "
                    "ground east of Bakhmut.",
         "ukrainian": "Ukraine holds Bakhmut, Krasna Hora and the western approaches while "
                      "disputing the loss of Soledar.",
         "contested": "Fighting runs west of Soledar, along the eastern outskirts of Bakhmut "
                      "and at Klishchiivka."},
    ),
    Situation(
        "2023-02-10",
        [(38.015, 48.75), (37.955, 48.70), (37.945, 48.68), (37.975, 48.672), KRASNA_HORA,
         PARASKOVIIVKA, (38.020, 48.62), (38.020, 48.61), (38.025, 48.60), (38.030, 48.59),
         (38.025, 48.58), (38.015, 48.57), (37.960, 48.56), (37.905, 48.55), (37.885, 48.535),
         (37.895, 48.52), (37.915, 48.50), (37.925, 48.48), (37.940, 48.45)],
        600,
        {"russian": _isw("2023-02-10"), "ukrainian": _isw("2023-02-10"),
         "contested": _isw("2023-02-10")},
        {"russian": "Russian forces hold Soledar and the villages west of it, the eastern "
                    "outskirts of Bakhmut and Klishchiivka south of the city.",
         "ukrainian": "Ukraine holds the city of Bakhmut and its western supply roads.",
         "contested": "Wagner assaults Krasna Hora and Paraskoviivka north of the city and its "
                      "eastern districts."},
    ),
    Situation(
        "2023-03-01",
        [(38.010, 48.75), (37.940, 48.70), (37.915, 48.68), (37.925, 48.66), (37.960, 48.645),
         (37.985, 48.635), (37.995, 48.62), (38.010, 48.61), (38.020, 48.60), (38.020, 48.59),
         (38.020, 48.58), (38.005, 48.57), (37.965, 48.562), (37.900, 48.55), (37.882, 48.535),
         (37.890, 48.52), (37.910, 48.50), (37.925, 48.48), (37.940, 48.45)],
        600,
        {"russian": _isw("2023-03-01"), "ukrainian": _isw("2023-03-01"),
         "contested": _isw("2023-03-01")},
        {"russian": "Russian forces hold Krasna Hora and Paraskoviivka north of Bakhmut and "
                    "press on the city from three sides.",
         "ukrainian": "Ukraine still holds the city centre and the roads west to Chasiv Yar.",
         "contested": "Fighting reaches Berkhivka and Yahidne in the north and the eastern "
                      "districts of the city."},
    ),
    Situation(
        "2023-03-10",
        [(38.010, 48.75), (37.930, 48.70), (37.910, 48.68), (37.920, 48.66), (37.915, 48.64),
         (37.940, 48.625), (37.965, 48.615), (37.990, 48.61), (38.005, 48.605),
         (38.006, 48.595), (38.006, 48.585), (38.000, 48.575), (37.975, 48.567),
         (37.955, 48.56), (37.900, 48.55), (37.875, 48.535), (37.885, 48.52), (37.905, 48.50),
         (37.920, 48.48), (37.935, 48.45)],
        350,
        {"russian": _isw("2023-03-10"), "ukrainian": _isw("2023-03-10"),
         "contested": _isw("2023-03-10")},
        {"russian": "Russian forces hold eastern Bakhmut up to the Bakhmutka river and the "
                    "northern villages of Berkhivka and Yahidne.",
         "ukrainian": "Ukrainian troops withdrew west of the Bakhmutka, blowing the bridges, "
                      "and hold the west of the city.",
         "contested": "The front runs along the Bakhmutka river through the city."},
    ),
    Situation(
        "2023-03-31",
        [(38.005, 48.75), (37.905, 48.70), (37.890, 48.68), (37.880, 48.66), (37.885, 48.64),
         (37.915, 48.62), (37.940, 48.612), (37.970, 48.607), (37.990, 48.60), BAKHMUT_CENTRE,
         (38.000, 48.585), (37.985, 48.578), (37.965, 48.57), (37.955, 48.562),
         (37.900, 48.552), (37.875, 48.535), (37.885, 48.52), (37.905, 48.50),
         (37.920, 48.48), (37.935, 48.45)],
        600,
        {"russian": _isw("2023-03-31"), "ukrainian": _isw("2023-03-31"),
         "contested": _isw("2023-03-31")},
        {"russian": "Wagner holds the east of the city, its northern outskirts and the "
                    "villages around it.",
         "ukrainian": "Ukraine holds the western districts and the road to Chasiv Yar.",
         "contested": "The fight has reached the city centre, days before Wagner claimed the "
                      "city administration building."},
    ),
    Situation(
        "2023-04-20",
        [(38.005, 48.75), (37.905, 48.70), (37.890, 48.68), (37.880, 48.66), (37.880, 48.64),
         (37.915, 48.62), (37.940, 48.61), (37.975, 48.60), (37.980, 48.59), (37.970, 48.58),
         (37.960, 48.57), (37.950, 48.56), (37.900, 48.55), (37.875, 48.535), (37.885, 48.52),
         (37.905, 48.50), (37.920, 48.48), (37.935, 48.45)],
        500,
        {"russian": _isw("2023-04-20"), "ukrainian": _isw("2023-04-20"),
         "contested": _isw("2023-04-20")},
        {"russian": "Russian forces hold most of Bakhmut including the centre.",
         "ukrainian": "Ukraine holds a western pocket of the city and its supply roads.",
         "contested": "Fighting goes on in the western districts of the city."},
    ),
    Situation(
        "2023-05-10",
        [(38.005, 48.75), (37.905, 48.70), (37.890, 48.68), (37.880, 48.66), (37.885, 48.64),
         (37.920, 48.62), (37.930, 48.61), (37.955, 48.60), (37.968, 48.59), (37.968, 48.58),
         (37.960, 48.57), (37.950, 48.56), (37.905, 48.55), (37.878, 48.535), (37.895, 48.52),
         (37.905, 48.50), (37.920, 48.48), (37.935, 48.45)],
        500,
        {"russian": _isw("2023-05-10"),
         "ukrainian": "Ukrainian General Staff; " + _isw("2023-05-10"),
         "contested": _isw("2023-05-10")},
        {"russian": "Wagner holds nearly all of the city while regular Russian units guard "
                    "its flanks.",
         "ukrainian": "Ukraine holds a shrinking south-western pocket and starts "
                      "counter-attacks on the flanks.",
         "contested": "Fighting in the last western blocks and on the flanks south-west of "
                      "the city."},
    ),
    Situation(
        "2023-05-20",
        [(38.005, 48.75), (37.890, 48.70), (37.890, 48.68), (37.880, 48.66), (37.885, 48.64),
         (37.940, 48.625), (37.945, 48.61), (37.950, 48.60), (37.948, 48.59), (37.955, 48.58),
         (37.958, 48.57), (37.955, 48.56), (37.940, 48.55), (37.885, 48.535), (37.905, 48.52),
         (37.912, 48.50), (37.922, 48.48), (37.940, 48.45)],
        400,
        {"russian": "Wagner/Prigozhin claim 2023-05-20",
         "ukrainian": "Ukrainian Ministry of Defence (Hanna Maliar) 2023-05-20",
         "contested": "Ukrainian Ministry of Defence (Hanna Maliar) 2023-05-20"},
        {"russian": "Prigozhin claims Wagner has taken the whole of Bakhmut.",
         "ukrainian": "Kyiv says its troops still hold ground in the south-west of the city and "
                      "press on the flanks.",
         "contested": "The south-western corner of the city around the Litak monument stays "
                      "contested."},
        [[(37.950, 48.572), (37.968, 48.572), (37.970, 48.582), (37.962, 48.590),
          (37.950, 48.588)]],
    ),
    Situation(
        "2023-06-10",
        [(38.005, 48.75), (37.890, 48.70), (37.895, 48.68), (37.880, 48.66), (37.890, 48.64),
         (37.945, 48.625), (37.945, 48.61), (37.950, 48.60), (37.948, 48.59), (37.955, 48.58),
         (37.960, 48.57), (37.960, 48.56), (37.940, 48.55), (37.905, 48.535), (37.905, 48.52),
         (37.920, 48.50), (37.930, 48.48), (37.945, 48.45)],
        450,
        {"russian": _isw("2023-06-10"),
         "ukrainian": "Ukrainian Ministry of Defence (Hanna Maliar); " + _isw("2023-06-10"),
         "contested": _isw("2023-06-10")},
        {"russian": "Regular Russian units have taken over the positions in and around the "
                    "city from Wagner.",
         "ukrainian": "Ukrainian forces report small gains on the northern and southern flanks "
                      "of the city.",
         "contested": "Fighting along the city's western edge, near the Berkhivka reservoir "
                      "and west of Klishchiivka."},
        [[(37.895, 48.632), (37.945, 48.625), (37.962, 48.632), (37.958, 48.645),
          (37.900, 48.648)]],
    ),
    Situation(
        "2023-06-30",
        [(38.005, 48.75), (37.910, 48.70), (37.900, 48.68), (37.885, 48.66), (37.890, 48.64),
         (37.950, 48.625), (37.945, 48.61), (37.950, 48.60), (37.948, 48.59), (37.955, 48.58),
         (37.960, 48.57), (37.962, 48.56), (37.945, 48.55), (37.918, 48.535), (37.918, 48.52),
         (37.920, 48.50), (37.935, 48.48), (37.950, 48.45)],
        500,
        {"russian": _isw("2023-06-30"),
         "ukrainian": "Ukrainian Ministry of Defence (Hanna Maliar); " + _isw("2023-06-30"),
         "contested": _isw("2023-06-30")},
        {"russian": "Russian forces hold Bakhmut, Klishchiivka and Andriivka.",
         "ukrainian": "Ukrainian forces have pushed closer on the southern flank toward "
                      "Klishchiivka and Kurdiumivka.",
         "contested": "Fighting on the heights west of Klishchiivka and along the canal south "
                      "of the city."},
    ),
]


def _extend(front: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Push the first and last vertex beyond the sector so the line cuts it in two."""
    (x0, _), (x1, _) = front[0], front[-1]
    return [(x0, 48.80), *front, (x1, 48.40)]


def russian_side(front: list[tuple[float, float]]) -> Polygon:
    """The part of the sector east of the front line (before removing the contested band)."""
    ring = [*_extend(front), (38.40, 48.40), (38.40, 48.80)]
    poly = Polygon(ring)
    if not poly.is_valid:
        raise ValueError(f"front line crosses itself: {shapely.is_valid_reason(poly)}")
    return poly.intersection(SECTOR)


def contested_band(front: list[tuple[float, float]], half_width_m: float,
                   extra: list[list[tuple[float, float]]]) -> shapely.Geometry:
    """A band ``half_width_m`` either side of the line (metric CRS), plus extra patches."""
    line_m = shapely.transform(LineString(_extend(front)), _TO_UTM.transform, interleaved=False)
    band = shapely.transform(line_m.buffer(half_width_m, quad_segs=4), _TO_LL.transform,
                             interleaved=False)
    return shapely.union_all([band, *(Polygon(p) for p in extra)]).intersection(SECTOR)


def zones_for(sit: Situation) -> dict[str, shapely.Geometry]:
    """Russian, contested and Ukrainian zones: non-overlapping, covering the sector."""
    contested = shapely.set_precision(contested_band(sit.front, sit.half_width_m,
                                                     sit.extra_contested), GRID)
    russian = shapely.difference(russian_side(sit.front), contested, grid_size=GRID)
    taken = shapely.union(russian, contested, grid_size=GRID)
    ukrainian = shapely.difference(SECTOR, taken, grid_size=GRID)
    return {"russian": russian, "ukrainian": ukrainian, "contested": contested}


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only polygon parts (overlay on a grid may leave stray lines or points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
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
    for sit in SITUATIONS:
        zones = zones_for(sit)
        for side in SIDES:
            geom = _polygonal(zones[side])
            if not geom.is_valid:
                raise ValueError(f"{sit.day} {side}: {shapely.is_valid_reason(geom)}")
            features.append({
                "type": "Feature",
                "properties": {"zone_id": f"bakhmut/{side}", "side": side,
                               "valid_from": sit.day, "source": sit.sources[side],
                               "source_url": "", "note": sit.notes[side]},
                "geometry": None if geom.is_empty else _rounded(mapping(geom)),
            })
    return {"type": "FeatureCollection", "name": "bakhmut_zones",
            "description": ("Hand-drawn, approximate control zones for the Bakhmut sector "
                            "(the ground within 7 km of the battle's towns, inside lon "
                            "37.80-38.25, lat 48.45-48.75), authored by the Frontline map "
                            "project from public reporting. Not a survey: a few hundred metres "
                            "at best. Generated by tools/make_seed_zones.py."),
            "license": "CC BY 4.0", "features": features}


def log_landmarks(fc: dict) -> None:
    """Log who holds each landmark on each date, for the author to check against the record."""
    for day in sorted({f["properties"]["valid_from"] for f in fc["features"]}):
        held = {}
        for f in fc["features"]:
            props, geom = f["properties"], f["geometry"]
            if props["valid_from"] != day or geom is None:
                continue
            zone = shape(geom)
            for name, (lon, lat) in LANDMARKS.items():
                if zone.covers(Point(lon, lat)):
                    held[name] = props["side"][0].upper()
        log.info("%s %s", day, " ".join(f"{n}={s}" for n, s in held.items()))


def main() -> int:
    """Write the GeoJSON file."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fc = build()
    log_landmarks(fc)
    OUT.write_text(json.dumps(fc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("wrote %s: %d features, %d bytes", OUT, len(fc["features"]), OUT.stat().st_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
