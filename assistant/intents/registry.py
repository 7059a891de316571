"""The intent registry: one handler per intent, added by the module that owns it.

A new intent is one module under ``assistant/intents/`` that builds an
:class:`IntentSpec` and calls :func:`register`, plus labelled examples in
``assistant/data/intent_examples.yaml``. The engine finds the handler here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assistant.engine.turn import Turn
    from assistant.engine.writer import Writer

AccountNeed = Literal["required", "optional", "none"]
Handler = Callable[["Turn", "Writer"], None]


@dataclass(frozen=True)
class IntentSpec:
    """What the engine needs to know to serve one intent.

    Attributes:
        name: Intent id used in answers, examples and the evaluation set.
        description: One line for help text and the LLM's system prompt.
        handler: Writes the answer from tool results into the writer.
        account: Whether the intent needs an account (``required``), can use one
            (``optional``) or never looks at one (``none``).
        single_account: True for drafts and briefs: exactly one account, and no
            other account's notes or figures may appear.
        follow_ups: Two or three next questions; ``{account}`` is filled in.
    """

    name: str
    description: str
    handler: Handler
    account: AccountNeed = "required"
    single_account: bool = False
    follow_ups: tuple[str, ...] = field(default_factory=tuple)


_REGISTRY: dict[str, IntentSpec] = {}


def register(spec: IntentSpec) -> IntentSpec:
    """Add or replace the handler of an intent; returns the spec for chaining."""
    _REGISTRY[spec.name] = spec
    return spec


def get_intent(name: str) -> IntentSpec:
    """The spec of a registered intent.

    Raises:
        KeyError: no module registered this intent.
    """
    _load_builtin()
    return _REGISTRY[name]


def intent_names() -> list[str]:
    """Every registered intent, sorted."""
    _load_builtin()
    return sorted(_REGISTRY)


def _load_builtin() -> None:
    # Importing the package registers every built-in intent module once.
    import assistant.intents  # noqa: F401
