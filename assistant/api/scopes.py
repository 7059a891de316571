"""The scopes an API key can hold, and which of them may act for a team member.

- ``read``: accounts, health, usage, portfolio and knowledge-base listings;
- ``ask``: ``/v1/ask``, ``/v1/ask/stream`` and passage feedback;
- ``draft``: ``/v1/briefs`` and ``/v1/drafts``;
- ``kb:write``: create, edit, publish and retire playbooks; notes; reindex;
- ``import``: ``/v1/import``;
- ``admin``: every scope above.

A key may send ``X-CSM-User`` (act for a team member) only when it holds ``ask``,
``draft`` or ``admin``: those are the keys of chat front-ends that relay a person's
question. A ``read``-only or ``import``-only key acts as itself.
"""

from __future__ import annotations

from typing import Literal

Scope = Literal["read", "ask", "draft", "kb:write", "import", "admin"]
SCOPES: tuple[Scope, ...] = ("read", "ask", "draft", "kb:write", "import", "admin")
ACTING_SCOPES: frozenset[str] = frozenset({"ask", "draft", "admin"})


def grants(held: tuple[str, ...] | frozenset[str], needed: Scope) -> bool:
    """True when the scopes held allow an endpoint that needs ``needed``."""
    return needed in held or "admin" in held


def may_act_for_member(held: tuple[str, ...] | frozenset[str]) -> bool:
    """True when a key with these scopes may send ``X-CSM-User``."""
    return bool(ACTING_SCOPES.intersection(held))


def parse_scopes(text: str) -> list[Scope]:
    """Scopes from a comma- or space-separated list.

    Raises:
        ValueError: a scope is unknown or none is given.
    """
    names = [part for part in text.replace(",", " ").split() if part]
    unknown = [name for name in names if name not in SCOPES]
    if unknown:
        raise ValueError(
            f"unknown scope {', '.join(unknown)}; choose from {', '.join(SCOPES)}"
        )
    if not names:
        raise ValueError(f"give at least one scope of {', '.join(SCOPES)}")
    return [s for s in SCOPES if s in names]
