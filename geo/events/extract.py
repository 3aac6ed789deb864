"""The extractor: one proposed event per sentence that names a place and matches a rule.

For each event: **place** (the most specific literal place of the sentence; a capital
used for its government only for statements and diplomacy; judicial events at the court's
seat; when the sentence names only countries, the seat of its first actor), **date**
(:mod:`geo.events.dating`; a rule's ``days`` gives an end date), **actors**, **claim
status** (:mod:`geo.events.attribution`), **quote** (the sentence) and **confidence**.
Events sharing day, place and kind are merged (statements only when the speaker matches).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.events.attribution import attribution, is_person
from geo.events.dating import resolve_date
from geo.events.lexicon import ANAPHOR, HYPOTHETICAL, SPEAKS
from geo.events.rules import ActorRule, KindRule, load_actor_rules, load_kind_rules
from geo.geoparse import Geoparser, Toponym, sentence_starts
from geo.models import Article, ClaimStatus, Event, EventKind, Place

EVENT_LAYER = "articles"
_SPECIFIC = {"city": 0, "facility": 0, "island": 0, "admin1": 1, "river": 2, "sea": 2,
             "region": 2, "country": 3, "continent": 4}
"""How specific a place kind is (lower is better): an event goes to its most specific."""
_PRESUPPOSED = re.compile(r"\b(?:after|before|when|once|until)\s+(?:\S+\s+){0,3}$",
                          re.IGNORECASE)
_BATTLEFIELD = {EventKind.GROUND_FIGHTING, EventKind.SHELLING_STRIKE, EventKind.CAPTURE_CLAIM,
                EventKind.WITHDRAWAL}

BASE_CONFIDENCE = 0.9
"""A rule-based proposal is never certain, even with a sure place and date."""
CLAIMED_FACTOR = 0.9
"""One party's claim: what it says happened, not yet confirmed by others."""
HYPOTHETICAL_FACTOR = 0.7
"""Would, could, might, may: the sentence may report what did not happen."""
TITLE_FACTOR = 0.8
"""A headline compresses: its place and tense are looser than the body's."""
ANAPHOR_FACTOR = 0.8
"""An anaphor ("the city") refers back to the last place named, usually the one meant."""
SEAT_CONFIDENCE = 0.7
"""An event placed at its actor's seat (Beijing for Xi) because the sentence names only
countries: right for diplomacy and statements, a guess for the rest."""
COURT_CONFIDENCE = 0.9
"""A judicial event at the seat of the court the article names (The Hague for the ICC)."""
VAGUE_FACTOR = 0.7
"""Only a country or continent to place the event at: far less precise than a town."""
SUMMARY_CHARS = 240
"""Summaries are the sentence, cut to fit a popup."""


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    toponyms: list[Toponym]


def _split(text: str, toponyms: list[Toponym]) -> list[_Sentence]:
    starts = sentence_starts(text) + [len(text)]
    out = []
    for a, b in zip(starts, starts[1:], strict=False):
        chunk = text[a:b]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        s = a + lead
        e = s + len(stripped)
        out.append(_Sentence(s, e, stripped, [t for t in toponyms
                                                if s <= t.mention.start < e]))
    return out


class EventExtractor:
    """Propose events from articles with transparent rule tables."""

    def __init__(self, parser: Geoparser | None = None, *, kind_rules: list[KindRule] | None = None,
                 actor_rules: list[ActorRule] | None = None) -> None:
        self.parser = parser or Geoparser()
        self.kind_rules = kind_rules if kind_rules is not None else load_kind_rules()
        self.actor_rules = actor_rules if actor_rules is not None else load_actor_rules()
        self._seats: dict[str, Place | None] = {}

    def seat(self, name: str) -> Place | None:
        """The gazetteer place of an actor's seat (most prominent match)."""
        if name not in self._seats:
            found = self.parser.gaz.search(name, limit=1) if name else []
            self._seats[name] = found[0] if found else None
        return self._seats[name]

    def actors(self, sentence: str) -> list[ActorRule]:
        """Actor rows whose pattern occurs in the sentence, in table order (deduplicated)."""
        seen, out = set(), []
        for rule in self.actor_rules:
            if rule.actor not in seen and re.search(rule.pattern, sentence):
                seen.add(rule.actor)
                out.append(rule)
        return sorted(out, key=lambda r: re.search(r.pattern, sentence).start())

    def extract(self, article: Article, toponyms: list[Toponym] | None = None) -> list[Event]:
        """Proposed events of one article (``toponyms``: its parse, computed if omitted)."""
        text = article.text
        if toponyms is None:
            toponyms = self.parser.parse(text)
        sentences = _split(text, toponyms)
        court_seat = None
        recent: list[Toponym] = []
        best: dict[tuple, tuple[tuple[bool, float], Event]] = {}
        order: list[tuple] = []
        for number, sent in enumerate(sentences):
            court = [a for a in self.actors(sent.text) if a.seat and a.type == "organisation"
                     and re.search(r"court|ICC", a.actor)]
            if court:
                court_seat = self.seat(court[0].seat)
            event = self._event(article, sent, recent, court_seat, title=number == 0)
            literal = [t for t in sent.toponyms if not t.place.metonymic
                       and _SPECIFIC.get(t.kind, 9) <= 1]
            if literal:
                recent = literal
            if event is None:
                continue
            key = (event.day, event.place.name, event.kind,
                   self._claimant_key(event.claimed_by)
                   if event.kind is EventKind.STATEMENT else "")
            rank = (bool(re.search(r"[“\"]", event.quote)) and bool(event.claimed_by),
                    event.confidence)
            if key not in best:
                order.append(key)
                best[key] = (rank, event)
            elif rank > best[key][0]:
                best[key] = (rank, replace(event, confidence=max(event.confidence,
                                                                 best[key][1].confidence)))
        return [best[k][1] for k in order]

    def _claimant_key(self, who: str) -> str:
        found = [r for r in self.actor_rules if who and re.search(r.pattern, who)]
        found.sort(key=lambda r: r.type != "person")
        return found[0].actor if found else who.lower()

    def _kind(self, sent: _Sentence, flags: set[str]) -> tuple[KindRule, int] | None:
        for rule in self.kind_rules:
            found = rule.matches(sent.text, flags)
            if found:
                return rule, found.start() if isinstance(found, re.Match) else 0
        return None

    def _event(self, article: Article, sent: _Sentence, recent: list[Toponym],
               court_seat: Place | None, *, title: bool) -> Event | None:
        text = sent.text
        who, quoted = attribution(text)
        flags: set[str] = set()
        if quoted and is_person(who, self.actor_rules):
            flags.add("quoted_person")
        speakers = [t for t in sent.toponyms if t.place.metonymic
                    and SPEAKS.match(article.text, t.mention.end)]
        if speakers:
            flags.add("metonymic_speaker")
        found = self._kind(sent, flags)
        if found is None:
            return None
        rule, at = found
        actors = self.actors(text)
        place, place_conf = self._place(sent, rule, recent, court_seat, actors, speakers,
                                        sent.start + at)
        if place is None:
            return None
        day, end, date_conf = resolve_date(text, article.published)
        if rule.days > 1 and end is None:
            end = day + timedelta(days=rule.days - 1)
        status, claimed_by = _claim(rule, who, text, at)
        confidence = BASE_CONFIDENCE * place_conf * date_conf
        if status is ClaimStatus.CLAIMED:
            confidence *= CLAIMED_FACTOR
        if HYPOTHETICAL.search(text):
            confidence *= HYPOTHETICAL_FACTOR
        if title:
            confidence *= TITLE_FACTOR
        summary = " ".join(text.split())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS - 3].rstrip() + "..."
        if end:
            summary += f" ({_span_label(day, end)})"
        return Event(day=day, place=place, kind=rule.kind, summary=summary,
                     source=article.source, claim_status=status, claimed_by=claimed_by,
                     actors=tuple(a.actor for a in actors), source_date=article.published,
                     source_url=article.url or "", quote=text,
                     confidence=round(min(1.0, confidence), 2), article_id=article.id,
                     layer=EVENT_LAYER)

    def _place(self, sent: _Sentence, rule: KindRule, recent: list[Toponym],
               court_seat: Place | None, actors: list[ActorRule],
               speakers: list[Toponym], trigger: int) -> tuple[Place | None, float]:
        """(place, confidence) of the event; ``trigger``: where the rule matched."""
        kind = rule.kind
        if not sent.toponyms and not ANAPHOR.search(sent.text):
            return None, 0.0
        if kind is EventKind.JUDICIAL and court_seat is not None:
            return court_seat, COURT_CONFIDENCE
        if rule.pattern == "@metonymic_speaker" and speakers:
            return speakers[0].place, speakers[0].place.confidence
        usable = [t for t in sent.toponyms if not _is_dateline(t) and (
            not t.place.metonymic or kind in (EventKind.STATEMENT, EventKind.DIPLOMATIC))]
        usable.sort(key=lambda t: (_SPECIFIC.get(t.kind, 9), t.place.metonymic,
                                   t.mention.start < trigger))
        top = usable[0] if usable else None
        if top is not None and _SPECIFIC.get(top.kind, 9) <= 2:
            return top.place, top.place.confidence
        if ANAPHOR.search(sent.text) and recent:
            return recent[0].place, recent[0].place.confidence * ANAPHOR_FACTOR
        if kind in _BATTLEFIELD:
            return None, 0.0  # a country is too vague a place for fighting or strikes
        if kind in (EventKind.DIPLOMATIC, EventKind.JUDICIAL, EventKind.STATEMENT):
            for actor in actors:
                seat = self.seat(actor.seat)
                if seat is not None:
                    return seat, SEAT_CONFIDENCE
        if top is not None:
            return top.place, top.place.confidence * VAGUE_FACTOR
        return None, 0.0


def _claim(rule: KindRule, who: str, text: str, at: int) -> tuple[ClaimStatus, str]:
    """(status, claimant): claimed by the speaker unless the claim is presupposed ("after
    Russia took ..."); unattributed battlefield news is the outlet's assessment."""
    if rule.pattern == "@metonymic_speaker":
        return ClaimStatus.CONFIRMED, ""
    if who and not _PRESUPPOSED.search(text[:at]):
        return ClaimStatus.CLAIMED, who
    if rule.kind in _BATTLEFIELD:
        return ClaimStatus.ASSESSED, ""
    return ClaimStatus.CONFIRMED, ""


def _is_dateline(toponym: Toponym) -> bool:
    """An ALL-CAPS place opening a line ("KYIV, Ukraine -"): where the report was filed."""
    surface = toponym.mention.surface
    return surface.isupper() and len(surface) > 2 and toponym.mention.sentence >= 0 and \
        toponym.place.feature_class == "P"


def _span_label(start: date, end: date) -> str:
    if start.month == end.month and start.year == end.year:
        return f"{start.day}–{end.day} {start:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"


def extract_events(article: Article, toponyms: list[Toponym] | None = None, *,
                   extractor: EventExtractor | None = None) -> list[Event]:
    """Proposed events of ``article`` (see :class:`EventExtractor`)."""
    return (extractor or EventExtractor()).extract(article, toponyms)
