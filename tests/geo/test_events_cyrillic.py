"""Events from Ukrainian and Russian text (issue 16 item 2): the rules of each part of the model."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.events import EventExtractor
from geo.events.cyrillic_dating import resolve_when_cyrillic
from geo.events.lemmas import LemmaView
from geo.models import Article, ClaimStatus, EventKind

WEDNESDAY = date(2023, 9, 20)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor()


def events(extractor: EventExtractor, text: str, published: date = WEDNESDAY, **kw):
    return extractor.extract(Article(title=kw.pop("title", ""), text=text, published=published,
                                     source="test"), **kw)


def one(extractor: EventExtractor, text: str, published: date = WEDNESDAY):
    found = events(extractor, text, published)
    assert len(found) == 1, [(e.kind, e.place.name) for e in found]
    return found[0]


# -- kinds and actors, from lemmas ------------------------------------------------------------

@pytest.mark.parametrize("text, kind, place", [
    ("ЗСУ відбили атаки біля Бахмута.", EventKind.GROUND_FIGHTING, "Bakhmut"),
    ("ВС РФ освободили Марьинку.", EventKind.CAPTURE_CLAIM, "Mar'yinka"),
    ("Українські військові звільнили Андріївку.", EventKind.CAPTURE_CLAIM, "Andriivka"),
    ("Російські війська обстріляли Херсон.", EventKind.SHELLING_STRIKE, "Kherson"),
    ("Беспилотники атаковали Белгород.", EventKind.SHELLING_STRIKE, "Belgorod"),
    ("Российские войска отошли из Балаклеи.", EventKind.WITHDRAWAL, "Balakliya"),
    ("З Херсона евакуювали тисячу людей.", EventKind.HUMANITARIAN, "Kherson"),
])
def test_kind_rules_read_every_inflection(extractor, text, kind, place):
    event = one(extractor, text)
    assert (event.kind, event.place.name) == (kind, place)
    assert event.claim_status is ClaimStatus.CONFIRMED and event.claimed_by == ""


def test_lemmas_put_words_to_their_dictionary_form():
    view = LemmaView("ЗСУ відбили 12 атак біля Бахмута 20–22 березня", "uk")
    assert view.string == "зсу відбити 12 атака біля бахмут 20 - 22 березень"
    at = view.string.index("бахмут")
    assert view.text[view.text_start(at):].startswith("Бахмута")


def test_actors_in_both_languages(extractor):
    uk = one(extractor, "ЗСУ відбили атаки біля Бахмута, повідомили в Генштабі.")
    ru = one(extractor, "ВС РФ освободили Марьинку, сообщили в Минобороны.")
    assert uk.actors == ("Armed Forces of Ukraine",)
    assert ru.actors == ("Russian armed forces",)


# -- reporting clauses: claimants, never places ------------------------------------------------

@pytest.mark.parametrize("text, who", [
    ("За даними Генштабу, ЗСУ відбили атаки біля Бахмута.", "Генштаб"),
    ("ЗСУ відбили атаки біля Бахмута, повідомили в Генштабі ЗСУ.", "Генштаб ЗСУ"),
    ("ЗСУ відбили атаки біля Бахмута, — заявив Володимир Зеленський.", "Володимир Зеленський"),
    ("Як повідомили в ОВА, росіяни обстріляли Херсон.", "ОВА"),
    ("По данным Минобороны, ВС РФ освободили Марьинку.", "Минобороны"),
    ("Минобороны РФ заявило, что ВС РФ освободили Марьинку.", "Минобороны РФ"),
    ("ВС РФ освободили Марьинку, заявили в Минобороны России.", "Минобороны России"),
    ("Міноборони РФ заявило про звільнення Мар'їнки.", "Міноборони РФ"),
])
def test_reporting_clause_is_the_claimant(extractor, text, who):
    event = one(extractor, text)
    assert event.claim_status is ClaimStatus.CLAIMED
    assert event.claimed_by == who


def test_claimant_keeps_its_number_and_dependents(extractor):
    event = one(extractor, "Росія обстріляла Київ, повідомили в Повітряних силах ЗСУ.")
    assert event.claimed_by == "Повітряні сили ЗСУ"


def test_place_in_a_reporting_clause_is_not_an_event(extractor):
    found = events(extractor, "Ночью беспилотники атаковали Измаил, сообщил губернатор Одесской "
                              "области.")
    assert [e.place.name for e in found] == ["Izmayil"]
    assert found[0].claimed_by == "губернатор Одесской области"


def test_analysts_are_assessed(extractor):
    event = one(extractor, "Українські сили просунулися біля Роботиного, йдеться в оцінці "
                           "Інституту вивчення війни.")
    assert event.claim_status is ClaimStatus.ASSESSED


# -- denials, negations, plans --------------------------------------------------------------

def test_denial_in_the_same_sentence(extractor):
    event = one(extractor, "Минобороны РФ заявило, что ВС РФ освободили Марьинку, что "
                           "опровергли в Киеве.")
    assert event.claim_status is ClaimStatus.DISPUTED
    assert (event.claimed_by, event.denied_by) == ("Минобороны РФ", "Киев")


def test_denial_in_the_next_sentence(extractor):
    event = one(extractor, "Пригожин заявил, что его бойцы взяли Артемовск. В Минобороны "
                           "Украины это опровергли.", date(2023, 5, 21))
    assert event.place.name == "Bakhmut" and event.claim_status is ClaimStatus.DISPUTED
    assert event.denied_by == "Минобороны Украины"


def test_attack_repelled_disputes_a_claimed_capture(extractor):
    found = events(extractor, "Бійці РДК заявили, що зайшли в Грайворон. Губернатор Гладков "
                              "стверджує, що атаку відбито.")
    kinds = {e.kind: e for e in found}
    assert kinds[EventKind.CAPTURE_CLAIM].claim_status is ClaimStatus.DISPUTED
    assert kinds[EventKind.GROUND_FIGHTING].claimed_by.startswith("Губернатор")


@pytest.mark.parametrize("text, kind", [
    ("Російські війська не змогли захопити Авдіївку.", EventKind.GROUND_FIGHTING),
    ("Окупанти намагалися захопити Авдіївку.", EventKind.GROUND_FIGHTING),
    ("ВС РФ пытались захватить Авдеевку.", EventKind.GROUND_FIGHTING),
])
def test_a_failed_capture_is_fighting(extractor, text, kind):
    assert one(extractor, text).kind is kind


def test_negated_capture_is_no_capture(extractor):
    found = events(extractor, "Російські війська не увійшли в Кліщіївку.")
    assert all(e.kind is not EventKind.CAPTURE_CLAIM for e in found)


def test_what_may_happen_or_happens_daily_is_no_event(extractor):
    assert events(extractor, "Росія може обстріляти Харків.") == []
    assert events(extractor, "Місто Херсон обстрілюють щодня.") == []
    assert events(extractor, "В Москве удар не комментировали.") == []


@pytest.mark.parametrize("text, language", [
    ("Сі Цзіньпін відвідає Москву наступного тижня.", "uk"),
    ("Си Цзиньпин посетит Москву на следующей неделе.", "ru"),
])
def test_planned_visits(extractor, text, language):
    event = one(extractor, text)
    assert (event.kind, event.place.name) == (EventKind.DIPLOMATIC, "Moscow")
    assert event.claim_status is ClaimStatus.PLANNED
    assert (event.day, event.day_precision) == (date(2023, 9, 25), "week")


# -- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, language, day, end, precision", [
    ("вчора", "uk", date(2023, 9, 19), None, "day"),
    ("вчера", "ru", date(2023, 9, 19), None, "day"),
    ("у понеділок", "uk", date(2023, 9, 18), None, "day"),
    ("в понедельник", "ru", date(2023, 9, 18), None, "day"),
    ("у середу", "uk", WEDNESDAY, None, "day"),
    ("минулої середи", "uk", date(2023, 9, 13), None, "day"),
    ("наступного понеділка", "uk", date(2023, 9, 25), None, "day"),
    ("минулого тижня", "uk", date(2023, 9, 11), None, "week"),
    ("на прошлой неделе", "ru", date(2023, 9, 11), None, "week"),
    ("20–22 березня", "uk", date(2024, 3, 20), date(2024, 3, 22), "day"),
    ("с 18 по 20 сентября", "ru", date(2023, 9, 18), date(2023, 9, 20), "day"),
    ("з 30 серпня по 2 вересня", "uk", date(2023, 8, 30), date(2023, 9, 2), "day"),
    ("20 марта 2022 года", "ru", date(2022, 3, 20), None, "day"),
    ("у серпні", "uk", date(2023, 8, 1), None, "month"),
    ("в прошлом месяце", "ru", date(2023, 8, 1), None, "month"),
    ("вночі", "uk", date(2023, 9, 19), None, "day"),
    ("у ніч на понеділок", "uk", date(2023, 9, 18), None, "day"),
])
def test_relative_dates(text, language, day, end, precision):
    when = resolve_when_cyrillic(LemmaView(text, language), WEDNESDAY)
    assert (when.day, when.end, when.precision) == (day, end, precision)


def test_dates_across_a_month_and_a_year_end():
    new_year = date(2023, 1, 2)  # a Monday
    assert resolve_when_cyrillic(LemmaView("у новорічну ніч", "uk"), new_year).day == \
        date(2022, 12, 31)
    assert resolve_when_cyrillic(LemmaView("в субботу", "ru"), new_year).day == \
        date(2022, 12, 31)
    assert resolve_when_cyrillic(LemmaView("вчора", "uk"), date(2023, 3, 1)).day == \
        date(2023, 2, 28)


def test_event_day_not_statement_day(extractor):
    event = one(extractor, "Генштаб повідомив у середу, що ЗСУ у понеділок звільнили "
                           "Кліщіївку.")
    assert event.day == date(2023, 9, 18)


def test_range_is_one_event(extractor):
    event = one(extractor, "Си Цзиньпин посетит Москву с 20 по 22 марта, сообщили в Кремле.",
                date(2023, 3, 13))
    assert (event.day, event.end_day) == (date(2023, 3, 20), date(2023, 3, 22))


# -- several places, references back, summaries ------------------------------------------------

def test_one_event_per_place(extractor):
    found = events(extractor, "Росія завдала ракетного удару по Києву, Львову та Одесі.")
    assert sorted(e.place.name for e in found) == ["Kyiv", "Lviv", "Odesa"]


def test_two_verbs_are_two_clauses(extractor):
    found = events(extractor, "Росіяни просунулися до Кліщіївки та обстріляли Часів Яр.")
    assert {(e.kind, e.place.name) for e in found} == {
        (EventKind.GROUND_FIGHTING, "Klishchiivka"), (EventKind.SHELLING_STRIKE, "Chasiv Yar")}


def test_the_town_refers_back(extractor):
    found = events(extractor, "Бої тривають за Авдіївку. Росія заявила про повний контроль над "
                              "містом.")
    assert any(e.kind is EventKind.CAPTURE_CLAIM and e.place.name.startswith("Avdi")
               for e in found)


def test_summary_in_the_original_language_with_the_english_name(extractor):
    event = one(extractor, "ЗСУ відбили атаки біля Бахмута.")
    assert event.summary.startswith("Bakhmut: ЗСУ відбили атаки біля Бахмута")


def test_a_persons_words_are_a_statement_where_said(extractor):
    event = one(extractor, "«Нам потрібно ще трохи часу», — заявив президент Володимир "
                           "Зеленський у Львові.")
    assert (event.kind, event.place.name) == (EventKind.STATEMENT, "Lviv")
    assert event.claimed_by == "президент Володимир Зеленський"


def test_language_given_or_detected(extractor):
    text = "ВС РФ освободили Марьинку."
    assert [e.kind for e in events(extractor, text)] == [EventKind.CAPTURE_CLAIM]
    assert [e.kind for e in events(extractor, text, language="ru")] == [EventKind.CAPTURE_CLAIM]
    english = events(extractor, "Russian forces captured Marinka.", language="en")
    assert [e.kind for e in english] == [EventKind.CAPTURE_CLAIM]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё"
                                             "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁ"
                                             " ,.;:—–-«»\"'’0123456789\n")), max_size=300))
def test_arbitrary_cyrillic_text_never_crashes(text):
    extractor = _shared()
    for event in extractor.extract(Article(title="", text=text, published=WEDNESDAY,
                                           source="fuzz")):
        start, end = event.quote_span
        assert 0 <= start <= end <= len(text)


_EXTRACTOR: list[EventExtractor] = []


def _shared() -> EventExtractor:
    if not _EXTRACTOR:
        _EXTRACTOR.append(EventExtractor())
    return _EXTRACTOR[0]
