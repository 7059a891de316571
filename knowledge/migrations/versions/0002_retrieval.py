"""retrieval support tables (reserved; filled in by the search layer)

Revision ID: 0002_retrieval
Revises: 0001_initial
"""

from __future__ import annotations

revision = "0002_retrieval"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
