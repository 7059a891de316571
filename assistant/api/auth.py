"""API keys, scopes and who a request acts for.

Order of checks: a missing, unknown or revoked key is 401; then the key's rate
limit (429); then the scope (403). Only after both pass does a route look at the
account named in its path, so neither 401 nor 403 says whether an account exists.

``X-CSM-User: email`` makes the request act for that team member, allowed only for
keys holding ``ask``, ``draft`` or ``admin`` (403 otherwise, and 403 for an email
that is no team member). Answers, reads and edits then follow that member's rights.
An account outside the member's book is answered exactly like an account that does
not exist (404), so the API never confirms another book's accounts. Without the
header the key acts as itself, with full read access: it is an internal tool that
CS ops granted the key to.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from assistant.answers import LOCAL_OPERATOR
from assistant.api.problems import UnauthenticatedError
from assistant.api.scopes import Scope, grants, may_act_for_member
from assistant.permissions import Principal, can_view, resolve_principal
from knowledge.errors import ForbiddenError, NotFoundError
from knowledge.queries.api_keys import ApiKeyRecord, find_active_key, hash_key

logger = logging.getLogger(__name__)

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from `csm keys create`, sent as `Bearer KEY`.",
)
_MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Caller:
    """The key a request came with and the member it acts for, if any."""

    key_id: str
    key_name: str
    scopes: tuple[str, ...]
    member: Principal | None = None

    @property
    def asker(self) -> str:
        """The asker handed to the engine: the member, or the key's own full rights."""
        return self.member.email if self.member else LOCAL_OPERATOR

    @property
    def actor(self) -> str:
        """Who changes things, as the audit log records it."""
        return self.member.email if self.member else f"api-key:{self.key_id}"

    def can_view(self, account_id: str) -> bool:
        """True when the caller may see this account in full."""
        return self.member is None or can_view(self.member, account_id)

    def visible(self) -> frozenset[str] | None:
        """Account ids the caller sees in full; None means every account."""
        if self.member is None or self.member.full_access:
            return None
        return self.member.own_accounts

    def require_account(self, account_id: str) -> None:
        """Raise the same not-found an unknown account gets, unless visible.

        Raises:
            NotFoundError: the account is outside the member's book.
        """
        if not self.can_view(account_id):
            raise NotFoundError(f"no account '{account_id}'")

    def require_curator(self) -> None:
        """Knowledge edits for a member need a CS ops or admin member.

        Raises:
            ForbiddenError: the member is a CSM or account manager.
        """
        if self.member is not None and not self.member.full_access:
            raise ForbiddenError(
                f"{self.member.email} may not change the knowledge base; "
                "CS ops curate it"
            )


class KeyCache:
    """Active keys seen lately, by hash, so most requests skip the key query.

    Only keys found active are kept, for ``seconds``: a key revoked with
    ``csm keys revoke`` is refused by every worker at most that long afterwards,
    and a new key works at once. ``seconds`` of 0 looks every key up.
    """

    def __init__(
        self,
        seconds: float,
        max_items: int = 1_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.max_items = max_items
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, ApiKeyRecord]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key_hash: str) -> ApiKeyRecord | None:
        """The cached active key, or None when unknown or expired."""
        with self._lock:
            hit = self._items.get(key_hash)
            if hit is None:
                return None
            if self._clock() >= hit[0]:
                del self._items[key_hash]
                return None
            return hit[1]

    def put(self, key_hash: str, record: ApiKeyRecord) -> None:
        """Remember an active key for ``seconds``."""
        if self.seconds <= 0:
            return
        with self._lock:
            self._items[key_hash] = (self._clock() + self.seconds, record)
            self._items.move_to_end(key_hash)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)


async def _authenticate(request: Request, token: str | None) -> ApiKeyRecord:
    if not token:
        raise UnauthenticatedError("send an API key as 'Authorization: Bearer KEY'")
    if len(token) > _MAX_KEY_LENGTH:
        raise UnauthenticatedError("unknown or revoked API key")
    cache: KeyCache = request.app.state.key_cache
    key_hash = hash_key(token)
    record = cache.get(key_hash)
    if record is None:
        record = await run_in_threadpool(
            find_active_key, request.app.state.engine, token
        )
        if record is None:
            raise UnauthenticatedError("unknown or revoked API key")
        cache.put(key_hash, record)
    return record


def require(scope: Scope) -> Callable[..., Awaitable[Caller]]:
    """A dependency that admits keys holding ``scope`` (or ``admin``).

    It runs on the event loop: a cached key costs no thread hop and no query.
    """

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        x_csm_user: Annotated[
            str | None,
            Header(
                alias="X-CSM-User",
                description="Act for this team member (keys with ask, draft or "
                "admin only); answers follow their rights.",
                max_length=320,
            ),
        ] = None,
    ) -> Caller:
        token = credentials.credentials if credentials else None
        key = await _authenticate(request, token)
        key_id, scopes = key.key_id, key.scopes
        request.app.state.rate_limiter.take(key_id)
        if not grants(scopes, scope):
            raise ForbiddenError(f"this API key lacks the '{scope}' scope")
        member = None
        if x_csm_user is not None:
            if not may_act_for_member(scopes):
                raise ForbiddenError(
                    "this API key may not act for a team member (X-CSM-User needs "
                    "the ask, draft or admin scope)"
                )
            if "@" not in x_csm_user:
                # Only a member's email may be named; the CLI's own operator
                # identity must not be reachable over HTTP.
                raise ForbiddenError(f"'{x_csm_user}' is not a known team member")
            member = await run_in_threadpool(
                resolve_principal, request.app.state.engine, x_csm_user
            )
        request.state.api_key_id = key_id
        return Caller(key_id=key_id, key_name=key.name, scopes=scopes, member=member)

    return dependency


ReadCaller = Annotated[Caller, Depends(require("read"))]
AskCaller = Annotated[Caller, Depends(require("ask"))]
DraftCaller = Annotated[Caller, Depends(require("draft"))]
KbWriteCaller = Annotated[Caller, Depends(require("kb:write"))]
ImportCaller = Annotated[Caller, Depends(require("import"))]
