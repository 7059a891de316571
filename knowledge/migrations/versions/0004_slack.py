"""Slack event deduplication and digests (reserved; filled in by the Slack bot)

Revision ID: 0004_slack
Revises: 0003_assistant
"""

from __future__ import annotations

revision = "0004_slack"
down_revision = "0003_assistant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
