"""Slack event claims become leases: when each was claimed, and when it was done

A worker that dies between claiming an event and answering it no longer loses the
event: Slack's retry takes over a claim that is not done once its lease has run out.
Claims taken before this revision count as done, so none of them is answered again.

Revision ID: 0007_slack_event_leases
Revises: 0006_clustered_usage
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_slack_event_leases"
down_revision = "0006_clustered_usage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("done_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.execute(
        "UPDATE slack_events SET claimed_at = received_at, done_at = received_at"
    )
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.alter_column(
            "claimed_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.drop_column("done_at")
        batch_op.drop_column("claimed_at")
