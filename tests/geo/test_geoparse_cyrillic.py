"""Ukrainian and Russian text: inflection, transliteration, old names and each filter rule."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import FrontlineError
from geo.gazetteer import load_gazetteer
from geo.gazetteer.cyrillic import (
    name_lemma_keys,
    normalise,
    script_language,
    transliterate_ru,
    transliterate_uk,
    word_info,
)
from geo.geoparse import Geoparser
from geo.geoparse.language import LanguageError, check_language, detect_language

FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(load_gazetteer())


def found(parser: Geoparser, text: str, language: str | None = None) -> dict[str, str]:
    """Surface -> chosen place's source id."""
    return {t.mention.surface: t.place.source_id for t in parser.parse(text, language=language)}


def names(parser: Geoparser, text: str, language: str | None = None) -> dict[str, str]:
    return {t.mention.surface: t.place.name for t in parser.parse(text, language=language)}


# -- inflection -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface", [
    ("Бої тривають у Бахмуті.", "Бахмуті"),
    ("Під Бахмутом українські бригади просунулися.", "Бахмутом"),
    ("Бої йдуть за Бахмут.", "Бахмут"),
    ("Российские войска вошли в Бахмут.", "Бахмут"),
    ("Бои идут в Бахмуте.", "Бахмуте"),
])
def test_declined_bakhmut(parser, text, surface):
    assert found(parser, text) == {surface: "geonames:713174"}


def test_declined_feminine_and_adjectival_names(parser):
    assert found(parser, "У Авдіївці залишаються мешканці.") == {"Авдіївці": "geonames:713122"}
    assert found(parser, "Жители Авдеевки покинули город.") == {"Авдеевки": "geonames:713122"}
    assert found(parser, "В Курской области объявлен режим КТО.") == {
        "Курской области": "theatre:ru-kursk-oblast"}
    assert found(parser, "У Донецькій області загинули троє цивільних.") == {
        "Донецькій області": "theatre:ua-donetsk-oblast"}
    assert found(parser, "На Харківщині пошкоджено лінію.") == {
        "Харківщині": "theatre:ua-kharkiv-oblast"}


def test_lemma_keys_of_names_and_declined_forms_meet():
    gazetteer_keys = set(name_lemma_keys("Донецька область", ("uk",)))
    text_keys = {f"{a} {b}" for a in word_info("Донецькій", "uk").keys
                 for b in word_info("області", "uk").keys}
    assert gazetteer_keys & text_keys
    assert "авдіївка" in word_info("Авдіївці", "uk").keys
    assert normalise("Артёмовск") == "артемовск"
    assert normalise("Мар’їнка") == normalise("Марʼїнка") == "мар'їнка"


def test_spans_are_the_original_text(parser):
    text = "Окупанти обстріляли Нікополь, а вночі — Мар’їнку та Ростов-на-Дону."
    toponyms = parser.parse(text)
    assert [t.mention.surface for t in toponyms] == ["Нікополь", "Мар’їнку", "Ростов-на-Дону"]
    for t in toponyms:
        assert text[t.mention.start:t.mention.end] == t.mention.surface
    assert [t.place.name for t in toponyms][2] == "Rostov-on-Don"


# -- old and occupier names ---------------------------------------------------------------------

@pytest.mark.parametrize("text, source_id", [
    ("Российские войска освободили Артемовск.", "geonames:713174"),
    ("Бои идут в районе Красноармейска.", "geonames:704422"),
    ("В Днепродзержинске повреждено предприятие.", "geonames:709932"),
    ("По словам военных, под Угледаром уничтожена техника.", "geonames:690823"),
    ("Подразделения вошли в Красный Лиман.", "geonames:704204"),
    ("По данным Минобороны, в Дзержинске уничтожен склад.", "geonames:709354"),
])
def test_old_and_occupier_names_map_to_todays_place(parser, text, source_id):
    assert list(found(parser, text).values()) == [source_id]


# -- transliteration ---------------------------------------------------------------------------

@pytest.mark.parametrize("cyrillic, latin", [
    ("Запоріжжя", "Zaporizhzhia"), ("Згурівка", "Zghurivka"), ("Єнакієве", "Yenakiieve"),
    ("Київ", "Kyiv"), ("Мар'їнка", "Marinka"), ("Щастя", "Shchastia"), ("Юнаківка", "Yunakivka"),
    ("Ґорґани", "Gorgany"),
])
def test_ukrainian_national_system(cyrillic, latin):
    assert transliterate_uk(cyrillic) == latin


@pytest.mark.parametrize("cyrillic, latin", [
    ("Артемовск", "Artemovsk"), ("Красноармейск", "Krasnoarmeysk"), ("Киев", "Kiyev"),
    ("Харьков", "Kharkov"), ("Енакиево", "Yenakiyevo"), ("Изюм", "Izyum"),
    ("Работино", "Rabotino"), ("Подъячево", "Podyachevo"), ("Щёлково", "Shchelkovo"),
    ("Ёлкино", "Yolkino"),
])
def test_bgn_pcgn_russian(cyrillic, latin):
    assert transliterate_ru(cyrillic) == latin


def test_a_cyrillic_mention_finds_a_latin_only_place(parser):
    # Robotyne is in our theatre file in Latin letters only; Rabotino is its Russian name.
    assert found(parser, "Українські війська звільнили Роботине.") == {
        "Роботине": "theatre:ua-robotyne"}
    assert found(parser, "Стороны ведут бои у Работино.") == {"Работино": "theatre:ua-robotyne"}


def test_english_and_cyrillic_queries_find_the_same_place():
    gaz = load_gazetteer()
    for latin, cyrillic in (("Bakhmut", "Бахмут"), ("Kharkiv", "Харків"), ("Kharkiv", "Харьков"),
                            ("Robotyne", "Роботине"), ("Kursk Oblast", "Курская область")):
        english = {p.source_id for p in gaz.search(latin, 3)}
        assert gaz.search(cyrillic, 1), cyrillic
        assert gaz.search(cyrillic, 1)[0].source_id in english, (latin, cyrillic)


# -- filter rules ------------------------------------------------------------------------------

def test_persons_are_not_places(parser):
    assert found(parser, "Путін провів нараду з Шойгу.") == {}
    assert found(parser, "Президент Володимир Зеленський виступив у Раді.") == {}
    assert found(parser, "Губернатор Вячеслав Гладков заявил об обстреле.") == {}
    # a place before a surname stays a place when declined
    assert found(parser, "У Києві Зеленський провів нараду.") == {"Києві": "geonames:703448"}
    # a title before a country keeps the country ("Президент России")
    assert found(parser, "Президент России провёл совещание.") == {"России": "geonames:2017370"}


def test_sentence_initial_words_and_adjectives(parser):
    assert found(parser, "Після обстрілу Сили оборони відбили атаку.") == {}
    assert found(parser, "Українські війська відійшли.") == {}
    assert found(parser, "Повідомила Донецька обласна військова адміністрація.") == {}


def test_abbreviations_only_when_listed(parser):
    assert found(parser, "В регионе действует режим КТО, сообщили ВС.") == {}
    assert found(parser, "Киев получит ПВО от США.") == {"Киев": "geonames:703448",
                                                         "США": "geonames:6252001"}


def test_direction_adjective_names_its_town(parser):
    assert found(parser, "Сили оборони відбили атаки на Покровському напрямку.") == {
        "Покровському": "geonames:704422"}
    assert found(parser, "Бои продолжаются на Купянском направлении.") == {
        "Купянском": "geonames:703656"}


def test_river_wording(parser):
    assert found(parser, "Окупанти обстріляли Нікополь з лівого берега Дніпра.") == {
        "Нікополь": "geonames:700051", "Дніпра": "theatre:ua-dnipro-river"}
    assert found(parser, "Ракета влучила в будинок у Дніпрі.") == {"Дніпрі": "geonames:709930"}


# -- language ----------------------------------------------------------------------------------

def test_language_detection_and_choice(parser):
    assert detect_language("Бої тривають у Бахмуті та на околицях Соледара.") == "uk"
    assert detect_language("Бои идут в районе Красноармейска и Мирнограда.") == "ru"
    assert detect_language("Russian forces shelled Kharkiv.") == "en"
    assert script_language("Київ") == "uk" and script_language("Подъезд") == "ru"
    assert check_language("auto") is None and check_language("UK") == "uk"
    with pytest.raises(LanguageError) as info:
        check_language("de")
    assert isinstance(info.value, FrontlineError)
    # the same text read as Russian: "Харкові" is no Russian word, but its transliteration is
    assert found(parser, "Вибухи в Харкові.", "ru") == found(parser, "Вибухи в Харкові.", "uk")
    ru_parser = Geoparser(load_gazetteer(), language="ru")
    assert ru_parser.language_of("Бої у Бахмуті") == "ru"
    assert names(ru_parser, "Бои идут в Бахмуте.") == {"Бахмуте": "Bakhmut"}


def test_mixed_english_and_cyrillic(parser):
    text = "Officials in Kharkiv said: «Ворог атакував Вовчанськ вночі»."
    assert found(parser, text) == {"Kharkiv": "geonames:706483", "Вовчанськ": "geonames:689304"}


# -- properties ---------------------------------------------------------------------------------

CYRILLIC = st.characters(min_codepoint=0x400, max_codepoint=0x4FF)
WORDS = ["Бахмуті", "Київ", "Донецькій", "області", "Курской", "Ростов-на-Дону", "Мар'їнка",
         "ЗСУ", "під", "Часового", "Яру", "напрямку", "берега", "Дніпра", "Президент",
         "Ёлкино", "Покровському", "США"]


def _check(parser: Geoparser, text: str, language: str | None = None) -> None:
    for toponym in parser.parse(text, language=language):
        m = toponym.mention
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert -90 <= toponym.place.lat <= 90 and -180 <= toponym.place.lon <= 180


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.text(alphabet=st.one_of(CYRILLIC, st.sampled_from(" ,.'’-\n—«»")), max_size=200),
       st.sampled_from([None, "uk", "ru", "en"]))
def test_arbitrary_cyrillic_text_never_crashes(parser, text, language):
    _check(parser, text, language)


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=CYRILLIC, max_size=10),
                          st.sampled_from([" ", ", ", ". ", "\n", "-", "'", "\x00"])),
                max_size=30))
def test_cyrillic_names_in_noise(parser, parts):
    _check(parser, "".join(parts))


def test_first_names_in_any_case_before_a_surname(parser):
    assert found(parser, "Макрон позвонил Владимиру Путину.") == {}
    assert found(parser, "Він зустрівся з Володимиром Зеленським у Києві.") == {
        "Києві": "geonames:703448"}


def test_direction_adjective_without_a_town_names_its_oblast(parser):
    assert found(parser, "Командувач перебував на Запорізькому напрямку.") == {
        "Запорізькому": "theatre:ua-zaporizhzhia-oblast"}
    assert found(parser, "Бои на Харьковском направлении.") == {
        "Харьковском": "geonames:706483"}
