"""Readiness: each store a request may need, checked cheaply, one verdict each."""

from __future__ import annotations

import logging
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from assistant.container import Services
from knowledge import schema
from knowledge.errors import UpstreamUnavailableError

logger = logging.getLogger(__name__)

OK = "ok"
VECTOR_STORE_TIMEOUT_SECONDS = 2.0
"""A probe answers well inside an orchestrator's own probe timeout."""


class Readiness(BaseModel):
    """Each dependency and whether it is ready (``ok``) or why it is not."""

    status: Literal["ready", "not_ready"] = Field(examples=["ready"])
    checks: dict[str, str] = Field(examples=[{"database": "ok", "vector_store": "ok"}])

    @property
    def detail(self) -> str:
        """What is down and why, e.g. ``vector store unreachable``."""
        return "; ".join(
            f"{name.replace('_', ' ')} {verdict}"
            for name, verdict in self.checks.items()
            if verdict != OK
        )


def check_database(services: Services) -> str:
    """``ok``, or why the database cannot serve (unreachable or not migrated)."""
    try:
        with services.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        migrated = schema.is_up_to_date(services.engine)
    except SQLAlchemyError:
        return "unreachable"
    return OK if migrated else "needs `csm db upgrade`"


def check_vector_store(services: Services) -> str:
    """``ok``, or ``unreachable`` when the vector store does not answer in time."""
    store = services.knowledge_base.store
    try:
        store.ping(VECTOR_STORE_TIMEOUT_SECONDS)
    except UpstreamUnavailableError as exc:
        # The reason names the store's address: logged for operators, not served.
        logger.warning("not ready: %s", exc.message)
        return "unreachable"
    return OK


def readiness(services: Services) -> Readiness:
    """Check every dependency, also when an earlier one is already down."""
    checks = {
        "database": check_database(services),
        "vector_store": check_vector_store(services),
    }
    ready = all(verdict == OK for verdict in checks.values())
    return Readiness(status="ready" if ready else "not_ready", checks=checks)
