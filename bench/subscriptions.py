"""Subscriptions under load: what 1,000 idle ones cost the server (memory, CPU while idle), and
how long a change takes to reach 100 subscribers of one cart (p50/p99), through the change
stream, as a second device would see it."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import Any

import httpx
import websockets
from websockets.typing import Subprotocol

from bench.common import ADD_MUTATION, WRITE_DATE, WRITE_SERVICE

PROTOCOL = [Subprotocol("graphql-transport-ws")]
SUBSCRIBE = "subscription BenchCart { cartChanged { revision totalQuantity } }"


async def _open(port: int, token: str) -> Any:
    socket = await websockets.connect(
        f"ws://127.0.0.1:{port}/graphql", subprotocols=PROTOCOL, open_timeout=30
    )
    await socket.send(
        json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    )
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    first = json.loads(await socket.recv())
    assert first["type"] == "next", first
    return socket


async def _next_revision(socket: Any) -> int:
    while True:
        message = json.loads(await socket.recv())
        if message["type"] == "next":
            return int(message["payload"]["data"]["cartChanged"]["revision"])


def run(
    port: int, stats: Any, token: Any, idle: int = 1000, fanout: int = 100, changes: int = 30
) -> dict[str, Any]:
    async def measure() -> dict[str, Any]:
        results: dict[str, Any] = {}
        before = stats()
        sockets = []
        for start in range(0, idle, 50):
            batch = [_open(port, token(f"idle-{n}")) for n in range(start, min(idle, start + 50))]
            sockets += await asyncio.gather(*batch)
        opened = stats()
        await asyncio.sleep(10)
        quiet = stats()
        results["idle"] = {
            "subscriptions": len(sockets),
            "rss_mb_per_1000": (opened["rss"] - before["rss"]) / 2**20 * 1000 / len(sockets),
            "cpu_ms_per_second_idle": (quiet["cpu"] - opened["cpu"]) * 1000 / 10,
        }
        await asyncio.gather(*(s.close() for s in sockets))

        who = token("fanout-cart")
        listeners = [await _open(port, who) for _ in range(fanout)]
        latencies: list[float] = []
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for n in range(changes):
                waiting = [asyncio.ensure_future(_next_revision(s)) for s in listeners]
                began = time.perf_counter()
                body = {
                    "query": ADD_MUTATION,
                    "variables": {"input": {"serviceId": WRITE_SERVICE, "bookingDate": WRITE_DATE}},
                }
                response = await client.post(
                    "/graphql", json=body, headers={"Authorization": f"Bearer {who}"}
                )
                assert response.status_code == 200, response.text
                for done in asyncio.as_completed(waiting):
                    revision = await done
                    latencies.append(time.perf_counter() - began)
                    assert revision == n + 1, (revision, n)
        await asyncio.gather(*(s.close() for s in listeners))
        latencies.sort()
        results["fanout"] = {
            "subscribers": fanout,
            "changes": changes,
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        }
        return results

    return asyncio.run(measure())
