"""The vendor's team and each customer's contacts."""

from __future__ import annotations

import random

from knowledge.demo.names import (
    FIRST_NAMES,
    LAST_NAMES,
    TEAM_NAMES,
    TITLES,
    VENDOR_DOMAIN,
)
from knowledge.demo.records import Contact, TeamMember

SHARED_CONTACT_NAME = "Jordan Lee"


def build_team() -> list[TeamMember]:
    """Eight CSMs, four account managers, two CS ops and one admin."""
    members = []
    for index, (name, role) in enumerate(TEAM_NAMES):
        first, last = name.lower().split(" ", 1)
        email = f"{first}.{last.replace(' ', '')}@{VENDOR_DOMAIN}"
        slack_id = f"U0{(0x5A17C3 + index * 7919) % 0xFFFFFF:06X}D"
        members.append(TeamMember(email, name, role, slack_id))
    return members


def _persona_plan(segment: str, rng: random.Random) -> list[str]:
    size = {"enterprise": (4, 6), "mid_market": (3, 5), "smb": (2, 4)}[segment]
    count = rng.randint(*size)
    top = "executive_sponsor" if segment != "smb" or rng.random() < 0.3 else None
    plan = [top or "department_head", "department_head"]
    if rng.random() < 0.8:
        plan.append("technical")
    if segment != "smb" and rng.random() < 0.6:
        plan.append("admin")
    while len(plan) < count:
        plan.append("end_user")
    return plan[:count]


def build_contacts(
    account_id: str,
    domain: str,
    segment: str,
    rng: random.Random,
    *,
    first_contact_number: int,
    no_technical: bool = False,
    include_shared_name: bool = False,
) -> list[Contact]:
    """Two to six contacts with personas and titles.

    Args:
        account_id: The account the contacts belong to.
        domain: The customer's e-mail domain.
        segment: Larger segments get more contacts.
        rng: The account's random stream.
        first_contact_number: Contact ids are numbered globally from here.
        no_technical: Leave out the technical persona (a documented special case).
        include_shared_name: Give the first department head a name another account
            also has, to exercise disambiguation.

    Returns:
        The contacts, department head or sponsor first.
    """
    personas = _persona_plan(segment, rng)
    if no_technical:
        personas = [p if p != "technical" else "end_user" for p in personas]
    contacts: list[Contact] = []
    used: set[str] = set()
    for offset, persona in enumerate(personas):
        name = rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)
        while name in used:
            name = rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)
        if include_shared_name and persona == "department_head":
            name, include_shared_name = SHARED_CONTACT_NAME, False
        used.add(name)
        first, last = name.lower().split(" ", 1)
        contacts.append(
            Contact(
                contact_id=f"C-{first_contact_number + offset:05d}",
                account_id=account_id,
                name=name,
                email=f"{first}.{last}@{domain}",
                title=rng.choice(TITLES[persona]),
                persona=persona,
            )
        )
    return contacts
