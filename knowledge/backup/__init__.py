"""Portable backups: every table as gzipped JSON Lines, plus readable documents.

A backup folder holds ``manifest.json`` (format, alembic revision, row counts and a
SHA-256 per file), ``tables/<table>.jsonl.gz`` in foreign-key order,
``documents/`` with every note and every playbook version as contract Markdown, and
``config/health_model.yaml`` when a custom health model is active. The format is the
same on SQLite and PostgreSQL, so a backup of one restores into the other. The search
index is not backed up: it is derived from the tables.
"""

from knowledge.backup.codec import BackupSummary, TableDump
from knowledge.backup.dump import backup_database
from knowledge.backup.restore import read_manifest, restore_database

__all__ = [
    "BackupSummary",
    "TableDump",
    "backup_database",
    "read_manifest",
    "restore_database",
]
