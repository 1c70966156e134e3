"""Apollo's automatic persisted queries, in front of the GraphQL endpoint.

A client sends `extensions.persistedQuery = {version: 1, sha256Hash}` without the query; an unknown
hash gets `PersistedQueryNotFound` and the client sends the query once with its hash, which is
checked and stored (in MongoDB, so every replica knows it). POST bodies and GET query strings
both work. The edge has already read and validated the body.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from graphql_api.db import Mongo
from graphql_api.http_edge import Refused, error_body, replay_body, respond
from graphql_api.persisted.repository import PersistedQueryRepository

_HASH = re.compile(r"[0-9a-fA-F]{64}")
NOT_FOUND = "PersistedQueryNotFound"


def digest(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()


async def resolve(request: dict[str, Any], store: PersistedQueryRepository) -> dict[str, Any]:
    """The request with its query in place; raises Refused for what the client must hear."""
    extensions = request.get("extensions")
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return request
    sent = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if (
        not isinstance(persisted, dict)
        or persisted.get("version") != 1
        or not isinstance(sent, str)
        or not _HASH.fullmatch(sent)
    ):
        raise Refused(
            400, "BAD_REQUEST", "persistedQuery must be {version: 1, sha256Hash: <64 hex digits>}"
        )
    wanted = sent.lower()
    query = request.get("query")
    if query is None:
        stored = await store.get(wanted)
        if stored is None:
            # Apollo clients look for this message, then send the query with its hash.
            raise Refused(200, "PERSISTED_QUERY_NOT_FOUND", NOT_FOUND)
        return {**request, "query": stored}
    if not isinstance(query, str) or digest(query) != wanted:
        raise Refused(400, "BAD_REQUEST", "provided sha does not match query")
    await store.put(wanted, query)
    return request


class PersistedQueries:
    def __init__(
        self, app: ASGIApp, mongo: Callable[[], Mongo | None], path: str = "/graphql"
    ) -> None:
        self.app = app
        self.mongo = mongo
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        mongo = self.mongo()
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path or mongo is None:
            await self.app(scope, receive, send)
            return
        store = PersistedQueryRepository(mongo.db)
        try:
            if scope["method"] == "POST":
                receive = await self._post(receive, store)
            elif scope["method"] == "GET":
                scope = await self._get(scope, store)
        except Refused as answer:
            request_id = scope.get("state", {}).get("request_id")
            await respond(send, answer.status, error_body(answer.message, answer.code, request_id))
            return
        await self.app(scope, receive, send)

    async def _post(self, receive: Receive, store: PersistedQueryRepository) -> Receive:
        message = await receive()
        body = message.get("body", b"")
        try:
            request = json.loads(body)
        except ValueError:
            request = None
        if isinstance(request, dict):
            resolved = await resolve(request, store)
            if resolved is not request:
                body = json.dumps(resolved).encode()
        return replay_body(body, receive)

    async def _get(self, scope: Scope, store: PersistedQueryRepository) -> Scope:
        pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        params = dict(pairs)
        if "extensions" not in params:
            return scope
        try:
            extensions = json.loads(params["extensions"])
        except ValueError:
            raise Refused(400, "BAD_REQUEST", "`extensions` must be JSON") from None
        request: dict[str, Any] = {"extensions": extensions}
        if "query" in params:
            request["query"] = params["query"]
        resolved = await resolve(request, store)
        params["query"] = resolved["query"] if "query" in resolved else params.get("query", "")
        return {**scope, "query_string": urlencode(params).encode("latin-1")}
