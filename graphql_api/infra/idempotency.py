"""One mechanism for idempotency keys: a retried mutation returns its first result, once.

A key is claimed by inserting `(traveler_id, key)` under a unique index, so two racing requests
cannot both run. The winner stores its result; later requests with the same key and the same input
get that result back, while a different input is IDEMPOTENCY_KEY_REUSED. A claim whose request died
is taken over after its lease (at once when it failed unexpectedly), with the same claim id, so
operations must tolerate a re-run: they mark and recognise their own effects by that id, in the
same write as the effect (`record`, kept for the key's whole lifetime: see applied.py).
Keys expire 24 h after first use (a TTL index removes them; reads ignore expired ones sooner).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from graphql_api.infra import metrics
from graphql_api.infra.mongo import Database
from graphql_api.kernel import clock
from graphql_api.kernel.applied import SETTLE_ABOVE, Applied, AppliedEntry, kept, recent
from graphql_api.kernel.errors import DomainError, IdempotencyKeyReused, Unavailable
from graphql_api.kernel.idempotency import Fingerprint

log = logging.getLogger(__name__)

COLLECTION = "idempotency_keys"
KEY_LIFETIME = timedelta(hours=24)
LEASE = timedelta(seconds=30)
WAIT_FOR_OTHER_SECONDS = 5.0
POLL_SECONDS = 0.05

Result = dict[str, Any]


class IdempotencyStore:
    """Runs an operation at most once per (traveler, key)."""

    def __init__(self, db: Database, traveler_id: str) -> None:
        self._keys = db[COLLECTION]
        self._traveler_id = traveler_id

    async def run(
        self,
        key: str | None,
        fingerprint: Fingerprint,
        action: Callable[[str | None], Awaitable[Result]],
    ) -> tuple[Result, bool]:
        """Return (result, replayed). Without a key the action simply runs.

        The action gets the claim id: the same for every attempt under one key (a takeover
        included) and new once the key expired, so it can mark and recognise its own effects.
        """
        if key is None:
            return await action(None), False
        digest = fingerprint.digest()
        waited = 0.0
        while True:
            token = uuid.uuid4().hex
            claim_id = await self._claim(key, digest, token)
            if claim_id is not None:
                return await self._run_claimed(key, token, claim_id, action), False
            record = await self._keys.find_one({"traveler_id": self._traveler_id, "key": key})
            if record is None:
                continue  # released or expired meanwhile: claim again
            now = clock.now()
            if record["created_at"] + KEY_LIFETIME <= now:
                await self._keys.delete_one({"_id": record["_id"], "token": record["token"]})
                continue
            if record["fingerprint"] not in fingerprint.accepted():
                raise IdempotencyKeyReused(
                    "This idempotency key was already used for a different request; "
                    "use a new key for a new operation"
                )
            if record["state"] == "done":
                metrics.REPLAYS.labels(fingerprint.scope).inc()
                return record["result"], True
            if record["lease_until"] <= now and await self._take_over(record, token):
                return await self._run_claimed(key, token, str(record["_id"]), action), False
            if waited >= WAIT_FOR_OTHER_SECONDS:
                raise Unavailable(
                    "A request with this idempotency key is still in progress; retry shortly"
                )
            await asyncio.sleep(POLL_SECONDS)
            waited += POLL_SECONDS

    async def record(self, applied: Applied, claim: str, result: Result) -> Applied:
        """The record a keyed write stores on its document: `applied` without the entries of
        finished or expired keys, plus this claim's result."""
        now = clock.now()
        entries = recent(applied, now, KEY_LIFETIME)
        finished: set[str] = set()
        if len(entries) > SETTLE_ABOVE:
            finished = {e.claim for e in entries} - await self._pending(e.claim for e in entries)
        return kept(entries, finished, AppliedEntry(claim, result, now))

    async def _pending(self, claims: Iterable[str]) -> set[str]:
        ids = [ObjectId(claim) for claim in claims if ObjectId.is_valid(claim)]
        cursor = self._keys.find(
            {"_id": {"$in": ids}, "traveler_id": self._traveler_id, "state": "pending"},
            {"_id": 1},
        )
        return {str(doc["_id"]) for doc in await cursor.to_list(None)}

    async def _claim(self, key: str, digest: str, token: str) -> str | None:
        now = clock.now()
        try:
            inserted = await self._keys.insert_one(
                {
                    "traveler_id": self._traveler_id,
                    "key": key,
                    "fingerprint": digest,
                    "state": "pending",
                    "token": token,
                    "created_at": now,
                    "lease_until": now + LEASE,
                }
            )
        except DuplicateKeyError:
            return None
        return str(inserted.inserted_id)

    async def _take_over(self, record: dict[str, Any], token: str) -> bool:
        now = clock.now()
        result = await self._keys.update_one(
            {"_id": record["_id"], "token": record["token"], "state": "pending"},
            {"$set": {"token": token, "lease_until": now + LEASE}},
        )
        return result.modified_count == 1

    async def _run_claimed(
        self,
        key: str,
        token: str,
        claim_id: str,
        action: Callable[[str | None], Awaitable[Result]],
    ) -> Result:
        owner = {"traveler_id": self._traveler_id, "key": key, "token": token}
        try:
            result = await action(claim_id)
            await self._keys.update_one(owner, {"$set": {"state": "done", "result": result}})
        except DomainError:
            # A typed error wrote nothing: free the key so a corrected retry runs afresh.
            await self._keys.delete_one(owner)
            raise
        except Exception:
            # Anything else, the final write included, may have left part of the work done.
            # End the lease now so a retry takes the claim over at once and, with the same
            # claim id, finds or finishes that work.
            await self._release(owner)
            raise
        return result

    async def _release(self, owner: dict[str, Any]) -> None:
        try:
            await self._keys.update_one(owner, {"$set": {"lease_until": clock.now()}})
        except Exception:  # noqa: BLE001 - the first failure is the one to report
            log.warning("could not end an idempotency lease; it ends by itself in %s", LEASE)
