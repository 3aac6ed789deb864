"""Article review: paste or upload, see the places found, correct them, edit the proposed
events, and store nothing until the analyst confirms.

Everything shown from the article is escaped: the highlighted text (place mentions marked,
the sentences events were proposed from underlined by claim status) and the list of who
claims and who denies what are built from ``html.escape``d segments and rendered with
``st.html`` (no markdown processing). Ukrainian and Russian articles are read in their
language (detected, or chosen), their events proposed by the same extractor.
"""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.auth.gate import current_writer
from dashboard.cache import cached_parser
from dashboard.safe import md
from geo.dates import parse_day
from geo.errors import FrontlineError, InputError
from geo.events import EventExtractor
from geo.geocode import StoreOverrides, make_correction
from geo.geoparse import Geoparser, Toponym, clean_text, html_to_text, override_key
from geo.models import Article, ClaimStatus, Event, EventKind, Place
from geo.store import Batch, Store
from geo.textio import decode_text
from layers import click_map

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5_000_000
LANGUAGE_CHOICES = {"auto": "detected", "en": "English", "uk": "Ukrainian", "ru": "Russian"}
CLICK_CHOICE = "A point I click on the map"
ARTICLE_SOURCE = "articles"


@st.cache_resource(show_spinner=False)
def cached_extractor() -> EventExtractor:
    """One event extractor (its rule tables compiled once) per server process; the review
    passes it the toponyms, so the store's corrections apply."""
    return EventExtractor(cached_parser())


def read_upload(name: str, payload: bytes) -> tuple[str, str]:
    """(title, text) of an uploaded .txt/.md/.html file; raises FrontlineError on bad input."""
    if len(payload) > MAX_UPLOAD_BYTES:
        raise FrontlineError(f"{name}: {len(payload):,} bytes is over the "
                             f"{MAX_UPLOAD_BYTES:,}-byte limit for one article")
    text = decode_text(payload, name)  # EncodingError (a FrontlineError) names the byte
    if name.lower().endswith((".html", ".htm")):
        return html_to_text(text)
    text = clean_text(text)
    first = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
    return first[:200], text


def apply_corrections(toponyms: list[Toponym],
                      corrections: dict[str, Place]) -> list[Toponym]:
    """Toponyms with the analyst's corrections (keyed by override key) put in place."""
    out = []
    for toponym in toponyms:
        place = corrections.get(override_key(toponym.mention.surface))
        out.append(replace(toponym, place=replace(place, name=toponym.place.name),
                           overridden=True) if place else toponym)
    return out


def highlighted_html(text: str, toponyms: list[Toponym], events: list[Event] = ()) -> str:
    """The article as HTML: each sentence an event was proposed from underlined (coloured by
    claim status, its kinds, claimant and denier in the title), each place mention marked;
    every segment of the text and every title is escaped (hostile text)."""
    quotes: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        span = event.quote_span
        if span and 0 <= span[0] < span[1] <= len(text):
            quotes.setdefault(span, []).append(event)
    spans, last = [], -1
    for span in sorted(quotes):
        if span[0] >= last:  # overlapping quotes: the first one is shown
            spans.append(span)
            last = span[1]
    marks = sorted(toponyms, key=lambda t: t.mention.start)
    parts, pos = [], 0
    for start, end in spans:
        parts.append(_marked(text, pos, start, marks))
        found = quotes[(start, end)]
        status = _STATUS_ORDER[min(_STATUS_ORDER.index(e.claim_status) for e in found)]
        parts.append(f'<span class="fl-event fl-{status.value}" title="'
                     f'{html.escape(_event_title(found), quote=True)}">'
                     f"{_marked(text, start, end, marks)}</span>")
        pos = end
    parts.append(_marked(text, pos, len(text), marks))
    style = ("<style>.fl-article{white-space:pre-wrap;font-size:14px;line-height:1.6;"
             "max-height:320px;overflow:auto;border:1px solid #ddd;padding:8px}"
             "mark.fl-place{background:#ffe08a}mark.fl-corrected{background:#b9f0c0}"
             ".fl-event{border-bottom:3px solid #3b7dd8}.fl-claimed{border-color:#e69b00}"
             ".fl-disputed{border-bottom-style:double;border-color:#c0392b}"
             ".fl-planned{border-bottom-style:dashed;border-color:#7f8c8d}"
             ".fl-assessed{border-bottom-style:dotted;border-color:#8e44ad}</style>")
    return f'{style}<div class="fl-article">{"".join(parts)}</div>'


_STATUS_ORDER = [ClaimStatus.DISPUTED, ClaimStatus.PLANNED, ClaimStatus.CLAIMED,
                 ClaimStatus.ASSESSED, ClaimStatus.CONFIRMED]
"""The status a sentence with several events is drawn in: the most doubtful first."""


def _marked(text: str, start: int, end: int, marks: list[Toponym]) -> str:
    """``text[start:end]`` escaped, with the place mentions inside it marked."""
    parts, pos = [], start
    for toponym in marks:
        a, b = toponym.mention.start, toponym.mention.end
        if a < pos or b > end:
            continue
        parts.append(html.escape(text[pos:a]))
        place = toponym.place
        title = html.escape(f"{place.name} ({place.country_code}) {place.lat:.4f}, "
                            f"{place.lon:.4f}", quote=True)
        css = "fl-corrected" if toponym.overridden else "fl-place"
        parts.append(f'<mark class="{css}" title="{title}">{html.escape(text[a:b])}</mark>')
        pos = b
    parts.append(html.escape(text[pos:end]))
    return "".join(parts)


def _event_title(events: list[Event]) -> str:
    return "; ".join(
        f"{e.kind.value} at {e.place.name}, {e.claim_status.value}"
        + (f" by {e.claimed_by}" if e.claimed_by else "")
        + (f", denied by {e.denied_by}" if e.denied_by else "") for e in events)


def claims_html(events: list[Event], source: str) -> str:
    """Who says what: the disputed, planned, claimed and assessed events with their
    claimant, denier and source, as escaped HTML (nothing for confirmed events)."""
    rows = []
    for e in sorted(events, key=lambda e: _STATUS_ORDER.index(e.claim_status)):
        if e.claim_status is ClaimStatus.CONFIRMED:
            continue
        who = [f"claimed by {e.claimed_by}"] if e.claimed_by else []
        if e.denied_by:
            who.append(f"denied by {e.denied_by}")
        who.append(f"source: {source}")
        when = e.day.isoformat() + (f" – {e.end_day.isoformat()}" if e.end_day else "")
        rows.append(f'<li class="fl-claim fl-{e.claim_status.value}"><b>'
                    f"{html.escape(e.claim_status.value)}</b> {html.escape(e.kind.value)} at "
                    f"{html.escape(e.place.name)}, {html.escape(when)} — "
                    f"{html.escape('; '.join(who))}</li>")
    if not rows:
        return ""
    return ('<div class="fl-claims"><b>Who says so</b><ul>' + "".join(rows) + "</ul></div>")


def events_frame(events: list[Event]) -> pd.DataFrame:
    """Proposed events as an editable table (one row per event)."""
    return pd.DataFrame([{
        "keep": True, "date": e.day, "end_date": e.end_day, "precision": e.day_precision,
        "place": e.place.name, "lat": e.place.lat,
        "lon": e.place.lon, "country": e.place.country_code, "kind": e.kind.value,
        "summary": e.summary, "claim_status": e.claim_status.value,
        "claimed_by": e.claimed_by, "denied_by": e.denied_by, "actors": "; ".join(e.actors),
        "confidence": e.confidence, "quote": e.quote} for e in events],
        columns=EVENT_COLUMNS)


EVENT_COLUMNS = ["keep", "date", "end_date", "precision", "place", "lat", "lon", "country",
                 "kind", "summary", "claim_status", "claimed_by", "denied_by", "actors",
                 "confidence", "quote"]
"""The review table: who claims (``claimed_by``) and who denies (``denied_by``) beside the
status (``disputed``, ``planned``...); ``end_date`` for an event over several days."""
PRECISIONS = ("day", "week", "month")


def events_from_frame(frame: pd.DataFrame, article: Article) -> list[Event]:
    """The kept rows back as Events; raises FrontlineError naming the row and field."""
    events = []
    for number, row in enumerate(frame.to_dict("records"), start=1):
        if not row.get("keep"):
            continue
        try:
            day = parse_day(row["date"], field="date", allow_time=True)
            lat, lon = float(row["lat"]), float(row["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError("lat/lon out of range")
            kind, status = EventKind(row["kind"]), ClaimStatus(row["claim_status"])
            confidence = float(row["confidence"])
            end = row.get("end_date")
            end = None if end is None or pd.isna(end) or end == "" else parse_day(
                end, field="end_date", allow_time=True)
            if end is not None and end < day:
                raise ValueError(f"end_date {end} is before date {day}")
            precision = str(row.get("precision") or "day")
            if precision not in PRECISIONS:
                raise ValueError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
        except (ValueError, TypeError, KeyError, InputError) as exc:
            raise FrontlineError(f"proposed events, row {number}: {exc}") from exc
        place = Place(name=str(row["place"] or "?"), lat=lat, lon=lon,
                      country_code=str(row.get("country") or ""))
        events.append(Event(
            day=day, place=place, kind=kind, summary=str(row["summary"] or ""),
            source=article.source, claim_status=status,
            claimed_by=str(row.get("claimed_by") or ""),
            actors=tuple(a.strip() for a in str(row.get("actors") or "").split(";")
                         if a.strip()),
            source_date=article.published, quote=str(row.get("quote") or ""),
            confidence=min(max(confidence, 0.0), 1.0), article_id=article.id,
            layer=ARTICLE_SOURCE, end_day=end, day_precision=precision,
            time_precision=PRECISIONS.index(precision) + 1,
            denied_by=str(row.get("denied_by") or "")))
    return events


def review_panel(store: Store) -> None:
    """The "Review an article" tab (first, the events proposed from live feeds)."""
    from dashboard.live_panels import review_queue

    review_queue(store)
    st.caption("Paste an article or upload a .txt, .md or .html file. Places are found "
               "offline; nothing is stored until you confirm.")
    title, text = _article_input()
    if not text.strip():
        return
    meta_left, meta_right = st.columns(2)
    published = meta_left.date_input("Published", key="review_date", value=date(2023, 3, 13))
    source = meta_right.text_input("Source (required)", key="review_source")
    title = st.text_input("Title", value=title, key="review_title")
    choice = st.selectbox("Language", list(LANGUAGE_CHOICES), key="review_language",
                          format_func=LANGUAGE_CHOICES.get)
    parser = Geoparser(cached_parser().gaz, overrides=StoreOverrides(store))
    language = None if choice == "auto" else choice
    language = language or parser.language_of(text)
    corrections: dict[str, Place] = st.session_state.setdefault("review_corrections", {})
    toponyms = apply_corrections(parser.parse(text, language=language), corrections)
    article = Article(title=title or "(untitled)", text=text, published=published,
                      source=source.strip() or "(source not given)")
    proposed = cached_extractor().extract(article, toponyms, language=language)
    st.caption(f"Read as {LANGUAGE_CHOICES.get(language, language)}. Places are marked; the "
               "sentences events were proposed from are underlined (double: disputed, "
               "dashed: planned, dotted: assessed; hover for who says so).")
    st.html(highlighted_html(text, toponyms, proposed))
    if not toponyms:
        st.info("No place found in this text.")
        return
    claims = claims_html(proposed, article.source)
    if claims:
        st.html(claims)
    _correction_ui(toponyms, corrections)
    st.markdown("**Proposed events** (edit cells, untick rows to drop them)")
    edited = st.data_editor(
        events_frame(proposed), key="review_events", num_rows="dynamic", hide_index=True,
        column_config={
            "kind": st.column_config.SelectboxColumn(options=[k.value for k in EventKind]),
            "claim_status": st.column_config.SelectboxColumn(
                options=[s.value for s in ClaimStatus]),
            "date": st.column_config.DateColumn(),
            "end_date": st.column_config.DateColumn(),
            "precision": st.column_config.SelectboxColumn(options=list(PRECISIONS)),
            "confidence": st.column_config.NumberColumn(min_value=0.0, max_value=1.0),
        })
    if st.button("Confirm and save", key="review_save", type="primary"):
        _save(store, article, edited, corrections, source)


def _article_input() -> tuple[str, str]:
    upload = st.file_uploader("Upload", type=["txt", "md", "html", "htm"], key="review_upload")
    if upload is not None:
        try:
            return read_upload(upload.name, upload.getvalue())
        except FrontlineError as exc:
            st.error(md(exc))
            return "", ""
    text = clean_text(st.text_area("Article text", key="review_text", height=180))
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200], text


def _correction_ui(toponyms: list[Toponym], corrections: dict[str, Place]) -> None:
    names = list(dict.fromkeys(t.mention.surface for t in toponyms))
    rows = [{"mention": t.mention.surface, "place": t.place.name, "country":
             t.place.country_code, "lat": round(t.place.lat, 4), "lon": round(t.place.lon, 4),
             "confidence": t.place.confidence, "corrected": t.overridden,
             "alternatives": len(t.candidates)} for t in toponyms]
    st.dataframe(pd.DataFrame(rows).drop_duplicates("mention"), hide_index=True,
                 width="stretch")
    with st.expander("Correct a place"):
        name = st.selectbox("Mention", names, key="review_fix_name")
        toponym = next(t for t in toponyms if t.mention.surface == name)
        options = [_candidate_label(p, score) for p, score in toponym.candidates]
        choice = st.radio("Put it at", [*options, CLICK_CHOICE], key="review_fix_choice")
        clicked = None
        if choice == CLICK_CHOICE:
            clicked = _click_map(toponym.place)
        if st.button("Use this place", key="review_fix_apply"):
            if choice == CLICK_CHOICE:
                if clicked is None:
                    st.error("Click on the map first.")
                    return
                place = Place(name=name, lat=clicked[0], lon=clicked[1], source_id="override")
            else:
                place = toponym.candidates[options.index(choice)][0]
            corrections[override_key(name)] = place
            st.rerun()


def _candidate_label(place: Place, score: float) -> str:
    return (f"{place.name} ({place.country_code or '?'}, {place.feature_class}) "
            f"{place.lat:.4f}, {place.lon:.4f} · score {score:.2f}")


def _click_map(place: Place) -> tuple[float, float] | None:
    result = st_folium(click_map(place), key="review_click_map", height=320,
                       use_container_width=True, returned_objects=["last_clicked"])
    clicked = (result or {}).get("last_clicked")
    if clicked:
        st.caption(f"Clicked: {clicked['lat']:.4f}, {clicked['lng']:.4f}")
        return float(clicked["lat"]), float(clicked["lng"])
    return None


def _save(store: Store, article: Article, edited: pd.DataFrame,
          corrections: dict[str, Place], source: str) -> None:
    try:
        writer = current_writer("save a reviewed article")  # refuses a viewer
        if not source.strip():
            raise FrontlineError("give the article's source before saving")
        events = events_from_frame(edited, article)
        fixes = [make_correction(key, place) for key, place in corrections.items()]
        result = store.write(Batch(articles=[article], events=events, corrections=fixes,
                                   written_by=writer))
    except FrontlineError as exc:
        st.error(f"Not saved: {md(exc)}")
        return
    st.success(f"Saved: {result.articles_added} article, {result.events_added} new events "
               f"({result.events_unchanged} already stored). They are on the map now.")
    st.session_state["review_corrections"] = {}
