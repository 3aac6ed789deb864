"""Work deferred until the current script run has drawn its page, then run by one worker.

Building the whole span's map frames or the in-memory event index of a big store takes
seconds of CPU; a viewer's first run gets something cheaper at once (quick frames, a
direct store query) and asks for the full build here. :func:`start_deferred` (called when a
run ends, whatever ended it) hands the jobs asked for to one daemon worker thread, which
runs them one at a time in the order asked: the builds neither compete with the run that
asked for them nor with each other. A job of a name already waiting or running is not asked
twice. A job must not call Streamlit.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

__all__ = ["after_run", "start_deferred", "wait_for_jobs"]

log = logging.getLogger(__name__)

_lock = threading.Lock()
_asked: dict[str, tuple[int, Callable[[], None]]] = {}
_pending: set[str] = set()  # handed to the worker, not finished
_jobs: queue.Queue[tuple[str, Callable[[], None]]] = queue.Queue()
_worker: threading.Thread | None = None


def after_run(name: str, job: Callable[[], None], *, later: bool = False) -> None:
    """Run ``job`` once this run ends, unless a job of that ``name`` is waiting or running;
    ``later``: after the jobs this run asked without it (a warm-up after what a viewer
    waits for)."""
    with _lock:
        if name not in _pending:
            _asked.setdefault(name, (int(later), job))


def start_deferred() -> None:
    """Hand the jobs asked for to the worker (started on first use)."""
    global _worker
    with _lock:
        asked = sorted(_asked.items(), key=lambda item: item[1][0])  # stable: asked order
        _asked.clear()
        for name, (_, job) in asked:
            _pending.add(name)
            _jobs.put((name, job))
        if asked and (_worker is None or not _worker.is_alive()):
            _worker = threading.Thread(target=_work, name="deferred-jobs", daemon=True)
            _worker.start()


def _work() -> None:
    while True:
        name, job = _jobs.get()
        started = time.perf_counter()
        try:
            job()
        except Exception:  # a failed job is logged; what asked for it falls back on its own
            log.exception("deferred job %s failed", name)
        else:
            log.info("deferred job %s done in %.1f s", name, time.perf_counter() - started)
        finally:
            with _lock:
                _pending.discard(name)
            _jobs.task_done()


def wait_for_jobs(timeout: float = 120.0) -> bool:
    """Start what was asked and wait until every job is done (tests, benchmarks); False if
    ``timeout`` seconds passed first."""
    start_deferred()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _pending:
                return True
        time.sleep(0.02)
    return False
