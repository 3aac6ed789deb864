"""Deferred jobs (dashboard.background) and the event index built after the first run."""

from __future__ import annotations

import logging
import threading
from datetime import date

from dashboard import background
from dashboard.event_index import build_index, ready_index
from geo.store import open_store
from geo.store.base import EventFilter
from geo.timeline import snapshot


def test_a_job_runs_once_after_the_run_and_not_twice_while_running():
    release, ran = threading.Event(), []

    def job() -> None:
        ran.append(1)
        release.wait(10)

    background.after_run("test-once", job)
    assert ran == []  # nothing runs before the run ends
    background.start_deferred()
    background.after_run("test-once", job)  # asked again while running: ignored
    background.start_deferred()
    release.set()
    background.wait_for_jobs(10)
    assert ran == [1]
    background.after_run("test-once", job)  # finished: may run again
    background.wait_for_jobs(10)
    assert ran == [1, 1]


def test_jobs_run_one_at_a_time_in_the_order_asked_later_ones_last():
    order = []
    background.after_run("test-warm", lambda: order.append("warm"), later=True)
    background.after_run("test-index", lambda: order.append("index"))
    background.after_run("test-frames", lambda: order.append("frames"))
    assert background.wait_for_jobs(10)
    assert order == ["index", "frames", "warm"]


def test_a_failing_job_is_logged_not_raised(caplog):
    def job() -> None:
        raise ValueError("broken build")

    with caplog.at_level(logging.ERROR, logger="dashboard.background"):
        background.after_run("test-fails", job)
        background.wait_for_jobs(10)
    assert "deferred job test-fails failed" in caplog.text
    assert "broken build" in caplog.text


def test_the_event_index_is_built_after_the_run_that_needs_it(seeded_store_path):
    with open_store(seeded_store_path) as store:
        theatre = store.main_theatre()
        filters = EventFilter()
        key = ("test-index", store.data_version(), filters, theatre.name)
        assert ready_index(store, key, filters, theatre) is None  # asked for, not built
        background.wait_for_jobs(30)
        index = ready_index(store, key, filters, theatre)
        assert index is not None
        assert index == build_index(store, filters, theatre)
        day = date(2023, 3, 13)
        direct = snapshot(store, day, window_days=7, filters=filters, theatre=theatre)
        assert index.between(date(2023, 3, 7), day) == direct.events
