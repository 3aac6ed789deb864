"""Failed sign-ins, counted by user name and by client over a sliding window, shared by
every browser session of the process: past the limit, attempts are refused unchecked."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_PER_USER = 5
MAX_PER_CLIENT = 20
WINDOW_S = 15 * 60.0


class SignInLimiter:
    """At most ``max_per_user`` failures per user name and ``max_per_client`` per client in
    ``window_s`` seconds."""

    def __init__(self, max_per_user: int = MAX_PER_USER, max_per_client: int = MAX_PER_CLIENT,
                 window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.max_per_user = max_per_user
        self.max_per_client = max_per_client
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, user: str, client: str) -> float:
        """Seconds before ``user`` from ``client`` may try again (0: now)."""
        with self._lock:
            now = self._clock()
            waits = [self._wait(("user", user), self.max_per_user, now),
                     self._wait(("client", client), self.max_per_client, now)]
        return max(waits)

    def failed(self, user: str, client: str) -> None:
        """Count a failed attempt."""
        with self._lock:
            now = self._clock()
            for key in (("user", user), ("client", client)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, user: str) -> None:
        """A good sign-in clears the user's failures (not the client's)."""
        with self._lock:
            self._failures.pop(("user", user), None)

    def failures(self, *, user: str | None = None, client: str | None = None) -> int:
        """Failures counted in the window for ``user`` or ``client``."""
        key = ("user", user) if user is not None else ("client", client or "")
        with self._lock:
            times = self._failures.get(key)
            if not times:
                return 0
            self._expire(times, self._clock())
            return len(times)

    def _wait(self, key: tuple[str, str], limit: int, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        self._expire(times, now)
        if len(times) < limit:
            return 0.0
        return max(0.0, times[-limit] + self.window_s - now)

    def _expire(self, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.window_s:
            times.popleft()
