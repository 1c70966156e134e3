"""Subscriptions through faults, on the wire server: a change stream's getMore failing with a
resumable error, history lost (code 286), and the database killed and restarted. Nothing is
missed and nothing invented: changes keep arriving, and after a gap the current state."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from tests.cart_ops import day
from tests.conftest import make_token
from tests.live import live_server
from tests.subscriptions import CART_CHANGED, add, listening, seed, wire_api
from tests.wire import WireServer, free_port

pytestmark = pytest.mark.wire

ALICE = make_token("alice")


@contextmanager
def failing_get_more(uri: str, **data: Any) -> Iterator[None]:
    """The API's (appName graphql-api) next getMore commands fail as `data` says."""
    admin: MongoClient[dict[str, Any]] = MongoClient(uri)
    command = {
        "configureFailPoint": "failCommand",
        "mode": {"times": 1},
        "data": {"failCommands": ["getMore"], "appName": "graphql-api", **data},
    }
    try:
        admin.admin.command(command)
        yield
    finally:
        admin.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
        admin.close()


def failed_get_mores(port: int) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    found = re.findall(
        r'mongodb_commands_total\{command="getMore",outcome="error"\} ([0-9.e+]+)', text
    )
    return sum(float(v) for v in found)


def a_resumable_get_more_error_loses_no_change(wire_uri: str) -> None:
    with wire_api(wire_uri) as api, listening("ws", api.port, ALICE, CART_CHANGED) as alice:
        assert alice.data(timeout=15)["cartChanged"]["revision"] == 0
        before = failed_get_mores(api.port)
        # As a server labels a resumable error: the driver resumes the stream from its token.
        with failing_get_more(wire_uri, errorCode=6, errorLabels=["ResumableChangeStreamError"]):
            add(api.port, ALICE, day(1), 2)
            assert alice.data(timeout=10)["cartChanged"]["totalQuantity"] == 2
        assert failed_get_mores(api.port) > before  # the fault happened
        add(api.port, ALICE, day(2), 1)
        assert alice.data(timeout=10)["cartChanged"]["totalQuantity"] == 3


def lost_history_reopens_the_stream_and_pushes_the_current_state(wire_uri: str) -> None:
    with wire_api(wire_uri) as api, listening("ws", api.port, ALICE, CART_CHANGED) as alice:
        assert alice.data(timeout=15)["cartChanged"]["revision"] == 0
        add(api.port, ALICE, day(1), 2)
        assert alice.data(timeout=10)["cartChanged"]["revision"] == 1
        with failing_get_more(wire_uri, errorCode=286):
            # No write: the gap alone makes the subscriber read its cart again.
            assert alice.data(timeout=10)["cartChanged"] == {
                "revision": 1,
                "itemCount": 1,
                "totalQuantity": 2,
            }
        add(api.port, ALICE, day(2), 1)
        assert alice.data(timeout=10)["cartChanged"]["revision"] == 2


def a_subscription_outlives_the_database_being_killed_and_restarted(_wire_uri: str) -> None:
    """Closed or kept through an outage, never silently stale: here kept, and resumed."""
    port = free_port()
    first = WireServer(port)
    servers = [first]
    seed(first.uri, "outage")
    try:
        with (
            live_server(mongodb_uri=first.uri, mongodb_db="outage") as api,
            listening("ws", api.port, ALICE, CART_CHANGED) as alice,
        ):
            assert alice.data(timeout=15)["cartChanged"]["revision"] == 0
            add(api.port, ALICE, day(1), 2)
            assert alice.data(timeout=10)["cartChanged"]["revision"] == 1
            first.stop(keep=True)  # killed: the subscription stays open meanwhile
            assert alice.quiet_for(1.0) == []
            again = WireServer(port, storage=first.storage)  # restarted on its data
            servers.append(again)
            # The stream resumes from its token: the next change arrives, nothing before it.
            add(api.port, ALICE, day(1), 1)
            assert alice.data(timeout=20)["cartChanged"] == {
                "revision": 2,
                "itemCount": 1,
                "totalQuantity": 3,
            }
            assert alice.quiet_for(0.3) == []
    finally:
        for server in servers:
            server.stop()


SCENARIOS = {
    "resumable-get-more": a_resumable_get_more_error_loses_no_change,
    "history-lost": lost_history_reopens_the_stream_and_pushes_the_current_state,
    "killed-and-restarted": a_subscription_outlives_the_database_being_killed_and_restarted,
}
# The default tier runs two; `scripts/test --wire` (and CI) every scenario.
WHOLE = os.environ.get("TEST_STORE") == "wire"
SAMPLED = ["resumable-get-more", "history-lost"]


@pytest.mark.parametrize("scenario", list(SCENARIOS) if WHOLE else SAMPLED)
def test_subscriptions_through_a_fault(wire_uri: str, scenario: str) -> None:
    SCENARIOS[scenario](wire_uri)
