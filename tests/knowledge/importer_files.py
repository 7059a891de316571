"""Small contract folders written by tests."""

from __future__ import annotations

import gzip
from pathlib import Path

ACCOUNTS = """account_id,name,segment,arr,seats,csm_email,renewal_date
A-1,Acme Corp,enterprise,250000,100,dana@vendor.example,2027-03-31
A-2,Globex,smb,5000,,,
"""
TEAM = """email,name,role,slack_user_id
dana@vendor.example,Dana Reyes,csm,U0DANA
"""
FEATURES = """feature_key,name,is_key
sso,Single sign-on,true
reports,Reports,false
"""
USAGE = """account_id,user_id,event,feature_key,quantity,occurred_at
A-1,u1,login,,,2026-11-01T10:00:00Z
A-1,u1,login,,,2026-11-01T12:00:00Z
A-1,u2,feature_used,sso,3,2026-11-02T01:00:00+02:00
A-1,u2,login,,,2026-11-01T23:30:00
A-2,u9,message_sent,,10,2026-11-02T23:30:00-05:00
"""
NOTE = """---
account_id: A-1
title: Kickoff call
author: dana@vendor.example
date: 2026-10-14
kind: call
---
Talked through the rollout plan with the finance team.
"""
PLAYBOOK = """---
slug: onboarding-kickoff
title: Onboarding kickoff
stage: land
audience: [csm]
segment: any
status: published
---
# Kickoff

Agree on goals and owners in the first week.
"""


def write(directory: Path, name: str, content: str | bytes) -> Path:
    """Write one file (text as UTF-8, ``.gz`` names compressed)."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def base_folder(directory: Path) -> Path:
    """Team, accounts and features: what other files refer to."""
    write(directory, "team.csv", TEAM)
    write(directory, "accounts.csv", ACCOUNTS)
    write(directory, "features.csv", FEATURES)
    return directory
