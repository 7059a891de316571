"""What an import did, file by file."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FileReport(BaseModel):
    """The outcome of loading one file: counts, or the error that stopped it."""

    file: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    error: str | None = None
    problems: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file loaded."""
        return self.error is None


class ImportReport(BaseModel):
    """The outcome of an import of a folder or of records sent to the API."""

    files: list[FileReport] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file loaded."""
        return all(f.ok for f in self.files)

    @property
    def failed(self) -> list[FileReport]:
        """The files that were refused."""
        return [f for f in self.files if not f.ok]
