"""``csm backup`` and ``restore`` carry the model CSM_HEALTH_MODEL_PATH names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bots.cli import common
from bots.cli.main import app
from knowledge import schema
from knowledge.db import create_db_engine
from knowledge.errors import ConflictError
from tests.ops.book import load_book, table_rows
from tools.model_file import DEFAULT_MODEL_PATH

TUNED = DEFAULT_MODEL_PATH.read_text() + "# tuned by CS ops\n"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    database = tmp_path / "source.db"
    engine = create_db_engine(f"sqlite:///{database}")
    schema.upgrade(engine)
    load_book(engine, tmp_path / "in")
    engine.dispose()
    return database


@pytest.fixture
def csm(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """Run a command in process with these settings (read afresh each time)."""

    def run(*args: str, database: Path, model: Path | None = None) -> Result:
        monkeypatch.setenv("CSM_DATABASE_URL", f"sqlite:///{database}")
        if model is None:
            monkeypatch.delenv("CSM_HEALTH_MODEL_PATH", raising=False)
        else:
            monkeypatch.setenv("CSM_HEALTH_MODEL_PATH", str(model))
        common.settings.cache_clear()
        common.engine.cache_clear()
        return CliRunner().invoke(app, list(args))

    yield run
    common.engine.cache_clear()
    common.settings.cache_clear()


def test_the_custom_health_model_goes_with_the_backup_to_the_new_path(
    csm: Callable[..., Result], source: Path, tmp_path: Path
) -> None:
    model = tmp_path / "ops" / "health_model.yaml"
    model.parent.mkdir()
    model.write_text(TUNED)
    target = tmp_path / "new-host" / "health_model.yaml"

    saved = csm("backup", str(tmp_path / "b"), database=source, model=model)
    restored = csm(
        "restore",
        str(tmp_path / "b"),
        "--no-reindex",
        database=tmp_path / "new.db",
        model=target,
    )

    assert saved.exit_code == 0, saved.output
    assert f"health model {model} included" in saved.stdout
    assert restored.exit_code == 0, restored.output
    assert f"health model restored to {target}" in restored.stdout
    assert target.read_text() == TUNED
    new = create_db_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert table_rows(new) == table_rows(create_db_engine(f"sqlite:///{source}"))


@pytest.mark.parametrize("configured", [None, DEFAULT_MODEL_PATH])
def test_the_shipped_health_model_is_not_copied(
    csm: Callable[..., Result], source: Path, tmp_path: Path, configured: Path | None
) -> None:
    saved = csm("backup", str(tmp_path / "b"), database=source, model=configured)

    assert saved.exit_code == 0, saved.output
    assert "health model" not in saved.stdout
    assert not (tmp_path / "b" / "config").exists()


def test_restore_stops_before_replacing_a_different_health_model(
    csm: Callable[..., Result], source: Path, tmp_path: Path
) -> None:
    model = tmp_path / "health_model.yaml"
    model.write_text(TUNED)
    csm("backup", str(tmp_path / "b"), database=source, model=model)
    model.write_text("edited since\n")

    result = csm(
        "restore",
        str(tmp_path / "b"),
        "--no-reindex",
        database=tmp_path / "new.db",
        model=model,
    )

    # In process the error reaches the runner; `csm` prints it as one line.
    assert isinstance(result.exception, ConflictError)
    assert "differs from the health model in the backup" in str(result.exception)
    assert model.read_text() == "edited since\n"
    new = create_db_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert schema.current_revision(new) is None


def test_restore_without_a_model_path_says_where_the_model_is(
    csm: Callable[..., Result], source: Path, tmp_path: Path
) -> None:
    model = tmp_path / "health_model.yaml"
    model.write_text(TUNED)
    csm("backup", str(tmp_path / "b"), database=source, model=model)

    result = csm(
        "restore", str(tmp_path / "b"), "--no-reindex", database=tmp_path / "new.db"
    )

    assert result.exit_code == 0, result.output
    assert "set CSM_HEALTH_MODEL_PATH" in result.stderr
    assert str(tmp_path / "b" / "config" / "health_model.yaml") in result.stderr
