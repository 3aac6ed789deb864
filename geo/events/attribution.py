"""Who a sentence is attributed to: a quoted speaker, "according to ...", "X said".

Claimed by that party when found; :func:`is_person` tells a person (whose quote may make a
statement event) from an institution; :func:`claim_status` decides planned, claimed or
confirmed.
"""

from __future__ import annotations

import re

from geo.events.clauses import Clause
from geo.events.lexicon import INSTITUTION_WORDS, REPORTEDLY, SPEECH
from geo.events.rules import ActorRule, KindRule
from geo.models import ClaimStatus, EventKind

_QUOTE_SPEAKER = re.compile(
    r"[”\"’'],?\s+(?P<who>[^.”\"]{1,120}?)\s*,?\s+(?:" + SPEECH
    + r"|was quoted as saying|(?:had|has) said)\b")
_QUOTE_SPEAKER_AFTER = re.compile(r"[”\"],?\s+" + SPEECH + r"\s+(?P<who>[^,.]{1,80})")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<who>[^,.]{1,80})")
_LEADING = re.compile(r"^\s*(?:[A-Z][a-z]+ly,\s+|Meanwhile,\s+|But\s+|And\s+)?"
                      r"(?P<who>[A-Z][^,.;:“”\"]{0,80}?)\s+(?:(?:has|had|have)\s+)?"
                      + SPEECH + r"\b")
_TRAILING = re.compile(r",\s+(?P<who>[^,“”\"]{2,80}?)\s+" + SPEECH
                       + r"\b[^,]*\.?\s*$")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z'’. -]{2,}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)]{1,40}\))?"
                      r"\s*[-–—]+\s*")
_PRESUPPOSED = re.compile(r"\b(?:after|before|when|once|until)\s+(?:\S+\s+){0,3}$",
                          re.IGNORECASE)
_PLANNED = re.compile(
    r"\b(?:will|would|shall|is to|are to|is due to|are due to|was due to|were due to|"
    r"plans? to|planned to|planning to|intends? to|intended to|is expected to|are expected to|"
    r"is set to|are set to|is scheduled to|are scheduled to|to host|prepar\w+ to|next week|"
    r"proposed|upcoming|planned|"
    r"next month|tomorrow)\b", re.IGNORECASE)
MAX_SPEAKER_WORDS = 10
"""A longer "speaker" is a clause the patterns caught by mistake, not a name."""


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
            if who and len(who.split()) <= MAX_SPEAKER_WORDS:
                return who, False
    if REPORTEDLY.search(sentence):
        return "unnamed reports", False
    return "", False


def is_person(who: str, actors: list[ActorRule]) -> bool:
    """Whether speaker ``who`` is a person: by the actor table first, else by its form (a
    capitalised name of two or more words, or one word, and no institution word)."""
    for rule in actors:
        if re.search(rule.pattern, who):
            return rule.type == "person"
    if not who or who[0].islower() or INSTITUTION_WORDS.search(who):
        return False
    return bool(re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b", who)) or len(who.split()) == 1


def claim_status(rule: KindRule, who: str, clause: Clause,
                 before: str) -> tuple[ClaimStatus, str]:
    """(status, claimant): planned for what is to happen; claimed by the speaker unless the
    claim is presupposed ("after Russia took ..."); else the reporter's own voice."""
    if _PLANNED.search(clause.content):
        return ClaimStatus.PLANNED, "" if who == "unnamed reports" else who
    if who and not (rule.kind in (EventKind.CAPTURE_CLAIM, EventKind.WITHDRAWAL)
                    and _PRESUPPOSED.search(before)):
        return ClaimStatus.CLAIMED, who
    return ClaimStatus.CONFIRMED, ""
