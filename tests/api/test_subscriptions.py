"""Subscriptions over graphql-transport-ws and GraphQL over SSE, with the real npm clients: the
first event, change events from this process and others, coalescing, auth, the per-traveler cap."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import websockets
from prometheus_client import REGISTRY
from websockets.typing import Subprotocol

from graphql_api.app.settings import Settings
from tests.api.test_trusted_documents import CLIENT_MANIFEST
from tests.cart_ops import day
from tests.conftest import make_token
from tests.live import live_server
from tests.subscriptions import (
    CART_CHANGED,
    PLANS_CHANGED,
    SERVICE,
    Listener,
    add,
    listening,
    post,
    wire_api,
)

ALICE = make_token("alice")
BOB = make_token("bob")
ADD_LINE = (
    "mutation ($input: CartItemAddInput!) { cartItemAdd(input: $input) "
    "{ __typename ... on CartItemAddSuccess { cartItem { id } } } }"
)
UPDATE_LINE = (
    "mutation ($input: CartItemUpdateInput!) { cartItemUpdate(input: $input) { __typename } }"
)


@pytest.mark.parametrize("mode", ["ws", "sse"])
def test_the_cart_comes_at_once_then_after_each_change(mode: str) -> None:
    with live_server() as live, listening(mode, live.port, ALICE, CART_CHANGED) as alice:
        assert alice.data()["cartChanged"] == {"revision": 0, "itemCount": 0, "totalQuantity": 0}
        with listening(mode, live.port, BOB, CART_CHANGED) as bob:
            bob.data()
            add(live.port, ALICE, day(1), 2)
            assert alice.data()["cartChanged"]["totalQuantity"] == 2
            add(live.port, ALICE, day(2), 1)
            assert alice.data()["cartChanged"] == {
                "revision": 2,
                "itemCount": 2,
                "totalQuantity": 3,
            }
            assert bob.quiet_for(0.5) == []  # another traveler hears nothing


@pytest.mark.parametrize("mode", ["ws", "sse"])
def test_a_bad_token_is_refused(mode: str) -> None:
    with live_server() as live, listening(mode, live.port, "not-a-token", CART_CHANGED) as client:
        line = client.next()
        if mode == "ws":
            assert line.get("closed") == 4403, line
        else:
            assert "error" in line, line
            assert "401" in str(line["error"]) or "UNAUTHENTICATED" in str(line["error"]), line


def test_a_traveler_holds_at_most_the_configured_subscriptions() -> None:
    with (
        live_server(subscriptions_per_traveler=2) as live,
        listening("ws", live.port, ALICE, CART_CHANGED) as one,
        listening("ws", live.port, ALICE, CART_CHANGED) as two,
    ):
        one.data()
        two.data()
        with listening("ws", live.port, ALICE, CART_CHANGED) as three:
            line = three.next()
            # An error message or an errors-only result, as the protocol carries it.
            assert "LIMIT_EXCEEDED" in str(line.get("error") or line["next"]["errors"]), line
        with listening("ws", live.port, BOB, CART_CHANGED) as bob:
            assert bob.data()["cartChanged"]["revision"] == 0


PLAN = (
    "mutation ($input: JourneyPlanCreateInput!) { journeyPlanCreate(input: $input) "
    "{ ... on JourneyPlanCreateSuccess { journeyPlan { id } } } }"
)
DELETE = (
    "mutation ($input: JourneyPlanDeleteInput!) { journeyPlanDelete(input: $input) { __typename } }"
)


def test_plan_changes_since_a_time_then_live() -> None:
    with live_server() as live:
        since = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        first = post(live.port, ALICE, PLAN, input={"country": "Italy", "title": "one"})
        first_id = first["journeyPlanCreate"]["journeyPlan"]["id"]
        with listening("ws", live.port, ALICE, PLANS_CHANGED, since=since) as plans:
            replayed = plans.data()["journeyPlansChanged"]
            assert replayed["plan"]["id"] == first_id
            second = post(live.port, ALICE, PLAN, input={"country": "Spain", "title": "two"})
            second_id = second["journeyPlanCreate"]["journeyPlan"]["id"]
            assert plans.data()["journeyPlansChanged"]["plan"]["id"] == second_id
            post(live.port, ALICE, DELETE, input={"id": first_id})
            deleted = plans.data()["journeyPlansChanged"]
            assert (deleted["plan"], deleted["deletedId"]) == (None, first_id)
            assert plans.quiet_for(0.3) == []


@pytest.mark.wire
# Both transports in `scripts/test --wire` (and CI); the default tier samples the WebSocket.
@pytest.mark.parametrize(
    "mode", ["ws", "sse"] if os.environ.get("TEST_STORE") == "wire" else ["ws"]
)
def test_a_change_through_one_process_reaches_a_subscriber_on_another(
    wire_uri: str, mode: str
) -> None:
    name = f"subs_two_{mode}"
    with (
        wire_api(wire_uri, db_name=name) as one,
        wire_api(wire_uri, db_name=name) as other,
        listening(mode, other.port, ALICE, CART_CHANGED) as alice,
    ):
        assert alice.data(timeout=15)["cartChanged"]["revision"] == 0
        started = time.monotonic()
        add(one.port, ALICE, day(1), 3)
        assert alice.data(timeout=5)["cartChanged"]["totalQuantity"] == 3
        # The promise: within a second (a change stream event, one cart read).
        assert time.monotonic() - started < 1.0
        add(other.port, ALICE, day(2), 1)  # and from its own process
        assert alice.data(timeout=5)["cartChanged"]["totalQuantity"] == 4


def test_a_websocket_that_never_initialises_is_closed_4408() -> None:
    with live_server(subscription_init_seconds=0.5) as live:

        async def wait_for_close() -> int | None:
            async with websockets.connect(
                f"ws://127.0.0.1:{live.port}/graphql",
                subprotocols=[Subprotocol("graphql-transport-ws")],
            ) as socket:
                with contextlib.suppress(websockets.ConnectionClosed):
                    await asyncio.wait_for(socket.recv(), 5)
                return socket.close_code

        assert asyncio.run(wait_for_close()) == 4408


def test_the_legacy_graphql_ws_subprotocol_is_not_offered() -> None:
    with live_server() as live:

        async def negotiate() -> tuple[str | None, int | None]:
            async with websockets.connect(
                f"ws://127.0.0.1:{live.port}/graphql", subprotocols=[Subprotocol("graphql-ws")]
            ) as socket:
                with contextlib.suppress(websockets.ConnectionClosed):
                    await asyncio.wait_for(socket.recv(), 5)
                return socket.subprotocol, socket.close_code

        assert asyncio.run(negotiate()) == (None, 4406)


def test_a_websocket_closes_4403_when_its_token_expires() -> None:
    short = make_token("alice", ttl=2)
    with (
        live_server(jwt_leeway_seconds=0) as live,
        listening("ws", live.port, short, CART_CHANGED) as alice,
    ):
        alice.data()
        line = alice.next(timeout=8)
        assert line.get("closed") == 4403, line


def test_an_sse_subscription_ends_when_its_token_expires() -> None:
    short = make_token("alice", ttl=2)
    with (
        live_server(jwt_leeway_seconds=0) as live,
        listening("sse", live.port, short, CART_CHANGED) as alice,
    ):
        alice.data()
        line = alice.next(timeout=8)
        assert "UNAUTHENTICATED" in str(line), line


def test_a_websocket_runs_subscriptions_only() -> None:
    # Queries and mutations go over HTTP, through the edge's limits and deadline.
    with (
        live_server() as live,
        listening("ws", live.port, ALICE, "query Me { me { id } }") as client,
    ):
        line = client.next()  # the protocol's `error` message: refused before it ran
        assert line["error"][0]["extensions"]["code"] == "BAD_REQUEST", line


def test_with_trusted_documents_a_websocket_runs_only_theirs() -> None:
    manifest = json.loads(CLIENT_MANIFEST.read_text())
    kit_cart = next(text for text in manifest.values() if "subscription CartChanged" in text)
    with live_server(graphql_trusted_documents=CLIENT_MANIFEST) as live:
        with listening("ws", live.port, ALICE, kit_cart) as trusted:
            assert trusted.data()["cartChanged"]["revision"] == 0
        with listening("ws", live.port, ALICE, CART_CHANGED) as other:
            line = other.next()
            assert line["error"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED", line


def test_a_websocket_message_beyond_the_document_limit_closes_the_socket() -> None:
    with live_server() as live:

        async def send_oversized() -> int | None:
            async with websockets.connect(
                f"ws://127.0.0.1:{live.port}/graphql",
                subprotocols=[Subprotocol("graphql-transport-ws")],
            ) as socket:
                init = {"Authorization": f"Bearer {ALICE}"}
                await socket.send(json.dumps({"type": "connection_init", "payload": init}))
                assert json.loads(await socket.recv())["type"] == "connection_ack"
                padding = " " * (Settings().graphql_max_query_bytes + 20 * 1024)
                query = f"subscription {{ cartChanged {{ revision }} }}{padding}"
                await socket.send(
                    json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}})
                )
                with contextlib.suppress(websockets.ConnectionClosed):
                    await asyncio.wait_for(socket.recv(), 5)
                return socket.close_code

        assert asyncio.run(send_oversized()) == 1009  # "message too big", before it is parsed


@pytest.mark.wire
def test_a_slow_consumer_gets_the_latest_cart_not_a_queue(wire_uri: str) -> None:
    # Big events (about 250 KB: 40 lines with long requests, twelve times over) so that a client
    # that stops reading fills the socket's buffers within a few changes: from then on the server
    # holds one pending signal, not the events, and the client gets the cart as it is when it
    # reads again. (With permessage-deflate these repeated events shrank to a few hundred bytes
    # and all 60 arrived: the server does not offer it.)
    with wire_api(wire_uri) as live:
        ids = []
        for offset in range(40):
            result = post(
                live.port,
                ALICE,
                ADD_LINE,
                input={
                    "serviceId": SERVICE,
                    "bookingDate": day(offset + 1),
                    "specialRequests": "x" * 500,
                },
            )
            ids.append(result["cartItemAdd"]["cartItem"]["id"])
        # Each event about 250 KB: every line's requests twelve times over (aliases).
        copies = " ".join(f"r{n}: specialRequests" for n in range(12))
        query = f"subscription {{ cartChanged {{ revision items {{ id {copies} }} }} }}"
        with listening("ws", live.port, ALICE, query, "--stall") as slow:
            first = slow.data()["cartChanged"]["revision"]
            assert slow.next() == {"stalled": True}
            changes = 60
            for n in range(changes):
                post(live.port, ALICE, UPDATE_LINE, input={"id": ids[0], "quantity": 2 + n % 2})
            final = first + changes
            slow.resume()
            revisions: list[int] = []
            while not revisions or revisions[-1] != final:
                line = slow.next(timeout=10)
                assert "next" in line, line
                revisions.append(line["next"]["data"]["cartChanged"]["revision"])
    assert revisions == sorted(revisions)
    # Coalesced: most revisions were skipped; what was buffered before the stall arrives, then
    # the latest.
    assert len(revisions) < changes / 2, revisions


@pytest.mark.parametrize("accept", ["application/json", "application/json, multipart/mixed"])
def test_a_subscription_sent_as_an_ordinary_post_is_a_bad_request(accept: str) -> None:
    # Not a stream: it cannot be answered as one (it was a 500, "Cannot return null").
    with live_server() as live:
        response = httpx.post(
            f"http://127.0.0.1:{live.port}/graphql",
            json={"query": CART_CHANGED},
            headers={"Authorization": f"Bearer {ALICE}", "Accept": accept},
        )
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "text/event-stream" in error["message"]


def commands(name: str) -> float:
    """Commands of that name this process sent and saw succeed (the metric is per process)."""
    labels = {"command": name, "outcome": "ok"}
    return REGISTRY.get_sample_value("mongodb_commands_total", labels) or 0


@pytest.mark.wire
def test_subscribers_share_one_change_stream_per_collection(wire_uri: str) -> None:
    # Each open change stream holds a pooled connection: one per collection, not per subscriber.
    start = commands("aggregate")
    with wire_api(wire_uri) as live:
        first = Listener("ws", live.port, ALICE, CART_CHANGED)
        listeners = [first]
        try:
            first.data(timeout=15)
            opened = commands("aggregate") - start
            assert opened == 3  # carts, journey_plans, journey_plan_tombstones
            for n in range(6):
                listener = Listener("ws", live.port, make_token(f"sharer-{n}"), CART_CHANGED)
                listeners.append(listener)
                listener.data(timeout=15)
            add(live.port, ALICE, day(1), 2)
            assert first.data(timeout=5)["cartChanged"]["totalQuantity"] == 2
            assert commands("aggregate") - start == opened
        finally:
            for listener in listeners:
                listener.close()


def test_open_subscriptions_count_in_the_connection_limit() -> None:
    with live_server(http_max_connections=2) as live:
        url = f"http://127.0.0.1:{live.port}/graphql"
        body = {"query": "query Me { me { id } }"}
        headers = {"Authorization": f"Bearer {ALICE}"}
        with (
            listening("ws", live.port, ALICE, CART_CHANGED) as one,
            listening("ws", live.port, BOB, CART_CHANGED) as two,
        ):
            one.data()
            two.data()
            assert httpx.post(url, json=body, headers=headers).status_code == 503
        for _ in range(50):  # the sockets close as the listeners exit
            if httpx.post(url, json=body, headers=headers).status_code == 200:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the connection limit did not free up")


def test_document_limits_apply_to_subscriptions() -> None:
    deep = "subscription { cartChanged { items { service { id } } } }"
    many = "subscription { cartChanged { " + " ".join(f"a{n}: revision" for n in range(60)) + " } }"
    with live_server(graphql_max_tokens=150, graphql_max_depth=2) as live:
        for query, limit in ((deep, "depth"), (many, "tokens")):
            with listening("ws", live.port, ALICE, query) as client:
                line = client.next()
                assert "error" in line, line
                assert line["error"][0]["extensions"]["limit"] == limit, line
