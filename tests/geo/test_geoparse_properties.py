"""Property tests: arbitrary text never breaks the geoparser, and spans are exact."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.gazetteer import load_gazetteer
from geo.geoparse import Geoparser

FIXTURE_OK = [HealthCheck.function_scoped_fixture]
PLACES = ["Kyiv", "KYIV", "Bakhmut", "Donetsk region", "The Hague", "Washington", "Dnipro",
          "New York", "Paris, Texas", "Ukraine's", "Mar'yinka", "Zaporizhzhia", "the Dnipro",
          "Wagner", "Wall Street Journal", "Kraków", "İstanbul", "Rostov-on-Don", "U.S."]


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(load_gazetteer())


def _check(parser: Geoparser, text: str) -> None:
    for toponym in parser.parse(text):
        m = toponym.mention
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert -90 <= toponym.place.lat <= 90 and -180 <= toponym.place.lon <= 180
        assert 0 <= toponym.place.confidence <= 1


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.text())
def test_arbitrary_text(parser, text):
    _check(parser, text)


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(st.one_of(st.sampled_from(PLACES), st.text(max_size=12),
                          st.sampled_from([" ", ", ", ". ", "\n", "’s ", " said ", "—", "\x00"])),
                max_size=40))
def test_place_names_in_noise(parser, parts):
    _check(parser, "".join(parts))


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_decoded_with_replacement(parser, data):
    _check(parser, data.decode("utf-8", errors="replace"))
