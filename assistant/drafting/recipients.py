"""Who a draft or talking points are for: a named contact of the right persona.

Contacts carry a persona from the CRM (``department_head``, ``end_user``,
``technical``, ``executive_sponsor``, ``admin``). An audience is served by the
contacts of its own persona first and of a close persona second; a title or name
written in the question ("Acme's VP of Finance", "Jordan Lee") picks one contact of
the account itself, never of another account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answers import AUDIENCE_LABELS, Audience
from assistant.engine.slots import audience_of
from knowledge.errors import InvalidInputError
from knowledge.queries.account_activity import ContactRecord

AUDIENCES: tuple[Audience, ...] = ("department_head", "end_user", "technical")
_PERSONAS: dict[Audience, tuple[str, ...]] = {
    "department_head": ("department_head", "executive_sponsor"),
    "end_user": ("end_user", "admin"),
    "technical": ("technical", "admin"),
}
_PERSONA_AUDIENCE: dict[str, Audience] = {
    "department_head": "department_head",
    "executive_sponsor": "department_head",
    "end_user": "end_user",
    "technical": "technical",
}
_WORDS: dict[str, Audience] = {
    "department_head": "department_head",
    "department-head": "department_head",
    "head": "department_head",
    "heads": "department_head",
    "executive": "department_head",
    "executives": "department_head",
    "exec": "department_head",
    "business": "department_head",
    "end_user": "end_user",
    "end-user": "end_user",
    "end-users": "end_user",
    "user": "end_user",
    "users": "end_user",
    "technical": "technical",
    "tech": "technical",
    "it": "technical",
}
_ROLE_NAMES: dict[Audience, str] = {
    "department_head": "department head",
    "end_user": "team lead",
    "technical": "technical lead",
}


_EXECUTIVE = re.compile(r"\b(chief|cfo|ceo|coo|cro|svp|general manager)\b", re.I)


@dataclass(frozen=True)
class Recipient:
    """Whom to address: a contact, or the role when no contact fits."""

    audience: Audience
    contact: ContactRecord | None
    reason: str

    @property
    def greeting_name(self) -> str:
        """First name of the contact, or the role in words."""
        if self.contact is None:
            return _ROLE_NAMES[self.audience]
        return self.contact.name.split()[0]

    def greeting(self, account_name: str) -> str:
        """'Hi Sean', or 'Hello to the technical lead at Acme Corp' (no contact)."""
        if self.contact is None:
            return f"Hello to the {_ROLE_NAMES[self.audience]} at {account_name}"
        return f"Hi {self.greeting_name}"

    @property
    def label(self) -> str:
        """'Sean Garcia (VP of People)', or the role when no contact fits."""
        if self.contact is None:
            return f"the {AUDIENCE_LABELS[self.audience]} (no contact on record)"
        title = f" ({self.contact.title})" if self.contact.title else ""
        return f"{self.contact.name}{title}"


def parse_audience(word: str | None) -> Audience | None:
    """An audience from a word the caller wrote, None for no word.

    Raises:
        InvalidInputError: the word names no audience the assistant knows.
    """
    if word is None or not word.strip():
        return None
    key = word.strip().casefold().replace(" ", "_")
    if key in AUDIENCES:
        return key
    if key in _WORDS:
        return _WORDS[key]
    guessed = audience_of(word)
    if guessed is not None:
        return guessed
    known = ", ".join(AUDIENCES)
    raise InvalidInputError(
        f"unknown audience '{word}'; use one of {known} (or a job title such as "
        "'VP of Finance' or 'IT director')"
    )


def audience_of_contact(contact: ContactRecord) -> Audience:
    """The audience a contact belongs to (admins count by their title)."""
    if contact.persona in _PERSONA_AUDIENCE:
        return _PERSONA_AUDIENCE[contact.persona]
    return audience_of(contact.title or "") or "end_user"


def named_contact(question: str, contacts: list[ContactRecord]) -> ContactRecord | None:
    """The account's contact whose full name or exact title the question contains."""
    text = question.casefold()
    for contact in contacts:
        if re.search(rf"\b{re.escape(contact.name.casefold())}\b", text):
            return contact
    titled = [
        c
        for c in contacts
        if c.title and re.search(rf"\b{re.escape(c.title.casefold())}\b", text)
    ]
    return titled[0] if titled else None


def asked_title(question: str) -> str | None:
    """A job title the question names after a possessive ("Acme's VP of Finance")."""
    match = re.search(
        r"(?:^|'s|’s|\bfor the|\bto the|\bfor|\bto)\s*"
        r"((?:vp|vice president|head|director|chief|cfo|ceo|coo|cto|cio)\b"
        r"[\w ]{0,40}?)(?=[?.,!]|$| about| on| re)",
        question,
        re.IGNORECASE,
    )
    return match.group(1).strip() if match else None


def choose(
    contacts: list[ContactRecord],
    audience: Audience,
    *,
    question: str = "",
    account_name: str = "the account",
) -> Recipient:
    """The contact to address for ``audience``, or the role with the reason why."""
    named = named_contact(question, contacts) if question else None
    if named is not None:
        return Recipient(audience_of_contact(named), named, "named in the request")
    title = asked_title(question) if question else None
    personas = _PERSONAS[audience]
    if title and _EXECUTIVE.search(title):
        # "the CFO" is nearer the executive sponsor than a department head.
        personas = tuple(sorted(personas, key=lambda p: p != "executive_sponsor"))
    for persona in personas:
        for contact in contacts:
            if contact.persona == persona:
                reason = f"{persona.replace('_', ' ')} contact on record"
                if title:
                    reason = (
                        f"no contact titled '{title}' at {account_name}; "
                        f"{contact.name} is the {reason}"
                    )
                return Recipient(audience, contact, reason)
    return Recipient(
        audience,
        None,
        f"{account_name} has no {AUDIENCE_LABELS[audience]} contact on record; "
        "addressed to the role",
    )
