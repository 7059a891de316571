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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.answers import LOCAL_OPERATOR
from assistant.api.problems import UnauthenticatedError
from assistant.api.scopes import Scope, grants, may_act_for_member
from assistant.permissions import Principal, can_view, resolve_principal
from knowledge.errors import ForbiddenError, NotFoundError
from knowledge.queries.api_keys import find_active_key

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


def _authenticate(
    request: Request, token: str | None
) -> tuple[str, str, tuple[str, ...]]:
    if not token:
        raise UnauthenticatedError("send an API key as 'Authorization: Bearer KEY'")
    if len(token) > _MAX_KEY_LENGTH:
        raise UnauthenticatedError("unknown or revoked API key")
    # TODO: one indexed query per request; a few seconds' cache of key hashes
    # would save it and a thread hop, at the price of revocation taking as long.
    record = find_active_key(request.app.state.engine, token)
    if record is None:
        raise UnauthenticatedError("unknown or revoked API key")
    return record.key_id, record.name, record.scopes


def require(scope: Scope) -> Callable[..., Caller]:
    """A dependency that admits keys holding ``scope`` (or ``admin``)."""

    def dependency(
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
        key_id, name, scopes = _authenticate(request, token)
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
            member = resolve_principal(request.app.state.engine, x_csm_user)
        request.state.api_key_id = key_id
        return Caller(key_id=key_id, key_name=name, scopes=scopes, member=member)

    return dependency


ReadCaller = Annotated[Caller, Depends(require("read"))]
AskCaller = Annotated[Caller, Depends(require("ask"))]
DraftCaller = Annotated[Caller, Depends(require("draft"))]
KbWriteCaller = Annotated[Caller, Depends(require("kb:write"))]
ImportCaller = Annotated[Caller, Depends(require("import"))]
