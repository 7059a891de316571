"""The product's feature catalog and which plans unlock which features."""

from __future__ import annotations

from dataclasses import dataclass

PLANS: tuple[str, ...] = ("Starter", "Growth", "Enterprise")


@dataclass(frozen=True)
class FeatureDef:
    """One row of features.csv plus how it behaves in the simulation."""

    key: str
    name: str
    product: str
    is_key: bool
    description: str
    min_plan: str
    popularity: float  # chance an adopting account picks it up early
    daily_use: float  # chance an active user touches it on a given day


def _f(
    key: str,
    name: str,
    product: str,
    is_key: bool,
    description: str,
    min_plan: str,
    popularity: float,
    daily_use: float,
) -> FeatureDef:
    return FeatureDef(
        key, name, product, is_key, description, min_plan, popularity, daily_use
    )


FEATURES: tuple[FeatureDef, ...] = (
    _f(
        "dashboards.core",
        "Dashboards",
        "Insights",
        True,
        "Shared dashboards of the team's pipeline and workload.",
        "Starter",
        0.95,
        0.45,
    ),
    _f(
        "reports.builder",
        "Report builder",
        "Insights",
        True,
        "Drag-and-drop builder for ad-hoc reports.",
        "Starter",
        0.8,
        0.22,
    ),
    _f(
        "reports.scheduled",
        "Scheduled reports",
        "Insights",
        True,
        "Reports e-mailed to stakeholders on a schedule.",
        "Growth",
        0.6,
        0.06,
    ),
    _f(
        "dashboards.custom",
        "Custom dashboards",
        "Insights",
        True,
        "Dashboards with custom metrics and filters.",
        "Growth",
        0.55,
        0.12,
    ),
    _f(
        "analytics.forecasting",
        "Forecasting",
        "Insights",
        True,
        "Forecasts of volume and outcomes from history.",
        "Enterprise",
        0.4,
        0.05,
    ),
    _f(
        "workflows.automation",
        "Workflow automation",
        "Workflows",
        True,
        "Rules that route, assign and update records automatically.",
        "Growth",
        0.55,
        0.1,
    ),
    _f(
        "workflows.approvals",
        "Approvals",
        "Workflows",
        True,
        "Multi-step approval chains with audit trail.",
        "Growth",
        0.45,
        0.08,
    ),
    _f(
        "tasks.assignments",
        "Task assignments",
        "Workflows",
        True,
        "Assign and track tasks across a team.",
        "Starter",
        0.9,
        0.35,
    ),
    _f(
        "templates.library",
        "Template library",
        "Workflows",
        False,
        "Reusable templates for recurring work.",
        "Starter",
        0.5,
        0.05,
    ),
    _f(
        "messaging.inbox",
        "Team inbox",
        "Collaboration",
        True,
        "Shared inbox for customer and internal conversations.",
        "Starter",
        0.85,
        0.4,
    ),
    _f(
        "messaging.broadcast",
        "Broadcasts",
        "Collaboration",
        False,
        "One-to-many announcements to teams or candidates.",
        "Growth",
        0.35,
        0.03,
    ),
    _f(
        "mobile.app",
        "Mobile app",
        "Collaboration",
        True,
        "iOS and Android app for people away from a desk.",
        "Starter",
        0.6,
        0.15,
    ),
    _f(
        "calendar.sync",
        "Calendar sync",
        "Collaboration",
        False,
        "Two-way sync with Google and Microsoft calendars.",
        "Starter",
        0.55,
        0.06,
    ),
    _f(
        "api.rest",
        "REST API",
        "Platform",
        True,
        "Programmatic access to records and reports.",
        "Growth",
        0.45,
        0.04,
    ),
    _f(
        "api.webhooks",
        "Webhooks",
        "Platform",
        True,
        "Push notifications to other systems when records change.",
        "Growth",
        0.35,
        0.03,
    ),
    _f(
        "integrations.crm",
        "CRM integration",
        "Platform",
        True,
        "Bi-directional sync with Salesforce and HubSpot.",
        "Growth",
        0.5,
        0.05,
    ),
    _f(
        "integrations.hris",
        "HRIS integration",
        "Platform",
        False,
        "Sync people data from Workday, BambooHR and similar.",
        "Enterprise",
        0.3,
        0.02,
    ),
    _f(
        "integrations.slack",
        "Slack integration",
        "Platform",
        False,
        "Notifications and quick actions in Slack.",
        "Starter",
        0.5,
        0.04,
    ),
    _f(
        "sso",
        "Single sign-on",
        "Security",
        True,
        "SAML and OIDC single sign-on.",
        "Enterprise",
        0.7,
        0.02,
    ),
    _f(
        "scim.provisioning",
        "SCIM provisioning",
        "Security",
        False,
        "Automatic user provisioning from the identity provider.",
        "Enterprise",
        0.35,
        0.01,
    ),
    _f(
        "audit.log",
        "Audit log",
        "Security",
        True,
        "Searchable log of every change for compliance reviews.",
        "Enterprise",
        0.3,
        0.02,
    ),
    _f(
        "permissions.roles",
        "Custom roles",
        "Security",
        False,
        "Fine-grained roles and permissions.",
        "Growth",
        0.4,
        0.02,
    ),
    _f(
        "data.import",
        "Bulk import",
        "Platform",
        False,
        "CSV and spreadsheet import of historical records.",
        "Starter",
        0.6,
        0.02,
    ),
    _f(
        "data.export",
        "Data export",
        "Platform",
        False,
        "Scheduled exports to a warehouse or SFTP.",
        "Growth",
        0.3,
        0.02,
    ),
    _f(
        "ai.assist",
        "AI assist",
        "Insights",
        True,
        "Suggested replies, summaries and next steps.",
        "Enterprise",
        0.35,
        0.1,
    ),
)

FEATURE_BY_KEY: dict[str, FeatureDef] = {f.key: f for f in FEATURES}


def plan_rank(plan: str) -> int:
    """0 for Starter, 1 for Growth, 2 for Enterprise."""
    return PLANS.index(plan)


def available(plan: str) -> tuple[FeatureDef, ...]:
    """Features a plan unlocks, in catalog order."""
    rank = plan_rank(plan)
    return tuple(f for f in FEATURES if plan_rank(f.min_plan) <= rank)


def locked(plan: str) -> tuple[FeatureDef, ...]:
    """Features a higher plan would unlock: the upsell conversation."""
    rank = plan_rank(plan)
    return tuple(f for f in FEATURES if plan_rank(f.min_plan) > rank)
