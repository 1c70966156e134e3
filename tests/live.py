"""The real server (uvicorn) on a free loopback port, for tests that speak HTTP over sockets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from graphql_api.app import create_app, server_config
from tests.harness import settings_for_tests
from tests.wire import free_port


@contextmanager
def live_server(**overrides: Any) -> Iterator[int]:
    """Serve the app on the embedded store; yields the port."""
    port = free_port()
    settings = settings_for_tests(mongodb_uri=None, port=port, **overrides)
    running = uvicorn.Server(server_config(settings, create_app(settings)))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "the server did not start"
    try:
        yield port
    finally:
        running.should_exit = True
        thread.join(10)
