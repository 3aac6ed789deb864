"""The map's layers follow the theatre: legend, hatch patterns, zone styles, undrawn sides."""

from __future__ import annotations

import json
from datetime import date

from shapely.geometry import box

from geo.models import ZoneReport
from geo.theatre import parse_theatre
from layers.legend import legend_html
from layers.style import hatch_svg, zone_style
from layers.zones import zones_layer
from tests.common import MINIMAL_THEATRE_TOML

UNDRAWN = MINIMAL_THEATRE_TOML.replace('colour = "#0072B2"', 'colour = "#0072B2"\ndrawn = false')


def test_legend_and_styles_are_the_theatres():
    theatre = parse_theatre(MINIMAL_THEATRE_TOML, source="t")
    html = legend_html(theatre=theatre)
    assert "Government forces" in html and "Rebel forces" in html
    assert "Russian" not in html
    assert zone_style("rebels", theatre)["color"] == "#D55E00"
    contested = zone_style("contested", theatre)
    assert contested["fillColor"].startswith("url(#frontline-hatch-contested)")
    assert 'id="frontline-hatch-contested"' in hatch_svg(theatre)
    assert "frontline-hatch" not in zone_style("government", theatre)["fillColor"]


def test_an_undrawn_side_is_measured_but_not_filled():
    theatre = parse_theatre(UNDRAWN, source="t")
    assert not theatre.side("government").drawn
    assert "(not drawn)" in legend_html(theatre=theatre)
    zones = [ZoneReport(f"s/{side}", side, date(2024, 3, 1), box(20.1 + i * 0.1, 10.2,
                                                                  20.2 + i * 0.1, 10.3), "src")
             for i, side in enumerate(("government", "rebels", "contested"))]
    layer = zones_layer(zones, theatre=theatre)
    sides = {f["properties"]["side"] for f in json.loads(layer.data_json)["features"]}
    assert sides == {"rebels", "contested"}
