"""Checking a drawn zone before it is saved (pure function behind the "Draw a zone" tab)."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import box, mapping

from dashboard.zone_editor import check_drawn_zone
from geo.errors import FrontlineError, GeometryError
from geo.models import Side, ZoneReport

SQUARE = mapping(box(38.0, 48.6, 38.05, 48.65))
BOWTIE = {"type": "Polygon",
          "coordinates": [[[38.0, 48.6], [38.1, 48.7], [38.1, 48.6], [38.0, 48.7], [38.0, 48.6]]]}


def test_valid_polygon_passes_without_warnings():
    geometry, warnings = check_drawn_zone(SQUARE, on_invalid="fix", others=[],
                                          side=Side.RUSSIAN)
    assert geometry.bounds == pytest.approx((38.0, 48.6, 38.05, 48.65))
    assert warnings == []


def test_self_intersecting_polygon_fixed_or_refused_by_policy():
    fixed, warnings = check_drawn_zone(BOWTIE, on_invalid="fix", others=[], side=Side.RUSSIAN)
    assert fixed.is_valid and fixed.area > 0
    assert warnings and "make_valid" in warnings[0]
    with pytest.raises(GeometryError, match="geometry"):
        check_drawn_zone(BOWTIE, on_invalid="raise", others=[], side=Side.RUSSIAN)


@pytest.mark.parametrize("drawing, message", [
    (None, "draw a polygon"),
    ({"type": "Point", "coordinates": [38.0, 48.6]}, "not a Point"),
    ({"type": "Polygon"}, "not a geometry"),
])
def test_unusable_drawings_are_refused(drawing, message):
    with pytest.raises(FrontlineError, match=message):
        check_drawn_zone(drawing, on_invalid="fix", others=[], side=Side.RUSSIAN)


def test_overlap_with_other_side_and_outside_theatre_warn():
    other = ZoneReport("s/ukrainian", Side.UKRAINIAN, date(2023, 5, 1),
                       box(38.0, 48.6, 38.1, 48.7), "test")
    _, warnings = check_drawn_zone(SQUARE, on_invalid="fix", others=[other], side=Side.RUSSIAN)
    assert any("overlaps" in w for w in warnings)
    _, same_side = check_drawn_zone(SQUARE, on_invalid="fix", others=[other],
                                    side=Side.UKRAINIAN)
    assert same_side == []
    _, far = check_drawn_zone(mapping(box(30.0, 50.0, 30.1, 50.1)), on_invalid="fix",
                              others=[], side=Side.RUSSIAN)
    assert any("outside the theatre" in w for w in far)
