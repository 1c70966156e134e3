"""A request leaves no reference cycles behind: everything it built is freed when it ends.

A cycle keeps a request's whole object graph (context, loaders, documents, the result) alive
until the garbage collector runs, and with many requests in flight those collections are long
pauses that stall all of them (the p99 of `scripts/bench`)."""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from starlette.types import Message

from tests.cart_ops import ACTIVE, ADD, CART, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import create_plan

ALICE = make_token("alice")
PLANS = "{ journeyPlans(first: 20) { edges { node { id title totalCost { amount } } } } }"


def _without_driver_monitors(garbage: list[Any]) -> list[Any]:
    """The garbage less the cycles of the MongoDB driver's monitor threads, which clients that
    other tests closed leave behind on the threads' own schedule."""
    inside = {id(o) for o in garbage}
    theirs: set[int] = set()
    pending = [o for o in garbage if type(o).__module__.startswith("pymongo.")]
    while pending:
        item = pending.pop()
        if id(item) in theirs:
            continue
        theirs.add(id(item))
        pending.extend(r for r in gc.get_referents(item) if id(r) in inside)
    return [o for o in garbage if id(o) not in theirs]


@contextmanager
def cyclic_garbage() -> Iterator[Counter[str]]:
    """The types of the objects that only the cycle collector could free, made inside."""
    found: Counter[str] = Counter()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.update(type(o).__qualname__ for o in _without_driver_monitors(gc.garbage))
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def post(
    api: Harness, query: str, variables: dict[str, Any] | None = None, *, errors: bool = False
) -> dict[str, Any]:
    """A POST straight to the ASGI app (an HTTP client would leave cycles of its own)."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"authorization", f"Bearer {ALICE}".encode()),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    messages: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop() if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    api.run(api.app(scope, receive, send))
    assert sent[0]["status"] == 200, sent
    answer: dict[str, Any] = json.loads(sent[1]["body"])
    assert ("errors" in answer) is errors, answer
    return answer


def test_reads_and_writes_leave_no_cycles(api: Harness) -> None:
    create_plan(api, ALICE)
    add = {"input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day()}}
    requests: list[Callable[[], object]] = [
        lambda: post(api, CART),
        lambda: post(api, PLANS),
        lambda: post(api, ADD, add),
    ]
    for request in requests:
        request()  # warm: first-use caches are not per-request garbage
    with cyclic_garbage() as garbage:
        for _ in range(5):
            for request in requests:
                request()
    assert sum(garbage.values()) == 0, garbage.most_common(10)


def test_requests_answered_with_errors_leave_no_cycles(api: Harness) -> None:
    """A raised error's traceback holds the frames that raised it, and they hold the error."""
    bad_add = {"input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day(), "quantity": 0}}
    requests: list[Callable[[], object]] = [
        lambda: post(api, ADD, bad_add),  # a typed error: data, not an exception
        lambda: post(api, "{ journeyPlans(first: 0) { edges { cursor } } }", errors=True),
        lambda: post(api, "{ nope }", errors=True),
    ]
    for request in requests:
        request()
    with cyclic_garbage() as garbage:
        for _ in range(5):
            for request in requests:
                request()
    assert sum(garbage.values()) == 0, garbage.most_common(10)
