"""Read-only tool calls run with the asker's rights, each recorded as evidence.

Both engines call tools only through a :class:`Toolbox`: the deterministic
handlers directly, the LLM agent through LangChain tools wrapping these methods.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from assistant.engine.evidence import Ledger
from assistant.engine.injection import looks_like_injection
from assistant.metrics import observe_retrieval, timed_tool
from assistant.permissions import Principal, require_view, visible_scope
from knowledge.queries.accounts import AccountRecord
from retrieval.models import Passage, SearchFilters
from tools.expansion import ExpansionReport, expansion_signals
from tools.health import score_account
from tools.portfolio import Portfolio, portfolio_risk, upcoming_renewals
from tools.results import HealthReport
from tools.usage import UsageReport, usage_report

if TYPE_CHECKING:
    from assistant.container import Services

logger = logging.getLogger(__name__)

_USAGE_FACTS = (
    "logins",
    "login_change_pct",
    "active_users",
    "seat_utilization_pct",
    "key_features_used",
    "key_feature_breadth_pct",
    "value_attainment_pct",
    "open_tickets",
)


@dataclass
class Toolbox:
    """The tools of one answer, bound to one asker, one as-of date and one ledger."""

    services: Services
    principal: Principal
    ledger: Ledger
    as_of: date
    searched: list[str] = field(default_factory=list)
    withheld: int = 0

    # Accounts ----------------------------------------------------------------

    def account_profile(self, account: AccountRecord) -> str:
        """Record the account's contract facts (ARR, seats, renewal) as evidence."""
        require_view(self.principal, account.account_id, account.name)
        days = (
            (account.renewal_date - self.as_of).days if account.renewal_date else None
        )
        data = {
            "account_id": account.account_id,
            "name": account.name,
            "segment": account.segment,
            "arr": account.arr,
            "currency": account.currency,
            "plan": account.plan,
            "seats": account.seats,
            "renewal_date": account.renewal_date.isoformat()
            if account.renewal_date
            else None,
            "days_to_renewal": days,
            "csm_email": account.csm_email,
        }
        return self.ledger.record_tool(
            "account_profile",
            {"account_id": account.account_id},
            data,
            f"{account.name}: {account.segment}, ARR and renewal from the CRM",
            as_of=self.as_of,
            data=data,
        )

    def health(
        self, account: AccountRecord, as_of: date | None = None
    ) -> tuple[HealthReport, str]:
        """The explained health score of one account (as of another day if given)."""
        require_view(self.principal, account.account_id, account.name)
        day = as_of or self.as_of
        with timed_tool("score_account"):
            report = score_account(
                self.services.engine,
                self.services.health_model,
                account.account_id,
                day,
            )
        data = {
            "score": report.score,
            "band": report.band,
            "previous_score": report.previous_score,
            "change": report.change,
            "window_days": report.provenance.window.days,
            "flags": [f.rule for f in report.flags],
            "flag_descriptions": [f.description for f in report.flags],
            "gaps": report.gaps,
        }
        summary = (
            f"health of {report.account_name}: {report.band}"
            f" over {report.provenance.window.start} to {report.provenance.window.end}"
        )
        evidence_id = self.ledger.record_tool(
            "score_account",
            {"account": account.account_id, "as_of": day.isoformat()},
            report,
            summary,
            as_of=report.provenance.as_of,
            data=data,
        )
        return report, evidence_id

    def usage(self, account: AccountRecord, days: int) -> tuple[UsageReport, str]:
        """Usage metrics of one account over ``days`` ending on the as-of date."""
        require_view(self.principal, account.account_id, account.name)
        report = usage_report(
            self.services.engine, account.account_id, self.as_of, days
        )
        values = {m.name: m.value for m in report.metrics}
        data = {name: values.get(name) for name in _USAGE_FACTS}
        data["window_days"] = report.window.days
        evidence_id = self.ledger.record_tool(
            "usage_report",
            {
                "account": account.account_id,
                "as_of": self.as_of.isoformat(),
                "days": days,
            },
            report,
            f"usage of {report.account_name} from {report.window.start} "
            f"to {report.window.end}",
            as_of=report.as_of,
            data=data,
        )
        return report, evidence_id

    def expansion(self, account: AccountRecord) -> tuple[ExpansionReport, str]:
        """Expansion signals of one account."""
        require_view(self.principal, account.account_id, account.name)
        report = expansion_signals(
            self.services.engine,
            self.services.health_model,
            account.account_id,
            self.as_of,
        )
        evidence_id = self.ledger.record_tool(
            "expansion_signals",
            {"account": account.account_id, "as_of": self.as_of.isoformat()},
            report,
            f"{len(report.signals)} expansion signals for {report.account_name}",
            as_of=report.provenance.as_of,
            data={
                "signals": [s.signal for s in report.signals],
                "descriptions": [s.description for s in report.signals],
                "count": len(report.signals),
            },
        )
        return report, evidence_id

    # Portfolio ---------------------------------------------------------------

    def portfolio(self) -> tuple[Portfolio, str]:
        """The asker's accounts ranked by revenue at risk (all for full access)."""
        result = self._ranked()
        return result, self._record_portfolio("portfolio_risk", result, {})

    def renewals(self, days: int) -> tuple[Portfolio, str]:
        """The asker's accounts renewing within ``days``, soonest first."""
        result = upcoming_renewals(self._ranked(), days)
        return result, self._record_portfolio(
            "upcoming_renewals", result, {"days": days}
        )

    def _ranked(self) -> Portfolio:
        settings = self.services.settings
        # The key the API's unfiltered ranking uses: one ranking per worker and day.
        result = self.services.cached(
            ("portfolio", self.as_of, None, None),
            lambda: portfolio_risk(
                self.services.engine,
                self.services.health_model,
                self.as_of,
                high_touch_min_arr=settings.high_touch_min_arr,
                tech_touch_max_arr=settings.tech_touch_max_arr,
            ),
        )
        return self._visible(result)

    def _visible(self, portfolio: Portfolio) -> Portfolio:
        scope = visible_scope(self.principal)
        if scope is None:
            return portfolio
        rows = [r for r in portfolio.rows if r.account_id in scope]
        return Portfolio(
            as_of=portfolio.as_of,
            scope=f"accounts of {self.principal.email}",
            rows=rows,
        )

    def _record_portfolio(
        self, name: str, result: Portfolio, arguments: dict[str, object]
    ) -> str:
        at_risk = [r for r in result.rows if r.band in ("red", "yellow")]
        data = {
            "count": len(result.rows),
            "at_risk_count": len(at_risk),
            "revenue_at_risk_total": round(
                sum(r.revenue_at_risk or 0.0 for r in result.rows), 2
            ),
            "arr_total": round(sum(r.arr for r in result.rows), 2),
        }
        return self.ledger.record_tool(
            name,
            {**arguments, "as_of": self.as_of.isoformat(), "scope": result.scope},
            result,
            f"{len(result.rows)} accounts in {result.scope}",
            as_of=result.as_of,
            data=data,
        )

    # Search ------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        account_id: str | None = None,
        kind: Literal["playbook", "note"] | None = None,
        audience: str | None = None,
        k: int = 4,
        log_question: bool = False,
    ) -> list[tuple[Passage, str]]:
        """Passages for a query, each recorded as evidence; [] when none supports it.

        Notes of accounts the asker may not see are dropped here, whatever the
        filters, so no caller can leak them.
        """
        filters = SearchFilters(account_id=account_id, kind=kind, audience=audience)
        with timed_tool("search"):
            result = self.services.knowledge_base.search(
                query,
                filters,
                k=k,
                as_of=self.as_of,
                asker=self.principal.email,
                log_question=log_question,
            )
        self.searched.append(query)
        scope = visible_scope(self.principal)
        kept: list[tuple[Passage, str]] = []
        for passage in result.passages:
            if looks_like_injection(passage.text):
                self.withheld += 1
                logger.warning(
                    "withheld passage %s: it addresses an assistant", passage.chunk_id
                )
                continue
            if passage.account_id is not None:
                if account_id is not None and passage.account_id != account_id:
                    continue
                if scope is not None and passage.account_id not in scope:
                    continue
            kept.append((passage, self.ledger.record_passage(passage).id))
        observe_retrieval(len(kept), bool(kept))
        return kept
