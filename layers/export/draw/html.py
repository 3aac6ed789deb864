"""Standalone HTML: one offline file with its own small date scrubber.

The page is a freshly built base map (outlines, legend, credits, scale bar, title block) plus
:class:`Scrubber`, our own script (not TimestampedGeoJson, which mishandles polygons): the
per-date zones and events are embedded as JSON, and moving the slider swaps the GeoJSON
layers and updates the date stamp. Zones are stored once per distinct set (they change only
on report dates), events once each with a per-date list of (event, style) pairs, so the file
stays small. The same zone and event features and styles as the app are used; every text
value was escaped in Python, and the date stamp is set with ``textContent``.

``window.flScrubber`` (``show(i)``, ``count``, ``index()``, ``days``) lets tests and the
time-lapse drive the page; ``window.__flShown`` is the index drawn and painted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from geo.models import EventKind, Side
from layers.compose import base_map
from layers.events import EVENT_POPUP_JS, event_feature
from layers.export.draw.overlay import ReadySignal, TitleBox
from layers.export.draw.page import drawable_zones, page_html
from layers.export.view import ExportView
from layers.overlays import FRONT_LINE_COLOUR
from layers.style import KIND_COLOURS, event_style, zone_style
from layers.text import escape_display
from layers.zones import rounded_mapping, zone_feature

__all__ = ["Scrubber", "initial_index", "scrubber_data", "scrubber_map", "standalone_html"]

_FRONT_STYLE = {"color": FRONT_LINE_COLOUR, "weight": 3, "opacity": 0.9,
                "className": "fl-front-line", "interactive": False}

#: Contested zones last, so their hatch sits on top (as in :func:`layers.zones.zones_layer`).
_ZONE_ORDER = {Side.RUSSIAN: 0, Side.UKRAINIAN: 1, Side.CONTESTED: 2}

_SCRUBBER_CSS = """
.fl-scrubber{background:rgba(255,255,255,.95);padding:6px 10px;border-radius:4px;
  box-shadow:0 1px 4px rgba(0,0,0,.35);font:13px/1.3 system-ui,sans-serif;
  display:flex;align-items:center;gap:6px;min-width:360px}
.fl-scrubber input[type=range]{flex:1;min-width:200px}
.fl-scrubber button{font:inherit;padding:2px 7px;cursor:pointer}
.fl-scrubber .fl-scrub-date{font-weight:600;min-width:84px;text-align:center}
.fl-static .fl-scrubber{display:none}
"""


def scrubber_data(views: Sequence[ExportView], initial: int) -> dict[str, Any]:
    """The JSON the scrubber script reads (see the module docstring)."""
    zone_sets: dict[tuple[str, ...], int] = {}
    zone_collections: list[dict[str, Any]] = []
    fronts: list[dict[str, Any] | None] = []
    event_index: dict[str, int] = {}
    events: list[dict[str, Any]] = []
    styles: dict[str, int] = {}
    days = []
    for view in views:
        snap = view.snapshot
        key = tuple(z.id for z in snap.zones)
        if key not in zone_sets:
            zone_sets[key] = len(zone_collections)
            ranked = sorted(snap.zones, key=lambda z: _ZONE_ORDER[Side(z.side)])
            features = [f for i, z in enumerate(ranked) if (f := zone_feature(z, i))]
            zone_collections.append({"type": "FeatureCollection", "features": features})
            fronts.append(rounded_mapping(view.front) if view.front is not None else None)
        pairs = []
        for event in sorted(snap.events, key=lambda e: (e.day, e.place.name)):
            if event.id not in event_index:
                event_index[event.id] = len(events)
                events.append(event_feature(event, len(events)))
            style = json.dumps(event_style(event.kind, event.claim_status,
                                           (view.day - event.day).days,
                                           view.request.window_days), sort_keys=True)
            pairs.append([event_index[event.id], styles.setdefault(style, len(styles))])
        days.append({"d": view.day.isoformat(), "z": zone_sets[key], "e": pairs,
                     "s": view.stamp(), "nz": drawable_zones(view)})
    return {
        "days": days, "initial": initial, "zoneSets": zone_collections, "fronts": fronts,
        "events": events, "eventStyles": [json.loads(s) for s in styles],
        "zoneStyles": {side.value: zone_style(side) for side in Side},
        "frontStyle": _FRONT_STYLE,
        "kinds": {k.value: [escape_display(k.label), KIND_COLOURS[k]] for k in EventKind},
    }


class Scrubber(MacroElement):
    """The date scrubber control and the script that swaps the day's layers."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var D = {{ this.data|tojson }};
            var zones = null, front = null, events = null, current = -1;
            var kinds = D.kinds;
            function kind(p) { return kinds[p.k] || [p.k, "#999999"]; }
            function box(html) {
                var div = L.DomUtil.create("div"); div.innerHTML = html; return div;
            }
            {{ this.popup_js }}
            function eventPopup(layer) {
                var p = layer.feature.properties;
                return box(flEventHtml(p, kind(p)));
            }
            function clear() {
                [zones, front, events].forEach(function (l) { if (l) { map.removeLayer(l); } });
                zones = front = events = null;
            }
            function show(i) {
                i = Math.max(0, Math.min(D.days.length - 1, Number(i)));
                var day = D.days[i];
                window.__flShown = -1;
                clear();
                zones = L.geoJSON(D.zoneSets[day.z], {
                    style: function (f) { return D.zoneStyles[f.properties.side]; },
                    onEachFeature: function (f, layer) {
                        layer.bindTooltip(box(f.properties.tip), {sticky: true,
                                                                 className: "fl-tooltip"});
                        layer.bindPopup(box(f.properties.popup), {className: "fl-popup",
                                                                 maxWidth: 360});
                    }
                }).addTo(map);
                if (D.fronts[day.z]) {
                    front = L.geoJSON(D.fronts[day.z], {style: D.frontStyle,
                                                        interactive: false}).addTo(map);
                }
                var feats = day.e.map(function (pair) {
                    var f = D.events[pair[0]];
                    return {type: "Feature", geometry: f.geometry, id: f.id,
                            properties: Object.assign({}, f.properties, {_s: pair[1]})};
                });
                events = L.geoJSON({type: "FeatureCollection", features: feats}, {
                    pointToLayer: function (f, latlng) {
                        return L.circleMarker(latlng, D.eventStyles[f.properties._s]);
                    }
                }).addTo(map);
                events.bindTooltip(function (layer) {
                    var p = layer.feature.properties;
                    return box(p.d + " \\u00b7 " + p.p + " \\u00b7 " + kind(p)[0]);
                }, {sticky: true, className: "fl-tooltip"});
                events.bindPopup(eventPopup, {className: "fl-popup", maxWidth: 360});
                current = i;
                document.querySelectorAll(".fl-stamp").forEach(function (el) {
                    el.textContent = day.s;
                });
                if (slider) { slider.value = String(i); label.textContent = day.d; }
                window.flAfterPaint(function () {
                    if (current === i) { window.__flShown = i; }
                });
                return day.d;
            }
            var slider = null, label = null, timer = null;
            var control = L.control({position: "topright"});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "fl-scrubber");
                var back = L.DomUtil.create("button", "fl-scrub-back", div);
                back.type = "button"; back.title = "Previous date"; back.textContent = "\\u25c0";
                slider = L.DomUtil.create("input", "fl-scrub-range", div);
                slider.type = "range"; slider.min = "0"; slider.step = "1";
                slider.max = String(D.days.length - 1);
                slider.setAttribute("aria-label", "Date");
                var next = L.DomUtil.create("button", "fl-scrub-next", div);
                next.type = "button"; next.title = "Next date"; next.textContent = "\\u25b6";
                var play = L.DomUtil.create("button", "fl-scrub-play", div);
                play.type = "button"; play.textContent = "Play";
                label = L.DomUtil.create("span", "fl-scrub-date", div);
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                slider.addEventListener("input", function () { show(slider.value); });
                back.addEventListener("click", function () { show(current - 1); });
                next.addEventListener("click", function () { show(current + 1); });
                play.addEventListener("click", function () {
                    if (timer) { clearInterval(timer); timer = null; play.textContent = "Play";
                                 return; }
                    if (current >= D.days.length - 1) { show(0); }
                    play.textContent = "Pause";
                    timer = setInterval(function () {
                        if (current >= D.days.length - 1) {
                            clearInterval(timer); timer = null; play.textContent = "Play";
                        } else { show(current + 1); }
                    }, 800);
                });
                return div;
            };
            control.addTo(map);
            window.flScrubber = {show: show, count: D.days.length,
                                 index: function () { return current; },
                                 days: D.days.map(function (d) { return d.d; })};
            show(D.initial);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Scrubber"
        self.css = _SCRUBBER_CSS
        self.popup_js = EVENT_POPUP_JS
        self.data = data


def initial_index(views: Sequence[ExportView], day: date | None) -> int:
    """Index of the view on ``day``, else of the last view before it, else 0."""
    before = [i for i, v in enumerate(views) if day is None or v.day <= day]
    return before[-1] if before else 0


def scrubber_map(views: Sequence[ExportView], *, initial: int = 0,
                 static: bool = False) -> folium.Map:
    """A NEW offline map carrying every view of ``views`` (one per date) and the scrubber.

    ``initial`` is the index shown first. ``static`` hides the controls (time-lapse frames).
    """
    if not views:
        raise ValueError("a scrubber needs at least one date")
    view = views[initial]
    req = view.request
    m = base_map(world=req.world, center=req.center, zoom=req.zoom,
                 attributions=tuple(view.licences.credits()))
    if req.bbox is not None:
        west, south, east, north = req.bbox
        m.fit_bounds([[south, west], [north, east]])
    TitleBox(title=view.title, stamp=view.stamp(), generated=view.generated_text(),
             notes=view.notes(), static=static).add_to(m)
    # the ready signal's helpers are defined before the scrubber draws the first date
    ReadySignal(zones=drawable_zones(view), events=len(view.snapshot.events)).add_to(m)
    Scrubber(scrubber_data(views, initial)).add_to(m)
    return m


def standalone_html(views: Sequence[ExportView], *, day: date | None = None) -> str:
    """The standalone page, opening on ``day`` (default: the last date): one file, no
    external resource, checked offline."""
    return page_html(scrubber_map(views, initial=initial_index(views, day)))
