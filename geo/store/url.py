"""Store URLs: the one parser of a ``--store`` / ``$FRONTLINE_STORE`` URL, and its masked form.

Every place that shows a store location (CLI errors and output, logs, the app) shows
:meth:`StoreURL.masked` / :func:`masked`: the password is replaced by ``***`` wherever it
sits, in the userinfo (``user:password@``) or in a query parameter (``?password=``,
``?sslpassword=``, any key containing "password").

Recognised: ``postgresql`` and ``postgres`` in any letter case, with any ``+driver``
(``postgresql+psycopg2://``, ``POSTGRES+asyncpg://``...). The driver is only a spelling:
the store always connects with psycopg 3 (the URL's parts mean the same to every driver).
An unencoded ``@`` in the password is allowed: the last ``@`` before the host ends the
userinfo. Any other URL-looking target (``mysql://``, ``sqlite://``, ``file://``) is refused
by :func:`geo.store.open_store` rather than taken for a file path.

No SQLAlchemy here (the server extra is optional): :func:`geo.store.postgis.engine_url`
turns a :class:`StoreURL` into an engine URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote

from geo.errors import StoreError

SERVER_SCHEMES = frozenset({"postgresql", "postgres"})
MASK = "***"
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9.-]+)(?:\+(?P<driver>[A-Za-z0-9_.-]*))?://")
_HOST = re.compile(r"^(?:\[(?P<ipv6>[0-9A-Fa-f:.%A-Za-z]+)\]|(?P<name>[A-Za-z0-9._%~-]*))"
                   r"(?::(?P<port>[^/]*))?$")


@dataclass(frozen=True)
class StoreURL:
    """A parsed store URL (userinfo and database percent-decoded)."""

    scheme: str
    driver: str | None
    username: str | None
    password: str | None
    host: str | None
    port: int | None
    database: str | None
    query: tuple[tuple[str, str], ...] = ()

    @property
    def is_server(self) -> bool:
        """True for a PostgreSQL URL (the PostGIS store)."""
        return self.scheme in SERVER_SCHEMES

    def masked(self) -> str:
        """The URL to show anyone: normalised scheme, every password replaced by ``***``."""
        scheme = "postgresql" if self.is_server else self.scheme
        userinfo = ""
        if self.username is not None or self.password is not None:
            userinfo = quote(self.username or "", safe="")
            if self.password is not None:
                userinfo += ":" + MASK
            userinfo += "@"
        host = ""
        if self.host is not None:
            host = f"[{self.host}]" if ":" in self.host else quote(self.host, safe="")
        if self.port is not None:
            host += f":{self.port}"
        path = "/" + quote(self.database, safe="") if self.database is not None else ""
        query = "&".join(f"{quote(k, safe='')}="
                         f"{MASK if is_secret(k) or is_secret(v) else quote(v, safe='/:,')}"
                         for k, v in self.query)
        return f"{scheme}://{userinfo}{host}{path}" + (f"?{query}" if query else "")


def is_secret(key: str) -> bool:
    """True for a query parameter that holds a password (shown as ``***``)."""
    return "password" in key.lower()


def looks_like_url(location: str) -> bool:
    """True for ``scheme://...`` (a scheme of two letters or more: not a drive letter)."""
    return _URL.match(location) is not None


def is_server_url(location: str) -> bool:
    """True for a PostgreSQL URL in any spelling, False for anything else (a file path)."""
    found = _URL.match(location)
    return found is not None and found["scheme"].lower() in SERVER_SCHEMES


def _refuse(scheme: str, reason: str) -> StoreError:
    """An error that shows nothing of the URL but its scheme (the rest may hold a secret)."""
    return StoreError(f"cannot read the store URL: {reason}", path=f"{scheme}://…")


def parse_store_url(location: str) -> StoreURL:
    """Parse ``scheme[+driver]://[user[:password]@][host][:port][/database][?key=value&...]``.

    Raises :class:`StoreError` (showing only the scheme, never the rest) when the URL cannot
    be read unambiguously."""
    found = _URL.match(location)
    if found is None:
        raise StoreError("not a URL (expected scheme://...)", path="the store location")
    scheme = found["scheme"].lower()
    rest = location[found.end():]
    question = rest.find("?")
    head = rest if question < 0 else rest[:question]
    at = head.rfind("@")
    if at < 0 and question >= 0 and "@" in rest[question:]:
        # an '@' only after the '?': the '?' may be in a password ("user:pa?ss@host"), also
        # when a '/' comes first and puts "user:pa" in the database name ("///user:pa?s@h")
        _, slash, path = head.partition("/")
        if not slash or ":" in path:
            raise _refuse(scheme, "cannot tell the password from the host: percent-encode "
                                  "'?' in the password as %3F")
    userinfo, after = (rest[:at], rest[at + 1:]) if at >= 0 else (None, rest)
    username = password = None
    if userinfo is not None:
        user, colon, secret = userinfo.partition(":")
        username = unquote(user)
        password = unquote(secret) if colon else None
    authority, _, tail = after.partition("?")
    hostport, slash, database = authority.partition("/")
    if "," in hostport:
        raise _refuse(scheme, "several hosts: give each as a ?host=name:port parameter")
    host_match = _HOST.match(hostport)
    if host_match is None:
        raise _refuse(scheme, "the host is not a host name or address")
    port = _port(scheme, host_match["port"])
    host = host_match["ipv6"] or (unquote(host_match["name"]) if host_match["name"] else None)
    if "?" in tail:
        # a second '?': the parameters cannot be told apart ("?x/db?sslpassword=..." would
        # show the secret inside another parameter's value)
        raise _refuse(scheme, "the query holds a second '?': percent-encode it as %3F")
    try:
        query = tuple(parse_qsl(tail, keep_blank_values=True, strict_parsing=bool(tail)))
    except ValueError:
        raise _refuse(scheme, "the query is not key=value pairs joined by '&'") from None
    return StoreURL(scheme=scheme, driver=found["driver"], username=username,
                    password=password, host=host, port=port,
                    database=unquote(database) if slash and database else None, query=query)


def _port(scheme: str, text: str | None) -> int | None:
    """The port number (None when absent), 1 to 65535."""
    if text is None or text == "":
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise _refuse(scheme, "the port is not a number from 1 to 65535 (is a ':' or '@' in "
                              "the password percent-encoded as %3A / %40?)")
    return int(text)


def masked(location: str) -> str:
    """Any store location as it may be shown: a URL masked (only its scheme when it cannot
    be parsed), a file path unchanged."""
    found = _URL.match(location)
    if found is None:
        return location
    try:
        return parse_store_url(location).masked()
    except StoreError:
        return f"{found['scheme'].lower()}://…"


__all__ = ["MASK", "SERVER_SCHEMES", "StoreURL", "is_secret", "is_server_url",
           "looks_like_url", "masked", "parse_store_url"]
