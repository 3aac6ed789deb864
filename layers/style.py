"""Colours, line styles and marker sizes, chosen to stay readable for colour-blind viewers.

Sides use the Okabe–Ito palette (vermillion, blue, orange); the contested zone is told apart
by more than colour: a dashed outline and a diagonal hatch (an SVG pattern, see
:data:`HATCH_ID`). Event kinds use Paul Tol's "muted" qualitative scheme, which is
distinguishable under the common colour-vision deficiencies; event markers also have a dark
outline so they read as markers on top of zone fills.
"""

from __future__ import annotations

from typing import Any

from geo.models import ClaimStatus, EventKind, Side

__all__ = [
    "BASEMAP",
    "EVENT_STROKE",
    "HATCH_ID",
    "KIND_COLOURS",
    "SIDE_COLOURS",
    "SIDE_LABELS",
    "event_opacity",
    "event_radius",
    "event_style",
    "hatch_svg",
    "zone_highlight",
    "zone_style",
]

#: Okabe–Ito colours for who holds a zone.
SIDE_COLOURS: dict[Side, str] = {
    Side.RUSSIAN: "#D55E00",    # vermillion
    Side.UKRAINIAN: "#0072B2",  # blue
    Side.CONTESTED: "#E69F00",  # orange, plus hatch and dashed outline
}

SIDE_LABELS: dict[Side, str] = {
    Side.RUSSIAN: "Russian-controlled",
    Side.UKRAINIAN: "Ukrainian-controlled",
    Side.CONTESTED: "Contested / grey zone",
}

#: Paul Tol "muted" (all nine colours), one per event kind.
KIND_COLOURS: dict[EventKind, str] = {
    EventKind.GROUND_FIGHTING: "#CC6677",  # rose
    EventKind.SHELLING_STRIKE: "#882255",  # wine
    EventKind.CAPTURE_CLAIM: "#AA4499",    # purple
    EventKind.WITHDRAWAL: "#DDCC77",       # sand
    EventKind.HUMANITARIAN: "#117733",     # green
    EventKind.DIPLOMATIC: "#88CCEE",       # cyan
    EventKind.JUDICIAL: "#332288",         # indigo
    EventKind.STATEMENT: "#44AA99",        # teal
    EventKind.OTHER: "#999933",            # olive
}

EVENT_STROKE = "#222222"

#: id of the SVG ``<pattern>`` that hatches contested zones (defined by the legend element).
HATCH_ID = "frontline-hatch-contested"

#: Basemap colours (light, so zones and events carry the eye).
BASEMAP: dict[str, str] = {
    "water": "#E3ECF2",
    "land": "#F4F3EF",
    "land_edge": "#C9C9C2",
    "country_border": "#8C8C86",
    "admin1": "#B8B8B0",
    "coast": "#9DB3C4",
    "lake": "#E3ECF2",
}

_ZONE_FILL_OPACITY = 0.35
_CONTESTED_FILL_OPACITY = 0.75
_CONTESTED_DASH = "6 4"

# Marker radius in pixels by kind: claims of capture/withdrawal stand out; talk stays small.
_BASE_RADIUS = 6.0
_KIND_RADIUS: dict[EventKind, float] = {
    EventKind.CAPTURE_CLAIM: 8.0,
    EventKind.WITHDRAWAL: 8.0,
    EventKind.STATEMENT: 5.0,
    EventKind.OTHER: 5.0,
}
_MIN_OPACITY = 0.3
_CLAIM_DASH: dict[ClaimStatus, str | None] = {
    ClaimStatus.CONFIRMED: None,
    ClaimStatus.CLAIMED: "3 2",   # dashed ring: one party says so
    ClaimStatus.ASSESSED: "1 2",  # dotted ring: an analyst's assessment
    ClaimStatus.DISPUTED: "6 2 1 2",  # dash-dot ring: claimed by one side, denied by the other
    ClaimStatus.PLANNED: "4 4",   # hollow with a long dash: announced, has not happened
}


def zone_style(side: Side | str) -> dict[str, Any]:
    """Leaflet path style of a zone held by ``side``.

    Contested zones are filled with the hatch pattern (``url(#id) colour`` falls back to the
    plain colour where the pattern is missing) and get a dashed outline.
    """
    side = Side(side)
    colour = SIDE_COLOURS[side]
    style: dict[str, Any] = {
        "color": colour,
        "weight": 1.5,
        "opacity": 0.9,
        "fill": True,
        "fillColor": colour,
        "fillOpacity": _ZONE_FILL_OPACITY,
        "className": f"fl-zone fl-zone-{side.value}",
    }
    if side is Side.CONTESTED:
        style.update(fillColor=f"url(#{HATCH_ID}) {colour}",
                     fillOpacity=_CONTESTED_FILL_OPACITY, dashArray=_CONTESTED_DASH, weight=2)
    return style


def zone_highlight() -> dict[str, Any]:
    """Style of a zone under the mouse: a heavier outline."""
    return {"weight": 3.5, "opacity": 1.0}


def event_radius(kind: EventKind | str) -> float:
    """Circle-marker radius (pixels) of an event of ``kind``."""
    return _KIND_RADIUS.get(EventKind(kind), _BASE_RADIUS)


def event_opacity(age_days: int, window_days: int) -> float:
    """Opacity of an event ``age_days`` old in a window of ``window_days``.

    1.0 on the day itself, fading linearly to 0.3 at the far end of the window; rounded to
    0.05 so that few distinct styles are emitted. Future events (negative age) count as today.
    """
    if window_days <= 0 or age_days <= 0:
        return 1.0
    frac = min(age_days, window_days) / window_days
    value = 1.0 - frac * (1.0 - _MIN_OPACITY)
    return round(round(value * 20) / 20, 2)


def event_style(kind: EventKind | str, claim_status: ClaimStatus | str, age_days: int,
                window_days: int) -> dict[str, Any]:
    """Leaflet style of one event circle marker: colour by kind, fading with age.

    Claimed events get a dashed ring, assessed ones a dotted ring, disputed ones a dash-dot
    ring; planned events are hollow (no fill) with a long-dashed ring in the kind's colour.
    """
    kind = EventKind(kind)
    opacity = event_opacity(age_days, window_days)
    style: dict[str, Any] = {
        "radius": event_radius(kind),
        "color": EVENT_STROKE,
        "weight": 1,
        "opacity": opacity,
        "fill": True,
        "fillColor": KIND_COLOURS[kind],
        "fillOpacity": round(0.9 * opacity, 2),
        "className": f"fl-event fl-event-{kind.value}",
    }
    status = ClaimStatus(claim_status)
    dash = _CLAIM_DASH.get(status)
    if dash:
        style.update(dashArray=dash, weight=1.5)
    if status is ClaimStatus.PLANNED:
        style.update(fill=False, fillOpacity=0.0, color=KIND_COLOURS[kind], weight=2)
        style["className"] += " fl-event-planned"
    return style


def hatch_svg() -> str:
    """A hidden inline ``<svg>`` defining the contested hatch pattern :data:`HATCH_ID`."""
    colour = SIDE_COLOURS[Side.CONTESTED]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true" '
        'style="position:absolute;width:0;height:0;overflow:hidden">'
        f'<defs><pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.25"/>'
        f'<rect width="3" height="8" fill="{colour}"/>'
        "</pattern></defs></svg>"
    )
