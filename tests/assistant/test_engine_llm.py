"""The LLM path end to end with a scripted chat model that calls real tools."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from assistant.answers import AskContext
from assistant.container import Services
from assistant.engine import Assistant
from knowledge.importer import import_directory
from tests.assistant.engine_book import (  # noqa: F401  # fixtures
    AS_OF,
    build_services,
    engine_demo_dir,
)
from tests.assistant.fake_chat import ScriptedChatModel, call_tool, say

CTX = AskContext(as_of=AS_OF)


def _with_model(
    engine: Engine,
    demo: Path,
    tmp_path: Path,
    model: ScriptedChatModel,
    **settings: Any,
) -> Assistant:
    import_directory(engine, demo, actor="test")
    services = build_services(engine, tmp_path / "chroma", **settings)
    wired = Services(
        services.settings,
        engine=engine,
        knowledge_base=services.knowledge_base,
        chat_model=model,
    )
    wired.today = services.today  # type: ignore[method-assign]  # the fixed clock
    return Assistant(wired)


def _faithful(data: dict[str, Any]) -> str:
    return f"Initech is {data['band']} with a health score of {data['score']:.1f}."


def test_agent_calls_tools_and_its_faithful_answer_is_used(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    model = ScriptedChatModel(
        steps=[call_tool("account_health", account_name="Initech"), say(_faithful)]
    )
    assistant = _with_model(engine, engine_demo_dir, tmp_path, model)

    answer = assistant.answer("How is Initech doing?", CTX)

    assert answer.engine == "llm"
    assert answer.text.startswith("Initech is ")
    assert any(e.kind == "tool" and e.name == "score_account" for e in answer.evidence)
    assert answer.figures
    assert {f.evidence_id for f in answer.figures} <= {e.id for e in answer.evidence}


def test_invented_number_is_caught_then_retried_once(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    model = ScriptedChatModel(
        steps=[
            call_tool("account_health", account_name="Initech"),
            say(lambda d: "Initech scores 97.3 and will surely renew for $9,999,999."),
            say(_faithful),
        ]
    )
    assistant = _with_model(engine, engine_demo_dir, tmp_path, model)

    answer = assistant.answer("How is Initech doing?", CTX)

    assert answer.engine == "llm"
    assert "97.3" not in answer.text
    retry = model.seen[-1][-1]
    assert "97.3" in str(retry.content)


def test_repeated_invention_falls_back_to_the_deterministic_answer(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    invent = say(lambda d: "Initech is at 97.3 with 12,345 users.")
    model = ScriptedChatModel(
        steps=[call_tool("account_health", account_name="Initech"), invent, invent]
    )
    assistant = _with_model(engine, engine_demo_dir, tmp_path, model)

    answer = assistant.answer("How is Initech doing?", CTX)

    assert answer.engine == "deterministic"
    assert "97.3" not in answer.text
    assert any("faithfulness" in n for n in answer.notes)


def test_timeout_falls_back_and_says_so(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    model = ScriptedChatModel(steps=[say(_faithful)], delay_seconds=2.0)
    assistant = _with_model(
        engine, engine_demo_dir, tmp_path, model, llm_timeout_seconds=0.2
    )

    answer = assistant.answer("How is Initech doing?", CTX)

    assert answer.engine == "deterministic"
    assert answer.status == "answered"
    assert any("timed out" in n for n in answer.notes)


def test_provider_error_falls_back_and_says_so(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    model = ScriptedChatModel(steps=[], error="503 from provider")
    assistant = _with_model(engine, engine_demo_dir, tmp_path, model)

    answer = assistant.answer("How is Initech doing?", CTX)

    assert answer.engine == "deterministic"
    assert any("LLM failed" in n for n in answer.notes)


def test_agent_cannot_reach_an_account_the_asker_may_not_see(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    model = ScriptedChatModel(
        steps=[
            call_tool("account_health", account_name="Globex Corporation"),
            say(lambda d: f"Globex: {d.get('error', 'leaked')}"),
        ]
    )
    assistant = _with_model(engine, engine_demo_dir, tmp_path, model)
    ctx = AskContext(as_of=AS_OF, asker="priya.raman@vendor.example")

    answer = assistant.answer("How is Initech doing?", ctx)

    tool_output = str(model.seen[-1][-1].content)
    assert "score" not in tool_output
    assert all(
        "Globex" not in str(e.model_dump()) for e in answer.evidence if e.kind == "tool"
    )


def test_injected_note_text_never_reaches_the_model(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    model = ScriptedChatModel(
        steps=[
            call_tool("search_knowledge", query="vendor questionnaire procurement"),
            say(lambda d: "Nothing to do here."),
        ]
    )
    assistant = _with_model(engine, engine_demo_dir, tmp_path, model)

    assistant.answer("What is going on with Ember Credit Union?", CTX)

    sent = " ".join(str(m.content) for m in model.seen[-1])
    assert "audit-review@external.example" not in sent


def test_unknown_provider_falls_back_with_a_note(
    engine: Engine, engine_demo_dir: Path, tmp_path: Path
) -> None:
    import_directory(engine, engine_demo_dir, actor="test")
    services = build_services(
        engine, tmp_path / "chroma", llm_model="no-such-provider:model-x"
    )

    answer = Assistant(services).answer("How is Initech doing?", CTX)

    assert answer.engine == "deterministic"
    assert any("LLM unavailable" in n for n in answer.notes)
