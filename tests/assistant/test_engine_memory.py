"""Follow-ups resolve against the thread's previous turn, kept in the database."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from assistant.answers import AskContext
from assistant.container import Services
from assistant.engine import Assistant
from knowledge.queries.conversation import TurnRecord, append_turn, recent_turns
from tests.assistant.engine_book import (  # noqa: F401  # fixtures
    AS_OF,
    NORA,
    PRIYA,
    assistant,
    build_services,
    engine_demo_dir,
    services,
)


def test_and_their_renewal_follows_the_previous_account(assistant: Assistant) -> None:
    ctx = AskContext(as_of=AS_OF, thread_id="T-renewal")
    assistant.answer("How is Initech doing?", ctx)

    answer = assistant.answer("and their renewal?", ctx)

    assert answer.intent == "portfolio"
    assert [a.name for a in answer.accounts] == ["Initech"]
    assert "renews" in answer.text


def test_now_for_the_technical_team_keeps_intent_and_account(
    assistant: Assistant,
) -> None:
    ctx = AskContext(as_of=AS_OF, thread_id="T-points")
    first = assistant.answer(
        "Give me talking points for Acme Corp's department head", ctx
    )

    answer = assistant.answer("now for the technical team", ctx)

    assert first.intent == "talking_points"
    assert answer.intent == "talking_points"
    assert answer.audience == "technical"
    assert [a.name for a in answer.accounts] == ["Acme Corp"]


def test_memory_survives_a_restart_and_a_second_worker(
    engine: Engine, services: Services, tmp_path: Path
) -> None:
    ctx = AskContext(as_of=AS_OF, thread_id="T-restart")
    Assistant(services).answer("How is Initech doing?", ctx)

    second_worker = Assistant(build_services(engine, tmp_path / "chroma-2"))
    answer = second_worker.answer("and their renewal?", ctx)

    assert [a.name for a in answer.accounts] == ["Initech"]


def test_a_thread_never_carries_one_askers_accounts_to_another(
    assistant: Assistant,
) -> None:
    assistant.answer(
        "How is Globex doing?",
        AskContext(as_of=AS_OF, thread_id="T-shared", asker=NORA),
    )

    answer = assistant.answer(
        "and their renewal?", AskContext(as_of=AS_OF, thread_id="T-shared", asker=PRIYA)
    )

    assert "Globex" not in answer.text
    assert all(a.name != "Globex Corporation" for a in answer.accounts)


def test_turn_numbers_increase_per_thread(engine: Engine) -> None:
    record = TurnRecord(
        thread_id="T-n", asker="a@b.c", question="q", intent="status", status="answered"
    )

    numbers = [append_turn(engine, record) for _ in range(3)]

    assert numbers == [1, 2, 3]
    assert [t.turn for t in recent_turns(engine, "T-n")] == [3, 2, 1]
