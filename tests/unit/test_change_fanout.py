"""The fan-out's rules without a server: a subscriber's pending signal stays one small value
however many writes it misses; a followed stream resumes from its token, and after lost history
or an invalidation reopens at now and tells every subscriber to read afresh."""

from __future__ import annotations

import asyncio
from typing import Any

from graphql_api.infra.changes import ChangeHub, watch_collection


def test_a_missed_burst_is_one_wake_with_every_id_once() -> None:
    async def run() -> tuple[set[str] | None, set[str] | None, int]:
        hub = ChangeHub()
        with hub.subscribe("plans", "alice") as signal, hub.subscribe("plans", "bob") as other:
            for n in range(10_000):
                hub.publish("plans", "alice", f"p{n % 3}")
            first = await signal.wait()
            hub.publish("plans", "alice", None)  # a gap: everything
            hub.publish("plans", "alice", "p9")
            second = await signal.wait()
            assert not other._woken.is_set()
            return first, second, hub.count("alice")

    first, second, count = asyncio.run(run())
    assert first == {"p0", "p1", "p2"}
    assert second is None
    assert count == 1


def test_subscribers_are_forgotten_when_they_leave() -> None:
    hub = ChangeHub()
    with hub.subscribe("cart", "alice"):
        assert hub.count("alice") == 1
    assert hub.count("alice") == 0
    assert hub._subscribers == {}


class Stream:
    def __init__(self, events: list[Any], token: str) -> None:
        self.events = events
        self.resume_token: Any = None
        self.token = token

    async def __aenter__(self) -> Stream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def try_next(self) -> dict[str, Any] | None:
        return None

    async def next(self) -> dict[str, Any]:
        if not self.events:
            await asyncio.sleep(3600)
        event = self.events.pop(0)
        if isinstance(event, BaseException):
            raise event
        self.resume_token = {"at": event.get("n")}
        found: dict[str, Any] = event
        return found


class Lost(Exception):
    pass


def test_a_followed_stream_resumes_and_reports_gaps() -> None:
    opened: list[Any] = []
    gaps: list[int] = []
    scripts: list[list[Any]] = [
        [{"n": 1, "fullDocument": {"traveler_id": "alice"}}, ConnectionError("dropped")],
        [{"n": 2, "fullDocument": {"traveler_id": "alice"}}, Lost("history lost")],
        [{"n": 3, "operationType": "invalidate"}],
        [{"n": 4, "fullDocument": {"traveler_id": "alice"}}],
    ]

    def open_stream(token: Any) -> Stream:
        opened.append(token)
        return Stream(scripts.pop(0), "t") if scripts else Stream([], "t")

    async def run() -> list[set[str] | None]:
        hub = ChangeHub()
        woken: list[set[str] | None] = []

        def on_gap() -> None:
            gaps.append(1)
            hub.everything_changed()

        with hub.subscribe("cart", "alice") as signal:
            task = asyncio.create_task(
                watch_collection(
                    open_stream,
                    "carts",
                    hub,
                    on_gap,
                    lambda error: isinstance(error, Lost),
                    retry_seconds=0,
                )
            )
            for _ in range(50):
                await asyncio.sleep(0)
                if signal._woken.is_set():
                    woken.append(await signal.wait())
            task.cancel()
        return woken

    woken = asyncio.run(run())
    # Resumed after the dropped connection from the last token; reopened at now (None) after
    # the lost history and after the invalidation, each a gap told to subscribers.
    assert opened[:4] == [None, {"at": 1}, None, None]
    assert len(gaps) == 2
    assert None in woken


def test_a_travelers_subscribers_share_one_read_per_change() -> None:
    async def run() -> tuple[list[int], list[int]]:
        hub = ChangeHub()
        reads = 0

        async def read() -> int:
            nonlocal reads
            reads += 1
            await asyncio.sleep(0)
            return reads

        with hub.subscribe("cart", "alice"), hub.subscribe("cart", "alice"):
            hub.publish("cart", "alice")
            first = await asyncio.gather(
                *(hub.shared_read("cart", "alice", read) for _ in range(5))
            )
            hub.publish("cart", "alice")
            second = await asyncio.gather(
                *(hub.shared_read("cart", "alice", read) for _ in range(5))
            )
        return list(first), list(second)

    first, second = asyncio.run(run())
    assert first == [1] * 5  # five devices woken by one change: one read
    assert second == [2] * 5  # the next change: a new read, seen by all
