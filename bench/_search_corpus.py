"""Seeded synthetic account notes for the search benchmarks, drawn from the demo
playbooks' sentences so the text reads like customer-success prose."""

from __future__ import annotations

import random
import re
from pathlib import Path

PLAYBOOKS = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "playbooks"


def sentences() -> list[str]:
    """Every sentence of the demo playbooks' bodies."""
    found: list[str] = []
    for path in sorted(PLAYBOOKS.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        text = " ".join(
            line.strip("-*# ").strip()
            for line in body.splitlines()
            if line.strip() and not line.startswith("|")
        )
        found.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30)
    return found


def note_body(rng: random.Random, pool: list[str], sections: int) -> str:
    """A note of ``sections`` headed sections of about 150 words each."""
    parts = []
    for index in range(sections):
        words = 0
        lines = []
        while words < 140:
            line = rng.choice(pool)
            lines.append(line)
            words += len(line.split())
        parts.append(f"## Part {index + 1}\n\n" + " ".join(lines))
    return "\n\n".join(parts)
