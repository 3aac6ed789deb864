"""The geoparser: the seed article, hard cases, corrections and bad input."""

from __future__ import annotations

import pytest

from geo.gazetteer import km, load_gazetteer
from geo.geoparse import CHUNK_CHARS, Geoparser, clean_text, html_to_text, override_key
from geo.models import Place
from seeds import load_articles


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(load_gazetteer())


def found(parser: Geoparser, text: str) -> dict[str, Place]:
    return {t.mention.surface: t.place for t in parser.parse(text)}


def test_seed_article_places(parser):
    article = load_articles()[0]
    toponyms = parser.parse(article.text)
    by_name = {}
    for t in toponyms:
        assert article.text[t.mention.start:t.mention.end] == t.mention.surface
        by_name.setdefault(t.place.name, t.place)
    expected = {"Bakhmut": (48.5942, 37.9989, "UA"), "The Hague": (52.0767, 4.2986, "NL"),
                "Moscow": (55.752, 37.6178, "RU"), "Beijing": (39.9075, 116.3972, "CN"),
                "Washington": (38.8951, -77.0364, "US"), "Ukraine": (49.0, 32.0, "UA"),
                "Russia": (60.0, 100.0, "RU"), "China": (35.0, 105.0, "CN"),
                "Europe": (48.691, 9.1406, "")}
    for name, (lat, lon, cc) in expected.items():
        place = by_name[name]
        assert km(place.lat, place.lon, lat, lon) < 5 and place.country_code == cc, name
    surfaces = {t.mention.surface for t in toponyms}
    for name in ("Wagner", "Media Military Centre", "Wall Street Journal", "Reuters", "ICC",
                 "Military", "Centre", "Street", "Journal", "Prigozhin"):
        assert name not in surfaces
    assert not any("Wall" in s or "Media" in s for s in surfaces)


def test_metonymic_capitals(parser):
    places = found(parser, "Washington said the call was not confirmed, and Moscow denied it.")
    assert places["Washington"].metonymic and places["Moscow"].metonymic
    literal = found(parser, "Xi visits Moscow next week; analysts in Washington said so.")
    assert not literal["Moscow"].metonymic and not literal["Washington"].metonymic
    assert found(parser, "It deepened Moscow’s diplomatic isolation.")["Moscow"].metonymic


@pytest.mark.parametrize("text", [
    "Ukrainian and Russian officials met.", "The Wagner Group and Prigozhin spoke to Reuters.",
    "The ICC and Nato said Patriot and Leopard deliveries would continue.",
    "Storm Shadow missiles were fired.", "The Wall Street Journal reported it first.",
    "The Media Military Centre quoted Colonel General Oleksandr Syrskyi.",
    "President Volodymyr Zelenskyy met Lloyd Austin.", "Russians and Ukrainians queued.",
    "The Black Sea Fleet lost a ship.", "Most people said the police would come in March.",
    "Pope Francis called for peace.", "Officials said Sherman and Lancaster were mentioned.",
    "Euromaidan Press, Jul 17 and Nov 22.", "Fighting was reported near Malaya Loknya.",
    "The Order of Lenin and Google were mentioned.",
])
def test_things_that_are_not_places(parser, text):
    assert parser.parse(text) == []


def test_small_places_abroad_need_a_locative_context(parser):
    assert "Lancaster" in found(parser, "Parts were made in Lancaster for the army.")
    assert "Davos" in found(parser, "Speaking in Davos, Zelenskiy urged faster deliveries.")
    assert "Krasnohorivka" in found(parser, "Russia said its forces took Krasnohorivka.")


def test_qualifiers_and_country_vs_state(parser):
    places = found(parser, "A plant in Paris, Texas, makes shells.")
    assert places["Paris"].country_code == "US" and places["Texas"].country_code == "US"
    assert found(parser, "Paris said it would send trainers.")["Paris"].country_code == "FR"
    assert found(parser, "Georgia's president spoke.")["Georgia"].country_code == "GE"
    andriivka = found(parser, "Andriivka, Kharkiv region, was shelled.")["Andriivka"]
    assert km(andriivka.lat, andriivka.lon, 49.98, 36.25) < 200


def test_city_versus_oblast(parser):
    places = found(parser, "Shelling hit Donetsk and the Donetsk region.")
    assert places["Donetsk"].feature_class == "P"
    assert places["Donetsk region"].feature_class == "A"
    listed = parser.parse("Russia annexed the Donetsk, Luhansk and Kherson regions.")
    assert [t.place.name for t in listed[1:]] == ["Donetsk Oblast", "Luhansk Oblast",
                                                 "Kherson Oblast"]
    assert found(parser, "Fighting in the region of Kharkiv went on.")["Kharkiv"].name == \
        "Kharkiv Oblast"


def test_river_versus_city(parser):
    assert found(parser, "Marines crossed the Dnipro at night.")["Dnipro"].feature_class == "H"
    assert found(parser, "A missile hit Dnipro at night.")["Dnipro"].feature_class == "P"
    assert found(parser, "The city of Dnipro was hit.")["Dnipro"].feature_class == "P"
    assert found(parser, "Boats on the Dnieper.")["Dnieper"].feature_class == "H"


def test_theatre_prior_and_context(parser):
    tokmak = found(parser, "Ukrainian forces pushed toward Tokmak.")["Tokmak"]
    assert tokmak.country_code == "UA"
    alone = found(parser, "The UN met in New York.")["New York"]
    assert alone.country_code == "US"
    near = found(parser, "Shelling hit Toretsk and New York overnight.")
    assert near["New York"].country_code == "UA"
    assert near["New York"].alternatives  # the US city was considered


def test_datelines_and_headlines(parser):
    assert "KYIV" in found(parser, "KYIV, March 14 (Reuters) - Officials said...")
    assert "BAKHMUT" in found(parser, "RUSSIA SAYS IT REPELLED ATTACKS NEAR BAKHMUT")
    assert "UN" not in found(parser, "The UN said so.")
    headline = found(parser, "Ukraine Says Its Forces Advanced Near Bakhmut And Klishchiivka")
    assert set(headline) == {"Ukraine", "Bakhmut", "Klishchiivka"}
    assert found(parser, "Officials Say Most Police Stations Reopened") == {}


def test_alternatives_and_candidates_are_kept(parser):
    toponym = parser.parse("Fighting near Andriivka went on.")[0]
    assert len(toponym.place.alternatives) >= 3
    assert toponym.candidates[0][0].source_id == toponym.place.source_id
    assert 0 < toponym.place.confidence <= 1


def test_overrides_replace_the_resolution(parser):
    fixed = Place(name="Andriivka (Zaporizhzhia)", lat=47.6, lon=36.1, country_code="UA",
                  source_id="override")
    corrections = {override_key("Andriivka"): fixed}
    corrected = Geoparser(parser.gaz, overrides=corrections).parse("Near Andriivka today.")
    assert corrected[0].place.lat == 47.6 and corrected[0].overridden
    assert corrected[0].place.alternatives[0].startswith("theatre:")


def test_bad_input_never_crashes(parser):
    assert parser.parse("") == []
    assert parser.parse(None) == []  # type: ignore[arg-type]
    text = clean_text("Kyiv\x00\x07 and\x1b Kharkiv\r\nwere hit.")
    assert set(found(parser, text)) == {"Kyiv", "Kharkiv"}
    raw = b"Kyiv \xff\xfe and Odesa".decode("utf-8", errors="replace")
    assert set(found(parser, raw)) == {"Kyiv", "Odesa"}
    title, body = html_to_text("<html><title>Strike on Lviv</title><script>Kyiv()</script>"
                               "<p>Missiles hit <b>Lviv</b>.</p></html>")
    assert title == "Strike on Lviv" and "Kyiv" not in body
    assert set(found(parser, body)) == {"Lviv"}


def test_long_text_is_processed_in_chunks(parser, monkeypatch):
    # Chunks of 5,000 characters instead of 500,000: the same cuts, a hundredth of the text.
    import geo.geoparse.parser as parser_module

    chunk_chars = 5_000
    assert chunk_chars < CHUNK_CHARS
    monkeypatch.setattr(parser_module, "CHUNK_CHARS", chunk_chars)
    sentence = "Russian forces shelled Kharkiv and Kherson overnight. "
    text = sentence * (chunk_chars * 2 // len(sentence) + 10)
    assert len(text) > 2 * chunk_chars
    chunks = []
    real_chunk = parser._parse_chunk
    monkeypatch.setattr(parser, "_parse_chunk",
                        lambda part, offset, *lang: chunks.append(offset)
                        or real_chunk(part, offset, *lang))
    toponyms = parser.parse(text)
    assert len(chunks) >= 3  # really cut, at sentence ends
    assert all(text[offset - 1] == "." for offset in chunks[1:])
    assert len(toponyms) == 2 * (chunk_chars * 2 // len(sentence) + 10)
    last = toponyms[-1]
    assert text[last.mention.start:last.mention.end] == last.mention.surface == "Kherson"
