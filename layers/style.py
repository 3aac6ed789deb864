"""Colours, line styles and marker sizes, chosen to stay readable for colour-blind viewers.

Sides use the Okabe–Ito palette (vermillion, blue, orange); the contested zone is told apart
by more than colour: a dashed outline and a diagonal hatch (an SVG pattern, see
:data:`HATCH_ID`). Event kinds use Paul Tol's "muted" qualitative scheme, which is
distinguishable under the common colour-vision deficiencies; event markers also have a dark
outline so they read as markers on top of zone fills.
"""

from __future__ import annotations

from typing import Any

from geo.models import ClaimStatus, EventKind
from geo.theatre import Theatre, default_theatre

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
    "hatch_id",
    "hatch_svg",
    "side_colour",
    "side_label",
    "zone_highlight",
    "zone_style",
]

#: The default theatre's Okabe–Ito colours and labels for who holds a zone (other theatres
#: bring their own: :func:`side_colour`, :func:`side_label`).
SIDE_COLOURS: dict[str, str] = {s.id: s.colour for s in default_theatre().sides}
SIDE_LABELS: dict[str, str] = {s.id: s.label for s in default_theatre().sides}
_UNKNOWN_SIDE_COLOUR = "#777777"


def _theatre(theatre: Theatre | None) -> Theatre:
    return theatre if theatre is not None else default_theatre()


def side_colour(side: str, theatre: Theatre | None = None) -> str:
    """The colour of ``side`` in ``theatre`` (the default theatre's when None); grey for a
    side the theatre does not declare."""
    t = _theatre(theatre)
    return t.side(str(side)).colour if t.has_side(str(side)) else _UNKNOWN_SIDE_COLOUR


def side_label(side: str, theatre: Theatre | None = None) -> str:
    """The label of ``side`` in ``theatre`` (its id for a side the theatre does not declare)."""
    return _theatre(theatre).label_of(str(side))


def hatch_id(side: str) -> str:
    """Id of the SVG ``<pattern>`` that hatches a hatched side's zones."""
    return f"frontline-hatch-{side}"

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
"""The default theatre's contested pattern (``hatch_id("contested")``)."""

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


def zone_style(side: str, theatre: Theatre | None = None) -> dict[str, Any]:
    """Leaflet path style of a zone held by ``side`` in ``theatre`` (default: Bakhmut).

    Hatched sides (contested, unknown) are filled with their hatch pattern (``url(#id)
    colour`` falls back to the plain colour where the pattern is missing) and get a dashed
    outline; a side the theatre leaves undrawn gets an outline only.
    """
    t = _theatre(theatre)
    side = str(side)
    colour = side_colour(side, t)
    spec = t.side(side) if t.has_side(side) else None
    style: dict[str, Any] = {
        "color": colour,
        "weight": 1.5,
        "opacity": 0.9,
        "fill": True,
        "fillColor": colour,
        "fillOpacity": _ZONE_FILL_OPACITY,
        "className": f"fl-zone fl-zone-{side}",
    }
    if spec is not None and spec.hatch:
        style.update(fillColor=f"url(#{hatch_id(side)}) {colour}",
                     fillOpacity=_CONTESTED_FILL_OPACITY, dashArray=_CONTESTED_DASH, weight=2)
    if spec is not None and not spec.drawn:
        style.update(fill=False, fillOpacity=0.0, opacity=0.5, weight=1)
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


def hatch_svg(theatre: Theatre | None = None) -> str:
    """A hidden inline ``<svg>`` defining the hatch pattern of every hatched side of the
    theatre (:func:`hatch_id`; the default theatre's contested one is :data:`HATCH_ID`)."""
    patterns = "".join(
        f'<pattern id="{hatch_id(spec.id)}" patternUnits="userSpaceOnUse" width="8" '
        'height="8" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{spec.colour}" fill-opacity="0.25"/>'
        f'<rect width="3" height="8" fill="{spec.colour}"/></pattern>'
        for spec in _theatre(theatre).sides if spec.hatch)
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true" '
            'style="position:absolute;width:0;height:0;overflow:hidden">'
            f"<defs>{patterns}</defs></svg>")
