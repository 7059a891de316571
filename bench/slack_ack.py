"""How fast /slack/events acks a signed app_mention, next to a floor.

Runs the bot behind uvicorn on loopback against the mock Slack Web API used by
the tests, posts N signed mentions and prints the median and p95 time to the
HTTP 200 (Slack's limit is 3 s), the time until the threaded answer reached the
mock, and the floor: a signed url_verification round trip on the same server
(verification only, no database, no listener).

    PYTHONPATH=. python bench/slack_ack.py [N]   # reuses the tests' mock Slack
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bots.slack.app import create_bolt_app
from bots.slack.client import build_web_client
from bots.slack.config import SlackConfig
from bots.slack.runtime import SlackRuntime
from knowledge.db import create_db_engine
from knowledge.models import Base
from tests.bots.slack.conftest import (
    SECRET,
    TODAY,
    FakeEngine,
    event_body,
    mention,
    seed_team,
    sign,
)
from tests.bots.slack.live_server import running
from tests.bots.slack.mock_slack import MockSlack, serve
from tests.tools.book import small_model


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(n: int) -> None:
    """Post ``n`` mentions and print the figures."""
    db = create_db_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}")
    Base.metadata.create_all(db)
    seed_team(db)
    slack = MockSlack(
        users={"U0CSM": {"id": "U0CSM", "profile": {"email": "csm@vendor.example"}}}
    )
    server = serve(slack)
    runtime = SlackRuntime(
        config=SlackConfig(
            bot_token="xoxb-bench",  # noqa: S106 (a fake token for the mock)
            signing_secret=SECRET,
            api_url=slack.url,
            channel_accounts={"C0PUBLIC": frozenset({"A-1"})},
        ),
        db=db,
        answer=FakeEngine(),
        health_model=small_model,
        today=lambda: TODAY,
    )
    executor = ThreadPoolExecutor(max_workers=4)
    app = create_bolt_app(
        runtime,
        client=build_web_client("xoxb-bench", slack.url),  # noqa: S106, executor=executor
    )
    acks: list[float] = []
    answers: list[float] = []
    floors: list[float] = []
    with running(app) as url, httpx.Client() as http:
        for i in range(n):
            check = '{"type":"url_verification","challenge":"c"}'
            started = time.monotonic()
            http.post(
                url,
                content=check,
                headers={"content-type": "application/json", **sign(check)},
            )
            floors.append(time.monotonic() - started)

            body = event_body(mention(ts=f"1700.{i:06d}"), event_id=f"EvBench{i}")
            headers = {"content-type": "application/json", **sign(body)}
            started = time.monotonic()
            http.post(url, content=body, headers=headers)
            acked = time.monotonic()
            acks.append(acked - started)
            post = slack.wait_for("chat.postMessage", count=i + 1)[i]
            answers.append(post.at - acked)
    executor.shutdown(wait=True)
    server.shutdown()
    ms = 1000.0
    ack_med, ack_p95 = statistics.median(acks) * ms, _pct(acks, 0.95) * ms
    ans_med, ans_p95 = statistics.median(answers) * ms, _pct(answers, 0.95) * ms
    floor = statistics.median(floors) * ms
    print(f"signed app_mention, {n} requests, engine stubbed (answers instantly)")
    print(f"ack         median {ack_med:7.1f} ms  p95 {ack_p95:7.1f} ms  (limit 3000)")
    print(f"floor       median {floor:7.1f} ms  (signed url_verification)")
    print(f"ack->answer median {ans_med:7.1f} ms  p95 {ans_p95:7.1f} ms")
    print(
        f"| Slack /slack/events ack, {n} signed mentions | median {ack_med:.1f} ms, "
        f"p95 {ack_p95:.1f} ms | signed url_verification: {floor:.1f} ms |"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
