"""Subscribers as apps run them: the real graphql-ws and graphql-sse clients (Node.js), one
process per subscriber, each printing a JSON line per event."""

from __future__ import annotations

import asyncio
import json
import queue
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphql_api.domains.catalog.seed import demo_services, seed_demo
from tests.live import Live, live_server

WEB = Path(__file__).resolve().parents[1] / "clients" / "web"
LISTEN = WEB / "test" / "subscriptions" / "listen.mjs"
CART_CHANGED = "subscription { cartChanged { revision itemCount totalQuantity } }"
PLANS_CHANGED = (
    "subscription ($since: DateTime) { journeyPlansChanged(since: $since) "
    "{ plan { id title version } deletedId at } }"
)
ADD = "mutation ($input: CartItemAddInput!) { cartItemAdd(input: $input) { __typename } }"
SERVICE = str(next(s for s in demo_services() if s.active).id)


def needs_node() -> None:
    if shutil.which("node") is None or not (WEB / "node_modules" / "graphql-sse").exists():
        pytest.fail("Node.js and the web client's packages (npm ci) are needed")


class Listener:
    def __init__(
        self, mode: str, port: int, token: str, query: str, *flags: str, **variables: Any
    ) -> None:
        needs_node()
        url = (
            f"ws://127.0.0.1:{port}/graphql" if mode == "ws" else f"http://127.0.0.1:{port}/graphql"
        )
        self.process = subprocess.Popen(
            ["node", str(LISTEN), mode, url, token, query, json.dumps(variables), *flags],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=WEB,
        )
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(json.loads(line))

    def next(self, timeout: float = 10.0, skip_status: bool = True) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no event within {timeout} s") from None
            if skip_status and "connected" in line:
                continue
            return line

    def data(self, timeout: float = 10.0) -> dict[str, Any]:
        line = self.next(timeout)
        assert "next" in line, line
        assert "errors" not in line["next"], line
        data: dict[str, Any] = line["next"]["data"]
        return data

    def resume(self) -> None:
        """A --stall listener reads its socket again."""
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def quiet_for(self, seconds: float) -> list[dict[str, Any]]:
        time.sleep(seconds)
        found = []
        while not self.lines.empty():
            found.append(self.lines.get())
        return [line for line in found if "connected" not in line]

    def close(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@contextmanager
def listening(
    mode: str, port: int, token: str, query: str, *flags: str, **variables: Any
) -> Iterator[Listener]:
    listener = Listener(mode, port, token, query, *flags, **variables)
    try:
        yield listener
    finally:
        listener.close()


def post(port: int, token: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        f"http://127.0.0.1:{port}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def add(port: int, token: str, day: str, quantity: int = 1) -> None:
    result = post(
        port, token, ADD, input={"serviceId": SERVICE, "bookingDate": day, "quantity": quantity}
    )
    assert result["cartItemAdd"]["__typename"] == "CartItemAddSuccess", result


def seed(uri: str, db_name: str) -> None:
    """The demo catalog in that database (the API seeds only the embedded store itself)."""
    from motor.motor_asyncio import AsyncIOMotorClient

    async def run() -> None:
        client: Any = AsyncIOMotorClient(uri, tz_aware=True)
        try:
            await seed_demo(client[db_name])
        finally:
            client.close()

    asyncio.run(run())


@contextmanager
def wire_api(wire_uri: str, db_name: str | None = None, **overrides: Any) -> Iterator[Live]:
    """The API on the wire server, its demo catalog in place."""
    name = db_name or f"subs_{uuid.uuid4().hex[:10]}"
    seed(wire_uri, name)
    with live_server(mongodb_uri=wire_uri, mongodb_db=name, **overrides) as live:
        yield live
