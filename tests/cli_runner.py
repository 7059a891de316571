"""The ``csm`` command line run in a child process, as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_csm(
    *args: str,
    database: Path | str,
    timeout: float | None = None,
    **extra_env: str,
) -> subprocess.CompletedProcess[str]:
    """Run ``csm ARGS`` on a database; never raise on the exit status.

    Args:
        args: The command line after ``csm``.
        database: The SQLite file the command reads and writes, or a database URL.
        timeout: Seconds before the child is killed (a hung command fails the test).
        extra_env: More environment variables for the child, e.g. ``CSM_CHROMA_PATH``.
    """
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    env = {
        **os.environ,
        "CSM_DATABASE_URL": url,
        "CSM_LOG_FORMAT": "text",
        **extra_env,
    }
    return subprocess.run(  # noqa: S603  # our own interpreter and module
        [sys.executable, "-m", "bots.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=timeout,
    )
