"""The database away: at start-up and while serving. Requests get a prompt 503 UNAVAILABLE with
Retry-After, never a hang or a masked 200; the service becomes ready without a restart."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from graphql_api.app.factory import create_app
from tests.conftest import make_token
from tests.harness import settings_for_tests
from tests.wire import WireServer, free_port

pytestmark = pytest.mark.wire

ALICE = make_token("alice")
SERVICES = {"query": "{ services(first: 1) { edges { cursor } } }"}
CART = {"query": "{ cart { revision } }"}
CLEAR = {
    "query": "mutation { cartClear { __typename } }",
}


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"


async def wait_ready(client: httpx.AsyncClient, seconds: float) -> bool:
    for _ in range(int(seconds / 0.1)):
        if (await client.get("/readyz")).status_code == 200:
            return True
        await asyncio.sleep(0.1)
    return False


def test_the_service_starts_without_its_database_and_recovers_when_it_comes() -> None:
    port = free_port()
    settings = settings_for_tests(
        mongodb_uri=f"mongodb://127.0.0.1:{port}/?directConnection=true",
        mongodb_server_selection_timeout_ms=300,
    )
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {ALICE}"}
    server: WireServer | None = None

    async def scenario() -> dict[str, Any]:
        nonlocal server
        seen: dict[str, Any] = {}
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                seen["healthz"] = (await client.get("/healthz")).status_code
                seen["readyz"] = (await client.get("/readyz")).status_code
                assert_unavailable(await client.post("/graphql", json=SERVICES))
                assert_unavailable(await client.post("/graphql", json=CART, headers=headers))
                server = await asyncio.to_thread(WireServer, port)
                seen["ready"] = await wait_ready(client, 20)
                seen["cart"] = (await client.post("/graphql", json=CART, headers=headers)).json()
                # And away again, while serving.
                await asyncio.to_thread(server.stop)
                seen["down"] = await client.post("/graphql", json=CLEAR, headers=headers)
                seen["readyz_down"] = (await client.get("/readyz")).status_code
        return seen

    try:
        seen = asyncio.run(scenario())
    finally:
        if server is not None:
            server.stop()
    assert (seen["healthz"], seen["readyz"]) == (200, 503)
    assert seen["ready"] is True
    assert seen["cart"] == {"data": {"cart": {"revision": 0}}}
    assert_unavailable(seen["down"])
    assert seen["readyz_down"] == 503


def test_migrate_says_in_one_line_that_the_database_is_away(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphql_api.__main__ import main

    monkeypatch.setenv("MONGODB_URI", f"mongodb://127.0.0.1:{free_port()}/?directConnection=true")
    monkeypatch.setenv("MONGODB_SERVER_SELECTION_TIMEOUT_MS", "200")
    assert main(["migrate"]) == 1
    err = capsys.readouterr().err
    assert (
        err.strip() == "graphql-api: the database cannot be reached (ServerSelectionTimeoutError)"
    )


def test_while_the_database_is_away_requests_are_refused_at_once() -> None:
    """Once the database is known away, every request is 503 UNAVAILABLE within a shared probe's
    time (PROBE_SECONDS, 0.4 s) instead of each retrying until its 5 s operation timeout
    (MONGODB_TIMEOUT_MS: each took 5.0-5.5 s before); /readyz says so; the first request after
    the database is back, or the next within a second, succeeds."""
    port = free_port()
    server: WireServer | None = WireServer(port)
    # The requests in flight when it goes away keep retrying within MONGODB_TIMEOUT_MS (5 s by
    # default; shorter here, which changes nothing for the requests after them).
    settings = settings_for_tests(
        mongodb_uri=f"mongodb://127.0.0.1:{port}/?directConnection=true",
        mongodb_timeout_ms=1500,
    )
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {ALICE}"}

    async def timed(client: httpx.AsyncClient, path: str, **kw: Any) -> tuple[float, Any]:
        started = asyncio.get_running_loop().time()
        response = await (client.post(path, **kw) if "json" in kw else client.get(path))
        return asyncio.get_running_loop().time() - started, response

    async def scenario() -> dict[str, Any]:
        nonlocal server
        seen: dict[str, Any] = {}
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                assert await wait_ready(client, 20)
                ok = await client.post("/graphql", json=CART, headers=headers)
                assert ok.json() == {"data": {"cart": {"revision": 0}}}
                assert server is not None
                await asyncio.to_thread(server.stop)
                server = None
                seen["first"] = await timed(client, "/graphql", json=CLEAR, headers=headers)
                seen["then"] = [
                    await timed(client, "/graphql", json=body, headers=headers)
                    for body in (CART, CLEAR, SERVICES, CART, CLEAR)
                ]
                seen["readyz"] = await timed(client, "/readyz")
                server = await asyncio.to_thread(WireServer, port)
                back = asyncio.get_running_loop().time()
                # The driver looks for the server at most every 0.5 s: within a second of its
                # return, requests go through again.
                while True:
                    seen["back"] = await client.post("/graphql", json=CART, headers=headers)
                    seen["back_after"] = asyncio.get_running_loop().time() - back
                    if seen["back"].status_code != 503:
                        break
                    assert seen["back_after"] < 1.0
        return seen

    try:
        seen = asyncio.run(scenario())
    finally:
        if server is not None:
            server.stop()
    assert_unavailable(seen["first"][1])
    for seconds, response in seen["then"]:
        assert_unavailable(response)
        assert seconds < 1.0, seconds  # ample margin over the 0.4 s probe; it was 5 s each
    readyz_seconds, readyz = seen["readyz"]
    assert readyz.status_code == 503
    assert readyz_seconds < 1.0
    assert seen["back"].status_code == 200, seen["back"].text
    assert seen["back"].json() == {"data": {"cart": {"revision": 0}}}
    print(
        "first refusal", round(seen["first"][0], 2), "then", [round(s, 2) for s, _ in seen["then"]]
    )
