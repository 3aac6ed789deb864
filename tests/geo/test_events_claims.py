"""Events: reporting clauses, who claims and who denies, negations, planned events,
coreference and several events per sentence (issue 15)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events import EventExtractor
from geo.gazetteer import km, load_gazetteer
from geo.geoparse import Geoparser
from geo.models import Article, ClaimStatus, EventKind

WEDNESDAY = date(2023, 9, 20)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor(Geoparser(load_gazetteer()))


def events(extractor, text, published=WEDNESDAY, title=""):
    return extractor.extract(Article(title=title, text=text, published=published, source="t"))


def names(found):
    return sorted(e.place.name for e in found)


def test_a_claim_denied_in_the_same_sentence_is_disputed_and_not_a_statement_at_kyiv(extractor):
    found = events(extractor, "Russia's defence ministry claimed its troops had taken Marinka on "
                              "Tuesday, a claim Kyiv denied.")
    assert len(found) == 1
    (event,) = found
    assert event.kind is EventKind.CAPTURE_CLAIM and event.place.name == "Mar'yinka"
    assert event.day == date(2023, 9, 19)
    assert event.claim_status is ClaimStatus.DISPUTED
    assert "defence ministry" in event.claimed_by and event.denied_by == "Kyiv"


def test_a_denial_in_the_next_sentence_disputes_the_claim(extractor):
    found = events(extractor, "Wagner chief Yevgeny Prigozhin said on Saturday his fighters had "
                              "taken full control of Bakhmut. Ukraine's deputy defence minister "
                              "denied that the city had fallen.", published=date(2023, 5, 21))
    (event,) = found
    assert event.kind is EventKind.CAPTURE_CLAIM and event.day == date(2023, 5, 20)
    assert event.claim_status is ClaimStatus.DISPUTED
    assert "Prigozhin" in event.claimed_by and "deputy defence minister" in event.denied_by


def test_a_contrasting_clause_disputes_the_claim(extractor):
    (event,) = events(extractor, "Russia said on Monday its forces had advanced near Vuhledar, but "
                                 "Ukrainian officials said the attacks had been repelled.",
                      published=date(2023, 1, 31))
    assert event.kind is EventKind.GROUND_FIGHTING and event.day == date(2023, 1, 30)
    assert event.claim_status is ClaimStatus.DISPUTED
    assert event.claimed_by == "Russia" and event.denied_by == "Ukrainian officials"


@pytest.mark.parametrize("text", [
    "Kyiv says Russian strikes hit Kharkiv.",
    "Russian strikes hit Kharkiv, Kyiv said.",
    "According to Kyiv, Russian strikes hit Kharkiv.",
    "Russian strikes hit Kharkiv, Ukraine's air force said, while Moscow said nothing.",
])
def test_a_reporting_clause_is_the_claimant_never_the_place(extractor, text):
    found = events(extractor, text)
    assert names(found) == ["Kharkiv"]
    assert found[0].kind is EventKind.SHELLING_STRIKE
    assert found[0].claim_status is ClaimStatus.CLAIMED and found[0].claimed_by


def test_a_claimant_in_mid_sentence_covers_the_whole_sentence(extractor):
    found = events(extractor, "Russian forces attacked near Synkivka and Lyman on Tuesday, the "
                              "General Staff said, while Ukrainian units pushed forward near "
                              "Bakhmut.")
    assert names(found) == ["Bakhmut", "Lyman", "Synkivka"]
    assert {e.claimed_by for e in found} == {"General Staff"}
    assert {e.day for e in found} == {date(2023, 9, 19)}


def test_a_pronoun_speaker_is_the_last_named_one(extractor):
    found = events(extractor, "Ukrainian forces have likely advanced south of Robotyne, the "
                              "Institute for the Study of War said. Russian troops failed to "
                              "recapture positions near the village on Monday, it added.",
                   published=date(2023, 8, 29))
    assert len(found) == 2
    assert {e.claim_status for e in found} == {ClaimStatus.ASSESSED}
    assert {e.day for e in found} == {date(2023, 8, 29), date(2023, 8, 28)}


def test_reporter_voice_is_confirmed_and_analysts_are_assessed(extractor):
    (plain,) = events(extractor, "Russian artillery shelled Kherson on Thursday.")
    assert plain.claim_status is ClaimStatus.CONFIRMED and plain.claimed_by == ""
    (uk,) = events(extractor, "Russia has likely moved reserves to Tokmak and shelled the town, "
                              "Britain's Ministry of Defence said in its intelligence update.")
    assert uk.claim_status is ClaimStatus.ASSESSED
    (ru,) = events(extractor, "Russian troops shelled Kherson, Russia's Ministry of Defence said.")
    assert ru.claim_status is ClaimStatus.CLAIMED


@pytest.mark.parametrize("text,kinds", [
    ("Russian forces failed to capture Berdychi, the General Staff said.", {"ground_fighting"}),
    ("Russian troops did not enter Robotyne, the Ukrainian military said.", set()),
    ("Ukrainian troops repelled Russian attacks near Orlivka.", {"ground_fighting"}),
    ("Russian forces have not captured Avdiivka.", set()),
    ("Ukrainian forces may withdraw from Bakhmut if needed, an adviser said.", set()),
])
def test_negations_never_become_a_capture(extractor, text, kinds):
    assert {e.kind.value for e in events(extractor, text)} == kinds


def test_planned_events_are_kept_apart_and_dated(extractor):
    found = events(extractor, "Vladimir Putin will visit Minsk next week for talks with Alexander "
                              "Lukashenko, the Kremlin said on Monday.", published=date(2024, 6, 3))
    (visit,) = found
    assert visit.place.name == "Minsk" and visit.kind is EventKind.DIPLOMATIC
    assert visit.claim_status is ClaimStatus.PLANNED and visit.claimed_by == "Kremlin"
    assert visit.day == date(2024, 6, 10) and visit.day_precision == "week"
    (modi,) = events(extractor, "Indian Prime Minister Narendra Modi will visit Moscow in January, "
                                "the Kremlin said.", published=date(2024, 12, 25))
    assert modi.claim_status is ClaimStatus.PLANNED
    assert modi.day == date(2025, 1, 1) and modi.day_precision == "month"


def test_coreference_the_town_the_capital_and_there(extractor):
    found = events(extractor, "Russian troops attacked Vovchansk on Friday. Heavy shelling hit "
                              "the town, and about 1,800 people were evacuated, the governor said.",
                   published=date(2024, 5, 10))
    assert {(e.kind.value, e.place.name) for e in found} == {
        ("ground_fighting", "Vovchansk"), ("shelling_strike", "Vovchansk"),
        ("humanitarian", "Vovchansk")}
    capital = events(extractor, "Russian drones hit Zaporizhzhia. Air defences shot down 45 drones "
                                "over the capital on Sunday night.", published=date(2023, 1, 2))
    assert {(e.place.name, e.day) for e in capital} == {
        ("Zaporizhzhya", date(2023, 1, 2)), ("Kyiv", date(2023, 1, 1))}
    there = events(extractor, "Bodies of civilians were found in Bucha on Sunday. Prosecutors "
                              "opened a war crimes investigation there on Monday.",
                   published=date(2022, 4, 4))
    assert {(e.kind.value, e.place.name) for e in there} == {
        ("humanitarian", "Bucha"), ("judicial", "Bucha")}


def test_several_places_in_one_sentence_are_several_events(extractor):
    found = events(extractor, "Russia fired 122 missiles at Ukraine on Friday, hitting Kyiv, Lviv, "
                              "Dnipro and Odesa, Ukraine's air force said.",
                   published=date(2023, 12, 29))
    assert names(found) == ["Dnipro", "Kyiv", "Lviv", "Odesa"]
    assert all(e.kind is EventKind.SHELLING_STRIKE and e.claimed_by for e in found)
    # a place that only locates another one is not an event of its own
    (near,) = events(extractor, "A Ukrainian strike on a building in Makiivka, near Donetsk, "
                                "killed dozens, Russia's defence ministry said.")
    assert near.place.name == "Makiyivka"


def test_a_headline_repeated_by_the_body_is_not_a_second_event(extractor):
    title = "Kyiv says Russian strikes hit Kharkiv"
    text = title + "\n\nRussian missiles hit Kharkiv on Tuesday, Ukraine's air force said."
    found = events(extractor, text, title=title)
    assert [(e.place.name, e.day) for e in found] == [("Kharkiv", date(2023, 9, 19))]


def test_habitual_and_background_sentences_are_not_events(extractor):
    assert events(extractor, "The city of Kharkiv has been shelled almost daily since the "
                             "spring.") == []


def test_quote_span_points_into_the_text(extractor):
    text = "Nothing new. Russian artillery shelled Kherson on Thursday, killing two."
    (event,) = events(extractor, text)
    start, end = event.quote_span
    assert text[start:end] == event.quote == "Russian artillery shelled Kherson on Thursday, " \
                                             "killing two."
    assert km(event.place.lat, event.place.lon, 46.635, 32.617) < 25


def test_a_bare_statement_is_placed_where_it_was_made_else_at_the_speakers_seat(extractor):
    (odesa,) = events(extractor, "Zelenskyy, speaking in Odesa on Friday, said Ukraine would "
                                 "never give up its land.")
    assert (odesa.kind, odesa.place.name, odesa.day) == (EventKind.STATEMENT, "Odesa",
                                                         date(2023, 9, 15))
    assert odesa.claim_status is ClaimStatus.CLAIMED and "Zelenskyy" in odesa.claimed_by
    (seat,) = events(extractor, "Kremlin spokesman Dmitry Peskov told reporters on Monday that "
                                "the operation was going to plan.")
    assert (seat.kind, seat.place.name, seat.day) == (EventKind.STATEMENT, "Moscow",
                                                      date(2023, 9, 18))
    assert events(extractor, "The mayor said nobody was hurt.") == []
    # a reporting clause of an event is never a statement of its own
    found = events(extractor, "Zelenskyy said Russian drones hit Odesa overnight.")
    assert [(e.kind, e.place.name) for e in found] == [(EventKind.SHELLING_STRIKE, "Odesa")]
