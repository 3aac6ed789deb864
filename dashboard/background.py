"""Work deferred until the current script run has drawn its page, then run in a thread.

Building the whole span's map frames or the in-memory event index of a big store takes
seconds of CPU; a viewer's first run gets something cheaper at once (quick frames, a
direct store query) and asks for the full build here. :func:`start_deferred` (called when a
run ends, whatever ended it) starts each asked-for job once, named, in a daemon thread, so
the builds do not compete with the run that asked for them. A job must not call Streamlit.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

__all__ = ["after_run", "start_deferred", "wait_for_jobs"]

log = logging.getLogger(__name__)

MAX_FINISHED = 64

_lock = threading.Lock()
_asked: dict[str, Callable[[], None]] = {}
_threads: dict[str, threading.Thread] = {}


def after_run(name: str, job: Callable[[], None]) -> None:
    """Run ``job`` once this run ends, unless a job of that ``name`` is asked or running."""
    with _lock:
        running = _threads.get(name)
        if running is None or not running.is_alive():
            _asked.setdefault(name, job)


def start_deferred() -> None:
    """Start the jobs asked for (each in its own daemon thread)."""
    with _lock:
        asked = list(_asked.items())
        _asked.clear()
        for name, job in asked:
            running = _threads.get(name)
            if running is not None and running.is_alive():
                continue
            thread = threading.Thread(target=_run, args=(name, job), daemon=True,
                                      name=f"deferred-{name[:24]}")
            _threads[name] = thread
            thread.start()
        finished = [n for n, t in _threads.items() if not t.is_alive()]
        for name in finished[:max(0, len(finished) - MAX_FINISHED)]:
            del _threads[name]


def _run(name: str, job: Callable[[], None]) -> None:
    started = time.perf_counter()
    try:
        job()
    except Exception:  # a failed job is logged; what asked for it falls back on its own
        log.exception("deferred job %s failed", name)
    else:
        log.info("deferred job %s done in %.1f s", name, time.perf_counter() - started)


def wait_for_jobs(timeout: float = 120.0) -> None:
    """Start what was asked and join every job (tests, benchmarks)."""
    start_deferred()
    deadline = time.monotonic() + timeout
    for thread in list(_threads.values()):
        thread.join(max(0.0, deadline - time.monotonic()))
