"""Store URLs: one parser recognises every PostgreSQL scheme spelling, masks the password
wherever it sits (userinfo, query parameters, an unencoded '@'), and refuses other URLs
instead of making a directory out of them. Shown nowhere with a password: CLI errors,
``frontline info``, the serve log, the app."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from geo.errors import StoreError
from geo.store import is_server_url, open_store
from geo.store.url import masked, parse_store_url

SECRET = "Hunter2xyz"
APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
# Port 1 on the loopback: the connection is refused at once (no network, no server).
DEAD = "127.0.0.1:1"


@pytest.mark.parametrize("url", [
    f"postgresql://u@{DEAD}/db?password={SECRET}",
    f"postgresql://u@{DEAD}/db?sslmode=disable&PASSWORD={SECRET}&application_name=x",
    f"postgresql://u:{SECRET}@{DEAD}/db",
    f"postgresql://u:p@{SECRET}@{DEAD}/db",
    f"postgresql://u:a/b@{SECRET}@{DEAD}/db",
    f"postgresql+psycopg2://u:{SECRET}@{DEAD}/db",
    f"POSTGRESQL://u:{SECRET}@{DEAD}/db",
    f"Postgres+asyncpg://u:{SECRET}@{DEAD}/db?sslpassword={SECRET}",
])
def test_masked_form_never_holds_the_password(url):
    shown = parse_store_url(url).masked()
    assert SECRET not in shown and "***" in shown
    assert shown.startswith(("postgresql://u:***@127.0.0.1:1/db", "postgresql://u@127.0.0.1:1/db?"))
    assert masked(url) == shown


def test_unencoded_at_splits_at_the_last_at_before_the_host():
    parsed = parse_store_url("postgresql://me:p@ss/w@rd@db.example:6543/front?sslmode=require")
    assert (parsed.username, parsed.password) == ("me", "p@ss/w@rd")
    assert (parsed.host, parsed.port, parsed.database) == ("db.example", 6543, "front")
    assert parsed.query == (("sslmode", "require"),)
    # A password given in the query is kept for the connection, shown masked.
    parsed = parse_store_url("postgresql://me@h/db?password=a%40b&sslmode=require")
    assert dict(parsed.query)["password"] == "a@b"
    assert parsed.masked() == "postgresql://me@h/db?password=***&sslmode=require"
    # Percent-encoded userinfo decodes; a socket directory as host is kept.
    parsed = parse_store_url("postgres://me:p%40ss@%2Ftmp%2Fsock/db")
    assert (parsed.password, parsed.host, parsed.port) == ("p@ss", "/tmp/sock", None)
    parsed = parse_store_url("postgresql://[::1]:5433/db")
    assert (parsed.host, parsed.port) == ("::1", 5433)


@pytest.mark.parametrize("url", [
    "postgresql://u:pa?ss@h/db", "postgresql://u:pw@h:port/db", "postgresql://u:pw@h:99999/db",
    # found by the long fuzz run: a '/' before "user:password" put it in the database name
    "postgresql:///:pa?ss@h:5432/db", "postgresql:///u:pa?ss@h/db?sslpassword=pa?ss",
    "postgresql://?:x/db?sslpassword=pw",
])
def test_ambiguous_or_bad_urls_are_refused_without_echoing_them(url):
    with pytest.raises(StoreError) as caught:
        parse_store_url(url)
    assert "pa?ss" not in str(caught.value) and "pw" not in str(caught.value)
    assert "postgresql://" in str(caught.value)


@pytest.mark.parametrize("url,server", [
    ("postgresql://h/db", True), ("postgres://h/db", True), ("POSTGRES://h/db", True),
    ("postgresql+psycopg2://h/db", True), ("PostgreSQL+PG8000://h/db", True),
    ("mysql://h/db", False), ("data/frontline.gpkg", False), ("/tmp/x.gpkg", False),
])
def test_every_postgresql_spelling_is_a_server_url(url, server):
    assert is_server_url(url) is server


def test_engine_url_uses_psycopg3_for_every_driver_spelling():
    from geo.store.postgis import engine_url

    for scheme in ("postgresql", "postgres", "POSTGRESQL", "postgresql+psycopg2",
                   "postgres+asyncpg"):
        url = engine_url(f"{scheme}://u:p@ss@h:5/db?password=q")
        assert url.drivername == "postgresql+psycopg"
        assert (url.username, url.password, url.host, url.port, url.database) == \
            ("u", "p@ss", "h", 5, "db")
        assert url.query == {"password": "q"}


@pytest.mark.parametrize("url", [
    f"mysql://u:{SECRET}@h/db", f"sqlite://u:{SECRET}@h/db", f"file:///tmp/{SECRET}",
])
def test_other_url_schemes_are_refused_not_made_into_a_directory(url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="not a supported store URL"):
        open_store(url, create=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg2://u:{SECRET}@{DEAD}/db", f"POSTGRESQL://u:{SECRET}@{DEAD}/db",
    f"postgresql://u@{DEAD}/db?password={SECRET}", f"postgresql://u:p@{SECRET}@{DEAD}/db",
    f"mysql://u:{SECRET}@{DEAD}/db",
])
def test_cli_seed_on_an_unreachable_or_foreign_url_fails_without_the_password(
        url, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--store", url, "seed"]) == 1
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert err.startswith("frontline: error:") and "***" in err
    assert list(tmp_path.iterdir()) == []  # no directory named after the URL


def test_cli_info_error_names_the_store_without_the_password(capsys):
    assert main(["--store", f"postgresql://u@{DEAD}/db?password={SECRET}", "info"]) == 1
    err = capsys.readouterr().err
    assert SECRET not in err and "127.0.0.1:1" in err and "password=***" in err


def test_password_in_query_or_with_an_at_sign_opens_and_is_masked(postgis_url, capsys,
                                                                  monkeypatch, caplog):
    # trust authentication: any password is accepted, so the test can use one.
    in_query = postgis_url + f"?password={SECRET}"
    with_at = postgis_url.replace("postgresql://postgres@",
                                  f"POSTGRESQL+psycopg2://postgres:p@{SECRET}@")
    for url in (in_query, with_at):
        with open_store(url, create=True) as store:
            assert SECRET not in store.location and "***" in store.location
        assert main(["--store", url, "info"]) == 0
        out = capsys.readouterr().out
        assert SECRET not in out and "store: postgresql://postgres" in out
    # `frontline serve` logs the store it serves: masked (the app gets the URL itself).
    calls = []

    class Server:  # the Streamlit server process, not started
        def __init__(self, command, env):
            calls.append(env)

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Server)
    with caplog.at_level(logging.INFO, logger="frontline"):
        assert main(["--store", in_query, "serve"]) == 0
    assert calls[0]["FRONTLINE_STORE"] == in_query
    assert "serving postgresql://" in caplog.text and SECRET not in caplog.text


def test_app_error_shows_no_password(monkeypatch):
    monkeypatch.setenv("FRONTLINE_STORE", f"postgresql://u@{DEAD}/db?password={SECRET}")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error) + " ".join(str(m.value) for m in at.markdown)
    assert "Cannot open the store" in shown
    assert SECRET not in shown and "password=\\*\\*\\*" in shown  # masked, then md-escaped
    assert os.environ["FRONTLINE_STORE"].endswith(SECRET)  # the app was given the secret
