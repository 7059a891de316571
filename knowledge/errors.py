"""Domain errors shared by every layer; mapped to HTTP and Slack replies in one place.

CsmError
├── NotFoundError            an account, document or member does not exist
├── InvalidInputError        input breaks a contract; may carry a file/line/column
├── ForbiddenError           the asker may not see or change this
├── ConflictError            the change clashes with what is stored
└── UpstreamUnavailableError a database, vector store or model server is down
"""

from __future__ import annotations

from dataclasses import dataclass


class CsmError(Exception):
    """Base of every error this product raises on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(CsmError):
    """Something the caller named does not exist."""

    code = "not_found"


@dataclass(frozen=True)
class Location:
    """Where in an input file a problem sits."""

    file: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class InvalidInputError(CsmError):
    """Input that breaks a contract; names where, when it comes from a file."""

    code = "invalid_input"

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        problems: list[str] | None = None,
    ) -> None:
        text = f"{location}: {message}" if location else message
        super().__init__(text)
        self.location = location
        self.problems = problems or [text]


class ForbiddenError(CsmError):
    """The asker's role does not allow this."""

    code = "forbidden"


class ConflictError(CsmError):
    """The change clashes with stored state (a duplicate slug, a stale version)."""

    code = "conflict"


class UpstreamUnavailableError(CsmError):
    """A store or service the request needs cannot be reached."""

    code = "upstream_unavailable"
