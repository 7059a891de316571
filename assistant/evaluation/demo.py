"""The demo book the evaluation runs on: written, imported and indexed once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.container import Services
from assistant.engine import Assistant
from assistant.settings import Settings


def demo_assistant(
    workdir: Path,
    *,
    accounts: int,
    seed: int,
    as_of: date,
    settings: Settings | None = None,
) -> Assistant:
    """An assistant over the seeded demo in ``workdir`` (reused when present)."""
    from retrieval.evaluation import demo_knowledge_base

    base = settings or Settings()
    kb = demo_knowledge_base(
        workdir,
        accounts=accounts,
        seed=seed,
        as_of=as_of,
        model_path=base.embedding_model_path,
    )
    local = base.model_copy(
        update={
            "database_url": f"sqlite:///{workdir / 'eval.db'}",
            "chroma_path": workdir / "chroma",
            "llm_model": None,
        }
    )
    services = Services(local, knowledge_base=kb)
    return Assistant(services)
