"""``POST /v1/import``: contract records as JSON, or one uploaded contract file.

Both go through the importer unchanged: a refused file names its line and column,
and nothing of it is written. JSON records are written as a JSON Lines file, so a
problem in the fifth record is reported at line 5.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException

from assistant.api.auth import ImportCaller
from assistant.api.problems import COMMON_ERRORS, problem_responses
from knowledge.importer import FileReport, Importer
from knowledge.importer.reader import SourceFile

router = APIRouter(prefix="/v1", tags=["import"], responses=COMMON_ERRORS)

ContractFile = Literal[
    "team",
    "accounts",
    "features",
    "contacts",
    "subscriptions",
    "value_metrics",
    "tickets",
    "usage_events",
]
_STEMS: tuple[str, ...] = ContractFile.__args__  # type: ignore[attr-defined]
_SUFFIXES = (".csv.gz", ".jsonl.gz", ".csv", ".jsonl")
_CHUNK = 1 << 20
MAX_RECORDS = 100_000


class ImportRecords(BaseModel):
    """Rows of one contract file as JSON objects, with the contract's columns."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "file": "accounts",
                    "records": [
                        {
                            "account_id": "A-1001",
                            "name": "Acme Corp",
                            "segment": "enterprise",
                            "arr": 240000,
                            "renewal_date": "2027-03-31",
                        }
                    ],
                }
            ]
        },
    )

    file: ContractFile = Field(description="Which contract file the records are.")
    records: Annotated[
        list[dict[str, Any]], Field(min_length=1, max_length=MAX_RECORDS)
    ]


_BODY_DOC: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": ImportRecords.model_json_schema(
                ref_template="#/components/schemas/{model}"
            ),
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "accounts.csv, usage_events.jsonl.gz, … "
                        "(CSV or JSON Lines, optionally gzipped).",
                    }
                },
            }
        },
    },
}


def _stem_of(filename: str) -> str:
    name = Path(filename).name
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)] in _STEMS:
            return name[: -len(suffix)]
    raise RequestValidationError(
        [
            {
                "loc": ("body", "file"),
                "msg": f"'{name[:100]}' is not a contract file name; use one of "
                f"{', '.join(_STEMS)} with .csv, .jsonl or .gz",
                "type": "value_error",
            }
        ]
    )


def _load(path: Path, display: str, stem: str, actor: str, engine: Any) -> FileReport:
    source = SourceFile(path, display, path.stat().st_size)
    importer = Importer(engine, actor)
    if stem == "usage_events":
        return importer.import_usage(source)
    return importer.import_table(source, stem)


async def _from_json(request: Request, folder: Path) -> tuple[Path, str, str]:
    raw = await request.body()
    try:
        body = ImportRecords.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from exc
    path = folder / f"{body.file}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in body.records:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return path, f"{body.file} (request body)", body.file


async def _from_upload(request: Request, folder: Path) -> tuple[Path, str, str]:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, StarletteUpload) or not upload.filename:
        raise RequestValidationError(
            [{"loc": ("body", "file"), "msg": "Field required", "type": "missing"}]
        )
    stem = _stem_of(upload.filename)
    name = Path(upload.filename).name
    path = folder / name
    with path.open("wb") as out:
        while chunk := await upload.read(_CHUNK):
            out.write(chunk)
    return path, name, stem


@router.post(
    "/import",
    summary="Import contract records (JSON) or one contract file (upload).",
    openapi_extra={"requestBody": _BODY_DOC},
    responses=problem_responses(415),
)
async def import_file(request: Request, caller: ImportCaller) -> FileReport:
    """Load one file whole or not at all, upserting by the contract's keys."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    with tempfile.TemporaryDirectory(prefix="csm-import-") as tmp:
        folder = Path(tmp)
        if media == "application/json":
            path, display, stem = await _from_json(request, folder)
        elif media == "multipart/form-data":
            path, display, stem = await _from_upload(request, folder)
        else:
            raise HTTPException(
                415, "send application/json records or a multipart/form-data file"
            )
        report = await run_in_threadpool(
            _load, path, display, stem, caller.actor, request.app.state.engine
        )
    # New data: cached health, usage and rankings of this worker are stale now.
    request.app.state.services.forget_results()
    return report
