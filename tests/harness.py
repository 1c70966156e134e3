"""A synchronous driver for the API: its own event loop, a fresh store, the app, an HTTP client.

Hypothesis examples and state machines are synchronous and need a fresh database each time, so
every test goes through this one driver. Which store it opens is chosen per test (see conftest):
the embedded store, or a wire server (each harness then uses, and drops, its own database).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import httpx
from pymongo import monitoring
from starlette.types import ASGIApp, Receive, Scope, Send

from graphql_api.app.factory import create_app
from graphql_api.app.settings import Settings
from graphql_api.domains.catalog.seed import seed_demo
from graphql_api.infra.migrations import migrate
from graphql_api.infra.mongo import (
    Database,
    Mongo,
    client_options,
    command_listeners,
    embedded_mongo,
)
from tests.wire import FaultInjector

T = TypeVar("T")

TEST_SECRET = "test-secret-that-is-long-enough-0123456789abcdef"

# Driver methods and the server command each one sends.
_COMMANDS = {
    "find": "find",
    "find_one": "find",
    "insert_one": "insert",
    "insert_many": "insert",
    "update_one": "update",
    "update_many": "update",
    "replace_one": "update",
    "delete_one": "delete",
    "delete_many": "delete",
    "find_one_and_update": "findAndModify",
    "find_one_and_delete": "findAndModify",
    "find_one_and_replace": "findAndModify",
    "aggregate": "aggregate",
    "count_documents": "aggregate",
    "bulk_write": "bulkWrite",
    "distinct": "distinct",
}


@dataclass
class StoreChoice:
    """The store harnesses open now: None for the embedded store, else a server's URI."""

    uri: str | None = None


STORE = StoreChoice()


class CommandCounter(monitoring.CommandListener):
    """Counts commands sent to MongoDB, by name, while `active`."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.active = False

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.active and event.command_name in set(_COMMANDS.values()):
            self.counts[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def record(self, method: str) -> None:
        if self.active:
            self.counts[_COMMANDS[method]] += 1

    @contextmanager
    def measure(self) -> Iterator[Counter[str]]:
        self.counts.clear()
        self.active = True
        try:
            yield self.counts
        finally:
            self.active = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _CountingCollection:
    """Embedded-store stand-in for command monitoring: counts driver calls."""

    def __init__(self, inner: Any, counter: CommandCounter) -> None:
        self._inner = inner
        self._counter = counter

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in _COMMANDS:
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self._counter.record(name)
            return attr(*args, **kwargs)

        return counted


class _CountingDatabase:
    def __init__(self, inner: Any, counter: CommandCounter) -> None:
        self._inner = inner
        self._counter = counter

    def __getitem__(self, name: str) -> _CountingCollection:
        return _CountingCollection(self._inner[name], self._counter)

    def get_collection(self, name: str) -> _CountingCollection:
        return self[name]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class InFlight:
    """Counts HTTP requests the app is serving at once; `most` is the peak since reset."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.now = 0
        self.most = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            self.now -= 1


def settings_for_tests(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "app_env": "development",
        "jwt_secret": TEST_SECRET,
        "jwt_algorithms": "HS256",
        "mongodb_uri": STORE.uri,
        # Tests drive hundreds of changes a second as one traveler; rate tests turn it on.
        "rate_limit_per_second": 0,
    }
    values.update(overrides)
    return Settings(**values)


class Harness:
    """One fresh, migrated, seeded store with the app in front of it."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or settings_for_tests()
        self.runner = asyncio.Runner()
        self.counter = CommandCounter()
        self.uri = STORE.uri
        self.app_name = f"test-{uuid.uuid4().hex[:12]}"
        self.faults = FaultInjector(self.uri, self.app_name) if self.uri else None
        self.mongo = self.run(self._open_store())
        self.app = create_app(self.settings, mongo=self.mongo)
        self.in_flight = InFlight(self.app)
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.in_flight), base_url="http://testserver"
        )

    async def _open_store(self) -> Mongo:
        if self.uri:
            from motor.motor_asyncio import AsyncIOMotorClient

            listeners: list[monitoring.CommandListener] = [self.counter, *command_listeners()]
            if self.faults is not None:
                listeners.append(self.faults)
            client: Any = AsyncIOMotorClient(
                self.uri,
                event_listeners=listeners,
                appname=self.app_name,
                **client_options(self.settings),
            )
            mongo = Mongo(client=client, db=client[f"test_{uuid.uuid4().hex}"], embedded=False)
        else:
            raw = embedded_mongo(f"test_{uuid.uuid4().hex}")
            mongo = Mongo(
                client=raw.client,
                db=cast(Database, _CountingDatabase(raw.db, self.counter)),
                embedded=True,
            )
        await migrate(mongo)
        await seed_demo(mongo.db)
        return mongo

    def run(self, awaitable: Awaitable[T]) -> T:
        async def wait() -> T:
            return await awaitable

        return self.runner.run(wait())

    def close(self) -> None:
        async def shutdown() -> None:
            await self.http.aclose()
            if not self.mongo.embedded:
                await self.mongo.client.drop_database(self.mongo.db.name)
            self.mongo.close()

        try:
            self.run(shutdown())
        finally:
            self.runner.close()
            if self.faults is not None:
                self.faults.close()

    def __enter__(self) -> Harness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # HTTP

    def post(
        self, body: Any, token: str | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        # ASCII JSON, as browsers send it: a lone surrogate travels as its `\\ud800` escape.
        content = json.dumps(body).encode()
        return self.run(self.http.post("/graphql", content=content, headers=all_headers))

    def post_all(self, bodies: list[Any], token: str) -> list[dict[str, Any]]:
        """Send the bodies at the same time; their JSON replies in the same order."""

        async def send() -> list[dict[str, Any]]:
            headers = {"Authorization": f"Bearer {token}"}
            replies = await asyncio.gather(
                *(self.http.post("/graphql", json=body, headers=headers) for body in bodies)
            )
            return [reply.json() for reply in replies]

        return self.run(send())

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.run(self.http.get(path, **kwargs))

    def execute(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """Run a document and return the whole JSON body."""
        response = self.post({"query": query, "variables": variables or {}}, token=token)
        body: dict[str, Any] = response.json()
        return body

    def data(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """Run a document that must succeed; fails the test on any top-level error."""
        response = self.post({"query": query, "variables": variables or {}}, token=token)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result
