"""English event rules added for issue 15's held-out traps (each from a dev-set error)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events import EventExtractor
from geo.models import Article, ClaimStatus, EventKind

WEDNESDAY = date(2023, 6, 14)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor()


def events(extractor: EventExtractor, text: str, published: date = WEDNESDAY):
    return extractor.extract(Article(title="", text=text, published=published, source="t"))


def test_a_contradiction_in_the_next_sentence_disputes_the_claim(extractor):
    found = events(extractor, "Moscow said its forces had advanced near Bakhmut on Tuesday. "
                              "Ukraine's military said it had repelled the attacks.")
    (event,) = found
    assert event.claim_status is ClaimStatus.DISPUTED
    assert (event.claimed_by, event.denied_by) == ("Moscow", "Ukraine's military")


def test_a_contradiction_does_not_dispute_what_the_reporter_tells(extractor):
    (event,) = events(extractor, "Russian forces attacked Vuhledar on Tuesday. The governor "
                                 "said the attacks had been repelled.")
    assert event.claim_status is ClaimStatus.CONFIRMED


def test_the_city_had_not_fallen(extractor):
    (event,) = events(extractor, "Prigozhin claimed that his fighters had taken the eastern "
                                 "part of Bakhmut. Ukrainian commanders said the city had not "
                                 "fallen.")
    assert (event.kind, event.claim_status) == (EventKind.CAPTURE_CLAIM, ClaimStatus.DISPUTED)
    assert event.denied_by == "Ukrainian commanders"


def test_shortly_after_is_the_previous_events_day(extractor):
    found = events(extractor, "Zelenskyy visited Odesa on Saturday. A Russian missile struck "
                              "the port city shortly after he left, the military said.",
                   date(2024, 3, 18))
    assert {(e.kind, e.day) for e in found} == {(EventKind.DIPLOMATIC, date(2024, 3, 16)),
                                                (EventKind.SHELLING_STRIKE, date(2024, 3, 16))}


def test_a_clause_without_event_wording_is_not_placed_at_a_seat(extractor):
    found = events(extractor, "NATO leaders will meet in Washington next month, and Zelenskyy "
                              "is expected to attend.", date(2024, 6, 3))
    assert [(e.kind, e.place.name, e.claim_status) for e in found] == [
        (EventKind.DIPLOMATIC, "Washington", ClaimStatus.PLANNED)]


def test_the_visit_told_before_is_no_new_visit(extractor):
    found = events(extractor, "Viktor Orban visited Moscow on Friday. EU officials criticised "
                              "the visit.", date(2024, 7, 8))
    assert [e.place.name for e in found] == ["Moscow"]


def test_a_participle_or_a_passive_infinitive_is_not_the_event(extractor):
    (ship,) = events(extractor, "A Russian missile hit a civilian ship entering the port of "
                                "Odesa on Wednesday.")
    assert ship.kind is EventKind.SHELLING_STRIKE
    (station,) = events(extractor, "A missile strike on the station in Kramatorsk killed 50 "
                                   "people waiting to be evacuated.")
    assert station.kind is EventKind.SHELLING_STRIKE
    (flight,) = [e for e in events(extractor, "Russian troops attacked Vovchansk on Friday, "
                                              "forcing residents to flee.")
                 if e.kind is EventKind.HUMANITARIAN]
    assert flight.place.name.startswith("Vovchansk")


def test_a_speaker_with_an_apposition(extractor):
    (event,) = events(extractor, "Ukrainian units pushed toward Tokmak on Thursday, Oleksandr "
                                 "Shtupun, a military spokesman, said.")
    assert (event.claim_status, event.claimed_by) == (ClaimStatus.CLAIMED, "Oleksandr Shtupun")


def test_an_unnamed_person_makes_no_statement(extractor):
    assert events(extractor, "Ukrainian forces could withdraw from Bakhmut if needed, an "
                             "adviser to Zelenskyy said.") == []


@pytest.mark.parametrize("text, kind", [
    ("Ukrainian forces gained ground near Bakhmut on Friday.", EventKind.GROUND_FIGHTING),
    ("Skirmishes flared near Kupiansk on Wednesday.", EventKind.GROUND_FIGHTING),
    ("Ukrainian troops fought off 15 assaults near Marinka.", EventKind.GROUND_FIGHTING),
    ("Ukrainian troops took back the village of Robotyne.", EventKind.CAPTURE_CLAIM),
    ("Russian forces overran Sievierodonetsk after weeks of fighting.", EventKind.CAPTURE_CLAIM),
    ("Russian artillery pounded Kherson on Monday.", EventKind.SHELLING_STRIKE),
    ("Partisans blew up a train near Melitopol.", EventKind.SHELLING_STRIKE),
    ("Blasts were heard in Sevastopol on Sunday night.", EventKind.SHELLING_STRIKE),
    ("Power outages were imposed in Kharkiv on Friday.", EventKind.HUMANITARIAN),
    ("EU leaders agreed in Brussels on Monday to ban Russian oil.", EventKind.DIPLOMATIC),
    ("The leaders met in Vilnius on Tuesday.", EventKind.DIPLOMATIC),
])
def test_more_event_wording(extractor, text, kind):
    assert [e.kind for e in events(extractor, text)] == [kind]
