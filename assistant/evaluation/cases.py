"""Labelled questions for the answer evaluation, read from YAML."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.answers import Audience, Status


class Case(BaseModel):
    """One labelled question and what its answer must contain.

    ``figures`` name values the tools compute (``score``, ``arr``, ``logins:14``…),
    never literal numbers, so the expectations follow the data.
    """

    q: str
    asker: str | None = None
    thread: str | None = None
    intent: str | None = None
    accounts: list[str] | None = None
    candidates: list[str] | None = None
    audience: Audience | None = None
    status: Status | None = "answered"
    figures: list[str] = Field(default_factory=list)
    absent: list[str] = Field(
        default_factory=list, description="Account ids whose names must not appear."
    )
    forbidden: list[str] = Field(
        default_factory=list, description="Text that must not appear (leaks)."
    )


class CaseFile(BaseModel):
    """The whole labelled set and the demo it is written against."""

    accounts: int = 60
    seed: int = 7
    as_of: str = "2026-11-30"
    cases: list[Case]


def load_cases(path: Path) -> CaseFile:
    """Read and validate the labelled set."""
    return CaseFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
