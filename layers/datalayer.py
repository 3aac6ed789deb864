"""A GeoJSON layer whose data is serialised once, in Python, when it is built.

folium's ``GeoJson`` serialises its data and computes a per-feature style map every time
it is rendered, and ``st_folium`` renders a feature group twice per run; with a few thousand
events that was most of a slider move's server time. ``DataLayer`` keeps the JSON text it
was given and looks styles up in a small table by a per-feature key (``properties._k``), so
rendering is string concatenation. Points become circle markers. Tooltip and popup HTML, when
given per feature (``properties.tip`` / ``properties.popup``), was escaped in Python; the
script only hands those strings to Leaflet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from branca.element import MacroElement
from folium.template import Template

STYLE_KEY = "_k"


def safe_json(value: Any) -> str:
    """Compact JSON that is also safe inside an HTML ``<script>`` (no ``<``, ``>``, ``&``)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class DataLayer(MacroElement):
    """``L.geoJson`` over pre-serialised features, styled from ``styles[properties._k]``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var styles = {{ this.styles_json }};
            var hover = {{ this.hover_json }};
            function styleOf(f) { return styles[f.properties._k] || {}; }
            var layer = L.geoJson({{ this.data_json }}, {
                style: styleOf,
                pointToLayer: function (f, latlng) { return L.circleMarker(latlng, styleOf(f)); },
                smoothFactor: {{ this.smooth_factor }},
                onEachFeature: function (f, l) {
                    var p = f.properties;
                    if (p.tip) { l.bindTooltip(p.tip, {sticky: true, className: "fl-tooltip"}); }
                    if (p.popup) {
                        l.bindPopup(p.popup, {className: "fl-popup", maxWidth: 360});
                    }
                    if (hover) {
                        l.on("mouseover", function () { l.setStyle(hover); });
                        l.on("mouseout", function () { l.setStyle(styleOf(f)); });
                    }
                }
            });
            return layer;
        })().addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, features: list[dict[str, Any]], styles: Mapping[str, dict[str, Any]],
                 *, name: str, hover: dict[str, Any] | None = None,
                 smooth_factor: float = 1.0) -> None:
        super().__init__()
        self._name = "DataLayer"
        self.layer_name = name
        self.feature_count = len(features)
        self.data_json = safe_json({"type": "FeatureCollection", "features": features})
        self.styles = {key: dict(value) for key, value in styles.items()}
        self.styles_json = safe_json(self.styles)
        self.hover_json = safe_json(hover or None)
        self.smooth_factor = float(smooth_factor)

    @classmethod
    def prepared(cls, data_json: str, feature_count: int,
                 styles: Mapping[str, dict[str, Any]], *, name: str,
                 hover: dict[str, Any] | None = None, smooth_factor: float = 1.0
                 ) -> DataLayer:
        """A layer over a FeatureCollection already serialised by :func:`safe_json` (e.g.
        kept by a cache shared between sessions), so nothing is serialised again."""
        layer = cls([], styles, name=name, hover=hover, smooth_factor=smooth_factor)
        layer.data_json = data_json
        layer.feature_count = feature_count
        return layer

    def style_of(self, feature: dict[str, Any]) -> dict[str, Any]:
        """The Leaflet style the browser gives ``feature`` (as the script looks it up)."""
        return dict(self.styles.get(feature["properties"].get(STYLE_KEY), {}))

    @property
    def data(self) -> dict[str, Any]:
        """The FeatureCollection as a dict (parsed back from the stored JSON)."""
        return json.loads(self.data_json)
