"""The assistant engine: understanding, planning, composing and checking answers."""

from assistant.engine.core import Assistant, answer

__all__ = ["Assistant", "answer"]
