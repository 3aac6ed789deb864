"""The export's title block and the "drawn" signal a renderer waits on.

:class:`TitleBox` is a Leaflet control (top left) with the title, the date stamp ("as of" and
window), the generation time, the data version and any filter/opsec/licence notes. Being a
control it sits inside the map, so it is in every PNG, PDF map and time-lapse frame. All text
is escaped in Python; the script only inserts it.

:class:`ReadySignal` sets ``window.__flReady`` once the map has loaded, the expected zone and
event paths exist and two animation frames have passed (i.e. the drawing was painted).
"""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from folium.template import Template

from layers.text import escape_display

__all__ = ["READY_JS", "ReadySignal", "TitleBox", "title_css"]

#: A JS expression true once an export page is drawn (see :class:`ReadySignal`).
READY_JS = "window.__flReady === true"


def title_css() -> str:
    """CSS of the title block and of static (non-interactive) export pages."""
    return "\n".join([
        ".fl-titlebox{background:rgba(255,255,255,.94);padding:8px 12px;color:#111;"
        "font:13px/1.35 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.35);max-width:min(46vw,620px)}",
        ".fl-titlebox h1{font-size:19px;line-height:1.2;margin:0 0 3px;font-weight:700}",
        ".fl-stamp{font-size:15px;font-weight:600;margin:2px 0}",
        ".fl-generated{color:#444;font-size:11.5px;margin-top:3px}",
        ".fl-notes{margin:4px 0 0;padding:0;list-style:none;font-size:11.5px;color:#7a3b00}",
        ".fl-static .leaflet-control-attribution{font-size:11px;max-width:70vw}",
    ])


class TitleBox(MacroElement):
    """Title, date stamp, generation time, data version and notes, top left on the map.

    ``static`` removes the zoom buttons (an image or print has no use for them).
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var box = L.control({position: "topleft"});
            box.onAdd = function () {
                var div = L.DomUtil.create("div", "fl-titlebox");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            {%- if this.static %}
            if (map.zoomControl) { map.removeControl(map.zoomControl); }
            map.getContainer().classList.add("fl-static");
            document.body.classList.add("fl-static");
            {%- endif %}
            box.addTo(map);
            var corner = box.getContainer().parentNode;
            corner.insertBefore(box.getContainer(), corner.firstChild);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, *, title: str, stamp: str, generated: str, notes: Sequence[str] = (),
                 static: bool = True) -> None:
        super().__init__()
        self._name = "TitleBox"
        self.css = title_css()
        self.static = static
        items = "".join(f"<li>{escape_display(n)}</li>" for n in notes)
        self.html = (f"<h1>{escape_display(title)}</h1>"
                     f'<div class="fl-stamp">{escape_display(stamp)}</div>'
                     f'<div class="fl-generated">{escape_display(generated)}</div>'
                     + (f'<ul class="fl-notes">{items}</ul>' if items else ""))


class ReadySignal(MacroElement):
    """Sets ``window.__flReady = true`` when the map is drawn and painted.

    ``zones``/``events`` are how many ``path.fl-zone``/``path.fl-event`` must exist. Add it
    last, so its script runs after every layer's.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            window.__flReady = false;
            window.__flMap = map;
            window.flDrawn = function (zones, events) {
                return document.querySelectorAll("path.fl-zone").length >= zones
                    && document.querySelectorAll("path.fl-event").length >= events;
            };
            window.flAfterPaint = function (callback) {
                requestAnimationFrame(function () { requestAnimationFrame(callback); });
            };
            map.whenReady(function () {
                function check() {
                    if (window.flDrawn({{ this.zones }}, {{ this.events }})) {
                        window.flAfterPaint(function () { window.__flReady = true; });
                    } else {
                        setTimeout(check, 20);
                    }
                }
                check();
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, *, zones: int = 0, events: int = 0) -> None:
        super().__init__()
        self._name = "ReadySignal"
        self.zones = int(zones)
        self.events = int(events)
