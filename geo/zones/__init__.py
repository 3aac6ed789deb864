"""Zone geometry: repair policy, areas (EPSG:6933), per-side coverage, diffs between dates,
the front line and display simplification. Pure functions over ZoneReports (and a Store)."""

from geo.zones.diff import (
    CONSISTENCY_TOLERANCE,
    DEFAULT_MIN_KM2,
    Change,
    ReportRef,
    SideDiff,
    ZoneDiff,
    diff_store,
    diff_zones,
)
from geo.zones.display import (
    ZOOM_BANDS,
    clear_display_cache,
    display_geometries,
    display_geometry,
    layered_display_geometries,
    warm_display_cache,
    zoom_band,
)
from geo.zones.front import (
    DEFAULT_TOLERANCE_DEG,
    front_line,
    map_front_line,
    sector_extent,
    ukraine_land,
)
from geo.zones.measure import (
    EQUAL_AREA_CRS,
    SIDE_PRECEDENCE,
    AreaRow,
    area_km2,
    area_km2_by_side,
    areas_by_date,
    side_areas_km2,
    side_coverage,
    to_equal_area,
    zones_in_force,
)
from geo.zones.repair import (
    ON_INVALID_CHOICES,
    Note,
    OnInvalid,
    check_policy,
    polygonal_parts,
    repair_polygonal,
    valid_polygonal,
)

__all__ = [
    "CONSISTENCY_TOLERANCE", "DEFAULT_MIN_KM2", "DEFAULT_TOLERANCE_DEG", "EQUAL_AREA_CRS",
    "ON_INVALID_CHOICES", "SIDE_PRECEDENCE", "ZOOM_BANDS", "AreaRow", "Change", "Note",
    "OnInvalid", "ReportRef", "SideDiff", "ZoneDiff", "area_km2", "area_km2_by_side",
    "areas_by_date", "check_policy", "clear_display_cache", "diff_store", "diff_zones",
    "display_geometries", "display_geometry", "layered_display_geometries", "front_line",
    "map_front_line",
    "sector_extent", "ukraine_land", "polygonal_parts",
    "repair_polygonal", "side_areas_km2", "side_coverage", "to_equal_area", "valid_polygonal",
    "warm_display_cache", "zones_in_force", "zoom_band",
]
