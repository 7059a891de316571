"""The vector store: Chroma embedded in the process, or a Chroma server.

Vectors are always computed here and passed in; the collection has no embedding
function, so Chroma never downloads or runs one. Every Chroma failure becomes an
UpstreamUnavailableError ("search unavailable") at this boundary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from knowledge.errors import UpstreamUnavailableError
from retrieval.embedding import Vectors

logger = logging.getLogger(__name__)

COLLECTION = "csm_knowledge"
_BATCH = 1000
# Large pages: Chroma re-scans skipped rows per page, and SQLite caps a statement
# at 32,766 variables, which a single request for 100k chunks exceeds.
_PAGE = 20_000

Metadata = Mapping[str, str | int | float | bool | list[str]]


@dataclass(frozen=True)
class StoredChunks:
    """Everything the store holds, in one load."""

    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    vectors: Vectors


@contextmanager
def _unavailable(where: str) -> Iterator[None]:
    import httpx

    try:
        yield
    except UpstreamUnavailableError:
        raise
    except (ValueError, OSError, httpx.HTTPError) as exc:
        raise UpstreamUnavailableError(f"search unavailable ({where}): {exc}") from exc
    except Exception as exc:
        from chromadb.errors import ChromaError

        if isinstance(exc, ChromaError):
            raise UpstreamUnavailableError(
                f"search unavailable ({where}): {exc}"
            ) from exc
        raise


def _server_address(url: str) -> tuple[str, int, bool]:
    """Host, port and whether to use TLS, with the Chroma client's defaults."""
    parsed = urlparse(url)
    ssl = parsed.scheme == "https"
    return parsed.hostname or "127.0.0.1", parsed.port or (443 if ssl else 8000), ssl


class VectorStore:
    """A Chroma collection of chunk vectors with their text and metadata."""

    def __init__(
        self,
        *,
        path: Path | None = None,
        url: str | None = None,
        collection: str = COLLECTION,
    ) -> None:
        if path is None and url is None:
            raise ValueError("a vector store needs a path or a server URL")
        self._path = path
        self._url = url
        self._name = collection
        self._client: Any = None
        self._collection: Any = None

    @property
    def location(self) -> str:
        """Where the vectors live, for messages."""
        return self._url or str(self._path)

    def _connect(self) -> Any:
        if self._collection is not None:
            return self._collection
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        with _unavailable(f"connecting to {self.location}"):
            if self._url:
                host, port, ssl = _server_address(self._url)
                self._client = chromadb.HttpClient(
                    host=host, port=port, ssl=ssl, settings=chroma_settings
                )
            else:
                assert self._path is not None  # noqa: S101  # checked in __init__
                self._path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(
                    path=str(self._path), settings=chroma_settings
                )
            self._collection = self._client.get_or_create_collection(
                self._name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
            )
        return self._collection

    def count(self) -> int:
        """Number of chunks held."""
        collection = self._connect()
        with _unavailable("count"):
            return int(collection.count())

    def ping(self, timeout: float) -> None:
        """Check cheaply that the store answers: nothing is embedded or searched.

        A server gets one heartbeat request bounded by ``timeout`` (the Chroma
        client itself waits without limit); an embedded store counts its chunks.

        Raises:
            UpstreamUnavailableError: the store did not answer, or answered an error.
        """
        if self._url is None:
            self.count()
            return
        import httpx

        host, port, ssl = _server_address(self._url)
        scheme = "https" if ssl else "http"
        with _unavailable(f"heartbeat of {self.location}"):
            response = httpx.get(
                f"{scheme}://{host}:{port}/api/v2/heartbeat", timeout=timeout
            )
            response.raise_for_status()

    def upsert(
        self,
        ids: Sequence[str],
        vectors: Vectors,
        documents: Sequence[str],
        metadatas: Sequence[Metadata],
    ) -> None:
        """Write chunks, replacing those with the same ids."""
        collection = self._connect()
        with _unavailable("write"):
            for start in range(0, len(ids), _BATCH):
                end = start + _BATCH
                collection.upsert(
                    ids=list(ids[start:end]),
                    embeddings=vectors[start:end],
                    documents=list(documents[start:end]),
                    metadatas=[dict(m) for m in metadatas[start:end]],
                )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        if not ids:
            return
        collection = self._connect()
        with _unavailable("delete"):
            for start in range(0, len(ids), _BATCH):
                collection.delete(ids=list(ids[start : start + _BATCH]))

    def metadatas(self) -> dict[str, dict[str, Any]]:
        """Every chunk id with its metadata (no vectors: cheap enough for checks)."""
        collection = self._connect()
        found: dict[str, dict[str, Any]] = {}
        with _unavailable("read"):
            for offset in range(0, int(collection.count()), _PAGE):
                got = collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
                found.update(zip(got["ids"], got["metadatas"], strict=True))
        return found

    def document_metadatas(self, doc_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Chunk ids and metadata of the given documents."""
        if not doc_ids:
            return {}
        collection = self._connect()
        with _unavailable("read"):
            got = collection.get(
                where={"doc_id": {"$in": list(doc_ids)}}, include=["metadatas"]
            )
        return dict(zip(got["ids"], got["metadatas"], strict=True))

    def load_all(self) -> StoredChunks:
        """Every chunk with its text, metadata and vector."""
        collection = self._connect()
        ids: list[str] = []
        documents: list[str] = []
        metadatas: list[dict[str, Any]] = []
        parts: list[Vectors] = []
        # TODO: each page makes Chroma skip the rows before it; page by id ranges
        # if loading far more than 100k chunks gets slow.
        with _unavailable("read"):
            for offset in range(0, int(collection.count()), _PAGE):
                got = collection.get(
                    include=["metadatas", "documents", "embeddings"],
                    limit=_PAGE,
                    offset=offset,
                )
                ids.extend(got["ids"])
                documents.extend(got["documents"])
                metadatas.extend(got["metadatas"])
                parts.append(np.asarray(got["embeddings"], dtype=np.float32))
        vectors = np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)
        return StoredChunks(ids, documents, metadatas, vectors)

    def query(
        self, vector: Vectors, n_results: int, where: dict[str, Any] | None
    ) -> list[tuple[str, float]]:
        """Nearest chunks as (id, cosine similarity), best first."""
        collection = self._connect()
        with _unavailable("query"):
            got = collection.query(
                query_embeddings=[vector],
                n_results=n_results,
                where=where or None,
                include=["distances"],
            )
        return [
            (chunk_id, 1.0 - float(distance))
            for chunk_id, distance in zip(
                got["ids"][0], got["distances"][0], strict=True
            )
        ]

    def generation(self) -> int:
        """A counter bumped by every write, so readers know to reload."""
        self._connect()
        with _unavailable("read"):
            fresh = self._client.get_collection(self._name)
            return int((fresh.metadata or {}).get("generation", 0))

    def bump_generation(self) -> None:
        """Tell other processes that the index changed."""
        collection = self._connect()
        with _unavailable("write"):
            fresh = self._client.get_collection(self._name)
            current = int((fresh.metadata or {}).get("generation", 0))
            collection.modify(metadata={"generation": current + 1})

    def drop(self) -> None:
        """Delete the whole collection (a rebuild starts from nothing)."""
        self._connect()
        with _unavailable("drop"):
            self._client.delete_collection(self._name)
        self._collection = None
