"""Step 3a: how likely each candidate is, before and after looking at the other places.

A candidate's **base score** is a population prior on a log scale (one point per factor of
ten people) plus bonuses for what war news names most (countries, capitals, our curated
theatre names, Ukraine and its neighbours) and a penalty for weak names. The **context
bonus** then rewards candidates near the text's unambiguous places and in the countries
it names. Scores are comparable only within one mention; :func:`confidence` turns the
winner's margin into a 0.5-0.99 figure.

The values are priors set by reasoning (each constant says why), not fitted. Measured when
they were given names: zeroing, halving or doubling any one of them leaves the dev set
(tests/data/geoparse_dev.jsonl, 349 places) as it is, except that without the nearness
bonus one place (a Petropavlivka) lands on a namesake 168 km away. The unit tests pin a
few: the curated bonus (tests/geo/test_gazetteer.py, Andriivka and KATOTTG villages), the
theatre prior and the nearness bonus (tests/geo/test_geoparse.py, New York in Donetsk
oblast beside Toretsk). Change one, then run both and bench/geoparse.py.
"""

from __future__ import annotations

import math

from geo.gazetteer import (
    CITY,
    CONTINENT,
    COUNTRY,
    E_CAPITAL,
    E_THEATRE,
    FACILITY,
    ISLAND,
    REGION,
    RIVER,
    SEA,
    Candidate,
    Gazetteer,
    km,
)

# -- base score ------------------------------------------------------------------------------

POPULATION_OFFSET = 100
"""Added to the population before the logarithm, so a place of unknown population (0 in
GeoNames, many villages) scores 2, like a hamlet, rather than minus infinity."""
FEATURE_SCORE = 6.5
"""Rivers, seas, regions, islands and facilities have no population: they score like a
city of about three million (log10 3e6 = 6.5), above most towns named after them but
below a country."""
COUNTRY_BONUS = 3.0
"""Countries are what news names most: three orders of magnitude, so a country beats
every namesake (the US state of Georgia, the towns called Lebanon, Luxembourg city)."""
CONTINENT_BONUS = 2.0
"""Continents (big populations already) beat namesake towns ("Europe", "America")."""
CAPITAL_BONUS = 1.0
"""News names capitals far more often than places of their size: a factor of ten."""
PRIMARY_BONUS = 0.5
"""The name is the entry's own name, not one of its alternate names: half a factor of ten,
enough to break ties between places of similar size."""
CURATED_BONUS = 1.5
"""The name comes from our theatre file or country aliases, written for war news: a
curated frontline village beats GeoNames namesakes thirty times its size (Andriivka near
Bakhmut among dozens of Andriivkas)."""
THEATRE_BONUS = 1.0
"""A place of the theatre (our file, or a GeoNames place an alias row marks): a factor of
ten over places elsewhere, on top of the country prior."""
COUNTRY_PRIOR = {"UA": 1.0, "RU": 0.5, "BY": 0.5, "MD": 0.5}
"""The theatre prior: in war news a Ukrainian place is ten times as likely as a foreign
namesake of its size; Russia, Belarus and Moldova about three times. Without it New York
in Donetsk oblast loses to New York City even beside Toretsk."""
WEAK_PENALTY = 3.0
"""Weak names that survive the filter are rivers' bare stems ("Dnipro", "Donets"): minus a
thousandfold, so the city of that name wins unless the wording says river ("the
Dnipro", "Dnipro river"), which forces the kind."""
MAX_CANDIDATES = 40
"""Candidates kept per mention after the base score: common names ("Andriivka",
"Novoselivka") have dozens; the tail never wins and costs context time."""

# -- context ------------------------------------------------------------------------------------

CLEAR_MARGIN = 1.5
"""A mention whose best candidate leads by this much (about thirty times the population)
is unambiguous: it becomes an anchor that pulls the text's other places towards it."""
NAMED_COUNTRY_BONUS = 0.4
"""A candidate in a country the text names outright ("Donetsk region, Ukraine", a later
"in Russia"): a nudge for near-ties, less than the capital or theatre bonus."""
NAMED_REGION_BONUS = 2.0
"""A town in a first-level region the text names outright ("Perth ... Scotland's first
minister"): a hundredfold, so a town named in a sentence about Scotland is the Scottish
one even against a namesake forty times its size (Perth, Western Australia)."""
NEAR_BONUS = 3.2
"""The bonus for a candidate right at an anchor. New York in Donetsk oblast (base 5.0)
must beat New York City (6.9) beside Toretsk, 10 km away: 3.2 gives 2.6 there, half
of it too little."""
NEAR_SCALE_KM = 45.0
"""The bonus falls by e every this many km: a front sector is about this wide, so places
of one battle support each other and places an oblast away hardly do."""
NEAR_MAX_KM = 400.0
"""Beyond this the bonus is zero (it is already below 0.001 there); a bound on the loop."""
NEAR_LAT_WINDOW = 2.5
"""Anchors more than this many degrees of latitude away (about 280 km, where the bonus is
below 0.01) are skipped before the great-circle distance is computed."""


def base_score(gaz: Gazetteer, c: Candidate) -> float:
    """The candidate's prior score (see the constants above)."""
    i = c.index
    kind = gaz.kind[i]
    if kind in (RIVER, SEA, REGION, ISLAND, FACILITY) and not c.weak:
        score = FEATURE_SCORE
    else:
        score = math.log10(gaz.population[i] + POPULATION_OFFSET)
    if kind == COUNTRY:
        score += COUNTRY_BONUS
    elif kind == CONTINENT:
        score += CONTINENT_BONUS
    flags = gaz.flags[i]
    if flags & E_CAPITAL:
        score += CAPITAL_BONUS
    if c.primary:
        score += PRIMARY_BONUS
    if c.curated:
        score += CURATED_BONUS
    if flags & E_THEATRE:
        score += THEATRE_BONUS
    score += COUNTRY_PRIOR.get(gaz.cc[i], 0.0)
    if c.weak:
        score -= WEAK_PENALTY
    return score


def context_bonus(gaz: Gazetteer, index: int, k: int, anchors: list[tuple[int, float, float]],
                  countries: set[str], regions: set[tuple[str, str]] = frozenset()) -> float:
    """What the rest of the text adds to candidate ``index`` of mention ``k``: nearness to
    the anchors (other mentions' clear winners, as (mention, lat, lon)), the named
    ``countries`` and the named first-level ``regions`` ((country, admin1) of clear
    winners). Area features (countries, seas, regions) get only the country bonus."""
    bonus = NAMED_COUNTRY_BONUS if gaz.cc[index] in countries else 0.0
    if regions and (gaz.cc[index], gaz.admin1[index]) in regions and gaz.kind[index] == CITY:
        bonus += NAMED_REGION_BONUS
    if gaz.kind[index] in (COUNTRY, CONTINENT, SEA, REGION):
        return bonus
    lat, lon = gaz.lat[index], gaz.lon[index]
    nearest = math.inf
    for j, alat, alon in anchors:
        if j != k and abs(alat - lat) < NEAR_LAT_WINDOW:
            nearest = min(nearest, km(lat, lon, alat, alon))
    if nearest < NEAR_MAX_KM:
        bonus += NEAR_BONUS * math.exp(-nearest / NEAR_SCALE_KM)
    return bonus


# -- confidence ---------------------------------------------------------------------------------

SOLE_CONFIDENCE = 0.95
"""A name with one candidate in the whole gazetteer: right unless the name is not a place
here, which the filter has already judged."""
CONFIDENCE_FLOOR = 0.5
"""A tie between the two best candidates: a coin toss."""
CONFIDENCE_CEILING = 0.99
"""Never certain: the gazetteer itself may be wrong or lack the place meant."""
CANDIDATE_SHIFT = 2.0
"""A listed candidate's own confidence is sigmoid(score - best + 2): the winner gets 0.88,
one a factor of ten behind 0.73, one a thousand times behind 0.27."""


def sigmoid(x: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-x))


def confidence(scores: list[tuple[int, float]]) -> float:
    """Confidence in the winner of ``scores`` ((index, score), best first) from its margin:
    0.5 for a tie, about 0.81 for a lead of one (a factor of ten), at most 0.99."""
    if len(scores) == 1:
        return SOLE_CONFIDENCE
    margin = scores[0][1] - scores[1][1]
    return round(min(CONFIDENCE_CEILING, CONFIDENCE_FLOOR + (CONFIDENCE_CEILING
                                                            - CONFIDENCE_FLOOR)
                     * (1 - math.exp(-margin))), 3)
