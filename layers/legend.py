"""Legend, credits and the map-wide style (CSS, contested hatch pattern).

All three are branca ``MacroElement`` s added to the base map. Their scripts run inside the
map script, so they work the same in a standalone HTML page, in an exported snapshot and in
``st_folium`` (which keeps the page header's ``<style>`` and runs the map script).
"""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from folium.template import Template

import seeds
from geo.theatre import Theatre, default_theatre
from layers.style import (
    BASEMAP,
    EVENT_STROKE,
    HATCH_ID,
    KIND_COLOURS,
    hatch_id,
    hatch_svg,
)
from layers.text import escape_display

__all__ = ["DEFAULT_CREDITS", "Credits", "Legend", "MapStyle", "legend_html"]

#: Credits shown on every map (already HTML-safe: our own text).
DEFAULT_CREDITS: tuple[str, ...] = (
    escape_display(seeds.BASEMAP_ATTRIBUTION),
    "GeoNames (CC BY 4.0)",
    "Seed data: Frontline map project (CC BY 4.0)",
)


def _rgba(hex_colour: str, alpha: float) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _css(theatre: Theatre | None = None) -> str:
    sides = []
    for spec in (theatre or default_theatre()).sides:
        colour = spec.colour
        if spec.hatch:
            sides.append(
                f".fl-side-{spec.id}{{border:2px dashed {colour};background:"
                f"repeating-linear-gradient(45deg,{colour} 0 3px,{_rgba(colour, 0.25)} 3px 8px)}}")
        elif not spec.drawn:
            sides.append(f".fl-side-{spec.id}{{border:1.5px solid {colour};background:none}}")
        else:
            sides.append(f".fl-side-{spec.id}{{border:1.5px solid {colour};"
                         f"background:{_rgba(colour, 0.35)}}}")
    return "\n".join([
        ".fl-legend{background:rgba(255,255,255,.93);padding:6px 9px;color:#222;"
        "font:12px/1.35 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
        "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.35);max-width:290px}",
        ".fl-legend summary{font-weight:600;cursor:pointer;outline:none}",
        ".fl-legend h4{margin:6px 0 2px;font-size:11px;text-transform:uppercase;"
        "letter-spacing:.04em;color:#555}",
        ".fl-row{display:flex;align-items:center;gap:6px;margin:2px 0}",
        ".fl-grid{display:grid;grid-template-columns:auto auto;column-gap:10px}",
        ".leaflet-bottom.leaflet-right .leaflet-control-attribution{max-width:calc(100vw - 200px);"
        "font-size:11px;line-height:1.3}",
        ".fl-swatch{display:inline-block;flex:none;width:20px;height:13px;box-sizing:border-box;"
        "vertical-align:middle;margin-right:4px}",
        *sides,
        f".fl-dot{{display:inline-block;flex:none;width:11px;height:11px;border-radius:50%;"
        f"box-sizing:border-box;border:1px solid {EVENT_STROKE};vertical-align:middle;"
        "margin-right:4px}",
        ".fl-ring-claimed{border:1.5px dashed #222;background:#fff}",
        ".fl-ring-assessed{border:1.5px dotted #222;background:#fff}",
        ".fl-ring-confirmed{background:#fff}",
        ".fl-ring-disputed{border:1.5px dashed #b00;background:#fff}",
        ".fl-ring-planned{border:2px dashed #222;background:transparent}",
        ".fl-note-small{color:#555;font-size:11px;margin-top:4px}",
        ".fl-popup .leaflet-popup-content{margin:10px 12px;"
        "font:13px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
        ".fl-popup table{margin:0}.fl-popup td{padding:0}",
        ".fl-title{font-weight:600;font-size:14px}",
        ".fl-meta{color:#555;font-weight:normal;font-size:12px}",
        ".fl-kind{margin:2px 0 4px}",
        ".fl-summary{margin:4px 0}",
        ".fl-quote{margin:6px 0;padding:2px 0 2px 8px;border-left:3px solid #bbb;"
        "font-style:italic;color:#333}",
        ".fl-source{color:#444;font-size:12px;margin-top:4px}",
        ".fl-note{margin-top:4px;color:#333}",
        ".fl-tooltip{font:12px/1.3 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ])


class MapStyle(MacroElement):
    """Page CSS for legend/popups, the map background (water) and the hatch ``<pattern>``.

    The hatch SVG is inserted by script (once per page) because ``st_folium`` does not carry
    the page body, only the header and the map script.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            {{ this._parent.get_name() }}.getContainer().style.background = {{ this.water|tojson }};
            if (!document.getElementById({{ this.hatch_id|tojson }})) {
                var holder = document.createElement("div");
                holder.innerHTML = {{ this.svg|tojson }};
                document.body.appendChild(holder.firstChild);
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, theatre: Theatre | None = None) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.css = _css(theatre)
        self.svg = hatch_svg(theatre)
        hatched = [spec.id for spec in (theatre or default_theatre()).sides if spec.hatch]
        self.hatch_id = hatch_id(hatched[0]) if hatched else HATCH_ID
        self.water = BASEMAP["water"]


def legend_html(*, title: str | None = None, theatre: Theatre | None = None) -> str:
    """The legend's inner HTML: the theatre's sides with swatches (hatched ones hatched),
    its event kinds, rings."""
    theatre = theatre or default_theatre()
    rows = [f"<details open><summary>{escape_display(title or 'Legend')}</summary>",
            "<h4>Control</h4>"]
    for spec in theatre.sides:
        note = " (not drawn)" if not spec.drawn else ""
        rows.append(f'<div class="fl-row"><span class="fl-swatch fl-side-{spec.id}"></span>'
                    f"{escape_display(spec.label)}{note}</div>")
    rows.append('<h4>Events</h4><div class="fl-grid">')
    for kind in theatre.event_kinds:
        rows.append(f'<div class="fl-row"><span class="fl-dot" '
                    f'style="background:{KIND_COLOURS[kind]}"></span>'
                    f"{escape_display(kind.label)}</div>")
    rows.append('</div><h4>Ring</h4><div class="fl-grid">')
    for status, text in (("confirmed", "Confirmed"), ("claimed", "Claimed"),
                         ("assessed", "Assessed"), ("disputed", "Disputed"),
                         ("planned", "Planned (not happened)")):
        rows.append(f'<div class="fl-row"><span class="fl-dot fl-ring-{status}"></span>'
                    f"{text}</div>")
    rows.append("</div>")
    rows.append('<div class="fl-note-small">Faded markers are older events in the window.</div>')
    rows.append("</details>")
    return "".join(rows)


class Legend(MacroElement):
    """An always-visible legend box (a Leaflet control, bottom right) built from our palette.

    Being a control it sits inside the map container, so it shows in ``st_folium`` and in
    PNG/PDF snapshots of the map element.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "fl-legend");
            div.innerHTML = {{ this.html|tojson }};
            // On a narrow map (a phone) start folded: the title stays visible, one tap opens it.
            var map = {{ this._parent.get_name() }};
            if (map.getSize().x < {{ this.fold_below_px }}) {
                var details = div.querySelector("details");
                if (details) { details.removeAttribute("open"); }
            }
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, *, title: str | None = None, position: str = "bottomright",
                 theatre: Theatre | None = None) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = legend_html(title=title, theatre=theatre)
        self.position = position
        self.fold_below_px = 600


class Credits(MacroElement):
    """Source credits in Leaflet's attribution control (bottom right).

    ``attributions`` (e.g. each imported layer's terms) are escaped; the defaults
    (Natural Earth, GeoNames, seed data) are always shown first.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (!map.attributionControl) {
                map.attributionControl = L.control.attribution().addTo(map);
            }
            {{ this.items|tojson }}.forEach(function (text) {
                map.attributionControl.addAttribution(text);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, attributions: Sequence[str] = ()) -> None:
        super().__init__()
        self._name = "Credits"
        extra = [escape_display(a) for a in attributions if a and a.strip()]
        self.items = list(dict.fromkeys([*DEFAULT_CREDITS, *extra]))
