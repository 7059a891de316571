"""Per-worker objects the routes share, taken from ``app.state``.

The getters are coroutines: they only read ``app.state``, so they run on the event
loop instead of costing each request a hop to the thread pool.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy import Engine

from assistant.cache import ResultCache
from assistant.container import Services
from retrieval.service import KnowledgeBase


async def get_services(request: Request) -> Services:
    """The services built once in the lifespan."""
    services: Services = request.app.state.services
    return services


async def get_engine(request: Request) -> Engine:
    """The database engine of this worker."""
    engine: Engine = request.app.state.engine
    return engine


async def get_results(request: Request) -> ResultCache:
    """The worker's cache of computed results."""
    services: Services = request.app.state.services
    return services.results


async def get_knowledge_base(request: Request) -> KnowledgeBase:
    """The knowledge base of this worker."""
    services: Services = request.app.state.services
    return services.knowledge_base


ServicesDep = Annotated[Services, Depends(get_services)]
ResultsDep = Annotated[ResultCache, Depends(get_results)]
EngineDep = Annotated[Engine, Depends(get_engine)]
KnowledgeBaseDep = Annotated[KnowledgeBase, Depends(get_knowledge_base)]
AsOfQuery = Annotated[
    date | None,
    Query(
        description="Last day whose data counts (YYYY-MM-DD); default today (UTC).",
        examples=["2026-10-31"],
    ),
]
