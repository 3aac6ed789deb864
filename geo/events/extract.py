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

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, partial

from geo.events.attribution import attribution, is_person
from geo.events.clauses import PRONOUNS, Clause, split_clauses
from geo.events.dating import When, resolve_when
from geo.events.lexicon import ANAPHOR, SPEAKS
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
_ATTEMPT = re.compile(r"\b(?:failed|fail|fails|tried|try|tries|trying|attempts?|attempted|"
                      r"attempting|seek|seeks|seeking|sought|bid|unable|efforts?|push(?:ing)?|"
                      r"aim(?:s|ed|ing)?|want(?:s|ed)?)\s+(?:\w+\s+)?to\s+$", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|n't|no longer|yet to|denied|deny|denies)\s+"
                      r"(?:\w+\s+){0,2}$", re.IGNORECASE)
_HYPOTHETICAL = re.compile(
    r"\b(?:may|might|could|if needed|if necessary|threaten\w*|would be)\b|"
    r"\b(?:called on|calls on|urged|urges|urging|asked|asks|demanded|demands)\b[^.;]{0,60}\bto\b",
    re.IGNORECASE)
"""What may happen, or what someone asks for, has not happened: no event."""
_PLANNED = re.compile(
    r"\b(?:will|would|shall|is to|are to|is due to|are due to|was due to|were due to|"
    r"plans? to|planned to|planning to|intends? to|intended to|is expected to|are expected to|"
    r"is set to|are set to|is scheduled to|are scheduled to|to host|prepar\w+ to|next week|"
    r"proposed|upcoming|planned|"
    r"next month|tomorrow)\b", re.IGNORECASE)
_HABITUAL = re.compile(
    r"\b(?:has|have|had) been\b[^.;]{0,200}\b(?:since|for (?:weeks|months|days|years)|almost daily|"
    r"every day|daily|for much of)\b|\b(?:almost daily|every day|regularly|routinely)\b",
    re.IGNORECASE)
_ANALYST = re.compile(
    r"\b(?:ISW|Institute for the Study of War|think[- ]tank|analysts?|intelligence (?:update|"
    r"assessment|report)|(?:Britain's|British|UK|U\.K\.) (?:Ministry of Defence|defence ministry|"
    r"Defence Intelligence|military intelligence)|Defence Intelligence|Oryx|assess\w*)\b")
_PRONOUN_OBJECT = re.compile(r"\b(?:captured|taken|seized|took|entered|retook|recaptured|"
                             r"liberated|attacked|shelled|struck|hit|control of) it\b")
_COURT_HINT = re.compile(r"ICC|[Cc]ourt")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")")
"""A line not ending so is a headline or subheading: kept only if the body does not tell it."""
_NO_COMMENT = re.compile(
    r"\b(?:declined to comment|(?:did|has|have) not (?:immediately )?(?:respond|comment|reply)\w*|"
    r"made no comment|no immediate comment|could not be reached|not immediately available|"
    r"request for comment)\b", re.IGNORECASE)
_SPEAKING_IN = re.compile(
    r"^(?P<who>(?-i:[A-Z])[\w .'’-]{1,60}?),\s+(?:speaking|in a (?:speech|statement|video "
    r"address|televised address)|addressing [\w ]{1,30}?)\s+(?P<where>(?:in|at|from)\s+[^,]{1,60}),"
    r"[^,]{0,40}?\b(?:said|says|told|warned|vowed|announced|pledged|promised)\b", re.IGNORECASE)
_ALSO = re.compile(r"\balso\b")
_VAGUE_WHEN = re.compile(r"\b(?:days|weeks|months|years) (?:after|before|earlier|ago|later)\b")
_CAPITAL = re.compile(r"\bthe (?:capital|country's capital)\b", re.IGNORECASE)
_LOCATOR = re.compile(
    r"^(?:\s+[\w-]+){0,3}?\s*,?\s+(?:in|at|near|outside|close to|by|(?:about |some )?\d+\s*"
    r"(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:of|from)|"
    r"(?:[\w-]+\s+)?(?:north|south|east|west|north-east|north-west|south-east|south-west|"
    r"northeast|northwest|southeast|southwest)\s+of)\s+(?:the\s+)?(?:city of\s+|town of\s+)?$")
_DESTINATION = re.compile(r"\b(?:to|for|towards|into)\s+(?:\w+,?\s+){0,2}$")
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
class _Sentence:
    start: int
    end: int
    text: str
    toponyms: list[Toponym]


@dataclass
class _Context:
    """What the sentences before tell the next: places, speaker, last event day."""

    recent: list[Toponym]
    speaker: str = ""
    """The last named speaker (what "it said" refers to)."""
    last: str = ""
    """The speaker of the sentence before (what "... also hit ..." goes on from)."""
    day: date | None = None
    court_seat: Place | None = None


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

    def extract(self, article: Article, toponyms: list[Toponym] | None = None) -> list[Event]:
        """Proposed events of one article (``toponyms``: its parse, computed if omitted)."""
        text = article.text
        if toponyms is None:
            toponyms = self.parser.parse(text)
        sentences = _split(text, toponyms)
        title = (article.title or "").strip()
        headline_end = (text.index(title) + len(title)
                        if title and text.lstrip().startswith(title) else -1)
        context = _Context(recent=[])
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
            found, denier = self._sentence(article, sent, context, actors)
            if denier and not found:  # "Kyiv denied that the city had fallen."
                for key in previous_keys:
                    best[key] = _disputed(best[key], denier)
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
                       and _SPECIFIC.get(t.kind, 9) <= 1]
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
            best[key] = _merge(old, event)
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

    def _sentence(self, article: Article, sent: _Sentence, context: _Context,
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
            places = self._places(sent, clause, rule, context, actors, starts)
            if rule is None:
                continue
            if found is None and not places:
                continue
            before = clause.content[:at] if found else ""
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
            status, claimed_by = _claim(rule, who, clause, before, text)
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
        elif self._quoted_person(text):
            events += self._statement(article, sent, clauses, context, actors, denier,
                                      quoted_only=True)
        if events:
            context.day = events[-1].day
        return events, denier if not events else ""

    def _quoted_person(self, text: str) -> bool:
        who, quoted = attribution(text)
        return quoted and is_person(who, self.actor_rules)

    def _statement(self, article: Article, sent: _Sentence, clauses: list[Clause],
                   context: _Context, actors: Callable[[], list[ActorRule]], denier: str, *,
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

    def _bare_statement(self, article: Article, sent: _Sentence, clauses: list[Clause],
                        context: _Context, actors: Callable[[], list[ActorRule]]) -> list[Event]:
        """What a named person said, when that is all the sentence tells: placed where it
        was said ("speaking in Odesa", "said in Kyiv"), else at the speaker's seat."""
        text = sent.text
        where = _SPEAKING_IN.match(text)
        who = where.group("who") if where else next((c.speaker for c in clauses if c.speaker), "")
        who = who.strip()
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

    def _statement_place(self, sent: _Sentence, context: _Context,
                         actors: Callable[[], list[ActorRule]]) -> tuple[Place | None, float]:
        usable = sorted((t for t in sent.toponyms if not _is_dateline(t)),
                        key=lambda t: (_SPECIFIC.get(t.kind, 9), t.place.metonymic))
        if usable and _SPECIFIC.get(usable[0].kind, 9) <= 2:
            return usable[0].place, usable[0].place.confidence
        if ANAPHOR.search(sent.text) and context.recent:
            return context.recent[0].place, context.recent[0].place.confidence * ANAPHOR_FACTOR
        for actor in actors():
            seat = self.seat(actor.seat)
            if seat is not None:
                return seat, SEAT_CONFIDENCE
        return None, 0.0

    def _when(self, own: When, clause: Clause, clauses: list[Clause], sent: _Sentence,
              article: Article, context: _Context, sentence_when: When | None,
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

    def _places(self, sent: _Sentence, clause: Clause, rule: KindRule | None,
                context: _Context, actors: Callable[[], list[ActorRule]],
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
                 and not _is_dateline(t)
                 and not (t.place.metonymic and SPEAKS.match(sent.text, t.mention.end
                                                             - sent.start))]
        literal = [t for t in cands if not t.place.metonymic]
        if kind is EventKind.DIPLOMATIC and not any(_SPECIFIC.get(t.kind, 9) == 0
                                                     for t in literal):
            literal = cands  # "Beijing's efforts to mediate": the capital acting, if no town
        cands = literal
        content = clause.content
        kept: list[Toponym] = []
        for t in cands:
            rel = t.mention.start - sent.start - clause.start
            if kept and _SPECIFIC.get(kept[-1].kind, 9) <= _SPECIFIC.get(t.kind, 9) \
                    and _LOCATOR.match(
                    " " + sent.text[kept[-1].mention.end - sent.start:t.mention.start
                                    - sent.start]):
                continue  # "Makiivka, near Donetsk": Donetsk only locates Makiivka
            if kind is EventKind.HUMANITARIAN and _DESTINATION.search(
                    content[max(0, rel - 80):rel]):
                continue  # "left the city for Mykolaiv": where people fled to
            kept.append(t)
        specific = [t for t in kept if _SPECIFIC.get(t.kind, 9) == 0]
        if specific:
            out, seen = [], set()
            for t in specific:
                if t.place.name not in seen:
                    seen.add(t.place.name)
                    out.append((t.place, t.place.confidence))
            return out
        regional = sorted((t for t in kept if _SPECIFIC.get(t.kind, 9) <= 2),
                          key=lambda t: _SPECIFIC.get(t.kind, 9))
        if regional:
            return [(regional[0].place, regional[0].place.confidence)]
        if context.recent and _CAPITAL.search(content):
            capital = self.seat(CAPITALS.get(context.recent[0].place.country_code, ""))
            if capital is not None:
                return [(capital, capital.confidence * ANAPHOR_FACTOR)]
        if context.recent and (ANAPHOR.search(content) or (
                kind in _BATTLEFIELD and _PRONOUN_OBJECT.search(content))):
            top = context.recent[0].place
            return [(top, top.confidence * ANAPHOR_FACTOR)]
        if kind in _BATTLEFIELD or kind is None:
            return []  # a country is too vague a place for fighting or strikes
        if kind in (EventKind.DIPLOMATIC, EventKind.JUDICIAL, EventKind.STATEMENT):
            own = self.actors(content) or actors()  # not the speaker's seat ("Washington said")
            seats = [s for s in (self.seat(a.seat) for a in own) if s is not None]
            named = {t.place.name for t in context.recent}
            seats.sort(key=lambda s: s.name not in named)  # Xi and Putin, just in Moscow
            if seats:
                return [(seats[0], SEAT_CONFIDENCE)]
        vague = sorted(kept, key=lambda t: _SPECIFIC.get(t.kind, 9))
        if vague:
            return [(vague[0].place, vague[0].place.confidence * VAGUE_FACTOR)]
        return []

    def _event(self, article: Article, sent: _Sentence, kind: EventKind, place: Place,
               place_conf: float, when: When, end: date | None, status: ClaimStatus,
               claimed_by: str, denied: str, actors: Callable[[], list[ActorRule]]) -> Event:
        confidence = BASE_CONFIDENCE * place_conf * when.confidence
        confidence *= {ClaimStatus.CLAIMED: CLAIMED_FACTOR, ClaimStatus.DISPUTED: DISPUTED_FACTOR,
                       ClaimStatus.PLANNED: PLANNED_FACTOR}.get(status, 1.0)
        summary = " ".join(sent.text.split())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS - 3].rstrip() + "..."
        if end:
            summary += f" ({_span_label(when.day, end)})"
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


def _claim(rule: KindRule, who: str, clause: Clause, before: str,
           text: str) -> tuple[ClaimStatus, str]:
    """(status, claimant): planned for what is to happen; claimed by the speaker unless the
    claim is presupposed ("after Russia took ..."); else the reporter's own voice."""
    if _PLANNED.search(clause.content):
        return ClaimStatus.PLANNED, "" if who == "unnamed reports" else who
    if who and not (rule.kind in (EventKind.CAPTURE_CLAIM, EventKind.WITHDRAWAL)
                    and _PRESUPPOSED.search(before)):
        return ClaimStatus.CLAIMED, who
    return ClaimStatus.CONFIRMED, ""


def _disputed(event: Event, denier: str) -> Event:
    if event.claim_status not in (ClaimStatus.CLAIMED, ClaimStatus.CONFIRMED) \
            or event.kind not in _BATTLEFIELD or denier == event.claimed_by:
        return event
    return replace(event, claim_status=ClaimStatus.DISPUTED, denied_by=denier,
                   confidence=round(event.confidence * DISPUTED_FACTOR, 2))


def _merge(old: Event, new: Event) -> Event:
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
