"""Standalone HTML: one offline file with the in-map time scrubber.

The page is a freshly built base map (outlines, legend, credits, scale bar, title block) plus
:class:`~layers.scrubber.FrameScrubber`: the same script and frame format
(:mod:`layers.frames`) as the app's map, so an export scrubs exactly like the app. Zones are
sent once per report and swapped per date, events as columnar arrays drawn on a canvas. Every
text value was escaped in Python; the date stamp is set with ``textContent``.

``window.flScrubber`` (``show(i)``, ``count``, ``index()``, ``days``) lets tests and the
time-lapse drive the page; ``window.__flShown`` is the index drawn and painted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import folium

from layers.compose import base_map
from layers.export.draw.overlay import ReadySignal, TitleBox
from layers.export.draw.page import drawable_zones, page_html
from layers.export.view import ExportView, view_credits
from layers.frames import FrameDay, build_frames
from layers.scrubber import FrameScrubber

__all__ = ["initial_index", "scrubber_data", "scrubber_map", "standalone_html"]


def scrubber_data(views: Sequence[ExportView], initial: int) -> dict[str, Any]:
    """The frames of ``views`` (one per date), opening on index ``initial``."""
    if not views:
        raise ValueError("a scrubber needs at least one date")
    days = [FrameDay(day=v.day, zones=v.snapshot.zones, front=v.front, stamp=v.stamp())
            for v in views]
    events = [e for v in views for e in v.snapshot.events]
    return build_frames(days, events, window_days=views[0].request.window_days,
                        initial=initial, theatre=views[0].theatre)


def initial_index(views: Sequence[ExportView], day: date | None) -> int:
    """Index of the view on ``day``, else of the last view before it, else 0."""
    before = [i for i, v in enumerate(views) if day is None or v.day <= day]
    return before[-1] if before else 0


def scrubber_map(views: Sequence[ExportView], *, initial: int = 0,
                 static: bool = False) -> folium.Map:
    """A NEW offline map carrying every view of ``views`` (one per date) and the scrubber.

    ``initial`` is the index shown first. ``static`` hides the controls (time-lapse frames).
    """
    if not views:
        raise ValueError("a scrubber needs at least one date")
    view = views[initial]
    req = view.request
    m = base_map(world=req.world, center=req.center, zoom=req.zoom, theatre=view.theatre,
                 attributions=view_credits(view))
    if req.bbox is not None:
        west, south, east, north = req.bbox
        m.fit_bounds([[south, west], [north, east]])
    TitleBox(title=view.title, stamp=view.stamp(), generated=view.generated_text(),
             notes=view.notes(), static=static).add_to(m)
    # the ready signal's helpers are defined before the scrubber draws the first date
    ReadySignal(zones=drawable_zones(view)).add_to(m)  # events: one canvas, not paths
    FrameScrubber(scrubber_data(views, initial), static=static).add_to(m)
    return m


def standalone_html(views: Sequence[ExportView], *, day: date | None = None) -> str:
    """The standalone page, opening on ``day`` (default: the last date): one file, no
    external resource, checked offline."""
    return page_html(scrubber_map(views, initial=initial_index(views, day)))
