"""Situational details that make notes read like a real account, not a template."""

from __future__ import annotations

import random

from knowledge.demo.note_facts import NoteFacts
from knowledge.demo.note_phrases import first_name

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def _technical(f: NoteFacts, rng: random.Random) -> str | None:
    tech = f.persona("technical")
    if tech is None:
        return rng.choice(
            (
                "Still no named technical contact; integration questions go "
                "nowhere until we have one.",
                "Nobody from IT on the account. Asked who approves SSO changes.",
            )
        )
    who = f"{first_name(tech.name)} ({tech.title})"
    if "Single sign-on" in f.in_use:
        month = _MONTHS[(f.day.month + rng.randint(1, 5)) % 12]
        return rng.choice(
            (
                f"{who} confirmed the SSO certificate rotates in {month}; "
                "reminder set a month ahead.",
                f"{who} wants a heads-up before any change to the SAML settings.",
            )
        )
    return rng.choice(
        (
            f"{who} asked for API rate limits before building the nightly sync.",
            f"{who} is stretched thin; integration work slips behind their "
            "ERP project.",
            f"{who} would like a sandbox to test the CRM mapping.",
        )
    )


def _end_users(f: NoteFacts, rng: random.Random) -> str | None:
    users = [c for c in f.contacts if c.persona == "end_user"]
    if not users or not f.in_use:
        return None
    user = rng.choice(users)
    feature = rng.choice(f.in_use)
    return rng.choice(
        (
            f"{first_name(user.name)} ({user.title}) says {feature} saves them about "
            f"{rng.choice((10, 15, 20, 30))} minutes a day.",
            f"{first_name(user.name)} from the floor team finds {feature} slow on "
            "Monday mornings; passed to support with examples.",
            f"{user.name} has become the go-to person for {feature} questions. "
            "Potential champion.",
        )
    )


def _budget(f: NoteFacts, rng: random.Random) -> str | None:
    sponsor = f.persona("executive_sponsor", "department_head")
    if sponsor is None:
        return None
    month = _MONTHS[(f.day.month + rng.randint(0, 3)) % 12]
    return rng.choice(
        (
            f"Budget planning for next year starts in {month}; "
            f"{first_name(sponsor.name)} wants an ROI summary before then.",
            f"{first_name(sponsor.name)} is under pressure to consolidate tools and "
            "asked how we compare with their suite vendor.",
            f"{first_name(sponsor.name)} mentioned a hiring freeze, so seat growth is "
            "unlikely this year.",
        )
    )


def situational_details(f: NoteFacts, rng: random.Random) -> list[str]:
    """Zero to two sentences about people, integrations or budget on this account."""
    pool = [_technical(f, rng), _end_users(f, rng), _budget(f, rng)]
    details = [line for line in pool if line]
    rng.shuffle(details)
    return details[: rng.randint(0, 2)]


def kickoff_steps(rng: random.Random) -> list[str]:
    """Next steps after a kick-off, in varying words and order."""
    steps = [
        rng.choice(
            (
                "Send the onboarding plan with week-by-week milestones",
                "Share a draft rollout plan for their review by Friday",
                "Write up goals, owners and dates and circulate to the group",
            )
        ),
        rng.choice(
            (
                "Agree the success metric and a baseline",
                "Get last quarter's numbers for the baseline",
                "Confirm which KPI leadership will judge the rollout by",
            )
        ),
        rng.choice(
            (
                "Schedule admin training",
                "Book two admin sessions for next week",
                "Set up the technical session for SSO and import",
            )
        ),
    ]
    rng.shuffle(steps)
    return steps


def postmortem_lesson(rng: random.Random) -> str:
    """The closing line of a churn post-mortem."""
    return rng.choice(
        (
            "Lesson: the signals were there at least a quarter earlier.",
            "Lesson: we measured activity, not value, and did not notice the gap.",
            "Lesson: one champion is not a relationship; we needed more contacts.",
            "Lesson: the open escalation should have had an executive owner.",
            "Lesson: onboarding stopped after the first team and nobody noticed.",
        )
    )
