"""Events as ONE folium ``GeoJson`` of points drawn as circle markers.

One layer for all events keeps the page small and fast (a folium ``Marker`` with a popup
costs about 1 ms and 1 KB each). Axis order: ``Event.place`` is lat/lon; the GeoJSON point
is ``[lon, lat]``; Leaflet turns it back into ``[lat, lon]`` itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from branca.element import MacroElement
from folium.template import Template
from shapely.geometry import Point, mapping

from geo.events.by_sources import corroborated, events_by_sources
from geo.lru import LRUCache
from geo.models import ClaimStatus, Event, EventKind
from layers.datalayer import STYLE_KEY, DataLayer, safe_json
from layers.style import KIND_COLOURS, event_style
from layers.text import escape_display, format_day, safe_http_url

__all__ = ["EventDetails", "corroborated", "event_feature", "event_properties",
           "events_by_sources", "events_layer", "sources_text"]

log = logging.getLogger(__name__)

_DECIMALS = 5
#: Layers of events entered from article text (``geo.events.EVENT_LAYER``: reviewed in the
#: app or ingested): their popup says who entered them. (Not imported from geo.events, which
#: would load the geoparser with every map.)
ENTERED_BY_LAYERS = frozenset({"articles"})


def _claim_text(event: Event, escape: Callable[[object], str] = escape_display) -> str:
    status = ClaimStatus(event.claim_status)
    by = escape(event.claimed_by)
    if status is ClaimStatus.CLAIMED:
        return f"Claimed by {by}" if by else "Claimed (unattributed)"
    if status is ClaimStatus.ASSESSED:
        return f"Assessed by {by}" if by else "Assessed"
    if status is ClaimStatus.DISPUTED:
        denied = escape(event.denied_by)
        text = f"Claimed by {by}" if by else "Claimed"
        return text + (f", denied by {denied}" if denied else ", disputed")
    if status is ClaimStatus.PLANNED:
        return f"Planned (announced by {by})" if by else "Planned"
    return f"Confirmed ({by})" if by else "Confirmed"


def sources_text(event: Event) -> str:
    """"Reported by 2 independent sources: A, B, C" (escaped) for a corroborated event,
    else "" (one source is the popup's Source line)."""
    if len(event.sources) < 2:
        return ""
    count = event.independent_sources
    return escape_display(f"Reported by {count} independent source{'s' if count != 1 else ''}: "
                          + ", ".join(event.sources))


def event_properties(event: Event, escape: Callable[[object], str] = escape_display
                     ) -> dict[str, Any]:
    """The compact, escaped popup properties of ``event`` (see :func:`event_feature`).
    ``escape`` is :func:`~layers.text.escape_display` or a memoised copy of it (the frames
    builder escapes the same source names and places thousands of times)."""
    props: dict[str, Any] = {
        "k": EventKind(event.kind).value,
        "d": escape(format_day(event.day)),
        "p": escape(event.place.name),
        "cl": _claim_text(event, escape),
        "cf": f"{event.confidence:.2f}",
    }
    optional = {
        "s": escape(event.summary),
        "q": escape(event.quote),
        "a": ", ".join(escape(a) for a in event.actors),
        "src": escape(event.source),
        "sd": escape(format_day(event.source_date)),
        "u": safe_http_url(event.source_url) or "",
        "w": escape(event.written_by) if event.layer in ENTERED_BY_LAYERS else "",
        "n": sources_text(event),
    }
    props.update({key: value for key, value in optional.items() if value})
    return props


def event_feature(event: Event, index: int | str) -> dict[str, Any]:
    """One GeoJSON point feature for ``event`` (``[lon, lat]``) with compact, escaped properties.

    Keys: ``k`` kind, ``d`` date, ``p`` place, ``cl`` claim text, and when present ``s``
    summary, ``q`` quote, ``a`` actors, ``src`` source, ``sd`` source date, ``u`` source URL
    (http(s) only), ``w`` who entered it (events from articles: reviewed in the app or
    ingested). Every text value is escaped here; the browser only concatenates them.
    """
    point = Point(round(event.place.lon, _DECIMALS), round(event.place.lat, _DECIMALS))
    feature_id = index if isinstance(index, str) else f"e{index}"
    return {"type": "Feature", "id": feature_id, "geometry": mapping(point),
            "properties": event_properties(event)}


#: The event popup's HTML from a feature's escaped properties (shared by the map and the
#: standalone HTML export). ``k`` is ``[kind label, colour]``.
EVENT_POPUP_JS = """
            function flEventHtml(p, k) {
                var html = '<div class="fl-title">' + p.p + ' <span class="fl-meta">' + p.d
                    + '</span></div><div class="fl-kind"><span class="fl-dot" style="background:'
                    + k[1] + '"></span>' + k[0] + " \\u00b7 " + p.cl + "</div>";
                if (p.s) { html += '<div class="fl-summary">' + p.s + "</div>"; }
                if (p.q) { html += '<blockquote class="fl-quote">' + p.q + "</blockquote>"; }
                if (p.a) { html += '<div class="fl-meta">Actors: ' + p.a + "</div>"; }
                if (p.cf) { html += '<div class="fl-meta">Confidence: ' + p.cf + "</div>"; }
                var src = p.src || "";
                if (p.u) {
                    src = '<a href="' + p.u + '" target="_blank" rel="noopener noreferrer">'
                        + (src || p.u) + "</a>";
                }
                if (p.sd) { src += " (" + p.sd + ")"; }
                if (src) { html += '<div class="fl-source">Source: ' + src + "</div>"; }
                if (p.w) { html += '<div class="fl-meta">Entered by: ' + p.w + "</div>"; }
                if (p.n) { html += '<div class="fl-meta fl-sources">' + p.n + "</div>"; }
                return html;
            }
"""


class EventDetails(MacroElement):
    """Tooltip (date · place · kind) and popup of an events ``GeoJson``, built in the browser.

    Bound on the GeoJson layer with a function of the clicked marker, like folium's
    ``GeoJsonPopup`` (so ``st_folium`` reports ``last_object_clicked_popup``), but from compact
    properties: the popup markup is not repeated, JSON-escaped, in every feature. The values
    were escaped in Python (:func:`event_feature`); the script only concatenates strings.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (layer) {
            var kinds = {{ this.kinds|tojson }};
            function kind(p) { return kinds[p.k] || [p.k, "#999999"]; }
            function box(html) {
                var div = L.DomUtil.create("div");
                div.innerHTML = html;
                return div;
            }
            layer.bindTooltip(function (marker) {
                var p = marker.feature.properties;
                return box(p.d + " \u00b7 " + p.p + " \u00b7 " + kind(p)[0]);
            }, {sticky: true, className: "fl-tooltip"});
            {{ this.popup_js }}
            layer.bindPopup(function (marker) {
                var p = marker.feature.properties;
                return box(flEventHtml(p, kind(p)));
            }, {className: "fl-popup", maxWidth: 360});
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "EventDetails"
        self.popup_js = EVENT_POPUP_JS
        self.kinds = {kind.value: [escape_display(kind.label), KIND_COLOURS[kind]]
                      for kind in EventKind}


_FEATURE_CACHE_SIZE = 100_000
_features: LRUCache[str, dict[str, Any]] = LRUCache(_FEATURE_CACHE_SIZE)


def _cached_feature(event: Event) -> dict[str, Any]:
    """The event's feature (escaped text, no style), built once per event id and writer."""
    key = f"{event.id}|{event.written_by}|{event.independent_sources}|{hash(event.sources)}"
    return _features.get_or_compute(key, lambda: event_feature(event, event.id))


_PAYLOAD_CACHE_SIZE = 32
#: The serialised layer per (event ids, day, window): every session that shows the same
#: events on the same day shares it (a slider step of N viewers serialises the day once).
_payloads: LRUCache[tuple, tuple[str, int, dict[str, dict[str, Any]]]] = LRUCache(
    _PAYLOAD_CACHE_SIZE)


def _events_payload(events: Sequence[Event], day: date, window_days: int
                    ) -> tuple[str, int, dict[str, dict[str, Any]]]:
    """(FeatureCollection JSON, feature count, style table) of the events layer; reports of
    one event by several articles are one marker listing its sources."""
    ordered = sorted(corroborated(events), key=lambda e: (e.day, e.place.name))
    styles: dict[str, dict[str, Any]] = {}
    keys: dict[tuple, str] = {}
    features = []
    for event in ordered:
        style = event_style(event.kind, event.claim_status, (day - event.day).days,
                            window_days)
        signature = tuple(sorted(style.items()))
        key = keys.setdefault(signature, f"s{len(keys)}")
        styles[key] = style
        base = _cached_feature(event)
        features.append({**base, "properties": {**base["properties"], STYLE_KEY: key}})
    log.debug("events layer: %d events on %s (window %d days)", len(features), day, window_days)
    return safe_json({"type": "FeatureCollection", "features": features}), len(features), styles


def events_layer(events: Sequence[Event], day: date, window_days: int, *,
                 name: str = "Events") -> DataLayer:
    """All ``events`` as one layer of circle markers.

    Colour by kind; opacity fades with age (``day - event.day``) across ``window_days``;
    claimed/assessed events get a dashed/dotted ring. Oldest first, so the newest are drawn
    on top. Tooltip: date, place, kind. Popup: place, date, kind, claim status, summary,
    quote, actors, source and source date, and for an event several articles reported (one
    marker), its sources and how many are independent. All text is escaped; ``name`` too. The
    serialised features are shared by every caller with the same events, day and window.
    """
    key = (tuple((event.id, event.written_by) for event in events), day, window_days)
    data_json, count, styles = _payloads.get_or_compute(
        key, lambda: _events_payload(events, day, window_days))
    layer = DataLayer.prepared(data_json, count, styles, name=escape_display(name))
    EventDetails().add_to(layer)
    return layer
