"""The real server (uvicorn) on a free loopback port, for tests that speak HTTP over sockets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

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
