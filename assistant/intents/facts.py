"""One account's grounded facts, worded for each audience (talking points, drafts)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.engine.turn import DEFAULT_WINDOW_DAYS, Turn
from assistant.engine.writer import Writer
from assistant.intents.common import value_text
from knowledge.queries.accounts import AccountRecord
from tools.results import HealthReport
from tools.usage import UsageReport


@dataclass
class AccountFacts:
    """Health and usage of one account, with the evidence ids that back them."""

    account: AccountRecord
    health: HealthReport
    health_id: str
    usage: UsageReport
    usage_id: str

    def metric(self, name: str) -> tuple[str, str, float] | None:
        """(label, unit, value) of a usage metric with data."""
        for m in self.usage.metrics:
            if m.name == name and m.value is not None:
                return m.label, m.unit, m.value
        return None

    def _say(self, out: Writer, name: str) -> str | None:
        found = self.metric(name)
        if found is None:
            return None
        label, unit, value = found
        return value_text(out, self.usage_id, label, unit, value)

    def department_head_points(self, out: Writer) -> list[str]:
        """Business value and outcomes."""
        pts: list[str] = []
        value = self._say(out, "value_attainment_pct")
        if value:
            pts.append(
                f"Outcomes: the team reached {value} of its value target in the "
                "latest period."
            )
        else:
            pts.append(
                "Outcomes: we have no value metric with a target yet; propose "
                "agreeing one."
            )
        seats = self._say(out, "seat_utilization_pct")
        if seats:
            pts.append(f"Adoption: {seats} of purchased seats are active.")
        users = self._say(out, "active_users")
        if users:
            pts.append(f"Reach: {users} used the product in the window.")
        if self.health.flags:
            pts.append(
                "Risk to discuss openly: " + self.health.flags[0].description + "."
            )
        pts.append(
            "Ask: which business outcome matters most this quarter, and who owns it."
        )
        return pts

    def end_user_points(self, out: Writer) -> list[str]:
        """Daily workflow and time saved."""
        pts: list[str] = []
        per_user = self._say(out, "logins_per_active_user")
        if per_user:
            pts.append(f"Workflow: active users log in {per_user} in the window.")
        top = sorted(self.usage.feature_depth, key=lambda f: -f.events)[:2]
        if top:
            pts.append("What they rely on: " + ", ".join(f.name for f in top) + ".")
        if self.usage.key_features_unused:
            unused = ", ".join(self.usage.key_features_unused[:3])
            pts.append(f"Quick wins: show them {unused}, which they do not use yet.")
        pts.append("Offer: a short training session or office hours for their team.")
        return pts

    def technical_points(self, out: Writer) -> list[str]:
        """Support, integrations and reliability."""
        pts: list[str] = []
        tickets = self.usage.open_tickets_by_severity
        if tickets:
            parts = [
                f"{out.fig(self.usage_id, f'open {sev} tickets', n, 'int')} {sev}"
                for sev, n in tickets.items()
            ]
            pts.append(
                "Support: open tickets: "
                + ", ".join(parts)
                + "; agree next steps and owners."
            )
        else:
            pts.append("Support: no open tickets right now.")
        integrations = [
            f.name
            for f in self.usage.feature_depth
            if any(k in f.feature_key for k in ("api", "webhook", "sso", "integration"))
        ]
        if integrations:
            pts.append("Integrations in use: " + ", ".join(integrations) + ".")
        else:
            pts.append(
                "Integrations: none in use in the window; ask about their stack."
            )
        pts.append(
            "Reliability: confirm the escalation path and a named technical contact."
        )
        return pts


def gather(turn: Turn, out: Writer) -> AccountFacts:
    """Health and usage of the turn's account (two tool calls)."""
    health, health_id = turn.tools.health(turn.account)
    usage, usage_id = turn.tools.usage(
        turn.account, turn.window_days or DEFAULT_WINDOW_DAYS
    )
    if health.score is None:
        out.notes.append(
            f"no usage recorded for {turn.account.name}: points are generic"
        )
    return AccountFacts(turn.account, health, health_id, usage, usage_id)
