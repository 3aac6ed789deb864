"""``sources.toml``: the live sources to keep current, their cadence and the HTTP manners.

Read with :mod:`tomllib`; every error names the file, the source and the field
(:class:`geo.errors.SourceConfigError`). See ``sources.example.toml`` and the README.

Every ``[sources.NAME]`` table takes ``type`` and ``every``, the fields of its type, and an
optional ``theatre = "NAME"``: the store theatre its zone reports and events go to (default:
the default theatre, ``bakhmut-2023``). Its form is checked here; that the store has it,
with the sides the source writes (DeepState: russian, ukrainian, contested), is checked
by :func:`geo.fetch.schedule.check_theatres` when ``frontline watch`` opens the store,
before any source runs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from geo.errors import SourceConfigError
from geo.fetch.http import DEFAULT_MAX_BYTES, HttpConfig
from geo.theatre import normalise_name
from geo.theatre.toml_file import NAME_RE

SOURCE_TYPES = ("deepstate", "feed", "ucdp")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_CADENCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_HTTP_KEYS = {"contact", "timeout", "max_mb", "retries", "backoff", "min_interval",
              "max_retry_after"}
_COMMON_KEYS = {"type", "every", "theatre"}
_SOURCE_KEYS = {"deepstate": _COMMON_KEYS | {"base_url", "per_day", "since", "on_invalid"},
                "feed": _COMMON_KEYS | {"urls", "language", "auto_accept", "max_items"},
                "ucdp": _COMMON_KEYS | {"version", "base_url", "country", "start_date",
                                        "end_date", "page_size", "token_env"}}


def parse_cadence(text: Any, *, where: str) -> timedelta:
    """``90s``, ``30m``, ``6h``, ``1d`` -> a timedelta (1 minute to 30 days)."""
    match = _CADENCE.match(str(text)) if isinstance(text, str) else None
    if not match:
        raise SourceConfigError(f"{where}: every = {text!r}: use a number and s, m, h or d "
                                "(e.g. '6h')")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if not 60 <= seconds <= 30 * 86400:
        raise SourceConfigError(f"{where}: every = {text!r}: from 1 minute to 30 days")
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class SourceConfig:
    """One ``[sources.NAME]`` table."""

    name: str
    type: str
    every: timedelta
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourcesConfig:
    """The whole file: HTTP manners and the sources by name (file order)."""

    http: HttpConfig
    sources: dict[str, SourceConfig]
    path: str = ""


def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise SourceConfigError(f"{where}: {value!r} is not a number from {low:g} to {high:g}")
    return float(value)


def _http(table: Any, path: str) -> HttpConfig:
    if not isinstance(table, dict):
        raise SourceConfigError(f"{path}: [http] must be a table")
    unknown = set(table) - _HTTP_KEYS
    if unknown:
        raise SourceConfigError(f"{path}: [http]: unknown field(s) {sorted(unknown)}")
    contact = table.get("contact", "")
    if not isinstance(contact, str) or any(c in contact for c in "\r\n()"):
        raise SourceConfigError(f"{path}: [http], field 'contact': an e-mail address or URL "
                                "on one line, without parentheses")
    kwargs: dict[str, Any] = {"contact": contact.strip()}
    limits = {"timeout": (0.1, 600), "retries": (0, 20), "backoff": (0, 600),
              "min_interval": (0, 3600), "max_retry_after": (0, 86400)}
    for key, (low, high) in limits.items():
        if key in table:
            value = _number(table[key], f"{path}: [http], field {key!r}", low, high)
            kwargs[key] = int(value) if key == "retries" else value
    if "max_mb" in table:
        kwargs["max_bytes"] = int(_number(table["max_mb"], f"{path}: [http], field 'max_mb'",
                                          0.001, 4096) * 1e6)
    else:
        kwargs["max_bytes"] = DEFAULT_MAX_BYTES
    return HttpConfig(**kwargs)


def _source(name: str, table: Any, path: str) -> SourceConfig:
    where = f"{path}: [sources.{name}]"
    if not _NAME.match(name):
        raise SourceConfigError(f"{where}: a source name is ASCII letters, digits, _ - .")
    if not isinstance(table, dict):
        raise SourceConfigError(f"{where}: must be a table")
    kind = table.get("type")
    if kind not in SOURCE_TYPES:
        raise SourceConfigError(f"{where}, field 'type': {kind!r}, expected one of "
                                f"{', '.join(SOURCE_TYPES)}")
    unknown = set(table) - _SOURCE_KEYS[kind]
    if unknown:
        raise SourceConfigError(f"{where}: unknown field(s) {sorted(unknown)} for type {kind}")
    if "every" not in table:
        raise SourceConfigError(f"{where}, field 'every': missing (how often to fetch, "
                                "e.g. '6h')")
    every = parse_cadence(table["every"], where=f"{where}, field 'every'")
    options = {k: v for k, v in table.items() if k not in ("type", "every")}
    if "theatre" in options:
        options["theatre"] = _theatre(options["theatre"], where)
    if kind == "deepstate":
        if "base_url" in options and not str(options["base_url"]).startswith(
                ("http://", "https://")):
            raise SourceConfigError(f"{where}, field 'base_url': an http(s) URL")
        if "per_day" in options and not isinstance(options["per_day"], bool):
            raise SourceConfigError(f"{where}, field 'per_day': true or false")
        if "since" in options:
            since = options["since"]
            if isinstance(since, str):
                try:
                    since = date.fromisoformat(since)
                except ValueError:
                    since = None
            if not isinstance(since, date):
                raise SourceConfigError(f"{where}, field 'since': a date YYYY-MM-DD")
            options["since"] = since
    elif kind == "ucdp":
        _ucdp_options(options, where)
    else:
        urls = options.get("urls")
        if not isinstance(urls, list) or not urls or not all(
                isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls):
            raise SourceConfigError(f"{where}, field 'urls': a list of http(s) feed URLs")
        if "language" in options and not re.fullmatch(r"[a-z]{2}", str(options["language"])):
            raise SourceConfigError(f"{where}, field 'language': a two-letter code")
        if "auto_accept" in options:
            options["auto_accept"] = _number(options["auto_accept"],
                                             f"{where}, field 'auto_accept'", 0, 1)
        if "max_items" in options:
            options["max_items"] = int(_number(options["max_items"],
                                               f"{where}, field 'max_items'", 1, 10_000))
    return SourceConfig(name=name, type=kind, every=every, options=options)


def _theatre(value: Any, where: str) -> str:
    """A ``theatre`` field: a theatre name (its id form, as ``--theatre`` takes it)."""
    name = normalise_name(value) if isinstance(value, str) else ""
    if not NAME_RE.match(name):
        raise SourceConfigError(f"{where}, field 'theatre': {value!r}: the name of a theatre "
                                "of the store (see `frontline theatre list`): lower-case "
                                "letters, digits, '-' and '_', starting with a letter")
    return name


def _ucdp_options(options: dict[str, Any], where: str) -> None:
    """Check (and convert in place) the fields of a ``type = "ucdp"`` source."""
    if "base_url" in options and not str(options["base_url"]).startswith(
            ("http://", "https://")):
        raise SourceConfigError(f"{where}, field 'base_url': an http(s) URL")
    if "version" in options and not re.fullmatch(r"\d{1,2}\.\d{1,2}", str(options["version"])):
        raise SourceConfigError(f"{where}, field 'version': a GED version such as '25.1'")
    if "country" in options:
        options["country"] = int(_number(options["country"], f"{where}, field 'country'",
                                         1, 999))
    if "page_size" in options:
        options["page_size"] = int(_number(options["page_size"],
                                           f"{where}, field 'page_size'", 1, 1000))
    for key in ("start_date", "end_date"):
        if key in options:
            value = options[key]
            try:
                options[key] = value if isinstance(value, date) else date.fromisoformat(
                    str(value))
            except ValueError:
                raise SourceConfigError(f"{where}, field {key!r}: a date YYYY-MM-DD") from None
    if "token_env" in options and not re.fullmatch(r"[A-Z_][A-Z0-9_]{0,63}",
                                                   str(options["token_env"])):
        raise SourceConfigError(f"{where}, field 'token_env': the NAME of an environment "
                                "variable holding the token (never the token itself)")


def parse_config(text: str, *, path: str = "sources.toml") -> SourcesConfig:
    """The configuration in ``text`` (TOML)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(doc) - {"http", "sources"}
    if unknown:
        raise SourceConfigError(f"{path}: unknown table(s) {sorted(unknown)}; expected [http] "
                                "and [sources.NAME]")
    sources = doc.get("sources", {})
    if not isinstance(sources, dict):
        raise SourceConfigError(f"{path}: [sources] must hold [sources.NAME] tables")
    return SourcesConfig(http=_http(doc.get("http", {}), path),
                         sources={n: _source(n, t, path) for n, t in sources.items()},
                         path=path)


def load_config(path: str | Path) -> SourcesConfig:
    """Read ``sources.toml`` (refused above 1 MB)."""
    file = Path(path)
    try:
        if file.stat().st_size > 1_000_000:
            raise SourceConfigError(f"{file}: larger than 1 MB; not a sources file")
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceConfigError(f"{file}: cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise SourceConfigError(f"{file}: not UTF-8 text (byte {exc.start})") from exc
    return parse_config(text, path=str(file))
