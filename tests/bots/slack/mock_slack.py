"""A Slack Web API double served over real HTTP on loopback, recording each call."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0TEAM"


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float


@dataclass
class MockSlack:
    """State of the double: calls, canned users, scripted failures."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    rate_limited: dict[str, int] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    url: str = ""
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def named(self, method: str) -> list[Call]:
        """Calls of one API method (or path), in order."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 15.0
    ) -> list[Call]:
        """Block until ``count`` calls of ``method`` arrived (or fail)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.named(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(
            f"{method}: {len(self.named(method))} calls, wanted {count}"
        )

    def record(self, method: str, params: dict[str, Any]) -> None:
        with self._lock:
            self.calls.append(Call(method, params, time.monotonic()))

    def respond(
        self, method: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if self.rate_limited.get(method, 0) > 0:
                self.rate_limited[method] -= 1
                return 429, {"ok": False, "error": "ratelimited"}
        if method in self.errors:
            return 200, {"ok": False, "error": self.errors[method]}
        return 200, self._ok(method, params)

    def _ok(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ts = f"1700000000.{next(self._ts):06d}"
            return {
                "ok": True,
                "ts": ts,
                "message_ts": ts,
                "channel": params.get("channel"),
            }
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return (
                {"ok": True, "user": user}
                if user
                else {"ok": False, "error": "user_not_found"}
            )
        if method == "users.lookupByEmail":
            for uid, user in self.users.items():
                if user.get("profile", {}).get("email") == params.get("email"):
                    return {"ok": True, "user": {"id": uid, **user}}
            return {"ok": False, "error": "users_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users"))}}
        if method == "conversations.info":
            info = self.channels.get(str(params.get("channel")), {"is_private": False})
            return {"ok": True, "channel": {"id": params.get("channel"), **info}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.url}upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1", "title": "file"}]}
        return {"ok": True}


def _params(handler: BaseHTTPRequestHandler, raw: bytes) -> dict[str, Any]:
    kind = handler.headers.get("Content-Type", "")
    if "json" in kind:
        loaded = json.loads(raw or b"{}")
        return loaded if isinstance(loaded, dict) else {"_": loaded}
    if "x-www-form-urlencoded" in kind:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    return {"_bytes": len(raw)}


def serve(state: MockSlack) -> ThreadingHTTPServer:
    """Start the double on a free loopback port; ``state.url`` is its API base."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the http.server hook's name)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            method = self.path.strip("/").split("?")[0].removeprefix("api/")
            params = _params(self, raw)
            for key, value in list(params.items()):
                if key in ("blocks", "files") and isinstance(value, str):
                    params[key] = json.loads(value)
            state.record(method, params)
            if method.startswith(("upload/", "response/")):
                self._send(200, b"OK", "text/plain")
                return
            status, payload = state.respond(method, params)
            self._send(status, json.dumps(payload).encode(), "application/json")

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if status == 429:
                self.send_header("Retry-After", "0")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
