"""Text -> place mentions with character spans -> resolved places (pure, offline).

Steps, each a small function below:

1. **find**: every gazetteer name in the folded text (Aho-Corasick), kept only on word
   boundaries; listed non-places (people, organisations, weapons, demonyms, media) hide the
   names inside them ("Wall Street Journal", "Black Sea Fleet").
2. **filter**: capitalisation (ALL-CAPS only in datelines and capitals headlines; Title-Case
   headlines tolerated), common English words only with context, a place glued to another
   capitalised word is part of a longer name ("President Volodymyr Zelenskyy").
3. **resolve**: candidates scored by population, a theatre prior (Ukraine, Russia, Belarus,
   Moldova; our curated names), kind (country, capital), nearness to the other places of the
   text and qualifiers ("Paris, Texas", "Andriivka, Donetsk region"); city vs oblast
   ("Donetsk region", "Donetsk and Luhansk regions"), river vs city ("the Dnipro").
4. **metonymy**: a capital used for its government ("Washington said", "Moscow's invasion")
   is kept as a place and flagged ``metonymic``.

Every :class:`Toponym` keeps the candidates considered; a correction (an override keyed by
:func:`override_key`) replaces the resolution wherever the same name appears again.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from geo.gazetteer import (
    ADMIN1,
    CITY,
    CONTINENT,
    COUNTRY,
    E_CAPITAL,
    E_THEATRE,
    FACILITY,
    ISLAND,
    REGION,
    RIVER,
    SEA,
    THEATRE_COUNTRIES,
    Candidate,
    Gazetteer,
    fold,
    km,
    load_gazetteer,
)
from geo.models import Mention, Place

CHUNK_CHARS = 500_000
MAX_CANDIDATES = 40

_FUNCTION = frozenset("of on the de del la le les am an upon sur na nad pod and i y da di "
                      "du des al el of-the".split())
_GENERIC = frozenset((
    "river sea region oblast province krai territory strait spit island islands bridge dam "
    "plant power nuclear atomic air base airbase airfield airport reservoir steel works "
    "steelworks iron peninsula city delta hydroelectric theatre town village district gulf "
    "people's republic npp hpp drama plant lake bay bank states countries republics"
).split())
_PREV_OK = frozenset((
    "north south east west northern southern eastern western central northeastern "
    "northwestern southeastern southwestern north-eastern north-western south-eastern "
    "south-western greater occupied liberated annexed upper lower inner outer "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
).split())
_NEXT_OK = _GENERIC | frozenset((
    "mayor governor governor's regional military administration council authorities "
    "officials prosecutor police city's oblast's region's raion district direction front "
    "axis sector and or"
).split()) | _PREV_OK
_TITLES = frozenset((
    "president pope king queen prince princess general gen colonel col lieutenant lt major "
    "captain capt sergeant sgt admiral marshal minister chancellor premier senator sen "
    "governor gov mayor mr mrs ms dr sir lord lady patriarch metropolitan bishop father "
    "judge justice commander chief spokesman spokeswoman spokesperson secretary ambassador "
    "envoy prosecutor professor prof rev emperor tsar sheikh emir crown"
).split())
_TITLES_WITH_DOT = frozenset("mr. mrs. ms. dr. gen. col. lt. sgt. maj. capt. sen. rep. gov. "
                             "pres. prof. st.".split())
_SPEECH = frozenset((
    "said says say told tells added adds wrote writes noted notes argued argues stressed "
    "stresses insisted insists explained explains tweeted posted"
).split())
_METONYMIC_VERBS = _SPEECH | frozenset((
    "denied denies deny warned warns warn accused accuses accuse announced announces "
    "rejected rejects reject confirmed confirms confirm claimed claims claim urged urges urge "
    "called calls call wants want wanted demanded demands demand responded responds respond "
    "condemned condemns condemn dismissed dismisses dismiss believes believe believed "
    "encouraging encouraged encourages encourage refused refuses refuse agreed agrees agree "
    "sanctioned sanctions imposed imposes approved approves approve sent sends send supplied "
    "supplies supply pledged pledges pledge promised promises promise threatened threatens "
    "threaten hopes hope hoped fears fear feared plans plan planned decided decides decide "
    "retaliate retaliated retaliates hear hears heard maintains maintained blamed blames "
    "blame signalled signaled signals vowed vows vow expects expect expected considers "
    "consider sees see views regards recognised recognized recognises recognizes opposes "
    "oppose opposed supports support supported backs back backed needs need seeks seek "
    "sought offered offers offer proposed proposes propose welcomed welcomes welcome "
    "criticised criticized criticises criticizes protested protests summoned summons "
    "expelled expels relies rely relied launched launches intends intend insisting "
    "reacted reacts react stated states acknowledged acknowledges admitted admits "
    "exchanged exchange signed sign struck strike hosted host ordered orders order "
    "invaded invades invade annexed annexes annex mediate mediating "
    "is was has have had will would could can may might must should shall does did"
).split())
_AUX = frozenset("has have had is was were are will would could can may might must should "
                 "shall does did also already not now still repeatedly publicly privately "
                 "and been being quickly swiftly firmly officially reportedly".split())
_GOVERNMENT_NOUNS = frozenset((
    "invasion war forces troops army military government position stance policy decision "
    "efforts effort ally allies support charge isolation offensive attack attacks plan plans "
    "response demands claims aggression envoy ambassador leadership regime officials "
    "sanctions backing ties relations foreign defence defense strategy approach refusal "
    "proposal peace bid assault campaign missile missiles drones strikes mediation "
    "diplomatic diplomacy intentions ambitions goals aims interests partners partner "
    "negotiators delegation rhetoric propaganda narrative hand backing assistance aid"
).split())
_METONYMIC_BEFORE = re.compile(
    r"(?:support for|ties with|ties to|pressure on|sanctions on|sanctions against|talks with|"
    r"relations with|deal with|negotiations with|dialogue with|allies of|allied with|"
    r"rel(?:y|ies|ying|ied) on|backed by|ally of|accused|urged|called on|told|blamed|"
    r"condemned|warned|between|criticised|criticized|pressed|pressuring|pressing|"
    r"want|wants|wanted|encouraging|encouraged|asked|persuade|convince|on behalf of)\s+$",
    re.IGNORECASE)
_LITERAL_BEFORE = re.compile(
    r"(?:\bin|\bat|\bto|\bfrom|\bnear|\boutside|\baround|\binto|\bacross|\bvisits?|"
    r"\bvisited|\bvisiting|\bstreets of|\bcity of|\bcentre of|\bcenter of|\bover|\bon|"
    r"\btowards?|\bleft|\breturned to|\bflew to|\btravel(?:led|ed|s)? to)\s+$",
    re.IGNORECASE)
_REGION_OF = re.compile(r"\b(?:region|oblast|province)\s+of\s+$", re.IGNORECASE)
_PLURAL_REGIONS = re.compile(r"\s+(?:regions|oblasts|provinces)\b", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*and|&|,?\s*or)\s*$")
_QUALIFIER_GAP = re.compile(r"^\s*,\s*$|^\s+in\s+(?:the\s+)?$")
_WORD = re.compile(r"[^\W_][\w'’\-.]*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*[A-Z\"“‘'])")
_DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish", "ch", "an", "ans", "i", "is")
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|from|near|of|to|outside)\s+$", re.IGNORECASE)
_LOCATIVE_CONTEXT = re.compile(
    r"\b(?:in|near|at|from|to|outside|of|across|into|towards?|via|around|visit(?:s|ed|ing)?|"
    r"hit|struck|shelled|attacked|captured|bombed|over|between|left|reached|"
    r"entered|arrived in|flew to|city of|town of|village of|summit in|talks in)\s+"
    r"(?:the\s+)?(?:(?:northern|southern|eastern|western|central|occupied|downtown)\s+)?$",
    re.IGNORECASE)
_MODALS = frozenset("will would could can may might must should shall".split())
_UPPER_ACRONYMS = frozenset({"us", "u.s.", "usa", "u.s.a.", "uk", "u.k.", "uae", "dprk", "prc"})


class OverrideSource(Protocol):
    """Where corrections come from: ``get(override_key(name))`` -> a Place or None."""

    def get(self, key: str, /) -> Place | None: ...


def override_key(name: str) -> str:
    """The key a correction is stored under: the folded name, whitespace collapsed."""
    return " ".join(fold(name).split())


@dataclass(frozen=True)
class Toponym:
    """A place mention and its resolution. ``candidates`` are the places considered, best
    first (the chosen one first unless an override replaced it), with their scores."""

    mention: Mention
    place: Place
    kind: str
    candidates: tuple[tuple[Place, float], ...] = ()
    overridden: bool = False


@dataclass
class _Match:
    start: int
    end: int
    value: int
    cands: list[Candidate]
    surface: str = ""
    force_kind: int = -1
    restrict: tuple[str, str] | None = None
    chosen: int = -1
    scores: list[tuple[int, float]] | None = None
    metonymic: bool = False


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (a light splitter: punctuation + space, blank lines)."""
    starts = [0]
    for found in _SENTENCE_END.finditer(text):
        before = text[max(0, found.start() - 4):found.start() + 1].lower()
        if any(before.endswith(t) for t in _TITLES_WITH_DOT) or before.endswith("u.s."):
            continue
        starts.append(found.end())
    return starts


class _Lines:
    """Line boundaries of a text (found once) and each line's mode (memoised)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.modes: dict[int, str] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_left(self.breaks, pos)
        start = self.breaks[k - 1] + 1 if k > 0 else 0
        end = self.breaks[k] if k < len(self.breaks) else len(self.text)
        return start, end


def _line_bounds(text: str, pos: int, lines: _Lines) -> tuple[int, int]:
    return lines.bounds(pos)


def _line_mode(text: str, pos: int, lines: _Lines) -> str:
    """``"caps"`` (ALL-CAPS line), ``"title"`` (Title-Case line) or ``"normal"``."""
    start, end = lines.bounds(pos)
    cache = lines.modes
    if start in cache:
        return cache[start]
    line = text[start:end]
    words = [w for w in _WORD.findall(line) if any(c.isalpha() for c in w)]
    mode = "normal"
    letters = [c for c in line if c.isalpha()]
    if len(words) >= 3 and letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        mode = "caps"
    elif len(words) >= 3 and len(words) <= 25:
        longer = [w for w in words[1:] if len(w) >= 4]
        if len(longer) >= 2 and sum(w[0].isupper() for w in longer) >= 0.85 * len(longer) \
                and not line.rstrip().endswith((".", "?", "!", ":", ";", ",")):
            mode = "title"
    cache[start] = mode
    return mode


def _prev_word(text: str, start: int) -> tuple[str, int]:
    """The word just before ``start`` if only spaces separate them, else ``("", -1)``."""
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i == start or i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ".'’-"):
        return "", -1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i], j


def _next_word(text: str, end: int) -> str:
    """The word just after ``end`` if only one or more spaces separate them."""
    i = end
    while i < len(text) and text[i] == " ":
        i += 1
    if i == end:
        return ""
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] in "'’-"):
        j += 1
    return text[i:j]


def _sentence_initial(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in " \t\"“‘'(«[":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n\r:;…—–-•*#|>"


def _blocked(start: int, end: int, blockers: list[tuple[int, int]], starts: list[int]) -> bool:
    """True when a listed non-place overlaps [start, end) without lying inside it."""
    j = bisect.bisect_left(starts, end) - 1
    while j >= 0 and starts[j] > start - 200:
        s, e = blockers[j]
        if s < end and start < e and not (start <= s and e <= end and end - start > e - s):
            return True
        j -= 1
    return False


def _capitalised(token: str) -> bool:
    return bool(token) and token[0].isupper()


class Geoparser:
    """Find and resolve place mentions in English text with an offline gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None, *,
                 overrides: OverrideSource | None = None) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.overrides = overrides

    # -- public API -------------------------------------------------------------------------

    def parse(self, text: str) -> list[Toponym]:
        """Every resolved place mention of ``text``, in text order. Never raises on text."""
        if not isinstance(text, str) or not text:
            return []
        if len(text) <= CHUNK_CHARS:
            return self._parse_chunk(text, 0)
        result: list[Toponym] = []
        pos = 0
        while pos < len(text):
            end = min(len(text), pos + CHUNK_CHARS)
            if end < len(text):
                cut = max(text.rfind("\n", pos, end), text.rfind(". ", pos, end))
                end = cut + 1 if cut > pos else end
            result.extend(self._parse_chunk(text[pos:end], pos, full=text))
            pos = end
        return result

    def places(self, text: str) -> list[Place]:
        """Just the places, one per mention."""
        return [t.place for t in self.parse(text)]

    # -- step 1: find ----------------------------------------------------------------------

    def _find(self, text: str, folded: str, lines: _Lines) -> list[_Match]:
        gaz = self.gaz
        n = len(folded)
        raw: list[tuple[int, int, int]] = []
        key_len = gaz.key_len
        for end, value in gaz.automaton.iter(folded):
            start = end - key_len[value] + 1
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "'"
                              and start > 1 and folded[start - 2].isalpha()):
                continue
            nxt = end + 1
            if nxt < n:
                c = folded[nxt]
                if c.isalnum():
                    continue
                if c == "'" and nxt + 1 < n and folded[nxt + 1].isalnum() and not (
                        folded[nxt + 1] == "s" and (nxt + 2 >= n
                                                    or not folded[nxt + 2].isalnum())):
                    continue
                if c == "." and folded[end] != "." and nxt + 1 < n and folded[nxt + 1].isalpha():
                    continue
            raw.append((start, end + 1, value))
        if not raw:
            return []
        accepted = [r for r in raw if gaz.cand_lists[r[2]] == () or self._case_ok(text, *r[:2],
                                                                                  lines)]
        blockers = sorted((s, e) for s, e, v in accepted if gaz.cand_lists[v] == ())
        if blockers:
            starts = [b[0] for b in blockers]
            accepted = [r for r in accepted if gaz.cand_lists[r[2]] == ()
                        or not _blocked(r[0], r[1], blockers, starts)]
        accepted.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        chosen: list[_Match] = []
        last_end = -1
        for start, end, value in accepted:
            if start < last_end:
                continue
            last_end = end
            if gaz.cand_lists[value] == ():
                continue  # a listed non-place hides what it contains
            chosen.append(_Match(start, end, value, gaz.decode(value), text[start:end]))
        return chosen

    def _case_ok(self, text: str, start: int, end: int, modes: _Lines) -> bool:
        surface = text[start:end]
        letters = [c for c in surface if c.isalpha()]
        if not letters:
            return False
        if all(c.isupper() for c in letters) and len(letters) > 1:
            if fold(surface) in _UPPER_ACRONYMS:
                return True
            if _line_mode(text, start, modes) == "caps":
                return True
            line_start, _ = _line_bounds(text, start, modes)
            after = text[end:end + 3].lstrip(" ")
            return not text[line_start:start].strip() and after[:1] in (",", "-", "—", "–",
                                                                        "(", "/")
        tokens = [t for t in re.split(r"[\s\-]+", surface) if t]
        if not any(_capitalised(t) and fold(t) not in _FUNCTION and fold(t) not in _GENERIC
                   for t in tokens):
            return False
        for token in tokens:
            if _capitalised(token) or token.isdigit():
                continue
            low = fold(token)
            if low in _FUNCTION or low in _GENERIC or low.startswith(("d'", "l'")):
                continue
            return False
        return True

    # -- step 2: filter ----------------------------------------------------------------------

    def _area(self, m: _Match | None) -> bool:
        """True for a match that may name a country, continent or region."""
        return m is not None and any(self.gaz.kind[c.index] in (COUNTRY, CONTINENT, ADMIN1,
                                                                REGION) for c in m.cands)

    def _keep(self, text: str, m: _Match, spans: dict[int, _Match], modes: _Lines) -> bool:
        gaz = self.gaz
        cands = [c for c in m.cands if not c.weak or gaz.kind[c.index] == RIVER]
        if not cands:
            return False
        m.cands = cands
        strong_kinds = {COUNTRY, CONTINENT}
        if all(gaz.kind[c.index] in strong_kinds for c in cands):
            return True
        mode = _line_mode(text, m.start, modes)
        key = fold(m.surface)
        initial = _sentence_initial(text, m.start)
        curated = any(c.curated for c in cands)
        biggest = max(gaz.population[c.index] for c in cands)
        if key in gaz.common and not curated:
            if initial or mode != "normal" or biggest < 100_000:
                return False
        if mode == "title" and not curated and biggest < 15_000:
            return False
        if mode != "normal":
            return True
        prev, prev_at = _prev_word(text, m.start)
        if prev:
            low = fold(prev).rstrip(",")
            if low in _TITLES_WITH_DOT or low.rstrip(".") in _TITLES:
                return False
            glued = prev_at in spans and (self._area(m) or self._area(spans[prev_at]))
            if (_capitalised(prev) and not glued and low not in _PREV_OK
                    and "-" not in prev and not _sentence_initial(text, prev_at)
                    and low not in gaz.blocked and prev[-1] not in ".:;!?"):
                return False
        nxt = _next_word(text, m.end)
        if nxt and text[m.end] == " ":
            low = fold(nxt)
            glued = (m.end + 1) in spans and (self._area(m) or self._area(spans[m.end + 1]))
            if (_capitalised(nxt) and not glued and low not in _NEXT_OK
                    and not (low in gaz.blocked and low.endswith(_DEMONYM_ENDINGS))
                    and not nxt.isupper()):
                return False
            if (low in _SPEECH and " " not in m.surface and not curated
                    and not _LOCATIVE_BEFORE.search(text[max(0, m.start - 12):m.start])
                    and not any(gaz.flags[c.index] & (E_CAPITAL | E_THEATRE)
                                or gaz.cc[c.index] in THEATRE_COUNTRIES for c in cands)):
                return False
        if not self._prominent(cands) and not self._locative(text, m):
            return False
        return True

    def _prominent(self, cands: list[Candidate]) -> bool:
        """A place that war news names without a preposition: theatre, capital, big, curated."""
        gaz = self.gaz
        for c in cands:
            i = c.index
            if (c.curated or gaz.cc[i] in THEATRE_COUNTRIES or gaz.kind[i] != CITY
                    or gaz.flags[i] & (E_CAPITAL | E_THEATRE) or gaz.population[i] >= 200_000):
                return True
        return False

    def _locative(self, text: str, m: _Match) -> bool:
        """A preposition or verb before, or a qualifier or place noun after, the mention."""
        before = text[max(0, m.start - 30):m.start]
        if _LOCATIVE_CONTEXT.search(before):
            return True
        after = text[m.end:m.end + 30]
        return bool(re.match(r"(?:,\s+[A-Z]|-based|\s+(?:city|town|village|region|area|"
                             r"province|county|state|airport|base|port)\b)", after))

    # -- step 3: resolve ---------------------------------------------------------------------

    def _base_score(self, c: Candidate) -> float:
        gaz = self.gaz
        i = c.index
        kind = gaz.kind[i]
        pop = gaz.population[i]
        if kind in (RIVER, SEA, REGION, ISLAND, FACILITY) and not c.weak:
            score = 6.5
        else:
            score = math.log10(pop + 100)
        if kind == COUNTRY:
            score += 3.0
        elif kind == CONTINENT:
            score += 2.0
        flags = gaz.flags[i]
        if flags & E_CAPITAL:
            score += 1.0
        if c.primary:
            score += 0.5
        if c.curated:
            score += 1.5
        if flags & E_THEATRE:
            score += 1.0
        cc = gaz.cc[i]
        if cc == "UA":
            score += 1.0
        elif cc in ("RU", "BY", "MD"):
            score += 0.5
        if c.weak:
            score -= 3.0
        return score

    def _special_forms(self, text: str, matches: list[_Match]) -> None:
        """City vs oblast, river vs city, qualifiers."""
        gaz = self.gaz
        for k, m in enumerate(matches):
            key = " ".join(fold(m.surface).split())
            kinds = {gaz.kind[c.index] for c in m.cands}
            before = text[max(0, m.start - 20):m.start]
            if key in gaz.stems and (_REGION_OF.search(before)
                                     or _PLURAL_REGIONS.match(text, m.end)):
                self._to_oblast(m, key)
                if _PLURAL_REGIONS.match(text, m.end):
                    j = k
                    while j > 0 and _LIST_GAP.match(text[matches[j - 1].end:matches[j].start]):
                        j -= 1
                        prev_key = " ".join(fold(matches[j].surface).split())
                        if prev_key in gaz.stems:
                            self._to_oblast(matches[j], prev_key)
            if RIVER in kinds and len(kinds) > 1:
                tail = text[m.end:m.end + 8].lower()
                river = (re.search(r"\b(?:the|river)\s+$", before, re.IGNORECASE)
                         or tail.startswith((" river", " delta", " bank")))
                city = re.search(r"\bcity of\s+$", before, re.IGNORECASE) or tail.startswith(
                    " city")
                m.force_kind = RIVER if river and not city else CITY
        for a, b in zip(matches, matches[1:], strict=False):
            gap = text[a.end:b.start]
            if not _QUALIFIER_GAP.match(gap):
                continue
            b_kinds = [c for c in b.cands if gaz.kind[c.index] in (COUNTRY, ADMIN1)]
            if not b_kinds:
                continue
            for qual in sorted(b_kinds, key=lambda c: -self._base_score(c)):
                cc, admin1 = gaz.cc[qual.index], gaz.admin1[qual.index]
                inside = [c for c in a.cands if gaz.cc[c.index] == cc and gaz.kind[c.index]
                          not in (COUNTRY, CONTINENT)
                          and (gaz.kind[qual.index] == COUNTRY or not admin1
                               or gaz.admin1[c.index] == admin1)]
                if inside:
                    a.cands = inside
                    b.cands = [qual]
                    break

    def _to_oblast(self, m: _Match, key: str) -> None:
        index = self.gaz.stems[key]
        m.cands = [Candidate(index, False, True, False)]

    def _resolve(self, text: str, matches: list[_Match]) -> None:
        gaz = self.gaz
        base: dict[int, list[tuple[int, float]]] = {}
        for m in matches:
            cands = m.cands
            if m.force_kind >= 0:
                forced = [c for c in cands if gaz.kind[c.index] == m.force_kind
                          or m.force_kind == CITY and gaz.kind[c.index] != RIVER]
                cands = forced or cands
            scored = sorted(((c.index, self._base_score(c)) for c in cands),
                            key=lambda t: -t[1])[:MAX_CANDIDATES]
            base[id(m)] = scored
        anchors: list[tuple[int, float, float]] = []
        countries: set[str] = set()
        for k, m in enumerate(matches):
            scored = base[id(m)]
            best = scored[0][0]
            if gaz.kind[best] == COUNTRY:
                countries.add(gaz.cc[best])
            clear = len(scored) == 1 or scored[0][1] - scored[1][1] >= 1.5
            if clear and gaz.kind[best] in (CITY, ADMIN1, FACILITY, ISLAND):
                anchors.append((k, gaz.lat[best], gaz.lon[best]))
        for k, m in enumerate(matches):
            scored = base[id(m)]
            if len(scored) > 1:
                rescored = []
                for index, score in scored:
                    score += self._context(index, k, anchors, countries)
                    rescored.append((index, score))
                scored = sorted(rescored, key=lambda t: -t[1])
            m.scores = scored
            m.chosen = scored[0][0]

    def _context(self, index: int, k: int, anchors: list[tuple[int, float, float]],
                 countries: set[str]) -> float:
        gaz = self.gaz
        bonus = 0.4 if gaz.cc[index] in countries else 0.0
        if gaz.kind[index] in (COUNTRY, CONTINENT, SEA, REGION):
            return bonus
        lat, lon = gaz.lat[index], gaz.lon[index]
        nearest = math.inf
        for j, alat, alon in anchors:
            if j != k and abs(alat - lat) < 2.5:
                nearest = min(nearest, km(lat, lon, alat, alon))
        if nearest < 400:
            bonus += 3.2 * math.exp(-nearest / 45.0)
        return bonus

    # -- step 4: metonymy ----------------------------------------------------------------------

    def _metonymic(self, text: str, m: _Match) -> bool:
        if not self.gaz.flags[m.chosen] & E_CAPITAL:
            return False
        after = text[m.end:m.end + 60]
        possessive = re.match(r"^['’]s?\s+(?:[a-z]+\s+)?([a-z]+)", after)
        if possessive and (possessive.group(1) in _GOVERNMENT_NOUNS or re.match(
                r"^['’]s?\s+([a-z]+)", after).group(1) in _GOVERNMENT_NOUNS):
            return True
        before = text[max(0, m.start - 40):m.start]
        if _LITERAL_BEFORE.search(before):
            return False
        words = re.findall(r"[A-Za-z’']+|[,.;:!?]", after)
        if len(words) >= 3 and words[0] == "and" and words[1][:1].isupper():
            words = words[2:]
        if words[:2] == [",", "which"] or words[:2] == [",", "who"]:
            return True
        for word in words[:8]:
            low = word.lower()
            if low in _AUX and low not in _METONYMIC_VERBS:
                continue
            if low.endswith("ly") and len(low) > 4:
                continue
            if low in _METONYMIC_VERBS and low not in _AUX:
                return True
            if low in _AUX:
                continue
            if low == "to" and m.start > 0 and _METONYMIC_BEFORE.search(
                    text[max(0, m.start - 40):m.start]):
                return True
            break
        if words and words[0].lower() in _MODALS:
            return True
        if words and words[0].lower() in ("is", "was", "has", "have", "had"):
            nxt = [w.lower() for w in words[1:4] if not (w.endswith("ly") and len(w) > 4)]
            if nxt and nxt[0] != "been" and (nxt[0] in _METONYMIC_VERBS or nxt[0].endswith(
                    "ing") or words[0].lower() != "is" and words[0].lower() != "was"
                    and nxt[0].endswith(("ed", "en"))):
                return True
        return bool(_METONYMIC_BEFORE.search(before))

    # -- assembling ----------------------------------------------------------------------------

    def _parse_chunk(self, text: str, offset: int, full: str | None = None) -> list[Toponym]:
        folded = fold(text)
        modes = _Lines(text)
        matches = self._find(text, folded, modes)
        if not matches:
            return []
        spans = {m.start: m for m in matches}
        matches = [m for m in matches if self._keep(text, m, spans, modes)]
        for m in matches:
            if m.surface[:4] == "the " and len(m.surface) > 4:
                m.start += 4
                m.surface = m.surface[4:]
        if not matches:
            return []
        self._special_forms(text, matches)
        self._resolve(text, matches)
        starts = sentence_starts(text)
        result = []
        for m in matches:
            m.metonymic = self._metonymic(text, m)
            result.append(self._toponym(m, offset, bisect.bisect_right(starts, m.start) - 1))
        return result

    def _toponym(self, m: _Match, offset: int, sentence: int) -> Toponym:
        gaz = self.gaz
        scores = m.scores or [(m.chosen, 0.0)]
        confidence = _confidence(scores)
        candidates = tuple((gaz.place(i, confidence=round(_sigmoid(s - scores[0][1] + 2), 3)), s)
                           for i, s in scores[:10])
        alternatives = tuple(gaz.source_id[i] for i, _ in scores[1:10])
        place = gaz.place(m.chosen, confidence=confidence, alternatives=alternatives,
                          metonymic=m.metonymic)
        mention = Mention(surface=m.surface, start=m.start + offset, end=m.end + offset,
                          sentence=sentence)
        override = self.overrides.get(override_key(m.surface)) if self.overrides else None
        if override is not None:
            place = replace(override, alternatives=(place.source_id, *alternatives),
                            metonymic=m.metonymic, confidence=1.0)
            return Toponym(mention, place, gaz.kind_name(m.chosen), candidates, overridden=True)
        return Toponym(mention, place, gaz.kind_name(m.chosen), candidates)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _confidence(scores: list[tuple[int, float]]) -> float:
    if len(scores) == 1:
        return 0.95
    margin = scores[0][1] - scores[1][1]
    return round(min(0.99, 0.5 + 0.49 * (1 - math.exp(-margin))), 3)


def geoparse(text: str, *, overrides: OverrideSource | None = None) -> list[Toponym]:
    """Resolved place mentions of ``text`` with the process-wide gazetteer."""
    return Geoparser(overrides=overrides).parse(text)


def iter_geoparse(texts: Iterable[str], parser: Geoparser | None = None) -> Iterable[
        list[Toponym]]:
    """Parse many texts lazily with one parser."""
    parser = parser or Geoparser()
    for text in texts:
        yield parser.parse(text)



# -- input normalisation (HTML, control characters) ------------------------------------------

_BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article "
                        "header footer blockquote pre title figcaption".split())
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Control characters (other than newlines and tabs) replaced by spaces; CRLF -> LF."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def html_to_text(html: str) -> tuple[str, str]:
    """(title, text) of an HTML page: scripts and styles dropped, blocks become paragraphs."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.title: list[str] = []
            self.skip = 0
            self.in_title = False

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag in ("script", "style", "noscript", "template", "svg"):
                self.skip += 1
            elif tag == "title":
                self.in_title = True
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "noscript", "template", "svg"):
                self.skip = max(0, self.skip - 1)
            elif tag == "title":
                self.in_title = False
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n\n")

        def handle_data(self, data: str) -> None:
            if self.skip:
                return
            if self.in_title:
                self.title.append(data)
            else:
                self.parts.append(data)

    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; never fail on a page
        pass
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join("".join(parser.title).split()), clean_text(text)
