"""Slack bot tables: handled events, replies, threads, feedback and digest items

Revision ID: 0004_slack
Revises: 0003_assistant
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_slack"
down_revision = "0003_assistant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events")),
    )
    op.create_table(
        "slack_replies",
        sa.Column("reply_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("asker_email", sa.String(length=320), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("account_ids", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=True),
        sa.Column("passage_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("reply_id", name=op.f("pk_slack_replies")),
    )
    op.create_table(
        "slack_threads",
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "channel_id", "thread_ts", name=op.f("pk_slack_threads")
        ),
    )
    op.create_table(
        "slack_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reply_id", sa.String(length=32), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["slack_replies.reply_id"],
            name=op.f("fk_slack_feedback_reply_id_slack_replies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_feedback")),
    )
    with op.batch_alter_table("slack_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_feedback_reply_id"), ["reply_id"], unique=False
        )
    op.create_table(
        "slack_digest_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("csm_email", sa.String(length=320), nullable=False),
        sa.Column("item_key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_digest_items")),
        sa.UniqueConstraint(
            "csm_email",
            "item_key",
            "sent_on",
            name=op.f("uq_slack_digest_items_csm_email"),
        ),
    )
    with op.batch_alter_table("slack_digest_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_digest_items_csm_email"), ["csm_email"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("slack_digest_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_digest_items_csm_email"))
    op.drop_table("slack_digest_items")
    with op.batch_alter_table("slack_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_feedback_reply_id"))
    op.drop_table("slack_feedback")
    op.drop_table("slack_threads")
    op.drop_table("slack_replies")
    op.drop_table("slack_events")
