"""folium layers: escaping, offline pages, styling by side/kind, one GeoJson for events."""

from __future__ import annotations

import base64
import json
import re
from datetime import date, timedelta

import folium
import pytest
import streamlit_folium
from shapely.geometry import GeometryCollection, Point, Polygon, box

from geo.models import ClaimStatus, Event, EventKind, Place, Side, Snapshot, ZoneReport
from layers import (
    THEATRE_CENTER,
    assert_offline_html,
    base_map,
    collect_links,
    day_layer,
    escape_display,
    events_layer,
    full_map,
    map_html,
    outline_layers,
    zones_layer,
)
from layers.assets import leaflet_js
from layers.style import HATCH_ID, KIND_COLOURS, SIDE_COLOURS, SIDE_LABELS, event_opacity

DAY = date(2023, 3, 13)
HOSTILE = "<script>alert(1)</script> ${alert(2)} `tick` back\\slash \"quote\" 'single'"
BAKHMUT = Place("Bakhmut", 48.5956, 37.9999)


def _js_unescaped(page: str) -> str:
    """The page with JSON/JS string escapes undone, as the browser's JS engine sees strings."""
    for escaped, plain in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"),
                           ("\\u0027", "'"), ('\\"', '"'), ("\\/", "/")):
        page = page.replace(escaped, plain)
    return page


def _zone(side: Side, geom, **kwargs) -> ZoneReport:
    return ZoneReport(zone_id=f"bakhmut/{side.value}", side=side, valid_from=date(2023, 3, 1),
                      geometry=geom, source=kwargs.pop("source", "Seed"), **kwargs)


def _zones() -> tuple[ZoneReport, ...]:
    return (
        _zone(Side.RUSSIAN, Polygon([(37.90, 48.55), (37.99, 48.56), (38.0, 48.62),
                                     (37.95, 48.70), (37.85, 48.66)])),
        _zone(Side.UKRAINIAN, box(38.0, 48.55, 38.15, 48.65)),
        _zone(Side.CONTESTED, box(37.99, 48.56, 38.03, 48.62), note="grey zone"),
    )


def _event(i: int = 0, *, kind: EventKind = EventKind.SHELLING_STRIKE, day: date = DAY,
           place: Place = BAKHMUT, **kwargs) -> Event:
    return Event(day=day, place=place, kind=kind, summary=kwargs.pop("summary", f"Event {i}"),
                 source=kwargs.pop("source", "Reuters"), **kwargs)


def _many_events(n: int) -> list[Event]:
    kinds = list(EventKind)
    return [_event(i, kind=kinds[i % len(kinds)], day=DAY - timedelta(days=i % 14),
                   place=Place(f"Village {i}", 48.3 + (i % 97) / 160, 37.6 + (i % 89) / 110),
                   summary=f"Shelling reported near village number {i} overnight.")
            for i in range(n)]


def _hostile_snapshot() -> Snapshot:
    zone = _zone(Side.CONTESTED, box(37.99, 48.56, 38.03, 48.62), source=HOSTILE, note=HOSTILE,
                 source_url="javascript:alert(3)")
    event = _event(summary=HOSTILE, source=HOSTILE, place=Place(HOSTILE, 48.6, 38.0),
                   quote=HOSTILE, claim_status=ClaimStatus.CLAIMED, claimed_by=HOSTILE,
                   actors=(HOSTILE,), source_url="javascript:alert(4)")
    return Snapshot(day=DAY, window_days=14, zones=(zone,), events=(event,))


def _features(layer: folium.GeoJson) -> list[dict]:
    return layer.data["features"]


# --- escaping --------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "forbidden"), [
    ("<script>alert(1)</script>", ["<", ">"]),
    ("${alert(1)}", ["$"]),
    ("`backtick`", ["`"]),
    ("back\\slash", ["\\"]),
    ("\"double\" 'single'", ['"', "'"]),
])
def test_escape_display_neutralises(raw: str, forbidden: list[str]) -> None:
    escaped = escape_display(raw)
    for char in forbidden:
        assert char not in escaped


def test_escape_display_values() -> None:
    assert escape_display("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escape_display("${alert(1)}") == "&#36;&#123;alert(1)&#125;"
    assert escape_display("{{ 7*7 }}") == "&#123;&#123; 7*7 &#125;&#125;"
    assert escape_display("a`b\\c") == "a&#96;b&#92;c"
    assert escape_display("Kramatorsk & Sloviansk") == "Kramatorsk &amp; Sloviansk"
    assert escape_display(None) == ""


def test_hostile_text_never_reaches_the_page_raw() -> None:
    page = map_html(full_map(_hostile_snapshot(), attributions=[HOSTILE]))
    seen = _js_unescaped(page)
    assert "<script>alert" not in seen
    assert "${alert" not in seen
    assert "`tick`" not in seen
    assert "javascript:alert" not in seen  # refused as a link target
    # ...but the text is there, escaped, for the reader
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; &#36;&#123;alert(2)&#125; &#96;tick&#96;"
            in seen)
    assert "back&#92;slash" in seen


def test_hostile_layer_name_is_escaped() -> None:
    m = base_map()
    day_layer(_hostile_snapshot(), name=HOSTILE).add_to(m)
    folium.LayerControl().add_to(m)
    seen = _js_unescaped(m.get_root().render())
    assert "<script>alert" not in seen and "${alert" not in seen


# --- offline ---------------------------------------------------------------------------------


def test_full_map_html_is_offline_and_inlines_leaflet() -> None:
    snap = Snapshot(day=DAY, window_days=14, zones=_zones(), events=tuple(_many_events(20)))
    page = map_html(full_map(snap))
    assert_offline_html(page)
    assert f'<script src="{leaflet_js()}"' in page
    assert "cdn.jsdelivr" not in page and "bootstrap" not in page.lower()


def test_day_layer_on_base_map_is_offline() -> None:
    m = base_map()
    snap = Snapshot(day=DAY, window_days=14, zones=_zones(), events=tuple(_many_events(5)))
    day_layer(snap).add_to(m)
    page = m.get_root().render()
    assert_offline_html(page)
    assert leaflet_js() in page


def test_streamlit_folium_sees_only_data_uris() -> None:
    """As st_folium does: render the base map, add the day layer, walk the tree for links."""
    m = base_map()
    m.get_root().render()
    snap = Snapshot(day=DAY, window_days=14, zones=_zones(), events=tuple(_many_events(5)))
    group = day_layer(snap)
    script = streamlit_folium._get_feature_group_string(group, map=m)
    assert "map_div" in script or m.get_name() in script
    js, css = collect_links(m)
    assert leaflet_js() in js
    assert all(url.startswith("data:") for url in js + css), [u[:50] for u in js + css]


# --- zones -----------------------------------------------------------------------------------


def test_zones_coloured_by_side() -> None:
    layer = zones_layer(_zones())
    for feature in _features(layer):
        side = Side(feature["properties"]["side"])
        style = layer.style_of(feature)
        assert style["color"] == SIDE_COLOURS[side]
        if side == Side.CONTESTED:
            assert style["fillColor"].startswith(f"url(#{HATCH_ID})")
            assert style.get("dashArray")
        else:
            assert style["fillColor"] == SIDE_COLOURS[side]
            assert "dashArray" not in style
    m = folium.Map(tiles=None)
    layer.add_to(m)
    page = m.get_root().render()
    for colour in SIDE_COLOURS.values():
        assert f'"color":"{colour}"' in page


def test_sides_have_distinct_colours() -> None:
    assert len(set(SIDE_COLOURS.values())) == len(Side)
    assert len(set(KIND_COLOURS.values())) == len(EventKind)


def test_zone_popup_and_tooltip_content() -> None:
    zone = _zone(Side.RUSSIAN, box(37.9, 48.5, 38.0, 48.6), source="ISW",
                 source_url="https://example.org/isw?a=1&b=2", note="Wagner advance")
    props = _features(zones_layer([zone]))[0]["properties"]
    assert SIDE_LABELS[Side.RUSSIAN] in props["tip"] and "2023-03-01" in props["tip"]
    assert "ISW" in props["popup"] and "Wagner advance" in props["popup"]
    assert 'href="https://example.org/isw?a=1&amp;b=2"' in props["popup"]


def test_empty_zone_geometries_skipped() -> None:
    zones = [*_zones(), _zone(Side.UKRAINIAN, Polygon()),
             _zone(Side.RUSSIAN, GeometryCollection([Point(38, 48.6)]))]
    assert len(_features(zones_layer(zones))) == 3


def test_zone_coordinates_rounded_and_lon_lat() -> None:
    zone = _zone(Side.RUSSIAN, box(37.123456789, 48.987654321, 37.2, 49.1))
    ring = _features(zones_layer([zone]))[0]["geometry"]["coordinates"][0]
    assert [37.12346, 48.98765] in [list(c) for c in ring]


def test_no_zones_renders() -> None:
    m = folium.Map(tiles=None)
    zones_layer([]).add_to(m)
    m.get_root().render()


# --- events ----------------------------------------------------------------------------------


def test_events_are_one_geojson_of_circle_markers() -> None:
    m = folium.Map(tiles=None)
    events_layer(_many_events(100), DAY, 14).add_to(m)
    page = m.get_root().render()
    assert page.count("L.marker(") == 0
    assert page.count("L.geoJson(") == 1
    assert "L.circleMarker(latlng, styleOf(f))" in page
    data = json.loads(re.search(r"L\.geoJson\((\{.*?\}), \{\n", page).group(1))
    assert len(data["features"]) == 100


def test_two_thousand_events_cost_far_less_than_markers() -> None:
    events = _many_events(2000)
    empty = len(folium.Map(tiles=None).get_root().render())
    ours = folium.Map(tiles=None)
    events_layer(events, DAY, 14).add_to(ours)
    ours_size = len(ours.get_root().render()) - empty
    markers = folium.Map(tiles=None)
    for event in events:
        folium.Marker(event.place.latlon(), tooltip=escape_display(event.place.name),
                      popup=folium.Popup(escape_display(event.summary))).add_to(markers)
    markers_size = len(markers.get_root().render()) - empty
    assert ours_size < 0.5 * markers_size, (ours_size, markers_size)


def test_event_axis_order_is_lon_lat_in_geojson() -> None:
    event = _event(place=Place("Asymmetric", 48.6, 38.0))
    feature = _features(events_layer([event], DAY, 14))[0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.0, 48.6]}
    m = folium.Map(tiles=None)
    events_layer([event], DAY, 14).add_to(m)
    assert '"coordinates":[38.0,48.6]' in m.get_root().render()


def test_event_colour_by_kind_and_fading_with_age() -> None:
    fresh = _event(kind=EventKind.CAPTURE_CLAIM, day=DAY)
    old = _event(kind=EventKind.HUMANITARIAN, day=DAY - timedelta(days=14))
    layer = events_layer([fresh, old], DAY, 14)
    styles = {f["properties"]["k"]: layer.style_of(f) for f in _features(layer)}
    assert styles["capture_claim"]["fillColor"] == KIND_COLOURS[EventKind.CAPTURE_CLAIM]
    assert styles["humanitarian"]["fillColor"] == KIND_COLOURS[EventKind.HUMANITARIAN]
    assert styles["capture_claim"]["opacity"] == 1.0
    assert styles["humanitarian"]["opacity"] < 0.5
    assert event_opacity(0, 14) > event_opacity(7, 14) > event_opacity(14, 14)


def test_claimed_events_get_a_dashed_ring() -> None:
    claimed = _event(claim_status=ClaimStatus.CLAIMED, claimed_by="Wagner")
    layer = events_layer([claimed, _event(1)], DAY, 14)
    dashed = [f for f in _features(layer) if layer.style_of(f).get("dashArray")]
    assert [f["properties"]["cl"] for f in dashed] == ["Claimed by Wagner"]


def test_event_popup_fields() -> None:
    event = _event(summary="Shelling of the centre", source="Reuters",
                   source_date=date(2023, 3, 14), quote="heavy fighting",
                   claim_status=ClaimStatus.CLAIMED, claimed_by="Wagner", actors=("Wagner",),
                   source_url="https://example.org/r")
    props = _features(events_layer([event], DAY, 14))[0]["properties"]
    assert props.pop("_k") == "s0"  # the style table key
    assert props == {"k": "shelling_strike", "d": "2023-03-13", "p": "Bakhmut",
                     "cl": "Claimed by Wagner", "cf": "1.00", "s": "Shelling of the centre",
                     "q": "heavy fighting", "a": "Wagner", "src": "Reuters",
                     "sd": "2023-03-14", "u": "https://example.org/r"}
    m = folium.Map(tiles=None)
    events_layer([event], DAY, 14).add_to(m)
    page = m.get_root().render()
    assert ".bindPopup(function (marker)" in page and ".bindTooltip(function (marker)" in page
    assert "Shelling / strike" in page  # kind label table for the browser


# --- base map, legend, composition -----------------------------------------------------------


def test_base_map_is_new_each_call() -> None:
    first, second = base_map(), base_map()
    assert first is not second
    assert first.get_name() != second.get_name()
    folium.FeatureGroup(name="added by st_folium").add_to(first)
    assert len(first._children) == len(second._children) + 1


def test_base_map_options() -> None:
    m = base_map()
    page = m.get_root().render()
    assert m.location == list(THEATRE_CENTER)
    assert '"maxZoom": 18' in page
    assert "L.control.scale(" in page
    assert "L.tileLayer(" not in page  # no tiles by default
    assert "interactive: false" in page  # outlines are not hit-tested
    assert '"preferCanvas": false' in page


def test_tile_layer_is_an_option() -> None:
    m = base_map(tile_url="https://tile.example.org/{z}/{x}/{y}.png",
                 tile_attribution="<b>Tiles</b> © Example")
    page = map_html(m)  # an explicit online option: the JS/CSS is still inlined
    assert "L.tileLayer(" in page
    assert "<b>Tiles" not in _js_unescaped(page)


def test_outline_layers_theatre_and_world() -> None:
    from layers.basemap import OutlineLayer

    theatre = [c for c in outline_layers()._children.values() if isinstance(c, OutlineLayer)]
    world = [c for c in outline_layers(world=True)._children.values()
             if isinstance(c, OutlineLayer)]
    assert [c.layer for c in theatre] == ["countries", "lakes", "admin1_lines",
                                          "coastline", "boundary_lines"]
    assert [c.layer for c in world] == ["world"]

    def payload(layer: OutlineLayer) -> dict:
        uri = layer.default_js[0][1]
        text = base64.b64decode(uri.split(",", 1)[1]).decode()
        prefix = f'window.FL_BASEMAP["{layer.layer}"]='
        return json.loads(text[text.index(prefix) + len(prefix):].rstrip(";"))

    assert len(payload(world[0])["features"]) > 100
    assert all(f["properties"] == {} for c in theatre for f in payload(c)["features"])


def test_outlines_stay_out_of_the_map_script() -> None:
    """The outlines travel as a cached script asset, not inside the per-run map script."""
    from streamlit_folium import _get_map_string

    m = base_map()
    script = _get_map_string(m)
    assert len(script) < 60_000, len(script)
    assert "window.FL_BASEMAP" in script
    js_links, _ = collect_links(m)  # st_folium must load the outlines before the script
    assert sum("window.FL_BASEMAP" in base64.b64decode(link.split(",", 1)[1]).decode("utf-8",
               "replace") for link in js_links) == 5


def test_legend_and_credits_present() -> None:
    page = _js_unescaped(base_map(attributions=["UCDP GED (CC BY 4.0) <img src=x>"])
                         .get_root().render())
    assert 'L.DomUtil.create("div", "fl-legend")' in page
    for label in SIDE_LABELS.values():
        assert label in page
    for kind in EventKind:
        assert escape_display(kind.label) in page
    assert "fl-side-contested" in page and HATCH_ID in page
    assert "addAttribution" in page
    assert "Natural Earth" in page and "GeoNames" in page
    assert "UCDP GED (CC BY 4.0) &lt;img src=x&gt;" in page


def test_day_layer_name_and_order() -> None:
    snap = Snapshot(day=DAY, window_days=14, zones=_zones(), events=(_event(),))
    group = day_layer(snap)
    assert group.layer_name == "As of 2023-03-13"
    kinds = [type(c).__name__ for c in group._children.values()]
    assert kinds == ["DataLayer", "DataLayer"]
    first, second = group._children.values()
    assert "side" in first.data["features"][0]["properties"]  # zones under events
    assert "k" in second.data["features"][0]["properties"]


def test_empty_snapshot_gives_empty_layer() -> None:
    group = day_layer(Snapshot(day=DAY, window_days=14, zones=(), events=()))
    assert not group._children
    m = base_map()
    group.add_to(m)
    assert_offline_html(m.get_root().render())


def test_full_map_has_base_and_day_layer() -> None:
    snap = Snapshot(day=DAY, window_days=14, zones=_zones(), events=(_event(),))
    m = full_map(snap, world=True)
    names = [getattr(c, "layer_name", None) for c in m._children.values()]
    assert "As of 2023-03-13" in names and "Basemap (Natural Earth)" in names


def test_jinja_syntax_in_data_is_not_run() -> None:
    """branca compiles rendered scripts as Jinja: data must never carry live Jinja syntax."""
    snap = Snapshot(day=DAY, window_days=14, zones=(), events=(
        _event(summary="{{ 7*7 }} {% if true %}yes{% endif %} {# c #}"),))
    page = map_html(full_map(snap))
    seen = _js_unescaped(page)
    assert "&#123;&#123; 7*7 &#125;&#125;" in seen
    assert "49" not in seen.split("&#123;&#123; 7*7")[1][:40]
    assert "{{ 7*7 }}" not in page and "{% if" not in page
