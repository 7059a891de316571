"""conversation memory (reserved; filled in by the assistant engine)

Revision ID: 0003_assistant
Revises: 0002_retrieval
"""

from __future__ import annotations

revision = "0003_assistant"
down_revision = "0002_retrieval"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
