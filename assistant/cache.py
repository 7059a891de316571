"""A small per-worker cache of computed results (health, usage, rankings, briefs).

Scoring an account runs a dozen aggregate queries; the figures only change when
data is imported. One cache per worker, held by the services, serves the API and
the engine alike. Results are kept for ``CSM_API_RESULT_CACHE_SECONDS`` (0 turns
the cache off) and dropped at once when an import goes through this worker. An
import from the CLI or another worker shows after at most that many seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

V = TypeVar("V")


class ResultCache:
    """Least-recently-used entries that expire ``seconds`` after they were made."""

    def __init__(self, seconds: float, max_items: int = 10_000) -> None:
        self.seconds = seconds
        self.max_items = max_items
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        # Bumped by ``clear``: a value computed across an import is not kept.
        self._generation = 0

    def peek(self, key: Hashable) -> object | None:
        """The cached value of ``key`` if fresh, else None; never computes."""
        if self.seconds <= 0:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is None or time.monotonic() - hit[0] >= self.seconds:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value of ``key``, or ``compute()`` stored for next time.

        Two threads missing the same key both compute; the second result wins.
        That costs one duplicate query, and keeps the lock off the slow path.
        """
        if self.seconds <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.seconds:
                self._items.move_to_end(key)
                # Only ``get`` stores, under the same key, what compute returned.
                return cast(V, hit[1])
            generation = self._generation
        value = compute()
        with self._lock:
            if generation != self._generation:
                # An import landed while this was computed: it may predate it.
                return value
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (after an import), including what is being computed."""
        with self._lock:
            self._items.clear()
            self._generation += 1
