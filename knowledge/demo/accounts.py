"""Who the customers are: segment, ARR, plan, seats, owners and special cases."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.demo.names import COMPANY_STEMS, INDUSTRIES, INDUSTRY_SUFFIXES
from knowledge.demo.people import build_contacts
from knowledge.demo.records import AccountSpec, TeamMember, Window
from knowledge.demo.seeding import stream

# segment -> (median ARR, log spread, floor, ceiling)
_ARR = {
    "enterprise": (320_000.0, 0.6, 100_000.0, 1_500_000.0),
    "mid_market": (55_000.0, 0.5, 20_000.0, 150_000.0),
    "smb": (7_500.0, 0.6, 2_000.0, 25_000.0),
}
_PLANS = {
    "enterprise": (("Enterprise", 0.85), ("Growth", 0.15)),
    "mid_market": (("Growth", 0.65), ("Enterprise", 0.15), ("Starter", 0.2)),
    "smb": (("Starter", 0.65), ("Growth", 0.35)),
}
_SEAT_PRICE = {"Starter": (450, 800), "Growth": (900, 1500), "Enterprise": (2500, 4500)}
_AFFINITY_SHIFT = {"enterprise": 0.25, "mid_market": 0.1, "smb": -0.1}


@dataclass(frozen=True)
class Special:
    """A hand-placed account other tests and demos rely on."""

    name: str | None = None
    segment: str | None = None
    industry: str | None = None
    plan: str | None = None
    affinity: float | None = None
    landed_days_ago: int | None = None  # overrides the drawn landing date
    renews_in_days: int | None = None  # lands so the open term ends then
    flags: tuple[str, ...] = ()


SHARED_FEATURES = ("reports.scheduled", "workflows.automation", "integrations.crm")

SPECIALS: tuple[Special, ...] = (
    Special(
        "Acme Corp",
        "enterprise",
        "Manufacturing",
        "Enterprise",
        1.4,
        flags=("keep_active",),
    ),
    Special(
        "Acme Logistics",
        "mid_market",
        "Logistics",
        "Growth",
        0.6,
        flags=("keep_active",),
    ),
    Special(
        None,
        "mid_market",
        "Healthcare",
        "Growth",
        0.8,
        flags=("shared_name", "keep_active"),
    ),
    Special(
        None,
        "mid_market",
        "Staffing",
        "Enterprise",
        0.8,
        flags=("shared_name", "keep_active"),
    ),
    Special(
        None,
        "smb",
        "Retail",
        "Starter",
        0.4,
        landed_days_ago=200,
        flags=("no_technical",),
    ),
    Special(
        None,
        "mid_market",
        "Software",
        "Growth",
        0.5,
        landed_days_ago=6,
        flags=("no_usage",),
    ),
    Special(
        None,
        "smb",
        "Education",
        "Starter",
        0.3,
        landed_days_ago=150,
        flags=("no_notes",),
    ),
    Special(
        None,
        "smb",
        "Professional services",
        "Growth",
        0.5,
        landed_days_ago=250,
        flags=("no_tickets",),
    ),
    Special(
        None,
        "mid_market",
        "Financial services",
        "Growth",
        0.4,
        landed_days_ago=290,
        flags=("injection_note",),
    ),
    Special(
        "Globex Corporation",
        "enterprise",
        "Energy",
        "Enterprise",
        -0.6,
        renews_in_days=45,
        flags=("declining_now",),
    ),
    Special(
        "Initech",
        "mid_market",
        "Software",
        "Enterprise",
        0.2,
        renews_in_days=75,
        flags=("open_sev1",),
    ),
)
MIN_ACCOUNTS = len(SPECIALS) + 1


def account_id(index: int) -> str:
    """Stable CRM-style id for the index-th account."""
    return f"A-{1001 + index}"


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for value, weight in options:
        roll -= weight
        if roll <= 0:
            return value
    return options[-1][0]


def _arr(rng: random.Random, segment: str) -> float:
    median, spread, floor, ceiling = _ARR[segment]
    value = math.exp(rng.gauss(math.log(median), spread))
    return float(round(min(max(value, floor), ceiling), -2))


def _landed(rng: random.Random, window: Window, special: Special | None) -> date:
    if special and special.landed_days_ago is not None:
        return window.as_of - timedelta(days=special.landed_days_ago)
    if special and special.renews_in_days is not None:
        return window.as_of + timedelta(days=special.renews_in_days - 365)
    days = (window.as_of - window.start).days
    # Three in four customers predate the usage window, so most have history.
    if rng.random() < 0.75:
        return window.start - timedelta(days=rng.randint(1, 3 * 365))
    return window.start + timedelta(days=rng.randint(0, max(days - 20, 1)))


class _Namer:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used = {"Acme Corp", "Acme Logistics", "Globex Corporation", "Initech"}

    def name(self, industry: str) -> str:
        for _ in range(500):
            stem = self._rng.choice(COMPANY_STEMS)
            candidate = f"{stem} {self._rng.choice(INDUSTRY_SUFFIXES[industry])}"
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate
        candidate = f"{stem} {industry} {len(self._used)}"
        self._used.add(candidate)
        return candidate


def build_accounts(
    count: int, window: Window, team: list[TeamMember], seed: int
) -> list[AccountSpec]:
    """Draw ``count`` accounts; the first ``len(SPECIALS)`` are the special cases.

    Args:
        count: Number of accounts, at least ``MIN_ACCOUNTS``.
        window: The usage window, used to place landing dates.
        team: The vendor's team; CSMs and account managers are assigned from it.
        seed: The run's seed.

    Returns:
        Account specs in id order.
    """
    rng = stream(seed, "accounts")
    namer = _Namer(stream(seed, "names"))
    csms = [m.email for m in team if m.role == "csm"]
    managers = [m.email for m in team if m.role == "account_manager"]
    specs: list[AccountSpec] = []
    next_contact = 1
    for index in range(count):
        special = SPECIALS[index] if index < len(SPECIALS) else None
        flags = special.flags if special else ()
        segment = (special and special.segment) or _weighted(
            rng, (("enterprise", 0.15), ("mid_market", 0.35), ("smb", 0.5))
        )
        industry = (special and special.industry) or rng.choice(INDUSTRIES)
        plan = (special and special.plan) or _weighted(rng, _PLANS[segment])
        name = (special and special.name) or namer.name(industry)
        arr = _arr(rng, segment)
        seats = max(2, round(arr / rng.randint(*_SEAT_PRICE[plan])))
        affinity = rng.gauss(0.1 + _AFFINITY_SHIFT[segment], 0.8)
        if special and special.affinity is not None:
            affinity = special.affinity
        covered = {"enterprise": 1.0, "mid_market": 0.85, "smb": 0.3}[segment]
        csm = rng.choice(csms) if rng.random() < covered else None
        managed = segment != "smb" or rng.random() < 0.5
        manager = rng.choice(managers) if managed else None
        ident = account_id(index)
        domain = name.lower().replace(" ", "").replace(".", "") + ".example"
        contacts = build_contacts(
            ident,
            domain,
            segment,
            stream(seed, "contacts", ident),
            first_contact_number=next_contact,
            no_technical="no_technical" in flags,
            include_shared_name="shared_name" in flags,
        )
        next_contact += len(contacts)
        specs.append(
            AccountSpec(
                account_id=ident,
                name=name,
                segment=segment,
                industry=industry,
                plan=plan,
                domain=domain,
                landed=_landed(rng, window, special),
                initial_arr=arr,
                initial_seats=seats,
                affinity=affinity,
                csm_email=csm,
                am_email=manager,
                contacts=contacts,
                no_usage="no_usage" in flags,
                no_tickets="no_tickets" in flags,
                no_notes="no_notes" in flags,
                keep_active="keep_active" in flags,
                injection_note="injection_note" in flags,
                forced_features=SHARED_FEATURES if "shared_name" in flags else (),
                declining_now="declining_now" in flags,
                open_sev1_area="Security" if "open_sev1" in flags else None,
            )
        )
    return specs
