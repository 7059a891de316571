"""Account names resolve forgivingly, and ambiguity is returned, never guessed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.errors import InvalidInputError, NotFoundError
from knowledge.models import Account
from tools.resolve import require_account, resolve_account

NAMES = {
    "A-1": "Acme Corp.",
    "A-2": "Acme Logistics",
    "A-3": "Initech",
    "A-4": "Stark Labs",
    "A-5": "Stark Foods",
    "A-6": "Globex",
    "A-7": "Globex, Inc",
}


@pytest.fixture
def named(engine: Engine) -> Engine:
    with Session(engine) as session:
        session.add_all(
            Account(account_id=i, name=n, segment="smb", arr=1000)
            for i, n in NAMES.items()
        )
        session.commit()
    return engine


@pytest.mark.parametrize(
    ("query", "account_id", "how"),
    [
        ("A-3", "A-3", "id"),
        ("a-3", "A-3", "id"),
        ("acme", "A-1", "name"),
        ("ACME Corp.", "A-1", "name"),
        ("acme logistics", "A-2", "name"),
        ("Initeck", "A-3", "fuzzy"),
    ],
)
def test_forgiving_queries_find_one_account(
    named: Engine, query: str, account_id: str, how: str
) -> None:
    resolution = resolve_account(named, query)
    assert resolution.status == "match"
    assert resolution.account is not None
    assert (resolution.account.account_id, resolution.matched_by) == (account_id, how)


def test_shared_prefix_is_ambiguous_and_lists_candidates(named: Engine) -> None:
    resolution = resolve_account(named, "stark")
    assert resolution.status == "ambiguous"
    assert [c.account_id for c in resolution.candidates] == ["A-4", "A-5"]


def test_same_name_twice_is_ambiguous_for_a_service(named: Engine) -> None:
    with pytest.raises(InvalidInputError, match="'globex' matches 2 accounts"):
        require_account(named, "globex")


def test_unknown_name_suggests_the_nearest(named: Engine) -> None:
    with pytest.raises(NotFoundError, match=r"no account named 'Init'; did you mean"):
        resolve_account(named, "Init")
    with pytest.raises(NotFoundError, match=r"^no account named 'Zzyzx'$"):
        resolve_account(named, "Zzyzx")


def test_empty_query_is_refused(named: Engine) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        resolve_account(named, "  ")
