"""The composition root: settings in, long-lived services out.

The CLI, the HTTP API and the Slack bot each build one :class:`Services` per
process (per worker) and pass it to :func:`assistant.engine.answer`. Heavy parts
(the embedding model, the vector store, the health model) load on first use, once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine

from assistant.cache import ResultCache
from assistant.settings import Settings
from knowledge.db import create_db_engine
from knowledge.queries.accounts import account_names
from tools.health_model import HealthModel
from tools.model_file import load_model

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.engine.understanding import IntentClassifier
    from retrieval.embedding import Embedder
    from retrieval.service import KnowledgeBase

logger = logging.getLogger(__name__)

T = TypeVar("T")
_NAMES_TTL_SECONDS = 30.0


class Services:
    """Everything an answer needs, built once per process.

    Args:
        settings: The service settings.
        engine: The database engine (built from the settings when omitted).
        knowledge_base: The search service (built lazily when omitted).
        chat_model: A LangChain chat model for the LLM engine; when omitted it is
            built from ``settings.llm_model`` (None = deterministic engine only).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine | None = None,
        knowledge_base: KnowledgeBase | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine or create_db_engine(settings.database_url)
        self._knowledge_base = knowledge_base
        self._chat_model = chat_model
        self._lock = threading.Lock()
        self._names: list[tuple[str, str]] | None = None
        self._names_at = 0.0
        self.results = ResultCache(settings.api_result_cache_seconds)

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        """Services for these settings; nothing heavy loads yet."""
        return cls(settings)

    @cached_property
    def health_model(self) -> HealthModel:
        """The health model file named by the settings (the shipped one by default)."""
        return load_model(self.settings.health_model_path)

    @property
    def knowledge_base(self) -> KnowledgeBase:
        """The search service over playbooks and notes."""
        with self._lock:
            if self._knowledge_base is None:
                from retrieval.service import build_knowledge_base

                self._knowledge_base = build_knowledge_base(
                    self.engine,
                    chroma_path=self.settings.chroma_path,
                    chroma_url=self.settings.chroma_url,
                    model_path=self.settings.embedding_model_path,
                    question_log_days=self.settings.question_log_days,
                )
            return self._knowledge_base

    @property
    def embedder(self) -> Embedder:
        """The one embedding model of the process (the search service's)."""
        return self.knowledge_base.embedder

    @cached_property
    def intent_classifier(self) -> IntentClassifier:
        """Nearest labelled examples, embedded once with the search embedder."""
        from assistant.engine.understanding import IntentClassifier

        self._limit_threads()
        return IntentClassifier.from_file(self.embedder.embed, self.embed_query)

    def _limit_threads(self) -> None:
        # One short question gains nothing from several threads; on a shared
        # machine they contend and one embedding took ten times longer.
        import torch

        torch.set_num_threads(self.settings.torch_threads)

    def embed_query(self, text: str) -> list[float]:
        """One question's vector, through the searcher's query cache.

        Search embeds the same question again right after; the cache makes that
        second call free, so classifying and searching cost one model call.
        """
        vector = self.knowledge_base.searcher.embed_query(text)
        return [float(v) for v in vector]

    @property
    def chat_model(self) -> BaseChatModel | None:
        """The LLM named by ``settings.llm_model``, or None (deterministic only)."""
        with self._lock:
            if self._chat_model is None and self.settings.llm_model:
                from assistant.engine.llm import build_chat_model

                self._chat_model = build_chat_model(
                    self.settings.llm_model, self.settings.llm_timeout_seconds
                )
            return self._chat_model

    @property
    def has_chat_model(self) -> bool:
        """True when a chat model was given or is named by the settings."""
        return self._chat_model is not None or bool(self.settings.llm_model)

    def account_names(self) -> list[tuple[str, str]]:
        """Every (account_id, name), re-read at most every few seconds."""
        now = time.monotonic()
        with self._lock:
            if self._names is None or now - self._names_at > _NAMES_TTL_SECONDS:
                self._names = account_names(self.engine)
                self._names_at = now
            return self._names

    def cached(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        """A result shared by the answers of the next few seconds (e.g. portfolios).

        Ranking every account takes a few hundred milliseconds; a burst of
        portfolio questions in a warm process reuses one ranking per as-of date.
        :meth:`forget_results` drops them all when this process imports data.
        """
        return self.results.get(key, build)

    def forget_results(self) -> None:
        """Drop the cached results and account names: new data was imported.

        An import through another process is seen when the entries expire.
        """
        self.results.clear()
        with self._lock:
            self._names = None

    def warm_up(self) -> None:
        """Load the models, the search snapshot and the examples before traffic.

        Afterwards the long-lived objects are moved out of the garbage
        collector's view: with torch and the search snapshot loaded, a full
        collection otherwise lands inside a request now and then.
        """
        import gc

        started = time.perf_counter()
        _ = self.health_model
        self.intent_classifier.classify("How is the account doing?")
        self.knowledge_base.searcher.snapshot()
        self.account_names()
        gc.collect()
        gc.freeze()
        logger.info("warmed up in %.1f s", time.perf_counter() - started)

    def today(self) -> date:
        """The default as-of date: today in UTC."""
        return datetime.now(UTC).date()

    def close(self) -> None:
        """Release the database pool."""
        self.engine.dispose()
