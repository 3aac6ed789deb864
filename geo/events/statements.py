"""Statement events: a named person's direct quote, a capital speaking when nothing else
happened in the sentence, or what a named person said, placed where it was said ("speaking
in Odesa", "said in Kyiv"), else at the speaker's seat. A denial is never a statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from geo.events.attribution import attribution, is_person
from geo.events.base import SEAT_CONFIDENCE, Context, Sentence
from geo.events.clauses import PRONOUNS, Clause
from geo.events.dating import resolve_when
from geo.events.lexicon import SPEAKS
from geo.events.places import PlaceFinder
from geo.events.rules import ActorRule
from geo.models import Article, ClaimStatus, Event, EventKind

_SPEAKING_IN = re.compile(
    r"^(?P<who>(?-i:[A-Z])[\w .'’-]{1,60}?),\s+(?:speaking|in a (?:speech|statement|video "
    r"address|televised address)|addressing [\w ]{1,30}?)\s+(?P<where>(?:in|at|from)\s+[^,]{1,60}),"
    r"[^,]{0,40}?\b(?:said|says|told|warned|vowed|announced|pledged|promised)\b", re.IGNORECASE)


class Statements(PlaceFinder):
    """The statement half of :class:`geo.events.EventExtractor` (a mixin)."""

    def _quoted_person(self, text: str) -> bool:
        who, quoted = attribution(text)
        return quoted and is_person(who, self.actor_rules)

    def _statement(self, article: Article, sent: Sentence, clauses: list[Clause],
                   context: Context, actors: Callable[[], list[ActorRule]], denier: str, *,
                   quoted_only: bool = False) -> list[Event]:
        """A statement: a named person's direct quote, or a capital speaking when nothing
        else happened in the sentence (never a denial)."""
        if denier:
            return []
        text = sent.text
        who, quoted = attribution(text)
        person = quoted and is_person(who, self.actor_rules)
        speakers = [t for t in sent.toponyms if t.place.metonymic
                    and SPEAKS.match(article.text, t.mention.end)]
        if not person and not speakers:
            return [] if quoted_only else self._bare_statement(article, sent, clauses, context,
                                                               actors)
        rule = next((r for r in self.kind_rules if r.pattern == (
            "@quoted_person" if person else "@metonymic_speaker")), None)
        if rule is None:
            return []
        if person:
            place, conf = self._statement_place(sent, context, actors)
            status, claimed_by = ClaimStatus.CLAIMED, who
        else:
            place, conf = speakers[0].place, speakers[0].place.confidence
            status, claimed_by = ClaimStatus.CONFIRMED, ""
        if place is None:
            return []
        when = resolve_when(text, article.published, previous=context.day)
        return [self._event(article, sent, EventKind.STATEMENT, place, conf, when, when.end,
                            status, claimed_by, "", actors)]

    def _bare_statement(self, article: Article, sent: Sentence, clauses: list[Clause],
                        context: Context, actors: Callable[[], list[ActorRule]]) -> list[Event]:
        """What a named person said, when that is all the sentence tells: placed where it
        was said ("speaking in Odesa", "said in Kyiv"), else at the speaker's seat."""
        text = sent.text
        where = _SPEAKING_IN.match(text)
        who = where.group("who") if where else next((c.speaker for c in clauses if c.speaker), "")
        who = who.strip()
        if re.match(r"(?i)(?:a|an|one|some)\s", who):
            return []  # "an adviser to Zelenskyy said": not a named person
        if not who or who.lower() in PRONOUNS or who == "unnamed reports" \
                or not is_person(who, self.actor_rules) or len(who.split()) > 6:
            return []
        rule = next((r for r in self.kind_rules if r.pattern == "@quoted_person"), None)
        if rule is None:
            return []
        said = [c.report for c in clauses if c.report]
        spans = [(where.start("where"), where.end("where"))] if where else said
        place = None
        for t in sent.toponyms:
            rel = t.mention.start - sent.start
            if any(a <= rel < b for a, b in spans) and re.search(r"\b(?:in|at|from)\s+$",
                                                                  text[max(0, rel - 6):rel]):
                place, conf = t.place, t.place.confidence
                break
        if place is None:
            people = [a for a in self.actors(who) or actors() if a.seat]
            people.sort(key=lambda a: a.type != "person")
            seat = self.seat(people[0].seat) if people else None
            if seat is None:
                return []
            place, conf = seat, SEAT_CONFIDENCE
        when = resolve_when(text, article.published, previous=context.day)
        return [self._event(article, sent, EventKind.STATEMENT, place, conf, when, when.end,
                            ClaimStatus.CLAIMED, who, "", actors)]

