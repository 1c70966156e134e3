"""create_app(settings): the FastAPI app; its lifespan opens, migrates and closes MongoDB."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL

from graphql_api.app.lifespan import prepare, tune_gc
from graphql_api.app.refusals import DatabaseUnavailable, refusal, refusal_handler
from graphql_api.app.schema import build_schema
from graphql_api.app.settings import ConfigError, Settings, load_settings
from graphql_api.graphql.auth import (
    AuthenticationFailed,
    AuthUnavailable,
    TokenVerifier,
    bearer_token,
)
from graphql_api.graphql.context import Context
from graphql_api.graphql.limits import Limits
from graphql_api.graphql.ratelimit import RateLimiter
from graphql_api.http import ide
from graphql_api.http.direct_post import DirectPost
from graphql_api.http.edge import EdgeLimits, RequestEdge
from graphql_api.http.negotiation import wants_event_stream
from graphql_api.http.persisted.middleware import PersistedQueries
from graphql_api.http.persisted.trusted import ManifestError, load_manifest
from graphql_api.http.refusals import STATUS_CODES, refusal_body, refusal_response
from graphql_api.infra import metrics
from graphql_api.infra.log import current_record, hashed_traveler
from graphql_api.infra.mongo import Mongo, connect

log = logging.getLogger(__name__)


CORS_MAX_AGE_SECONDS = 600


async def _close_expired(websocket: Any) -> None:
    with suppress(Exception):  # already closed
        await websocket.close(code=4403, reason="token expired; reconnect with a fresh one")


def limits_of(settings: Settings) -> Limits:
    return Limits(
        max_query_bytes=settings.graphql_max_query_bytes,
        max_fragments=settings.graphql_max_fragments,
        max_spreads=settings.graphql_max_spreads,
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_tokens=settings.graphql_max_tokens,
        max_nodes=settings.graphql_max_nodes,
        max_selections=settings.graphql_max_selections,
        max_field_pairs=settings.graphql_max_field_pairs,
    )


def trusted_documents(settings: Settings) -> Mapping[str, str] | None:
    if settings.graphql_trusted_documents is None:
        return None
    try:
        return load_manifest(settings.graphql_trusted_documents)
    except ManifestError as exc:
        raise ConfigError(f"GRAPHQL_TRUSTED_DOCUMENTS: {exc}") from None


def create_app(settings: Settings | None = None, *, mongo: Mongo | None = None) -> FastAPI:
    """Build the app. With `mongo` given, the caller owns that connection (tests do this)."""
    settings = settings or load_settings()
    settings.ensure_safe()
    verifier = TokenVerifier(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tune_gc()
        given: Mongo | None = app.state.mongo
        if given is not None:  # the caller's connection, prepared by the caller
            given.follow_changes()
            yield
            await given.stop_following()
            return
        opened = connect(settings)
        app.state.mongo = opened
        metrics_server = (
            metrics.serve_on_port(settings.metrics_port, settings.host)
            if settings.metrics_on and settings.metrics_port is not None
            else None
        )
        # A server may be away: the app starts anyway and becomes ready once it has migrated.
        # The embedded store is always there, so it is prepared before serving.
        preparing: asyncio.Task[None] | None = None
        if opened.embedded:
            await prepare(app, opened)
        else:
            preparing = asyncio.create_task(prepare(app, opened))
        try:
            yield
        finally:
            if preparing is not None:
                preparing.cancel()
                with suppress(asyncio.CancelledError):
                    await preparing
            app.state.mongo = None
            app.state.ready = False
            await opened.stop_following()
            opened.close()
            if metrics_server is not None:
                metrics_server.shutdown()
                metrics_server.server_close()

    app = FastAPI(
        title="Travel persistence API",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.mongo = mongo
    app.state.ready = mongo is not None
    app.state.settings = settings

    async def get_context(request: HTTPConnection) -> Context:
        sent = request.headers.getlist("authorization")
        if len(sent) > 1:
            raise AuthenticationFailed("send exactly one Authorization header")
        token = bearer_token(sent[0] if sent else None)
        # A WebSocket authenticates in its connection_init (ApiRouter.on_ws_connect).
        if not request.app.state.ready and request.scope["type"] == "http":
            raise DatabaseUnavailable("The service is starting: the database is not ready yet")
        current: Mongo = request.app.state.mongo
        if request.scope["type"] == "http" and not await current.available():
            raise DatabaseUnavailable("The database cannot be reached; retry shortly")
        traveler = await verifier.verify(token) if token is not None else None
        record = current_record()
        if record is not None and traveler is not None:
            record.traveler = hashed_traveler(traveler.id)
        return Context(
            db=current.db,
            settings=settings,
            traveler=traveler,
            request_id=getattr(request.state, "request_id", "-"),
            client_address=request.client.host if request.client else None,
            changes=current.changes,
            over_socket=request.scope["type"] == "websocket",
            streaming=wants_event_stream(request.headers.get("accept")),
        )

    trusted = trusted_documents(settings)
    schema = build_schema(
        trusted=frozenset(trusted.values()) if trusted is not None else None,
        introspection=settings.introspection_enabled,
        suggestions=settings.suggestions_enabled,
        fast_paths=settings.graphql_fast_paths,
        limits=limits_of(settings),
        limiter=(
            RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)
            if settings.rate_limit_per_second > 0
            else None
        ),
    )
    graphql = ApiRouter(
        schema,
        verifier,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.ide_enabled else None,
        # graphql-transport-ws (graphql-ws, Apollo, urql) and GraphQL over SSE; not the legacy
        # `graphql-ws` subprotocol.
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL),
        connection_init_wait_timeout=timedelta(seconds=settings.subscription_init_seconds),
        allowed_origins=list(settings.allowed_origins),
    )
    app.include_router(graphql, prefix="/graphql")
    if settings.ide_enabled:
        if not ide.built():
            log.warning(
                "GraphiQL assets are not built, so the page loads them from a public CDN; "
                "build them once with scripts/build-graphiql (needs Node.js and npm)"
            )

        @app.get(ide.PREFIX + "/{name}", include_in_schema=False)
        async def ide_asset(name: str) -> Response:
            path = ide.asset_path(name)
            if path is None:
                return refusal_response(404, "No such asset", "NOT_FOUND")
            return FileResponse(
                path,
                media_type=ide.MEDIA_TYPES[path.suffix],
                headers={"Cache-Control": "public, max-age=3600"},
            )

    for refused in (AuthenticationFailed, AuthUnavailable, DatabaseUnavailable):
        app.add_exception_handler(refused, refusal_handler)

    @app.exception_handler(StarletteHTTPException)
    async def _routing_refusal(_request: Request, exc: StarletteHTTPException) -> Response:
        # An unknown path or method: the same refusal body as every other, not {"detail": ...}.
        code = STATUS_CODES.get(exc.status_code, "BAD_REQUEST")
        return refusal_response(exc.status_code, str(exc.detail), code, exc.headers)

    if settings.metrics_on and settings.metrics_port is None:

        @app.get("/metrics", include_in_schema=False)
        async def prometheus_metrics() -> Response:
            body, media_type = metrics.exposition()
            return Response(body, media_type=media_type)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        current: Mongo | None = request.app.state.mongo
        if (
            current is not None
            and request.app.state.ready
            and await current.available()
            and await current.ping()
        ):
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "unavailable"}, status_code=503)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, _exc: Exception) -> Response:
        # The edge logs it with its traceback; the client gets the masked error and the id.
        request_id = getattr(request.state, "request_id", None)
        body = refusal_body("Internal server error", "INTERNAL_SERVER_ERROR", request_id)
        return Response(body, status_code=500, media_type="application/json")

    # Inside the edge: bodies arrive read, bounded and validated. Ordinary POSTs are executed
    # here; the rest (GET, GraphiQL, streaming) goes on to the router.
    app.add_middleware(DirectPost, schema=schema, context_for=get_context, refusal=refusal)
    app.add_middleware(
        PersistedQueries,
        mongo=lambda: app.state.mongo if app.state.ready else None,
        trusted=trusted,
    )
    app.add_middleware(
        RequestEdge,
        limits=EdgeLimits(
            max_body_bytes=settings.http_max_body_bytes,
            body_timeout_seconds=settings.http_body_timeout_seconds,
            request_timeout_seconds=settings.http_request_timeout_seconds,
        ),
    )
    # Outermost, so that the edge's own refusals (413, 400, ...) reach pages on other origins.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.allowed_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
        max_age=CORS_MAX_AGE_SECONDS,
    )
    return app


class ApiRouter(GraphQLRouter[Context, None]):
    """The GraphQL router; a mutation sent over GET is 405 (the edge adds `Allow: POST`), and
    GraphiQL comes from this API's own assets once they are built. A WebSocket authenticates
    with its connection_init payload `{"Authorization": "Bearer ..."}` and is closed (4403, which
    clients retry with a fresh token) when its token expires."""

    def __init__(self, schema: Any, verifier: TokenVerifier, **options: Any) -> None:
        super().__init__(schema, **options)
        self.verifier = verifier

    async def on_ws_connect(self, context: Context) -> Any:
        params = context.connection_params
        sent = params.get("Authorization") if isinstance(params, dict) else None
        try:
            token = bearer_token(sent) if isinstance(sent, str) else None
            if token is not None:
                context.traveler = await self.verifier.verify(token)
        except (AuthenticationFailed, AuthUnavailable):
            raise ConnectionRejectionError() from None
        if context.traveler is None:
            raise ConnectionRejectionError()
        websocket = context.request
        delay = max(0.0, context.traveler.expires_at - time.time())
        if math.isfinite(delay):
            asyncio.get_running_loop().call_later(
                delay, lambda: asyncio.ensure_future(_close_expired(websocket))
            )
        return None

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        if not ide.built():
            return await super().render_graphql_ide(request)
        return HTMLResponse(
            ide.page(), headers={"Content-Security-Policy": ide.CONTENT_SECURITY_POLICY}
        )

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().execute_operation(*args, **kwargs)
        except Exception as error:
            # The router turns its HTTP exception into a plain-text answer with this status.
            if isinstance(error.__cause__, InvalidOperationTypeError):
                error.status_code = 405  # type: ignore[attr-defined]
            raise
