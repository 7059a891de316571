"""The services' short-lived result cache, and what an import does to it."""

from __future__ import annotations

from sqlalchemy import Engine

from assistant.container import Services
from assistant.settings import Settings


def _services(engine: Engine) -> Services:
    return Services(
        Settings(database_url=engine.url.render_as_string(hide_password=False)),
        engine=engine,
    )


def test_a_cached_result_is_reused_until_results_are_forgotten(
    sqlite_engine: Engine,
) -> None:
    services = _services(sqlite_engine)

    first = services.cached(("ranking",), lambda: "before the import")
    reused = services.cached(("ranking",), lambda: "never built")
    services.forget_results()
    rebuilt = services.cached(("ranking",), lambda: "after the import")

    assert (first, reused, rebuilt) == (
        "before the import",
        "before the import",
        "after the import",
    )


def test_a_result_built_while_an_import_lands_is_not_kept(
    sqlite_engine: Engine,
) -> None:
    services = _services(sqlite_engine)

    def build_across_an_import() -> str:
        services.forget_results()
        return "read before the import"

    answered = services.cached(("ranking",), build_across_an_import)
    next_time = services.cached(("ranking",), lambda: "read after the import")

    assert answered == "read before the import"
    assert next_time == "read after the import"
