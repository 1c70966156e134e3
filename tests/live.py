"""The real server (uvicorn) on a free loopback port, for tests that speak HTTP over sockets."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import httpx
import uvicorn

from graphql_api.app.factory import create_app
from graphql_api.app.process import server_config
from tests.harness import settings_for_tests
from tests.wire import free_port


@dataclass
class Live:
    port: int
    server: uvicorn.Server

    def in_flight(self) -> int:
        """Requests the server is serving now."""
        return len(self.server.server_state.tasks)


@contextmanager
def live_server(**overrides: Any) -> Iterator[Live]:
    """Serve the app on the embedded store (or the server `mongodb_uri` names)."""
    port = free_port()
    overrides.setdefault("mongodb_uri", None)
    settings = settings_for_tests(port=port, **overrides)
    running = uvicorn.Server(server_config(settings, create_app(settings)))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "the server did not start"
    for _ in range(200):  # a server store: until it has migrated
        if httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200:
            break
        time.sleep(0.05)
    try:
        yield Live(port, running)
    finally:
        running.should_exit = True
        thread.join(10)


@contextmanager
def serve_process(
    mongodb_uri: str, mongodb_db: str, stderr: IO[bytes] | None = None, **env: str
) -> Iterator[int]:
    """`graphql-api serve` in its own process(es) on a free port, until ready; yields the port.
    `env` adds settings (WEB_CONCURRENCY=2 for two workers on that port); `stderr` gets its log."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "graphql_api", "serve"],
        env={
            **os.environ,
            "MONGODB_URI": mongodb_uri,
            "MONGODB_DB": mongodb_db,
            "JWT_SECRET": settings_for_tests().jwt_secret or "",
            "PORT": str(port),
            "RATE_LIMIT_PER_SECOND": "0",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=stderr if stderr is not None else subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise AssertionError("the API process did not become ready")
        yield port
    finally:
        process.terminate()
        process.wait(20)
