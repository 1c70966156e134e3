"""Documents sent by hash, in front of the GraphQL endpoint.

Two modes. Automatic persisted queries (Apollo's protocol, the default): a client sends
`extensions.persistedQuery = {version: 1, sha256Hash}` without the query; an unknown hash gets
`PersistedQueryNotFound` and the client sends the query once with its hash, which is checked and
stored (in MongoDB, so every replica knows it). Trusted documents (`GRAPHQL_TRUSTED_DOCUMENTS`):
only the documents of a manifest run, sent by hash or as text; nothing is stored. POST bodies and
GET query strings both work. The edge has already read and validated the body.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from graphql_api.http.edge import (
    Refused,
    checked_post,
    replace_checked_post,
    replay_body,
    respond,
)
from graphql_api.http.persisted.repository import PersistedQueryRepository
from graphql_api.http.persisted.trusted import digest
from graphql_api.http.refusals import refusal_body
from graphql_api.infra import metrics
from graphql_api.infra.log import current_record
from graphql_api.infra.mongo import Mongo

_HASH = re.compile(r"[0-9a-fA-F]{64}")
NOT_FOUND = "PersistedQueryNotFound"
UNTRUSTED = (
    "This server runs only its trusted documents, and this operation is not one of them: "
    "build the client with the server's manifest"
)


def _sent_hash(request: dict[str, Any]) -> str | None:
    """The document hash a request names, if any: Apollo's extension, or `documentId`."""
    document_id = request.get("documentId")
    if document_id is not None:
        if not isinstance(document_id, str):
            raise Refused(400, "BAD_REQUEST", "documentId must be a string")
        sent = document_id.removeprefix("sha256:")
        if not _HASH.fullmatch(sent):
            raise Refused(400, "BAD_REQUEST", "documentId must be sha256:<64 hex digits>")
        return sent.lower()
    extensions = request.get("extensions")
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return None
    sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if (
        not isinstance(persisted, dict)
        or persisted.get("version") != 1
        or not isinstance(sha256, str)
        or not _HASH.fullmatch(sha256)
    ):
        raise Refused(
            400, "BAD_REQUEST", "persistedQuery must be {version: 1, sha256Hash: <64 hex digits>}"
        )
    return sha256.lower()


def _checked(request: dict[str, Any], wanted: str) -> str:
    query = request.get("query")
    if not isinstance(query, str) or digest(query) != wanted:
        raise Refused(400, "BAD_REQUEST", "provided sha does not match query")
    return query


class KnownDocuments:
    """The documents this process has seen by hash, most recently used kept. A hash names its
    document for good, so a copy never goes stale; it saves a database read per request."""

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._documents: OrderedDict[str, str] = OrderedDict()

    def get(self, digest: str) -> str | None:
        document = self._documents.get(digest)
        if document is not None:
            self._documents.move_to_end(digest)
        return document

    def add(self, digest: str, document: str) -> None:
        self._documents[digest] = document
        self._documents.move_to_end(digest)
        if len(self._documents) > self._size:
            self._documents.popitem(last=False)


async def resolve_automatic(
    request: dict[str, Any], store: PersistedQueryRepository, known: KnownDocuments
) -> dict[str, Any]:
    """The request with its query in place; raises Refused for what the client must hear."""
    wanted = _sent_hash(request)
    if wanted is None:
        return request
    if request.get("query") is None:
        stored = known.get(wanted) or await store.get(wanted)
        if stored is None:
            # Apollo clients look for this message, then send the query with its hash.
            raise Refused(200, "PERSISTED_QUERY_NOT_FOUND", NOT_FOUND)
        known.add(wanted, stored)
        return {**request, "query": stored}
    query = _checked(request, wanted)
    await store.put(wanted, query)
    known.add(wanted, query)
    return request


def resolve_trusted(request: dict[str, Any], manifest: Mapping[str, str]) -> dict[str, Any]:
    """The request with its trusted document in place, or Refused: never worth a retry."""
    wanted = _sent_hash(request)
    query = request.get("query")
    if wanted is None:
        if query is None:
            return request  # nothing to run: the router says so
        wanted = digest(query) if isinstance(query, str) else ""
    elif query is not None:
        _checked(request, wanted)
    document = manifest.get(wanted)
    if document is None:
        raise Refused(400, "PERSISTED_QUERY_NOT_ALLOWED", UNTRUSTED)
    return {**request, "query": document}


class PersistedQueries:
    def __init__(
        self,
        app: ASGIApp,
        mongo: Callable[[], Mongo | None],
        trusted: Mapping[str, str] | None = None,
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.mongo = mongo
        self.trusted = trusted
        self.path = path
        self.known = KnownDocuments()
        self._store: tuple[Mongo, PersistedQueryRepository] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        resolve = self._resolver()
        if resolve is None:
            await self.app(scope, receive, send)
            return
        try:
            if scope["method"] == "POST":
                receive = await self._post(scope, receive, resolve)
            elif scope["method"] == "GET":
                scope = await self._get(scope, resolve)
        except Refused as answer:
            record = current_record()
            if record is not None:
                record.outcome = answer.code
            if answer.code == "PERSISTED_QUERY_NOT_ALLOWED":
                metrics.REJECTED.labels("untrusted").inc()
            request_id = scope.get("state", {}).get("request_id")
            await respond(
                send, answer.status, refusal_body(answer.message, answer.code, request_id)
            )
            return
        await self.app(scope, receive, send)

    def _resolver(self) -> Callable[[dict[str, Any]], Any] | None:
        if self.trusted is not None:
            manifest = self.trusted

            async def trusted(request: dict[str, Any]) -> dict[str, Any]:
                return resolve_trusted(request, manifest)

            return trusted
        mongo = self.mongo()
        if mongo is None:
            return None  # not ready: the router answers 503
        if self._store is None or self._store[0] is not mongo:
            # Built once per connection, not per request (most requests name no hash).
            self._store = (mongo, PersistedQueryRepository(mongo.db))
        store = self._store[1]
        known = self.known

        async def automatic(request: dict[str, Any]) -> dict[str, Any]:
            return await resolve_automatic(request, store, known)

        return automatic

    async def _post(
        self, scope: Scope, receive: Receive, resolve: Callable[[dict[str, Any]], Any]
    ) -> Receive:
        request = checked_post(scope)
        if request is None:
            return receive  # not a GraphQL body the edge accepted: the router answers
        resolved = await resolve(request)
        if resolved is request:
            return receive
        replace_checked_post(scope, resolved)
        await receive()  # the edge's copy of the body, which the resolved one replaces
        return replay_body(json.dumps(resolved).encode(), receive)

    async def _get(self, scope: Scope, resolve: Callable[[dict[str, Any]], Any]) -> Scope:
        params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "extensions" not in params and self.trusted is None:
            return scope
        request: dict[str, Any] = {}
        if "extensions" in params:
            try:
                request["extensions"] = json.loads(params["extensions"])
            except ValueError:
                raise Refused(400, "BAD_REQUEST", "`extensions` must be JSON") from None
        for name in ("query", "documentId"):
            if name in params:
                request[name] = params[name]
        resolved = await resolve(request)
        if "query" in resolved:
            params["query"] = resolved["query"]
        return {**scope, "query_string": urlencode(params).encode("latin-1")}
