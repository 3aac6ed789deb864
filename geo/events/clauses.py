"""A sentence cut into clauses, each with its reporting clause taken out.

"Russian forces attacked near Synkivka on Tuesday, the General Staff said, while Ukrainian
units pushed forward near Bakhmut" is two event clauses sharing one claimant; in "Russia's
defence ministry claimed its troops had taken Marinka, a claim Kyiv denied" the second
clause is a **denial**; in "Russia said its forces had advanced near Vuhledar, but Ukrainian
officials said the attacks had been repelled" the second is a **contrast** (a denial too).
A reporting clause ("Kyiv said", "according to the General Staff", "it added") names the
claimant and is blanked out of the clause's content (same length, so offsets still point
into the sentence): a place inside it is never the event's place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.events.lexicon import REPORTEDLY, SPEECH

_SPLIT = re.compile(
    r";\s+|,\s+(?=(?:while|but|and|as|where|whereas|although|though|a claim|which|including|"
    r"after|before|since|despite|amid|days|weeks|"
    r"[a-z]+ing)\b)|\s+(?=(?:while|whereas)\s)|\s+(?=but\s+[A-Z])")
_REPORT_VERB = SPEECH[:-1] + "|assessed|assesses|accused|accuses|blamed|blames|insisted|" \
    r"rejected|dismissed|was quoted as saying)"
_TAIL = (r"(?P<tail>(?:\s+(?:late |early )?on\s+\w+day)?(?:\s+(?:in|at|on|during)\s+"
         r"(?:a|an|its|his|her|their|the)\s+[\w' -]{1,40}?)?(?:\s+on\s+\w+day)?)")
_LEADING = re.compile(
    r"^\s*(?P<lead>(?:while|but|and|as|whereas|although|though|[A-Z][a-z]+ly,|Meanwhile,|In \w+,|"
    r"As [^,;]{1,60},)\s+)?"
    r"(?P<who>(?:[A-Z]|the\s|a\s|an\s|his\s|her\s|its\s)[^,;:“”\"]{0,80}?)\s+"
    r"(?:(?:has|had|have)\s+)?(?:also\s+|repeatedly\s+)?(?P<verb>" + _REPORT_VERB + r")\b"
    + _TAIL + r"(?P<that>\s+that\b)?")
_TOLD = (r"(?:\s+(?:reporters|journalists|[Tt]he\s+[\w'’ -]{1,40}?|"
         r"(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)*))?")
"""Whom a speaker told ("told Reuters", "told the Reuters news agency")."""
_TRAILING = re.compile(
    r",\s+(?P<who>[^,;“”\"]{2,80}?)(?:,\s+(?:a|an|the)\s+[^,;“”\"]{2,60}?,)?\s+"
    r"(?:(?:has|had)\s+)?(?P<verb>" + _REPORT_VERB + r")\b" + _TOLD + _TAIL + r"\s*[.!]?\s*$")
"""", the General Staff said." and ", Oleksandr Shtupun, a military spokesman, said."."""
_ACCORDING = re.compile(r",?\s*\b[Aa]ccording to (?P<who>[^,.;]{1,80})")
_PASSIVE = re.compile(r"\b(?:were|was|have been|has been) (?:also )?reported\b")
_DENIAL_START = re.compile(
    r"^\s*(?:a claim|which|something|an allegation|a report)\s+(?:that\s+)?"
    r"(?P<who>[^,;]{1,60}?)\s+(?:has\s+|had\s+|have\s+)?(?:also\s+|repeatedly\s+)?"
    r"(?:denied|denies|rejected|rejects|dismissed|disputed|disputes)\b")
_DENIAL_VERBS = re.compile(r"^(?:denied|denies|rejected|dismissed|disputed)$")
_CONTRAST_WORDS = re.compile(
    r"\b(?:repelled|repulsed|false|untrue|not true|no truth|fake|denied|accused|blamed|itself|"
    r"sabotage|provocation|had not fallen|still held|remains? under)\b", re.IGNORECASE)
_CONTRAST_LEAD = re.compile(r"^\s*(?:but|while|whereas|although|though)\b")
_SIDE_CLAUSE = re.compile(r"^\s*(?:blaming|citing|accusing|saying|adding|calling|rejecting|"
                          r"denying|claiming|insisting|urging|warning|vowing|noting)\b")
PRONOUNS = frozenset({"it", "he", "she", "they", "we"})
MAX_SPEAKER_WORDS = 10
"""A longer "speaker" is a clause the patterns caught by mistake, not a name."""


@dataclass
class Clause:
    """One clause of a sentence: ``content`` is the clause with its reporting clause blanked."""

    start: int
    end: int
    content: str
    speaker: str = ""
    report: tuple[int, int] | None = None
    """Span (in the sentence) of the reporting clause, with its own date wording."""
    role: str = "event"
    """``event``, ``denial`` (a claim someone denies), ``contrast`` (but X said the attacks
    were repelled) or ``side`` (a participle of speech: "blaming Kyiv")."""
    denier: str = ""


def clean_speaker(who: str) -> str:
    """A speaker's name without leading articles, dates and trailing words."""
    who = re.sub(r"\s+", " ", who).strip(" ,")
    who = re.sub(r"\s+(?:late |early )?on\s+\w+day\b.*$", "", who)
    who = re.sub(r"^(?:the|a claim)\s+", "", who)
    return who


def _plausible(who: str, kind_trigger: re.Pattern[str] | None) -> bool:
    who = who.strip()
    if not who or len(who.split()) > MAX_SPEAKER_WORDS:
        return False
    return not (kind_trigger and kind_trigger.search(who))


def _blank(text: str, a: int, b: int) -> str:
    return text[:a] + " " * (b - a) + text[b:]


def split_clauses(sentence: str, trigger: re.Pattern[str] | None = None) -> list[Clause]:
    """The clauses of ``sentence`` with their speakers, roles and content (see module doc);
    ``trigger`` (any event wording) keeps an event clause from being read as a speaker."""
    cuts = [0] + [m.end() for m in _SPLIT.finditer(sentence)] + [len(sentence)]
    clauses = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if b <= a:
            continue
        clauses.append(_clause(sentence, a, b, trigger))
    return clauses


def _clause(sentence: str, a: int, b: int, trigger: re.Pattern[str] | None) -> Clause:
    full = sentence[a:b]
    text = full[:len(full.rstrip(" ,;.!"))]
    content = full
    clause = Clause(a, b, content)
    denial = _DENIAL_START.match(text)
    if denial:
        clause.role, clause.denier = "denial", clean_speaker(denial.group("who"))
        clause.content = " " * len(full)
        return clause
    if _SIDE_CLAUSE.match(text):
        clause.role = "side"
    found = _TRAILING.search(text)
    if found and _plausible(found.group("who"), trigger):
        clause.speaker = clean_speaker(found.group("who"))
        clause.report = (a + found.start(), a + found.end())
        content = _blank(content, found.start(), found.end())
    else:
        found = _LEADING.match(text)
        if found and _plausible(found.group("who"), trigger):
            clause.speaker = clean_speaker(found.group("who"))
            start = found.start("who")
            clause.report = (a + start, a + found.end())
            content = _blank(content, start, found.end())
            if _DENIAL_VERBS.match(found.group("verb")):
                clause.role, clause.denier = "denial", clause.speaker
            elif _CONTRAST_LEAD.match(text) and _CONTRAST_WORDS.search(
                    found.group("verb") + " " + text[found.end():]):
                clause.role, clause.denier = "contrast", clause.speaker
    according = _ACCORDING.search(content)
    if according and not clause.speaker:
        clause.speaker = clean_speaker(according.group("who"))
        clause.report = (a + according.start(), a + according.end())
        content = _blank(content, according.start(), according.end())
    if not clause.speaker and (_PASSIVE.search(content) or REPORTEDLY.search(content)):
        clause.speaker = "unnamed reports"
    clause.content = content
    return clause
