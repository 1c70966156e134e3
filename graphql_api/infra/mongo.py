"""The only place that builds a MongoDB client: Motor for a server, mongomock-motor in memory."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase
from pymongo import monitoring
from pymongo.errors import (
    ConnectionFailure,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)

from graphql_api.app.settings import Settings
from graphql_api.infra.changes import TOPICS, BroadcastingDatabase, ChangeHub, watch_collection

log = logging.getLogger(__name__)
# The driver's debug log holds whole commands, filters and documents included: traveler data.
# It stays off whatever LOG_LEVEL says.
logging.getLogger("pymongo").setLevel(logging.INFO)

# Repositories type their handle with this alias so a driver change stays in this module.
Database = AsyncIOMotorDatabase[dict[str, Any]]

PING_TIMEOUT_SECONDS = 2.0
# What clients are told to wait when the database cannot be reached.
RETRY_AFTER_SECONDS = 2


def timed_out(error: BaseException) -> bool:
    """True when a database operation ran out of its time (MONGODB_TIMEOUT_MS) once under way;
    finding no server at all is `unreachable` instead."""
    return (
        isinstance(error, PyMongoError)
        and error.timeout
        and not isinstance(error, ServerSelectionTimeoutError)
    )


def unreachable(error: BaseException) -> bool:
    """True for driver errors that mean the server could not be reached (the same request may
    succeed later)."""
    return isinstance(error, ConnectionFailure) and not timed_out(error)


# A change event as the fan-out needs it: the routing fields, nothing of a traveler's data.
_STREAM_PIPELINE: list[dict[str, Any]] = [
    {"$match": {"operationType": {"$in": ["insert", "update", "replace", "invalidate"]}}},
    {"$project": {"operationType": 1, "fullDocument.traveler_id": 1, "fullDocument.plan_id": 1}},
]


# While the database is known away, a request waits at most this for a shared probe.
PROBE_SECONDS = 0.4


class Reachability(monitoring.TopologyListener):
    """Whether the database can take writes now: one signal for the whole process, kept by the
    driver's own monitoring (a failed operation or heartbeat marks the server unknown at once,
    and a later heartbeat finds it back)."""

    def __init__(self) -> None:
        self.down = False

    def opened(self, event: monitoring.TopologyOpenedEvent) -> None:
        pass

    def description_changed(self, event: monitoring.TopologyDescriptionChangedEvent) -> None:
        previous = event.previous_description.has_writable_server()
        now = event.new_description.has_writable_server()
        if previous and not now:
            self.down = True
        elif now:
            self.down = False

    def closed(self, event: monitoring.TopologyClosedEvent) -> None:
        pass


@dataclass
class Mongo:
    """An open client and the database the API uses, and who hears of its writes."""

    client: Any
    db: Database
    embedded: bool
    changes: ChangeHub = field(default_factory=ChangeHub)
    reachability: Reachability = field(default_factory=Reachability)
    _followers: list[asyncio.Task[None]] = field(default_factory=list)
    _probe: asyncio.Future[bool] | None = None

    async def available(self) -> bool:
        """False within PROBE_SECONDS while the database is known away, instead of each request
        retrying until its operation timeout. While it is away one probe runs at a time and is
        never cut short, so the driver keeps looking for the server and the probe ends as soon
        as it answers; a request waits for it at most PROBE_SECONDS."""
        if self.embedded or not self.reachability.down:
            return True
        if self._probe is None or self._probe.done():
            self._probe = asyncio.ensure_future(self._look())
        try:
            return await asyncio.wait_for(asyncio.shield(self._probe), PROBE_SECONDS)
        except TimeoutError:
            return False

    async def _look(self) -> bool:
        try:
            await self.db.command("ping")
        except Exception:  # noqa: BLE001 - any failure means "still away"
            return False
        self.reachability.down = False
        return True

    def follow_changes(self) -> None:
        """One change stream per watched collection for this process (a server only: the
        embedded store tells the hub of each write itself)."""
        if self.embedded or self._followers:
            return
        for name in TOPICS:

            def open_stream(token: dict[str, Any] | None, name: str = name) -> Any:
                return self.db[name].watch(
                    _STREAM_PIPELINE, full_document="updateLookup", resume_after=token
                )

            self._followers.append(
                asyncio.create_task(
                    watch_collection(
                        open_stream, name, self.changes, self.changes.everything_changed, _lost
                    )
                )
            )

    async def stop_following(self) -> None:
        for task in self._followers:
            task.cancel()
        for task in self._followers:
            with suppress(asyncio.CancelledError):
                await task
        self._followers.clear()

    async def ping(self, within: float = PING_TIMEOUT_SECONDS) -> bool:
        """True when the server answers a ping within the timeout."""
        try:
            await asyncio.wait_for(self.db.command("ping"), within)
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return False
        return True

    def close(self) -> None:
        self.client.close()


def embedded_mongo(db_name: str = "travel") -> Mongo:
    """An in-memory store; data is lost when the process exits."""
    from mongomock_motor import AsyncMongoMockClient

    client: Any = AsyncMongoMockClient(tz_aware=True)
    hub = ChangeHub()
    db: Any = BroadcastingDatabase(client[db_name], hub)
    return Mongo(client=client, db=db, embedded=True, changes=hub)


def _lost(error: BaseException) -> bool:
    """The stream cannot resume where it was (history lost, a bad token): reopen at now. A
    server out of reach is not that: the stream resumes once it answers."""
    return isinstance(error, OperationFailure)


def connect(settings: Settings) -> Mongo:
    """Open the configured MongoDB, or the embedded store when MONGODB_URI is unset."""
    if settings.mongodb_uri is None:
        log.warning(
            "MONGODB_URI is not set: using the embedded in-memory store; "
            "all data is lost when the process exits"
        )
        return embedded_mongo(settings.mongodb_db)
    reachability = Reachability()
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        settings.mongodb_uri,
        appname="graphql-api",
        event_listeners=[*command_listeners(), reachability],
        **client_options(settings),
    )
    db = client[settings.mongodb_db]
    return Mongo(client=client, db=db, embedded=False, reachability=reachability)


def command_listeners() -> list[monitoring.CommandListener]:
    """What watches every command: metrics, and traces when tracing is on."""
    from graphql_api.infra import metrics, tracing

    return [metrics.COMMAND_METRICS, *tracing.command_listeners()]


def client_options(settings: Settings) -> dict[str, Any]:
    """How the API talks to a server (tests open their clients with the same options)."""
    return {
        "tz_aware": True,
        "uuidRepresentation": "standard",
        "serverSelectionTimeoutMS": settings.mongodb_server_selection_timeout_ms,
        # Every operation ends within this, server-side too (the driver sends maxTimeMS).
        "timeoutMS": settings.mongodb_timeout_ms,
        # Acknowledged by a majority of the replica set, and retried once after a failover.
        "w": "majority",
        "retryWrites": True,
        "retryReads": True,
    }
