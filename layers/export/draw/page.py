"""A freshly built folium map of one export view (never the map the app handed to st_folium).

The same builders as the app (:func:`layers.base_map`, :func:`layers.day_layer`, the front
line overlay) plus the export's title block and the "drawn" signal.
"""

from __future__ import annotations

import re
import threading

import folium

from layers.assets import assert_offline_html, make_offline
from layers.compose import base_map, day_layer
from layers.export.draw.overlay import ReadySignal, TitleBox
from layers.export.view import ExportView, view_credits
from layers.overlays import overlay_group
from layers.zones import zone_feature

__all__ = ["checked_offline", "drawable_zones", "export_map", "map_page", "page_html"]

# data: URIs already inside a page that passed :func:`assert_offline_html`. The check of a
# data: URI does not depend on the page around it (CSS ones are decoded and scanned, others
# cannot load anything), so a later page may skip them: they are the big, unchanging
# Leaflet/jQuery/basemap assets, and skipping them saves ~0.1 s per frame.
_DATA_URI = re.compile(r"data:[A-Za-z0-9.+/-]+;base64,[A-Za-z0-9+/=]{512,}")
_VERIFIED: set[str] = set()
_VERIFIED_LOCK = threading.Lock()


def drawable_zones(view: ExportView) -> int:
    """How many zone paths the map draws (zones with a polygonal geometry)."""
    return sum(zone_feature(z, i) is not None for i, z in enumerate(view.snapshot.zones))


def export_map(view: ExportView, *, static: bool = True, title_box: bool = True,
               ready: bool = True) -> folium.Map:
    """A NEW offline map of ``view``: base map, zones, events, front line, title, credits.

    ``static`` drops the zoom buttons (images, print). The extent is the request's bbox,
    else its centre/zoom, else the default theatre (or world) view.
    """
    req = view.request
    m = base_map(world=req.world, center=req.center, zoom=req.zoom, theatre=view.theatre,
                 attributions=view_credits(view))
    day_layer(view.snapshot).add_to(m)
    if view.front is not None:
        overlay_group(front=view.front).add_to(m)
    if req.bbox is not None:
        west, south, east, north = req.bbox
        m.fit_bounds([[south, west], [north, east]])
    if title_box:
        TitleBox(title=view.title, stamp=view.stamp(), generated=view.generated_text(),
                 notes=view.notes(), static=static).add_to(m)
    if ready:
        ReadySignal(zones=drawable_zones(view), events=len(view.snapshot.events)).add_to(m)
    return m


def checked_offline(html: str) -> str:
    """``html`` after :func:`assert_offline_html` (raises AssetError on any remote resource).

    Large data: URIs verified in an earlier page are left out of the scan (see above).
    """
    found = set(_DATA_URI.findall(html))
    with _VERIFIED_LOCK:
        known = found & _VERIFIED
    reduced = html
    for uri in known:
        reduced = reduced.replace(uri, "data:,")
    assert_offline_html(reduced)
    with _VERIFIED_LOCK:
        _VERIFIED.update(found)
    return html


def page_html(m: folium.Map) -> str:
    """The complete offline HTML page of ``m``: assets inlined, then checked."""
    make_offline(m)
    return checked_offline(m.get_root().render())


def map_page(view: ExportView, **kwargs: bool) -> str:
    """The self-contained, offline-checked HTML page of :func:`export_map`."""
    return page_html(export_map(view, **kwargs))
