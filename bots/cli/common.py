"""What every command shares: settings, the database, error output."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine

from assistant.logging_config import configure_logging
from assistant.settings import Settings, load_settings
from knowledge.db import create_db_engine


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Settings of this process, read once; logging is configured on first use."""
    loaded = load_settings()
    configure_logging(loaded.log_level, loaded.log_format)
    return loaded


@lru_cache(maxsize=1)
def engine() -> Engine:
    """The database engine named by the settings."""
    return create_db_engine(settings().database_url)


def print_json(value: BaseModel | dict[str, Any] | list[Any]) -> None:
    """Print a result as indented JSON, the same shape the HTTP API returns."""
    if isinstance(value, BaseModel):
        sys.stdout.write(value.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")
