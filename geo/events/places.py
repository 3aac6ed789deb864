"""Where a clause's event happened: the places it names, else what it refers back to.

Every town the clause names, minus places that only locate another ("Makiivka, near
Donetsk") and destinations of people fleeing; else the region; else "the capital", "the
town", "the city", "there" (the last place named); for diplomacy, judicial events and
statements the actor's seat. Places inside the reporting clause are never the event's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from geo.events.base import (
    ANAPHOR_FACTOR,
    BATTLEFIELD,
    CAPITALS,
    COURT_CONFIDENCE,
    SEAT_CONFIDENCE,
    SPECIFIC,
    VAGUE_FACTOR,
    Context,
    Sentence,
    is_dateline,
)
from geo.events.clauses import Clause
from geo.events.lexicon import ANAPHOR, SPEAKS
from geo.events.rules import ActorRule, KindRule
from geo.geoparse import Toponym
from geo.models import EventKind, Place

_PRONOUN_OBJECT = re.compile(r"\b(?:captured|taken|seized|took|entered|retook|recaptured|"
                             r"liberated|attacked|shelled|struck|hit|control of) it\b")
_CAPITAL = re.compile(r"\bthe (?:capital|country's capital)\b|\bстолиц[яіеюуа]\w*",
                      re.IGNORECASE)
_LOCATOR = re.compile(
    r"^(?:\s+[\w-]+){0,3}?\s*,?\s+(?:in|at|near|outside|close to|by|(?:about |some )?\d+\s*"
    r"(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:of|from)|"
    r"(?:[\w-]+\s+)?(?:north|south|east|west|north-east|north-west|south-east|south-west|"
    r"northeast|northwest|southeast|southwest)\s+of)\s+(?:the\s+)?(?:city of\s+|town of\s+)?$")
_LOCATOR_CYRILLIC = re.compile(
    r"^(?![^,]*\b(?:і|й|та|и|а|також|также)\s)\s*,?\s*(?:[\w'’-]+\s+){0,2}?(?:у|в|під|біля|"
    r"поблизу|неподалік від|поруч із|около|под|возле|вблизи|недалеко от)\s+$", re.IGNORECASE)
"""The Ukrainian and Russian locators ("гребля Каховської ГЕС у Новій Каховці"); not across
a conjunction ("у Харкові та в Одесі" names two places)."""
_DESTINATION = re.compile(r"\b(?:to|for|towards|into)\s+(?:\w+,?\s+){0,2}$")


class PlaceFinder:
    """The place-finding half of :class:`geo.events.EventExtractor` (a mixin: it needs
    ``seat`` and ``actors``)."""

    def seat(self, name: str) -> Place | None:  # pragma: no cover - the extractor's
        raise NotImplementedError

    def actors(self, sentence: str) -> list[ActorRule]:  # pragma: no cover
        raise NotImplementedError

    def _statement_place(self, sent: Sentence, context: Context,
                         actors: Callable[[], list[ActorRule]]) -> tuple[Place | None, float]:
        usable = sorted((t for t in sent.toponyms if not is_dateline(t)),
                        key=lambda t: (SPECIFIC.get(t.kind, 9), t.place.metonymic))
        if usable and SPECIFIC.get(usable[0].kind, 9) <= 2:
            return usable[0].place, usable[0].place.confidence
        if ANAPHOR.search(sent.text) and context.recent:
            return context.recent[0].place, context.recent[0].place.confidence * ANAPHOR_FACTOR
        for actor in actors():
            seat = self.seat(actor.seat)
            if seat is not None:
                return seat, SEAT_CONFIDENCE
        return None, 0.0

    def _places(self, sent: Sentence, clause: Clause, rule: KindRule | None,
                context: Context, actors: Callable[[], list[ActorRule]],
                starts: list[int]) -> list[tuple[Place, float]]:
        """(place, confidence) of every place the clause's event happened at."""
        kind = rule.kind if rule else None
        if kind is EventKind.JUDICIAL and context.court_seat is not None:
            return [(context.court_seat, COURT_CONFIDENCE)]
        lo, hi = sent.start + clause.start, sent.start + clause.end
        report = ((sent.start + clause.report[0], sent.start + clause.report[1])
                  if clause.report else (-1, -1))
        here = sent.toponyms[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
        cands = [t for t in here if not report[0] <= t.mention.start < report[1]
                 and not is_dateline(t)
                 and not (t.place.metonymic and SPEAKS.match(sent.text, t.mention.end
                                                             - sent.start))]
        literal = [t for t in cands if not t.place.metonymic]
        if kind is EventKind.DIPLOMATIC and not any(SPECIFIC.get(t.kind, 9) == 0
                                                     for t in literal):
            literal = cands  # "Beijing's efforts to mediate": the capital acting, if no town
        cands = literal
        content = clause.content
        kept: list[Toponym] = []
        for t in cands:
            rel = t.mention.start - sent.start - clause.start
            if kept and SPECIFIC.get(kept[-1].kind, 9) <= SPECIFIC.get(t.kind, 9) \
                    and _locates(sent.text[kept[-1].mention.end - sent.start:
                                           t.mention.start - sent.start]):
                continue  # "Makiivka, near Donetsk": Donetsk only locates Makiivka
            if kind is EventKind.HUMANITARIAN and _DESTINATION.search(
                    content[max(0, rel - 80):rel]):
                continue  # "left the city for Mykolaiv": where people fled to
            kept.append(t)
        specific = [t for t in kept if SPECIFIC.get(t.kind, 9) == 0]
        if specific:
            out, seen = [], set()
            for t in specific:
                if t.place.name not in seen:
                    seen.add(t.place.name)
                    out.append((t.place, t.place.confidence))
            return out
        regional = sorted((t for t in kept if SPECIFIC.get(t.kind, 9) <= 2),
                          key=lambda t: SPECIFIC.get(t.kind, 9))
        if regional:
            return [(regional[0].place, regional[0].place.confidence)]
        if context.recent and _CAPITAL.search(content):
            capital = self.seat(CAPITALS.get(context.recent[0].place.country_code, ""))
            if capital is not None:
                return [(capital, capital.confidence * ANAPHOR_FACTOR)]
        if context.recent and (ANAPHOR.search(content) or (
                kind in BATTLEFIELD and _PRONOUN_OBJECT.search(content))):
            top = context.recent[0].place
            return [(top, top.confidence * ANAPHOR_FACTOR)]
        if kind in BATTLEFIELD or kind is None:
            return []  # a country is too vague a place for fighting or strikes
        if kind in (EventKind.DIPLOMATIC, EventKind.JUDICIAL, EventKind.STATEMENT):
            own = self.actors(content) or actors()  # not the speaker's seat ("Washington said")
            seats = [s for s in (self.seat(a.seat) for a in own) if s is not None]
            named = {t.place.name for t in context.recent}
            seats.sort(key=lambda s: s.name not in named)  # Xi and Putin, just in Moscow
            if seats:
                return [(seats[0], SEAT_CONFIDENCE)]
        vague = sorted(kept, key=lambda t: SPECIFIC.get(t.kind, 9))
        if vague:
            return [(vague[0].place, vague[0].place.confidence * VAGUE_FACTOR)]
        return []


def _locates(between: str) -> bool:
    """Whether the words between two places make the second locate the first."""
    return bool(_LOCATOR.match(" " + between) or _LOCATOR_CYRILLIC.match(between))
