"""Alembic migrations of the csm-assistant database."""
