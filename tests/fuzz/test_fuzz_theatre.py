"""Fuzz: a theatre file with any of its values mutated, or its bytes broken, is refused with
an InputError naming the file (a key when one is at fault), or loads as a valid theatre;
nothing else escapes, and a loaded theatre round-trips through its stored JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from geo.errors import InputError
from geo.theatre import parse_theatre, theatre_from_json, theatre_from_mapping, theatre_to_json
from tests.common import MINIMAL_THEATRE_TOML
from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import mutate_bytes, mutate_tree

SOURCE = "fuzz.toml"


def _check(load) -> None:
    try:
        theatre = load()
    except InputError as exc:
        assert SOURCE in str(exc)
        return
    assert theatre.sides and theatre.start <= theatre.end
    assert theatre_from_json(theatre_to_json(theatre), source="again") == theatre


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_theatre_values(data):
    stored = json.loads(theatre_to_json(parse_theatre(MINIMAL_THEATRE_TOML, source="seed")))
    doc = data.draw(mutate_tree(stored))  # the stored form: what a store gives back
    _check(lambda: theatre_from_mapping(doc, source=SOURCE) if isinstance(doc, dict)
           else parse_theatre("= broken", source=SOURCE))


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_theatre_bytes(data):
    raw = data.draw(mutate_bytes(MINIMAL_THEATRE_TOML.encode("utf-8")))
    _check(lambda: parse_theatre(raw, source=SOURCE))
