"""Town labels on the theatre map: text only, not interactive, thinned by zoom.

Cities show from zoom 8, towns from 9, frontline villages from 11 (a CSS class on the map
container follows the zoom). Names are escaped like every other displayed text.
"""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from folium.template import Template

import seeds
from layers.text import escape_display

LABEL_PANE = "frontline-labels"
MIN_ZOOM_BY_RANK = {1: 8, 2: 9, 3: 11}


class TownLabels(MacroElement):
    """Permanent town names as Leaflet divIcons in their own pane above the zones."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        .fl-label{background:none;border:none;white-space:nowrap;font:600 12px/1.1 sans-serif;
          color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;pointer-events:none}
        .fl-label.fl-rank-1{font-size:14px}
        .fl-label.fl-rank-3{font-weight:500;font-style:italic;font-size:11px}
        {% for rank, zoom in this.min_zoom.items() %}
        .fl-zoom-lt-{{ zoom }} .fl-label.fl-rank-{{ rank }}{display:none}
        {% endfor %}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            if (!map.getPane({{ this.pane|tojson }})) {
                var pane = map.createPane({{ this.pane|tojson }});
                pane.style.zIndex = 450; pane.style.pointerEvents = 'none';
            }
            {{ this.labels|tojson }}.forEach(function(l){
                L.marker([l[1], l[2]], {interactive: false, keyboard: false,
                    pane: {{ this.pane|tojson }},
                    icon: L.divIcon({className: 'fl-label fl-rank-' + l[3], html: l[0],
                                     iconSize: null, iconAnchor: [-4, 8]})}).addTo(map);
            });
            var thresholds = {{ this.min_zoom.values()|list|tojson }};
            function mark(){
                var z = map.getZoom(), c = map.getContainer();
                thresholds.forEach(function(t){
                    c.classList.toggle('fl-zoom-lt-' + t, z < t);
                });
            }
            map.on('zoomend', mark); mark();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, labels: Sequence[seeds.MapLabel] | None = None) -> None:
        super().__init__()
        self._name = "TownLabels"
        self.pane = LABEL_PANE
        self.min_zoom = dict(MIN_ZOOM_BY_RANK)
        self.labels = [[escape_display(label.name), round(label.lat, 5), round(label.lon, 5),
                        label.rank] for label in (labels if labels is not None
                                                  else seeds.load_labels())]
