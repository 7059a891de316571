"""retrieval support tables: passage feedback, question log, embedding cache

Revision ID: 0002_retrieval
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_retrieval"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "embedding_cache",
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "model", "content_hash", name=op.f("pk_embedding_cache")
        ),
    )
    op.create_table(
        "passage_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chunk_id", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.String(length=240), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passage_feedback")),
    )
    with op.batch_alter_table("passage_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_passage_feedback_chunk_id"), ["chunk_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_passage_feedback_document_id"),
            ["document_id"],
            unique=False,
        )
    op.create_table(
        "question_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asker", sa.String(length=320), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=True),
        sa.Column("best_score", sa.Float(), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_log")),
    )
    with op.batch_alter_table("question_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_log_answered"), ["answered"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_question_log_asked_at"), ["asked_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("question_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_log_asked_at"))
        batch_op.drop_index(batch_op.f("ix_question_log_answered"))
    op.drop_table("question_log")
    with op.batch_alter_table("passage_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passage_feedback_document_id"))
        batch_op.drop_index(batch_op.f("ix_passage_feedback_chunk_id"))
    op.drop_table("passage_feedback")
    op.drop_table("embedding_cache")
