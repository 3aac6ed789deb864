"""Fuzz: permalink query parameters through dashboard.state.from_query (never raises: every
bad value falls back to its default and is reported)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.state import from_query
from geo.models import ClaimStatus, EventKind
from geo.timeline import MAX_WINDOW_DAYS
from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import hostile_text, wild_day, wild_number, wild_text

FIRST, LAST = date(2022, 2, 24), date(2024, 12, 31)
GOOD = {"day": "2023-03-13", "window": "14", "z": "9", "lat": "48.6", "lon": "38.0",
        "kinds": ",".join(k.value for k in EventKind), "status": ClaimStatus.CLAIMED.value,
        "sides": "russian,contested", "actors": "Wagner", "sources": "Reuters",
        "layers": "deepstate,seed", "conf": "0.5", "view": "world", "front": "off"}
value = st.one_of(wild_text, hostile_text, wild_day, wild_number.map(str),
                  st.sampled_from(["none", ",,,", "russian,,martian", "1e309", "-0", "0x1F",
                                   "١٢", "14.0", " 14 ", "9" * 5000]))


@st.composite
def query(draw) -> dict[str, str]:
    """The parameters of a good permalink, some dropped or replaced by wild values."""
    params = dict(GOOD)
    for key in draw(st.lists(st.sampled_from(sorted(GOOD)), unique=True)):
        if draw(st.booleans()):
            del params[key]
        else:
            params[key] = draw(value)
    for _ in range(draw(st.integers(0, 2))):
        params[draw(wild_text)] = draw(value)
    return params


@FUZZ_SETTINGS
@given(params=query())
def test_fuzz_permalink(params):
    state, problems = from_query(params, first=FIRST, last=LAST)
    assert FIRST <= state.day <= LAST
    assert 1 <= state.window_days <= MAX_WINDOW_DAYS
    assert state.zoom is None or 1 <= state.zoom <= 18
    assert 0.0 <= state.min_confidence <= 1.0
    if state.center is not None:
        assert -90 <= state.center[0] <= 90 and -180 <= state.center[1] <= 180
    assert state.sides is None or all(isinstance(s, str) and s for s in state.sides)
    assert set(state.kinds) <= set(EventKind)
    assert all(len(text) <= 200 for text in state.actors + state.sources + state.layers)
    assert all(isinstance(p, str) and len(p) < 400 for p in problems)
    # the link it makes reopens the same view, with nothing to report (the link rounds the
    # confidence to 6 significant digits and the centre to 4 decimals)
    again, none = from_query(state.to_query(), first=FIRST, last=LAST)
    assert none == []
    assert again.min_confidence == pytest.approx(state.min_confidence, rel=1e-5)
    if state.center is not None:
        assert again.center == pytest.approx(state.center, abs=1e-4)
    assert replace(again, min_confidence=state.min_confidence, center=state.center) == state
