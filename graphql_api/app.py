"""create_app(settings): the FastAPI app; its lifespan opens, migrates and closes MongoDB."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.fastapi import GraphQLRouter

from graphql_api.auth import AuthenticationFailed, AuthUnavailable, TokenVerifier, bearer_token
from graphql_api.catalog.seed import seed_demo
from graphql_api.context import Context
from graphql_api.db import Mongo, connect
from graphql_api.limits import Limits
from graphql_api.log import request_id_var
from graphql_api.migrations import migrate
from graphql_api.schema import build_schema
from graphql_api.settings import Settings, load_settings

log = logging.getLogger(__name__)

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Tags each request with an id (the client's X-Request-ID when sane) for logs and replies."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


def _graphql_error_response(status: int, message: str, code: str, **headers: str) -> JSONResponse:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers)


def limits_of(settings: Settings) -> Limits:
    return Limits(
        max_query_bytes=settings.graphql_max_query_bytes,
        max_fragments=settings.graphql_max_fragments,
        max_spreads=settings.graphql_max_spreads,
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_tokens=settings.graphql_max_tokens,
        max_nodes=settings.graphql_max_nodes,
    )


def create_app(settings: Settings | None = None, *, mongo: Mongo | None = None) -> FastAPI:
    """Build the app. With `mongo` given, the caller owns that connection (tests do this)."""
    settings = settings or load_settings()
    settings.ensure_safe()
    verifier = TokenVerifier(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.mongo is not None:
            yield
            return
        opened = connect(settings)
        applied = await migrate(opened)
        if applied:
            log.info("applied migrations %s", applied)
        if opened.embedded:
            count = await seed_demo(opened.db)
            log.info("seeded %d demo services into the embedded store", count)
        app.state.mongo = opened
        try:
            yield
        finally:
            app.state.mongo = None
            opened.close()

    app = FastAPI(
        title="Travel persistence API",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.mongo = mongo
    app.state.settings = settings

    async def get_context(request: Request) -> Context:
        token = bearer_token(request.headers.get("authorization"))
        traveler = await verifier.verify(token) if token is not None else None
        current: Mongo = request.app.state.mongo
        return Context(
            db=current.db,
            settings=settings,
            traveler=traveler,
            request_id=getattr(request.state, "request_id", "-"),
        )

    graphql = GraphQLRouter(
        build_schema(introspection=settings.introspection_enabled, limits=limits_of(settings)),
        context_getter=get_context,
        graphql_ide="graphiql" if settings.ide_enabled else None,
    )
    app.include_router(graphql, prefix="/graphql")

    @app.exception_handler(AuthenticationFailed)
    async def _invalid_token(_request: Request, exc: AuthenticationFailed) -> JSONResponse:
        log.info("rejected bearer token: %s", exc)
        return _graphql_error_response(
            401,
            f"Invalid bearer token: {exc}",
            "UNAUTHENTICATED",
            **{"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )

    @app.exception_handler(AuthUnavailable)
    async def _auth_unavailable(_request: Request, exc: AuthUnavailable) -> JSONResponse:
        return _graphql_error_response(503, str(exc), "UNAVAILABLE", **{"Retry-After": "5"})

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        current: Mongo | None = request.app.state.mongo
        if current is not None and await current.ping():
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "unavailable"}, status_code=503)

    app.add_middleware(RequestIdMiddleware)
    return app
