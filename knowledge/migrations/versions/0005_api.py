"""API keys and rate limits (reserved; filled in by the HTTP API)

Revision ID: 0005_api
Revises: 0004_slack
"""

from __future__ import annotations

revision = "0005_api"
down_revision = "0004_slack"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
