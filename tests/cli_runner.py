"""The ``csm`` command line run in a child process, as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_csm(
    *args: str, database: Path, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``csm ARGS`` on the SQLite database at ``database``; never raise on exit.

    Args:
        args: The command line after ``csm``.
        database: The SQLite file the command reads and writes.
        extra_env: More environment variables for the child, e.g. ``CSM_CHROMA_PATH``.
    """
    env = {
        **os.environ,
        "CSM_DATABASE_URL": f"sqlite:///{database}",
        "CSM_LOG_FORMAT": "text",
        **extra_env,
    }
    return subprocess.run(  # noqa: S603  # our own interpreter and module
        [sys.executable, "-m", "bots.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
