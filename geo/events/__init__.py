"""Article + resolved places -> proposed, dated events (pure; rules in ``geo/data/rules``).

One event per sentence that names a place (or refers back to one: "the city", "the town")
and matches a kind rule (``geo/data/rules/event_kinds.csv``: first matching rule by
priority; no match, no event). The jobs, one module each:

* :mod:`geo.events.rules`: the kind and actor rule tables, loaded and validated;
* :mod:`geo.events.dating`: the day a sentence reports (:func:`resolve_date`);
* :mod:`geo.events.attribution`: who is quoted or credited (:func:`attribution`), so
  whether the event is claimed by a party, assessed by the outlet or confirmed;
* :mod:`geo.events.extract`: the :class:`EventExtractor` that puts them together (place,
  date, actors, claim status, quote, confidence) and merges events sharing day, place
  and kind;
* :mod:`geo.events.lexicon`: the English word lists (``geo/data/lexicon/events.toml``).
"""

from __future__ import annotations

from geo.events.attribution import attribution
from geo.events.dating import resolve_date
from geo.events.extract import EVENT_LAYER, EventExtractor, extract_events
from geo.events.rules import ActorRule, KindRule, load_actor_rules, load_kind_rules

__all__ = [
    "EVENT_LAYER",
    "ActorRule",
    "EventExtractor",
    "KindRule",
    "attribution",
    "extract_events",
    "load_actor_rules",
    "load_kind_rules",
    "resolve_date",
]
