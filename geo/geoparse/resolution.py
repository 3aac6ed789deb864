"""Steps 3 and 4: choose each mention's place, then tell a capital's government from the city.

3. **resolve**: first the forms that decide the kind: city vs oblast ("Donetsk region",
   "Donetsk and Luhansk regions"), river vs city ("the Dnipro"), qualifiers ("Paris,
   Texas", "Andriivka, Donetsk region"); then candidates ranked by
   :mod:`geo.geoparse.scoring` (population, theatre prior, kind) and re-ranked by
   nearness to the text's unambiguous places.
4. **metonymy**: a capital used for its government ("Washington said", "Moscow's
   invasion") stays a place and is flagged ``metonymic``.
"""

from __future__ import annotations

import re

from geo.gazetteer import (
    ADMIN1,
    CITY,
    CONTINENT,
    COUNTRY,
    E_CAPITAL,
    FACILITY,
    ISLAND,
    RIVER,
    Candidate,
    Gazetteer,
    fold,
)
from geo.geoparse.candidates import Match
from geo.geoparse.lexicon import (
    AUX,
    GOVERNMENT_NOUNS,
    LITERAL_BEFORE,
    METONYMIC_BEFORE,
    METONYMIC_VERBS,
    MODALS,
)
from geo.geoparse.scoring import (
    CLEAR_MARGIN,
    MAX_CANDIDATES,
    base_score,
    context_bonus,
)

_REGION_OF = re.compile(r"\b(?:region|oblast|province)\s+of\s+$", re.IGNORECASE)
_PLURAL_REGIONS = re.compile(r"\s+(?:regions|oblasts|provinces)\b", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*and|&|,?\s*or)\s*$")
_QUALIFIER_GAP = re.compile(r"^\s*,\s*$|^\s+in\s+(?:the\s+)?$")
_ANCHOR_KINDS = (CITY, ADMIN1, FACILITY, ISLAND)
"""Kinds precise enough to anchor the text's other places (not countries, seas, regions)."""


def special_forms(gaz: Gazetteer, text: str, matches: list[Match]) -> None:
    """City vs oblast, river vs city, qualifiers: narrows ``cands`` or sets ``force_kind``."""
    for k, m in enumerate(matches):
        key = " ".join(fold(m.surface).split())
        kinds = {gaz.kind[c.index] for c in m.cands}
        before = text[max(0, m.start - 20):m.start]
        if key in gaz.stems and (_REGION_OF.search(before)
                                 or _PLURAL_REGIONS.match(text, m.end)):
            _to_oblast(gaz, m, key)
            if _PLURAL_REGIONS.match(text, m.end):
                j = k
                while j > 0 and _LIST_GAP.match(text[matches[j - 1].end:matches[j].start]):
                    j -= 1
                    prev_key = " ".join(fold(matches[j].surface).split())
                    if prev_key in gaz.stems:
                        _to_oblast(gaz, matches[j], prev_key)
        if RIVER in kinds and len(kinds) > 1:
            tail = text[m.end:m.end + 8].lower()
            river = (re.search(r"\b(?:the|river)\s+$", before, re.IGNORECASE)
                     or tail.startswith((" river", " delta", " bank")))
            city = re.search(r"\bcity of\s+$", before, re.IGNORECASE) or tail.startswith(
                " city")
            m.force_kind = RIVER if river and not city else CITY
    _same_kind_lists(gaz, text, matches)
    for a, b in zip(matches, matches[1:], strict=False):
        gap = text[a.end:b.start]
        if not _QUALIFIER_GAP.match(gap):
            continue
        b_kinds = [c for c in b.cands if gaz.kind[c.index] in (COUNTRY, ADMIN1)]
        if not b_kinds:
            continue
        for qual in sorted(b_kinds, key=lambda c: -base_score(gaz, c)):
            cc, admin1 = gaz.cc[qual.index], gaz.admin1[qual.index]
            inside = [c for c in a.cands if gaz.cc[c.index] == cc and gaz.kind[c.index]
                      not in (COUNTRY, CONTINENT)
                      and (gaz.kind[qual.index] == COUNTRY or not admin1
                           or gaz.admin1[c.index] == admin1)]
            if inside:
                a.cands = inside
                b.cands = [qual]
                break


def _same_kind_lists(gaz: Gazetteer, text: str, matches: list[Match]) -> None:
    """In a list ("Georgia and Alabama", "Ontario, Quebec and Manitoba") a name that may be a
    first-level region of the country whose region a neighbour surely is, is that region."""
    for a, b in zip(matches, matches[1:], strict=False):
        if not _LIST_GAP.match(text[a.end:b.start]):
            continue
        for one, other in ((a, b), (b, a)):
            kinds = {gaz.kind[c.index] for c in other.cands}
            sure = {gaz.cc[c.index] for c in other.cands if gaz.kind[c.index] == ADMIN1}
            if not sure or len(sure) > 1 or COUNTRY in kinds:
                continue
            inside = [c for c in one.cands if gaz.kind[c.index] == ADMIN1
                      and gaz.cc[c.index] in sure]
            if inside and len(inside) < len(one.cands):
                one.cands = inside


def _to_oblast(gaz: Gazetteer, m: Match, key: str) -> None:
    m.cands = [Candidate(gaz.stems[key], False, True, False)]


def resolve(gaz: Gazetteer, matches: list[Match]) -> None:
    """Score every mention's candidates, then re-rank by context; sets ``scores`` (best
    first) and ``chosen`` on each match."""
    base: dict[int, list[tuple[int, float]]] = {}
    for m in matches:
        cands = m.cands
        if m.force_kind >= 0:
            forced = [c for c in cands if gaz.kind[c.index] == m.force_kind
                      or m.force_kind == CITY and gaz.kind[c.index] != RIVER]
            cands = forced or cands
        scored = sorted(((c.index, base_score(gaz, c)) for c in cands),
                        key=lambda t: -t[1])[:MAX_CANDIDATES]
        base[id(m)] = scored
    anchors: list[tuple[int, float, float]] = []
    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    for k, m in enumerate(matches):
        scored = base[id(m)]
        best = scored[0][0]
        if gaz.kind[best] == COUNTRY:
            countries.add(gaz.cc[best])
        clear = len(scored) == 1 or scored[0][1] - scored[1][1] >= CLEAR_MARGIN
        if clear and gaz.kind[best] == ADMIN1 and gaz.admin1[best]:
            regions.add((gaz.cc[best], gaz.admin1[best]))  # "... in Scotland": towns there
        if clear and gaz.kind[best] in _ANCHOR_KINDS:
            anchors.append((k, gaz.lat[best], gaz.lon[best]))
    for k, m in enumerate(matches):
        scored = base[id(m)]
        if len(scored) > 1:
            rescored = []
            for index, score in scored:
                score += context_bonus(gaz, index, k, anchors, countries, regions)
                rescored.append((index, score))
            scored = sorted(rescored, key=lambda t: -t[1])
        m.scores = scored
        m.chosen = scored[0][0]


def metonymic(gaz: Gazetteer, text: str, m: Match) -> bool:
    """Step 4: whether the chosen place, a capital, stands for its government here."""
    if not gaz.flags[m.chosen] & E_CAPITAL:
        return False
    after = text[m.end:m.end + 60]
    possessive = re.match(r"^['’]s?\s+(?:[a-z]+\s+)?([a-z]+)", after)
    if possessive and (possessive.group(1) in GOVERNMENT_NOUNS or re.match(
            r"^['’]s?\s+([a-z]+)", after).group(1) in GOVERNMENT_NOUNS):
        return True
    before = text[max(0, m.start - 40):m.start]
    if LITERAL_BEFORE.search(before):
        return False
    words = re.findall(r"[A-Za-z’']+|[,.;:!?]", after)
    if len(words) >= 3 and words[0] == "and" and words[1][:1].isupper():
        words = words[2:]
    if words[:2] == [",", "which"] or words[:2] == [",", "who"]:
        return True
    for word in words[:8]:
        low = word.lower()
        if low in AUX and low not in METONYMIC_VERBS:
            continue
        if low.endswith("ly") and len(low) > 4:
            continue
        if low in METONYMIC_VERBS and low not in AUX:
            return True
        if low in AUX:
            continue
        if low == "to" and m.start > 0 and METONYMIC_BEFORE.search(
                text[max(0, m.start - 40):m.start]):
            return True
        break
    if words and words[0].lower() in MODALS:
        return True
    if words and words[0].lower() in ("is", "was", "has", "have", "had"):
        nxt = [w.lower() for w in words[1:4] if not (w.endswith("ly") and len(w) > 4)]
        if nxt and nxt[0] != "been" and (nxt[0] in METONYMIC_VERBS or nxt[0].endswith(
                "ing") or words[0].lower() != "is" and words[0].lower() != "was"
                and nxt[0].endswith(("ed", "en"))):
            return True
    return bool(METONYMIC_BEFORE.search(before))

