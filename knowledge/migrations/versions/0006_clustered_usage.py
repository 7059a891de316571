"""Usage tables stored in primary-key order on SQLite (WITHOUT ROWID)

Scoring reads an account's days in a window: in a rowid table every row found
through the primary key costs a second lookup in the table itself. Stored as a
WITHOUT ROWID table the rows live in the key's b-tree, so a window is one
contiguous range read. PostgreSQL keeps its tables as they are.

Revision ID: 0006_clustered_usage
Revises: 0005_api
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_clustered_usage"
down_revision = "0005_api"
branch_labels = None
depends_on = None


def _feature_daily(name: str, *, clustered: bool) -> None:
    op.create_table(
        name,
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("feature_key", sa.String(length=120), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("users", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.account_id"],
            name="fk_usage_feature_daily_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "day", "event", "feature_key", name="pk_usage_feature_daily"
        ),
        sqlite_with_rowid=not clustered,
    )


def _user_daily(name: str, *, clustered: bool) -> None:
    op.create_table(
        name,
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("logins", sa.Integer(), nullable=False),
        sa.Column("feature_events", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.account_id"],
            name="fk_usage_user_daily_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "day", "user_id", name="pk_usage_user_daily"
        ),
        sqlite_with_rowid=not clustered,
    )


def _rebuild(*, clustered: bool) -> None:
    # SQLite cannot change how a table is stored in place: copy it into a new table
    # and swap the names, inside the migration's transaction.
    for table, create in (
        ("usage_feature_daily", _feature_daily),
        ("usage_user_daily", _user_daily),
    ):
        copy = f"{table}_rebuilt"
        create(copy, clustered=clustered)
        op.execute(f"INSERT INTO {copy} SELECT * FROM {table}")  # noqa: S608
        op.drop_table(table)
        op.rename_table(copy, table)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(clustered=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(clustered=False)
