"""The demo book the evaluation runs on: written, imported and indexed once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.container import Services
from assistant.engine import Assistant
from assistant.settings import Settings

DEMO_DAYS = 365
DATABASE = "answers.db"


def demo_assistant(
    workdir: Path,
    *,
    accounts: int,
    seed: int,
    as_of: date,
    settings: Settings | None = None,
) -> Assistant:
    """An assistant over the seeded demo in ``workdir`` (reused when present).

    The first run writes, imports and indexes the whole book (usage included);
    later runs over the same folder reuse the database and the index.
    """
    from knowledge import schema
    from knowledge.db import create_db_engine
    from knowledge.demo.writer import write_demo
    from knowledge.importer import import_directory
    from retrieval.service import build_knowledge_base

    base = settings or Settings()
    data = workdir / "answers-data"
    database = workdir / DATABASE
    engine = create_db_engine(f"sqlite:///{database}")
    if not database.exists() or not data.is_dir():
        write_demo(data, accounts=accounts, days=DEMO_DAYS, seed=seed, as_of=as_of)
        schema.upgrade(engine)
        import_directory(engine, data, actor="eval")
    chroma = workdir / "answers-chroma"
    kb = build_knowledge_base(
        engine, chroma_path=chroma, model_path=base.embedding_model_path
    )
    kb.reindex()
    local = base.model_copy(
        update={
            "database_url": f"sqlite:///{database}",
            "chroma_path": chroma,
            "llm_model": None,
        }
    )
    return Assistant(Services(local, engine=engine, knowledge_base=kb))
