"""The LRU helper behind the display, event-feature and front-line caches."""

from __future__ import annotations

import threading

import pytest

from geo.lru import LRUCache


def test_bounded_and_evicts_the_least_recently_used():
    cache: LRUCache[str, int] = LRUCache(3)
    for i, key in enumerate("abc"):
        cache.put(key, i)
    assert cache.get("a") == 0  # "a" is now the most recent: "b" is the oldest
    cache.put("d", 3)
    assert len(cache) == 3
    assert "b" not in cache and {"a", "c", "d"} == {k for k in "abcd" if k in cache}
    cache.put("c", 30)  # overwriting refreshes too
    cache.put("e", 4)
    assert "a" not in cache and cache.get("c") == 30


def test_get_or_compute_computes_once_and_keeps_none_values():
    cache: LRUCache[str, object] = LRUCache(2)
    calls = []
    assert cache.get_or_compute("x", lambda: calls.append(1)) is None
    assert cache.get_or_compute("x", lambda: calls.append(2)) is None
    assert calls == [1] and "x" in cache
    assert cache.get("missing", "default") == "default"


def test_clear_and_bad_size():
    cache: LRUCache[int, int] = LRUCache(1)
    cache.put(1, 1)
    cache.put(2, 2)
    assert len(cache) == 1 and cache.get(2) == 2
    cache.clear()
    assert len(cache) == 0
    with pytest.raises(ValueError):
        LRUCache(0)


def test_threads_never_exceed_the_bound():
    cache: LRUCache[int, int] = LRUCache(50)

    def work(offset: int) -> None:
        for i in range(2000):
            cache.get_or_compute((i * 7 + offset) % 300, lambda i=i: i)
            assert len(cache) <= 50

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 50


def test_display_geometry_cache_uses_it_with_its_bound():
    from geo.zones import display

    assert isinstance(display._cache, LRUCache) and display._cache.maxsize == 512
