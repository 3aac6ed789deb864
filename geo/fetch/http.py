"""One polite HTTP client for every live source (over ``httpx``, of the ``live`` extra,
imported only when a client is made).

- a User-Agent naming the tool and a contact (``HttpConfig.contact``, from ``sources.toml``);
- a per-host rate limit (``min_interval`` seconds between two requests to one host);
- conditional requests: the ``ETag``/``Last-Modified`` of a URL are sent back as
  ``If-None-Match``/``If-Modified-Since``; a 304 is a :class:`Response` with
  ``not_modified``. Validators are remembered only when the caller says the response was
  stored (:meth:`HttpClient.remember`), so a run that fails after a download fetches it
  again next time instead of being told "not modified" about data it never kept;
- retries with exponential backoff and jitter on timeouts, transport errors (a connection
  reset mid-body), 429 (honouring ``Retry-After``) and 5xx; other 4xx fail at once;
- a size limit: a Content-Length above it is refused unread, a body is streamed and refused
  as soon as it passes the limit (decoded bytes are counted: a gzip bomb stops too);
- TLS verification always on (no option turns it off).

Every failure is a :class:`geo.errors.FetchError` naming the source, the URL and the step.
"""

from __future__ import annotations

import email.utils
import logging
import random
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from geo.errors import FetchError, ResponseTooLargeError
from geo.store.schema import Validators

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

TOOL = "frontline-map"
TOOL_VERSION = "0.1.0"
DEFAULT_MAX_BYTES = 25_000_000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class HttpConfig:
    """How politely and how long the client tries. ``contact`` (an e-mail address or URL)
    goes into the User-Agent so a site's operator can reach whoever runs the tool."""

    contact: str = ""
    timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = 4
    """Attempts after the first one (timeouts, transport errors, 429, 5xx)."""
    backoff: float = 1.0
    """First retry delay in seconds; doubled each attempt, half of it random (jitter)."""
    backoff_cap: float = 60.0
    max_retry_after: float = 300.0
    """A ``Retry-After`` longer than this fails the run instead of sleeping that long."""
    min_interval: float = 0.5
    """Seconds between two requests to one host."""

    def __post_init__(self) -> None:
        checks = {"timeout": self.timeout > 0, "max_bytes": self.max_bytes > 0,
                  "retries": 0 <= self.retries <= 20, "backoff": self.backoff >= 0,
                  "backoff_cap": self.backoff_cap >= 0,
                  "max_retry_after": self.max_retry_after >= 0,
                  "min_interval": 0 <= self.min_interval <= 3600}
        for name, ok in checks.items():
            if not ok:
                raise ValueError(f"HttpConfig.{name} out of range: {getattr(self, name)!r}")

    @property
    def user_agent(self) -> str:
        contact = self.contact.strip()
        return f"{TOOL}/{TOOL_VERSION}" + (f" (+{contact})" if contact else "")


class ValidatorStore(Protocol):
    """Where validators are remembered per URL (the store, or memory in tests)."""

    def get_validators(self, url: str) -> Validators | None: ...

    def put_validators(self, url: str, validators: Validators) -> None: ...


class MemoryValidators:
    """Validators kept in a dict (one process)."""

    def __init__(self) -> None:
        self.items: dict[str, Validators] = {}

    def get_validators(self, url: str) -> Validators | None:
        return self.items.get(url)

    def put_validators(self, url: str, validators: Validators) -> None:
        self.items[url] = validators


@dataclass(frozen=True)
class Response:
    """A finished response: the whole body (within the limit), or ``not_modified``."""

    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)
    validators: Validators = field(default_factory=Validators)
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class RateLimiter:
    """At most one request per ``interval`` seconds to each host (thread-safe)."""

    def __init__(self, interval: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Sleep until ``host`` may be asked again; the seconds slept."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return delay


def retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


class _Retry(Exception):  # noqa: N818 - control flow inside HttpClient.get
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class HttpClient:
    """GET with politeness and robustness (see the module docstring). Use as a context
    manager or call :meth:`close`."""

    def __init__(self, config: HttpConfig | None = None, *,
                 validators: ValidatorStore | None = None,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 rng: Callable[[], float] = random.random) -> None:
        import httpx  # the optional "live" extra: imported only when a source runs

        self.config = config or HttpConfig()
        self.validators: ValidatorStore = validators if validators is not None \
            else MemoryValidators()
        self._sleep = sleep
        self._rng = rng
        self.limiter = RateLimiter(self.config.min_interval, sleep=sleep)
        self.requests = 0
        """Requests sent (every attempt counts)."""
        self._client = httpx.Client(
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.config.timeout), verify=True, follow_redirects=True,
            max_redirects=5, transport=transport, trust_env=False)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backoff(self, attempt: int) -> float:
        """Delay before retry ``attempt`` (1-based): exponential, capped, half jitter."""
        ceiling = min(self.config.backoff_cap, self.config.backoff * 2 ** (attempt - 1))
        return ceiling / 2 + self._rng() * ceiling / 2

    def get(self, url: str, *, source: str, step: str, conditional: bool = True,
            max_bytes: int | None = None, accept: str | None = None,
            headers: dict[str, str] | None = None) -> Response:
        """The response to ``GET url`` (a 304 when ``conditional`` and nothing changed).

        Raises FetchError (naming ``source``, ``url``, ``step``) on a 4xx other than 304/429,
        after the last retry, or when the body is above ``max_bytes``.
        """
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL (scheme {scheme or 'none'!r})",
                             source=source, url=url, step=step)
        limit = max_bytes if max_bytes is not None else self.config.max_bytes
        extra = headers
        headers = {"Accept": accept} if accept else {}
        headers.update(extra or {})  # e.g. an access token: sent, never logged
        if conditional:
            known = self.validators.get_validators(url)
            if known:
                headers.update(known.headers())
        host = urlsplit(url).netloc.lower()
        attempts = self.config.retries + 1
        last = ""
        for attempt in range(1, attempts + 1):
            self.limiter.wait(host)
            self.requests += 1
            try:
                response = self._once(url, headers, limit, source=source, step=step)
                return Response(url=response.url, status=response.status,
                                content=response.content, headers=response.headers,
                                validators=response.validators, attempts=attempt)
            except _Retry as again:
                last = again.reason
                if attempt == attempts:
                    break
                delay = self.backoff(attempt)
                if again.wait is not None:
                    if again.wait > self.config.max_retry_after:
                        raise FetchError(
                            f"{again.reason}; the server asks to retry after {again.wait:.0f} s,"
                            f" above the {self.config.max_retry_after:.0f} s limit",
                            source=source, url=url, step=step, status=429) from None
                    delay = max(delay, again.wait)
                log.warning("%s: %s %s: %s; retry %d of %d in %.1f s", source, step, url,
                            again.reason, attempt, attempts - 1, delay)
                self._sleep(delay)
        raise FetchError(f"gave up after {attempts} attempt(s): {last}", source=source,
                         url=url, step=step)

    def _once(self, url: str, headers: dict[str, str], limit: int, *, source: str,
              step: str) -> Response:
        import httpx

        try:
            with self._client.stream("GET", url, headers=headers) as reply:
                status = reply.status_code
                if status == 304:
                    return Response(url=url, status=304, content=b"",
                                    headers=dict(reply.headers),
                                    validators=_validators(reply))
                if status in RETRY_STATUSES:
                    wait = retry_after(reply.headers.get("Retry-After"))
                    raise _Retry(f"HTTP {status} {reply.reason_phrase}".strip(), wait)
                if status >= 400 or status < 200:
                    raise FetchError(f"HTTP {status} {reply.reason_phrase}".strip(),
                                     source=source, url=url, step=step, status=status)
                body = _read_body(reply, limit, source=source, url=url, step=step)
                return Response(url=str(reply.url), status=status, content=body,
                                headers=dict(reply.headers), validators=_validators(reply))
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out ({type(exc).__name__})") from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"cannot decode the response body: {exc}", source=source,
                             url=url, step=step) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"too many redirects: {exc}", source=source, url=url,
                             step=step) from exc
        except httpx.ConnectError as exc:
            if _tls_refused(exc):  # retrying cannot help, and must never be worked around
                raise FetchError(f"TLS certificate verification failed: {exc}",
                                 source=source, url=url, step=step) from exc
            raise _Retry(f"cannot connect ({exc})") from exc
        except httpx.TransportError as exc:
            raise _Retry(f"transport error ({type(exc).__name__}: {exc})") from exc

    def remember(self, *responses: Response) -> None:
        """Keep the validators of responses whose content was stored (or is unchanged)."""
        for response in responses:
            if response.validators and not response.not_modified:
                self.validators.put_validators(response.url, response.validators)


def _tls_refused(exc: BaseException) -> bool:
    """Whether a connection failed because the server's certificate was not trusted."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or \
                "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _validators(reply: httpx.Response) -> Validators:
    return Validators(etag=reply.headers.get("ETag", ""),
                      last_modified=reply.headers.get("Last-Modified", ""))


def _read_body(reply: httpx.Response, limit: int, *, source: str, url: str,
               step: str) -> bytes:
    declared = reply.headers.get("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise ResponseTooLargeError(
            f"response is {int(declared):,} bytes (Content-Length), above the {limit:,} "
            "byte limit; refused unread", source=source, url=url, step=step)
    chunks: list[bytes] = []
    total = 0
    for chunk in reply.iter_bytes():
        total += len(chunk)
        if total > limit:
            raise ResponseTooLargeError(
                f"response passed the {limit:,} byte limit while streaming; refused",
                source=source, url=url, step=step)
        chunks.append(chunk)
    return b"".join(chunks)
