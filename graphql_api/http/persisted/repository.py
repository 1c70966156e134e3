"""Persisted documents by SHA-256, shared by every replica; unused ones expire (TTL index)."""

from __future__ import annotations

from graphql_api.infra.mongo import Database
from graphql_api.kernel import clock

COLLECTION = "persisted_queries"


class PersistedQueryRepository:
    def __init__(self, db: Database) -> None:
        self._documents = db[COLLECTION]

    async def get(self, digest: str) -> str | None:
        doc = await self._documents.find_one({"_id": digest}, {"query": 1})
        return str(doc["query"]) if doc is not None else None

    async def put(self, digest: str, query: str) -> None:
        """Store (or refresh) a document; the caller checked that `digest` is its hash."""
        await self._documents.update_one(
            {"_id": digest}, {"$set": {"query": query, "stored_at": clock.now()}}, upsert=True
        )
