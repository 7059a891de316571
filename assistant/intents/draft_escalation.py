"""A first draft of an internal escalation: impact, ARR, severity, tried, ask, owner."""

from __future__ import annotations

import re

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import health_headline, passage_line, renewal_text
from assistant.intents.facts import gather
from assistant.intents.registry import IntentSpec, register

_TEAMS = {
    "engineering": re.compile(r"engineer|outage|bug|sso|integration|api", re.I),
    "product": re.compile(r"product|feature request|roadmap", re.I),
    "support": re.compile(r"support|ticket", re.I),
    "leadership": re.compile(r"leadership|exec|renewal", re.I),
}


def handle(turn: Turn, out: Writer) -> None:
    """The escalation with every fact cited; the asker fills in the specifics."""
    account = turn.account
    facts = gather(turn, out)
    profile = turn.tools.account_profile(account)
    team = next((t for t, p in _TEAMS.items() if p.search(turn.question)), "support")
    out.add(f"**Escalation to {team}: {account.name} ({account.account_id})** (draft)")
    out.add(f"- Impact: {health_headline(out, facts.health_id, facts.health)}.")
    out.add(f"- At stake: {renewal_text(out, profile, account, turn)}.")
    tickets = facts.usage.open_tickets_by_severity
    if tickets:
        parts = [
            f"{out.fig(facts.usage_id, f'open {sev} tickets', n, 'int')} {sev}"
            for sev, n in tickets.items()
        ]
        severity = (
            "sev1" if "sev1" in tickets else ("sev2" if "sev2" in tickets else "sev3")
        )
        out.add(f"- Severity: {severity}; open tickets: {', '.join(parts)}.")
    else:
        out.add("- Severity: to confirm; no open tickets on record.")
    tried = turn.tools.search(
        f"{account.name} issue outage ticket tried workaround",
        account_id=account.account_id,
        kind="note",
        k=2,
    )
    if tried:
        out.add("- What was tried (from notes):")
        for passage, pid in tried:
            out.add(
                passage_line(
                    passage.title,
                    " > ".join(passage.heading_path),
                    passage.snippet,
                    pid,
                )
            )
    else:
        out.add("- What was tried: <fill in>; no account note describes it.")
    out.add(f"- The ask: <what {team} should do, and by when>.")
    owner = account.csm_email or turn.principal.email
    out.add(f"- Follow-up owner: {owner}.")


register(
    IntentSpec(
        name="draft_escalation",
        description="Draft an internal escalation about one account.",
        handler=handle,
        single_account=True,
        follow_ups=(
            "What does the sev1 escalation playbook say?",
            "Draft an email to {account} about the issue",
            "Prep me for my meeting with {account}",
        ),
    )
)
