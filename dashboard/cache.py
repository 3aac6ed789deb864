"""Cached resources shared by the app's modules (one store connection per location)."""

from __future__ import annotations

import streamlit as st

from dashboard.environment import configure_gazetteer_cache
from geo.gazetteer import load_gazetteer
from geo.geoparse import Geoparser
from geo.store import Store, open_store


@st.cache_resource(show_spinner=False)
def cached_store(location: str) -> Store:
    """The store at ``location``, opened once per server process."""
    return open_store(location)


@st.cache_resource(show_spinner="Loading the gazetteer…")
def cached_parser() -> Geoparser:
    """One geoparser (and its gazetteer index, cached on disk where the environment says:
    :mod:`dashboard.environment`) per server process."""
    return Geoparser(load_gazetteer(configure_gazetteer_cache()))
