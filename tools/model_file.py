"""Read and write health model files, naming the line of every problem."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.errors import InvalidInputError, Location
from tools.health_model import HealthModel

logger = logging.getLogger(__name__)

DEFAULT_MODEL_PATH = Path(__file__).with_name("health_model.yaml")


def load_model(path: Path | None = None) -> HealthModel:
    """Load and validate a health model file; the shipped default when ``path`` is None.

    Raises:
        InvalidInputError: the file is missing, is not YAML, has an unknown key, an
            unknown indicator, weights that do not sum to 100, or a malformed curve.
    """
    path = path or DEFAULT_MODEL_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"cannot read health model: {exc}") from exc
    return parse_model(text, str(path))


def parse_model(text: str, source: str) -> HealthModel:
    """Validate the text of a health model file; ``source`` names it in errors."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InvalidInputError(
            f"not valid YAML: {exc}", Location(source, line)
        ) from exc
    if not isinstance(data, dict):
        raise InvalidInputError("a health model is a YAML mapping", Location(source))
    try:
        return HealthModel.model_validate(data)
    except ValidationError as exc:
        # An unknown key usually explains the rest (a misspelt required key), so
        # it comes first.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        problems = [_describe(err, node, source) for err in errors]
        first = problems[0]
        raise InvalidInputError(
            f"invalid health model: {first}", None, problems
        ) from exc


def _describe(err: Any, node: yaml.Node | None, source: str) -> str:
    loc = tuple(err["loc"])
    path = _path_text(loc)
    line = _line_of(node, loc)
    where = f"{source}, line {line}" if line else source
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown key '{loc[-1]}' at {path}"
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: {path + ': ' if path else ''}{message}"


def _path_text(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the YAML node at ``loc`` (the deepest one found)."""
    line = node.start_mark.line + 1 if node is not None and loc else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                return line
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def write_model(model: HealthModel, path: Path, header: str, active: Path) -> None:
    """Write a model file for review; refuse to overwrite the active model.

    Raises:
        InvalidInputError: ``path`` is the active model file.
    """
    if path.resolve() == active.resolve():
        raise InvalidInputError(
            f"refusing to overwrite the active health model {active}; "
            "write the proposal elsewhere and review it first"
        )
    body = yaml.safe_dump(
        model.model_dump(mode="json", exclude_none=True),
        sort_keys=False,
        allow_unicode=True,
    )
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    path.write_text(comment + body, encoding="utf-8")
    logger.info("wrote proposed health model to %s", path)
