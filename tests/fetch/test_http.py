"""The polite HTTP client against loopback servers: User-Agent, conditional requests,
retries (429 Retry-After, 5xx, timeouts, a reset mid-body), size limits, rate limit."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug import Response

from geo.errors import FetchError, ResponseTooLargeError
from geo.fetch import HttpClient, HttpConfig
from geo.fetch.http import RateLimiter, retry_after


def test_user_agent_names_the_tool_and_the_contact(httpserver, client):
    httpserver.expect_request("/a").respond_with_data("ok")
    response = client.get(httpserver.url_for("/a"), source="test", step="probe")
    assert response.content == b"ok"
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith("frontline-map/") and "ops@example.org" in agent


def test_conditional_request_sends_validators_only_once_remembered(httpserver, client):
    url = httpserver.url_for("/list")
    seen: list[dict[str, str]] = []

    def handler(request):
        seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response("[1]", headers={"ETag": '"v1"',
                                        "Last-Modified": "Wed, 01 Mar 2023 10:00:00 GMT"})

    httpserver.expect_request("/list").respond_with_handler(handler)
    first = client.get(url, source="t", step="list")
    assert first.status == 200 and first.validators.etag == '"v1"'
    again = client.get(url, source="t", step="list")  # not remembered yet: a full answer
    assert again.status == 200 and "If-None-Match" not in seen[1]
    client.remember(again)
    third = client.get(url, source="t", step="list")
    assert third.not_modified and third.content == b""
    assert seen[2]["If-None-Match"] == '"v1"'
    assert seen[2]["If-Modified-Since"] == "Wed, 01 Mar 2023 10:00:00 GMT"
    unconditional = client.get(url, source="t", step="list", conditional=False)
    assert unconditional.status == 200 and "If-None-Match" not in seen[3]


def test_429_honours_retry_after_then_succeeds(httpserver, client):
    httpserver.expect_oneshot_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_request("/busy").respond_with_data("fine")
    response = client.get(httpserver.url_for("/busy"), source="t", step="list")
    assert response.content == b"fine" and response.attempts == 2
    assert client.slept == [7.0]


def test_retry_after_longer_than_the_limit_fails_naming_source_url_and_step(httpserver):
    httpserver.expect_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "86400"})
    with HttpClient(HttpConfig(min_interval=0, max_retry_after=60), sleep=lambda s: None) as c:
        with pytest.raises(FetchError) as info:
            c.get(httpserver.url_for("/busy"), source="deepstate", step="list")
    assert info.value.status == 429 and "86400" in str(info.value)
    assert str(info.value).startswith("deepstate: list http://")


def test_500_then_success_with_exponential_backoff_and_jitter(httpserver):
    for _ in range(2):
        httpserver.expect_oneshot_request("/flaky").respond_with_data("oops", status=503)
    httpserver.expect_request("/flaky").respond_with_data("done")
    slept: list[float] = []
    with HttpClient(HttpConfig(min_interval=0, backoff=2.0, retries=3), sleep=slept.append,
                    rng=lambda: 1.0) as c:
        response = c.get(httpserver.url_for("/flaky"), source="t", step="x")
    assert response.content == b"done" and response.attempts == 3
    assert slept == [2.0, 4.0]  # doubled each time; jitter at its top here
    low = HttpClient(HttpConfig(backoff=2.0), rng=lambda: 0.0)
    assert [low.backoff(n) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    low.close()


def test_retries_exhausted_is_a_fetch_error(httpserver, client):
    httpserver.expect_request("/down").respond_with_data("no", status=502)
    with pytest.raises(FetchError, match=r"gave up after 4 attempt\(s\): HTTP 502") as info:
        client.get(httpserver.url_for("/down"), source="feed:x", step="feed")
    assert info.value.url.endswith("/down") and info.value.step == "feed"
    assert len(httpserver.log) == 4


def test_404_fails_at_once(httpserver, client):
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="HTTP 404") as info:
        client.get(httpserver.url_for("/gone"), source="t", step="snapshot 1")
    assert info.value.status == 404 and len(httpserver.log) == 1


def test_content_length_above_the_limit_is_refused_unread(httpserver, client):
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    with pytest.raises(ResponseTooLargeError, match="5,000 bytes"):
        client.get(httpserver.url_for("/big"), source="t", step="s", max_bytes=1000)
    assert len(httpserver.log) == 1  # not retried


def test_streamed_body_above_the_limit_is_refused(httpserver, client):
    def chunks():
        for _ in range(100):
            yield b"y" * 1000

    httpserver.expect_request("/stream").respond_with_response(Response(chunks()))
    with pytest.raises(ResponseTooLargeError, match="while streaming"):
        client.get(httpserver.url_for("/stream"), source="t", step="s", max_bytes=10_000)


def test_gzip_bomb_is_counted_decoded(httpserver, client):
    body = gzip.compress(b"\0" * 2_000_000)
    httpserver.expect_request("/bomb").respond_with_data(
        body, headers={"Content-Encoding": "gzip"})
    assert len(body) < 10_000
    with pytest.raises(ResponseTooLargeError):
        client.get(httpserver.url_for("/bomb"), source="t", step="s", max_bytes=100_000)


def test_connection_reset_mid_body_is_retried(scripted, client):
    scripted.replies = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n"
        b'{"partial": ',
        b'HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{"ok": true}',
    ]
    response = client.get(scripted.url + "/x", source="t", step="snapshot 5")
    assert response.content == b'{"ok": true}' and response.attempts == 2
    assert len(scripted.seen) == 2


def test_reset_every_time_fails_naming_the_step(scripted, client):
    scripted.replies = [b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nabc"] * 4
    with pytest.raises(FetchError, match="transport error") as info:
        client.get(scripted.url + "/y", source="deepstate", step="snapshot 9")
    assert info.value.step == "snapshot 9"


def test_timeout_is_retried_then_reported(httpserver):
    def slow(request):
        time.sleep(0.6)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with HttpClient(HttpConfig(min_interval=0, timeout=0.2, retries=1),
                    sleep=lambda s: None) as c:
        with pytest.raises(FetchError, match="timed out"):
            c.get(httpserver.url_for("/slow"), source="t", step="s")
    assert c.requests == 2


def test_only_http_urls(client):
    with pytest.raises(FetchError, match="not an http"):
        client.get("file:///etc/passwd", source="t", step="feed")


def test_rate_limit_spaces_requests_per_host():
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = RateLimiter(1.5, clock=lambda: now[0], sleep=sleep)
    assert limiter.wait("a.example") == 0
    assert limiter.wait("b.example") == 0  # another host: no wait
    assert limiter.wait("a.example") == 1.5
    assert limiter.wait("a.example") == 3.0  # queued behind the previous one
    now[0] = 110.0
    assert limiter.wait("a.example") == 0
    assert slept == [1.5, 3.0]


def test_rate_limit_applies_to_real_requests(httpserver):
    httpserver.expect_request("/r").respond_with_data("ok")
    with HttpClient(HttpConfig(min_interval=0.3)) as c:
        start = time.perf_counter()
        for _ in range(3):
            c.get(httpserver.url_for("/r"), source="t", step="s")
        elapsed = time.perf_counter() - start
    assert elapsed >= 0.6


def test_retry_after_forms():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after("120") == 120.0
    later = (now + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after(later, now=now) == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_config_ranges_checked():
    with pytest.raises(ValueError, match="min_interval"):
        HttpConfig(min_interval=-1)
    with pytest.raises(ValueError, match="max_bytes"):
        HttpConfig(max_bytes=0)


def test_tls_is_verified_a_self_signed_server_is_refused(tmp_path):
    import shutil
    import ssl
    import subprocess

    from pytest_httpserver import HTTPServer

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request("/secret").respond_with_data("should not be read")
    server.start()
    try:
        with HttpClient(HttpConfig(min_interval=0, retries=3), sleep=lambda s: None) as c:
            with pytest.raises(FetchError, match="TLS certificate verification failed"):
                c.get(server.url_for("/secret"), source="t", step="list")
            assert c.requests == 1  # not retried
    finally:
        server.stop()
