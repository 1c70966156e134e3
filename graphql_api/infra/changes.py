"""Who must hear of a write: one hub per process, fed by the database's change streams (a server)
or by the writes themselves (the embedded store, which has no change streams).

A change names a topic (`cart`, `plans`), a traveler and, for plans, the plan's id. Subscribers
are found by traveler in memory. Each subscriber holds at most one pending signal, the set of ids
changed since it last looked (or "everything" after a gap), so a slow consumer costs a few bytes
however many writes it misses: it reads the state fresh when it wakes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

# Which topic a collection's writes belong to, and which field names the plan a change concerns.
TOPICS = {"carts": "cart", "journey_plans": "plans", "journey_plan_tombstones": "plans"}
PLAN_ID_FIELD = {"carts": None, "journey_plans": "_id", "journey_plan_tombstones": "plan_id"}


class Signal:
    """One subscriber's pending changes: ids changed (None: the whole state may have)."""

    def __init__(self) -> None:
        self._ids: set[str] | None = set()
        self._woken = asyncio.Event()

    def mark(self, changed: str | None) -> None:
        if changed is None:
            self._ids = None
        elif self._ids is not None:
            self._ids.add(changed)
        self._woken.set()

    async def wait(self) -> set[str] | None:
        """The ids changed since the last wait, once there is at least one; None after a gap
        (history lost, a stream reopened): everything must be read again."""
        await self._woken.wait()
        self._woken.clear()
        ids, self._ids = self._ids, set()
        return ids


class ChangeHub:
    def __init__(self) -> None:
        self._subscribers: dict[tuple[str, str], set[Signal]] = {}
        # Per (topic, traveler): how many changes were heard, and the read under way for the
        # latest of them, which every subscriber woken by it shares.
        self._generations: dict[tuple[str, str], int] = {}
        self._reads: dict[tuple[str, str], tuple[int, asyncio.Future[Any]]] = {}

    async def shared_read(
        self, topic: str, traveler_id: str, read: Callable[[], Awaitable[T]]
    ) -> T:
        """`read()`, or the result of the same read another subscriber of this traveler started
        after the latest change heard: one database read per change, however many devices
        listen (a read begun after a change sees at least that change)."""
        key = (topic, traveler_id)
        generation = self._generations.get(key, 0)
        found = self._reads.get(key)
        if found is None or found[0] != generation:
            future: asyncio.Future[Any] = asyncio.ensure_future(read())
            found = (generation, future)
            self._reads[key] = found
        result: T = await asyncio.shield(found[1])
        return result

    @contextmanager
    def subscribe(self, topic: str, traveler_id: str) -> Iterator[Signal]:
        signal = Signal()
        key = (topic, traveler_id)
        self._subscribers.setdefault(key, set()).add(signal)
        try:
            yield signal
        finally:
            subscribers = self._subscribers.get(key)
            if subscribers is not None:
                subscribers.discard(signal)
                if not subscribers:
                    del self._subscribers[key]
                    self._generations.pop(key, None)
                    self._reads.pop(key, None)

    def count(self, traveler_id: str) -> int:
        return sum(len(s) for (_, t), s in self._subscribers.items() if t == traveler_id)

    def publish(self, topic: str, traveler_id: str, changed: str | None = None) -> None:
        key = (topic, traveler_id)
        subscribers = self._subscribers.get(key)
        if not subscribers:
            return
        self._generations[key] = self._generations.get(key, 0) + 1
        for signal in subscribers:
            signal.mark(changed)

    def everything_changed(self) -> None:
        """After a gap in what the process heard: every subscriber reads its state again."""
        for key, subscribers in self._subscribers.items():
            self._generations[key] = self._generations.get(key, 0) + 1
            for signal in subscribers:
                signal.mark(None)

    def publish_write(self, collection: str, traveler_id: Any, ids: list[Any]) -> None:
        """A write to `collection` for `traveler_id`, touching documents with these ids (or
        these plans, for tombstones)."""
        topic = TOPICS.get(collection)
        if topic is None or not isinstance(traveler_id, str):
            return
        if PLAN_ID_FIELD[collection] is None:
            self.publish(topic, traveler_id)
        else:
            for changed in ids or [None]:
                self.publish(topic, traveler_id, None if changed is None else str(changed))


def event_route(collection: str, event: dict[str, Any]) -> tuple[str, str | None] | None:
    """(traveler, plan id) a change-stream event concerns, from its projected document."""
    document = event.get("fullDocument") or {}
    traveler_id = document.get("traveler_id")
    if not isinstance(traveler_id, str):
        return None
    field = PLAN_ID_FIELD[collection]
    changed = None if field is None else document.get(field)
    return traveler_id, None if changed is None else str(changed)


async def watch_collection(
    open_stream: Callable[[dict[str, Any] | None], Any],
    collection: str,
    hub: ChangeHub,
    on_gap: Callable[[], None],
    history_lost: Callable[[BaseException], bool],
    retry_seconds: float = 0.5,
) -> None:
    """Follow one collection's change stream for ever: resume after a dropped stream with its
    resume token; when history is lost (or the stream is invalidated), reopen at now and tell
    every subscriber to read afresh. Never a silent gap."""
    token: dict[str, Any] | None = None
    gap = False

    def route(event: dict[str, Any]) -> bool:
        """Tell the hub; False for an invalidation (the stream is over)."""
        if event.get("operationType") == "invalidate":
            return False
        found = event_route(collection, event)
        if found is not None:
            hub.publish(TOPICS[collection], *found)
        return True

    while True:
        try:
            async with open_stream(token) as stream:
                # Established before subscribers are told to read afresh, so that whatever is
                # written after their read comes through this stream.
                first = await stream.try_next()
                if gap:
                    gap = False
                    on_gap()
                alive = True
                if first is not None:
                    token = stream.resume_token
                    alive = route(first)
                while alive:
                    event = await stream.next()
                    token = stream.resume_token
                    alive = route(event)
                token, gap = None, True  # invalidated: reopen at now
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a stream must outlive any one failure
            if history_lost(error):
                log.warning("change stream on %s lost its history; reading afresh", collection)
                token, gap = None, True
            else:
                # Once per failure, by its kind: during an outage this repeats every retry.
                log.warning(
                    "change stream on %s failed (%s); resuming", collection, type(error).__name__
                )
                # What was written while the stream was down arrives when it resumes.
            await asyncio.sleep(retry_seconds)


class BroadcastingDatabase:
    """The embedded store as the API sees it, with each write to a watched collection told to
    the hub once it is done: what a change stream gives on a server."""

    def __init__(self, db: Any, hub: ChangeHub) -> None:
        self._db = db
        self._hub = hub

    def __getitem__(self, name: str) -> Any:
        collection = self._db[name]
        return _Broadcasting(collection, name, self._hub) if name in TOPICS else collection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


_WRITES = frozenset(
    {"update_one", "update_many", "find_one_and_update", "find_one_and_replace", "replace_one"}
    | {"delete_one", "delete_many", "find_one_and_delete"}
)


class _Broadcasting:
    def __init__(self, collection: Any, name: str, hub: ChangeHub) -> None:
        self._collection = collection
        self._name = name
        self._hub = hub

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._collection, name)
        if name not in _WRITES:
            return found

        async def write(query: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            result = await found(query, *args, **kwargs)
            field = PLAN_ID_FIELD[self._name]
            ids = [query[field]] if field is not None and field in query else []
            self._hub.publish_write(self._name, query.get("traveler_id"), ids)
            return result

        return write

    async def insert_one(self, document: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        result = await self._collection.insert_one(document, *args, **kwargs)
        field = PLAN_ID_FIELD[self._name]
        ids = [document.get(field, result.inserted_id)] if field is not None else []
        self._hub.publish_write(self._name, document.get("traveler_id"), ids)
        return result
