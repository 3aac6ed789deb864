"""Positions in a text: sentence starts, line modes (ALL-CAPS, Title-Case), neighbouring
words. Pure helpers of the candidate filter; offsets are character offsets of the text."""

from __future__ import annotations

import bisect
import re

from geo.geoparse.lexicon import TITLES_WITH_DOT

WORD = re.compile(r"[^\W_][\w'’\-.]*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*[A-Z\"“‘'])")

CAPS_SHARE = 0.8
"""A line is ALL-CAPS (a dateline or a capitals headline) when at least this share of its
letters are capitals: tolerates a few lower-case letters in a capitals headline (a
"(Reuters)" credit, "McDONALD'S")."""
TITLE_SHARE = 0.85
"""A line is Title-Case (a headline) when this share of its longer words start with a
capital (words of three letters or fewer and the first word do not count): tolerates one
lower-case word in seven ("Wagner Claims Gains Inside Bakhmut despite Heavy Losses")."""
TITLE_MAX_WORDS = 25
"""Longer lines are prose, not headlines, whatever their capitals."""


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (a light splitter: punctuation + space, blank lines)."""
    starts = [0]
    for found in _SENTENCE_END.finditer(text):
        before = text[max(0, found.start() - 4):found.start() + 1].lower()
        if any(before.endswith(t) for t in TITLES_WITH_DOT) or before.endswith("u.s."):
            continue
        starts.append(found.end())
    return starts


class Lines:
    """Line boundaries of a text (found once) and each line's mode (memoised)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.modes: dict[int, str] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line holding offset ``pos``."""
        k = bisect.bisect_left(self.breaks, pos)
        start = self.breaks[k - 1] + 1 if k > 0 else 0
        end = self.breaks[k] if k < len(self.breaks) else len(self.text)
        return start, end

    def mode(self, pos: int) -> str:
        """``"caps"`` (ALL-CAPS line), ``"title"`` (Title-Case line) or ``"normal"``."""
        start, end = self.bounds(pos)
        cache = self.modes
        if start in cache:
            return cache[start]
        line = self.text[start:end]
        words = [w for w in WORD.findall(line) if any(c.isalpha() for c in w)]
        mode = "normal"
        letters = [c for c in line if c.isalpha()]
        if len(words) >= 3 and letters and sum(c.isupper() for c in letters) >= \
                CAPS_SHARE * len(letters):
            mode = "caps"
        elif len(words) >= 3 and len(words) <= TITLE_MAX_WORDS:
            longer = [w for w in words[1:] if len(w) >= 4]
            if len(longer) >= 2 and sum(w[0].isupper() for w in longer) >= \
                    TITLE_SHARE * len(longer) \
                    and not line.rstrip().endswith((".", "?", "!", ":", ";", ",")):
                mode = "title"
        cache[start] = mode
        return mode


def prev_word(text: str, start: int) -> tuple[str, int]:
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


def next_word(text: str, end: int) -> str:
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


def sentence_initial(text: str, start: int) -> bool:
    """True when ``start`` opens a sentence, a line or a list item (quotes skipped)."""
    i = start
    while i > 0 and text[i - 1] in " \t\"“‘'(«[":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n\r:;…—–-•*#|>"


def capitalised(token: str) -> bool:
    """True for a token that starts with a capital letter."""
    return bool(token) and token[0].isupper()
