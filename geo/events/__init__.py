"""Article + resolved places -> proposed, dated events (pure; rules in ``geo/data/rules``).

Events per clause, one per place it names (or refers back to: "the city", "the town",
"there"), when the clause matches a kind rule (``geo/data/rules/event_kinds.csv``: first
matching rule by priority; no match, no event). The jobs, one module each:

* :mod:`geo.events.rules`: the kind and actor rule tables, loaded and validated;
* :mod:`geo.events.dating`: the day a sentence reports (:func:`resolve_date`);
* :mod:`geo.events.attribution`: who is quoted or credited (:func:`attribution`), so
  whether the event is claimed by a party, assessed by the outlet or confirmed;
* :mod:`geo.events.extract`: the :class:`EventExtractor` that puts them together (one
  event per place and day: place, date and range, actors, claim status with claimant and
  denier, quote, confidence) and merges events sharing day, place and kind;
* :mod:`geo.events.places`: where a clause's event happened; :mod:`geo.events.statements`:
  statement events; :mod:`geo.events.base`: what they share (sentences, weights, merging);
* :mod:`geo.events.clauses`: a sentence cut into clauses, reporting clauses taken out;
* :mod:`geo.events.corroborate`: reports of one event by several articles merged
  (:func:`corroborate`: sources listed, independent sources counted);
* :mod:`geo.events.lexicon`: the English word lists (``geo/data/lexicon/events.toml``).
"""

from __future__ import annotations

from geo.events.attribution import attribution
from geo.events.corroborate import corroborate
from geo.events.dating import resolve_date
from geo.events.extract import EVENT_LAYER, EventExtractor, extract_events
from geo.events.rules import ActorRule, KindRule, load_actor_rules, load_kind_rules

__all__ = [
    "EVENT_LAYER",
    "ActorRule",
    "EventExtractor",
    "KindRule",
    "attribution",
    "corroborate",
    "extract_events",
    "load_actor_rules",
    "load_kind_rules",
    "resolve_date",
]
