"""Corroboration: the same event reported by several articles is one event (issue 15)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from geo.events import EventExtractor
from geo.events.corroborate import corroborate, independent_count
from geo.gazetteer import load_gazetteer
from geo.geoparse import Geoparser
from geo.models import Article, ClaimStatus, Event, EventKind, Place

DAY = date(2023, 9, 19)
KHARKIV = Place("Kharkiv", 49.994, 36.230, "UA")
KHARKIV_EDGE = Place("Kharkiv outskirts", 50.05, 36.35, "UA")  # about 10 km away
ODESA = Place("Odesa", 46.483, 30.723, "UA")


def report(source: str, place: Place = KHARKIV, *, kind=EventKind.SHELLING_STRIKE, day=DAY,
           quote: str | None = None, status=ClaimStatus.CLAIMED, by="Ukraine's air force",
           confidence=0.7, denied="") -> Event:
    return Event(day=day, place=place, kind=kind, summary=f"{source}: strike", source=source,
                 claim_status=status, claimed_by=by, quote=quote or f"{source} wrote this.",
                 confidence=confidence, denied_by=denied, article_id=f"art-{source}")


def test_reports_of_one_event_become_one_with_every_source():
    merged = corroborate([report("Reuters", confidence=0.6),
                          report("AP", KHARKIV_EDGE, confidence=0.8),
                          report("Kyiv Independent"), report("Reuters", ODESA)])
    assert len(merged) == 2
    kharkiv = next(e for e in merged if e.place.name != "Odesa")
    assert kharkiv.sources == ("AP", "Kyiv Independent", "Reuters")
    assert kharkiv.independent_sources == 3
    assert kharkiv.place.name == "Kharkiv outskirts"  # the most confident report leads
    odesa = next(e for e in merged if e.place.name == "Odesa")
    assert odesa.sources == ("Reuters",) and odesa.independent_sources == 1


def test_one_wire_story_printed_twice_is_one_independent_source():
    wire = "Russian missiles hit Kharkiv on Tuesday, Ukraine's air force said."
    (event,) = corroborate([report("Outlet A", quote=wire), report("Outlet B", quote=wire),
                            report("Outlet C")])
    assert event.sources == ("Outlet A", "Outlet B", "Outlet C")
    assert event.independent_sources == 2


def test_incompatible_reports_stay_apart():
    planned = report("A", kind=EventKind.DIPLOMATIC, status=ClaimStatus.PLANNED)
    happened = report("B", kind=EventKind.DIPLOMATIC, status=ClaimStatus.CONFIRMED)
    other_day = report("C", day=date(2023, 9, 18))
    other_kind = report("D", kind=EventKind.GROUND_FIGHTING)
    said_by_x = report("E", kind=EventKind.STATEMENT, by="Zelenskyy")
    said_by_y = report("F", kind=EventKind.STATEMENT, by="Putin")
    merged = corroborate([planned, happened, other_day, other_kind, said_by_x, said_by_y,
                          report("G")])
    assert len(merged) == 7


def test_a_denial_stands_and_a_confirmation_wins_over_a_claim():
    (disputed,) = corroborate([report("A"), report("B", status=ClaimStatus.DISPUTED,
                                                   denied="Moscow")])
    assert disputed.claim_status is ClaimStatus.DISPUTED and disputed.denied_by == "Moscow"
    (confirmed,) = corroborate([report("A"), report("B", status=ClaimStatus.CONFIRMED, by="")])
    assert confirmed.claim_status is ClaimStatus.CONFIRMED
    assert confirmed.claimed_by == "Ukraine's air force"


def test_idempotent_and_re_ingest_counts_once():
    reports = [report("Reuters"), report("AP", KHARKIV_EDGE), report("BBC", ODESA)]
    once = corroborate(reports)
    assert corroborate(once) == once
    again = corroborate(reports + reports)  # the same articles ingested twice
    assert again == once
    # a new article later joins the merged event: one more independent source
    later = corroborate(once + [report("Le Monde")])
    kharkiv = next(e for e in later if e.place.name != "Odesa")
    assert kharkiv.independent_sources == 3 and "Le Monde" in kharkiv.sources
    assert corroborate(later) == later


def test_independent_count_of_a_merged_event_is_kept():
    merged = replace(report("A"), sources=("A", "B"), independent_sources=2)
    assert independent_count([merged]) == 2
    assert independent_count([merged, report("A")]) == 2  # the same outlet again


def test_extracted_reports_from_two_articles_merge():
    extractor = EventExtractor(Geoparser(load_gazetteer()))
    a = Article(title="", text="Russian missiles hit Kharkiv on Tuesday, officials said.",
                published=date(2023, 9, 20), source="Wire One")
    b = Article(title="", text="A Russian strike hit Kharkiv on Tuesday, injuring three.",
                published=date(2023, 9, 20), source="Paper Two")
    events = extractor.extract(a) + extractor.extract(b)
    (merged,) = corroborate(events)
    assert merged.sources == ("Paper Two", "Wire One") and merged.independent_sources == 2
    assert merged.claim_status is ClaimStatus.CONFIRMED
