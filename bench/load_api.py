"""Benchmark: a real ``csm serve`` on 127.0.0.1 under concurrent clients.

Builds a demo book (SQLite, search index), creates an admin key, starts the server
as a subprocess on a free port, then for each scenario runs N clients for a fixed
time and prints requests/s and p50/p95/p99 latency as Markdown rows. The floor is
``/healthz`` at the same concurrency: the cost of HTTP, the middleware and this
client, with no work behind it. Any error (non-2xx or a failed connection) is
counted and makes the script exit 1.

    python bench/load_api.py --seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx

AS_OF = date(2026, 11, 30)
HEALTH_TARGET_MS = 50.0
ASK_TARGET_MS = 500.0


@dataclass
class Result:
    """Latencies and errors of one scenario."""

    name: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile(self, q: float) -> float:
        """The q-th percentile in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[index] * 1000

    def row(self, target: str) -> str:
        """One Markdown table row."""
        rate = len(self.latencies) / self.seconds
        return (
            f"| {self.name} | {self.clients} | {len(self.latencies)} | {rate:.1f} | "
            f"{self.percentile(50):.1f} | {self.percentile(95):.1f} | "
            f"{self.percentile(99):.1f} | {self.errors} | {target} |"
        )


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_book(folder: Path, accounts: int) -> tuple[str, str, list[tuple[str, str]]]:
    """A migrated, imported, indexed demo database; returns URL, key, accounts."""
    from knowledge import schema
    from knowledge.db import create_db_engine
    from knowledge.demo import write_demo
    from knowledge.importer import import_directory
    from knowledge.queries.accounts import account_names
    from knowledge.queries.api_keys import create_key
    from retrieval.service import build_knowledge_base

    url = f"sqlite:///{folder / 'csm.db'}"
    engine = create_db_engine(url)
    started = time.perf_counter()
    write_demo(folder / "demo", accounts=accounts, days=400, seed=7, as_of=AS_OF)
    schema.upgrade(engine)
    report = import_directory(engine, folder / "demo", actor="bench")
    if not report.ok:
        raise SystemExit(f"demo import failed: {report.failed}")
    build_knowledge_base(engine, chroma_path=folder / "chroma").reindex()
    _, key = create_key(engine, "bench", ["admin"], "bench")
    names = account_names(engine)
    engine.dispose()
    print(
        f"demo book of {len(names)} accounts ready in "
        f"{time.perf_counter() - started:.1f}s"
    )
    return url, key, names


def start_server(
    folder: Path, url: str, port: int, workers: int
) -> subprocess.Popen[bytes]:
    """``csm serve`` with this database; rate limits lifted for the load."""
    env = {
        **os.environ,
        "CSM_DATABASE_URL": url,
        "CSM_CHROMA_PATH": str(folder / "chroma"),
        "CSM_VAR_DIR": str(folder),
        "CSM_LOG_LEVEL": "WARNING",
        "CSM_API_RATE_PER_SECOND": "1000000",
        "CSM_API_RATE_BURST": "1000000",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("CSM_LLM_MODEL", None)  # the deterministic engine is what we measure
    command = [sys.executable, "-m", "bots.cli.main", "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(  # noqa: S603  # our own interpreter and module
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_ready(base: str, process: subprocess.Popen[bytes], limit: float) -> float:
    """Seconds until /readyz answers 200 (the model loads before that)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise SystemExit(f"csm serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"csm serve not ready within {limit:.0f}s")


Request = Callable[[int], tuple[str, str, dict[str, Any] | None]]


async def run(
    base: str, key: str, name: str, clients: int, seconds: float, make: Request
) -> Result:
    """``clients`` loops sending ``make(i)`` requests until ``seconds`` pass.

    The client is aiohttp: it costs a fraction of httpx's CPU per request, which
    matters when client and server share two cores.
    """
    result = Result(name, clients, seconds)
    headers = {"Authorization": f"Bearer {key}"}
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(
        base_url=base, headers=headers, connector=connector, timeout=timeout
    ) as session:

        async def worker(offset: int) -> None:
            i = offset
            while time.perf_counter() < deadline:
                method, path, body = make(i)
                i += clients
                started = time.perf_counter()
                try:
                    async with session.request(method, path, json=body) as response:
                        await response.read()
                        ok = response.status < 300
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                if ok:
                    result.latencies.append(time.perf_counter() - started)
                else:
                    result.errors += 1

        await asyncio.gather(*(worker(n) for n in range(clients)))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="Per scenario.")
    parser.add_argument("--accounts", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1, help="csm serve workers.")
    parser.add_argument("--ready-timeout", type=float, default=300.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="csm-load-") as tmp:
        folder = Path(tmp)
        url, key, names = build_book(folder, args.accounts)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(folder, url, port, args.workers)
        try:
            print(
                f"server ready in {wait_ready(base, server, args.ready_timeout):.1f}s"
            )
            ids = [account_id for account_id, _ in names]

            def health(i: int) -> tuple[str, str, dict[str, Any] | None]:
                return (
                    "GET",
                    f"/v1/accounts/{ids[i % len(ids)]}/health?as_of={AS_OF}",
                    None,
                )

            def health_cold(i: int) -> tuple[str, str, dict[str, Any] | None]:
                # A new (account, day) every time: never served from the cache.
                day = AS_OF - timedelta(days=1 + i // len(ids))
                return (
                    "GET",
                    f"/v1/accounts/{ids[i % len(ids)]}/health?as_of={day}",
                    None,
                )

            def ask(i: int) -> tuple[str, str, dict[str, Any] | None]:
                _, name = names[i % len(names)]
                body = {"question": f"How is {name} doing?", "as_of": str(AS_OF)}
                return "POST", "/v1/ask", body

            def healthz(i: int) -> tuple[str, str, dict[str, Any] | None]:
                return "GET", "/healthz", None

            scenarios: list[tuple[str, int, Request, str]] = [
                ("GET /healthz (floor)", 20, healthz, "floor"),
                (
                    "GET /v1/accounts/{id}/health",
                    20,
                    health,
                    f"p95 < {HEALTH_TARGET_MS:.0f} ms",
                ),
                ("GET /v1/accounts/{id}/health, uncached", 20, health_cold, "none"),
                ("GET /healthz (floor)", 4, healthz, "floor"),
                (
                    "POST /v1/ask (deterministic)",
                    4,
                    ask,
                    f"p95 < {ASK_TARGET_MS:.0f} ms",
                ),
            ]
            results = [
                (asyncio.run(run(base, key, name, n, args.seconds, make)), target)
                for name, n, make, target in scenarios
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)

    print()
    print(
        "| endpoint | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| target |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for result, target in results:
        print(result.row(target))
    health_p95 = results[1][0].percentile(95)
    ask_p95 = results[4][0].percentile(95)
    print()
    print(
        f"health p95 {health_p95:.1f} ms (target {HEALTH_TARGET_MS:.0f}): "
        f"{'met' if health_p95 < HEALTH_TARGET_MS else 'MISSED'}; "
        f"ask p95 {ask_p95:.1f} ms (target {ASK_TARGET_MS:.0f}): "
        f"{'met' if ask_p95 < ASK_TARGET_MS else 'MISSED'}"
    )
    errors = sum(result.errors for result, _ in results)
    if errors:
        raise SystemExit(f"{errors} requests failed")


if __name__ == "__main__":
    main()
