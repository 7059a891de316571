"""Streaming readers for contract files: CSV or JSON Lines, optionally gzipped.

Rows come out one at a time with their line number, so a 10-million-row file never
sits in memory and every problem can be located.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from knowledge.errors import InvalidInputError, Location

logger = logging.getLogger(__name__)

# Fields longer than this are a broken quote swallowing the file, not data.
csv.field_size_limit(1_000_000)


@dataclass
class SourceFile:
    """An input file and how far through it the reader is."""

    path: Path
    display_name: str
    size: int = 0
    _raw: IO[bytes] | None = field(default=None, repr=False)

    @property
    def bytes_read(self) -> int:
        """Bytes of the file on disk consumed so far (compressed for .gz)."""
        return self._raw.tell() if self._raw is not None and not self._raw.closed else 0

    @property
    def is_jsonl(self) -> bool:
        """True for JSON Lines input."""
        return ".jsonl" in self.path.suffixes


@dataclass(frozen=True)
class Row:
    """One data row: its physical line number and its values by column."""

    line: int
    values: dict[str, Any]


def _open_text(source: SourceFile) -> IO[str]:
    raw: IO[bytes] = source.path.open("rb")
    source._raw = raw
    stream: IO[bytes] | gzip.GzipFile = (
        gzip.GzipFile(fileobj=raw) if source.path.suffix == ".gz" else raw
    )
    # utf-8-sig drops a byte-order mark that spreadsheet exports like to add.
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")


def _decode_error(source: SourceFile, line: int, exc: Exception) -> InvalidInputError:
    if isinstance(exc, UnicodeDecodeError):
        return InvalidInputError(
            f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x}); "
            "save the file as UTF-8 and import it again",
            Location(source.display_name, line),
        )
    return InvalidInputError(
        f"not a readable gzip file: {exc}", Location(source.display_name, line)
    )


def read_header(
    source: SourceFile,
    columns: list[str],
    required: set[str],
    header: list[str],
) -> list[str]:
    """Check a header row; warn once per column the model has no place for."""
    normalized = [name.strip() for name in header]
    if not any(normalized):
        raise InvalidInputError("header row is empty", Location(source.display_name, 1))
    seen: set[str] = set()
    for name in normalized:
        if name in seen:
            raise InvalidInputError(
                "column appears twice in the header",
                Location(source.display_name, 1, name),
            )
        seen.add(name)
    missing = sorted(required - seen)
    if missing:
        raise InvalidInputError(
            f"required column missing from the header (found: {', '.join(normalized)})",
            Location(source.display_name, 1, missing[0]),
            [
                str(Location(source.display_name, 1, name))
                + ": required column missing"
                for name in missing
            ],
        )
    for name in normalized:
        if name not in columns:
            logger.warning(
                "%s: column '%s' is not part of the contract; ignored",
                source.display_name,
                name,
            )
    return normalized


def iter_rows(
    source: SourceFile, columns: list[str], required: set[str]
) -> Iterator[Row]:
    """Yield the data rows of a CSV or JSON Lines file.

    Raises:
        InvalidInputError: empty file, bad header, wrong field count, bad quoting,
            bad encoding, or a JSON line that is not an object.
    """
    if source.path.stat().st_size == 0:
        raise InvalidInputError(
            "file is empty (0 bytes); a header row is required",
            Location(source.display_name, 1),
        )
    if source.is_jsonl:
        yield from _iter_jsonl(source, columns)
    else:
        yield from _iter_csv(source, columns, required)


def _iter_csv(
    source: SourceFile, columns: list[str], required: set[str]
) -> Iterator[Row]:
    line = 1
    with _open_text(source) as text:
        reader = csv.reader(text, strict=True)
        try:
            header_row = next(reader, None)
            if header_row is None:
                raise InvalidInputError(
                    "file has no header row", Location(source.display_name, 1)
                )
            header = read_header(source, columns, required, header_row)
            keep = [(i, name) for i, name in enumerate(header) if name in columns]
            width = len(header)
            for fields in reader:
                line = reader.line_num
                if not fields:
                    continue
                if len(fields) != width:
                    raise InvalidInputError(
                        f"expected {width} fields, found {len(fields)}",
                        Location(source.display_name, line),
                    )
                yield Row(line, {name: fields[i] for i, name in keep})
        except csv.Error as exc:
            raise InvalidInputError(
                f"malformed CSV: {exc}", Location(source.display_name, reader.line_num)
            ) from exc
        except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
            raise _decode_error(source, line + 1, exc) from exc


def _iter_jsonl(source: SourceFile, columns: list[str]) -> Iterator[Row]:
    line = 0
    warned: set[str] = set()
    with _open_text(source) as text:
        try:
            for line, raw_line in enumerate(text, start=1):
                if not raw_line.strip():
                    continue
                try:
                    value = json.loads(raw_line)
                except json.JSONDecodeError as exc:
                    raise InvalidInputError(
                        f"not valid JSON: {exc.msg}",
                        Location(source.display_name, line),
                    ) from exc
                if not isinstance(value, dict):
                    raise InvalidInputError(
                        "each line must be a JSON object",
                        Location(source.display_name, line),
                    )
                for name in value.keys() - set(columns) - warned:
                    warned.add(name)
                    logger.warning(
                        "%s: field '%s' is not part of the contract; ignored",
                        source.display_name,
                        name,
                    )
                yield Row(line, {k: v for k, v in value.items() if k in columns})
        except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
            raise _decode_error(source, line + 1, exc) from exc
