"""The offline basemap: Natural Earth outlines bundled in :mod:`seeds` (no tile server).

Light grey land, country borders, thin oblast (admin-1) lines, pale blue lakes and coasts.
The layers are not interactive (no tooltips, no hit-testing), so they stay cheap, and they
live in their own map pane below the zones and events whatever order layers are added in.
"""

from __future__ import annotations

import base64
import json
import logging
from functools import lru_cache
from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from folium.utilities import get_obj_in_upper_tree

import seeds
from layers.style import BASEMAP

__all__ = ["BASEMAP_PANE", "outline_layers", "tile_layer"]

log = logging.getLogger(__name__)

#: Leaflet pane of the outlines: above tiles (200), below overlays (400).
BASEMAP_PANE = "frontline-basemap"
_PANE_Z_INDEX = 250


class _Pane(MacroElement):
    """Create a map pane (once) from anywhere in the tree, before the layers that use it.

    folium's ``CustomPane`` must be a direct child of the map; this one may sit in a feature
    group, so the outline group is self-contained.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (!{{ this.map_var() }}.getPane({{ this.pane|tojson }})) {
            var {{ this.get_name() }} = {{ this.map_var() }}.createPane({{ this.pane|tojson }});
            {{ this.get_name() }}.style.zIndex = {{ this.z_index|tojson }};
            {{ this.get_name() }}.style.pointerEvents = 'none';
        }
        {% endmacro %}
    """)

    def __init__(self, pane: str, z_index: int) -> None:
        super().__init__()
        self._name = "Pane"
        self.pane = pane
        self.z_index = z_index

    def map_var(self) -> str:
        """JS name of the enclosing map, looked up when the script is rendered.

        Looked up late because streamlit-folium renames elements before rendering scripts.
        """
        return get_obj_in_upper_tree(self, folium.Map).get_name()


@lru_cache(maxsize=len(seeds.BASEMAP_NAMES))
def _stripped_json(name: str) -> str:
    """The layer as JSON text, without feature properties (nothing shows them; saves bytes)."""
    data = seeds.basemap_geojson(name)
    features = [
        {"type": "Feature", "properties": {}, "geometry": feat.get("geometry")}
        for feat in data.get("features", [])
        if feat.get("geometry")
    ]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"))


@lru_cache(maxsize=len(seeds.BASEMAP_NAMES))
def basemap_script(name: str) -> str:
    """A data: URI script that puts the layer's GeoJSON in ``window.FL_BASEMAP[name]``.

    Shipping the outlines as a script asset keeps them out of the map's own script, so a
    rerun neither re-serialises nor re-scans a megabyte of coordinates (st_folium does both
    to the map script on every run), and the browser parses them once per page.
    """
    text = (f"window.FL_BASEMAP=window.FL_BASEMAP||{{}};"
            f"window.FL_BASEMAP[{json.dumps(name)}]={_stripped_json(name)};")
    return "data:text/javascript;base64," + base64.b64encode(text.encode("utf-8")).decode()


class OutlineLayer(JSCSSMixin, MacroElement):
    """One non-interactive Natural Earth layer drawn from ``window.FL_BASEMAP[name]``.

    A ``JSCSSMixin``: st_folium collects script links only from such elements.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(window.FL_BASEMAP[{{ this.layer|tojson }}], {
            style: {{ this.style|tojson }}, interactive: false,
            pane: {{ this.pane|tojson }}, smoothFactor: 1.0
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, name: str, style: dict[str, Any]) -> None:
        super().__init__()
        self._name = "OutlineLayer"
        self.layer = name
        self.style = dict(style)
        self.pane = BASEMAP_PANE
        self.default_js = [(f"fl_basemap_{name}", basemap_script(name))]


def _outline(name: str, style: dict[str, Any]) -> OutlineLayer:
    log.debug("basemap layer %s", name)
    return OutlineLayer(name, style)


def outline_layers(*, world: bool = False) -> folium.FeatureGroup:
    """A feature group with the Natural Earth outlines.

    ``world=False`` (default): the theatre region at 10 m detail: countries, lakes, admin-1
    lines, land borders, coastline. ``world=True``: the low-resolution world countries, for
    places far from the front (The Hague, Beijing, Washington).
    """
    group = folium.FeatureGroup(name="Basemap (Natural Earth)", control=False, overlay=True)
    _Pane(BASEMAP_PANE, _PANE_Z_INDEX).add_to(group)
    land = {"stroke": True, "color": BASEMAP["land_edge"], "weight": 0.6, "opacity": 1.0,
            "fill": True, "fillColor": BASEMAP["land"], "fillOpacity": 1.0}
    if world:
        _outline("world", {**land, "color": BASEMAP["country_border"], "weight": 0.7}
                 ).add_to(group)
        return group
    _outline("countries", land).add_to(group)
    _outline("lakes", {"stroke": True, "color": BASEMAP["coast"], "weight": 0.5,
                       "fill": True, "fillColor": BASEMAP["lake"], "fillOpacity": 1.0}
             ).add_to(group)
    _outline("admin1_lines", {"color": BASEMAP["admin1"], "weight": 0.6, "opacity": 1.0,
                              "fill": False}).add_to(group)
    _outline("coastline", {"color": BASEMAP["coast"], "weight": 0.8, "opacity": 1.0,
                           "fill": False}).add_to(group)
    _outline("boundary_lines", {"color": BASEMAP["country_border"], "weight": 1.4,
                                "opacity": 1.0, "fill": False}).add_to(group)
    return group


def tile_layer(url: str, *, attribution: str, name: str = "Tiles",
               max_zoom: int = 18) -> folium.TileLayer:
    """An online raster tile layer (an option the user switches on; off by default).

    ``attribution`` must already be escaped (see :func:`layers.text.escape_display`).
    """
    return folium.TileLayer(tiles=url, attr=attribution, name=name, max_zoom=max_zoom,
                            overlay=False, control=True)
