"""Fuzz: store URLs (``--store`` / ``$FRONTLINE_STORE``) through the one parser, the masked
form and open_store: a StoreError or a parsed URL, never another exception; a password is
never shown; a URL that is not PostgreSQL never becomes a file or folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from geo.errors import StoreError
from geo.store import open_store
from geo.store.url import is_server_url, masked, parse_store_url
from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import hostile_text, wild_text

SECRET = "S3cr3t-Pw"
SCHEMES = ["postgresql", "postgres", "POSTGRESQL", "postgresql+psycopg2", "Postgres+asyncpg",
           "postgresql+", "mysql", "sqlite", "file", "http", "gpkg"]
part = st.one_of(wild_text, hostile_text,
                 st.sampled_from(["", "@", ":", "/", "?", "#", "%", "%zz", "%40", "[::1]",
                                  "[", "]", "65536", "0", "5432", "-1", "localhost", "a,b"]))


@st.composite
def store_url(draw) -> tuple[str, bool]:
    """(a URL, whether the secret is in its password) built from parts, some wild."""
    scheme = draw(st.sampled_from(SCHEMES))
    password = SECRET + draw(st.sampled_from(["", "@x", ":y", "/z", "%40", "?q"]))
    encode = draw(st.booleans())
    user = draw(st.one_of(st.just("analyst"), part))
    host = draw(st.one_of(st.just("db.example.org"), st.just("[::1]"), part))
    port = draw(st.one_of(st.just(":5432"), st.just(""), part.map(lambda p: ":" + p)))
    db = draw(st.one_of(st.just("/frontline"), st.just(""), part.map(lambda p: "/" + p)))
    query = draw(st.sampled_from(["", f"?sslpassword={SECRET}", "?sslmode=require",
                                  f"?password={SECRET}&x=1", "?a", "?=&=", "?&&"]))
    secret = quote(password, safe="") if encode else password
    with_password = draw(st.booleans())
    auth = f"{user}:{secret}@" if with_password else draw(st.sampled_from(["", f"{user}@"]))
    return f"{scheme}://{auth}{host}{port}{db}{query}", with_password or SECRET in query


@FUZZ_SETTINGS
@given(url=store_url())
def test_fuzz_store_url(url):
    location, has_secret = url
    shown = masked(location)
    assert SECRET not in shown, shown
    try:
        parsed = parse_store_url(location)
    except StoreError as exc:
        assert SECRET not in str(exc), str(exc)
    else:
        assert SECRET not in parsed.masked()
        assert parsed.port is None or 1 <= parsed.port <= 65535
        assert parse_store_url(parsed.masked()).masked() == parsed.masked()
    if not is_server_url(location):
        with tempfile.TemporaryDirectory() as folder:
            cwd = os.getcwd()
            os.chdir(folder)
            try:
                try:
                    open_store(location, create=True).close()
                except StoreError as exc:
                    assert SECRET not in str(exc), str(exc)
                if "://" in location.split("/", 1)[0] + "/":
                    assert list(Path(folder).iterdir()) == [], "a URL became a file"
            finally:
                os.chdir(cwd)
