"""Signed-in sessions, kept in this process: a browser session holds only an opaque random
token; what it may do is looked up here, so no state a client crafts can make one up."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from dashboard.auth.roles import Role

DEFAULT_SESSION_MINUTES = 480.0


@dataclass(frozen=True)
class Session:
    """Who is signed in, how, with what role, until when (``clock`` seconds)."""

    method: str
    """``"user"`` (local users file), ``"oidc"`` or ``"local-analyst"``."""
    name: str
    role: Role
    expires_at: float
    stamp: str = ""
    """For a local user: their password hash when they signed in (a new password ends the
    session)."""

    @property
    def identity(self) -> str:
        """What writes record: ``user:alice``, ``oidc:alice@example.org``,
        ``local-analyst:alice``."""
        return f"{self.method}:{self.name}"

    def expired(self, now: float) -> bool:
        return now >= self.expires_at


class SessionRegistry:
    """Open sessions by token, shared by every browser session of the process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, method: str, name: str, role: Role, minutes: float, stamp: str = ""
             ) -> str:
        """A new session's token (secret: never log it)."""
        token = secrets.token_urlsafe(32)
        session = Session(method=method, name=name, role=role, stamp=stamp,
                          expires_at=self._clock() + minutes * 60.0)
        with self._lock:
            self._drop_expired()
            self._sessions[token] = session
        return token

    def get(self, token: object) -> Session | None:
        """The live session of ``token``, or None (unknown, forged or expired)."""
        if not isinstance(token, str):
            return None
        with self._lock:
            session = self._sessions.get(token)
            if session is not None and session.expired(self._clock()):
                del self._sessions[token]
                return None
            return session

    def update(self, token: str, **changes: object) -> None:
        with self._lock:
            if token in self._sessions:
                self._sessions[token] = replace(self._sessions[token], **changes)

    def close(self, token: object) -> None:
        if isinstance(token, str):
            with self._lock:
                self._sessions.pop(token, None)

    def _drop_expired(self) -> None:
        now = self._clock()
        for token in [t for t, s in self._sessions.items() if s.expired(now)]:
            del self._sessions[token]

