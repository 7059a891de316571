"""Independent, reproducible random streams derived from one seed."""

from __future__ import annotations

import hashlib
import random


def stream(seed: int, *parts: object) -> random.Random:
    """A random generator for one purpose, stable for the same seed and parts.

    Each account and each concern gets its own stream so that changing how many
    notes are written, say, does not shift every usage row that follows.

    Args:
        seed: The run's seed.
        parts: Labels naming the purpose (e.g. ``"usage", "A-1001"``).

    Returns:
        A seeded ``random.Random``.
    """
    label = "/".join(str(part) for part in (seed, *parts))
    digest = hashlib.sha256(label.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
