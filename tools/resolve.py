"""Forgiving account name resolution that never guesses between candidates."""

from __future__ import annotations

import difflib
import re
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import Engine

from knowledge.errors import InvalidInputError, NotFoundError
from knowledge.queries.accounts import AccountRecord, account_names, get_account

_SUFFIXES = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
    "llc", "plc", "gmbh", "ag", "sa", "sas", "bv", "the", "group",
}  # fmt: skip
_FUZZY_MIN = 0.8
_FUZZY_MARGIN = 0.05


class Candidate(BaseModel):
    """An account a query may mean."""

    account_id: str
    name: str


class Resolution(BaseModel):
    """A query resolved to exactly one account, or several candidates to choose from.

    ``matched_by`` says how: ``id``, ``name`` (same name once punctuation, case and
    company suffixes are ignored), ``prefix`` or ``fuzzy`` (a near spelling).
    """

    query: str
    status: Literal["match", "ambiguous"]
    account: Candidate | None = None
    matched_by: str | None = None
    candidates: list[Candidate] = []


def normalize_name(name: str) -> str:
    """Lower case, letters and digits only, without company suffixes."""
    words = re.findall(r"[0-9a-z]+", name.casefold())
    kept = [w for w in words if w not in _SUFFIXES]
    return " ".join(kept or words)


def resolve_account(
    engine: Engine, query: str, *, among: frozenset[str] | None = None
) -> Resolution:
    """Find the account a person means by an id, a name, a prefix or a near spelling.

    Args:
        engine: The database.
        query: An account id or name as the person wrote it.
        among: Only these account ids exist for this call (None = every account);
            others are neither matched nor suggested.

    Raises:
        InvalidInputError: the query is empty.
        NotFoundError: nothing is close; the message suggests the nearest names.
    """
    text = query.strip()
    if not text:
        raise InvalidInputError("no account named: the query is empty")
    names = account_names(engine)
    if among is not None:
        names = [(a, n) for a, n in names if a in among]
    by_id = {account_id: name for account_id, name in names}
    if text in by_id:
        return _match(text, Candidate(account_id=text, name=by_id[text]), "id")
    folded = {a.casefold(): a for a in by_id}
    if text.casefold() in folded:
        account_id = folded[text.casefold()]
        return _match(
            text, Candidate(account_id=account_id, name=by_id[account_id]), "id"
        )

    wanted = normalize_name(text)
    normal = [(account_id, name, normalize_name(name)) for account_id, name in names]
    for how in ("name", "prefix"):
        hits = [
            Candidate(account_id=a, name=n)
            for a, n, norm in normal
            if (norm == wanted if how == "name" else norm.startswith(wanted + " "))
        ]
        if len(hits) == 1:
            return _match(text, hits[0], how)
        if hits:
            return Resolution(query=text, status="ambiguous", candidates=hits)

    scored = sorted(
        (
            (difflib.SequenceMatcher(None, wanted, norm).ratio(), a, n)
            for a, n, norm in normal
        ),
        key=lambda item: (-item[0], item[1]),
    )
    close = [item for item in scored if item[0] >= _FUZZY_MIN]
    if close:
        best = close[0][0]
        tied = [item for item in close if best - item[0] < _FUZZY_MARGIN]
        hits = [Candidate(account_id=a, name=n) for _, a, n in tied]
        if len(hits) == 1:
            return _match(text, hits[0], "fuzzy")
        return Resolution(query=text, status="ambiguous", candidates=hits)

    suggestions = [f"{n} ({a})" for ratio, a, n in scored[:3] if ratio >= 0.5]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise NotFoundError(f"no account named '{text}'{hint}")


def require_account(
    engine: Engine, query: str, *, among: frozenset[str] | None = None
) -> AccountRecord:
    """The one account a query means, looked for ``among`` these ids when given.

    Raises:
        NotFoundError: no account is close to the query.
        InvalidInputError: several accounts match; the message lists them.
    """
    resolution = resolve_account(engine, query, among=among)
    if resolution.account is None:
        listed = ", ".join(f"{c.name} ({c.account_id})" for c in resolution.candidates)
        raise InvalidInputError(
            f"'{query}' matches {len(resolution.candidates)} accounts: {listed}; "
            "say which one"
        )
    record = get_account(engine, resolution.account.account_id)
    if record is None:  # deleted between the two reads
        raise NotFoundError(f"no account named '{query}'")
    return record


def _match(query: str, candidate: Candidate, how: str) -> Resolution:
    return Resolution(query=query, status="match", account=candidate, matched_by=how)
