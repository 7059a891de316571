"""Schemathesis against the app's own OpenAPI schema, in process.

Every operation gets generated requests (valid and invalid) with an admin key; the
checks are: no 5xx, every status and content type documented, every documented
header present, and every body matching its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.result import Err, Ok
from sqlalchemy import Engine

from tests.assistant.api_support import ApiBook, api_book

EXAMPLES = 5
"""Examples per operation and mode: enough to catch a crash, quick to run."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

Operation = APIOperation[Any, Any, Any, Any]
"""The library leaves an operation's parameter, response and schema types open."""


def _operation(result: Ok[Operation] | Err[InvalidSchema]) -> Operation:
    """The operation, or the schema error that kept it from being read."""
    if isinstance(result, Err):
        raise result.err()
    return result.ok()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiBook]:
    from knowledge import schema as migrations
    from knowledge.db import create_db_engine

    folder = tmp_path_factory.mktemp("schema")
    engine: Engine = create_db_engine(f"sqlite:///{folder / 'csm.db'}")
    migrations.upgrade(engine)  # migrated, so /readyz answers 200
    # Warm: the first question would otherwise load the model past the client's
    # read timeout.
    with api_book(engine, Path(folder), api_warm_up=True) as book:
        yield book
    engine.dispose()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_schema(running: ApiBook, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", running.app)
    headers = running.headers("admin")
    operations = [_operation(result) for result in schema.get_all_operations()]

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def exercise(case: Case[Operation]) -> None:
            if case.headers and "X-CSM-User" in case.headers:
                # A random email is no team member (403, documented); use a real
                # one so that member-scoped code runs too.
                case.headers["X-CSM-User"] = "ops@vendor.example"
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except Unsatisfiable:
            # No parameters to break (e.g. GET /healthz): nothing negative exists.
            assert mode is GenerationMode.NEGATIVE

    assert len(operations) >= 25
