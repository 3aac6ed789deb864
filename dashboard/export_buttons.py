"""Export buttons for the app: each file is built only when its button is clicked.

``st.download_button`` is given a callable: Streamlit runs it on a worker thread when the
user clicks, so nothing is rendered on a slider move. Browser formats start their own
headless Chromium in that thread (Playwright objects belong to the thread that made them).
The view is the app's own :class:`ViewState`, so the file shows what the map shows, drawn
on a freshly built map. Licence warnings and opsec measures are shown before the click.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

import streamlit as st

from dashboard.safe import md
from dashboard.state import ViewState
from geo.errors import ExportError
from geo.models import EventKind
from geo.store import Store
from layers.export import FORMATS, SIZES, ExportRequest, Opsec, RangeSpec, prepare, run_export
from layers.export.formats import MAX_FRAMES
from layers.export.request import DEFAULT_TITLE

__all__ = ["PanelChoices", "builder", "export_panel"]

log = logging.getLogger(__name__)

_PRECISIONS = {"off": None, "0.05° (~5 km)": 0.05, "0.1° (~10 km)": 0.1, "0.25° (~25 km)": 0.25,
               "0.5° (~50 km)": 0.5}
_SINGLE = ("png", "pdf", "bundle", "geojson", "gpkg", "kml", "csv")
_RANGED = ("html", "gif", "mp4")


@dataclass(frozen=True)
class PanelChoices:
    """What the panel's widgets say (besides the view itself)."""

    size: str = "screen"
    title: str = DEFAULT_TITLE
    opsec: Opsec = Opsec()
    start: date | None = None
    end: date | None = None
    step: str = "week"


def builder(store: Store, request: ExportRequest, fmt: str, *, dates: RangeSpec | None = None,
            permalink: str | None = None) -> Callable[[], bytes]:
    """A no-argument callable that builds the file (what ``st.download_button`` runs)."""
    def build() -> bytes:
        log.info("app export: %s of %s", fmt, request.day)
        return run_export(store, request, fmt, dates=dates, permalink=permalink).data
    return build


def _permalink(state: ViewState) -> str | None:
    url = getattr(st.context, "url", None)
    if not url:
        return None
    return f"{url.split('?')[0]}?{urlencode(state.to_query())}"


def _choices(state: ViewState, first: date, last: date) -> PanelChoices:
    size = st.selectbox("Image size", list(SIZES), format_func=lambda k: SIZES[k].label,
                        key="export_size")
    title = st.text_input("Title", DEFAULT_TITLE, max_chars=160, key="export_title")
    with st.expander("Operational security"):
        precision = st.selectbox("Coarsen event positions", list(_PRECISIONS),
                                 key="export_opsec_precision")
        kinds = st.multiselect("…of these kinds (none chosen: all kinds)", list(EventKind),
                               format_func=lambda k: k.label, key="export_opsec_kinds",
                               disabled=_PRECISIONS[precision] is None)
        holdback = st.number_input("Hold back events of the last N days", 0, 365, 0,
                                   key="export_holdback")
    with st.expander("Time-lapse and offline HTML range"):
        default_start = max(first, state.day - timedelta(days=91))
        start = st.date_input("From", default_start, min_value=first, max_value=last,
                              key="export_from")
        end = st.date_input("To", state.day, min_value=first, max_value=last, key="export_to")
        step = st.radio("Step", ["day", "week"], index=1, horizontal=True, key="export_step")
    opsec = Opsec(kinds=tuple(kinds) if _PRECISIONS[precision] is not None else (),
                  precision_deg=_PRECISIONS[precision], holdback_days=int(holdback))
    return PanelChoices(size=size, title=title.strip() or DEFAULT_TITLE, opsec=opsec,
                        start=start, end=end, step=step)


def export_panel(store: Store, state: ViewState) -> None:
    """Download buttons for every format of the current view (built on click)."""
    span = store.date_range(state.theatre or None) or store.date_range()
    if span is None:
        return
    st.markdown("**Export this view**")
    choices = _choices(state, *span)
    request = ExportRequest.from_view(state, size=choices.size, title=choices.title,
                                      opsec=choices.opsec)
    view = prepare(store, request)
    for warning in view.licences.warnings():
        st.warning(f"Licence: {md(warning)}")
    if text := choices.opsec.describe():
        st.caption(f"OPSEC in every file: {md(text)}")
    st.caption(view.stamp())
    permalink = _permalink(state)
    dates = RangeSpec(choices.start, choices.end, choices.step)
    single = st.columns(len(_SINGLE))
    for column, fmt in zip(single, _SINGLE, strict=True):
        spec = FORMATS[fmt]
        with column:
            st.download_button(
                fmt.upper() if fmt != "bundle" else "Bundle (ZIP)",
                data=builder(store, request, fmt, permalink=permalink),
                file_name=f"frontline_{request.day.isoformat()}{spec.extension}",
                mime=spec.media_type, help=spec.label, key=f"export_{fmt}", on_click="ignore")
    ranged = st.columns(len(_RANGED))
    try:
        days = dates.days(store, request, FORMATS["gif"])
        problem = None
    except ExportError as exc:  # an impossible range: say so instead of offering the buttons
        days, problem = [], str(exc)
    if problem:
        st.caption(f"Range: {md(problem)}")
        return
    span_text = f"{days[0].isoformat()}_{days[-1].isoformat()}"
    for column, fmt in zip(ranged, _RANGED, strict=True):
        spec = FORMATS[fmt]
        with column:
            st.download_button(
                fmt.upper(), data=builder(store, request, fmt, dates=dates, permalink=permalink),
                file_name=f"frontline_{span_text}{spec.extension}", mime=spec.media_type,
                help=f"{spec.label}: {len(days)} dates (at most {MAX_FRAMES})",
                key=f"export_{fmt}", on_click="ignore")
