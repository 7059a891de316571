"""The API's per-worker result cache: reuse, expiry by switch-off, and imports."""

from __future__ import annotations

from collections.abc import Callable

from assistant.cache import ResultCache


def test_a_result_is_computed_once_and_then_reused() -> None:
    cache = ResultCache(60)
    calls: list[int] = []

    def counted(call: int, value: str) -> Callable[[], str]:
        def compute() -> str:
            calls.append(call)
            return value

        return compute

    first = cache.get("k", counted(1, "value"))
    second = cache.get("k", counted(2, "other"))

    assert (first, second) == ("value", "value")
    assert calls == [1]
    assert cache.peek("k") == "value"


def test_zero_seconds_never_keeps_anything() -> None:
    cache = ResultCache(0)

    cache.get("k", lambda: "value")

    assert cache.peek("k") is None
    assert cache.get("k", lambda: "fresh") == "fresh"


def test_clear_forgets_results() -> None:
    cache = ResultCache(60)
    cache.get("k", lambda: "old")

    cache.clear()

    assert cache.peek("k") is None
    assert cache.get("k", lambda: "new") == "new"


def test_a_result_computed_while_an_import_lands_is_not_kept() -> None:
    cache = ResultCache(60)

    def compute_during_import() -> str:
        cache.clear()  # the import finishes while this result is being built
        return "computed before the import's rows"

    returned = cache.get("k", compute_during_import)

    assert returned == "computed before the import's rows"
    assert cache.peek("k") is None
    assert cache.get("k", lambda: "after the import") == "after the import"
