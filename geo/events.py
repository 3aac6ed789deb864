"""Article + resolved places -> proposed, dated events (pure; rules in ``seeds/rules``).

One event per sentence that names a place (or refers back to one: "the city", "the town")
and matches a kind rule (``seeds/rules/event_kinds.csv``: first matching rule by priority;
no match, no event). For each event:

* **place**: the most specific literal place of the sentence; a capital used for its
  government only for statements and diplomacy; judicial events at the court's seat; when
  the sentence names only countries, the seat of its first actor ("Xi" -> Beijing);
* **date** (:func:`resolve_date`): explicit dates, "on Monday" (the Monday on or before
  publication), yesterday, today, tomorrow, last/this/next week, else the publication day;
  a rule's ``days`` gives an end date (state visits last three days);
* **actors** (``seeds/rules/actors.csv``), **claim status** from attribution ("Ukraine
  said", a quote followed by "Prigozhin said", "according to ..."): claimed by that party;
  unattributed battlefield news is the outlet's assessment, other unattributed news is
  confirmed; a capital's own statement is confirmed as a statement;
* **quote**: the sentence itself; **confidence** from the place, the date and the wording.

Events sharing day, place and kind are merged (statements only when the speaker matches).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from geo.errors import InputError
from geo.geoparse import Geoparser, Toponym, sentence_starts
from geo.models import Article, ClaimStatus, Event, EventKind, Place

EVENT_LAYER = "articles"
_SPECIFIC = {"city": 0, "facility": 0, "island": 0, "admin1": 1, "river": 2, "sea": 2,
             "region": 2, "country": 3, "continent": 4}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:\s*(?:-|–|to|and)\s*(\d{{1,2}}))?\s+({_MONTH_RE})\.?(?:\s+(\d{{4}}))?\b",
    re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:\s*(?:-|–|to)\s*(\d{{1,2}}))?(?:st|nd|rd|th)?"
    rf"(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ANAPHOR = re.compile(r"\b(?:the (?:city|town|village|settlement|area|region|plant|port)|there)\b",
                      re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|may)\b", re.IGNORECASE)
_SPEECH = r"(?:said|says|say|told|tells|added|claimed|claims|reported|reports|announced|" \
          r"denied|acknowledged|warned|stated|wrote|posted)"
_QUOTE_SPEAKER = re.compile(
    r"[”\"’'],?\s+(?P<who>[^.”\"]{1,120}?)\s*,?\s+(?:" + _SPEECH
    + r"|was quoted as saying|(?:had|has) said)\b")
_QUOTE_SPEAKER_AFTER = re.compile(r"[”\"],?\s+" + _SPEECH + r"\s+(?P<who>[^,.]{1,80})")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<who>[^,.]{1,80})")
_LEADING = re.compile(r"^\s*(?:[A-Z][a-z]+ly,\s+|Meanwhile,\s+|But\s+|And\s+)?"
                      r"(?P<who>[A-Z][^,.;:“”\"]{0,80}?)\s+(?:(?:has|had|have)\s+)?"
                      + _SPEECH + r"\b")
_TRAILING = re.compile(r",\s+(?P<who>[^,“”\"]{2,80}?)\s+" + _SPEECH
                       + r"\b[^,]*\.?\s*$")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z'’. -]{2,}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)]{1,40}\))?"
                       r"\s*[-–—]+\s*")
_REPORTEDLY = re.compile(r"\b(?:reportedly|is said to|are said to|according to reports)\b",
                         re.IGNORECASE)
_PRESUPPOSED = re.compile(r"\b(?:after|before|when|once|until)\s+(?:\S+\s+){0,3}$",
                          re.IGNORECASE)
_INSTITUTION_WORDS = re.compile(
    r"\b(?:military|ministry|forces|army|staff|command|government|officials|office|"
    r"administration|agency|media|service|spokes\w*|authorities|source|sources|people|"
    r"governor|mayor|police|command|it|they|he|she|we)\b", re.IGNORECASE)
_SPEAKS = re.compile(
    r"(?:\s+(?:has|have|had|is|was|will|would|could|can|may|might|must|should|also|been|"
    r"and|not|\w+ly))*\s+(?:said|says|say|denied|denies|warned|warns|insisted|insists|"
    r"announced|announces|accused|accuses|rejected|rejects|claimed|claims|urged|urges|"
    r"confirmed|confirms|called|calls|responded|condemned|dismissed|believes|encourag\w+|"
    r"refused|agreed|promised|pledged|threatened|vowed|wants|demanded|told|hear|reject|"
    r"respond|retaliate|sent|supplied|provided|approved|imposed|expects|signalled|signaled)\b")
_BATTLEFIELD = {EventKind.GROUND_FIGHTING, EventKind.SHELLING_STRIKE, EventKind.CAPTURE_CLAIM,
                EventKind.WITHDRAWAL}


@dataclass(frozen=True)
class KindRule:
    """One row of the kind rule table."""

    priority: int
    kind: EventKind
    pattern: str
    days: int
    note: str = ""

    def matches(self, sentence: str, flags: set[str]) -> re.Match[str] | bool | None:
        """A match (or True for the special patterns) when the rule fires on ``sentence``."""
        if self.pattern.startswith("@"):
            return self.pattern[1:] in flags
        return re.search(self.pattern, sentence, re.IGNORECASE)


@dataclass(frozen=True)
class ActorRule:
    """One row of the actor table."""

    pattern: str
    actor: str
    type: str
    seat: str = ""


def _csv_rows(text: str, src: str, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise InputError(f"missing columns: {', '.join(missing)}", source=src, item=0,
                         field=missing[0])
    rows = []
    for number, row in enumerate(reader, start=1):
        first = (row.get(columns[0]) or "").strip()
        if not first or first.startswith("#"):
            continue
        rows.append((number, {k: (v or "").strip() for k, v in row.items() if k}))
    return rows


def load_kind_rules(text: str | None = None, src: str = "seeds/rules/event_kinds.csv",
                    *, extra: str | None = None) -> list[KindRule]:
    """The kind rule table (bundled by default) plus ``extra`` rows, sorted by priority."""
    if text is None:
        from seeds import load_rule_table

        text = load_rule_table("event_kinds")
    rules = []
    for chunk, where in ((text, src), (extra, "extra rules")):
        if not chunk:
            continue
        for number, row in _csv_rows(chunk, where, ("priority", "kind", "pattern", "days")):
            try:
                kind = EventKind(row["kind"])
            except ValueError as exc:
                raise InputError(f"unknown kind {row['kind']!r}", source=where, item=number,
                                 field="kind") from exc
            try:
                priority, days = int(row["priority"]), int(row["days"] or 1)
            except ValueError as exc:
                raise InputError(f"not a whole number: {exc}", source=where, item=number,
                                 field="priority") from exc
            if not row["pattern"].startswith("@"):
                try:
                    re.compile(row["pattern"])
                except re.error as exc:
                    raise InputError(f"bad regular expression: {exc}", source=where,
                                     item=number, field="pattern") from exc
            rules.append(KindRule(priority, kind, row["pattern"], max(1, days),
                                  row.get("note", "")))
    return sorted(rules, key=lambda r: r.priority)


def load_actor_rules(text: str | None = None,
                     src: str = "seeds/rules/actors.csv") -> list[ActorRule]:
    """The actor table (bundled by default)."""
    if text is None:
        from seeds import load_rule_table

        text = load_rule_table("actors")
    rules = []
    for number, row in _csv_rows(text, src, ("pattern", "actor", "type", "seat")):
        try:
            re.compile(row["pattern"])
        except re.error as exc:
            raise InputError(f"bad regular expression: {exc}", source=src, item=number,
                             field="pattern") from exc
        rules.append(ActorRule(row["pattern"], row["actor"], row["type"], row.get("seat", "")))
    return rules


# -- dates -------------------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _near_year(published: date, month: int, day: int) -> int:
    """The year that puts (month, day) closest to the publication date."""
    best = published.year
    for year in (published.year - 1, published.year, published.year + 1):
        a = _safe_date(year, month, day)
        b = _safe_date(best, month, day)
        if a and (b is None or abs((a - published).days) < abs((b - published).days)):
            best = year
    return best


def resolve_date(sentence: str, published: date) -> tuple[date, date | None, float]:
    """(day, end day or None, confidence) of what a sentence reports, from its wording."""
    low = sentence.lower()
    found = _ISO.search(sentence)
    if found:
        day = _safe_date(*map(int, found.groups()))
        if day:
            return day, None, 1.0
    for pattern, order in ((_DAY_MONTH, "dm"), (_MONTH_DAY, "md")):
        found = pattern.search(sentence)
        if not found:
            continue
        if order == "dm":
            d1, d2, month, year = found.groups()
        else:
            month, d1, d2, year = found.groups()
        m = _MONTHS.get(month.lower().rstrip("."))
        if not m:
            continue
        y = int(year) if year else _near_year(published, m, int(d1))
        start = _safe_date(y, m, int(d1))
        end = _safe_date(y, m, int(d2)) if d2 else None
        if start:
            return start, end if end and end > start else None, 1.0
    if "yesterday" in low or "last night" in low:
        return published - timedelta(days=1), None, 0.9
    if "tomorrow" in low:
        return published + timedelta(days=1), None, 0.8
    if "next week" in low:
        monday = published + timedelta(days=7 - published.weekday())
        return monday, None, 0.7
    if "last week" in low:
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, None, 0.6
    for index, name in enumerate(_WEEKDAYS):
        found = re.search(rf"\b(next |last |on |this )?{name}\b", low)
        if found:
            qualifier = (found.group(1) or "").strip()
            back = (published.weekday() - index) % 7
            if qualifier == "next":
                return published + timedelta(days=(index - published.weekday()) % 7 or 7), \
                    None, 0.8
            if qualifier == "last" and back == 0:
                back = 7
            return published - timedelta(days=back), None, 0.9
    return published, None, 0.8


# -- attribution -------------------------------------------------------------------------------


def _clean_speaker(who: str) -> str:
    who = re.sub(r"\s+", " ", who).strip(" ,").split(",")[0]
    who = re.sub(r"\s+(?:on|in|at)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                 r"Sunday).*$", "", who)
    return re.sub(r"^the\s+", "", who)


def attribution(sentence: str) -> tuple[str, bool]:
    """(who is quoted or credited, whether it follows a direct quote); ("", False) if none."""
    sentence = _DATELINE.sub("", sentence)
    quote = _QUOTE_SPEAKER.search(sentence)
    if quote and ("“" in sentence or sentence.count('"') >= 2):
        return _clean_speaker(quote.group("who")), True
    after = _QUOTE_SPEAKER_AFTER.search(sentence)
    if after and ("“" in sentence or sentence.count('"') >= 2):
        return _clean_speaker(after.group("who")), True
    for pattern in (_ACCORDING, _LEADING, _TRAILING):
        found = pattern.search(sentence)
        if found:
            who = _clean_speaker(found.group("who"))
            if who and len(who.split()) <= 10:
                return who, False
    if _REPORTEDLY.search(sentence):
        return "unnamed reports", False
    return "", False


def _is_person(who: str, actors: list[ActorRule]) -> bool:
    for rule in actors:
        if re.search(rule.pattern, who):
            return rule.type == "person"
    if not who or who[0].islower() or _INSTITUTION_WORDS.search(who):
        return False
    return bool(re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b", who)) or len(who.split()) == 1


# -- the extractor ------------------------------------------------------------------------------


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
        if quoted and _is_person(who, self.actor_rules):
            flags.add("quoted_person")
        speakers = [t for t in sent.toponyms if t.place.metonymic
                    and _SPEAKS.match(article.text, t.mention.end)]
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
        status, claimed_by = self._claim(rule, who, text, at, speakers)
        confidence = 0.9 * place_conf * date_conf
        if status is ClaimStatus.CLAIMED:
            confidence *= 0.9
        if _HYPOTHETICAL.search(text):
            confidence *= 0.7
        if title:
            confidence *= 0.8
        summary = " ".join(text.split())
        if len(summary) > 240:
            summary = summary[:237].rstrip() + "..."
        if end:
            summary += f" ({_span_label(day, end)})"
        values = dict(day=day, place=place, kind=rule.kind, summary=summary,
                      source=article.source, claim_status=status, claimed_by=claimed_by,
                      actors=tuple(a.actor for a in actors), source_date=article.published,
                      source_url=article.url or "", quote=text,
                      confidence=round(min(1.0, confidence), 2), article_id=article.id,
                      layer=EVENT_LAYER)
        if end and "end_day" in {f.name for f in fields(Event)}:
            values["end_day"] = end  # forward compatible with an optional Event.end_day
        return Event(**values)

    def _place(self, sent: _Sentence, rule: KindRule, recent: list[Toponym],
               court_seat: Place | None, actors: list[ActorRule],
               speakers: list[Toponym], trigger: int = 0) -> tuple[Place | None, float]:
        kind = rule.kind
        if not sent.toponyms and not _ANAPHOR.search(sent.text):
            return None, 0.0
        if kind is EventKind.JUDICIAL and court_seat is not None:
            return court_seat, 0.9
        if rule.pattern == "@metonymic_speaker" and speakers:
            return speakers[0].place, speakers[0].place.confidence
        usable = [t for t in sent.toponyms if not _is_dateline(t) and (
            not t.place.metonymic or kind in (EventKind.STATEMENT, EventKind.DIPLOMATIC))]
        usable.sort(key=lambda t: (_SPECIFIC.get(t.kind, 9), t.place.metonymic,
                                   t.mention.start < trigger))
        top = usable[0] if usable else None
        if top is not None and _SPECIFIC.get(top.kind, 9) <= 2:
            return top.place, top.place.confidence
        if _ANAPHOR.search(sent.text) and recent:
            return recent[0].place, recent[0].place.confidence * 0.8
        if kind in _BATTLEFIELD:
            return None, 0.0  # a country is too vague a place for fighting or strikes
        if kind in (EventKind.DIPLOMATIC, EventKind.JUDICIAL, EventKind.STATEMENT):
            for actor in actors:
                seat = self.seat(actor.seat)
                if seat is not None:
                    return seat, 0.7
        if top is not None:
            return top.place, top.place.confidence * 0.7
        return None, 0.0

    def _claim(self, rule: KindRule, who: str, text: str, at: int,
               speakers: list[Toponym]) -> tuple[ClaimStatus, str]:
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
