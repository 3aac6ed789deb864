"""Events proposed from articles: the seed article, date rules, rule tables."""

from __future__ import annotations

from datetime import date

import pytest

from geo.errors import InputError
from geo.events import EventExtractor, attribution, load_kind_rules, resolve_date
from geo.gazetteer import km, load_gazetteer
from geo.geoparse import Geoparser
from geo.models import Article, ClaimStatus, EventKind
from seeds import load_articles, load_events

MONDAY = date(2023, 3, 13)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor(Geoparser(load_gazetteer()))


def test_seed_article_yields_the_curated_events(extractor):
    article = load_articles()[0]
    proposed = extractor.extract(article)
    expected = [e for e in load_events() if e.article_id == article.id]
    assert len(expected) == 9
    for want in expected:
        hits = [e for e in proposed if e.day == want.day and e.kind == want.kind
                and km(e.place.lat, e.place.lon, want.place.lat, want.place.lon) < 25]
        assert hits, f"missing {want.day} {want.kind} {want.place.name}"
        assert any(h.claim_status == want.claim_status for h in hits), want.summary
        assert all(h.quote in article.text and h.article_id == article.id for h in hits)
    visit = next(e for e in proposed if e.place.name == "Moscow")
    # "Xi visits Moscow next week": planned, some day of the week of 20 March (no end
    # day invented for a week-precision date)
    assert visit.day == date(2023, 3, 20) and visit.day_precision == "week"
    assert visit.claim_status is ClaimStatus.PLANNED and visit.end_day is None
    assert "Xi Jinping" in visit.actors and "Vladimir Putin" in visit.actors
    assert not any(e.place.name in ("Wagner", "Reuters") for e in proposed)


def test_claims_follow_attribution(extractor):
    article = Article(title="t", text="Ukraine said on Monday that Russian forces shelled "
                      "Kharkiv. Prigozhin said Wagner had captured Soledar.",
                      published=MONDAY, source="test")
    events = {e.place.name: e for e in extractor.extract(article)}
    assert events["Kharkiv"].claim_status is ClaimStatus.CLAIMED
    assert events["Kharkiv"].claimed_by == "Ukraine"
    assert events["Kharkiv"].kind is EventKind.SHELLING_STRIKE
    assert events["Soledar"].kind is EventKind.CAPTURE_CLAIM
    assert events["Soledar"].claimed_by == "Prigozhin"
    assert "Wagner Group" in events["Soledar"].actors


@pytest.mark.parametrize("sentence,expected", [
    ("Shelling hit Kherson on Monday.", date(2023, 3, 13)),
    ("Shelling hit Kherson on Friday.", date(2023, 3, 10)),
    ("Shelling hit Kherson yesterday.", date(2023, 3, 12)),
    ("Shelling hit Kherson last week.", date(2023, 3, 6)),
    ("Xi visits Moscow next week.", date(2023, 3, 20)),
    ("Shelling hit Kherson on 24 February 2022.", date(2022, 2, 24)),
    ("Shelling hit Kherson on March 3.", date(2023, 3, 3)),
    ("Shelling hit Kherson on 2023-01-15.", date(2023, 1, 15)),
    ("Shelling hit Kherson next Monday.", date(2023, 3, 20)),
    ("Shelling hit Kherson.", MONDAY),
])
def test_date_rules(sentence, expected):
    assert resolve_date(sentence, MONDAY)[0] == expected


def test_date_ranges():
    day, end, _ = resolve_date("The visit runs from 20-22 March.", MONDAY)
    assert (day, end) == (date(2023, 3, 20), date(2023, 3, 22))


def test_attribution_forms():
    assert attribution("“We hold,” the Ukrainian military said.") == ("Ukrainian military", True)
    assert attribution("According to Jake Sullivan, talks go on.")[0] == "Jake Sullivan"
    assert attribution("Kyiv was quiet, a source told Reuters.")[0] == "a source"
    assert attribution("Nothing happened.") == ("", False)
    dated = "KYIV, Ukraine (Reuters) - Ukraine's army said it retook Robotyne."
    assert attribution(dated)[0] == "Ukraine's army"


def test_rule_table_is_transparent_and_extendable(extractor):
    rules = load_kind_rules()
    assert rules == sorted(rules, key=lambda r: r.priority)
    assert {r.kind for r in rules} >= {EventKind.JUDICIAL, EventKind.GROUND_FIGHTING}
    extra = "priority,kind,pattern,days,note\n5,humanitarian,\\bgrain\\b,1,grain corridor\n"
    custom = EventExtractor(extractor.parser, kind_rules=load_kind_rules(extra=extra))
    article = Article(title="t", text="Missiles hit grain silos in Izmail.", published=MONDAY,
                      source="test")
    assert custom.extract(article)[0].kind is EventKind.HUMANITARIAN
    assert extractor.extract(article)[0].kind is EventKind.SHELLING_STRIKE
    with pytest.raises(InputError, match="kind"):
        load_kind_rules("priority,kind,pattern,days\n1,party,x,1\n")
    with pytest.raises(InputError, match="pattern"):
        load_kind_rules("priority,kind,pattern,days\n1,other,(,1\n")


def test_no_event_without_a_place(extractor):
    article = Article(title="t", text="Both sides claimed heavy losses.", published=MONDAY,
                      source="test")
    assert extractor.extract(article) == []
