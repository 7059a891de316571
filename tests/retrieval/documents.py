"""Small fixture documents for the search tests, written to files on demand."""

from __future__ import annotations

from pathlib import Path

ACCOUNTS = [
    ("A-1", "Acme Corp", "enterprise"),
    ("A-2", "Globex", "mid_market"),
]

PLAYBOOKS = {
    "renewal-risk": """---
slug: renewal-risk
title: Renewal risk playbook
stage: renew
audience: [csm]
segment: any
tags: [renewal, churn]
---
# Renewal risk playbook

## Early warning signs
- Logins in the last 30 days fell well below the months before
- Fewer than a quarter of the key features used in the first 60 days
- An unresolved sev1 ticket in the final month

## What to do
Book a call with the economic buyer at least 120 days before the renewal date and
agree a success plan with dated milestones. Bring the usage trend and the value
delivered so far.
""",
    "sso-rollout": """---
slug: sso-rollout
title: Single sign-on rollout guide
stage: adopt
audience: [technical]
segment: [enterprise]
tags: [sso, saml, integration]
---
# Single sign-on rollout guide

## Before you start
Ask the customer's IT team for their identity provider (Okta, Azure AD, Google) and
the SAML metadata URL. Test with a pilot group of five users first.

## Common failures
| symptom | cause | fix |
|---|---|---|
| users bounced to login | clock skew over 5 minutes | sync NTP on the IdP |
| 403 after login | user not assigned to the app | assign the group in the IdP |
""",
    "seat-expansion": """---
slug: seat-expansion
title: Seat expansion conversations
stage: expand
audience: [department_head, csm]
segment: any
tags: [expansion, upsell, seats]
---
# Seat expansion conversations

When more than 90 percent of purchased seats are active for two months, open an
upsell conversation with the department head. Lead with the outcomes the extra teams
would get, then the price.
""",
    "exec-business-review": """---
slug: exec-business-review
title: Executive business reviews
stage: any
audience: [department_head]
segment: [enterprise, mid_market]
tags: [qbr, ebr]
---
# Executive business reviews

## Agenda
1. Outcomes against the goals agreed at kickoff
2. Adoption trend and the features that drive it
3. Roadmap items the customer asked for
4. Next quarter's success plan
""",
    "draft-discount-policy": """---
slug: draft-discount-policy
title: Renewal discount policy (draft)
stage: renew
audience: [csm]
status: draft
---
# Renewal discount policy

Never offer more than a 15 percent discount on renewal without VP approval.
""",
}

NOTES = {
    "acme-sso": """---
account_id: A-1
title: Call with Acme IT about SSO
author: dana@vendor.example
date: 2026-10-01
kind: call
---
Acme's single sign-on rollout is blocked: their Okta admin sees a 403 after login.
We agreed to send the SAML troubleshooting guide and meet again next Tuesday.
""",
    "acme-qbr-old": """---
account_id: A-1
title: Acme QBR with finance
author: dana@vendor.example
date: 2025-03-10
kind: qbr
---
Finance asked for a report of hours saved by the scheduling feature. Budget for next
year is under review; the VP of Finance wants a cost comparison.
""",
    "acme-budget-recent": """---
account_id: A-1
title: Acme budget update
author: dana@vendor.example
date: 2026-11-20
kind: email
---
The VP of Finance confirmed next year's budget review: they want a cost comparison and
the hours saved report before they sign the renewal.
""",
    "globex-sso": """---
account_id: A-2
title: Globex SSO kickoff
author: lee@vendor.example
date: 2026-11-02
kind: call
---
Globex wants single sign-on with Azure AD before they roll out to the sales team.
""",
}


def write(folder: Path, documents: dict[str, str]) -> list[Path]:
    """Write documents as ``<name>.md`` files and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in documents.items():
        path = folder / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_all(folder: Path) -> list[Path]:
    """Every fixture playbook and note."""
    return write(folder / "playbooks", PLAYBOOKS) + write(folder / "notes", NOTES)
