"""Events from Ukrainian and Russian sentences, in the same event model as English.

A sentence is cut into segments at commas, semicolons and spaced dashes; each segment is
read as its **lemmas** (:class:`geo.events.lemmas.LemmaView`), so the rules
(``geo/data/rules/event_kinds_cyrillic.csv``, ``actors_cyrillic.csv``, the word lists of
``geo/data/lexicon/events_cyrillic.toml``) need one entry per word, not per case:

* a **reporting** segment names the claimant and is never the place: "за даними
  Генштабу", "по данным Минобороны", "як повідомили в ОВА", "повідомили в Генштабі",
  "— заявив Зеленський", "Минобороны РФ заявило, что ...", "Міноборони РФ заявило про
  ...", "Генштаб: ...";
* a **denial** segment ("що заперечують у Києві", "Москва это опровергла") makes the
  claims before it disputed, naming the denier; alone in a sentence it disputes the
  sentence before;
* every other segment is an event clause: kind by the first matching rule (a capture after
  "намагалися", "не змогли", "пытались" is ground fighting, after "не" nothing), places as
  in English (:mod:`geo.events.places`; "місто", "там", "город" refer back), date by
  :mod:`geo.events.cyrillic_dating`, claim status ``planned`` (a verb in the future tense,
  "планує", "наступного тижня"), ``assessed`` (ISW, British intelligence), ``claimed``
  (a party reports it), ``disputed`` or ``confirmed``;
* a person's words with nothing else in the sentence are a statement where they were said
  ("заявив Зеленський у Львові"), else at the speaker's seat.

Claimants and deniers keep the text's words in the nominative ("повідомили в Генштабі
ЗСУ" -> "Генштаб ЗСУ"); summaries stay in the original language with the English place
name beside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geo.data import label, load_lexicon, load_rule_table
from geo.events.base import Context, Sentence
from geo.events.clauses import Clause
from geo.events.cyrillic_dating import resolve_when_cyrillic
from geo.events.dating import When
from geo.events.lemmas import LemmaView, add_vocabulary, is_verb
from geo.events.rules import ActorRule, KindRule, load_actor_rules, load_kind_rules
from geo.models import Article, ClaimStatus, Event, EventKind

if TYPE_CHECKING:
    from geo.events.extract import EventExtractor

_LEX = load_lexicon("events_cyrillic")
_SPEECH = _LEX.alternation("speech")
_PREP = r"(?:у|в|во|на|із|из|з|с)"
_ACCORDING = re.compile(r"^(?:і |и |а |як |как )?" + _LEX.alternation("according")
                        + r" (?P<who>.+)$")
_VERB_FIRST = re.compile(r"^(?:і |и |а |як |как |про це |об этом |це |это )?(?:також |также )?"
                         + _SPEECH + rf"(?: {_PREP})? (?P<who>.+)$")
_WHO_FIRST = re.compile(rf"^(?:(?:як|как) )?(?:{_PREP} )?(?P<who>\S+(?: \S+){{0,5}}?) "
                        r"(?:також |также |вже |уже |офіційно |официально )?" + _SPEECH
                        + r"(?: (?:що|что|про|о|об))?(?= |$)")
_DENIAL = re.compile(r"\b" + _LEX.alternation("denial") + r"\b")
_ATTEMPT = re.compile(r"\b" + _LEX.alternation("attempt") + r" (?:\S+ )?$")
_NEGATED = re.compile(r"(?:^|\s)" + _LEX.alternation("negation") + r" (?:\S+ )?$")
_NO_EVENT = re.compile(r"\b(?:" + "|".join(
    p for n in ("hypothetical", "habitual", "no_comment") for p in _LEX.phrases(n)) + r")\b")
_PLANNED = re.compile(r"\b" + _LEX.alternation("planned") + r"\b")
_ANALYST = re.compile(r"\b" + _LEX.alternation("analyst") + r"\b")
_ANAPHOR = re.compile(r"\b" + _LEX.alternation("anaphor") + r"\b")
_ALSO = re.compile(r"^\S*\s*" + _LEX.alternation("also") + r"\b")
_SEGMENT_END = re.compile(r"[,;]\s+(?:[—–-]+\s+)?|\s+[—–-]+\s+")
_AND_VERB = re.compile(r"\s(?:і|й|та|и|а також|а также)\s(?=(?P<word>[^\W\d]+))")
""""... просунулися до Покровська та обстріляли Мирноград": a conjunction before a finite
verb starts a new clause (its own kind); before a noun ("Харків і Одесу") it does not."""
_REPEL = re.compile(r"\b(?:відбити|відбивати|отразить|отбить|отражать|відбиватися)\b")
_DIRECTION = re.compile(r"\s*(?:напрям\w*|направлени\w*)")
WEAK_PRIORITY = 90
"""Rules from this priority on (civilians, residents) are weak: casualties of the event
before in the same sentence are part of it, not a second event."""
_COLON_SPEAKER = re.compile(r"^(?P<who>[^:,.]{2,40}):\s+")
_STOP = frozenset("у в во на що что це это але проте однак но однако і и а як как також "
                  "также про об о із из з с вже уже".split())
MAX_SPEAKER_WORDS = 6


@dataclass
class _Part:
    """A clause with its lemmas (of the content: the reporting words blanked)."""

    clause: Clause
    view: LemmaView


class CyrillicRules:
    """The compiled Ukrainian/Russian rule tables (bundled by default)."""

    def __init__(self, kind_rules: list[KindRule] | None = None,
                 actor_rules: list[ActorRule] | None = None) -> None:
        self.kind_rules = kind_rules if kind_rules is not None else load_kind_rules(
            load_rule_table("event_kinds_cyrillic"), label("rules", "event_kinds_cyrillic.csv"))
        self.actor_rules = actor_rules if actor_rules is not None else load_actor_rules(
            load_rule_table("actors_cyrillic"), label("rules", "actors_cyrillic.csv"))
        self._kinds = [(re.compile(r.pattern), r) for r in self.kind_rules
                       if not r.pattern.startswith("@")]
        self._actors = [(re.compile(r.pattern, re.IGNORECASE), r) for r in self.actor_rules]
        self._trigger = re.compile("|".join(f"(?:{r.pattern})" for _, r in self._kinds))
        add_vocabulary(*(r.pattern for r in self.kind_rules), *(r.pattern for r in
                                                               self.actor_rules),
                       *(p for name in _LEX.lists for p in _LEX.lists[name]))

    def actors(self, view: LemmaView) -> list[ActorRule]:
        """Actor rows found in ``view`` (its lemmas or its lower-cased words), text order."""
        hay = view.string + " | " + " ".join(view.words).lower()
        seen, found = set(), []
        for pattern, rule in self._actors:
            if rule.actor not in seen:
                hit = pattern.search(hay)
                if hit:
                    seen.add(rule.actor)
                    found.append((hit.start() % (len(view.string) + 3), rule))
        return [rule for _, rule in sorted(found, key=lambda p: p[0])]

    def kind(self, view: LemmaView) -> tuple[KindRule, int] | None:
        """The first rule matching the clause's lemmas and where (an offset in its text)."""
        for pattern, rule in self._kinds:
            for found in pattern.finditer(view.string):
                before = view.string[:found.start()]
                if rule.kind in (EventKind.CAPTURE_CLAIM, EventKind.WITHDRAWAL):
                    if _ATTEMPT.search(before):
                        ground = next((r for _, r in self._kinds
                                       if r.kind is EventKind.GROUND_FIGHTING), None)
                        if ground is not None:
                            return ground, view.text_start(found.start())
                        continue
                    if _NEGATED.search(before):
                        continue
                return rule, view.text_start(found.start())
        return None

    # -- clauses ----------------------------------------------------------------------------

    def clauses(self, text: str, language: str) -> list[_Part]:
        """The segments of sentence ``text`` as clauses (roles, speakers, reports)."""
        cuts = [0]
        colon = _COLON_SPEAKER.match(text)
        if colon and self.actors(LemmaView(colon.group("who"), language)):
            cuts.append(colon.end())
        cuts += [m.end() for m in _SEGMENT_END.finditer(text) if m.end() > cuts[-1]]
        cuts += [m.start() + 1 for m in _AND_VERB.finditer(text) if m.start() > cuts[1 if
                 colon else 0] and is_verb(m.group("word"), language)]
        cuts = sorted(set(cuts))
        cuts.append(len(text))
        parts = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            if b > a and text[a:b].strip(" ,;.!?—–-«»\"“”"):
                parts.append(self._clause(text, a, b, language, colon is not None and a == 0
                                          and b == colon.end()))
        return parts

    def _clause(self, text: str, a: int, b: int, language: str, colon: bool) -> _Part:
        full = text[a:b]
        view = LemmaView(full, language)
        clause = Clause(a, b, full)
        if colon:
            clause.speaker, clause.report, clause.role = view.surface(0, len(view.string)), \
                (a, b), "report"
            return _Part(clause, LemmaView(" " * len(full), language))
        s = view.string
        if _DENIAL.search(s):
            clause.role, clause.denier = "denial", self._party(view)
            clause.content = " " * len(full)
            return _Part(clause, LemmaView(clause.content, language))
        for pattern, whole in ((_ACCORDING, True), (_VERB_FIRST, True), (_WHO_FIRST, False)):
            found = pattern.match(s)
            if not found or not self._plausible(view, found.start("who"), found.end("who"),
                                                capital=not whole):
                continue
            clause.speaker = _speaker(view, found.start("who"), found.end("who"))
            end = len(full) if whole else view.text_end(found.end())
            clause.report = (a, a + end)
            content = " " * end + full[end:]
            if not content.strip(" ,;.!?—–-«»\"“”"):
                clause.role = "report"
            clause.content = content
            return _Part(clause, LemmaView(content, language))
        return _Part(clause, view)

    def _plausible(self, view: LemmaView, a: int, b: int, *, capital: bool) -> bool:
        """Whether ``string[a:b]`` can be a claimant: short, no event wording, and (for a
        name before its verb, ``capital``) a capitalised word or a known actor."""
        who = view.string[a:b]
        if not who or len(who.split()) > MAX_SPEAKER_WORDS or self._trigger.search(who):
            return False
        if not capital:
            return True
        first = view.words[view.token_at(a)]
        return first[:1].isupper() or bool(self.actors(LemmaView(view.surface(a, b),
                                                                 view.language)))

    def _party(self, view: LemmaView) -> str:
        """Who a denial names: its capitalised words in the nominative ("у Києві" -> "Київ")."""
        picked = [i for i, w in enumerate(view.words)
                  if w[:1].isupper() and view.string.split(" ")[i] not in _STOP]
        if not picked:
            found = self.actors(view)
            return found[0].actor if found else ""
        first, last = picked[0], picked[-1]
        if last - first >= MAX_SPEAKER_WORDS:
            last = first
        return view.surface(view.starts[first], view.starts[last] + 1)

    # -- one sentence -------------------------------------------------------------------------

    def sentence(self, ex: EventExtractor, article: Article, sent: Sentence, context: Context,
                 language: str) -> tuple[list[Event], str]:
        """The events of one sentence and who denies the sentence before ("" if nobody)."""
        whole = LemmaView(sent.text, language)
        found_actors: list[ActorRule] | None = None

        def actors() -> list[ActorRule]:
            nonlocal found_actors
            if found_actors is None:
                found_actors = self.actors(whole)
            return found_actors

        parts = self.clauses(sent.text, language)
        speaker = next((p.clause.speaker for p in parts if p.clause.speaker), "")
        if not speaker and _ALSO.search(whole.string):
            speaker = context.last
        elif speaker:
            context.speaker = speaker
        context.last = speaker
        denier = next((p.clause.denier for p in parts if p.clause.role == "denial"), "")
        last_denial = max((i for i, p in enumerate(parts) if p.clause.role == "denial"),
                          default=-1)
        owns = {i: resolve_when_cyrillic(p.view, article.published, previous=context.day)
                for i, p in enumerate(parts) if p.clause.role == "event"}
        sentence_when = next((w for w in owns.values() if w.explicit), None)
        said_when = next((w for p in parts if p.clause.report for w in [resolve_when_cyrillic(
            LemmaView(sent.text[p.clause.report[0]:p.clause.report[1]], language),
            article.published, previous=context.day)] if w.explicit), None)
        starts = [t.mention.start for t in sent.toponyms]
        events: list[Event] = []
        carried: tuple[list, KindRule | None, When | None] = ([], None, None)
        for index, part in enumerate(parts):
            clause, view = part.clause, part.view
            if clause.role != "event":
                continue
            found = self.kind(view)
            rule = found[0] if found else carried[1]
            if rule is None:
                continue
            if found and found[0].priority >= WEAK_PRIORITY and carried[0]:
                continue  # "..., загинули двоє цивільних": the casualties of that strike
            places = _without_directions(ex._places(sent, clause, found[0] if found else None,
                                                    context, actors, starts), sent)
            repelled = not places and context.recent and _REPEL.search(view.string)
            if not places and context.recent and (_ANAPHOR.search(view.string) or repelled):
                top = context.recent[0].place
                places = [(top, top.confidence * 0.8)]
                if repelled and (clause.speaker or speaker):
                    context.repelled_by = clause.speaker or speaker
            if found and _NO_EVENT.search(view.string):
                carried = ([], None, None)
                continue
            if found is None and not places:
                continue
            inherited = not places and bool(carried[0])
            if inherited:
                places = carried[0]
            own = owns[index]
            when = (own if own.explicit else carried[2] if carried[2] is not None
                    and carried[2].explicit else sentence_when or said_when or own)
            carried = (places, rule, when)
            if not places:
                continue
            status, claimed_by = self._status(view, clause.speaker or speaker)
            denied = ""
            if denier and index < last_denial and status in (ClaimStatus.CLAIMED,
                                                             ClaimStatus.CONFIRMED):
                status, denied = ClaimStatus.DISPUTED, denier
            end = when.end
            for place, conf in places:
                event = ex._event(article, sent, rule.kind, place,
                                  conf * (0.85 if inherited else 1.0), when, end, status,
                                  claimed_by, denied, actors)
                events.append(replace(event, summary=f"{place.name}: {event.summary}"))
        if not events and not denier:
            events = self._statement(ex, article, sent, parts, context, actors, speaker,
                                     language)
        if events:
            context.day = events[-1].day
        return events, denier if not events else ""

    def _status(self, view: LemmaView, who: str) -> tuple[ClaimStatus, str]:
        if view.has_future() or _PLANNED.search(view.string):
            return ClaimStatus.PLANNED, who
        if who:
            analyst = _ANALYST.search(LemmaView(who, view.language).string)
            return (ClaimStatus.ASSESSED if analyst else ClaimStatus.CLAIMED), who
        return ClaimStatus.CONFIRMED, ""

    def _statement(self, ex: EventExtractor, article: Article, sent: Sentence,
                   parts: list[_Part], context: Context, actors: Callable[[], list[ActorRule]],
                   speaker: str, language: str) -> list[Event]:
        """A person's words with nothing else in the sentence: where said, else the seat."""
        if not speaker:
            return []
        people = [a for a in self.actors(LemmaView(speaker, language)) if a.type == "person"]
        if not people:
            return []
        reports = [p.clause.report for p in parts if p.clause.report]
        place, conf = None, 0.0
        for t in sent.toponyms:
            rel = t.mention.start - sent.start
            if any(a <= rel < b for a, b in reports) and re.search(
                    r"(?:^|\s)(?:у|в|во|на)\s+$", sent.text[max(0, rel - 4):rel]):
                place, conf = t.place, t.place.confidence
                break
        if place is None:
            place = ex.seat(people[0].seat)
            conf = 0.7
        if place is None:
            return []
        when = resolve_when_cyrillic(LemmaView(sent.text, language), article.published,
                                     previous=context.day)
        event = ex._event(article, sent, EventKind.STATEMENT, place, conf, when, when.end,
                          ClaimStatus.CLAIMED, speaker, "", actors)
        return [replace(event, summary=f"{place.name}: {event.summary}")]


def _without_directions(places: list, sent: Sentence) -> list:
    """Places named only as a front's direction ("на Куп'янському напрямку") are left out
    when the clause names a town as well ("біля Синьківки на Куп'янському напрямку")."""
    if len(places) < 2:
        return places
    directions = {t.place.name for t in sent.toponyms
                  if _DIRECTION.match(sent.text, t.mention.end - sent.start)}
    kept = [p for p in places if p[0].name not in directions]
    return kept or places


def _speaker(view: LemmaView, a: int, b: int) -> str:
    """The claimant's words, nominative, a leading preposition left out."""
    words = view.string[a:b].split(" ")
    skip = 0
    while skip < len(words) - 1 and words[skip] in _STOP:
        skip += 1
    start = a + sum(len(w) + 1 for w in words[:skip])
    for index in range(skip + 1, len(words)):
        if words[index] in ("у", "в", "во", "на"):  # "Зеленський у Києві": where, not who
            b = start + len(" ".join(words[skip:index]))
            break
    return view.surface(start, b).strip(" ,.")
