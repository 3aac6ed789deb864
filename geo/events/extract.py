"""The extractor: proposed events from the clauses of each sentence, one per place and day.

Each sentence is cut into clauses (:mod:`geo.events.clauses`); the reporting clause ("Kyiv
said", "according to the General Staff", "it added") names the claimant and is never the
place. For each event clause: **kind** (the first matching rule of the kind table; a
capture after "failed to"/"tried to" is ground fighting, after a negation nothing; "may",
"could", "might" and habitual wording ("has been shelled almost daily since") are no
event), **places** (every town the clause names, minus places that only locate another
one — "Makiivka, near Donetsk" — and destinations of people fleeing; else the region;
else "the town", "the city", "there" (the last place named), "the capital"; else the
places of the clause before; for diplomacy and statements the speaker's seat), **date**
(:mod:`geo.events.dating`: the clause's own wording, else the sentence's, else the
reporting clause's, else the publication day), **claim status** (``planned`` for what
will or is due to happen, ``assessed`` for analysts, ``claimed`` for a party,
``disputed`` when denied in the same or the next sentence, else ``confirmed``: the
reporter's own voice), **actors**, **quote** (the sentence and its span) and
**confidence**. A direct quote of a named person is also a statement; a capital speaking
("Washington said") is a statement only when nothing else happens in the sentence. A
headline repeated by the body is not a second event. Events sharing day, place and kind
are merged (statements only when the speaker matches).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import cache, partial

from geo.events.attribution import claim_status
from geo.events.base import (
    BASE_CONFIDENCE,
    CLAIMED_FACTOR,
    DISPUTED_FACTOR,
    EVENT_LAYER,
    INHERITED_FACTOR,
    PLANNED_FACTOR,
    SPECIFIC,
    SUMMARY_CHARS,
    TIME_PRECISION,
    TITLE_FACTOR,
    Context,
    Sentence,
    disputed,
    merge,
    span_label,
    split_sentences,
)
from geo.events.clauses import PRONOUNS, Clause, split_clauses
from geo.events.cyrillic import CyrillicRules
from geo.events.dating import When, resolve_when
from geo.events.rules import ActorRule, KindRule, load_actor_rules, load_kind_rules
from geo.events.statements import Statements
from geo.gazetteer.cyrillic import LANGUAGES as CYRILLIC_LANGUAGES
from geo.geoparse import Geoparser, Toponym
from geo.models import Article, ClaimStatus, Event, EventKind, Place

__all__ = ["EVENT_LAYER", "EventExtractor", "extract_events"]

_ATTEMPT = re.compile(r"\b(?:failed|fail|fails|tried|try|tries|trying|attempts?|attempted|"
                      r"attempting|seek|seeks|seeking|sought|bid|unable|efforts?|push(?:ing)?|"
                      r"aim(?:s|ed|ing)?|want(?:s|ed)?)\s+(?:\w+\s+)?to\s+$", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|n't|no longer|yet to|denied|deny|denies)\s+"
                      r"(?:\w+\s+){0,2}$", re.IGNORECASE)
_CONTRADICTS = re.compile(
    r"\b(?:repelled|repulsed|beaten back|pushed back|(?:was|were|is|are) false|untrue|not true|"
    r"no truth|fake|(?:had|has) not fallen|not been (?:captured|taken)|still (?:held|holds|hold|"
    r"control\w*)|remains? under)\b", re.IGNORECASE)
"""Another party's words, in a sentence of no event of its own, that contradict the claim
just reported ("Ukrainian commanders said the city had not fallen"): it is disputed."""
_CONTESTABLE = {EventKind.CAPTURE_CLAIM, EventKind.GROUND_FIGHTING, EventKind.WITHDRAWAL}
_MODIFIER = re.compile(r"\b(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
"""Before an -ing word: "a civilian ship entering the port" describes the ship; no event."""
_INFINITIVE = re.compile(r"\bto\s+be\s+$", re.IGNORECASE)
"""Before a humanitarian word: "waiting to be evacuated" has not happened."""
_REFERS_BACK = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)
""""EU officials criticised the visit": a definite event word refers to one told before."""
_HYPOTHETICAL = re.compile(
    r"\b(?:may|might|could|if needed|if necessary|threaten\w*|would be)\b|"
    r"\b(?:called on|calls on|urged|urges|urging|asked|asks|demanded|demands)\b[^.;]{0,60}\bto\b",
    re.IGNORECASE)
"""What may happen, or what someone asks for, has not happened: no event."""
_HABITUAL = re.compile(
    r"\b(?:has|have|had) been\b[^.;]{0,200}\b(?:since|for (?:weeks|months|days|years)|almost daily|"
    r"every day|daily|for much of)\b|\b(?:almost daily|every day|regularly|routinely)\b",
    re.IGNORECASE)
_ANALYST = re.compile(
    r"\b(?:ISW|Institute for the Study of War|think[- ]tank|analysts?|intelligence (?:update|"
    r"assessment|report)|(?:Britain's|British|UK|U\.K\.) (?:Ministry of Defence|defence ministry|"
    r"Defence Intelligence|military intelligence)|Defence Intelligence|Oryx|assess\w*)\b")
_COURT_HINT = re.compile(r"ICC|[Cc]ourt")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", "»")
"""A line not ending so is a headline or subheading: kept only if the body does not tell it."""
_NO_COMMENT = re.compile(
    r"\b(?:declined to comment|(?:did|has|have) not (?:immediately )?(?:respond|comment|reply)\w*|"
    r"made no comment|no immediate comment|could not be reached|not immediately available|"
    r"request for comment)\b", re.IGNORECASE)
_ALSO = re.compile(r"\balso\b")
_VAGUE_WHEN = re.compile(r"\b(?:days|weeks|months|years) (?:after|before|earlier|ago|later)\b")

class EventExtractor(Statements):
    """Propose events from articles with transparent rule tables."""

    def __init__(self, parser: Geoparser | None = None, *, kind_rules: list[KindRule] | None = None,
                 actor_rules: list[ActorRule] | None = None,
                 cyrillic: CyrillicRules | None = None) -> None:
        self.parser = parser or Geoparser()
        self._cyrillic = cyrillic
        """The Ukrainian/Russian rules (:mod:`geo.events.cyrillic`), loaded on first use."""
        self.kind_rules = kind_rules if kind_rules is not None else load_kind_rules()
        self.actor_rules = actor_rules if actor_rules is not None else load_actor_rules()
        self._regex_rules = [r for r in self.kind_rules if not r.pattern.startswith("@")]
        self._compiled = [re.compile(r.pattern, re.IGNORECASE) for r in self._regex_rules]
        self._actor_res = [(re.compile(r.pattern), r) for r in self.actor_rules]
        self._trigger = re.compile("|".join(f"(?:{r.pattern})" for r in self._regex_rules),
                                   re.IGNORECASE) if self._regex_rules else None
        self._seats: dict[str, Place | None] = {}

    def seat(self, name: str) -> Place | None:
        """The gazetteer place of an actor's seat (most prominent match)."""
        if name not in self._seats:
            found = self.parser.gaz.search(name, limit=1) if name else []
            self._seats[name] = found[0] if found else None
        return self._seats[name]

    def actors(self, sentence: str) -> list[ActorRule]:
        """Actor rows whose pattern occurs in the sentence, in text order (deduplicated)."""
        seen, found = set(), []
        for pattern, rule in self._actor_res:  # compiled once; faster than one alternation
            if rule.actor not in seen:
                hit = pattern.search(sentence)
                if hit:
                    seen.add(rule.actor)
                    found.append((hit.start(), rule))
        return [rule for _, rule in sorted(found, key=lambda p: p[0])]

    @property
    def cyrillic(self) -> CyrillicRules:
        """The Ukrainian/Russian rule tables (bundled unless given)."""
        if self._cyrillic is None:
            self._cyrillic = CyrillicRules()
        return self._cyrillic

    def extract(self, article: Article, toponyms: list[Toponym] | None = None, *,
                language: str | None = None) -> list[Event]:
        """Proposed events of one article (``toponyms``: its parse, computed if omitted;
        ``language``: ``en``, ``uk`` or ``ru``, else the parser's, else detected)."""
        text = article.text
        language = language or self.parser.language_of(text)
        if toponyms is None:
            toponyms = self.parser.parse(text, language=language)
        slavic = self.cyrillic if language in CYRILLIC_LANGUAGES else None
        sentences = split_sentences(text, toponyms)
        title = (article.title or "").strip()
        headline_end = (text.index(title) + len(title)
                        if title and text.lstrip().startswith(title) else -1)
        context = Context(recent=[])
        best: dict[tuple, Event] = {}
        order: list[tuple] = []
        headline: list[Event] = []
        previous_keys: list[tuple] = []
        for sent in sentences:
            actors = cache(partial(self.actors, sent.text))  # only when an event needs them
            if _COURT_HINT.search(sent.text):
                court = [a for a in actors() if a.seat and a.type == "organisation"
                         and re.search(r"court|ICC", a.actor)]
                if court:
                    context.court_seat = self.seat(court[0].seat)
            found, denier = (slavic.sentence(self, article, sent, context, language) if slavic
                             else self._sentence(article, sent, context, actors))
            if denier and not found:  # "Kyiv denied that the city had fallen."
                for key in previous_keys:
                    best[key] = disputed(best[key], denier)
            if context.repelled_by:  # "Ukraine's military said it had repelled the attacks."
                for key in previous_keys:
                    if best[key].kind in _CONTESTABLE \
                            and best[key].claim_status is ClaimStatus.CLAIMED:
                        best[key] = disputed(best[key], context.repelled_by)
                context.repelled_by = ""
            in_headline = sent.end <= headline_end or not sent.text.endswith(_SENTENCE_END)
            keys = []
            for event in found:
                if in_headline:
                    headline.append(replace(event, confidence=round(
                        event.confidence * TITLE_FACTOR, 2)))
                    continue
                keys.append(self._keep(best, order, event))
            previous_keys = keys or previous_keys if not denier else []
            literal = [t for t in sent.toponyms if not t.place.metonymic
                       and SPECIFIC.get(t.kind, 9) <= 1]
            if literal:
                context.recent = literal
        seen = {(e.kind, e.place.name) for e in best.values()}
        for event in headline:
            if (event.kind, event.place.name) not in seen:
                self._keep(best, order, event)
        return [best[k] for k in order]

    def _keep(self, best: dict[tuple, Event], order: list[tuple], event: Event) -> tuple:
        key = (event.day, event.place.name, event.kind,
               self._claimant_key(event.claimed_by) if event.kind is EventKind.STATEMENT else "")
        old = best.get(key)
        if old is None:
            order.append(key)
            best[key] = event
        else:
            best[key] = merge(old, event)
        return key

    def _claimant_key(self, who: str) -> str:
        found = [r for r in self.actor_rules if who and re.search(r.pattern, who)]
        found.sort(key=lambda r: r.type != "person")
        return found[0].actor if found else who.lower()

    def _kind(self, content: str) -> tuple[KindRule, int] | None:
        """The first rule matching ``content`` and where; a capture after "failed to" is
        ground fighting, after a negation it does not count."""
        for rule, pattern in zip(self._regex_rules, self._compiled, strict=True):
            for found in pattern.finditer(content):
                before = content[max(0, found.start() - 40):found.start()]
                if _MODIFIER.search(before) and found.group().endswith("ing") or \
                        rule.kind is EventKind.HUMANITARIAN and _INFINITIVE.search(before):
                    continue  # "a ship entering the port", "people waiting to be evacuated"
                if rule.kind in (EventKind.CAPTURE_CLAIM, EventKind.WITHDRAWAL):
                    if _ATTEMPT.search(before):
                        ground = next((r for r in self._regex_rules
                                       if r.kind is EventKind.GROUND_FIGHTING), None)
                        if ground is not None:
                            return ground, found.start()
                        continue
                    if _NEGATED.search(before):
                        continue
                return rule, found.start()
        return None

    def _sentence(self, article: Article, sent: Sentence, context: Context,
                  actors: Callable[[], list[ActorRule]]) -> tuple[list[Event], str]:
        """The events of one sentence and who denies the sentence before ("" if nobody)."""
        text = sent.text
        clauses = split_clauses(text, self._trigger)
        speaker = next((c.speaker for c in clauses if c.speaker), "")
        if speaker.lower() in PRONOUNS:
            speaker = context.speaker
        elif not speaker and _ALSO.search(text):
            speaker = context.last  # "Strikes also hit Dnipro.": the same source goes on
        elif speaker and speaker != "unnamed reports":
            context.speaker = speaker
        context.last = speaker
        denier = next((c.denier for c in clauses if c.role in ("denial", "contrast")), "")
        events: list[Event] = []
        sentence_when = None
        owns: dict[int, When] = {}
        for index, clause in enumerate(clauses):
            if clause.role == "event":
                own = owns[index] = resolve_when(clause.content, article.published,
                                                 previous=context.day)
                if own.explicit:
                    sentence_when = sentence_when or own
        last_denial = max((i for i, c in enumerate(clauses) if c.role in ("denial", "contrast")),
                          default=-1)
        starts = [t.mention.start for t in sent.toponyms]
        carried: tuple[list[tuple[Place, float]], KindRule | None, When | None] = ([], None, None)
        for index, clause in enumerate(clauses):
            if clause.role != "event":
                continue
            found = self._kind(clause.content)
            rule, at = found if found else (carried[1], 0)
            # a clause without event wording of its own ("and Zelenskyy is expected to
            # attend") goes on at the places it names, never at an actor's seat
            places = self._places(sent, clause, rule if found else None, context, actors,
                                  starts)
            if rule is None:
                continue
            if found is None and not places:
                continue
            before = clause.content[:at] if found else ""
            if found and rule.kind is EventKind.DIPLOMATIC and _REFERS_BACK.search(before) \
                    and not any(clause.start <= t.mention.start - sent.start < clause.end
                                for t in sent.toponyms):
                continue  # "criticised the visit": the visit told before, no new event
            if found and (_HYPOTHETICAL.search(clause.content)
                          or _HABITUAL.search(clause.content)
                          or _NO_COMMENT.search(clause.content)):
                carried = ([], None, None)
                continue
            inherited = False
            if not places and carried[0]:
                places, inherited = carried[0], True
            when = self._when(owns[index], clause, clauses, sent, article, context,
                              sentence_when, carried[2])
            if _VAGUE_WHEN.search(clause.content) and not owns[index].explicit:
                continue  # "days after a trip to Kyiv": no day to put it on
            carried = (places, rule, when)
            if not places:
                continue
            who = clause.speaker or speaker
            if who.lower() in PRONOUNS:
                who = context.speaker
            status, claimed_by = claim_status(rule, who, clause, before)
            said = text[clause.report[0]:clause.report[1]] if clause.report else ""
            if status is ClaimStatus.CLAIMED and (_ANALYST.search(said)
                                                  or _ANALYST.search(claimed_by)):
                status = ClaimStatus.ASSESSED
            denied = ""
            if denier and index < last_denial \
                    and status in (ClaimStatus.CLAIMED, ClaimStatus.CONFIRMED) \
                    and denier != claimed_by:
                status, denied = ClaimStatus.DISPUTED, denier
            end = when.end
            if rule.days > 1 and end is None and status is ClaimStatus.PLANNED \
                    and when.precision == "day":  # "next week" stays a week, not 3 days
                end = when.day + timedelta(days=rule.days - 1)
            for place, conf in places:
                events.append(self._event(
                    article, sent, rule.kind, place, conf * (INHERITED_FACTOR if inherited
                                                             else 1.0),
                    when, end, status, claimed_by, denied, actors))
        if not events:
            events = self._statement(article, sent, clauses, context, actors, denier)
            if not events and not denier:
                context.repelled_by = next(
                    (c.speaker for c in clauses if c.speaker and c.speaker != "unnamed reports"
                     and c.speaker.lower() not in PRONOUNS and _CONTRADICTS.search(c.content)),
                    "")
        elif self._quoted_person(text):
            events += self._statement(article, sent, clauses, context, actors, denier,
                                      quoted_only=True)
        if events:
            context.day = events[-1].day
        return events, denier if not events else ""

    def _when(self, own: When, clause: Clause, clauses: list[Clause], sent: Sentence,
              article: Article, context: Context, sentence_when: When | None,
              carried: When | None) -> When:
        """The clause's own date, else the clause before's, the sentence's, the reporting
        clause's ("Kyiv said on Monday"), else the publication day."""
        if own.explicit:
            return own
        if carried is not None and carried.explicit:
            return carried
        if sentence_when is not None:
            return sentence_when
        if clause.report:
            said = resolve_when(sent.text[clause.report[0]:clause.report[1]],
                                article.published, previous=context.day)
            if said.explicit:
                return said
        for other in clauses:
            if other.report:
                said = resolve_when(sent.text[other.report[0]:other.report[1]],
                                    article.published, previous=context.day)
                if said.explicit:
                    return said
        return own

    def _event(self, article: Article, sent: Sentence, kind: EventKind, place: Place,
               place_conf: float, when: When, end: date | None, status: ClaimStatus,
               claimed_by: str, denied: str, actors: Callable[[], list[ActorRule]]) -> Event:
        confidence = BASE_CONFIDENCE * place_conf * when.confidence
        confidence *= {ClaimStatus.CLAIMED: CLAIMED_FACTOR, ClaimStatus.DISPUTED: DISPUTED_FACTOR,
                       ClaimStatus.PLANNED: PLANNED_FACTOR}.get(status, 1.0)
        summary = " ".join(sent.text.split())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS - 3].rstrip() + "..."
        if end:
            summary += f" ({span_label(when.day, end)})"
        if denied:
            summary += f" (denied by {denied})"
        return Event(day=when.day, place=place, kind=kind, summary=summary,
                     source=article.source, claim_status=status, claimed_by=claimed_by,
                     actors=tuple(a.actor for a in actors()), source_date=article.published,
                     source_url=article.url or "", quote=sent.text,
                     confidence=round(min(1.0, confidence), 2), article_id=article.id,
                     layer=EVENT_LAYER, end_day=end, denied_by=denied,
                     day_precision=when.precision, quote_span=(sent.start, sent.end),
                     time_precision=TIME_PRECISION[when.precision])



def extract_events(article: Article, toponyms: list[Toponym] | None = None, *,
                   extractor: EventExtractor | None = None,
                   language: str | None = None) -> list[Event]:
    """Proposed events of ``article`` (see :class:`EventExtractor`)."""
    return (extractor or EventExtractor()).extract(article, toponyms, language=language)
