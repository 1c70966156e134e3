"""Subscriptions across API processes, as operators run them on one wire server: two `serve`
processes, and one with WEB_CONCURRENCY=2 (two workers sharing a port). Each process follows
the change stream itself, so a change made through any of them reaches every subscriber."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from tests.cart_ops import day
from tests.conftest import make_token
from tests.live import serve_process
from tests.subscriptions import CART_CHANGED, Listener, add, seed

pytestmark = pytest.mark.wire

ALICE = make_token("alice")
# The promise: another device sees the change within a second.
WITHIN_SECONDS = 1.0


def test_a_change_through_one_serve_process_reaches_a_subscriber_of_another(
    wire_uri: str,
) -> None:
    name = f"procs_{uuid.uuid4().hex[:8]}"
    seed(wire_uri, name)
    with serve_process(wire_uri, name) as one, serve_process(wire_uri, name) as other:
        listener = Listener("ws", other, ALICE, CART_CHANGED)
        try:
            assert listener.data(timeout=15)["cartChanged"]["revision"] == 0
            began = time.monotonic()
            add(one, ALICE, day(1), 3)
            assert listener.data(timeout=5)["cartChanged"]["totalQuantity"] == 3
            assert time.monotonic() - began < WITHIN_SECONDS
        finally:
            listener.close()


def test_with_two_workers_every_subscriber_hears_every_change(
    wire_uri: str, tmp_path: Path
) -> None:
    # Which worker takes a connection is the kernel's choice. Each write is a new connection,
    # and each says in the log which worker served it: once writes came through both workers
    # and every subscriber heard every write, each subscriber heard one made in the other.
    name = f"workers_{uuid.uuid4().hex[:8]}"
    seed(wire_uri, name)
    log_path = tmp_path / "api.log"
    with (
        log_path.open("wb") as log,
        serve_process(
            wire_uri, name, stderr=log, WEB_CONCURRENCY="2", LOG_FORMAT="json", LOG_LEVEL="INFO"
        ) as port,
    ):
        listeners = [Listener("ws", port, ALICE, CART_CHANGED) for _ in range(4)]
        try:
            for listener in listeners:
                assert listener.data(timeout=15)["cartChanged"]["revision"] == 0
            workers: set[int] = set()
            slowest = 0.0
            for n in range(1, 21):
                began = time.monotonic()
                add(port, ALICE, day(n), 1)
                for listener in listeners:
                    assert listener.data(timeout=5)["cartChanged"]["totalQuantity"] == n
                slowest = max(slowest, time.monotonic() - began)
                workers = writers(log_path)
                if n >= 4 and len(workers) >= 2:
                    break
        finally:
            for listener in listeners:
                listener.close()
    assert len(workers) == 2, "every write went through one worker: nothing was shown"
    assert slowest < WITHIN_SECONDS, slowest


def writers(log_path: Path) -> set[int]:
    """The workers (pids) that served a cart write, from the API's JSON log."""
    found = set()
    for line in log_path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("logger") == "graphql_api.access" and entry.get("method") == "POST":
            found.add(int(entry["pid"]))
    return found
