"""From mentions, hints and the previous turn to the accounts an answer is about."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from assistant.answers import AccountRef
from assistant.engine.evidence import Ledger
from assistant.engine.mentions import find_mentions
from assistant.engine.understanding import Understanding
from knowledge.errors import InvalidInputError, NotFoundError
from knowledge.queries.conversation import TurnRecord
from tools.resolve import resolve_account


@dataclass
class Resolved:
    """Accounts found, or why none could be settled."""

    account_ids: list[str] = field(default_factory=list)
    ambiguous: list[AccountRef] = field(default_factory=list)
    ambiguous_phrase: str | None = None
    not_found: str | None = None
    from_memory: bool = False


def resolve_accounts(
    engine: Engine,
    understanding: Understanding,
    names: list[tuple[str, str]],
    ledger: Ledger,
    *,
    hint: str | None,
    previous: TurnRecord | None,
) -> Resolved:
    """The accounts of this turn.

    Order: accounts named in the question; then the caller's hint; then a name
    that reads like an account but matched nothing exactly (near spellings);
    then, for a follow-up, the previous turn's accounts.
    """
    by_id = dict(names)
    result = Resolved()
    for mention in understanding.mentions:
        if mention.resolved:
            if mention.account_ids[0] not in result.account_ids:
                result.account_ids.append(mention.account_ids[0])
        elif not result.ambiguous:
            result.ambiguous = [
                AccountRef(account_id=a, name=by_id[a]) for a in mention.account_ids
            ]
            result.ambiguous_phrase = mention.phrase
    if result.account_ids or result.ambiguous:
        return result

    query = hint or understanding.unknown_account
    if query:
        hinted = find_mentions(query, names) if hint else []
        if len(hinted) == 1 and hinted[0].resolved:
            result.account_ids = [hinted[0].account_ids[0]]
            return result
        _lookup(engine, query, ledger, result, by_id)
        if result.account_ids or result.ambiguous or result.not_found:
            return result

    if previous is not None and previous.account_ids:
        result.account_ids = [a for a in previous.account_ids if a in by_id]
        result.from_memory = bool(result.account_ids)
    return result


def _lookup(
    engine: Engine,
    query: str,
    ledger: Ledger,
    result: Resolved,
    by_id: dict[str, str],
) -> None:
    try:
        resolution = resolve_account(engine, query)
    except NotFoundError as exc:
        ledger.record_tool(
            "resolve_account",
            {"query": query},
            {"found": False, "message": exc.message},
            f"no account matches '{query}'",
            as_of=None,
        )
        result.not_found = query
        return
    except InvalidInputError:
        return
    ledger.record_tool(
        "resolve_account",
        {"query": query},
        resolution,
        f"'{query}' resolved: {resolution.status}",
        as_of=None,
    )
    if resolution.account is not None:
        result.account_ids = [resolution.account.account_id]
    else:
        result.ambiguous = [
            AccountRef(account_id=c.account_id, name=c.name)
            for c in resolution.candidates
            if c.account_id in by_id
        ]
        result.ambiguous_phrase = query
