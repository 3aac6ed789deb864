"""The in-map time scrubber: one script (``static/frontline_scrubber.js`` and its parts,
:data:`SCRUBBER_PARTS`) and one frame format (:mod:`layers.frames`), used by the standalone
HTML export and the app's map component alike.

:func:`scrubber_js` is the script's text (the parts concatenated in order);
:func:`scrubber_css` its control's style; :class:`FrameScrubber` puts both and a set of
frames on a folium map (the export); :class:`ScrubberHost` puts them on a map without
frames, for a host script that fetches frames later (the app's map component).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from branca.element import MacroElement
from folium.template import Template

from geo.errors import AssetError
from layers.events import EVENT_POPUP_JS
from layers.frames import frames_json

__all__ = ["FrameScrubber", "SCRUBBER_CSS", "SCRUBBER_PARTS", "ScrubberHost", "frames_map",
           "scrubber_js"]

#: The scrubber's plain-JS files under ``layers/static/``, in load order: each part puts a
#: mixin on a private namespace, and ``frontline_scrubber.js`` (last: the controller, its
#: API and DOM contract) applies them and exports ``window.FrontlineScrubber``.
SCRUBBER_PARTS = (
    "scrubber_events.js",     # the events canvas: projection, markers, cells
    "scrubber_popups.js",     # hit testing, popups, tooltips, pointer bindings
    "scrubber_controls.js",   # play/pause, stats, the Leaflet control
    "frontline_scrubber.js",  # the controller: frames, zones, show, toggles; the export
)

SCRUBBER_CSS = """
.fl-scrubber{background:rgba(255,255,255,.95);padding:6px 10px;border-radius:4px;
  box-shadow:0 1px 4px rgba(0,0,0,.35);font:13px/1.3 system-ui,sans-serif;
  display:flex;align-items:center;gap:6px;min-width:380px}
.fl-scrubber input[type=range]{flex:1;min-width:200px}
.fl-scrubber button,.fl-scrubber select{font:inherit;padding:2px 7px;cursor:pointer}
.fl-scrubber .fl-scrub-date{font-weight:600;min-width:84px;text-align:center}
.fl-static .fl-scrubber{display:none}
"""


@lru_cache(maxsize=1)
def scrubber_js() -> str:
    """The scrubber script (plain JS, shipped in the package: :data:`SCRUBBER_PARTS`
    concatenated in order), plus the shared popup builder ``flEventHtml``."""
    static = resources.files("layers").joinpath("static")
    sources = []
    for name in SCRUBBER_PARTS:
        try:
            sources.append(static.joinpath(name).read_text(encoding="utf-8"))
        except OSError as exc:
            raise AssetError(f"layers/static/{name}: cannot read it ({exc})") from exc
    return EVENT_POPUP_JS + "\nwindow.flEventHtml = flEventHtml;\n" + "\n".join(sources)


class ScrubberHost(MacroElement):
    """The scrubber script and style on a map, and a host script (our own code, not
    escaped) that mounts it: ``host_js`` must define ``window.<starter>``, which is called
    with the Leaflet map once the map exists."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.js }}
        {{ this.host_js }}
        window[{{ this.starter|tojson }}]({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, host_js: str, *, starter: str) -> None:
        super().__init__()
        self._name = "ScrubberHost"
        self.css = SCRUBBER_CSS
        self.js = scrubber_js()
        self.host_js = host_js
        self.starter = starter


_FRAMES_HOST = """
window.flMountFrames = function (map) {
    var F = %(data)s;
    window.__flShown = -1;
    window.flScrubber = FrontlineScrubber.mount(map, F, {
        eventHtml: window.flEventHtml, static: %(static)s,
        onShow: function (i) {
            window.__flShown = -1;
            (window.flAfterPaint || requestAnimationFrame)(function () {
                if (window.flScrubber.index() === i) { window.__flShown = i; }
            });
        }
    });
};
"""


class FrameScrubber(ScrubberHost):
    """The scrubber over ``frames`` (a :func:`layers.frames.build_frames` dict) on a map.

    ``window.flScrubber`` is the controller (``show(i)``, ``count``, ``index()``, ``days``);
    ``window.__flShown`` is the frame index drawn and painted (tests, time-lapse).
    """

    def __init__(self, frames: dict[str, Any], *, static: bool = False) -> None:
        super().__init__(_FRAMES_HOST % {"data": frames_json(frames),
                                         "static": "true" if static else "false"},
                         starter="flMountFrames")
        self._name = "FrameScrubber"


def frames_map(frames: dict[str, Any], *, center: tuple[float, float] | None = None,
               zoom: int | None = None, attributions: tuple[str, ...] = ()) -> Any:
    """A NEW offline base map with the scrubber over ``frames`` (benchmarks, previews)."""
    from layers.compose import base_map

    m = base_map(center=center, zoom=zoom, attributions=attributions)
    FrameScrubber(frames).add_to(m)
    return m
