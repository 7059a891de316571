"""Account notes: when they were written, by whom, and the files themselves."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from knowledge.demo.note_facts import NoteFacts, facts_on
from knowledge.demo.note_text import (
    Note,
    call_note,
    email_note,
    injection_note,
    internal_note,
    kickoff_note,
    postmortem_note,
    qbr_note,
)
from knowledge.demo.records import AccountHistory, TeamMember, Window
from knowledge.demo.seeding import stream
from knowledge.demo.values import ValueRow

Builder = Callable[[NoteFacts, random.Random, TeamMember], Note]

_PER_ACCOUNT = {"enterprise": (3, 5), "mid_market": (1, 2), "smb": (0, 1)}
_KINDS: dict[str, tuple[tuple[str, float], ...]] = {
    "enterprise": (("qbr", 0.25), ("call", 0.35), ("email", 0.25), ("internal", 0.15)),
    "mid_market": (("qbr", 0.15), ("call", 0.4), ("email", 0.3), ("internal", 0.15)),
    "smb": (("call", 0.4), ("email", 0.45), ("internal", 0.15)),
}
_BUILDERS: dict[str, Builder] = {
    "qbr": qbr_note,
    "call": call_note,
    "email": email_note,
    "internal": internal_note,
}
RECENT_DAYS = 182


def _kind(rng: random.Random, segment: str) -> str:
    roll = rng.random()
    for kind, weight in _KINDS[segment]:
        roll -= weight
        if roll <= 0:
            return kind
    return "call"


def _dates(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    span = (last - first).days
    recent = max(first, last - timedelta(days=RECENT_DAYS))
    days = []
    for _ in range(count):
        # Most notes are recent: that is what a CSM looks at and what changed.
        if rng.random() < 0.65:
            day = recent + timedelta(days=rng.randint(0, (last - recent).days))
        else:
            day = first + timedelta(days=rng.randint(0, span))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        days.append(max(day, first))
    return sorted(days)


def _author(
    history: AccountHistory, team: list[TeamMember], rng: random.Random
) -> TeamMember:
    owners = [history.spec.csm_email, history.spec.am_email]
    emails = [e for e in owners if e]
    if not emails:
        emails = [m.email for m in team if m.role == "cs_ops"]
    email = emails[0] if rng.random() < 0.8 else rng.choice(emails)
    return next(m for m in team if m.email == email)


def _plan(
    history: AccountHistory, window: Window, rng: random.Random
) -> list[tuple[date, Builder, str]]:
    spec = history.spec
    if spec.no_notes:
        return []
    first = max(window.start, spec.landed)
    last = min(window.as_of, history.current.end) if history.churned else window.as_of
    planned: list[tuple[date, Builder, str]] = []
    if spec.landed >= window.start:
        planned.append(
            (
                min(spec.landed + timedelta(days=rng.randint(1, 5)), window.as_of),
                kickoff_note,
                "call",
            )
        )
    if spec.no_usage:
        return planned
    count = rng.randint(*_PER_ACCOUNT[spec.segment])
    for day in _dates(rng, first, last, count):
        kind = _kind(rng, spec.segment)
        planned.append((day, _BUILDERS[kind], kind))
    if spec.injection_note:
        planned.append(
            (last - timedelta(days=rng.randint(3, 20)), injection_note, "email")
        )
    for ticket in history.tickets:
        # A sev1 always leaves a trace in the notes: that is what a CSM escalates.
        if ticket.severity == "sev1" and (
            ticket.status != "closed" or rng.random() < 0.4
        ):
            opened = ticket.opened_at.date() + timedelta(days=rng.randint(1, 3))
            planned.append((min(opened, window.as_of), internal_note, "internal"))
    if history.churned:
        after = history.current.end + timedelta(days=rng.randint(3, 20))
        if after <= window.as_of:
            planned.append((after, postmortem_note, "internal"))
    return sorted(planned, key=lambda item: item[0])


def _front_matter(
    note_id: str, account_id: str, title: str, author: str, day: date, kind: str
) -> str:
    safe = title.replace('"', "'")
    # An explicit id: two notes of one account on one day may share a title.
    return (
        "---\n"
        f"id: {note_id}\n"
        f"account_id: {account_id}\n"
        f'title: "{safe}"\n'
        f"author: {author}\n"
        f"date: {day.isoformat()}\n"
        f"kind: {kind}\n"
        "---\n"
    )


def write_notes(
    directory: Path,
    histories: list[AccountHistory],
    values: dict[str, list[ValueRow]],
    team: list[TeamMember],
    window: Window,
    seed: int,
) -> int:
    """Write every account's notes as Markdown files with front matter.

    Args:
        directory: The ``notes`` folder.
        histories: Simulated accounts.
        values: Value-metric rows by account id.
        team: The vendor's team (authors).
        window: Notes are dated inside it.
        seed: The run's seed.

    Returns:
        Number of notes written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    # A rerun into the same folder must not leave notes of an earlier book behind.
    for stale in directory.glob("*.md"):
        stale.unlink()
    written = 0
    for history in histories:
        rng = stream(seed, "notes", history.spec.account_id)
        for number, (day, build, kind) in enumerate(_plan(history, window, rng), 1):
            author = _author(history, team, rng)
            facts = facts_on(history, day, values.get(history.spec.account_id, []))
            title, body = build(facts, rng, author)
            stem = f"{history.spec.account_id}-{day.isoformat()}-{number:02d}"
            text = _front_matter(
                stem, history.spec.account_id, title, author.email, day, kind
            )
            (directory / f"{stem}.md").write_text(text + "\n" + body, encoding="utf-8")
            written += 1
    return written
