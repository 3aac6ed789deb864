"""What the extractor's modules share: sentences, context, weights, and event merging.

The confidence factors say why a proposal is less than certain; :func:`merge` keeps one of
two events sharing day, place and kind; :func:`disputed` records a denial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from geo.geoparse import Toponym, sentence_starts
from geo.models import ClaimStatus, Event, EventKind, Place

EVENT_LAYER = "articles"
_CYRILLIC_BREAK = re.compile(r"\n(?=\s*[А-ЯІЇЄҐЁ«])|[.!?…]»\s+")
"""Sentence ends the geoparser's splitter leaves for English: a line before a Cyrillic
capital (a headline above its story), a quote closed with » after the full stop."""
SPECIFIC = {"city": 0, "facility": 0, "island": 0, "admin1": 1, "river": 2, "sea": 2,
             "region": 2, "country": 3, "continent": 4}
"""How specific a place kind is (lower is better): an event goes to its most specific."""
BATTLEFIELD = {EventKind.GROUND_FIGHTING, EventKind.SHELLING_STRIKE, EventKind.CAPTURE_CLAIM,
                EventKind.WITHDRAWAL}
CAPITALS = {"UA": "Kyiv", "RU": "Moscow", "BY": "Minsk", "PL": "Warsaw", "MD": "Chisinau",
            "GE": "Tbilisi", "US": "Washington", "GB": "London", "FR": "Paris", "DE": "Berlin"}
"""Where "the capital" is, by the country of the last place named."""

BASE_CONFIDENCE = 0.9
"""A rule-based proposal is never certain, even with a sure place and date."""
CLAIMED_FACTOR = 0.9
"""One party's claim: what it says happened, not yet confirmed by others."""
DISPUTED_FACTOR = 0.7
"""Claimed by one side and denied by the other."""
PLANNED_FACTOR = 0.7
"""Announced, not yet happened: plans change."""
TITLE_FACTOR = 0.8
"""A headline compresses: its place and tense are looser than the body's."""
ANAPHOR_FACTOR = 0.8
"""An anaphor ("the city") refers back to the last place named, usually the one meant."""
INHERITED_FACTOR = 0.85
"""A clause naming no place takes the places of the clause before ("..., and 1,800 people
were evacuated"): usually meant."""
SEAT_CONFIDENCE = 0.7
"""An event placed at its actor's seat (Beijing for Xi) because the sentence names only
countries: right for diplomacy and statements, a guess for the rest."""
COURT_CONFIDENCE = 0.9
"""A judicial event at the seat of the court the article names (The Hague for the ICC)."""
VAGUE_FACTOR = 0.7
"""Only a country or continent to place the event at: far less precise than a town."""
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
"""``Event.time_precision`` of our events, on ACLED's scale (1 day, 2 week, 3 month): the
column the store already has, so the precision is kept."""
SUMMARY_CHARS = 240
"""Summaries are the sentence, cut to fit a popup."""



@dataclass
class Sentence:
    """One sentence of an article: its span, text and place mentions."""

    start: int
    end: int
    text: str
    toponyms: list[Toponym]


@dataclass
class Context:
    """What the sentences before tell the next: places, speaker, last event day."""

    recent: list[Toponym]
    speaker: str = ""
    """The last named speaker (what "it said" refers to)."""
    last: str = ""
    """The speaker of the sentence before (what "... also hit ..." goes on from)."""
    day: date | None = None
    court_seat: Place | None = None
    repelled_by: str = ""
    """Who, in the sentence just read, says the attack on the last place was repelled: a
    denial of a capture claimed before ("... зайшли в Грайворон. Гладков: атаку відбито")."""


def split_sentences(text: str, toponyms: list[Toponym]) -> list[Sentence]:
    """The sentences of ``text`` (stripped, spans kept), each with its mentions."""
    starts = sentence_starts(text)
    if _CYRILLIC_BREAK.search(text):
        starts = sorted(set(starts) | {m.end() for m in _CYRILLIC_BREAK.finditer(text)})
    starts.append(len(text))
    out = []
    for a, b in zip(starts, starts[1:], strict=False):
        chunk = text[a:b]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        s = a + lead
        e = s + len(stripped)
        out.append(Sentence(s, e, stripped, [t for t in toponyms
                                                if s <= t.mention.start < e]))
    return out



def disputed(event: Event, denier: str) -> Event:
    """``event`` disputed by ``denier`` (battlefield claims only; not by its own claimant)."""
    if event.claim_status not in (ClaimStatus.CLAIMED, ClaimStatus.CONFIRMED) \
            or event.kind not in BATTLEFIELD or denier == event.claimed_by:
        return event
    return replace(event, claim_status=ClaimStatus.DISPUTED, denied_by=denier,
                   confidence=round(event.confidence * DISPUTED_FACTOR, 2))


def merge(old: Event, new: Event) -> Event:
    """One of two events sharing day, place and kind: what happened before what is planned,
    a quoted claim before an unquoted one; a denial is kept."""
    def rank(e: Event) -> tuple:
        return (e.claim_status is not ClaimStatus.PLANNED,
                bool(re.search(r"[“\"]", e.quote)) and bool(e.claimed_by), e.confidence)
    keep, other = (new, old) if rank(new) > rank(old) else (old, new)
    keep = replace(keep, confidence=max(keep.confidence, other.confidence),
                   end_day=keep.end_day or other.end_day)
    if other.claim_status is ClaimStatus.DISPUTED and keep.claim_status is not \
            ClaimStatus.DISPUTED:
        keep = replace(keep, claim_status=ClaimStatus.DISPUTED, denied_by=other.denied_by,
                       claimed_by=keep.claimed_by or other.claimed_by)
    return keep


def is_dateline(toponym: Toponym) -> bool:
    """An ALL-CAPS place opening a line ("KYIV, Ukraine -"): where the report was filed."""
    surface = toponym.mention.surface
    return surface.isupper() and len(surface) > 2 and toponym.mention.sentence >= 0 and \
        toponym.place.feature_class == "P"


def span_label(start: date, end: date) -> str:
    """"20–22 March 2023" for a range of days."""
    if start.month == end.month and start.year == end.year:
        return f"{start.day}–{end.day} {start:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"

