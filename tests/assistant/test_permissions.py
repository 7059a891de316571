"""Permissions follow the asker: own accounts in full, others by name only."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.answers import LOCAL_OPERATOR
from assistant.permissions import can_view, require_view, resolve_principal
from knowledge.errors import ForbiddenError
from knowledge.models import Account, TeamMember


@pytest.fixture
def book(engine: Engine) -> Engine:
    with Session(engine) as session:
        session.add_all(
            [
                TeamMember(email="csm@v.example", name="C S", role="csm"),
                TeamMember(email="am@v.example", name="A M", role="account_manager"),
                TeamMember(email="ops@v.example", name="O P", role="cs_ops"),
                Account(
                    account_id="A-1",
                    name="One",
                    segment="smb",
                    arr=10,
                    csm_email="csm@v.example",
                    account_manager_email="am@v.example",
                ),
                Account(account_id="A-2", name="Two", segment="smb", arr=20),
            ]
        )
        session.commit()
    return engine


def test_csm_sees_own_accounts_only(book: Engine) -> None:
    csm = resolve_principal(book, "csm@v.example")

    assert can_view(csm, "A-1")
    assert not can_view(csm, "A-2")
    with pytest.raises(ForbiddenError):
        require_view(csm, "A-2", "Two")


def test_account_manager_sees_managed_accounts(book: Engine) -> None:
    manager = resolve_principal(book, "AM@v.example")

    assert can_view(manager, "A-1")
    assert not can_view(manager, "A-2")


def test_cs_ops_and_local_operator_see_everything(book: Engine) -> None:
    assert can_view(resolve_principal(book, "ops@v.example"), "A-2")
    assert can_view(resolve_principal(book, LOCAL_OPERATOR), "A-2")


@pytest.mark.parametrize("asker", ["nobody@v.example", "", "local operator"])
def test_unknown_asker_is_refused(book: Engine, asker: str) -> None:
    with pytest.raises(ForbiddenError):
        resolve_principal(book, asker)
